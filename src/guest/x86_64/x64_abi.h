/* The x86-64 Linux ABI beyond registers: its own syscall numbers
 * (syscalls.c), structure layouts (abi.c), signal frames (signal.c). */
#ifndef XL_X64_ABI_H
#define XL_X64_ABI_H

#include "guest/guest.h"

/* One past the highest number in x64_own_syscalls. */
#define X64_OWN_SYSCALLS 285

extern xl_sys_handler *const x64_own_syscalls[X64_OWN_SYSCALLS];
extern const struct xl_stat_layout x64_stat_layout;
extern const struct xl_epoll_layout x64_epoll_layout;
extern const struct xl_sigaction_layout x64_sigaction_layout;
extern const struct guest_signal x64_signal;

#endif
