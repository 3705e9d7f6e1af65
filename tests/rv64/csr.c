/* Zicsr: csrrw csrrs csrrc csrrwi csrrsi csrrci on fflags, frm and fcsr
 * (old value returned, masking to 5/3/8 bits, fcsr = frm << 5 | fflags,
 * rs1 = x0 forms that only read), the pseudo-instructions frflags fsflags
 * frrm fsrm frcsr fscsr, accrual of fflags over several FP operations
 * (flags are sticky until cleared), frm selecting the rounding of rm=dyn
 * instructions, and the counters cycle, time, instret (rdcycle rdtime
 * rdinstret: readable, and increasing across a busy loop). */
#include <time.h>
#include "rvtest.h"

#define CSR_OP(insn, csr, src)                                                 \
	do {                                                                   \
		uint64_t old, now;                                             \
		__asm__ volatile("csrw fcsr, %2\n " insn " %0, " csr ", %3\n csrr %1, fcsr" \
				 : "=&r"(old), "=&r"(now) : "r"(0x5a), "r"(src)); \
		printf("fcsr=0x5a: " insn " " csr ", %#" PRIx64 " -> old=%#" PRIx64 " fcsr=%#" PRIx64 "\n", \
		       (uint64_t)(src), old, now);                            \
	} while (0)

#define CSR_OPI(insn, csr, imm)                                                \
	do {                                                                   \
		uint64_t old, now;                                             \
		__asm__ volatile("csrw fcsr, %2\n " insn " %0, " csr ", %3\n csrr %1, fcsr" \
				 : "=&r"(old), "=&r"(now) : "r"(0x5a), "i"(imm)); \
		printf("fcsr=0x5a: " insn " " csr ", %d -> old=%#" PRIx64 " fcsr=%#" PRIx64 "\n", \
		       (int)(imm), old, now);                                  \
	} while (0)

#define CSR_ALL(csr)                                                           \
	CSR_OP("csrrw", csr, 0xffffffffffffffff); CSR_OP("csrrw", csr, 0x21);   \
	CSR_OP("csrrs", csr, 0x05); CSR_OP("csrrs", csr, 0);                    \
	CSR_OP("csrrc", csr, 0xffffffffffffffff); CSR_OP("csrrc", csr, 0x12);   \
	CSR_OPI("csrrwi", csr, 31); CSR_OPI("csrrwi", csr, 3);                  \
	CSR_OPI("csrrsi", csr, 5); CSR_OPI("csrrsi", csr, 0);                   \
	CSR_OPI("csrrci", csr, 31); CSR_OPI("csrrci", csr, 2);

static void test_pseudo(void)
{
	uint64_t a, b, c, d, e;
	__asm__ volatile("fscsr %5\n frflags %0\n frrm %1\n fsflags %2, %6\n fsrm %3, %7\n frcsr %4"
			 : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d), "=&r"(e)
			 : "r"(0xe7), "r"(0x3), "r"(0x1));
	printf("fscsr 0xe7: frflags=%#" PRIx64 " frrm=%#" PRIx64 " fsflags old=%#" PRIx64
	       " fsrm old=%#" PRIx64 " frcsr=%#" PRIx64 "\n", a, b, c, d, e);
	__asm__ volatile("fscsr %0, zero" : "=r"(a));
	printf("fscsr zero old=%#" PRIx64 "\n", a);
	__asm__ volatile("csrr %0, fcsr" : "=r"(a));
	printf("fcsr now=%#" PRIx64 "\n", a);
}

static void test_accrual(void)
{
	uint64_t f1, f2, f3, f4;
	/* 1/3 is inexact (NX), 1/0 divides by zero (DZ), 1+1 is exact: flags
	 * accumulate and an exact operation clears nothing. */
	__asm__ volatile("fsflags zero\n li t0, 1\n fcvt.d.l ft0, t0\n li t0, 3\n fcvt.d.l ft1, t0\n"
			 " fdiv.d ft2, ft0, ft1\n frflags %0\n fmv.d.x ft1, zero\n"
			 " fdiv.d ft2, ft0, ft1\n frflags %1\n fadd.d ft2, ft0, ft0\n frflags %2\n"
			 " fsflags zero\n fadd.d ft2, ft0, ft0\n frflags %3"
			 : "=&r"(f1), "=&r"(f2), "=&r"(f3), "=&r"(f4) :: "t0", "ft0", "ft1", "ft2");
	printf("accrued: after 1/3=%#" PRIx64 " after 1/0=%#" PRIx64 " after 1+1=%#" PRIx64
	       " cleared then 1+1=%#" PRIx64 "\n", f1, f2, f3, f4);
	/* Integer and load/store/move instructions never set flags. */
	__asm__ volatile("fsflags zero\n li t0, -1\n fmv.d.x ft0, t0\n fmv.x.d t1, ft0\n"
			 " fsgnj.d ft1, ft0, ft0\n fclass.d t1, ft0\n frflags %0"
			 : "=r"(f1) :: "t0", "t1", "ft0", "ft1");
	printf("after moves/fsgnj/fclass of a NaN: fflags=%#" PRIx64 "\n", f1);
}

static void test_dynamic_rounding(void)
{
	for (int rm = 0; rm < 5; rm++) {
		uint64_t r, back;
		/* 2/3 in double, rounded with rm=dyn under frm = rm. */
		__asm__ volatile("fsrm %2\n li t0, 2\n fcvt.d.l ft0, t0\n li t0, 3\n fcvt.d.l ft1, t0\n"
				 " fdiv.d ft2, ft0, ft1\n fmv.x.d %0, ft2\n frrm %1\n fsrm zero"
				 : "=&r"(r), "=&r"(back) : "r"((uint64_t)rm) : "t0", "ft0", "ft1", "ft2");
		printf("frm=%s: 2/3 = %016" PRIx64 " frm read back=%" PRIu64 "\n", rm_names[rm], r, back);
	}
}

static uint64_t busy(void)
{
	volatile uint64_t s = 0;
	for (int i = 0; i < 200000; i++)
		s += i;
	struct timespec ts = { 0, 2000000 };
	nanosleep(&ts, NULL);
	return s;
}

static void test_counters(void)
{
	uint64_t c0, c1, t0, t1, i0, i1;
	__asm__ volatile("rdcycle %0\n rdtime %1\n rdinstret %2" : "=r"(c0), "=r"(t0), "=r"(i0));
	busy();
	__asm__ volatile("rdcycle %0\n rdtime %1\n rdinstret %2" : "=r"(c1), "=r"(t1), "=r"(i1));
	printf("cycle increases: %d\n", c1 > c0);
	printf("time increases: %d\n", t1 > t0);
	printf("instret increases: %d\n", i1 > i0);
	__asm__ volatile("csrr %0, cycle\n csrr %1, time\n csrr %2, instret" : "=r"(c0), "=r"(t0), "=r"(i0));
	printf("csrr forms read at least the earlier values: %d %d %d\n", c0 >= c1, t0 >= t1, i0 >= i1);
}

int main(void)
{
	CSR_ALL("fflags")
	CSR_ALL("frm")
	CSR_ALL("fcsr")
	test_pseudo();
	test_accrual();
	test_dynamic_rounding();
	test_counters();
	return 0;
}
