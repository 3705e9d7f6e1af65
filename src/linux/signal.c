/* Signal actions are recorded, not yet delivered: the guest gets back what
 * it set. Only "ignore" reaches the host, because it changes what the
 * kernel itself does (EPIPE instead of death, no zombies for SIGCHLD). */
#include "linux/syscall.h"
#include "linux/abi.h"

#include <signal.h>

#define GUEST_NSIG 64
#define SS_AUTODISARM (1u << 31)        /* uapi/linux/signal.h; not in glibc's */

static struct xl_guest_sigaction actions[GUEST_NSIG + 1];
static __thread stack_t altstack = { .ss_flags = SS_DISABLE };

static void apply_to_host(int sig, uint64_t handler)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };

	if (handler == (uintptr_t)SIG_IGN)
		sa.sa_handler = SIG_IGN;
	/* glibc refuses its own internal signals; they keep the default. */
	sigaction(sig, &sa, NULL);
}

long xl_sys_rt_sigaction(struct xl_syscall *sc)
{
	int sig = (int)sc->a[0];
	const struct xl_guest_sigaction *act = XL_PTR(const struct xl_guest_sigaction *, sc->a[1]);
	struct xl_guest_sigaction *old = XL_PTR(struct xl_guest_sigaction *, sc->a[2]);

	if (sc->a[3] != sizeof(uint64_t) || sig < 1 || sig > GUEST_NSIG)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	struct xl_guest_sigaction prev = actions[sig];
	if (act) {
		actions[sig] = *act;
		apply_to_host(sig, act->handler);
	}
	if (old)
		*old = prev;
	return 0;
}

/* stack_t has the same layout for every guest and host. */
long xl_sys_sigaltstack(struct xl_syscall *sc)
{
	const stack_t *ss = XL_PTR(const stack_t *, sc->a[0]);
	stack_t *old = XL_PTR(stack_t *, sc->a[1]);
	stack_t prev = altstack;

	if (ss && (ss->ss_flags & ~(SS_DISABLE | SS_AUTODISARM)))
		return -EINVAL;
	if (ss)
		altstack = *ss;
	if (old)
		*old = prev;
	return 0;
}
