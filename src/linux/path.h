/* Which host file a guest path names. */
#ifndef XL_PATH_H
#define XL_PATH_H

#include <limits.h>

/* Whether path is /proc/self/exe or one of its aliases for this process. */
int xl_path_is_self_exe(const char *path);

/* The host path to read for a guest path: the guest program for
 * /proc/self/exe; for an absolute path, its copy under the sysroot when
 * that exists; else path itself. Returns path, buf or the exe path. */
const char *xl_path_for_read(const char *path, char buf[PATH_MAX]);

#endif
