/* Inside the syscall layer: one guest syscall in flight, the handlers that
 * emulate them, and host syscalls in the raw kernel convention. */
#ifndef XL_SYSCALL_H
#define XL_SYSCALL_H

#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "linux/linux.h"

struct xl_syscall {
	struct xl_cpu *cpu;
	long guest_nr;
	long host_nr;                   /* -1 when the host has no such call */
	const char *name;
	uint64_t a[6];
	int regs_changed;               /* cpu state changed beyond the result */
};

/* Host syscalls from guest syscalls. Results are -errno, as the kernel
 * returns them to the guest (signal_restart.c): a guest signal that
 * arrives before or while the call blocks cuts it short. */
long xl_safe_syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5);
#define xl_hostcall(...) xl_hostcall_(__VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define xl_hostcall_(nr, a0, a1, a2, a3, a4, a5, ...) \
	xl_safe_syscall(nr, (long)(a0), (long)(a1), (long)(a2), (long)(a3), (long)(a4), (long)(a5))

/* Whether a raw result is an error rather than a value such as an address. */
static inline int xl_is_error(long r)
{
	return r < 0 && r >= -4095;
}

/* Guest pointers are host pointers. */
#define XL_PTR(type, a) ((type)(uintptr_t)(a))

/* syscall.c: the host call of the same name with the same arguments. */
xl_sys_handler xl_sys_passthrough;

/* fs.c: the host call with guest path argument arg copied in and looked
 * up for reading (path.h), or with host_path in its place. */
long xl_sys_with_host_path(struct xl_syscall *sc, int arg);
long xl_sys_call_with_path(struct xl_syscall *sc, int arg, const char *host_path);
xl_sys_handler xl_sys_at_path, xl_sys_readlinkat, xl_sys_statfs, xl_sys_ioctl;
/* proc.c */
xl_sys_handler xl_sys_openat;
/* open_flags.c: the guests' O_* flags as the host's */
uint64_t xl_open_flags_to_host(uint64_t flags);
xl_sys_handler xl_sys_fcntl;
/* stat.c */
xl_sys_handler xl_sys_fstat, xl_sys_newfstatat;
/* mm.c */
xl_sys_handler xl_sys_mmap, xl_sys_munmap, xl_sys_on_guest_memory,
	xl_sys_mremap, xl_sys_brk;
/* process.c */
xl_sys_handler xl_sys_clone, xl_sys_clone3;
/* thread.c */
xl_sys_handler xl_sys_exit, xl_sys_exit_group, xl_sys_set_tid_address,
	xl_sys_set_robust_list, xl_sys_get_robust_list;
/* system.c */
xl_sys_handler xl_sys_uname, xl_sys_prctl;
/* exec.c */
xl_sys_handler xl_sys_execve, xl_sys_execveat;
/* signal.c */
xl_sys_handler xl_sys_rt_sigaction, xl_sys_sigaltstack, xl_sys_rt_sigprocmask,
	xl_sys_rt_sigreturn, xl_sys_rt_sigsuspend;
/* signal_restart.c: a signal is pending after the syscall sc returned
 * ret; delivers it, running sc again first when Linux would. */
void xl_signal_after_syscall(struct xl_syscall *sc, long ret);
/* poll.c */
xl_sys_handler xl_sys_epoll_ctl, xl_sys_epoll_pwait;

/* legacy.c: calls asm-generic lacks (x86-64's), for guest_arch tables */
xl_sys_handler xl_sys_open, xl_sys_creat, xl_sys_stat, xl_sys_lstat, xl_sys_access,
	xl_sys_readlink, xl_sys_rename, xl_sys_mkdir, xl_sys_mknod, xl_sys_rmdir,
	xl_sys_unlink, xl_sys_link, xl_sys_symlink, xl_sys_chmod, xl_sys_chown,
	xl_sys_lchown, xl_sys_utime, xl_sys_utimes, xl_sys_futimesat, xl_sys_getdents,
	xl_sys_pipe, xl_sys_dup2, xl_sys_epoll_create, xl_sys_epoll_wait,
	xl_sys_inotify_init, xl_sys_eventfd, xl_sys_signalfd, xl_sys_poll, xl_sys_select,
	xl_sys_pause, xl_sys_fork, xl_sys_vfork, xl_sys_getpgrp, xl_sys_time, xl_sys_alarm;

/* mm.c: reserves the guest brk area. */
void xl_brk_init(void);

#endif
