/* Which host file a guest path names. */
#ifndef XL_PATH_H
#define XL_PATH_H

#include <limits.h>
#include <stdint.h>

/* path as seen from sysroot, written into buf: "/usr/lib/x" under "/" or
 * "/sysroot/" is "/usr/lib/x" or "/sysroot/usr/lib/x", not "//usr/lib/x".
 * Returns 0, or -ENAMETOOLONG when it does not fit. */
int xl_sysroot_path(char buf[PATH_MAX], const char *sysroot, const char *path);

/* Whether path is /proc/self/exe or one of its aliases for this process. */
int xl_path_is_self_exe(const char *path);

/* A guest's path argument, copied in, and the host path it stands for. */
struct xl_guest_path {
	const char *host;               /* NULL when the guest passed NULL */
	char guest[PATH_MAX];
	char buf[PATH_MAX];             /* where host may point */
};

/* The host path to read for a guest's path: the guest program for
 * /proc/self/exe; for an absolute path, its copy under the sysroot when
 * that exists; else the path. May point into buf. */
const char *xl_path_to_host(const char *path, char buf[PATH_MAX]);

/* Copies the guest's path at addr in and sets p->host to the host path to
 * read for it (xl_path_to_host).
 * Returns 0, or -EFAULT or -ENAMETOOLONG as Linux's getname. A NULL path
 * stays NULL, for the host to judge (utimensat takes one). */
long xl_path_from_guest(uint64_t addr, struct xl_guest_path *p);

#endif
