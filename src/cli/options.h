/* Command line and XLIFT_* environment options. */
#ifndef XL_OPTIONS_H
#define XL_OPTIONS_H

struct xl_options {
	const char *sysroot;            /* -L, XLIFT_SYSROOT */
	const char *argv0;              /* -0, XLIFT_ARGV0 */
	const char *code_store;         /* --code-store, XLIFT_CODE_STORE */
	int strace;                     /* --strace, XLIFT_STRACE */
	int debug;                      /* XLIFT_DEBUG */
	char **env_set;                 /* -E VAR=VAL, XLIFT_SET_ENV (comma list) */
	int n_env_set;
	char **env_unset;               /* -U VAR, XLIFT_UNSET_ENV (comma list) */
	int n_env_unset;
	const char *program;            /* path of the guest program: AT_EXECFN */
	int program_fd;                 /* the program opened by binfmt_misc, or -1 */
	int binfmt;                     /* started by binfmt_misc with flag P or O */
	int secure;                     /* AT_SECURE: XLIFT_* variables ignored */
	int guest_argc;
	char **guest_argv;              /* argv the guest sees, argv0 applied */
};

/* Parses argv (as binfmt_misc laid it out, when it started xlift) and the
 * environment; prints --help / --version and exits; exits with one error
 * line and status 1 on a bad option. */
void xl_options_parse(int argc, char **argv, struct xl_options *opt);

#endif
