/* RV64M: mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw
 * over all pairs of edge values: overflow of products, high halves with
 * mixed signs, division by zero (quotient all ones, remainder = dividend),
 * INT_MIN / -1 (quotient INT_MIN, remainder 0) in 64 and 32 bits, W forms
 * using only the low 32 bits of the operands and sign-extending the result.
 * Uncompressed encodings (.option norvc). */
#include "rvtest.h"

#define NORVC(s) ".option push\n.option norvc\n" s "\n.option pop\n"

#define T_RR(op)                                                               \
	for (unsigned i = 0; i < ARRAY_LEN(int_vals); i++)                     \
		for (unsigned j = 0; j < ARRAY_LEN(int_vals); j++) {           \
			uint64_t a = int_vals[i], b = int_vals[j], r;          \
			__asm__ volatile(NORVC(#op " %0, %1, %2")              \
					 : "=r"(r) : "r"(a), "r"(b));          \
			printf(#op " %016" PRIx64 " %016" PRIx64 " = %016" PRIx64 "\n", a, b, r); \
		}

int main(void)
{
	T_RR(mul) T_RR(mulh) T_RR(mulhsu) T_RR(mulhu)
	T_RR(div) T_RR(divu) T_RR(rem) T_RR(remu)
	T_RR(mulw) T_RR(divw) T_RR(divuw) T_RR(remw) T_RR(remuw)
	return 0;
}
