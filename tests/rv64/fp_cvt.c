/* F and D conversions, each with every static rounding mode and rm=dyn under
 * every frm:
 *   float -> int: fcvt.w.s fcvt.wu.s fcvt.l.s fcvt.lu.s and the .d forms:
 *     ties (0.5 1.5 2.5 and negatives), range limits (2^31, 2^32, 2^63, 2^64
 *     and just inside/outside), saturation with NV (NaN -> maximum, +inf ->
 *     maximum, -inf and negatives -> minimum / 0), tiny values rounding to
 *     0 or +-1; W results are sign-extended (fcvt.wu.s NaN -> all ones).
 *   int -> float: fcvt.s.w fcvt.s.wu fcvt.s.l fcvt.s.lu and the .d forms:
 *     inexact large values, ties, W forms reading only the low 32 bits.
 *   float <-> float: fcvt.s.d (rounding, overflow, underflow, NaN ->
 *     canonical 7fc00000, NV for sNaN), fcvt.d.s (exact; NaN -> canonical
 *     7ff8000000000000, subnormal singles).
 * Every line prints the 64-bit result and fflags. */
#include "rvtest.h"

typedef uint64_t (*cvt_fn)(uint64_t a, uint64_t frm, uint64_t *fl);

#define CVT_ASM(pre, insn, post)                                               \
	uint64_t r;                                                            \
	__asm__ volatile("fsrm %[frm]\n fsflags zero\n" pre "\n" insn "\n" post \
			 "\n frflags %[fl]\n fsrm zero"                        \
			 : [r] "=&r"(r), [fl] "=&r"(*fl)                       \
			 : [a] "r"(a), [frm] "r"(frm)                          \
			 : "ft0", "ft3");                                      \
	return r;

/* F2I: float bits in, integer out; I2F: integer in, float bits out. */
#define F2I(fn, insn, rm) static uint64_t fn##_##rm(uint64_t a, uint64_t frm, uint64_t *fl) \
	{ CVT_ASM("fmv.d.x ft0, %[a]", insn " %[r], ft0, " #rm, "") }
#define I2F(fn, insn, rm) static uint64_t fn##_##rm(uint64_t a, uint64_t frm, uint64_t *fl) \
	{ CVT_ASM("", insn " ft3, %[a], " #rm, "fmv.x.d %[r], ft3") }
/* Exact conversions have no rm operand in the assembler: still run under
 * every mode, the result must not change. */
#define I2FX(fn, insn, rm) static uint64_t fn##_##rm(uint64_t a, uint64_t frm, uint64_t *fl) \
	{ CVT_ASM("", insn " ft3, %[a]", "fmv.x.d %[r], ft3") }
#define F2FX(fn, insn, rm) static uint64_t fn##_##rm(uint64_t a, uint64_t frm, uint64_t *fl) \
	{ CVT_ASM("fmv.d.x ft0, %[a]", insn " ft3, ft0", "fmv.x.d %[r], ft3") }
#define F2F(fn, insn, rm) static uint64_t fn##_##rm(uint64_t a, uint64_t frm, uint64_t *fl) \
	{ CVT_ASM("fmv.d.x ft0, %[a]", insn " ft3, ft0, " #rm, "fmv.x.d %[r], ft3") }

#define FOR_RM(DEF, fn, insn) DEF(fn, insn, rne) DEF(fn, insn, rtz) DEF(fn, insn, rdn) \
	DEF(fn, insn, rup) DEF(fn, insn, rmm) DEF(fn, insn, dyn)

enum { IN_S, IN_D, IN_INT };
#define OPS(X)                                                                 \
	X(F2I, fcvt_w_s, "fcvt.w.s", IN_S) X(F2I, fcvt_wu_s, "fcvt.wu.s", IN_S) \
	X(F2I, fcvt_l_s, "fcvt.l.s", IN_S) X(F2I, fcvt_lu_s, "fcvt.lu.s", IN_S) \
	X(F2I, fcvt_w_d, "fcvt.w.d", IN_D) X(F2I, fcvt_wu_d, "fcvt.wu.d", IN_D) \
	X(F2I, fcvt_l_d, "fcvt.l.d", IN_D) X(F2I, fcvt_lu_d, "fcvt.lu.d", IN_D) \
	X(I2F, fcvt_s_w, "fcvt.s.w", IN_INT) X(I2F, fcvt_s_wu, "fcvt.s.wu", IN_INT) \
	X(I2F, fcvt_s_l, "fcvt.s.l", IN_INT) X(I2F, fcvt_s_lu, "fcvt.s.lu", IN_INT) \
	X(I2FX, fcvt_d_w, "fcvt.d.w", IN_INT) X(I2FX, fcvt_d_wu, "fcvt.d.wu", IN_INT) \
	X(I2F, fcvt_d_l, "fcvt.d.l", IN_INT) X(I2F, fcvt_d_lu, "fcvt.d.lu", IN_INT) \
	X(F2F, fcvt_s_d, "fcvt.s.d", IN_D) X(F2FX, fcvt_d_s, "fcvt.d.s", IN_S)

#define X_DEF(DEF, fn, insn, in) FOR_RM(DEF, fn, insn)
OPS(X_DEF)

struct op {
	const char *name;
	int in;
	cvt_fn fn[6];
};
#define X_TAB(DEF, fn, insn, in) \
	{ insn, in, { fn##_rne, fn##_rtz, fn##_rdn, fn##_rup, fn##_rmm, fn##_dyn } },
static const struct op ops[] = { OPS(X_TAB) };

static const uint64_t s_vals[] = {
	0x00000000, 0x80000000, 0x3f000000, 0x3fc00000, 0x40200000, 0xbf000000,
	0xbfc00000, 0xc0200000, 0x3f800000, 0xbf800000,
	0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f800000, 0x4f7fffff,
	0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001, 0x5f800000, 0x5f7fffff,
	0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffc00000,
	0x00000001, 0x80000001, 0x007fffff, 0x3eaaaaab,
};
static const uint64_t d_vals[] = {
	0x0000000000000000, 0x8000000000000000, 0x3fe0000000000000, 0x3ff8000000000000,
	0x4004000000000000, 0xbfe0000000000000, 0xbff8000000000000, 0xc004000000000000,
	0xbff0000000000000,
	0x41dfffffffe00000, /* 2^31 - 0.5 */    0x41dfffffffc00000, /* 2^31 - 1 */
	0x41e0000000000000, /* 2^31 */          0xc1e0000000000000, /* -2^31 */
	0xc1e0000000100000, /* -2^31 - 0.5 */   0x41efffffffe00000, /* 2^32 - 1 */
	0x41effffffff00000, /* 2^32 - 0.5 */    0x41f0000000000000, /* 2^32 */
	0x43dfffffffffffff, 0x43e0000000000000, /* 2^63 */
	0xc3e0000000000000, /* -2^63 */         0xc3e0000000000001,
	0x43efffffffffffff, 0x43f0000000000000, /* 2^64 */
	0x7fefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000,
	0x7ff8000000000000, 0x7ff0000000000001, 0xfff8000000000000, 0x7ff8000012345678,
	0x0000000000000001, 0x8000000000000001, 0x3ff0000010000000, /* 1 + 2^-24 */
	0x3ff0000010000001, 0xbff0000010000000, 0x7e37e43c8800759c, /* 1e300 */
	0xfe37e43c8800759c, 0x01a56e1fc2f8f359, /* 1e-300 */
	0x47efffffe0000000, /* single max */    0x47effffff0000000, /* + half ulp */
	0x36a0000000000000, /* single min subnormal */ 0x3690000000000000,
	0x3810000000000000, /* single min normal */   0x380fffffffffffff,
};
static const uint64_t i_vals[] = {
	0, 1, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000,
	0x7fffffff, 0x80000000, 0xffffffff, 0x123456789abcdef0,
	0x1000001, 0x1000003, 0xfffffffffeffffff, 0x20000000000001, 0x20000000000003,
	0x8000000000000001, 0x100000001, 0xfffffffe00000003, 0x7fffffbf, 0x7fffffc0,
};

static void run_op(const struct op *op)
{
	const uint64_t *vals = op->in == IN_S ? s_vals : op->in == IN_D ? d_vals : i_vals;
	unsigned n = op->in == IN_S ? ARRAY_LEN(s_vals) :
		     op->in == IN_D ? ARRAY_LEN(d_vals) : ARRAY_LEN(i_vals);
	int w = op->in == IN_S ? 8 : 16;
	for (unsigned i = 0; i < n; i++) {
		uint64_t a = op->in == IN_S ? 0xffffffff00000000 | vals[i] : vals[i];
		for (int m = 0; m < 10; m++) {
			uint64_t fl, r;
			int rm = m % 5, dyn = m >= 5;
			r = op->fn[dyn ? 5 : rm](a, dyn ? rm : OTHER_FRM(rm), &fl);
			printf("%s %s%s %0*" PRIx64 " = %016" PRIx64 " fflags=%02" PRIx64 "\n",
			       op->name, dyn ? "dyn=" : "", rm_names[rm], w, vals[i], r, fl);
		}
	}
}

int main(void)
{
	for (unsigned k = 0; k < ARRAY_LEN(ops); k++)
		run_op(&ops[k]);
	return 0;
}
