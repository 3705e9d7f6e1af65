/* RV64M: mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw
 * over all pairs of edge values: overflow of products, high halves with
 * mixed signs, division by zero (quotient all ones, remainder = dividend),
 * INT_MIN / -1 (quotient INT_MIN, remainder 0) in 64 and 32 bits, W forms
 * using only the low 32 bits of the operands and sign-extending the result.
 * Uncompressed encodings (.option norvc). */
#include "rvtest.h"


int main(void)
{
	T_RR(mul) T_RR(mulh) T_RR(mulhsu) T_RR(mulhu)
	T_RR(div) T_RR(divu) T_RR(rem) T_RR(remu)
	T_RR(mulw) T_RR(divw) T_RR(divuw) T_RR(remw) T_RR(remuw)
	return 0;
}
