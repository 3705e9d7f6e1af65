/* How the kernel started xlift: from a command line, or through an entry
 * of binfmt_misc for a guest program. The entry's flags show in xlift's
 * auxiliary vector: P sets bit 0 of AT_FLAGS, O (and C, which implies it)
 * passes the program as an open descriptor in AT_EXECFD, and C with a
 * set-user-ID or set-group-ID program sets AT_SECURE. An entry without
 * flags is indistinguishable from the command line `xlift PATH ARGS...`,
 * which means the same. */
#ifndef XL_LAUNCH_H
#define XL_LAUNCH_H

struct xl_launch {
	int binfmt;                     /* flag P or O: argv holds no options */
	int preserve_argv0;             /* P: argv is [xlift, path, argv0, args...] */
	int program_fd;                 /* O: the program, open; else -1 */
	int secure;                     /* AT_SECURE */
};

void xl_launch_read(struct xl_launch *launch);

#endif
