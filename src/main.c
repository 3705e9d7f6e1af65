/* xlift: runs a Linux program built for another CPU. */
#include "cli/binfmt.h"
#include "cli/options.h"
#include "guest/guest.h"
#include "linux/linux.h"
#include "linux/proc.h"
#include "loader/loader.h"
#include "runtime/cpu.h"
#include "runtime/dispatch.h"
#include "translate/translate.h"
#include "util/die.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* The program: opened by the kernel (binfmt_misc's flag O, which also
 * serves programs the user may execute but not read), else by its path. */
static int open_program(const struct xl_options *opt)
{
	const char *path = opt->program;
	int fd = opt->program_fd;
	struct stat st;

	if (fd >= 0)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 && errno == EACCES && access(path, X_OK) == 0)
		xl_die("%s: %s (an execute-only program needs binfmt_misc's flag O)",
		       path, strerror(errno));
	if (fd < 0)
		xl_die("%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		xl_die("%s: %s", path, strerror(EISDIR));
	return fd;
}

/* The sysroot given, else the guest's usual one when it is installed. */
static const char *choose_sysroot(const char *given, const struct guest_arch *arch)
{
	struct stat st;

	if (given || !arch || !arch->default_sysroot)
		return given;
	if (stat(arch->default_sysroot, &st) == 0 && S_ISDIR(st.st_mode))
		return arch->default_sysroot;
	return NULL;
}

/* Whether two "NAME" or "NAME=VALUE" strings name the same variable. */
static int same_variable(const char *a, const char *b)
{
	size_t len = strcspn(a, "=");

	return len == strcspn(b, "=") && strncmp(a, b, len) == 0;
}

static int variable_in(const char *var, char **list, int n)
{
	for (int i = 0; i < n; i++)
		if (same_variable(var, list[i]))
			return 1;
	return 0;
}

/* xlift's environment without the -U variables, plus the -E ones (the
 * last of several -E for one variable wins). */
static char **build_guest_env(const struct xl_options *opt)
{
	int n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = malloc((size_t)(n + opt->n_env_set + 1) * sizeof *env);
	if (!env)
		xl_die("out of memory for the guest's environment");
	for (int i = 0; i < n; i++)
		if (!variable_in(environ[i], opt->env_unset, opt->n_env_unset) &&
		    !variable_in(environ[i], opt->env_set, opt->n_env_set))
			env[k++] = environ[i];
	for (int i = 0; i < opt->n_env_set; i++)
		if (!variable_in(opt->env_set[i], opt->env_set + i + 1, opt->n_env_set - i - 1))
			env[k++] = opt->env_set[i];
	env[k] = NULL;
	return env;
}

/* What /proc/self/exe shows natively: the program file's own path, also
 * when it was run as /dev/fd/N. */
static const char *program_exe_path(const struct xl_options *opt)
{
	char link[64], *path;

	if (opt->program_fd < 0)
		return realpath(opt->program, NULL);
	snprintf(link, sizeof link, "/proc/self/fd/%d", opt->program_fd);
	path = realpath(link, NULL);
	return path ? path : realpath(opt->program, NULL);
}

static void describe_process(const struct xl_options *opt, const struct xl_image *img,
			     const char *sysroot, const char *self_path)
{
	const char *exe_path = program_exe_path(opt);

	xl_proc = (struct xl_process){
		.arch = img->arch,
		.exe_path = exe_path ? exe_path : opt->program,
		.sysroot = sysroot,
		.code_store = opt->code_store,
		/* Under binfmt_misc the kernel runs guest programs the
		 * guest executes, with the entry's flags, as it ran this one. */
		.self_path = opt->binfmt ? NULL : self_path,
		.brk_start = img->brk_start,
		.strace = opt->strace,
	};
}

/* --code-store, or the user's cache directory; 'off' (or empty): none. */
static const char *choose_code_store(const char *option)
{
	static char dir[4096];
	const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (option)
		return *option && strcmp(option, "off") ? option : NULL;
	if (cache && *cache)
		snprintf(dir, sizeof dir, "%s/xlift", cache);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.cache/xlift", home);
	else
		return NULL;
	/* The cache directory itself may not exist yet. */
	char *parent = strndup(dir, (size_t)(strrchr(dir, '/') - dir));
	mkdir(parent, 0700);
	free(parent);
	return dir;
}

/* xlift's own path, to execute it again. In a chroot that doesn't hold
 * xlift (binfmt_misc's flag F found it) its path names nothing, but the
 * kernel still opens /proc/self/exe. NULL when neither works. */
static const char *own_executable(void)
{
	const char *path = realpath("/proc/self/exe", NULL);

	if (!path && access("/proc/self/exe", X_OK) == 0)
		path = "/proc/self/exe";
	return path;
}

int main(int argc, char **argv)
{
	/* Read first: re-executing xlift (for a guest execve) needs it. */
	const char *self_path = own_executable();
	struct xl_options opt;
	struct xl_image img;
	const char *sysroot;
	struct xl_cpu *cpu;
	struct stat program;
	uint64_t sp;
	int fd;

	if (xl_binfmt_is_command(argc, argv))
		return xl_binfmt_command(argc, argv);
	xl_options_parse(argc, argv, &opt);
	xl_debug_enabled = opt.debug;

	fd = open_program(&opt);
	sysroot = choose_sysroot(opt.sysroot, xl_elf_guest(fd));
	xl_load_program(fd, opt.program, sysroot, &img);
	describe_process(&opt, &img, sysroot, self_path);
	if (fstat(fd, &program))
		xl_die("%s: %s", opt.program, strerror(errno));
	close(fd);

	xl_linux_init();
	sp = xl_build_stack(&img, opt.guest_argc, opt.guest_argv,
			    build_guest_env(&opt), opt.program, opt.secure);
	xl_proc_start(opt.program, sp);

	cpu = xl_cpu_new(img.arch);
	/* Privileged code never comes from files of the user's. */
	xl_translate_init(img.arch, opt.secure ? NULL : choose_code_store(opt.code_store), &program);
	img.arch->start(cpu, img.entry, sp);
	xl_run(cpu);
}
