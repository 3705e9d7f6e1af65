/* Command line and XLIFT_* environment options. One table drives the
 * parser, the environment twins and --help, so they cannot disagree. */
#include "cli/options.h"
#include "cli/launch.h"
#include "config.h"
#include "util/die.h"

#include <llvm-c/Core.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exit status for a command line xlift can't make sense of. */
#define USAGE_EXIT 1

struct option_spec {
	char short_name;                /* 0: none */
	const char *long_name;          /* NULL: none */
	const char *arg_name;           /* NULL: a flag without argument */
	const char *env;                /* XLIFT_* twin; NULL: none */
	int env_is_list;                /* the twin holds a comma-separated list */
	void (*apply)(struct xl_options *opt, const char *value);
	const char *help;
};

_Noreturn __attribute__((format(printf, 1, 2)))
static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("xlift: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see xlift --help)\n", stderr);
	exit(USAGE_EXIT);
}

static void append(char ***list, int *n, const char *item)
{
	*list = realloc(*list, (size_t)(*n + 1) * sizeof **list);
	if (!*list)
		xl_die("out of memory");
	(*list)[(*n)++] = (char *)item;
}

static void set_sysroot(struct xl_options *opt, const char *dir)
{
	opt->sysroot = dir;
}

static void add_env_set(struct xl_options *opt, const char *assignment)
{
	if (!strchr(assignment, '=') || assignment[0] == '=')
		usage_error("'%s' is not VAR=VALUE", assignment);
	append(&opt->env_set, &opt->n_env_set, assignment);
}

static void add_env_unset(struct xl_options *opt, const char *name)
{
	append(&opt->env_unset, &opt->n_env_unset, name);
}

static void set_argv0(struct xl_options *opt, const char *argv0)
{
	opt->argv0 = argv0;
}

static void set_code_store(struct xl_options *opt, const char *dir)
{
	opt->code_store = dir;
}

static void set_strace(struct xl_options *opt, const char *unused)
{
	opt->strace = 1;
}

static void set_debug(struct xl_options *opt, const char *unused)
{
	opt->debug = 1;
}

/* Defined after the table, which --help prints. */
static void show_help(struct xl_options *opt, const char *unused);
static void show_version(struct xl_options *opt, const char *unused);

static const struct option_spec option_specs[] = {
	{ 'L', "sysroot", "DIR", "XLIFT_SYSROOT", 0, set_sysroot,
	  "find the interpreter and libraries under DIR" },
	{ 'E', NULL, "VAR=VAL", "XLIFT_SET_ENV", 1, add_env_set,
	  "set VAR in the guest's environment (repeatable)" },
	{ 'U', NULL, "VAR", "XLIFT_UNSET_ENV", 1, add_env_unset,
	  "remove VAR from the guest's environment (repeatable)" },
	{ '0', NULL, "ARGV0", "XLIFT_ARGV0", 0, set_argv0,
	  "pass ARGV0 to the guest as argv[0] instead of PROGRAM" },
	{ 0, "code-store", "DIR", "XLIFT_CODE_STORE", 0, set_code_store,
	  "keep translated code in DIR for later runs; 'off': nowhere" },
	{ 0, "strace", NULL, "XLIFT_STRACE", 0, set_strace,
	  "log the guest's system calls on stderr" },
	{ 0, NULL, NULL, "XLIFT_DEBUG", 0, set_debug,
	  "print debug messages of xlift itself on stderr" },
	{ 'h', "help", NULL, NULL, 0, show_help, "show this help and exit" },
	{ 0, "version", NULL, NULL, 0, show_version, "show the version and exit" },
	{ 0 }
};

/* The left column of --help: how the option is written. */
static void format_option_names(const struct option_spec *s, char *buf, size_t size)
{
	const char *arg = s->arg_name ? s->arg_name : "";
	const char *space = s->arg_name ? " " : "";

	if (s->short_name && s->long_name)
		snprintf(buf, size, "-%c, --%s%s%s", s->short_name, s->long_name, space, arg);
	else if (s->short_name)
		snprintf(buf, size, "-%c%s%s", s->short_name, space, arg);
	else if (s->long_name)
		snprintf(buf, size, "    --%s%s%s", s->long_name, space, arg);
	else
		snprintf(buf, size, "%s=1", s->env);
}

static void show_help(struct xl_options *opt, const char *unused)
{
	char names[64];

	printf("usage: xlift [options] PROGRAM [ARGS...]\n"
	       "       xlift --binfmt register|unregister|status [GUEST...] (xlift --binfmt help)\n"
	       "Runs PROGRAM, a Linux program built for another CPU.\n\n"
	       "Options, with the environment variable that does the same:\n");
	for (const struct option_spec *s = option_specs; s->apply; s++) {
		format_option_names(s, names, sizeof names);
		printf("  %-22s %s\n", names, s->help);
		if (s->env && (s->short_name || s->long_name))
			printf("  %-22s   %s=%s%s\n", "", s->env,
			       s->arg_name ? s->arg_name : "1", s->env_is_list ? ",..." : "");
	}
	printf("\nThe command line wins over the environment.\n");
	exit(0);
}

static void show_version(struct xl_options *opt, const char *unused)
{
	unsigned major, minor, patch;

	LLVMGetVersion(&major, &minor, &patch);
	printf("xlift %s\nLLVM %u.%u.%u\n", PACKAGE_VERSION, major, minor, patch);
	exit(0);
}


/* Applies one XLIFT_* variable: a flag is on unless empty or "0"; a list
 * applies item by item. */
static void apply_env(const struct option_spec *s, const char *value, struct xl_options *opt)
{
	char *items, *item, *save;

	if (!s->arg_name) {
		if (value[0] && strcmp(value, "0") != 0)
			s->apply(opt, NULL);
		return;
	}
	if (!s->env_is_list) {
		s->apply(opt, value);
		return;
	}
	items = strdup(value);
	if (!items)
		xl_die("out of memory");
	for (item = strtok_r(items, ",", &save); item; item = strtok_r(NULL, ",", &save))
		s->apply(opt, item);
}

static void parse_environment(struct xl_options *opt)
{
	for (const struct option_spec *s = option_specs; s->apply; s++) {
		const char *value = s->env ? getenv(s->env) : NULL;

		if (value)
			apply_env(s, value, opt);
	}
}

/* The spec of "--name" or "--name=value" (then *value points at value). */
static const struct option_spec *find_long(const char *arg, const char **value)
{
	size_t len = strcspn(arg, "=");

	for (const struct option_spec *s = option_specs; s->apply; s++) {
		if (s->long_name && strlen(s->long_name) == len &&
		    strncmp(s->long_name, arg, len) == 0) {
			*value = arg[len] ? arg + len + 1 : NULL;
			return s;
		}
	}
	return NULL;
}

/* The spec of "-x" or "-xvalue" (then *value points at value). */
static const struct option_spec *find_short(const char *arg, const char **value)
{
	for (const struct option_spec *s = option_specs; s->apply; s++) {
		if (s->short_name && s->short_name == arg[0]) {
			*value = arg[1] ? arg + 1 : NULL;
			return s;
		}
	}
	return NULL;
}

/* Applies the option at argv[*i], taking its argument from the next word
 * when it isn't attached; advances *i past both. */
static void parse_option(char **argv, int *i, struct xl_options *opt)
{
	const char *arg = argv[(*i)++];
	const char *value;
	const struct option_spec *s = arg[1] == '-' ? find_long(arg + 2, &value)
						    : find_short(arg + 1, &value);

	if (!s)
		usage_error("unknown option '%s'", arg);
	if (s->arg_name && !value) {
		value = argv[*i];
		if (!value)
			usage_error("option '%s' needs %s", arg, s->arg_name);
		(*i)++;
	} else if (!s->arg_name && value) {
		usage_error("option '%s' takes no argument", arg);
	}
	s->apply(opt, value);
}

/* Parses options up to the first word that isn't one (the program) or up
 * to "--"; returns the index of the program. */
static int parse_command_line(int argc, char **argv, struct xl_options *opt)
{
	int i = 1;

	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		parse_option(argv, &i, opt);
	}
	return i;
}

static void set_guest_argv(const char *program, int argc, char **argv,
			   struct xl_options *opt)
{
	opt->program = program;
	opt->guest_argc = argc;
	opt->guest_argv = argv;
	if (!opt->argv0)
		return;
	opt->guest_argv = calloc((size_t)argc + 1, sizeof *opt->guest_argv);
	if (!opt->guest_argv)
		xl_die("out of memory");
	memcpy(opt->guest_argv, argv, (size_t)argc * sizeof *argv);
	opt->guest_argv[0] = (char *)opt->argv0;
}

/* binfmt_misc's argv: [xlift, path, argv0 (flag P only), args...]. Without
 * P the guest's own argv[0] is lost and the path stands in for it. */
static void parse_binfmt_argv(int argc, char **argv, const struct xl_launch *launch,
			      struct xl_options *opt)
{
	int first = launch->preserve_argv0 && argc > 2 ? 2 : 1;

	if (argc < 2)
		xl_die("binfmt_misc passed no program path");
	opt->argv0 = NULL;
	set_guest_argv(argv[1], argc - first, argv + first, opt);
}

void xl_options_parse(int argc, char **argv, struct xl_options *opt)
{
	struct xl_launch launch;
	int program;

	xl_launch_read(&launch);
	*opt = (struct xl_options){
		.program_fd = launch.program_fd,
		.binfmt = launch.binfmt,
		.secure = launch.secure,
	};
	/* The environment first, so that the command line overrides it; but
	 * not for a program that runs with other credentials than its user's,
	 * who controls the environment. */
	if (!launch.secure)
		parse_environment(opt);
	if (launch.binfmt) {
		parse_binfmt_argv(argc, argv, &launch, opt);
		return;
	}
	program = parse_command_line(argc, argv, opt);
	if (program >= argc)
		usage_error("no program given");
	set_guest_argv(argv[program], argc - program, argv + program, opt);
}
