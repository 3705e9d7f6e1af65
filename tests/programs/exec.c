/* Replaces itself with another program: execve(argv[1], argv + 1). */
#include <stdio.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	printf("exec %s\n", argv[1]);
	fflush(stdout);
	execve(argv[1], argv + 1, environ);
	perror("execve");
	return 127;
}
