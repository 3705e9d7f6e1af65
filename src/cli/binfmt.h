/* `xlift --binfmt register|unregister|status`: makes the kernel run the
 * guests' programs through this xlift. */
#ifndef XL_BINFMT_H
#define XL_BINFMT_H

/* Whether argv is a --binfmt command line. */
int xl_binfmt_is_command(int argc, char **argv);
/* Runs it; returns the exit status. */
int xl_binfmt_command(int argc, char **argv);

#endif
