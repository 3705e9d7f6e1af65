/* execve and execveat: a guest program (one for this guest's machine, or
 * for another foreign one) is started by a new xlift, so exec works
 * without binfmt_misc; anything else is the host's to run, and so is
 * everything when binfmt_misc started xlift (xl_proc.self_path is NULL).
 * An x86-64 guest on an x86-64 host stays under xlift in every program it
 * runs (gcc's cc1, as, ld), except xlift itself, which a guest runs to
 * translate a program of its own choosing. A "#!" script whose
 * interpreter is such a program has a new xlift run the interpreter, as
 * the kernel's binfmt_script would. */
#include "config.h"
#include "linux/syscall.h"
#include "linux/path.h"
#include "linux/thread.h"
#include "loader/loader.h"
#include "runtime/guest_mem.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The guest's argv, as a host array of its (guest) string pointers, which
 * the host's execve reads. */
static long copy_in_args(uint64_t argv, uint64_t **args, size_t *argc)
{
	uint64_t word;
	size_t n = 0;

	*args = NULL;
	while (argv) {
		if (xl_guest_read(&word, argv + 8 * n, sizeof word) < 0)
			return -EFAULT;
		if (!word)
			break;
		n++;
	}
	*argc = n;
	*args = malloc((n + 1) * sizeof **args);
	if (!*args)
		return -ENOMEM;
	(*args)[n] = 0;
	return n && xl_guest_read(*args, argv, n * sizeof **args) < 0 ? -EFAULT : 0;
}

/* The words a "#!" script's interpreter gets before the guest's
 * argv[1..]: its optional argument and the script's name. */
struct script_words {
	const char *word[2];
	int n;
};

/* xlift [--strace] [-L sysroot] [--code-store dir] -0 argv0 path [script words]
 * argv[1..];
 * argv0 NULL: the guest's. */
static long exec_xlift(const char *argv0, const char *path, const struct script_words *script,
		       uint64_t guest_argv, uint64_t envp)
{
	uint64_t *argv;
	size_t argc, n = 0;
	long ret = copy_in_args(guest_argv, &argv, &argc);
	const char **args = ret ? NULL : malloc((argc + 12) * sizeof *args);

	if (!args) {
		free(argv);
		return ret ? ret : -ENOMEM;
	}
	args[n++] = xl_proc.self_path;
	if (xl_proc.strace)
		args[n++] = "--strace";
	if (xl_proc.sysroot) {
		args[n++] = "-L";
		args[n++] = xl_proc.sysroot;
	}
	if (xl_proc.code_store) {
		args[n++] = "--code-store";
		args[n++] = xl_proc.code_store;
	}
	args[n++] = "-0";
	/* xlift needs some argv[0] */
	args[n++] = argv0 ? argv0 : argc ? XL_PTR(const char *, argv[0]) : path;
	args[n++] = path;
	for (int i = 0; script && i < script->n; i++)
		args[n++] = script->word[i];
	for (size_t i = 1; i < argc; i++)
		args[n++] = XL_PTR(const char *, argv[i]);
	args[n] = NULL;
	ret = xl_hostcall(SYS_execve, xl_proc.self_path, args, envp);
	free(args);
	free(argv);
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

/* Whether fd is xlift's own executable. */
static int is_xlift(int fd)
{
	struct stat file, self;

	return fstat(fd, &file) == 0 && stat(xl_proc.self_path, &self) == 0 &&
	       file.st_dev == self.st_dev && file.st_ino == self.st_ino;
}

/* Whether the program open as fd is one for a new xlift: a guest program
 * (but xlift itself) that the host would not run natively. */
static int for_xlift(int fd)
{
	const struct guest_arch *arch = xl_elf_guest(fd);

	/* The host's own programs run natively, unless it is the guest's. */
	return arch && (arch == xl_proc.arch || strcmp(arch->name, XLIFT_HOST_ARCH)) &&
	       !is_xlift(fd);
}

/* The kernel wants execute permission, whoever runs the program. */
static long executable(int fd)
{
	char self[32];

	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	return access(self, X_OK) < 0 ? -errno : 0;
}

/* A "#!" line by binfmt_script's rules, in line (256 bytes, the kernel's
 * buffer): the interpreter, then the rest of the line, trimmed, as one
 * optional argument. NULL when fd holds no script that names its
 * interpreter within the buffer. */
static char *read_shebang(int fd, char line[256], const char **arg)
{
	ssize_t n = pread(fd, line, 255, 0);

	if (n < 3 || line[0] != '#' || line[1] != '!')
		return NULL;
	line[n] = 0;
	char *end = strchr(line, '\n');
	if (end)
		*end = 0;
	char *interp = line + 2 + strspn(line + 2, " \t"), *p = interp + strcspn(interp, " \t");
	if (!*interp || (!end && !*p))
		return NULL;
	*arg = NULL;
	if (*p) {
		*p++ = 0;
		p += strspn(p, " \t");
		for (char *last = p + strlen(p); last > p && (last[-1] == ' ' || last[-1] == '\t');)
			*--last = 0;
		*arg = *p ? p : NULL;
	}
	return interp;
}

/* A script whose interpreter is a program for a new xlift: the new xlift
 * runs the interpreter on it, as the kernel would (argv[0] the
 * interpreter's name as the script wrote it, then its argument, then the
 * script's name as the guest gave it). Else 0. */
static long exec_script(const char *name, int fd, uint64_t argv, uint64_t envp)
{
	char line[256], host[PATH_MAX], buf[PATH_MAX];
	struct script_words words = { .n = 0 };
	const char *interp = read_shebang(fd, line, &words.word[0]);

	if (!interp)
		return 0;
	words.n = words.word[0] ? 1 : 0;
	words.word[words.n++] = name;
	const char *interp_host = xl_path_to_host(interp, host);
	int interp_fd = open(interp_host, O_RDONLY | O_CLOEXEC);
	if (interp_fd < 0)
		return 0;
	long ret = 0;
	if (for_xlift(interp_fd) && !(ret = executable(fd)) && !(ret = executable(interp_fd))) {
		const char *path = program_path(interp_host, interp_fd, buf);
		ret = path ? exec_xlift(interp, path, &words, argv, envp) : -errno;
	}
	close(interp_fd);
	return ret;
}

/* Runs the guest program open as fd under xlift, or the interpreter of a
 * script (name: its guest path, NULL when a new xlift cannot use it);
 * returns only on failure, and 0 when the host's exec is to decide. */
static long exec_if_guest(const struct xl_guest_path *name, int fd, uint64_t argv,
			  uint64_t envp)
{
	char buf[PATH_MAX];

	if (!xl_proc.self_path)
		return 0;
	if (!for_xlift(fd))
		return name ? exec_script(name->guest, fd, argv, envp) : 0;
	long ret = executable(fd);
	if (ret)
		return ret;
	const char *path = program_path(name ? name->host : NULL, fd, buf);
	return path ? exec_xlift(NULL, path, NULL, argv, envp) : -errno;
}

long xl_sys_execve(struct xl_syscall *sc)
{
	struct xl_guest_path path;
	uint64_t argv = sc->a[1], envp = sc->a[2];
	long err = xl_path_from_guest(sc->a[0], &path);

	if (err)
		return err;
	xl_thread_before_exec();
	/* A file that cannot be opened: the host's execve says why. */
	int fd = path.host ? open(path.host, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0) {
		long ret = exec_if_guest(&path, fd, argv, envp);
		close(fd);
		if (ret)
			return ret;
	}
	return xl_hostcall(SYS_execve, path.host, argv, envp);
}

/* execveat(dirfd, path, argv, envp, flags) */
long xl_sys_execveat(struct xl_syscall *sc)
{
	struct xl_guest_path guest_path;
	int dirfd = (int)sc->a[0], flags = (int)sc->a[4];
	uint64_t argv = sc->a[2], envp = sc->a[3];
	long err = xl_path_from_guest(sc->a[1], &guest_path);

	if (err)
		return err;
	xl_thread_before_exec();
	const char *path = guest_path.host;
	int open_flags = O_RDONLY | O_CLOEXEC;
	if (flags & AT_SYMLINK_NOFOLLOW)
		open_flags |= O_NOFOLLOW;
	int fd = path && !*path && (flags & AT_EMPTY_PATH) ? dup(dirfd)
		: path ? openat(dirfd, path, open_flags) : -1;
	/* A name relative to another directory means nothing to a new xlift. */
	int usable = path && *path && (path[0] == '/' || dirfd == AT_FDCWD);
	if (fd >= 0) {
		long ret = exec_if_guest(usable ? &guest_path : NULL, fd, argv, envp);
		close(fd);
		if (ret)
			return ret;
	}
	return xl_hostcall(SYS_execveat, dirfd, path, argv, envp, flags);
}
