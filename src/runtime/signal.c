#include "runtime/signal.h"
#include "runtime/fault.h"
#include "guest/guest.h"
#include "host/host.h"
#include "linux/linux.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SS_AUTODISARM (1u << 31)        /* uapi/linux/signal.h; not in glibc's */

static struct xl_sigaction actions[XL_NSIG + 1];
static pthread_mutex_t actions_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t restorer;

static __thread uint64_t blocked;
static __thread uint64_t pending;       /* written by the host handler too */
static __thread siginfo_t pending_info[XL_NSIG + 1];
static __thread stack_t altstack = { .ss_flags = SS_DISABLE };
static __thread uint64_t suspend_saved;
static __thread int suspended;
/* The frame of a fault whose registers are not all known, and its pc. */
static __thread uint64_t inexact_frame, inexact_pc;

void xl_signal_action(int sig, struct xl_sigaction *act)
{
	pthread_mutex_lock(&actions_lock);
	*act = actions[sig];
	pthread_mutex_unlock(&actions_lock);
}

void xl_signal_set_action(int sig, const struct xl_sigaction *act)
{
	pthread_mutex_lock(&actions_lock);
	actions[sig] = *act;
	xl_signal_host_apply(sig, act->handler);
	pthread_mutex_unlock(&actions_lock);
}

void xl_signal_set_restorer(uint64_t addr)
{
	restorer = addr;
}

uint64_t xl_signal_restorer(void)
{
	return restorer;
}

uint64_t xl_signal_mask(void)
{
	return blocked;
}

void xl_signal_set_mask(uint64_t mask)
{
	blocked = mask & ~XL_UNBLOCKABLE;
	xl_host_sigprocmask(SIG_SETMASK, &blocked, NULL);
	/* A synchronous signal sent while blocked waited here, not in the
	 * kernel: deliver it now that it is unblocked. */
	if (__atomic_load_n(&pending, __ATOMIC_RELAXED) & ~blocked)
		__atomic_fetch_or(&xl_signal_thread_cpu()->signal_pending, XL_PENDING_SIGNAL,
				  __ATOMIC_RELAXED);
}

static int on_altstack(uint64_t sp)
{
	uint64_t base = (uintptr_t)altstack.ss_sp;

	return !(altstack.ss_flags & SS_DISABLE) && sp - base - 1 < altstack.ss_size;
}

long xl_signal_altstack(const stack_t *ss, stack_t *old, uint64_t sp)
{
	stack_t prev = altstack;

	prev.ss_flags = on_altstack(sp) ? SS_ONSTACK : altstack.ss_flags & SS_DISABLE;
	if (ss) {
		int mode = ss->ss_flags & ~(int)SS_AUTODISARM;
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -EINVAL;
		if (on_altstack(sp))
			return -EPERM;
		if (mode != SS_DISABLE && ss->ss_size < GUEST_MINSIGSTKSZ)
			return -ENOMEM;
		altstack = *ss;
		altstack.ss_flags = mode == SS_DISABLE ? SS_DISABLE : ss->ss_flags & (int)SS_AUTODISARM;
	}
	if (old)
		*old = prev;
	return 0;
}

void xl_signal_suspend_begin(uint64_t mask)
{
	suspend_saved = blocked;
	suspended = 1;
	xl_signal_set_mask(mask);
}

void xl_signal_suspend_end(void)
{
	if (suspended) {
		suspended = 0;
		xl_signal_set_mask(suspend_saved);
	}
}

void xl_signal_post(int sig, const siginfo_t *info)
{
	struct xl_cpu *cpu = xl_signal_thread_cpu();

	pending_info[sig] = *info;
	__atomic_fetch_or(&pending, XL_SIGBIT(sig), __ATOMIC_RELAXED);
	__atomic_fetch_or(&cpu->signal_pending, XL_PENDING_SIGNAL, __ATOMIC_RELAXED);
}

/* Synchronous signals first, then by number, as Linux dequeues them. */
static int next_signal(uint64_t set)
{
	uint64_t sync = set & XL_SYNC_SIGNALS;

	if (sync)
		set = sync;
	return set ? __builtin_ctzll(set) + 1 : 0;
}

/* Back to the kernel, which holds it while the mask blocks it (the host
 * mask is the guest's): sigpending and signalfd find it there. */
static void requeue(int sig, siginfo_t *info)
{
	syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), sig, info);
}

static int take_signal(siginfo_t *info)
{
	uint64_t set = __atomic_load_n(&pending, __ATOMIC_RELAXED);

	for (uint64_t held = set & blocked & ~XL_SYNC_SIGNALS; held; held &= held - 1) {
		int sig = __builtin_ctzll(held) + 1;
		__atomic_fetch_and(&pending, ~XL_SIGBIT(sig), __ATOMIC_RELAXED);
		requeue(sig, &pending_info[sig]);
	}
	int sig = next_signal(set & ~blocked);
	if (sig) {
		*info = pending_info[sig];
		__atomic_fetch_and(&pending, ~XL_SIGBIT(sig), __ATOMIC_RELAXED);
	}
	return sig;
}

static void default_action(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
		return;
	case SIGTSTP: case SIGTTIN: case SIGTTOU:
		kill(getpid(), SIGSTOP);
		return;
	default:
		xl_die_by_signal(sig, NULL);
	}
}

/* The frame goes on the alternate stack when the action asks for it and
 * the thread is not on it already. */
static uint64_t frame_top(const struct xl_sigaction *act, uint64_t sp)
{
	if (!(act->flags & SA_ONSTACK) || (altstack.ss_flags & SS_DISABLE) || on_altstack(sp))
		return sp;
	sp = (uintptr_t)altstack.ss_sp + altstack.ss_size;
	if (altstack.ss_flags & SS_AUTODISARM)
		altstack = (stack_t){ .ss_flags = SS_DISABLE };
	return sp;
}

static void run_handler(struct xl_cpu *cpu, int sig, const siginfo_t *info,
			struct xl_sigaction *act)
{
	const struct guest_signal *gs = xl_proc.arch->signal;
	uint64_t sp = gs->stack_pointer(cpu);
	struct xl_sigframe_info f = {
		.sig = sig, .info = info, .handler = act->handler,
		.saved_mask = suspended ? suspend_saved : blocked,
		.altstack = { (uintptr_t)altstack.ss_sp, on_altstack(sp) ? SS_ONSTACK : altstack.ss_flags,
			      altstack.ss_size },
		.restorer = (act->flags & XL_SA_RESTORER) && act->restorer ? act->restorer : restorer,
	};

	f.sp = frame_top(act, gs->stack_pointer(cpu));
	if (gs->setup_frame(cpu, &f) < 0)
		xl_die_by_signal(SIGSEGV, "the guest's stack cannot take a signal frame");
	suspended = 0;
	blocked |= act->mask & ~XL_UNBLOCKABLE;
	if (!(act->flags & SA_NODEFER))
		blocked |= XL_SIGBIT(sig);
	if (act->flags & SA_RESETHAND)
		xl_signal_set_action(sig, &(struct xl_sigaction){ .handler = (uintptr_t)SIG_DFL });
}

static void run_action(struct xl_cpu *cpu, int sig, const siginfo_t *info)
{
	struct xl_sigaction act;

	xl_signal_action(sig, &act);
	if (act.handler == (uintptr_t)SIG_IGN)
		return;
	if (act.handler == (uintptr_t)SIG_DFL)
		default_action(sig);
	else
		run_handler(cpu, sig, info, &act);
}

void xl_signal_deliver(struct xl_cpu *cpu)
{
	siginfo_t info;
	int sig;

	__atomic_fetch_and(&cpu->signal_pending, ~XL_PENDING_SIGNAL, __ATOMIC_RELAXED);
	while ((sig = take_signal(&info)))
		run_action(cpu, sig, &info);
	/* The host handler left every signal blocked until now. */
	xl_signal_set_mask(blocked);
}

int xl_signal_restart_allowed(void)
{
	int sig = next_signal(__atomic_load_n(&pending, __ATOMIC_RELAXED) & ~blocked);
	struct xl_sigaction act;

	if (!sig)
		return 1;
	xl_signal_action(sig, &act);
	return act.handler == (uintptr_t)SIG_IGN || act.handler == (uintptr_t)SIG_DFL ||
		(act.flags & SA_RESTART);
}

_Noreturn void xl_signal_force(struct xl_cpu *cpu, const siginfo_t *info, const char *message,
			       int exact)
{
	int sig = info->si_signo;
	uint64_t pc = cpu->pc;
	struct xl_sigaction act;

	xl_signal_action(sig, &act);
	if ((blocked & XL_SIGBIT(sig)) || act.handler == (uintptr_t)SIG_IGN ||
	    act.handler == (uintptr_t)SIG_DFL)
		xl_die_by_signal(sig, message);
	run_handler(cpu, sig, info, &act);
	if (!exact) {
		inexact_frame = xl_proc.arch->signal->stack_pointer(cpu);
		inexact_pc = pc;
	}
	xl_signal_set_mask(blocked);
	xl_signal_resume(cpu);
}

int xl_signal_resumes_inexact(uint64_t frame, uint64_t pc)
{
	int inexact = frame == inexact_frame && pc == inexact_pc;

	if (frame == inexact_frame)
		inexact_frame = 0;
	return inexact;
}
