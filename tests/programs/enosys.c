/* An unknown system call (number 999) returns -1 with errno ENOSYS, and
 * the program carries on. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(void)
{
	errno = 0;
	long r = syscall(999, 1, 2, 3);
	printf("syscall(999) = %ld errno=%s\n", r, strerrorname_np(errno));
	printf("still running\n");
	return 0;
}
