/* Syscalls and signals: host calls a signal can cut short without a lost
 * wake-up, and what a guest syscall returns when a signal cut it short:
 * run again after the handler (SA_RESTART, as Linux restarts), or EINTR. */
#include "linux/syscall.h"
#include "runtime/signal.h"
#include "host/host.h"

long xl_safe_syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	static const uint32_t never;
	struct xl_cpu *cpu = xl_signal_thread_cpu();

	return xl_host_safe_syscall(cpu ? &cpu->signal_pending : &never, nr, a0, a1, a2, a3, a4, a5);
}

/* Calls Linux never restarts after a handler, SA_RESTART or not. A guest's
 * poll, select and epoll_wait come here as the ppoll, pselect6 and
 * epoll_pwait they run as (legacy.c), which every host has. */
static int never_restarted(long host_nr)
{
	switch (host_nr) {
	case SYS_rt_sigsuspend: case SYS_rt_sigtimedwait:
	case SYS_ppoll: case SYS_pselect6:
	case SYS_epoll_pwait: case SYS_epoll_pwait2:
	case SYS_nanosleep: case SYS_clock_nanosleep:
	case SYS_io_getevents: case SYS_io_pgetevents:
	case SYS_msgrcv: case SYS_msgsnd: case SYS_semop: case SYS_semtimedop:
		return 1;
	default:
		return 0;
	}
}

void xl_signal_after_syscall(struct xl_syscall *sc, long ret)
{
	/* The host restarts its own calls (SA_RESTART): one cut short comes
	 * back as not called, whether or not it had begun to wait. */
	if (ret == -EINTR || ret == XL_HOST_NOT_CALLED) {
		if (!never_restarted(sc->host_nr) && xl_signal_restart_allowed())
			xl_proc.arch->signal->restart_syscall(sc->cpu, sc->guest_nr, sc->a);
		else
			xl_proc.arch->syscall_ret(sc->cpu, -EINTR);
	}
	xl_signal_deliver(sc->cpu);
	sc->regs_changed = 1;
}
