/* Process lifetime: exit, fork (clone without a shared address space) and
 * the thread bookkeeping calls glibc makes at startup. Threads (clone with
 * CLONE_VM) come later; until then a process has one guest thread. */
#include "linux/syscall.h"
#include "util/die.h"

#include <sched.h>
#include <signal.h>

/* What a fork-style clone may ask for. */
#define FORK_FLAGS (CSIGNAL | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | \
		    CLONE_CHILD_CLEARTID | CLONE_SETTLS)

long xl_sys_exit_group(struct xl_syscall *sc)
{
	_exit((int)sc->a[0]);
}

/* The child's side: its stack and TLS pointer come from the guest's clone
 * arguments and are set in guest registers, never in the host's. */
static long start_child(struct xl_syscall *sc, uint64_t flags, uint64_t stack,
			uint64_t tls, uint64_t ctid)
{
	const struct guest_arch *arch = xl_proc.arch;

	if (flags & CLONE_CHILD_SETTID)
		*XL_PTR(int32_t *, ctid) = (int32_t)gettid();
	/* CLONE_CHILD_CLEARTID would wake waiters when this thread exits
	 * before its process does, which cannot happen with one thread. */
	if (flags & CLONE_SETTLS) {
		arch->set_tls(sc->cpu, tls);
		sc->regs_changed = 1;
	}
	if (stack) {
		arch->set_sp(sc->cpu, stack);
		sc->regs_changed = 1;
	}
	return 0;
}

long xl_sys_clone(struct xl_syscall *sc)
{
	int tls_first = xl_proc.arch->clone_tls_before_ctid;
	uint64_t flags = sc->a[0], stack = sc->a[1], ptid = sc->a[2];
	uint64_t tls = tls_first ? sc->a[3] : sc->a[4];
	uint64_t ctid = tls_first ? sc->a[4] : sc->a[3];

	/* vfork (posix_spawn, system) runs as a fork: its child only execs
	 * or exits, and the parent does not look at what it wrote. */
	if ((flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK))
		flags &= ~(uint64_t)(CLONE_VM | CLONE_VFORK);
	if ((flags & ~(uint64_t)FORK_FLAGS) || (flags & CSIGNAL) != SIGCHLD) {
		xl_debug("clone with flags 0x%llx is not supported yet",
			 (unsigned long long)sc->a[0]);
		return -ENOSYS;
	}
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		return start_child(sc, flags, stack, tls, ctid);
	if (flags & CLONE_PARENT_SETTID)
		*XL_PTR(int32_t *, ptid) = pid;
	return pid;
}

/* The address matters only when a thread exits before its process. */
long xl_sys_set_tid_address(struct xl_syscall *sc)
{
	return gettid();
}

/* The kernel walks the list only when a thread exits before its process. */
long xl_sys_set_robust_list(struct xl_syscall *sc)
{
	return 0;
}
