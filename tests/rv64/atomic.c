/* RV64A: lr.w/sc.w and lr.d/sc.d success and failure, every AMO in W and D
 * width (amoswap amoadd amoxor amoand amoor amomin amomax amominu amomaxu)
 * with signed/unsigned edge values, and the .aq/.rl/.aqrl orderings.
 * Each case prints the value returned in rd (W results sign-extended) and
 * the whole 64-bit memory word afterwards (a W AMO must leave the upper
 * half alone). */
#include "rvtest.h"

static uint64_t mem[2] __attribute__((aligned(16)));

static const uint64_t amo_mem[] = { 0x8000000000000000, 0x7fffffffffffffff,
	0x1111111180000001, 0xdeadbeef7fffffff, 0xffffffffffffffff, 5 };
static const uint64_t amo_src[] = { 0xffffffffffffffff, 0x0000000080000000,
	0x8000000000000000, 3, 0x123456789abcdef0 };

#define T_AMO(op)                                                              \
	for (unsigned i = 0; i < ARRAY_LEN(amo_mem); i++)                      \
		for (unsigned j = 0; j < ARRAY_LEN(amo_src); j++) {            \
			uint64_t r;                                            \
			mem[0] = amo_mem[i];                                   \
			__asm__ volatile(#op " %0, %2, (%1)"                   \
					 : "=&r"(r) : "r"(mem), "r"(amo_src[j]) : "memory"); \
			printf(#op " mem=%016" PRIx64 " rs2=%016" PRIx64 " rd=%016" PRIx64 \
			       " mem'=%016" PRIx64 "\n", amo_mem[i], amo_src[j], r, mem[0]); \
		}

#define T_AMO_WD(op) T_AMO(op.w) T_AMO(op.d)

static void test_lr_sc(void)
{
	uint64_t old, fail, fail2;

	/* Success: lr then sc to the same address; sc writes 0 to rd. */
	mem[0] = 0xffffffff80000001;
	__asm__ volatile("lr.w %0, (%2)\n sc.w %1, %3, (%2)"
			 : "=&r"(old), "=&r"(fail) : "r"(mem), "r"(0x1234567887654321) : "memory");
	printf("lr.w/sc.w same address: lr=%016" PRIx64 " sc=%" PRIu64 " mem=%016" PRIx64 "\n",
	       old, fail, mem[0]);
	mem[0] = 0x8000000000000001;
	__asm__ volatile("lr.d %0, (%2)\n sc.d %1, %3, (%2)"
			 : "=&r"(old), "=&r"(fail) : "r"(mem), "r"(0x1234567887654321) : "memory");
	printf("lr.d/sc.d same address: lr=%016" PRIx64 " sc=%" PRIu64 " mem=%016" PRIx64 "\n",
	       old, fail, mem[0]);

	/* A second sc after a successful one fails: the sc ended the reservation. */
	mem[0] = 7;
	__asm__ volatile("lr.d %0, (%3)\n sc.d %1, %4, (%3)\n sc.d %2, %5, (%3)"
			 : "=&r"(old), "=&r"(fail), "=&r"(fail2)
			 : "r"(mem), "r"(8), "r"(9) : "memory");
	printf("sc.d twice: first=%" PRIu64 " second=%s mem=%" PRIu64 "\n",
	       fail, fail2 ? "failed" : "succeeded", mem[0]);

	/* sc to an address outside the reservation fails and does not store. */
	mem[0] = 1; mem[1] = 2;
	__asm__ volatile("lr.d %0, (%2)\n sc.d %1, %4, (%3)"
			 : "=&r"(old), "=&r"(fail) : "r"(mem), "r"(mem + 1), "r"(42) : "memory");
	printf("sc.d other address: %s mem=%" PRIu64 ",%" PRIu64 "\n",
	       fail ? "failed" : "succeeded", mem[0], mem[1]);
	mem[0] = 1;
	__asm__ volatile("lr.w %0, (%2)\n sc.w %1, %4, (%3)"
			 : "=&r"(old), "=&r"(fail) : "r"(mem), "r"(mem + 1), "r"(42) : "memory");
	printf("sc.w other address: %s mem=%" PRIu64 ",%" PRIu64 "\n",
	       fail ? "failed" : "succeeded", mem[0], mem[1]);

	/* An sc after the reservation was used up (by an sc) fails. */
	__asm__ volatile("sc.w %0, %2, (%1)" : "=&r"(fail) : "r"(mem), "r"(5) : "memory");
	printf("sc.w without lr: %s mem=%" PRIu64 "\n", fail ? "failed" : "succeeded", mem[0]);

	/* The usual compare-and-swap loop, with ordering bits. */
	mem[0] = 100;
	__asm__ volatile("1: lr.d.aq %0, (%1)\n addi t0, %0, 1\n sc.d.rl t1, t0, (%1)\n bnez t1, 1b"
			 : "=&r"(old) : "r"(mem) : "t0", "t1", "memory");
	printf("lr.d.aq/sc.d.rl loop: old=%" PRIu64 " mem=%" PRIu64 "\n", old, mem[0]);
	mem[0] = 0xffffffff00000000 | 200;
	__asm__ volatile("1: lr.w.aqrl %0, (%1)\n addi t0, %0, 1\n sc.w.aqrl t1, t0, (%1)\n bnez t1, 1b"
			 : "=&r"(old) : "r"(mem) : "t0", "t1", "memory");
	printf("lr.w.aqrl/sc.w.aqrl loop: old=%016" PRIx64 " mem=%016" PRIx64 "\n", old, mem[0]);
}

int main(void)
{
	test_lr_sc();
	T_AMO_WD(amoswap) T_AMO_WD(amoadd) T_AMO_WD(amoxor) T_AMO_WD(amoand)
	T_AMO_WD(amoor) T_AMO_WD(amomin) T_AMO_WD(amomax) T_AMO_WD(amominu)
	T_AMO_WD(amomaxu)
	T_AMO(amoadd.w.aq) T_AMO(amoadd.d.rl) T_AMO(amoswap.d.aqrl) T_AMO(amomaxu.w.aqrl)
	return 0;
}
