/* execve: a guest program is started by a new xlift, so exec works without
 * binfmt_misc; anything else is the host's to run, and so is everything
 * when binfmt_misc started xlift (xl_proc.self_path is NULL then). */
#include "linux/syscall.h"
#include "linux/path.h"
#include "loader/loader.h"

#include <fcntl.h>
#include <stdlib.h>

static int is_guest_elf(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0; /* the host's execve reports why */
	int guest = xl_elf_guest(fd) != NULL;
	close(fd);
	return guest;
}

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

long xl_sys_execve(struct xl_syscall *sc)
{
	char buf[PATH_MAX];
	const char *path = xl_path_for_read(XL_PTR(const char *, sc->a[0]), buf);
	char *const *argv = XL_PTR(char *const *, sc->a[1]);
	char *const *envp = XL_PTR(char *const *, sc->a[2]);

	if (path && xl_proc.self_path && is_guest_elf(path))
		return exec_xlift(path, argv, envp);
	return xl_hostcall(SYS_execve, path, argv, envp);
}
