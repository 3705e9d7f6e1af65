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
/* fcvt to an integer: saturating, NaN gives the largest value. */
uint64_t rv_fp_to_int(uint64_t a, uint32_t is_double, uint32_t int_kind, uint32_t rm);

/* RISC-V rounding mode -> host rounding; RMM has no host equivalent. */
uint32_t rv_fp_host_rounding(uint32_t rm);
/* Host exception flags <-> fflags bits. */
uint32_t rv_fp_flags_from_host(uint32_t host_flags);

#endif
