#include "guest/riscv64/fp_helpers.h"
#include "guest/riscv64/fp_bits.h"
#include "guest/riscv64/decode.h"
#include "guest/riscv64/state.h"
#include "host/fpenv.h"

#include <math.h>

uint32_t rv_fp_host_rounding(uint32_t rm)
{
	static const uint8_t host[] = {
		[0] = HOST_RN, [1] = HOST_RTZ, [2] = HOST_RDN, [3] = HOST_RUP,
		[4] = HOST_RN,          /* RMM: only ties differ, and they go to fp_rmm.c */
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

/* ---- fmin/fmax, fclass ---- */

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
