/* The guest's signal syscalls: actions, masks, the alternate stack,
 * rt_sigreturn and rt_sigsuspend. The state lives in runtime/signal.c;
 * delivery happens there too, at safe points. */
#include "linux/syscall.h"
#include "linux/abi.h"
#include "linux/ranges.h"
#include "runtime/fault.h"
#include "runtime/guest_mem.h"
#include "runtime/signal.h"
#include "util/die.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

/* The page with the guest's rt_sigreturn code (the kernel's vDSO has it). */
static void map_sigreturn_code(void)
{
	const struct guest_signal *gs = xl_proc.arch->signal;
	uint64_t page = (uint64_t)getpagesize();
	long addr = xl_ranges_map(0, page, page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (xl_is_error(addr))
		xl_die("no memory for the guest's signal return code");
	memcpy((void *)addr, gs->sigreturn_code, gs->sigreturn_len);
	mprotect((void *)addr, page, PROT_READ | PROT_EXEC);
	xl_signal_set_restorer((uint64_t)addr);
}

static int is_handler(uint64_t handler)
{
	return handler != (uintptr_t)SIG_DFL && handler != (uintptr_t)SIG_IGN;
}

static struct xl_sigaction action_from_guest(const struct xl_sigaction_layout *l,
					     const void *g)
{
	return (struct xl_sigaction){
		.handler = xl_field_get(g, l->handler), .flags = xl_field_get(g, l->flags),
		.restorer = xl_field_get(g, l->restorer),
		.mask = xl_field_get(g, l->mask) & ~XL_UNBLOCKABLE,
	};
}

static void action_to_guest(const struct xl_sigaction_layout *l, const struct xl_sigaction *a,
			    void *g)
{
	memset(g, 0, l->size);
	xl_field_put(g, l->handler, a->handler);
	xl_field_put(g, l->flags, a->flags);
	xl_field_put(g, l->restorer, a->restorer);
	xl_field_put(g, l->mask, a->mask);
}

long xl_sys_rt_sigaction(struct xl_syscall *sc)
{
	static pthread_once_t sigreturn_code = PTHREAD_ONCE_INIT;
	const struct xl_sigaction_layout *l = xl_proc.arch->sigaction_layout;
	int sig = (int)sc->a[0];
	unsigned char g[64];            /* larger than any guest's sigaction */
	struct xl_sigaction prev;

	if (sc->a[3] != sizeof(uint64_t) || sig < 1 || sig > XL_NSIG)
		return -EINVAL;
	if (sc->a[1] && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (sc->a[1] && xl_guest_read(g, sc->a[1], l->size) < 0)
		return -EFAULT;
	xl_signal_action(sig, &prev);
	if (sc->a[1]) {
		struct xl_sigaction act = action_from_guest(l, g);
		/* A guest without signal frames cannot run handlers. */
		if (is_handler(act.handler) && !xl_proc.arch->signal)
			return -ENOSYS;
		if (is_handler(act.handler))
			pthread_once(&sigreturn_code, map_sigreturn_code);
		xl_signal_set_action(sig, &act);
	}
	if (!sc->a[2])
		return 0;
	action_to_guest(l, &prev, g);
	return xl_guest_write(sc->a[2], g, l->size);
}

long xl_sys_rt_sigprocmask(struct xl_syscall *sc)
{
	uint64_t mask = xl_signal_mask(), set;

	if (sc->a[3] != sizeof(uint64_t))
		return -EINVAL;
	if (sc->a[1]) {
		if (XL_COPY_IN(set, sc->a[1]))
			return -EFAULT;
		switch (sc->a[0]) {
		case SIG_BLOCK: xl_signal_set_mask(mask | set); break;
		case SIG_UNBLOCK: xl_signal_set_mask(mask & ~set); break;
		case SIG_SETMASK: xl_signal_set_mask(set); break;
		default: return -EINVAL;
		}
	}
	return sc->a[2] ? XL_COPY_OUT(sc->a[2], mask) : 0;
}

/* stack_t has the same layout for every guest and host. */
long xl_sys_sigaltstack(struct xl_syscall *sc)
{
	stack_t ss, old;

	if (!xl_proc.arch->signal)
		return -ENOSYS;
	if (sc->a[0] && XL_COPY_IN(ss, sc->a[0]))
		return -EFAULT;
	long ret = xl_signal_altstack(sc->a[0] ? &ss : NULL, &old,
				      xl_proc.arch->signal->stack_pointer(sc->cpu));
	if (ret == 0 && sc->a[1])
		ret = XL_COPY_OUT(sc->a[1], old);
	return ret;
}

long xl_sys_rt_sigreturn(struct xl_syscall *sc)
{
	const struct guest_signal *gs = xl_proc.arch->signal;
	uint64_t mask;
	struct xl_sigstack saved;
	int64_t ret;

	uint64_t frame = gs->stack_pointer(sc->cpu) - gs->sigreturn_sp_offset;
	if (gs->restore_frame(sc->cpu, &mask, &saved, &ret) < 0)
		xl_die_by_signal(SIGSEGV, "rt_sigreturn without a readable signal frame");
	if (xl_signal_resumes_inexact(frame, sc->cpu->pc))
		xl_die("the guest's handler resumes the access at 0x%llx that faulted in "
		       "translated code, whose registers xlift does not know exactly",
		       (unsigned long long)sc->cpu->pc);
	xl_signal_set_mask(mask);
	stack_t stack = { (void *)(uintptr_t)saved.sp, saved.flags, saved.size };
	xl_signal_altstack(&stack, NULL, gs->stack_pointer(sc->cpu));
	sc->regs_changed = 1;
	return ret;
}

/* The host waits with the same mask; a signal that comes before the wait
 * begins cuts it short (safe syscall), so none is missed. */
long xl_sys_rt_sigsuspend(struct xl_syscall *sc)
{
	uint64_t set;

	if (sc->a[1] != sizeof(uint64_t))
		return -EINVAL;
	if (XL_COPY_IN(set, sc->a[0]))
		return -EFAULT;
	xl_signal_suspend_begin(set);
	uint64_t mask = xl_signal_mask();
	xl_hostcall(SYS_rt_sigsuspend, &mask, sizeof mask);
	if (!(sc->cpu->signal_pending & XL_PENDING_SIGNAL))
		xl_signal_suspend_end();
	return -EINTR;
}
