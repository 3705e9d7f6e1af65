/* The decoder's opcode tables: what each opcode byte is, as a tree of
 * forms. A leaf (X86_FK_INSN) names the operation and its operands in the
 * Intel manual's notation; inner nodes select by mandatory prefix, by
 * ModRM.reg, by ModRM.mod (memory or register) or by ModRM.rm. */
#ifndef XL_X86_OPCODE_H
#define XL_X86_OPCODE_H

#include <stdint.h>
#include "guest/x86_64/decode.h"

enum x86_form_kind {
	X86_FK_BAD,             /* no instruction (zero-initialised entries) */
	X86_FK_INSN,
	X86_FK_PFX,             /* sub[4]: none, 66, f3, f2 */
	X86_FK_GROUP,           /* sub[8] by ModRM.reg */
	X86_FK_MODSPLIT,        /* sub[2]: memory, register */
	X86_FK_RM,              /* sub[8] by ModRM.rm */
	X86_FK_W,               /* sub[2]: without, with REX.W (VEX.W) */
};

/* Operand specifications: the letter says where the operand is encoded,
 * the suffix its size (b 1, w 2, d 4, q 8, v operand size, y 4 or 8 by
 * REX.W, z 2 or 4, x 16). */
enum x86_ospec {
	OS_NONE,
	/* ModRM.rm: general register or memory */
	OS_Eb, OS_Ew, OS_Ed, OS_Eq, OS_Ev, OS_Ey,
	/* ModRM.rm: memory only */
	OS_M, OS_Mb, OS_Mw, OS_Md, OS_Mq, OS_Mv, OS_My, OS_Mt, OS_Mx, OS_Mp,
	/* ModRM.rm: register only */
	OS_Ry, OS_Rq, OS_Ux, OS_Nq,
	/* ModRM.rm: xmm or memory; mmx or memory */
	OS_Wx, OS_Wq, OS_Wd, OS_Ww, OS_Wb, OS_Qq, OS_Qd,
	/* ModRM.reg */
	OS_Gb, OS_Gw, OS_Gd, OS_Gv, OS_Gy, OS_Sw, OS_Cq, OS_Dq, OS_Vx, OS_Pq,
	/* register in the opcode's low three bits (REX.B extends it) */
	OS_Zb, OS_Zv, OS_Zy,
	/* fixed operands */
	OS_AL, OS_rAX, OS_eAX, OS_CL, OS_DX, OS_ONE, OS_FS, OS_GS, OS_ST0, OS_STi,
	OS_XMM0,
	/* immediates; Ibs is sign-extended, Ib zero-extended */
	OS_Ib, OS_Ibs, OS_Iw, OS_Iz, OS_Iv, OS_Jb, OS_Jz,
	/* absolute address as immediate (mov al/rax <-> moffs) */
	OS_Ob, OS_Ov,
};

enum x86_form_flag {
	X86_FF_D64 = 1 << 0,    /* operand size defaults to 64 bits */
	X86_FF_F64 = 1 << 1,    /* operand size is always 64 bits */
	X86_FF_COND = 1 << 2,   /* condition in the opcode's low four bits */
	X86_FF_BYTE = 1 << 3,   /* operates on bytes (movsb, stosb...) */
	X86_FF_66_OPSIZE = 1 << 4, /* on a PFX node: 66 is an operand size
	                            * prefix, not a mandatory one */
	X86_FF_MOD_IGNORED = 1 << 5, /* ModRM names registers whatever its mod
	                              * (mov to/from control, debug registers) */
};

struct x86_form {
	uint16_t mnem;          /* enum x86_mnem */
	uint8_t kind;           /* enum x86_form_kind */
	uint8_t flags;          /* enum x86_form_flag */
	uint8_t op[4];          /* enum x86_ospec */
	const struct x86_form *sub;
};

extern const struct x86_form x86_map_1byte[256];
extern const struct x86_form x86_map_0f[256];
extern const struct x86_form x86_map_0f38[256];
extern const struct x86_form x86_map_0f3a[256];

/* Table-writing notation shared by the opcode_*.c files. A macro that
 * takes a form as a parameter must put it straight into braces, never pass
 * it on to another macro: the commas of an expanded form would split it. */
#define X86_FORM(m, fl, a, b, c, d) \
	{ X86_##m, X86_FK_INSN, fl, { OS_##a, OS_##b, OS_##c, OS_##d }, 0 }
#define I0(m) X86_FORM(m, 0, NONE, NONE, NONE, NONE)
#define I1(m, a) X86_FORM(m, 0, a, NONE, NONE, NONE)
#define I2(m, a, b) X86_FORM(m, 0, a, b, NONE, NONE)
#define I3(m, a, b, c) X86_FORM(m, 0, a, b, c, NONE)
#define I4(m, a, b, c, d) X86_FORM(m, 0, a, b, c, d)
#define BAD { 0, X86_FK_BAD, 0, { 0 }, 0 }
#define PFX(none, p66, pf3, pf2) \
	{ 0, X86_FK_PFX, 0, { 0 }, (const struct x86_form[4]){ none, p66, pf3, pf2 } }
/* A prefix node where 66 only changes the operand size. */
#define PFXO(none, pf3, pf2) \
	{ 0, X86_FK_PFX, X86_FF_66_OPSIZE, { 0 }, \
	  (const struct x86_form[4]){ none, none, pf3, pf2 } }
#define GRP(a, b, c, d, e, f, g, h) \
	{ 0, X86_FK_GROUP, 0, { 0 }, (const struct x86_form[8]){ a, b, c, d, e, f, g, h } }
#define MODSPLIT(mem, reg) \
	{ 0, X86_FK_MODSPLIT, 0, { 0 }, (const struct x86_form[2]){ mem, reg } }
/* A node over a separately defined table of eight. */
#define GROUP_OF(table) { 0, X86_FK_GROUP, 0, { 0 }, table }
#define BY_W(w0, w1) \
	{ 0, X86_FK_W, 0, { 0 }, (const struct x86_form[2]){ w0, w1 } }
#define RM(a, b, c, d, e, f, g, h) \
	{ 0, X86_FK_RM, 0, { 0 }, (const struct x86_form[8]){ a, b, c, d, e, f, g, h } }

/* Common shapes: MMX (no prefix) or SSE2 (66) integer operations; packed
 * single/double, with or without the scalar forms; 66 only. */
#define MMX_SSE(m) PFX(I2(m, Pq, Qq), I2(m, Vx, Wx), BAD, BAD)
#define PS_PD(ps, pd) PFX(I2(ps, Vx, Wx), I2(pd, Vx, Wx), BAD, BAD)
#define PS_PD_SS_SD(ps, pd, ss, sd) \
	PFX(I2(ps, Vx, Wx), I2(pd, Vx, Wx), I2(ss, Vx, Wd), I2(sd, Vx, Wq))
#define ONLY66(form) \
	{ 0, X86_FK_PFX, 0, { 0 }, (const struct x86_form[4]){ BAD, form, BAD, BAD } }

#endif
