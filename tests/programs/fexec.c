/* Runs a program the way fexecve does, as /dev/fd/N:
 * fexec keep|cloexec PATH ARGV0 ARGS... */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	int fd;

	if (argc < 4)
		return 2;
	fd = open(argv[2], O_RDONLY | (strcmp(argv[1], "cloexec") == 0 ? O_CLOEXEC : 0));
	if (fd < 0) {
		perror(argv[2]);
		return 127;
	}
	fexecve(fd, argv + 3, environ);
	perror("fexecve");
	return 127;
}
