/* F and D arithmetic: fadd fsub fmul fdiv fsqrt fmadd fmsub fnmadd fnmsub,
 * .s and .d, each with every static rounding mode (rne rtz rdn rup rmm;
 * frm set to a different mode meanwhile) and with rm=dyn under every frm.
 * Inputs: ties and near-ties, exact zeros (sign depends on the mode), -0.0,
 * overflow, underflow (tiny and inexact vs exact subnormal), subnormal
 * inputs, inf-inf, 0*inf (also 0*inf+qNaN in the fused forms), x/0, 0/0,
 * quiet and signalling NaNs (result: canonical NaN 7fc00000 /
 * 7ff8000000000000; NV only for signalling or invalid). Each line prints
 * the result register as a whole 64-bit value (single results must be
 * NaN-boxed: upper 32 bits all ones) and fflags (NV DZ OF UF NX = 10 8 4 2 1). */
#include "rvtest.h"

typedef uint64_t (*fp_fn)(uint64_t a, uint64_t b, uint64_t c, uint64_t frm, uint64_t *fl);

#define FP_ASM(insn_operands)                                                  \
	uint64_t r;                                                            \
	__asm__ volatile("fsrm %[frm]\n fsflags zero\n"                        \
			 "fmv.d.x ft0, %[a]\n fmv.d.x ft1, %[b]\n fmv.d.x ft2, %[c]\n" \
			 insn_operands "\n"                                    \
			 "fmv.x.d %[r], ft3\n frflags %[fl]\n fsrm zero"       \
			 : [r] "=&r"(r), [fl] "=&r"(*fl)                       \
			 : [a] "r"(a), [b] "r"(b), [c] "r"(c), [frm] "r"(frm)  \
			 : "ft0", "ft1", "ft2", "ft3");                        \
	return r;

#define DEF1(fn, insn, rm) static uint64_t fn##_##rm(uint64_t a, uint64_t b, uint64_t c, uint64_t frm, uint64_t *fl) { FP_ASM(insn " ft3, ft0, " #rm) }
#define DEF2(fn, insn, rm) static uint64_t fn##_##rm(uint64_t a, uint64_t b, uint64_t c, uint64_t frm, uint64_t *fl) { FP_ASM(insn " ft3, ft0, ft1, " #rm) }
#define DEF3(fn, insn, rm) static uint64_t fn##_##rm(uint64_t a, uint64_t b, uint64_t c, uint64_t frm, uint64_t *fl) { FP_ASM(insn " ft3, ft0, ft1, ft2, " #rm) }

#define FOR_RM(DEF, fn, insn) DEF(fn, insn, rne) DEF(fn, insn, rtz) DEF(fn, insn, rdn) \
	DEF(fn, insn, rup) DEF(fn, insn, rmm) DEF(fn, insn, dyn)

#define OPS(X)                                                                 \
	X(DEF2, fadd_s, "fadd.s", 2, 0) X(DEF2, fsub_s, "fsub.s", 2, 0)       \
	X(DEF2, fmul_s, "fmul.s", 2, 0) X(DEF2, fdiv_s, "fdiv.s", 2, 0)       \
	X(DEF1, fsqrt_s, "fsqrt.s", 1, 0)                                      \
	X(DEF3, fmadd_s, "fmadd.s", 3, 0) X(DEF3, fmsub_s, "fmsub.s", 3, 0)   \
	X(DEF3, fnmadd_s, "fnmadd.s", 3, 0) X(DEF3, fnmsub_s, "fnmsub.s", 3, 0) \
	X(DEF2, fadd_d, "fadd.d", 2, 1) X(DEF2, fsub_d, "fsub.d", 2, 1)       \
	X(DEF2, fmul_d, "fmul.d", 2, 1) X(DEF2, fdiv_d, "fdiv.d", 2, 1)       \
	X(DEF1, fsqrt_d, "fsqrt.d", 1, 1)                                      \
	X(DEF3, fmadd_d, "fmadd.d", 3, 1) X(DEF3, fmsub_d, "fmsub.d", 3, 1)   \
	X(DEF3, fnmadd_d, "fnmadd.d", 3, 1) X(DEF3, fnmsub_d, "fnmsub.d", 3, 1)

#define X_DEF(DEF, fn, insn, nargs, dbl) FOR_RM(DEF, fn, insn)
OPS(X_DEF)

struct op {
	const char *name;
	int nargs, dbl;
	fp_fn fn[6];            /* rne rtz rdn rup rmm dyn */
};
#define X_TAB(DEF, fn, insn, nargs, dbl) \
	{ insn, nargs, dbl, { fn##_rne, fn##_rtz, fn##_rdn, fn##_rup, fn##_rmm, fn##_dyn } },
static const struct op ops[] = { OPS(X_TAB) };

#define BOX(x) (0xffffffff00000000 | (x))

/* Operand triples (raw bits; singles are NaN-boxed when used). */
struct args { uint64_t a, b, c; };
static const struct args s_args[] = {
	{ 0x3f800000, 0x33800000, 0x3f800000 },   /* 1 + 2^-24: tie */
	{ 0x3f800000, 0x33800001, 0xbf800000 },   /* just above the tie */
	{ 0xbf800000, 0xb3800000, 0x3f800000 },   /* negative tie */
	{ 0x3f800000, 0xbf800000, 0x3f800000 },   /* exact zero; 1*-1+1 */
	{ 0x3f800000, 0x3f800000, 0xbf800000 },   /* 1+1; 1*1-1 exact zero */
	{ 0x00000000, 0x80000000, 0x80000000 },   /* +0 -0 */
	{ 0x80000000, 0x80000000, 0x00000000 },   /* -0 -0 */
	{ 0x7f7fffff, 0x7f7fffff, 0x7f7fffff },   /* overflow */
	{ 0xff7fffff, 0x7f7fffff, 0xff7fffff },   /* negative overflow */
	{ 0x3eaaaaab, 0x40400000, 0xbf800000 },   /* 1/3 and 3: inexact */
	{ 0x3f800000, 0x40400000, 0x00000000 },   /* 1 / 3 */
	{ 0x3f800001, 0x3f7fffff, 0xbf800000 },   /* fused: one rounding */
	{ 0x00800000, 0x3f000000, 0x00000000 },   /* exact subnormal result: no UF */
	{ 0x00000001, 0x3f000000, 0x80000000 },   /* tiny inexact: UF NX */
	{ 0x007fffff, 0x00000001, 0x00800000 },   /* subnormal inputs */
	{ 0x00000003, 0x3f400000, 0x00000000 },   /* subnormal times 0.75 */
	{ 0x7f800000, 0xff800000, 0x7f800000 },   /* inf - inf: NV */
	{ 0x7f800000, 0x00000000, 0x7fc00000 },   /* inf * 0 (+ qNaN): NV */
	{ 0x3f800000, 0x00000000, 0x3f800000 },   /* x / 0: DZ */
	{ 0x00000000, 0x00000000, 0x00000000 },   /* 0 / 0: NV */
	{ 0x7f800000, 0x3f800000, 0x3f800000 },   /* inf op 1 */
	{ 0x7fc00000, 0x3f800000, 0x3f800000 },   /* qNaN: no flags */
	{ 0x7f800001, 0x3f800000, 0x3f800000 },   /* sNaN: NV */
	{ 0x3f800000, 0x7fc12345, 0x3f800000 },   /* NaN payload is not kept */
	{ 0xffc00000, 0x3f800000, 0x7f800001 },   /* negative NaN; sNaN addend */
	{ 0x40800000, 0x40000000, 0x3f800000 },   /* 4 and 2: exact */
	{ 0xbf800000, 0x40000000, 0x3f800000 },   /* sqrt(-1): NV */
};
static const struct args d_args[] = {
	{ 0x3ff0000000000000, 0x3ca0000000000000, 0x3ff0000000000000 },  /* 1 + 2^-53: tie */
	{ 0x3ff0000000000000, 0x3ca0000000000001, 0xbff0000000000000 },
	{ 0xbff0000000000000, 0xbca0000000000000, 0x3ff0000000000000 },
	{ 0x3ff0000000000000, 0xbff0000000000000, 0x3ff0000000000000 },
	{ 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000 },
	{ 0x0000000000000000, 0x8000000000000000, 0x8000000000000000 },
	{ 0x8000000000000000, 0x8000000000000000, 0x0000000000000000 },
	{ 0x7fefffffffffffff, 0x7fefffffffffffff, 0x7fefffffffffffff },
	{ 0xffefffffffffffff, 0x7fefffffffffffff, 0xffefffffffffffff },
	{ 0x3fd5555555555555, 0x4008000000000000, 0xbff0000000000000 },
	{ 0x3ff0000000000000, 0x4008000000000000, 0x0000000000000000 },
	{ 0x3ff0000000000001, 0x3fefffffffffffff, 0xbff0000000000000 },
	{ 0x0010000000000000, 0x3fe0000000000000, 0x0000000000000000 },
	{ 0x0000000000000001, 0x3fe0000000000000, 0x8000000000000000 },
	{ 0x000fffffffffffff, 0x0000000000000001, 0x0010000000000000 },
	{ 0x0000000000000003, 0x3fe8000000000000, 0x0000000000000000 },
	{ 0x7ff0000000000000, 0xfff0000000000000, 0x7ff0000000000000 },
	{ 0x7ff0000000000000, 0x0000000000000000, 0x7ff8000000000000 },
	{ 0x3ff0000000000000, 0x0000000000000000, 0x3ff0000000000000 },
	{ 0x0000000000000000, 0x0000000000000000, 0x0000000000000000 },
	{ 0x7ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000 },
	{ 0x7ff8000000000000, 0x3ff0000000000000, 0x3ff0000000000000 },
	{ 0x7ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000 },
	{ 0x3ff0000000000000, 0x7ff8000012345678, 0x3ff0000000000000 },
	{ 0xfff8000000000000, 0x3ff0000000000000, 0x7ff0000000000001 },
	{ 0x4010000000000000, 0x4000000000000000, 0x3ff0000000000000 },
	{ 0xbff0000000000000, 0x4000000000000000, 0x3ff0000000000000 },
};

static void run_op(const struct op *op)
{
	const struct args *args = op->dbl ? d_args : s_args;
	unsigned n = op->dbl ? ARRAY_LEN(d_args) : ARRAY_LEN(s_args);
	int w = op->dbl ? 16 : 8;       /* hex digits of an input */
	for (unsigned i = 0; i < n; i++) {
		uint64_t a = args[i].a, b = args[i].b, c = args[i].c;
		if (!op->dbl) {
			a = BOX(a); b = BOX(b); c = BOX(c);
		}
		for (int m = 0; m < 10; m++) {
			uint64_t fl, r;
			int rm = m % 5, dyn = m >= 5;
			r = op->fn[dyn ? 5 : rm](a, b, c, dyn ? rm : OTHER_FRM(rm), &fl);
			printf("%s %s%s", op->name, dyn ? "dyn=" : "", rm_names[rm]);
			printf(" %0*" PRIx64, w, args[i].a);
			if (op->nargs > 1) printf(" %0*" PRIx64, w, args[i].b);
			if (op->nargs > 2) printf(" %0*" PRIx64, w, args[i].c);
			printf(" = %016" PRIx64 " fflags=%02" PRIx64 "\n", r, fl);
		}
	}
}

int main(void)
{
	for (unsigned k = 0; k < ARRAY_LEN(ops); k++)
		run_op(&ops[k]);
	return 0;
}
