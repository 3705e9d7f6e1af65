#include "linux/path.h"
#include "linux/linux.h"
#include "linux/proc.h"
#include "runtime/guest_mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

int xl_path_is_self_exe(const char *path)
{
	const char *entry = xl_proc_own_entry(path);

	return entry && !strcmp(entry, "exe");
}

int xl_sysroot_path(char buf[PATH_MAX], const char *sysroot, const char *path)
{
	size_t root = strlen(sysroot);

	while (root && sysroot[root - 1] == '/')
		root--;
	int len = snprintf(buf, PATH_MAX, "%.*s%s%s", (int)root, sysroot,
			   path[0] == '/' ? "" : "/", path);
	return len < PATH_MAX ? 0 : -ENAMETOOLONG;
}

static const char *under_sysroot(const char *path, char buf[PATH_MAX])
{
	struct stat st;

	if (!xl_proc.sysroot || path[0] != '/' || xl_sysroot_path(buf, xl_proc.sysroot, path))
		return path;
	return lstat(buf, &st) == 0 ? buf : path;
}

const char *xl_path_to_host(const char *path, char buf[PATH_MAX])
{
	if (xl_path_is_self_exe(path))
		return xl_proc.exe_path;
	return under_sysroot(path, buf);
}

long xl_path_from_guest(uint64_t addr, struct xl_guest_path *p)
{
	p->host = NULL;
	if (!addr)
		return 0;
	long len = xl_guest_read_str(p->guest, sizeof p->guest, addr);
	if (len < 0)
		return len;
	p->host = xl_path_to_host(p->guest, p->buf);
	return 0;
}
