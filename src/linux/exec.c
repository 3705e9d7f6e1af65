/* execve and execveat: a guest program is started by a new xlift, so exec
 * works without binfmt_misc; anything else is the host's to run, and so is
 * everything when binfmt_misc started xlift (xl_proc.self_path is NULL). */
#include "config.h"
#include "linux/syscall.h"
#include "linux/path.h"
#include "loader/loader.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static size_t count_args(char *const *argv)
{
	size_t n = 0;

	while (argv && argv[n])
		n++;
	return n;
}

/* xlift [--strace] [-L sysroot] -0 argv0 path argv[1..] */
static long exec_xlift(const char *path, char *const *argv, char *const *envp)
{
	size_t argc = count_args(argv), n = 0;
	const char **args = malloc((argc + 8) * sizeof *args);

	if (!args)
		return -ENOMEM;
	args[n++] = xl_proc.self_path;
	if (xl_proc.strace)
		args[n++] = "--strace";
	if (xl_proc.sysroot) {
		args[n++] = "-L";
		args[n++] = xl_proc.sysroot;
	}
	args[n++] = "-0";
	args[n++] = argc ? argv[0] : path; /* xlift needs some argv[0] */
	args[n++] = path;
	for (size_t i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	long ret = xl_hostcall(SYS_execve, xl_proc.self_path, args, envp);
	free(args);
	return ret;
}

static int names_file(const char *name, int fd)
{
	struct stat by_fd, by_name;

	return stat(name, &by_name) == 0 && fstat(fd, &by_fd) == 0 &&
	       by_name.st_dev == by_fd.st_dev && by_name.st_ino == by_fd.st_ino;
}

/* A path the new xlift can open for the program open as fd: the name the
 * guest gave (so AT_EXECFN stays it) or the file's own name when either
 * still names the same file, else the descriptor itself (a deleted file,
 * a memfd), kept open across exec. */
static const char *program_path(const char *given, int fd, char buf[PATH_MAX])
{
	char link[32];

	if (given && *given && names_file(given, fd))
		return given;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t len = readlink(link, buf, PATH_MAX - 1);
	if (len > 0 && buf[0] == '/') {
		buf[len] = 0;
		if (names_file(buf, fd))
			return buf;
	}
	int kept = dup(fd);
	if (kept < 0)
		return NULL;
	snprintf(buf, PATH_MAX, "/proc/self/fd/%d", kept);
	return buf;
}

/* Runs the guest program open as fd under xlift; returns only on failure,
 * and 0 when fd is no guest program (the host's exec is to decide). */
static long exec_if_guest(const char *given, int fd, char *const *argv, char *const *envp)
{
	char buf[PATH_MAX];
	const struct guest_arch *arch = xl_elf_guest(fd);

	/* The host's own programs run natively. */
	if (!xl_proc.self_path || !arch || !strcmp(arch->name, XLIFT_HOST_ARCH))
		return 0;
	/* The kernel wants execute permission, whoever runs the program. */
	char self[32];
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	if (access(self, X_OK) < 0)
		return -errno;
	const char *path = program_path(given, fd, buf);
	return path ? exec_xlift(path, argv, envp) : -errno;
}

long xl_sys_execve(struct xl_syscall *sc)
{
	char buf[PATH_MAX];
	const char *path = xl_path_for_read(XL_PTR(const char *, sc->a[0]), buf);
	char *const *argv = XL_PTR(char *const *, sc->a[1]);
	char *const *envp = XL_PTR(char *const *, sc->a[2]);
	/* A file that cannot be opened: the host's execve says why. */
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;

	if (fd >= 0) {
		long ret = exec_if_guest(path, fd, argv, envp);
		close(fd);
		if (ret)
			return ret;
	}
	return xl_hostcall(SYS_execve, path, argv, envp);
}

/* execveat(dirfd, path, argv, envp, flags) */
long xl_sys_execveat(struct xl_syscall *sc)
{
	char buf[PATH_MAX];
	int dirfd = (int)sc->a[0], flags = (int)sc->a[4];
	const char *path = XL_PTR(const char *, sc->a[1]);
	char *const *argv = XL_PTR(char *const *, sc->a[2]);
	char *const *envp = XL_PTR(char *const *, sc->a[3]);

	if (path && path[0] == '/')
		path = xl_path_for_read(path, buf);
	int open_flags = O_RDONLY | O_CLOEXEC;
	if (flags & AT_SYMLINK_NOFOLLOW)
		open_flags |= O_NOFOLLOW;
	int fd = path && !*path && (flags & AT_EMPTY_PATH) ? dup(dirfd)
		: path ? openat(dirfd, path, open_flags) : -1;
	/* A name relative to another directory means nothing to a new xlift. */
	const char *given = path && (path[0] == '/' || dirfd == AT_FDCWD) ? path : NULL;
	if (fd >= 0) {
		long ret = exec_if_guest(given, fd, argv, envp);
		close(fd);
		if (ret)
			return ret;
	}
	return xl_hostcall(SYS_execveat, dirfd, path, argv, envp, flags);
}
