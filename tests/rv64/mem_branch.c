/* RV64I loads, stores, branches, jumps and fences.
 * Covers: lb lh lw ld lbu lhu lwu (sign/zero extension, negative and
 * positive offsets, misaligned addresses), sb sh sw sd (only the addressed
 * bytes change), beq bne blt bge bltu bgeu (signed vs unsigned edge pairs,
 * backward branches in a loop), jal (link value, backward/forward), jalr
 * (offset added, bit 0 of the target cleared, rd == rs1), calls and
 * returns of a leaf (several call sites, a return elsewhere), fence, fence.tso,
 * fence.i. Uncompressed encodings (.option norvc). */
#include <string.h>
#include "rvtest.h"


static uint8_t buf[64] __attribute__((aligned(16)));

#define T_LOAD(op, off)                                                        \
	for (unsigned base = 8; base < 24; base += 3) {                        \
		uint64_t r;                                                    \
		__asm__ volatile(NORVC(#op " %0, %2(%1)")                      \
				 : "=r"(r) : "r"(buf + base), "i"(off) : "memory"); \
		printf(#op " buf+%u%+d = %016" PRIx64 "\n", base, (int)(off), r); \
	}

#define T_STORE(op, off)                                                       \
	for (unsigned base = 8; base < 20; base += 5) {                        \
		memset(buf, 0xaa, 32);                                         \
		__asm__ volatile(NORVC(#op " %0, %2(%1)")                      \
				 :: "r"(0x8877665544332211), "r"(buf + base), "i"(off) : "memory"); \
		printf(#op " buf+%u%+d:", base, (int)(off));                  \
		for (unsigned k = 0; k < 32; k++)                              \
			printf(" %02x", buf[k]);                               \
		printf("\n");                                                  \
	}

#define T_BRANCH(op)                                                           \
	for (unsigned i = 0; i < ARRAY_LEN(int_vals); i += 2)                  \
		for (unsigned j = 0; j < ARRAY_LEN(int_vals); j += 2) {        \
			uint64_t a = int_vals[i], b = int_vals[j], taken;      \
			__asm__ volatile(NORVC("li %0, 1\n " #op " %1, %2, 1f\n li %0, 0\n1:") \
					 : "=&r"(taken) : "r"(a), "r"(b));     \
			printf(#op " %016" PRIx64 " %016" PRIx64 " taken=%" PRIu64 "\n", a, b, taken); \
		}

static void test_jumps(void)
{
	uint64_t link, target, r;

	/* jal forward: link = address after the jal. */
	__asm__ volatile(NORVC("jal %0, 1f\n 2: nop\n 1: lla %1, 2b")
			 : "=r"(link), "=r"(target));
	printf("jal link == next: %d\n", link == target);

	/* jal backward: a loop of 5 iterations built from jal and bnez. */
	__asm__ volatile(NORVC("li %0, 0\n j 2f\n 1: addi %0, %0, 1\n 2: li t0, 5\n"
			       " blt %0, t0, 3f\n j 4f\n 3: jal x0, 1b\n 4:")
			 : "=&r"(r) :: "t0");
	printf("jal backward loop count = %" PRIu64 "\n", r);

	/* jalr with a positive offset and bit 0 of the sum set: it is cleared. */
	__asm__ volatile(NORVC("lla t0, 1f\n addi t0, t0, -7\n li %0, 0\n"
			       " jalr %1, 7(t0)\n li %0, 99\n 1: addi %0, %0, 1")
			 : "=&r"(r), "=&r"(link) :: "t0");
	printf("jalr offset 7 from target-7: r=%" PRIu64 "\n", r);
	__asm__ volatile(NORVC("lla t0, 1f\n addi t0, t0, 1\n li %0, 0\n"
			       " jalr x0, 0(t0)\n li %0, 99\n 1: addi %0, %0, 1")
			 : "=&r"(r) :: "t0");
	printf("jalr odd target (bit 0 cleared): r=%" PRIu64 "\n", r);
	__asm__ volatile(NORVC("lla t0, 1f\n addi t0, t0, 16\n jalr t0, -16(t0)\n"
			       " 2: nop\n 1: lla %1, 2b\n mv %0, t0")
			 : "=r"(link), "=r"(target) :: "t0");
	printf("jalr rd == rs1: link == next: %d\n", link == target);

	/* Calls of a small leaf, which the lifter takes into the caller's
	 * region: two call sites in a loop, each return at its own call's
	 * continuation, then a leaf that returns elsewhere through ra. */
	__asm__ volatile(NORVC("li %0, 0\n li t1, 3\n 1: jal ra, 5f\n slli %0, %0, 4\n"
			       " jal ra, 5f\n addi t1, t1, -1\n bnez t1, 1b\n j 6f\n"
			       " 5: addi %0, %0, 1\n ret\n 6:")
			 : "=&r"(r) :: "ra", "t1");
	printf("leaf called from two sites, 3 times: r=%" PRIx64 "\n", r);
	__asm__ volatile(NORVC("li %0, 0\n jal ra, 5f\n li %0, 99\n j 6f\n"
			       " 5: lla ra, 7f\n ret\n 7: addi %0, %0, 1\n 6:")
			 : "=&r"(r) :: "ra");
	printf("leaf returning past its call: r=%" PRIu64 "\n", r);
}

int main(void)
{
	for (unsigned k = 0; k < sizeof(buf); k++)
		buf[k] = (uint8_t)(0x71 + 0x13 * k);   /* both signs of bytes */

	T_LOAD(lb, 0) T_LOAD(lb, -8) T_LOAD(lbu, 0) T_LOAD(lbu, 7)
	T_LOAD(lh, 0) T_LOAD(lh, -3) T_LOAD(lhu, 0) T_LOAD(lhu, 5)
	T_LOAD(lw, 0) T_LOAD(lw, -6) T_LOAD(lwu, 0) T_LOAD(lwu, 2)
	T_LOAD(ld, 0) T_LOAD(ld, -8) T_LOAD(ld, 3)

	T_STORE(sb, 0) T_STORE(sb, -1) T_STORE(sh, 0) T_STORE(sh, 3)
	T_STORE(sw, 0) T_STORE(sw, -5) T_STORE(sd, 0) T_STORE(sd, 2)

	T_BRANCH(beq) T_BRANCH(bne) T_BRANCH(blt) T_BRANCH(bge)
	T_BRANCH(bltu) T_BRANCH(bgeu)

	test_jumps();

	__asm__ volatile(NORVC("fence\n fence rw, rw\n fence r, w\n fence.tso\n fence.i") ::: "memory");
	printf("fences executed\n");
	return 0;
}
