/* --strace: one line per guest syscall on stderr. */
#ifndef XL_STRACE_H
#define XL_STRACE_H

#include "linux/syscall.h"

/* Before the call: notes the name and arguments. */
void xl_strace_enter(const struct xl_syscall *sc);
/* After the call: prints the line with its result. */
void xl_strace_leave(const struct xl_syscall *sc, long ret);

#endif
