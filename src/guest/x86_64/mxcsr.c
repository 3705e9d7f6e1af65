/* The guest's MXCSR. Translated code runs in the host's floating-point
 * environment with the guest's rounding mode in it, so the host's own
 * operations round as the guest asked and accrue the guest's exception
 * flags there; the state keeps the control bits and the flags a guest
 * wrote. */
#include "guest/x86_64/mxcsr.h"
#include "guest/x86_64/state.h"
#include "host/fpenv.h"

void x64_mxcsr_write(struct xl_cpu *cpu, uint32_t v)
{
	X64_REGS(cpu)->mxcsr = v;
	host_fpenv_set(host_fpenv_with(host_fpenv_get(), 0, (enum host_rounding)((v >> 13) & 3)));
}

/* The host's exception flags as MXCSR's (IE DE ZE OE UE PE, bits 0-5). */
static uint32_t mxcsr_flags(uint32_t host_flags)
{
	return (host_flags & HOST_FE_INVALID ? 0x01u : 0) |
		(host_flags & HOST_FE_DENORMAL ? 0x02u : 0) |
		(host_flags & HOST_FE_DIVBYZERO ? 0x04u : 0) |
		(host_flags & HOST_FE_OVERFLOW ? 0x08u : 0) |
		(host_flags & HOST_FE_UNDERFLOW ? 0x10u : 0) |
		(host_flags & HOST_FE_INEXACT ? 0x20u : 0);
}

uint32_t x64_mxcsr_read(struct xl_cpu *cpu)
{
	return X64_REGS(cpu)->mxcsr | mxcsr_flags(host_fpenv_flags(host_fpenv_get()));
}
