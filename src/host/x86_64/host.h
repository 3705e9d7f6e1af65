/* x86-64 host: the inline parts of host/host.h and what translated code
 * needs to know about this CPU. */
#ifndef XL_HOST_X86_64_H
#define XL_HOST_X86_64_H

#include <stdint.h>
#include <signal.h>
#include <x86intrin.h>

/* Plain loads and stores are ordered as an x86-64 guest expects (TSO). */
#define XL_HOST_TSO 1
/* LLVM lowers x86_fp80 (the x87's extended format) for this host. */
#define XL_HOST_X87 1
/* An invalid operation's NaN is negative, as x86 guests expect. */
#define XL_HOST_NAN_NEGATIVE 1
/* The kernel's O_LARGEFILE (the C library defines it as 0 on 64-bit). */
#define XL_HOST_O_LARGEFILE 0100000

/* The interrupted program counter of a host signal context. */
static inline uintptr_t xl_host_context_pc(const ucontext_t *uc)
{
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
}

/* A fast cycle counter: the time-stamp counter. */
static inline uint64_t xl_host_cycles(void)
{
	return __rdtsc();
}

#endif
