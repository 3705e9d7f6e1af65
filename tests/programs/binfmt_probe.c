/* Prints what a program can see of how it was started, for the binfmt
 * tests: argv, AT_EXECFN, /proc/self/exe, AT_FLAGS, AT_SECURE, the user
 * and group IDs, and the descriptors open above stderr. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

static void print_open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *d;

	printf("fds above 2:");
	while (dir && (d = readdir(dir))) {
		int fd = atoi(d->d_name);

		if (fd > 2 && fd != dirfd(dir))
			printf(" %d", fd);
	}
	printf("\n");
	if (dir)
		closedir(dir);
}

int main(int argc, char **argv)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	printf("execfn=%s\n", (const char *)getauxval(AT_EXECFN));
	exe[n > 0 ? n : 0] = 0;
	printf("exe=%s\n", exe);
	printf("flags=%lu secure=%lu\n", getauxval(AT_FLAGS), getauxval(AT_SECURE));
	printf("uid=%d euid=%d gid=%d egid=%d\n", (int)getuid(), (int)geteuid(),
	       (int)getgid(), (int)getegid());
	print_open_fds();
	return 0;
}
