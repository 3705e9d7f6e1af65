/* F and D operations without rounding: fsgnj fsgnjn fsgnjx (NaN payloads
 * kept, only the sign changes), fmin fmax (one NaN -> the other operand,
 * both NaN -> canonical NaN, sNaN raises NV, -0 < +0), feq flt fle (quiet
 * compare: NV only for sNaN; signalling compares: NV for any NaN), fclass
 * (each of the 10 classes), fmv.x.w fmv.w.x fmv.x.d fmv.d.x (bits moved
 * unchanged, fmv.x.w sign-extends), flw fsw fld fsd (no canonicalisation,
 * flw NaN-boxes), and NaN-boxing: a single whose upper 32 bits are not all
 * ones reads as the canonical NaN in every single-precision operation, but
 * fmv.x.w and fsw move its low 32 bits unchanged. .s and .d; each line
 * prints the result and fflags. */
#include "rvtest.h"

#define BOX(x) (0xffffffff00000000 | (x))

/* rd(f) = op(f0, f1) with f results read as 64 bits; x results as is. */
#define DEF_FF(fn, insn)                                                       \
	static uint64_t fn(uint64_t a, uint64_t b, uint64_t *fl) {             \
		uint64_t r;                                                    \
		__asm__ volatile("fsflags zero\n fmv.d.x ft0, %[a]\n fmv.d.x ft1, %[b]\n" \
				 insn " ft3, ft0, ft1\n fmv.x.d %[r], ft3\n frflags %[fl]" \
				 : [r] "=&r"(r), [fl] "=&r"(*fl) : [a] "r"(a), [b] "r"(b) \
				 : "ft0", "ft1", "ft3");                       \
		return r;                                              \
	}
#define DEF_FX(fn, insn)                                                       \
	static uint64_t fn(uint64_t a, uint64_t b, uint64_t *fl) {             \
		uint64_t r;                                                    \
		__asm__ volatile("fsflags zero\n fmv.d.x ft0, %[a]\n fmv.d.x ft1, %[b]\n" \
				 insn " %[r], ft0, ft1\n frflags %[fl]"        \
				 : [r] "=&r"(r), [fl] "=&r"(*fl) : [a] "r"(a), [b] "r"(b) \
				 : "ft0", "ft1");                              \
		return r;                                              \
	}
#define DEF_X1(fn, insn)                                                       \
	static uint64_t fn(uint64_t a, uint64_t b, uint64_t *fl) {             \
		uint64_t r;                                                    \
		__asm__ volatile("fsflags zero\n fmv.d.x ft0, %[a]\n"          \
				 insn " %[r], ft0\n frflags %[fl]"             \
				 : [r] "=&r"(r), [fl] "=&r"(*fl) : [a] "r"(a) : "ft0"); \
		return r;                                              \
	}

#define OPS2(X)                                                                \
	X(DEF_FF, fsgnj_s, "fsgnj.s", 0) X(DEF_FF, fsgnjn_s, "fsgnjn.s", 0)    \
	X(DEF_FF, fsgnjx_s, "fsgnjx.s", 0) X(DEF_FF, fmin_s, "fmin.s", 0)      \
	X(DEF_FF, fmax_s, "fmax.s", 0) X(DEF_FX, feq_s, "feq.s", 0)            \
	X(DEF_FX, flt_s, "flt.s", 0) X(DEF_FX, fle_s, "fle.s", 0)              \
	X(DEF_FF, fsgnj_d, "fsgnj.d", 1) X(DEF_FF, fsgnjn_d, "fsgnjn.d", 1)    \
	X(DEF_FF, fsgnjx_d, "fsgnjx.d", 1) X(DEF_FF, fmin_d, "fmin.d", 1)      \
	X(DEF_FF, fmax_d, "fmax.d", 1) X(DEF_FX, feq_d, "feq.d", 1)            \
	X(DEF_FX, flt_d, "flt.d", 1) X(DEF_FX, fle_d, "fle.d", 1)

#define X_DEF(DEF, fn, insn, dbl) DEF(fn, insn)
OPS2(X_DEF)
DEF_X1(fclass_s, "fclass.s")
DEF_X1(fclass_d, "fclass.d")
DEF_X1(fmv_x_w, "fmv.x.w")
DEF_X1(fmv_x_d, "fmv.x.d")
DEF_X1(fcvt_w_s, "fcvt.w.s")
DEF_FF(fadd_s, "fadd.s")
DEF_FF(fmul_s, "fmul.s")

static uint64_t fcvt_d_s_x(uint64_t a)
{
	uint64_t r;
	__asm__ volatile("fmv.d.x ft0, %1\n fcvt.d.s ft3, ft0\n fmv.x.d %0, ft3"
			 : "=r"(r) : "r"(a) : "ft0", "ft3");
	return r;
}

struct op {
	const char *name;
	uint64_t (*fn)(uint64_t, uint64_t, uint64_t *);
	int dbl;
};
#define X_TAB(DEF, fn, insn, dbl) { insn, fn, dbl },
static const struct op ops2[] = { OPS2(X_TAB) };

static const uint64_t s_vals[] = {
	0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x40000000, 0x7f800000,
	0xff800000, 0x7fc00000, 0x7f800001, 0xffc12345, 0x00000001, 0xff7fffff,
};
static const uint64_t d_vals[] = {
	0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
	0x4000000000000000, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
	0x7ff0000000000001, 0xfff8000012345678, 0x0000000000000001, 0xffefffffffffffff,
};

/* One value of each fclass class, in bit order 0..9. */
static const uint64_t s_class[] = { 0xff800000, 0xbf800000, 0x807fffff, 0x80000000,
	0x00000000, 0x00000001, 0x7f7fffff, 0x7f800000, 0x7fbfffff, 0x7fc00001 };
static const uint64_t d_class[] = { 0xfff0000000000000, 0xc000000000000000,
	0x800fffffffffffff, 0x8000000000000000, 0x0000000000000000, 0x0008000000000000,
	0x0010000000000000, 0x7ff0000000000000, 0x7ff4000000000000, 0x7ff8000000000000 };

/* Single operands that are not properly NaN-boxed. */
static const uint64_t unboxed[] = { 0x000000003f800000, 0xfffffffe3f800000,
	0x7fffffff40000000, 0x3ff0000000000000 };

static void test_binary(void)
{
	for (unsigned k = 0; k < ARRAY_LEN(ops2); k++) {
		const struct op *op = &ops2[k];
		const uint64_t *v = op->dbl ? d_vals : s_vals;
		unsigned n = op->dbl ? ARRAY_LEN(d_vals) : ARRAY_LEN(s_vals);
		int w = op->dbl ? 16 : 8;
		for (unsigned i = 0; i < n; i++)
			for (unsigned j = 0; j < n; j++) {
				uint64_t fl, a = v[i], b = v[j], r;
				r = op->dbl ? op->fn(a, b, &fl) : op->fn(BOX(a), BOX(b), &fl);
				printf("%s %0*" PRIx64 " %0*" PRIx64 " = %016" PRIx64 " fflags=%02" PRIx64 "\n",
				       op->name, w, a, w, b, r, fl);
			}
	}
}

static void test_fclass(void)
{
	uint64_t fl, r;
	for (unsigned i = 0; i < ARRAY_LEN(s_class); i++) {
		r = fclass_s(BOX(s_class[i]), 0, &fl);
		printf("fclass.s %08" PRIx64 " = %03" PRIx64 " fflags=%02" PRIx64 "\n", s_class[i], r, fl);
	}
	for (unsigned i = 0; i < ARRAY_LEN(d_class); i++) {
		r = fclass_d(d_class[i], 0, &fl);
		printf("fclass.d %016" PRIx64 " = %03" PRIx64 " fflags=%02" PRIx64 "\n", d_class[i], r, fl);
	}
}

static void test_moves(void)
{
	static const uint64_t xs[] = { 0x3f800000, 0x80000000, 0x7f800001,
		0xffffffff7fc00000, 0x123456789abcdef0, 0x7ff0000000000001 };
	for (unsigned i = 0; i < ARRAY_LEN(xs); i++) {
		uint64_t f, x, d;
		/* fmv.w.x boxes the low 32 bits; fmv.x.w sign-extends them. */
		__asm__ volatile("fmv.w.x ft0, %2\n fmv.x.d %0, ft0\n fmv.x.w %1, ft0"
				 : "=&r"(f), "=&r"(x) : "r"(xs[i]) : "ft0");
		__asm__ volatile("fmv.d.x ft0, %1\n fmv.x.d %0, ft0" : "=r"(d) : "r"(xs[i]) : "ft0");
		printf("fmv.w.x %016" PRIx64 ": reg=%016" PRIx64 " fmv.x.w=%016" PRIx64
		       " fmv.d.x/fmv.x.d=%016" PRIx64 "\n", xs[i], f, x, d);
	}
}

static void test_loads_stores(void)
{
	static uint64_t mem[2];
	uint64_t r, s;
	/* flw NaN-boxes, a signalling NaN is not quietened by a load or store. */
	mem[0] = 0x123456787f800001;
	__asm__ volatile("flw ft0, 0(%2)\n fmv.x.d %0, ft0\n fsw ft0, 12(%2)\n lwu %1, 12(%2)"
			 : "=&r"(r), "=&r"(s) : "r"(mem) : "ft0", "memory");
	printf("flw %016" PRIx64 ": reg=%016" PRIx64 " fsw back=%08" PRIx64 "\n", mem[0], r, s);
	mem[0] = 0x7ff0000000000001;
	__asm__ volatile("fld ft0, 0(%2)\n fmv.x.d %0, ft0\n fsd ft0, 8(%2)\n ld %1, 8(%2)"
			 : "=&r"(r), "=&r"(s) : "r"(mem) : "ft0", "memory");
	printf("fld %016" PRIx64 ": reg=%016" PRIx64 " fsd back=%016" PRIx64 "\n", mem[0], r, s);
	/* fsw of an improperly boxed value stores its low 32 bits. */
	mem[1] = 0;
	__asm__ volatile("fmv.d.x ft0, %1\n fsw ft0, 8(%0)" :: "r"(mem), "r"(0x000000004049999a) : "ft0", "memory");
	printf("fsw unboxed 000000004049999a: mem=%016" PRIx64 "\n", mem[1]);
	/* Offsets: negative and positive. */
	mem[0] = 0x3ff0000000000000; mem[1] = 0x4000000000000000;
	__asm__ volatile("fld ft0, -8(%2)\n fmv.x.d %0, ft0\n flw ft1, 4(%3)\n fmv.x.d %1, ft1"
			 : "=&r"(r), "=&r"(s) : "r"(mem + 1), "r"(mem) : "ft0", "ft1");
	printf("fld -8 = %016" PRIx64 ", flw +4 = %016" PRIx64 "\n", r, s);
}

static void test_nanboxing(void)
{
	for (unsigned i = 0; i < ARRAY_LEN(unboxed); i++) {
		uint64_t u = unboxed[i], fl;
		printf("unboxed %016" PRIx64 ":", u);
		printf(" fadd.s(u,1)=%016" PRIx64, fadd_s(u, BOX(0x3f800000), &fl));
		printf("/%02" PRIx64, fl);
		printf(" fmul.s(1,u)=%016" PRIx64, fmul_s(BOX(0x3f800000), u, &fl));
		printf("/%02" PRIx64, fl);
		printf(" fsgnj.s(u,u)=%016" PRIx64, fsgnj_s(u, u, &fl));
		printf(" fsgnjn.s(u,u)=%016" PRIx64, fsgnjn_s(u, u, &fl));
		printf(" fsgnj.s(1,u)=%016" PRIx64, fsgnj_s(BOX(0x3f800000), u, &fl));
		printf(" fmin.s(u,2)=%016" PRIx64, fmin_s(u, BOX(0x40000000), &fl));
		printf(" feq.s(u,u)=%" PRIu64 "/%02" PRIx64, feq_s(u, u, &fl), fl);
		printf(" flt.s(u,1)=%" PRIu64, flt_s(u, BOX(0x3f800000), &fl));
		printf("/%02" PRIx64, fl);
		printf(" fclass.s=%03" PRIx64, fclass_s(u, 0, &fl));
		printf(" fcvt.w.s=%016" PRIx64, fcvt_w_s(u, 0, &fl));
		printf("/%02" PRIx64, fl);
		printf(" fcvt.d.s=%016" PRIx64, fcvt_d_s_x(u));
		printf(" fmv.x.w=%016" PRIx64, fmv_x_w(u, 0, &fl));
		printf(" fmv.x.d=%016" PRIx64 "\n", fmv_x_d(u, 0, &fl));
	}
}

int main(void)
{
	test_binary();
	test_fclass();
	test_moves();
	test_loads_stores();
	test_nanboxing();
	return 0;
}
