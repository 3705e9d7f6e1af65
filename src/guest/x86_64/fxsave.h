/* The 512-byte fxsave image of the x87, MXCSR and xmm state: what fxsave
 * and fxrstor store and load, and the fpstate of a signal frame. */
#ifndef XL_X64_FXSAVE_H
#define XL_X64_FXSAVE_H

#include <stdint.h>
#include "runtime/cpu.h"

struct x64_fxsave {
	uint16_t fcw, fsw;
	uint8_t ftw, reserved0;         /* abridged: one bit per physical register */
	uint16_t fop;
	uint64_t fip, fdp;
	uint32_t mxcsr, mxcsr_mask;
	uint8_t st[8][16];              /* st(0)..st(7), ten bytes each */
	uint64_t xmm[16][2];
	uint8_t unused[96];
};

/* The image of cpu's state; cpu's state from an image. */
void x64_fxsave_image(struct xl_cpu *cpu, struct x64_fxsave *fx);
void x64_fxsave_load(struct xl_cpu *cpu, const struct x64_fxsave *fx);

/* The instructions, as runtime calls of translated code with the state
 * written back: the area at addr must be 16-byte aligned (else SIGSEGV,
 * as the CPU's #GP), and readable or writable (else SIGSEGV at the
 * address); fxrstor refuses reserved MXCSR bits as the CPU does. */
void x64_fxsave_insn(struct xl_cpu *cpu, uint64_t addr);
void x64_fxrstor_insn(struct xl_cpu *cpu, uint64_t addr);

#endif
