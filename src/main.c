/* xlift: runs a Linux program built for another CPU. */
#include "cli/options.h"
#include "guest/guest.h"
#include "linux/linux.h"
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

static int open_program(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

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

static void describe_process(const struct xl_options *opt, const struct xl_image *img,
			     const char *sysroot, const char *self_path)
{
	const char *exe_path = realpath(opt->program, NULL);

	xl_proc = (struct xl_process){
		.arch = img->arch,
		.exe_path = exe_path ? exe_path : opt->program,
		.sysroot = sysroot,
		.self_path = self_path,
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

int main(int argc, char **argv)
{
	/* Read first: re-executing xlift (for a guest execve) needs it. */
	const char *self_path = realpath("/proc/self/exe", NULL);
	struct xl_options opt;
	struct xl_image img;
	const char *sysroot;
	struct xl_cpu *cpu;
	uint64_t sp;
	int fd;

	xl_options_parse(argc, argv, &opt);
	xl_debug_enabled = opt.debug;

	fd = open_program(opt.program);
	sysroot = choose_sysroot(opt.sysroot, xl_elf_guest(fd));
	xl_load_program(fd, opt.program, sysroot, &img);
	close(fd);

	describe_process(&opt, &img, sysroot, self_path);
	xl_linux_init();
	sp = xl_build_stack(&img, opt.guest_argc, opt.guest_argv,
			    build_guest_env(&opt), opt.program, 0);

	cpu = xl_cpu_new(img.arch);
	xl_translate_init(img.arch, choose_code_store(opt.code_store));
	img.arch->start(cpu, img.entry, sp);
	xl_run(cpu);
}
