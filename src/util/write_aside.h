/* Files that readers in other processes must never see half written: the
 * code store's objects and packs, the kept host CPU. */
#ifndef XL_WRITE_ASIDE_H
#define XL_WRITE_ASIDE_H

#include <stdio.h>

/* Writes path whole or not at all: fill(f, arg) writes a file beside it
 * (path.TID, a name no other thread uses), which replaces path when fill
 * returned non-zero and the file closed cleanly, and goes otherwise.
 * Returns non-zero when path was replaced. */
int xl_write_aside(const char *path, int (*fill)(FILE *f, const void *arg), const void *arg);

#endif
