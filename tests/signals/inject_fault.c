/* Makes xlift itself fault, as a bug inside xlift would, to see that the
 * fault is never taken for the guest's. A host program (not a guest):
 *   inject_fault XLIFT PROGRAM ARGS...
 * runs XLIFT PROGRAM ARGS with a pipe on fd 3 and stdin a pipe that stays
 * empty. Once the guest writes a byte to fd 3 (its SIGSEGV handler is
 * installed, and it goes on to block in read), its thread is stopped with
 * ptrace and resumed at the first page of xlift's image, which holds no
 * code: a fault at a host pc inside xlift. Exits as the child did (128 +
 * signal when it was killed), or 77 when the host or ptrace does not allow
 * the injection. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define CANNOT 77

/* Where the first mapping of the file at path starts in process pid. */
static unsigned long image_start(pid_t pid, const char *path)
{
	char maps[64], line[4096], file[4096];
	unsigned long start, offset;
	FILE *in;

	snprintf(maps, sizeof maps, "/proc/%d/maps", pid);
	if (!(in = fopen(maps, "r")))
		return 0;
	while (fgets(line, sizeof line, in))
		if (sscanf(line, "%lx-%*x %*s %lx %*s %*s %4095s", &start, &offset, file) == 3 &&
		    offset == 0 && !strcmp(file, path)) {
			fclose(in);
			return start;
		}
	fclose(in);
	return 0;
}

#if defined(__x86_64__)
/* Resumes the stopped thread at pc; orig_rax -1 keeps the kernel from
 * restarting the syscall it was in (which would move pc back). */
static int redirect(pid_t pid, unsigned long pc)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) < 0)
		return -1;
	regs.rip = pc;
	regs.orig_rax = (unsigned long)-1;
	return (int)ptrace(PTRACE_SETREGS, pid, NULL, &regs);
}
#else
static int redirect(pid_t pid, unsigned long pc)
{
	fprintf(stderr, "inject_fault: no fault injection for this host\n");
	exit(CANNOT);
}
#endif

static int status_of(int status)
{
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	int ready[2], input[2], status;
	char byte, xlift[4096];

	if (argc < 3 || !realpath(argv[1], xlift)) {
		fprintf(stderr, "usage: inject_fault XLIFT PROGRAM ARGS...\n");
		return 2;
	}
	if (pipe(ready) < 0 || pipe(input) < 0)
		return perror("pipe"), 2;
	pid_t pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(input[1]);
		dup2(input[0], 0);
		if (ready[1] != 3)
			dup2(ready[1], 3);
		execv(argv[1], argv + 1);
		_exit(127);
	}
	close(ready[1]);
	if (read(ready[0], &byte, 1) != 1) {
		waitpid(pid, &status, 0);
		fprintf(stderr, "inject_fault: the guest never got ready\n");
		return status_of(status);
	}
	unsigned long pc = image_start(pid, xlift);
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0 || ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0) {
		perror("inject_fault: ptrace");
		kill(pid, SIGKILL);
		return CANNOT;
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status) || !pc || redirect(pid, pc) < 0) {
		fprintf(stderr, "inject_fault: cannot redirect xlift's thread\n");
		kill(pid, SIGKILL);
		return 2;
	}
	ptrace(PTRACE_DETACH, pid, NULL, NULL);
	waitpid(pid, &status, 0);
	close(input[1]);
	return status_of(status);
}
