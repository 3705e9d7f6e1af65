/* Runtime helpers for the RV64 F and D instructions whose RISC-V rules the
 * host's instructions do not follow directly. Called from translated code;
 * each takes raw register bits and raises flags in the host environment. */
#ifndef XL_RV64_FP_HELPERS_H
#define XL_RV64_FP_HELPERS_H

#include <stdint.h>

/* Switch the host rounding mode to the RISC-V mode rm for one operation;
 * the end call restores the mode saved by begin, keeping accrued flags. */
uint32_t rv_fp_round_begin(uint32_t rm);
void rv_fp_round_end(uint32_t saved_env);

/* fmin/fmax (minimumNumber/maximumNumber, -0 < +0, NV on a signalling NaN) */
uint64_t rv_fp_minmax(uint64_t a, uint64_t b, uint32_t is_double, uint32_t is_max);
uint64_t rv_fp_class(uint64_t a, uint32_t is_double);
/* fcvt to an integer: saturating, NaN gives the largest value. rm is a
 * static mode: for dyn the caller passes frm. */
uint64_t rv_fp_to_int(uint64_t a, uint32_t is_double, uint32_t int_kind, uint32_t rm);

/* Operations rounded in RMM (to nearest, ties away from zero), which the
 * host lacks (fp_rmm.c). Operands are register bits; the result is the
 * format's bits (a single in the low half, not boxed). */
uint64_t rv_fp_rmm_add(uint64_t a, uint64_t b, uint32_t is_double);
uint64_t rv_fp_rmm_sub(uint64_t a, uint64_t b, uint32_t is_double);
uint64_t rv_fp_rmm_mul(uint64_t a, uint64_t b, uint32_t is_double);
uint64_t rv_fp_rmm_div(uint64_t a, uint64_t b, uint32_t is_double);
/* a * b + c, rounded once; for fmsub, fnmsub and fnmadd the caller
 * negates a or c. */
uint64_t rv_fp_rmm_fma(uint64_t a, uint64_t b, uint64_t c, uint32_t is_double);
/* fcvt.s.d */
uint64_t rv_fp_rmm_narrow(uint64_t a);
/* fcvt.s/d from the integer register a, read as int_kind says. */
uint64_t rv_fp_rmm_from_int(uint64_t a, uint32_t int_kind, uint32_t is_double);

/* RISC-V rounding mode -> host rounding; RMM has no host equivalent. */
uint32_t rv_fp_host_rounding(uint32_t rm);
/* Host exception flags <-> fflags bits. */
uint32_t rv_fp_flags_from_host(uint32_t host_flags);

#endif
