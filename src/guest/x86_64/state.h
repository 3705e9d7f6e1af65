/* The x86-64 register file, as it sits in struct xl_cpu.regs. */
#ifndef XL_X64_STATE_H
#define XL_X64_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "runtime/cpu.h"

struct x64_regs {
	uint64_t gpr[16];               /* rax rcx rdx rbx rsp rbp rsi rdi r8-r15 */
	uint64_t rflags;                /* CF PF AF ZF SF DF OF at their bits */
	uint64_t fs_base, gs_base;
	uint64_t xmm[16][2] __attribute__((aligned(16))); /* low quadword first */
	uint32_t mxcsr;
	/* x87: st(i) is fpr[(top + i) & 7]; each register holds an 80-bit
	 * extended value in the low ten bytes (x87.h reads and writes it) */
	uint16_t fcw, fsw, ftw;         /* ftw: abridged, one bit per register */
	uint8_t fpu_top;
	uint8_t fpr[8][16] __attribute__((aligned(16)));
	/* An operation whose status flags rflags does not hold yet: a return
	 * or an indirect jump leaves them so (the code after it seldom reads
	 * them). cc_op is 0, or the operation's kind (add 1, sub 2, logic 3)
	 * << 4 | its operand size; a, b and res zero-extended. */
	uint64_t cc_a, cc_b, cc_res;
	uint32_t cc_op;
};

#define X64_REGS(cpu) ((struct x64_regs *)(cpu)->regs)
#define X64_OFF(field) (offsetof(struct xl_cpu, regs) + offsetof(struct x64_regs, field))
#define X64_GPR_OFF(i) (X64_OFF(gpr) + 8 * (size_t)(i))

enum {
	X64_CF = 1 << 0, X64_PF = 1 << 2, X64_AF = 1 << 4, X64_ZF = 1 << 6,
	X64_SF = 1 << 7, X64_DF = 1 << 10, X64_OF = 1 << 11,
};

/* The status flags: what arithmetic writes and conditions test. */
#define X64_STATUS_FLAGS (X64_CF | X64_PF | X64_AF | X64_ZF | X64_SF | X64_OF)

/* Computes rflags' status flags from a pending cc_op (lazy_flags.c). */
void x64_flags_materialize(struct xl_cpu *cpu);

/* rflags bit 1 always reads as one. */
#define X64_RFLAGS_FIXED 0x2

/* MXCSR and the x87 control word at reset: every exception masked,
 * round to nearest; x87 precision: extended. */
#define X64_MXCSR_RESET 0x1f80
#define X64_FCW_RESET 0x37f
#define X64_XMM_OFF(i) (X64_OFF(xmm) + 16 * (size_t)(i))

#endif
