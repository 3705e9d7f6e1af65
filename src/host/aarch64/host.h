/* AArch64 host: the inline parts of host/host.h and what translated code
 * needs to know about this CPU. */
#ifndef XL_HOST_AARCH64_H
#define XL_HOST_AARCH64_H

#include <stdint.h>
#include <signal.h>

/* The host's memory model is weaker than x86's TSO: an x86-64 guest's
 * loads and stores need fences. */
#define XL_HOST_TSO 0
/* The AArch64 backend cannot lower x86_fp80: no x87 for x86-64 guests. */
#define XL_HOST_X87 0
/* An invalid operation's NaN (the default NaN) is positive; x86's is
 * negative. */
#define XL_HOST_NAN_NEGATIVE 0
/* The kernel's O_LARGEFILE (the C library defines it as 0 on 64-bit). */
#define XL_HOST_O_LARGEFILE 0400000

/* The interrupted program counter of a host signal context. */
static inline uintptr_t xl_host_context_pc(const ucontext_t *uc)
{
	return (uintptr_t)uc->uc_mcontext.pc;
}

/* A fast cycle counter: the virtual count register, which user code may
 * read (it ticks at CNTFRQ, not with the core's clock). */
static inline uint64_t xl_host_cycles(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

#endif
