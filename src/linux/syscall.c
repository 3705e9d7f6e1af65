/* Guest syscall entry: the guest number is mapped to the host's through the
 * syscall's name (libseccomp knows both tables), then to a handler. */
#include "linux/syscall.h"
#include "linux/strace.h"
#include "linux/thread.h"
#include "util/die.h"

#include <seccomp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct xl_process xl_proc;

/* Larger than any guest's syscall table. */
#define GUEST_NR_LIMIT 1024

struct nr_map {
	const char *name;               /* NULL when libseccomp has none */
	int host_nr;                    /* -1 when the host has no such call */
	int reported;                   /* unsupported call already reported */
	atomic_int resolved;
};

static struct nr_map nr_maps[GUEST_NR_LIMIT];

static xl_sys_handler *const handlers[] = {
	/* Files and directories. */
	[SYS_openat] = xl_sys_openat,
	[SYS_fstat] = xl_sys_fstat,
	[SYS_newfstatat] = xl_sys_newfstatat,
	[SYS_statx] = xl_sys_at_path,
	[SYS_faccessat] = xl_sys_at_path,
	[SYS_faccessat2] = xl_sys_at_path,
	[SYS_readlinkat] = xl_sys_readlinkat,
	[SYS_statfs] = xl_sys_statfs,
	[SYS_ioctl] = xl_sys_ioctl,
	[SYS_read] = xl_sys_passthrough,
	[SYS_write] = xl_sys_passthrough,
	[SYS_readv] = xl_sys_passthrough,
	[SYS_writev] = xl_sys_passthrough,
	[SYS_preadv] = xl_sys_passthrough,
	[SYS_pwritev] = xl_sys_passthrough,
	[SYS_preadv2] = xl_sys_passthrough,
	[SYS_pwritev2] = xl_sys_passthrough,
	[SYS_pread64] = xl_sys_passthrough,
	[SYS_pwrite64] = xl_sys_passthrough,
	[SYS_lseek] = xl_sys_passthrough,
	[SYS_close] = xl_sys_passthrough,
	[SYS_close_range] = xl_sys_passthrough,
	[SYS_getdents64] = xl_sys_passthrough, /* same layout everywhere */
	[SYS_fcntl] = xl_sys_fcntl,
	[SYS_pipe2] = xl_sys_passthrough,
	[SYS_dup] = xl_sys_passthrough,
	[SYS_dup3] = xl_sys_passthrough,
	[SYS_unlinkat] = xl_sys_passthrough,
	[SYS_renameat2] = xl_sys_passthrough,
	[SYS_mkdirat] = xl_sys_passthrough,
	[SYS_mknodat] = xl_sys_passthrough,
	[SYS_symlinkat] = xl_sys_passthrough,
	[SYS_linkat] = xl_sys_passthrough,
	[SYS_fchmod] = xl_sys_passthrough,
	[SYS_fchmodat] = xl_sys_passthrough,
	[SYS_fchown] = xl_sys_passthrough,
	[SYS_fchownat] = xl_sys_passthrough,
	[SYS_utimensat] = xl_sys_passthrough,
	[SYS_truncate] = xl_sys_passthrough,
	[SYS_ftruncate] = xl_sys_passthrough,
	[SYS_fallocate] = xl_sys_passthrough,
	[SYS_fadvise64] = xl_sys_passthrough,
	[SYS_getcwd] = xl_sys_passthrough,
	[SYS_chdir] = xl_sys_passthrough,
	[SYS_fchdir] = xl_sys_passthrough,
	[SYS_fstatfs] = xl_sys_passthrough,
	[SYS_sync] = xl_sys_passthrough,
	[SYS_syncfs] = xl_sys_passthrough,
	[SYS_fsync] = xl_sys_passthrough,
	[SYS_fdatasync] = xl_sys_passthrough,
	[SYS_flock] = xl_sys_passthrough,
	[SYS_umask] = xl_sys_passthrough,
	[SYS_copy_file_range] = xl_sys_passthrough,
	[SYS_sendfile] = xl_sys_passthrough,
	/* Memory. */
	[SYS_mmap] = xl_sys_mmap,
	[SYS_munmap] = xl_sys_munmap,
	[SYS_mprotect] = xl_sys_on_guest_memory,
	[SYS_mremap] = xl_sys_mremap,
	[SYS_madvise] = xl_sys_on_guest_memory,
	[SYS_brk] = xl_sys_brk,
	/* Time. */
	[SYS_clock_gettime] = xl_sys_passthrough,
	[SYS_clock_getres] = xl_sys_passthrough,
	[SYS_gettimeofday] = xl_sys_passthrough,
	[SYS_nanosleep] = xl_sys_passthrough,
	[SYS_clock_nanosleep] = xl_sys_passthrough,
	[SYS_times] = xl_sys_passthrough,
	/* Identity and limits. */
	[SYS_getpid] = xl_sys_passthrough,
	[SYS_getppid] = xl_sys_passthrough,
	[SYS_gettid] = xl_sys_passthrough,
	[SYS_getuid] = xl_sys_passthrough,
	[SYS_geteuid] = xl_sys_passthrough,
	[SYS_getgid] = xl_sys_passthrough,
	[SYS_getegid] = xl_sys_passthrough,
	[SYS_getgroups] = xl_sys_passthrough,
	[SYS_setgroups] = xl_sys_passthrough,
	[SYS_setuid] = xl_sys_passthrough,
	[SYS_setgid] = xl_sys_passthrough,
	[SYS_setreuid] = xl_sys_passthrough,
	[SYS_setregid] = xl_sys_passthrough,
	[SYS_setresuid] = xl_sys_passthrough,
	[SYS_setresgid] = xl_sys_passthrough,
	[SYS_getresuid] = xl_sys_passthrough,
	[SYS_getresgid] = xl_sys_passthrough,
	[SYS_setfsuid] = xl_sys_passthrough,
	[SYS_setfsgid] = xl_sys_passthrough,
	[SYS_uname] = xl_sys_uname,
	[SYS_prlimit64] = xl_sys_passthrough,
	[SYS_getrlimit] = xl_sys_passthrough,
	[SYS_setrlimit] = xl_sys_passthrough,
	[SYS_getrusage] = xl_sys_passthrough,
	[SYS_sysinfo] = xl_sys_passthrough,
	[SYS_getrandom] = xl_sys_passthrough,
	[SYS_getpgid] = xl_sys_passthrough,
	[SYS_setpgid] = xl_sys_passthrough,
	[SYS_getsid] = xl_sys_passthrough,
	[SYS_setsid] = xl_sys_passthrough,
	[SYS_getpriority] = xl_sys_passthrough,
	[SYS_setpriority] = xl_sys_passthrough,
	/* Scheduling: guest threads are host threads, tids are the host's. */
	[SYS_sched_getaffinity] = xl_sys_passthrough,
	[SYS_sched_setaffinity] = xl_sys_passthrough,
	[SYS_sched_yield] = xl_sys_passthrough,
	[SYS_sched_getparam] = xl_sys_passthrough,
	[SYS_sched_setparam] = xl_sys_passthrough,
	[SYS_sched_getscheduler] = xl_sys_passthrough,
	[SYS_sched_setscheduler] = xl_sys_passthrough,
	[SYS_sched_get_priority_max] = xl_sys_passthrough,
	[SYS_sched_get_priority_min] = xl_sys_passthrough,
	[SYS_sched_rr_get_interval] = xl_sys_passthrough,
	[SYS_sched_getattr] = xl_sys_passthrough,
	[SYS_sched_setattr] = xl_sys_passthrough,
	[SYS_getcpu] = xl_sys_passthrough,
	/* Processes. */
	[SYS_exit] = xl_sys_exit,
	[SYS_exit_group] = xl_sys_exit_group,
	[SYS_clone] = xl_sys_clone,
	[SYS_clone3] = xl_sys_clone3,
	[SYS_execve] = xl_sys_execve,
	[SYS_execveat] = xl_sys_execveat,
	[SYS_wait4] = xl_sys_passthrough,
	[SYS_waitid] = xl_sys_passthrough,
	[SYS_kill] = xl_sys_passthrough,
	[SYS_tgkill] = xl_sys_passthrough,
	[SYS_tkill] = xl_sys_passthrough,
	[SYS_set_tid_address] = xl_sys_set_tid_address,
	[SYS_set_robust_list] = xl_sys_set_robust_list,
	[SYS_get_robust_list] = xl_sys_get_robust_list,
	/* Futex words are guest memory at the same addresses. */
	[SYS_futex] = xl_sys_passthrough,
	[SYS_futex_waitv] = xl_sys_passthrough,
	[SYS_prctl] = xl_sys_prctl,
	[SYS_personality] = xl_sys_passthrough,
	[SYS_membarrier] = xl_sys_passthrough,
	/* Signals. */
	[SYS_rt_sigaction] = xl_sys_rt_sigaction,
	[SYS_rt_sigprocmask] = xl_sys_rt_sigprocmask,
	[SYS_sigaltstack] = xl_sys_sigaltstack,
	[SYS_rt_sigreturn] = xl_sys_rt_sigreturn,
	[SYS_rt_sigsuspend] = xl_sys_rt_sigsuspend,
	[SYS_rt_sigpending] = xl_sys_passthrough,
	[SYS_rt_sigtimedwait] = xl_sys_passthrough,
	[SYS_rt_sigqueueinfo] = xl_sys_passthrough,
	[SYS_rt_tgsigqueueinfo] = xl_sys_passthrough,
	[SYS_signalfd4] = xl_sys_passthrough,
	[SYS_pidfd_send_signal] = xl_sys_passthrough,
	[SYS_pidfd_open] = xl_sys_passthrough,
	[SYS_setitimer] = xl_sys_passthrough,
	[SYS_getitimer] = xl_sys_passthrough,
	[SYS_timer_create] = xl_sys_passthrough,
	[SYS_timer_settime] = xl_sys_passthrough,
	[SYS_timer_gettime] = xl_sys_passthrough,
	[SYS_timer_getoverrun] = xl_sys_passthrough,
	[SYS_timer_delete] = xl_sys_passthrough,
	/* Sockets. */
	[SYS_socket] = xl_sys_passthrough,
	[SYS_socketpair] = xl_sys_passthrough,
	[SYS_bind] = xl_sys_passthrough,
	[SYS_connect] = xl_sys_passthrough,
	[SYS_listen] = xl_sys_passthrough,
	[SYS_accept] = xl_sys_passthrough,
	[SYS_accept4] = xl_sys_passthrough,
	[SYS_sendto] = xl_sys_passthrough,
	[SYS_recvfrom] = xl_sys_passthrough,
	[SYS_sendmsg] = xl_sys_passthrough,
	[SYS_recvmsg] = xl_sys_passthrough,
	[SYS_shutdown] = xl_sys_passthrough,
	[SYS_getsockname] = xl_sys_passthrough,
	[SYS_getpeername] = xl_sys_passthrough,
	[SYS_setsockopt] = xl_sys_passthrough,
	[SYS_getsockopt] = xl_sys_passthrough,
	/* Waiting for events. */
	[SYS_ppoll] = xl_sys_passthrough,
	[SYS_pselect6] = xl_sys_passthrough,
	[SYS_epoll_create1] = xl_sys_passthrough,
	[SYS_epoll_ctl] = xl_sys_epoll_ctl,
	[SYS_epoll_pwait] = xl_sys_epoll_pwait,
	[SYS_eventfd2] = xl_sys_passthrough,
	[SYS_inotify_init1] = xl_sys_passthrough,
	[SYS_inotify_add_watch] = xl_sys_passthrough,
	[SYS_inotify_rm_watch] = xl_sys_passthrough,
};

#define N_HANDLERS (long)(sizeof handlers / sizeof handlers[0])

long xl_sys_passthrough(struct xl_syscall *sc)
{
	const uint64_t *a = sc->a;

	return xl_safe_syscall(sc->host_nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3],
			       (long)a[4], (long)a[5]);
}

static void resolve_nr(struct nr_map *m, long guest_nr)
{
	char *name = seccomp_syscall_resolve_num_arch(xl_proc.arch->seccomp_arch, (int)guest_nr);
	int host_nr = name ? seccomp_syscall_resolve_name(name) : -1;

	m->name = name;
	/* libseccomp gives negative pseudo numbers to calls the host lacks. */
	m->host_nr = host_nr >= 0 ? host_nr : -1;
	atomic_store_explicit(&m->resolved, 1, memory_order_release);
}

/* Looks the guest number up once; threads racing here compute the same. */
static void map_nr(struct xl_syscall *sc)
{
	sc->name = NULL;
	sc->host_nr = -1;
	if (sc->guest_nr < 0 || sc->guest_nr >= GUEST_NR_LIMIT)
		return;
	struct nr_map *m = &nr_maps[sc->guest_nr];
	if (!atomic_load_explicit(&m->resolved, memory_order_acquire))
		resolve_nr(m, sc->guest_nr);
	sc->name = m->name;
	sc->host_nr = m->host_nr;
}

static void report_unsupported(const struct xl_syscall *sc)
{
	if (!xl_proc.strace && !xl_debug_enabled)
		return;
	if (sc->guest_nr >= 0 && sc->guest_nr < GUEST_NR_LIMIT) {
		if (nr_maps[sc->guest_nr].reported)
			return;
		nr_maps[sc->guest_nr].reported = 1;
	}
	dprintf(STDERR_FILENO, "xlift: unsupported syscall %s (%ld)\n",
		sc->name ? sc->name : "?", sc->guest_nr);
}

/* The guest's own table first, then the generic one by host number. */
static long run_handler(struct xl_syscall *sc)
{
	const struct guest_arch *arch = xl_proc.arch;
	xl_sys_handler *h = NULL;

	if (sc->guest_nr >= 0 && (unsigned long)sc->guest_nr < arch->n_own_syscalls)
		h = arch->own_syscalls[sc->guest_nr];
	if (!h && sc->host_nr >= 0 && sc->host_nr < N_HANDLERS)
		h = handlers[sc->host_nr];
	if (!h) {
		report_unsupported(sc);
		return -ENOSYS;
	}
	return h(sc);
}

int xl_syscall_from_guest(struct xl_cpu *cpu)
{
	const struct guest_arch *arch = xl_proc.arch;
	struct xl_syscall sc = { .cpu = cpu, .guest_nr = arch->syscall_nr(cpu) };
	int64_t ret;

	arch->syscall_args(cpu, sc.a);
	map_nr(&sc);
	if (xl_proc.strace)
		xl_strace_enter(&sc);
	if (arch->arch_syscall && arch->arch_syscall(cpu, sc.guest_nr, sc.a, &ret))
		sc.regs_changed = 1; /* it may have dropped translations: redispatch */
	else
		ret = run_handler(&sc);
	if (xl_proc.strace)
		xl_strace_leave(&sc, ret);
	arch->syscall_ret(cpu, ret);
	if (cpu->signal_pending & XL_PENDING_SIGNAL)
		xl_signal_after_syscall(&sc, ret);
	return sc.regs_changed;
}

void xl_linux_init(void)
{
	xl_brk_init();
	xl_thread_init();
}
