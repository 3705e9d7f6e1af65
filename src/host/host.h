/* What the runtime needs from the host CPU beyond the FP environment: an
 * interruptible syscall, signal contexts, stack switching, and what
 * translated code must do for the host. Declared here, implemented once
 * per host (host/<arch>/: signal_host.c, and host.h for the inline parts
 * and the host's properties). */
#ifndef XL_HOST_H
#define XL_HOST_H

#include <stddef.h>
#include <stdint.h>
#include <signal.h>

#if defined(__x86_64__)
#include "host/x86_64/host.h"
#elif defined(__aarch64__)
#include "host/aarch64/host.h"
#else
#error "unsupported host architecture"
#endif

/* What xl_host_safe_syscall returns when a signal came before the call or
 * while the kernel was about to restart it: the kernel's ERESTARTSYS,
 * never seen by users. */
#define XL_HOST_NOT_CALLED (-512L)

/* The raw syscall nr(a0..a5), unless bit 0 of *pending is set when it
 * would start: a signal whose handler sets that bit, arriving anywhere
 * before the syscall instruction, makes it return XL_HOST_NOT_CALLED
 * instead of blocking (see xl_host_rewind_syscall). Other bits are the
 * runtime's. Results are raw: -errno. */
long xl_host_safe_syscall(const volatile uint32_t *pending, long nr, long a0, long a1,
			  long a2, long a3, long a4, long a5);

/* Called by a host signal handler that set the pending flag: when the
 * interrupted context uc is between the flag test and the syscall
 * instruction of xl_host_safe_syscall, moves it to the "not called" exit. */
void xl_host_rewind_syscall(ucontext_t *uc);

/* Copies len bytes from from to to, stopping at the first access that
 * faults (a host SIGSEGV or SIGBUS, which xl_host_probe_fault turns into
 * an early return): the bytes not copied. Guest memory read and written
 * so, without a syscall. */
size_t xl_host_probe_copy(void *to, const void *from, size_t len);

/* Called by the host fault handler: when uc faulted inside
 * xl_host_probe_copy, moves it to the exit that returns the bytes not
 * copied, and returns 1; else 0. */
int xl_host_probe_fault(ucontext_t *uc);

/* Makes the return from a host signal handler call fn(arg) on the stack
 * whose top is sp, instead of going back to the interrupted code. */
void xl_host_context_redirect(ucontext_t *uc, uintptr_t sp, void (*fn)(void *), void *arg);

/* Calls fn(arg) on the stack whose top is sp, abandoning the current one. */
_Noreturn void xl_host_call_on_stack(uintptr_t sp, void (*fn)(void *), void *arg);

/* rt_sigaction without the C library (which keeps some signals for
 * itself): handler for sig with flags and the blocked set mask (64 bits). */
int xl_host_sigaction(int sig, void (*handler)(int, siginfo_t *, void *),
		      unsigned long flags, uint64_t mask);
/* The raw rt_sigprocmask of all 64 signals; returns -errno or 0. */
long xl_host_sigprocmask(int how, const uint64_t *set, uint64_t *old);

#endif
