/* Guest signals: actions, per-thread masks and pending signals, delivery
 * at safe points. Host signal handlers (signal_host.c) only record a
 * signal and raise cpu->signal_pending; translated code tests the flag at
 * region entries and loop back edges and the runtime delivers there, after
 * syscalls, and in the dispatcher, with the whole guest state in the CPU.
 * While guest code runs, the host's signal mask is the guest's, so the
 * kernel keeps blocked signals pending (sigpending, sigtimedwait and
 * signalfd see them) and routes process signals to a thread that takes
 * them. Signal numbers are the generic Linux ones on every guest so far. */
#ifndef XL_SIGNAL_H
#define XL_SIGNAL_H

#include <signal.h>
#include <stdint.h>
#include "runtime/cpu.h"

#define XL_NSIG 64
#define XL_SIGBIT(sig) (UINT64_C(1) << ((sig) - 1))
/* Signals no mask blocks. */
#define XL_UNBLOCKABLE (XL_SIGBIT(SIGKILL) | XL_SIGBIT(SIGSTOP))
/* sa_restorer is valid (x86-64: glibc always sets it). */
#define XL_SA_RESTORER 0x04000000
/* Signals the CPU raises for the instruction that caused them. */
#define XL_SYNC_SIGNALS (XL_SIGBIT(SIGSEGV) | XL_SIGBIT(SIGBUS) | XL_SIGBIT(SIGILL) | \
			 XL_SIGBIT(SIGFPE) | XL_SIGBIT(SIGTRAP))

struct xl_sigaction {
	uint64_t handler;               /* guest address, or SIG_DFL, SIG_IGN */
	uint64_t flags;                 /* SA_* (generic values) */
	uint64_t restorer;              /* with XL_SA_RESTORER: where handlers return */
	uint64_t mask;
};

/* Process-wide actions. set also tells the host what to do with sig. */
void xl_signal_action(int sig, struct xl_sigaction *act);
void xl_signal_set_action(int sig, const struct xl_sigaction *act);
/* Guest address of the code handlers return to (rt_sigreturn). */
void xl_signal_set_restorer(uint64_t addr);
uint64_t xl_signal_restorer(void);

/* The calling thread's guest mask; setting it sets the host's too. */
uint64_t xl_signal_mask(void);
void xl_signal_set_mask(uint64_t mask);
/* sigaltstack(2) for the calling thread, whose stack pointer is sp. */
long xl_signal_altstack(const stack_t *ss, stack_t *old, uint64_t sp);
/* rt_sigsuspend: runs with mask until a handler runs; the handler's frame
 * records the mask from before. end undoes begin if no handler ran. */
void xl_signal_suspend_begin(uint64_t mask);
void xl_signal_suspend_end(void);

/* Called by the host handler of a guest thread: sig is pending. */
void xl_signal_post(int sig, const siginfo_t *info);
/* At a safe point, the guest state all in cpu: runs the actions of the
 * pending signals (a handler gets its frame and cpu->pc points at it). */
void xl_signal_deliver(struct xl_cpu *cpu);
/* Whether a syscall cut short by the pending signals may run again (no
 * handler without SA_RESTART runs first). */
int xl_signal_restart_allowed(void);
/* A synchronous guest signal (a fault) with the guest state in cpu: runs
 * its handler, or dies of it (printing message) when the guest blocks,
 * ignores or does not handle it, as Linux forces such signals. exact: all
 * of the state is known, else only what docs/architecture.md lists. */
_Noreturn void xl_signal_force(struct xl_cpu *cpu, const siginfo_t *info, const char *message,
			       int exact);
/* rt_sigreturn from the frame at frame to pc: whether that resumes the
 * instruction of an inexact fault, whose registers xlift does not have. */
int xl_signal_resumes_inexact(uint64_t frame, uint64_t pc);

/* signal_host.c: this thread runs the guest on cpu; base_sp is a host
 * stack address the runtime may restart from, all frames below it given
 * up (after a fault). Also inherits the guest mask from the host's. */
void xl_signal_thread_start(struct xl_cpu *cpu, uintptr_t base_sp);
/* signal_host.c: xl_host_probe_copy with the host's fault handlers in
 * place and SIGSEGV and SIGBUS unblocked in the calling thread meanwhile
 * (the kernel kills for a blocked one): the bytes not copied. */
size_t xl_signal_probe_copy(void *to, const void *from, size_t len);
/* The guest CPU of the calling thread, or NULL. */
struct xl_cpu *xl_signal_thread_cpu(void);
/* Points the host's action for sig at what the guest's handler needs. */
void xl_signal_host_apply(int sig, uint64_t guest_handler);
/* Runs cpu from cpu->pc on the thread's base stack: never returns. */
_Noreturn void xl_signal_resume(struct xl_cpu *cpu);

#endif
