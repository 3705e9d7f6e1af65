/* A function entered 200,000 times: its region turns hot. With the
 * argument "fork", in a child process that the program waits for. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static __attribute__((noinline)) unsigned scramble(unsigned x)
{
	return x * 1103515245u + 12345u;
}

/* Not a leaf (it calls scramble), so each call enters its region. */
static __attribute__((noinline)) unsigned step(unsigned x)
{
	return scramble(x) ^ scramble(x >> 3);
}

int main(int argc, char **argv)
{
	unsigned x = 1;
	int status;

	if (argc > 1 && !strcmp(argv[1], "fork")) {
		pid_t child = fork();
		if (child < 0)
			return 2;
		if (child > 0)
			return waitpid(child, &status, 0) == child && WIFEXITED(status) ?
			       WEXITSTATUS(status) : 2;
	}
	for (int i = 0; i < 200000; i++)
		x = step(x);
	printf("%u\n", x);
	return 0;
}
