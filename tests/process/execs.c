/* execve and execveat in their forms, and "#!" scripts whose interpreter
 * is this program; each exec runs in a fork child and the parent prints
 * how it went. Usage: execs SELF_DIR SELF_NAME */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Runs exec in a child: prints the child's output and exit status, or the
 * errno of a failed exec. */
static void try(const char *what, int dirfd, const char *path, int flags)
{
	int pipefd[2];
	char *argv[] = { "execs", "child", (char *)what, NULL };

	fflush(stdout);
	if (pipe(pipefd) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		long r = dirfd == -2 ? execve(path, argv, environ) : execveat(dirfd, path, argv, environ, flags);
		int err = r < 0 ? errno : 0;
		if (write(pipefd[1], &err, sizeof err) != sizeof err)
			_exit(99);
		_exit(100);
	}
	close(pipefd[1]);
	int err = 0, status;
	ssize_t n = read(pipefd[0], &err, sizeof err);
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	if (n == sizeof err)
		printf("%s: %s\n", what, strerror(err));
	else
		printf("%s: exit %d\n", what, WEXITSTATUS(status));
}

/* An executable "#!INTERP child" script, padded with blanks. */
static void write_script(const char *name, const char *interp)
{
	FILE *f = fopen(name, "w");

	if (f) {
		fprintf(f, "#! %s \t child \t\n", interp);
		fclose(f);
	}
	chmod(name, 0755);
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "child")) {
		printf("  child runs (%s)\n", argv[argc - 1]);
		/* a script's interpreter: argv[0] as the script names it, its
		 * argument ("child"), the script, then the script's argv[1..] */
		if (argc == 5)
			printf("  as the interpreter of %s, argv[0] %s\n", basename(argv[2]),
			       strchr(argv[0], '/') ? "a path" : argv[0]);
		return 7;
	}
	if (argc != 3)
		return 2;
	int dir = open(argv[1], O_RDONLY | O_DIRECTORY);
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", argv[1], argv[2]);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	try("execve", -2, path, 0);
	try("execve of a missing file", -2, "/nonexistent/xlift-test", 0);
	try("execve of a directory", -2, argv[1], 0);
	try("execve of a host program", -2, "/bin/true", 0);
	try("execveat relative to a directory", dir, argv[2], 0);
	try("execveat with AT_FDCWD", AT_FDCWD, path, 0);
	try("execveat of an fd (fexecve)", fd, "", AT_EMPTY_PATH);
	try("execveat of a missing name", dir, "no-such-file", 0);
	try("execveat, empty path without AT_EMPTY_PATH", fd, "", 0);

	char script[4096 + 16], missing[4096 + 16];
	snprintf(script, sizeof script, "%s/script", argv[1]);
	snprintf(missing, sizeof missing, "%s/missing", argv[1]);
	write_script(script, path);
	write_script(missing, "/nonexistent/xlift-test");
	try("execve of a script", -2, script, 0);
	try("execve of a script whose interpreter is missing", -2, missing, 0);
	return 0;
}
