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

uint32_t x64_mxcsr_read(struct xl_cpu *cpu)
{
	return X64_REGS(cpu)->mxcsr | host_fpenv_flags(host_fpenv_get());
}
