#include "guest/riscv64/fp_helpers.h"
#include "guest/riscv64/decode.h"
#include "guest/riscv64/state.h"
#include "host/fpenv.h"

#include <math.h>
#include <string.h>

uint32_t rv_fp_host_rounding(uint32_t rm)
{
	static const uint8_t host[] = {
		[0] = HOST_RN, [1] = HOST_RTZ, [2] = HOST_RDN, [3] = HOST_RUP,
		[4] = HOST_RN,          /* RMM: ties away from zero, rounded to even */
	};
	return rm < sizeof host ? host[rm] : HOST_RN;
}

uint32_t rv_fp_flags_from_host(uint32_t host_flags)
{
	return (host_flags & HOST_FE_INVALID ? RV_NV : 0) |
		(host_flags & HOST_FE_DIVBYZERO ? RV_DZ : 0) |
		(host_flags & HOST_FE_OVERFLOW ? RV_OF : 0) |
		(host_flags & HOST_FE_UNDERFLOW ? RV_UF : 0) |
		(host_flags & HOST_FE_INEXACT ? RV_NX : 0);
}

uint32_t rv_fp_round_begin(uint32_t rm)
{
	uint32_t env = host_fpenv_get();

	host_fpenv_set(host_fpenv_with(env, host_fpenv_flags(env), rv_fp_host_rounding(rm)));
	return env;
}

void rv_fp_round_end(uint32_t saved_env)
{
	uint32_t env = host_fpenv_get();

	host_fpenv_set(host_fpenv_with(saved_env, host_fpenv_flags(env), host_fpenv_rounding(saved_env)));
}

/* ---- classification of raw bits, without touching the FP unit ---- */

struct fp_bits {
	uint64_t sign, exp, frac;       /* fields */
	uint64_t exp_max, quiet_bit;
};

static struct fp_bits fields(uint64_t a, uint32_t is_double)
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

static int is_nan(struct fp_bits f) { return f.exp == f.exp_max && f.frac; }
static int is_snan(struct fp_bits f) { return is_nan(f) && !(f.frac & f.quiet_bit); }
static int is_zero(struct fp_bits f) { return f.exp == 0 && f.frac == 0; }

static uint64_t canonical_nan(uint32_t is_double)
{
	return is_double ? 0x7ff8000000000000ull : 0xffffffff7fc00000ull;
}

static uint64_t boxed(uint64_t a, uint32_t is_double)
{
	if (is_double)
		return a;
	return (a >> 32) == 0xffffffffu ? a : canonical_nan(0);
}

static void raise_flags(uint32_t host_flags)
{
	host_fpenv_set(host_fpenv_get() | host_flags);
}

/* Orders two non-NaN values by their bits: sign-magnitude compare. */
static int less_than(struct fp_bits a, struct fp_bits b)
{
	uint64_t ma = a.exp << 52 | a.frac, mb = b.exp << 52 | b.frac;

	if (a.sign != b.sign)
		return a.sign > b.sign;         /* also -0 < +0 */
	return a.sign ? ma > mb : ma < mb;
}

uint64_t rv_fp_minmax(uint64_t a, uint64_t b, uint32_t is_double, uint32_t is_max)
{
	struct fp_bits fa = fields(a, is_double), fb = fields(b, is_double);

	if (is_snan(fa) || is_snan(fb))
		raise_flags(HOST_FE_INVALID);
	if (is_nan(fa) && is_nan(fb))
		return canonical_nan(is_double);
	if (is_nan(fa))
		return boxed(b, is_double);
	if (is_nan(fb))
		return boxed(a, is_double);
	return less_than(fa, fb) != (int)is_max ? boxed(a, is_double) : boxed(b, is_double);
}

uint64_t rv_fp_class(uint64_t a, uint32_t is_double)
{
	struct fp_bits f = fields(a, is_double);

	if (is_nan(f))
		return is_snan(f) ? 1u << 8 : 1u << 9;
	if (f.exp == f.exp_max)
		return f.sign ? 1u << 0 : 1u << 7;
	if (is_zero(f))
		return f.sign ? 1u << 3 : 1u << 4;
	if (f.exp == 0)
		return f.sign ? 1u << 2 : 1u << 5;
	return f.sign ? 1u << 1 : 1u << 6;
}

/* ---- conversion to integers ---- */

static double value_of(uint64_t a, uint32_t is_double)
{
	if (is_double) {
		double d;
		memcpy(&d, &a, sizeof d);
		return d;
	}
	uint32_t s = (a >> 32) == 0xffffffffu ? (uint32_t)a : 0x7fc00000u;
	float f;
	memcpy(&f, &s, sizeof f);
	return f;                       /* exact */
}

/* Rounds x to an integral value in RISC-V mode rm, with exact steps only:
 * the truncation and the fraction of a double are exact. */
static double round_integral(double x, uint32_t rm)
{
	double t = trunc(x), frac = x - t, half = fabs(frac);
	double away = t + copysign(1.0, x);

	switch (rm) {
	case 1: return t;
	case 2: return frac < 0 ? t - 1 : t;
	case 3: return frac > 0 ? t + 1 : t;
	case 4: return half >= 0.5 ? away : t;
	default:
		if (half > 0.5 || (half == 0.5 && fmod(t, 2.0) != 0))
			return away;
		return t;
	}
}

static uint32_t dynamic_rm(void)
{
	static const uint8_t rv_rm[] = { [HOST_RN] = 0, [HOST_RDN] = 2, [HOST_RUP] = 3, [HOST_RTZ] = 1 };
	return rv_rm[host_fpenv_rounding(host_fpenv_get())];
}

uint64_t rv_fp_to_int(uint64_t a, uint32_t is_double, uint32_t int_kind, uint32_t rm)
{
	static const struct { double lo, hi_excl; uint64_t min, max; } range[] = {
		[RV_INT_W] = { -2147483648.0, 2147483648.0, (uint64_t)INT32_MIN, INT32_MAX },
		[RV_INT_WU] = { 0.0, 4294967296.0, 0, UINT32_MAX },
		[RV_INT_L] = { -9223372036854775808.0, 9223372036854775808.0, (uint64_t)INT64_MIN, INT64_MAX },
		[RV_INT_LU] = { 0.0, 18446744073709551616.0, 0, UINT64_MAX },
	};
	uint32_t env = host_fpenv_get();
	double x = value_of(a, is_double);
	uint32_t flags = 0;
	uint64_t result;

	if (rm == 7)
		rm = dynamic_rm();
	if (isnan(x)) {
		result = range[int_kind].max;
		flags = HOST_FE_INVALID;
	} else {
		double r = round_integral(x, rm);
		if (r < range[int_kind].lo || r >= range[int_kind].hi_excl) {
			result = r < 0 ? range[int_kind].min : range[int_kind].max;
			flags = HOST_FE_INVALID;
		} else {
			result = r < 0 ? (uint64_t)(int64_t)r : (uint64_t)r;
			flags = r != x ? HOST_FE_INEXACT : 0;
		}
	}
	host_fpenv_set(env | flags);
	/* 32-bit results are sign-extended, the unsigned ones too. */
	if (int_kind == RV_INT_W || int_kind == RV_INT_WU)
		result = (uint64_t)(int64_t)(int32_t)(uint32_t)result;
	return result;
}
