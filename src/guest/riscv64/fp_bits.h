/* Raw-bit views of F and D values for the C helpers (fp_helpers.c,
 * fp_rmm.c): reading the fields does not touch the FP unit. */
#ifndef XL_RV64_FP_BITS_H
#define XL_RV64_FP_BITS_H

#include <stdint.h>
#include <string.h>
#include "host/fpenv.h"

struct fp_bits {
	uint64_t sign, exp, frac;       /* fields */
	uint64_t exp_max, quiet_bit;
};

static inline struct fp_bits fields(uint64_t a, uint32_t is_double)
{
	struct fp_bits f;

	if (is_double) {
		f = (struct fp_bits){ a >> 63, (a >> 52) & 0x7ff, a & ((1ull << 52) - 1), 0x7ff, 1ull << 51 };
	} else {
		/* An improperly NaN-boxed single reads as the canonical NaN. */
		uint32_t s = (a >> 32) == 0xffffffffu ? (uint32_t)a : 0x7fc00000u;
		f = (struct fp_bits){ s >> 31, (s >> 23) & 0xff, s & ((1u << 23) - 1), 0xff, 1u << 22 };
	}
	return f;
}

static inline int is_nan(struct fp_bits f) { return f.exp == f.exp_max && f.frac; }
static inline int is_snan(struct fp_bits f) { return is_nan(f) && !(f.frac & f.quiet_bit); }
static inline int is_zero(struct fp_bits f) { return f.exp == 0 && f.frac == 0; }
static inline int is_finite(struct fp_bits f) { return f.exp != f.exp_max; }

/* The value of register bits as a double: exact, a single converted (which
 * raises NV for a signalling NaN, as an operation on it would). */
static inline double value_of(uint64_t a, uint32_t is_double)
{
	if (is_double) {
		double d;
		memcpy(&d, &a, sizeof d);
		return d;
	}
	uint32_t s = (a >> 32) == 0xffffffffu ? (uint32_t)a : 0x7fc00000u;
	float f;
	memcpy(&f, &s, sizeof f);
	return f;
}

static inline void raise_flags(uint32_t host_flags)
{
	host_fpenv_set(host_fpenv_get() | host_flags);
}

#endif
