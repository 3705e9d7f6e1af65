/* Identity of the system as the guest sees it: uname machine, getrandom
 * (fills the buffer, two calls differ), readlink("/proc/self/exe") naming
 * this program (same basename as argv[0]), getpid/getppid/gettid,
 * getuid/geteuid consistent, getrlimit(RLIMIT_STACK), sysinfo, sysconf. */
#define _GNU_SOURCE
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct utsname u;
	unsigned char r1[32], r2[32];
	char exe[4096];

	uname(&u);
	printf("uname machine: %s\n", u.machine);
	printf("uname sysname: %s\n", u.sysname);
	printf("getrandom: %zd %zd\n", getrandom(r1, sizeof(r1), 0), getrandom(r2, sizeof(r2), 0));
	printf("two getrandom results differ: %d\n", memcmp(r1, r2, sizeof(r1)) != 0);
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	printf("/proc/self/exe is absolute: %d\n", exe[0] == '/');
	printf("/proc/self/exe basename == argv[0] basename: %d\n",
	       strcmp(basename(exe), basename(argv[0])) == 0);
	printf("pid > 1: %d, ppid > 0: %d, gettid == pid: %d\n", getpid() > 1, getppid() > 0,
	       gettid() == getpid());
	printf("uid == euid: %d\n", getuid() == geteuid());
	/* each call before the printf reading its result: argument order is
	 * unspecified (x86-64's gcc reads the struct first) */
	struct rlimit rl;
	int rc = getrlimit(RLIMIT_STACK, &rl);
	printf("getrlimit stack: %d, cur > 0: %d\n", rc, rl.rlim_cur > 0);
	struct sysinfo si;
	rc = sysinfo(&si);
	printf("sysinfo: %d, has memory: %d\n", rc, si.totalram > 0);
	printf("page size: %ld\n", sysconf(_SC_PAGESIZE));
	printf("argc=%d\n", argc);
	return 0;
}
