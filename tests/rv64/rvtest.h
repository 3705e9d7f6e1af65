/* Shared helpers of the per-instruction tests: every case prints one line
 * with the instruction, its inputs and its result in hex, so that the
 * output can be compared line by line with the recorded expectation. */
#ifndef RVTEST_H
#define RVTEST_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Rounding modes, as in the rm field and frm. */
enum { RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4 };
static const char *const rm_names[] = { "rne", "rtz", "rdn", "rup", "rmm" };

/* A different dynamic mode to set while a static rm is under test, so an
 * implementation that ignores the static field gives a different result. */
#define OTHER_FRM(rm) ((rm) == RUP ? RDN : RUP)

/* Integer edge values. */
static const uint64_t int_vals[] = {
	0, 1, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000,
	0x7fffffff, 0x80000000, 0xffffffff, 0x123456789abcdef0, 31, 32, 63, 64,
};

static inline uint64_t read_fflags(void)
{
	uint64_t v;
	__asm__ volatile("csrr %0, fflags" : "=r"(v));
	return v;
}

/* Assembles s uncompressed, whatever -march says. */
#define NORVC(s) ".option push\n.option norvc\n" s "\n.option pop\n"

/* op rd, rs1, rs2 over every pair of int_vals. */
#define T_RR(op)                                                               \
	for (unsigned i = 0; i < ARRAY_LEN(int_vals); i++)                     \
		for (unsigned j = 0; j < ARRAY_LEN(int_vals); j++) {           \
			uint64_t a = int_vals[i], b = int_vals[j], r;          \
			__asm__ volatile(NORVC(#op " %0, %1, %2")              \
					 : "=r"(r) : "r"(a), "r"(b));          \
			printf(#op " %016" PRIx64 " %016" PRIx64 " = %016" PRIx64 "\n", a, b, r); \
		}

#endif
