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
	const char *program;            /* path of the guest program */
	int guest_argc;
	char **guest_argv;              /* argv the guest sees, argv0 applied */
};

/* Parses argv; prints --help / --version and exits; exits with one error
 * line and status 1 on a bad option. */
void xl_options_parse(int argc, char **argv, struct xl_options *opt);

#endif
