#include "guest/x86_64/fxsave.h"
#include "guest/x86_64/mxcsr.h"
#include "guest/x86_64/state.h"
#include "runtime/fault.h"
#include "runtime/guest_mem.h"

#include <stddef.h>
#include <string.h>

_Static_assert(sizeof(struct x64_fxsave) == 512, "fxsave size");

/* The MXCSR bits this CPU has (the image's mxcsr_mask): all but the
 * reserved upper half. */
#define MXCSR_MASK 0xffff

void x64_fxsave_image(struct xl_cpu *cpu, struct x64_fxsave *fx)
{
	struct x64_regs *regs = X64_REGS(cpu);

	memset(fx, 0, sizeof *fx);
	fx->fcw = regs->fcw;
	fx->fsw = (uint16_t)((regs->fsw & ~0x3800) | (regs->fpu_top & 7) << 11);
	fx->ftw = (uint8_t)regs->ftw;
	fx->mxcsr = x64_mxcsr_read(cpu);
	fx->mxcsr_mask = MXCSR_MASK;
	for (int i = 0; i < 8; i++)
		memcpy(fx->st[i], regs->fpr[(regs->fpu_top + i) & 7], 10);
	memcpy(fx->xmm, regs->xmm, sizeof fx->xmm);
}

void x64_fxsave_load(struct xl_cpu *cpu, const struct x64_fxsave *fx)
{
	struct x64_regs *regs = X64_REGS(cpu);

	regs->fcw = fx->fcw;
	regs->fpu_top = (fx->fsw >> 11) & 7;
	regs->fsw = fx->fsw & ~0x3800;
	regs->ftw = fx->ftw;
	for (int i = 0; i < 8; i++) {
		memset(regs->fpr[(regs->fpu_top + i) & 7], 0, sizeof regs->fpr[0]);
		memcpy(regs->fpr[(regs->fpu_top + i) & 7], fx->st[i], 10);
	}
	memcpy(regs->xmm, fx->xmm, sizeof regs->xmm);
	x64_mxcsr_write(cpu, fx->mxcsr & MXCSR_MASK);
}

static int usable(uint64_t addr, int writing)
{
	uint8_t byte;

	return writing ? xl_guest_word_writable(addr & ~3ull) : xl_guest_read(&byte, addr, 1) == 0;
}

/* The CPU checks the whole area before it touches a byte: its last byte
 * first, then its first (the area spans at most two pages). */
static void check_area(struct xl_cpu *cpu, uint64_t addr, int writing)
{
	uint64_t last = addr + sizeof(struct x64_fxsave) - 1;

	if (addr & 15)
		xl_guest_fault_gp(cpu);
	if (!usable(last, writing))
		xl_guest_fault_access(cpu, last);
	if (!usable(addr, writing))
		xl_guest_fault_access(cpu, addr);
}

void x64_fxsave_insn(struct xl_cpu *cpu, uint64_t addr)
{
	struct x64_fxsave fx;

	check_area(cpu, addr, 1);
	x64_fxsave_image(cpu, &fx);
	/* the CPU leaves the unused bytes (416-511, partly the software's) */
	if (xl_guest_write(addr, &fx, offsetof(struct x64_fxsave, unused)) < 0)
		xl_guest_fault_access(cpu, addr);   /* unmapped meanwhile */
}

void x64_fxrstor_insn(struct xl_cpu *cpu, uint64_t addr)
{
	struct x64_fxsave fx;

	check_area(cpu, addr, 0);
	if (xl_guest_read(&fx, addr, sizeof fx) < 0)
		xl_guest_fault_access(cpu, addr);
	if (fx.mxcsr & ~(uint32_t)MXCSR_MASK)
		xl_guest_fault_gp(cpu);
	x64_fxsave_load(cpu, &fx);
}
