/* posix_spawn, vfork and system as glibc implements them: the child runs
 * in the parent's memory until it execs, and reports an exec failure
 * there. Usage: spawn SELF NOEXEC (SELF: this program, run again as a
 * child; NOEXEC: a copy of it without execute permission). */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void report_child(const char *what, pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		printf("%s: waitpid: %s\n", what, strerror(errno));
	else if (WIFEXITED(status))
		printf("%s: exit %d\n", what, WEXITSTATUS(status));
	else
		printf("%s: signal %d\n", what, WTERMSIG(status));
}

static void spawn(const char *what, const char *path, char *const argv[])
{
	pid_t pid;
	int err = posix_spawn(&pid, path, NULL, NULL, argv, environ);

	if (err)
		printf("%s: posix_spawn: %s\n", what, strerror(err));
	else
		report_child(what, pid);
}

static void spawnp(const char *what, const char *file, char *const argv[])
{
	pid_t pid;
	int err = posix_spawnp(&pid, file, NULL, NULL, argv, environ);

	if (err)
		printf("%s: posix_spawnp: %s\n", what, strerror(err));
	else
		report_child(what, pid);
}

/* A vfork child writes into the parent's memory before it exits. */
static void check_vfork(void)
{
	static volatile int written;
	pid_t pid = vfork();

	if (pid == 0) {
		written = 1234;
		_exit(5);
	}
	report_child("vfork", pid);
	printf("vfork: parent sees %d\n", written);
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "child")) {
		printf("child says %s\n", argv[2]);
		return atoi(argv[2]);
	}
	if (argc < 3)
		return 2;
	fflush(stdout);
	spawn("guest child", argv[1], (char *[]){ argv[1], "child", "3", NULL });
	fflush(stdout);
	spawn("missing program", "/nonexistent/program", (char *[]){ "program", NULL });
	spawn("not executable", argv[2], (char *[]){ argv[2], "child", "4", NULL });
	spawnp("host program from PATH", "true", (char *[]){ "true", NULL });
	spawnp("missing from PATH", "no-such-program-xlift", (char *[]){ "x", NULL });
	check_vfork();
	fflush(stdout);
	printf("system: %d\n", WEXITSTATUS(system("exit 9")));
	return 0;
}
