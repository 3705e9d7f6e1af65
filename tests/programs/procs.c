/* Processes: pipe2 + fork, the child writing to the parent through the
 * pipe, waitpid and exit statuses (exit code, death by signal), getpid and
 * getppid, and fork + execve of another riscv64 program (argv[1], run with
 * the arguments that follow) whose output comes back through a pipe. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *what, int status)
{
	if (WIFEXITED(status))
		printf("%s: exited %d\n", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", what, WTERMSIG(status));
	else
		printf("%s: status %#x\n", what, status);
}

int main(int argc, char **argv)
{
	int p[2], status;
	char buf[256];

	if (pipe(p) != 0)
		return 1;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		snprintf(buf, sizeof(buf), "child: ppid is parent: %d, pid differs: %d\n",
			 getppid() == parent, getpid() != parent);
		write(p[1], buf, strlen(buf));
		_exit(3);
	}
	close(p[1]);
	ssize_t n = read(p[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("from pipe: %s", buf);
	close(p[0]);
	printf("waitpid returns the child: %d\n", waitpid(pid, &status, 0) == pid);
	report("child 1", status);

	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	report("child 2", status);

	pid = fork();
	if (pid == 0)
		raise(SIGTERM);
	waitpid(pid, &status, 0);
	report("child 3", status);

	if (argc > 1) {
		if (pipe(p) != 0)
			return 1;
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			dup2(p[1], 1);
			close(p[0]);
			close(p[1]);
			execv(argv[1], argv + 1);
			perror("execv");
			_exit(127);
		}
		close(p[1]);
		FILE *f = fdopen(p[0], "r");
		while (fgets(buf, sizeof(buf), f))
			printf("exec'd child says: %s", buf);
		fclose(f);
		waitpid(pid, &status, 0);
		report("exec'd child", status);
	}
	return 0;
}
