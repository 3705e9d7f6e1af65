/* RMM, round to nearest with ties away from zero: a RISC-V rounding mode
 * that the host's FPU lacks, so translated code calls these helpers for it.
 *
 * A finite result is first formed exactly in integers, as sig * 2^exp with
 * a 128-bit sig, then rounded once to the format. Where the exact value has
 * more bits than that (a quotient, or a sum across a wide exponent gap),
 * those shifted out are jammed into the lowest bit of sig: it is set when
 * anything nonzero was lost. That bit lies at least two places below the
 * result's last place, so the jammed value rounds like the exact one: it is
 * above, at or below half-way exactly when the exact value is.
 *
 * Results of NaN or infinite operands, and of division by zero, do not
 * depend on the rounding mode: the host computes them and raises its
 * flags. (Square roots need no helper: a square root is never half-way
 * between two floating-point numbers, so rounding to even gives RMM's
 * result.) */
#include "guest/riscv64/fp_helpers.h"
#include "guest/riscv64/fp_bits.h"
#include "guest/riscv64/decode.h"
#include "host/fpenv.h"

#include <math.h>
#include <string.h>

/* Where sig's leading bit goes before an addition or a division: room above
 * it for a carry, and below it far more bits than a significand and the two
 * spare rounding bits need, so what add() and divide() jam stays well below
 * the result's last place. */
#define TOP 125

/* (-1)^sign * sig * 2^exp, finite; sig's lowest bit may be jammed. */
struct exact {
	uint64_t sign;
	int64_t exp;
	unsigned __int128 sig;          /* 0: a zero of that sign */
};

/* Indexed by is_double. */
static const struct format {
	int frac_bits;                  /* stored significand bits */
	int64_t emin;                   /* of normal numbers */
	uint64_t inf;                   /* bits of +inf */
} formats[] = {
	{ 23, -126, 0x7f800000u },
	{ 52, -1022, 0x7ff0000000000000ull },
};

/* ---- exact values ---- */

/* The highest set bit of a nonzero v. */
static int msb(unsigned __int128 v)
{
	uint64_t hi = (uint64_t)(v >> 64);

	return hi ? 127 - __builtin_clzll(hi) : 63 - __builtin_clzll((uint64_t)v);
}

/* Exponent of the leading bit of a nonzero value. */
static int64_t leading(struct exact x)
{
	return x.exp + msb(x.sig);
}

/* v / 2^n, jamming what is shifted out; n < 0 shifts left, which the
 * callers keep within 128 bits. */
static unsigned __int128 shift_jam(unsigned __int128 v, int64_t n)
{
	if (n <= 0)
		return v << -n;
	if (n >= 128)
		return v != 0;
	return v >> n | (v << (128 - n) != 0);
}

/* The same nonzero value, its leading bit moved up to TOP. */
static struct exact normalized(struct exact x)
{
	int up = TOP - msb(x.sig);

	x.sig <<= up;
	x.exp -= up;
	return x;
}

static struct exact unpack(uint64_t a, uint32_t is_double)
{
	const struct format *fmt = &formats[is_double];
	struct fp_bits f = fields(a, is_double);
	uint64_t implicit = f.exp ? 1ull << fmt->frac_bits : 0;
	int64_t exp = f.exp ? (int64_t)f.exp : 1;      /* subnormals: as emin */

	return (struct exact){ f.sign, exp + fmt->emin - 1 - fmt->frac_bits, f.frac | implicit };
}

/* ---- the operations, exactly ---- */

static struct exact add(struct exact x, struct exact y)
{
	if (!y.sig) {
		if (!x.sig)
			x.sign &= y.sign;       /* -0 + -0 is the only -0 */
		return x;
	}
	if (!x.sig)
		return y;
	if (leading(x) < leading(y)) {
		struct exact t = x;
		x = y;
		y = t;
	}
	x = normalized(x);
	y.sig = shift_jam(y.sig, x.exp - y.exp);
	if (x.sign == y.sign) {
		x.sig += y.sig;
	} else if (x.sig >= y.sig) {
		x.sig -= y.sig;
	} else {
		x.sig = y.sig - x.sig;
		x.sign = y.sign;
	}
	if (!x.sig)
		x.sign = 0;             /* exact cancellation: +0 */
	return x;
}

/* Exact: significands of up to 53 bits make at most 106. */
static struct exact mul(struct exact x, struct exact y)
{
	return (struct exact){ x.sign ^ y.sign, x.exp + y.exp, x.sig * y.sig };
}

/* y is not zero. With x's leading bit at TOP the quotient has at least 73
 * bits; a nonzero remainder is jammed. */
static struct exact divide(struct exact x, struct exact y)
{
	if (!x.sig)
		return (struct exact){ x.sign ^ y.sign, 0, 0 };
	x = normalized(x);
	unsigned __int128 q = x.sig / y.sig;
	return (struct exact){ x.sign ^ y.sign, x.exp - y.exp, q | (x.sig % y.sig != 0) };
}

/* ---- rounding ---- */

/* The magnitude of x in units of 2^lsb, rounded ties away: two spare bits
 * below the unit, the lower one jammed, tell below, at or above half-way. */
static uint64_t round_at(struct exact x, int64_t lsb, int *inexact)
{
	unsigned __int128 g = shift_jam(x.sig, lsb - 2 - x.exp);

	*inexact = (g & 3) != 0;
	return (uint64_t)(g >> 2) + (uint64_t)(g >> 1 & 1);
}

/* RISC-V detects tininess after rounding: with an unbounded exponent, the
 * rounded value would still be below the smallest normal. */
static int is_tiny(struct exact x, const struct format *fmt)
{
	int64_t lead = leading(x);
	int inexact;

	if (lead >= fmt->emin)
		return 0;
	uint64_t m = round_at(x, lead - fmt->frac_bits, &inexact);
	return lead + (int64_t)(m >> (fmt->frac_bits + 1)) < fmt->emin;
}

/* x rounded to the format, raising the flags of that rounding. The last
 * place is frac_bits below the leading bit, or a subnormal's. A rounding
 * that carries out of the significand carries into the exponent field, up
 * to infinity's. Overflow shows as bits at or above infinity's: the largest
 * exact values, quotients below 2^2100, keep a double's field below 2^12,
 * within the 64 bits. */
static uint64_t round_pack(struct exact x, uint32_t is_double)
{
	const struct format *fmt = &formats[is_double];
	uint64_t sign = x.sign << (is_double ? 63 : 31);

	if (!x.sig)
		return sign;
	int64_t lead = leading(x), subnormal_lsb = fmt->emin - fmt->frac_bits;
	int64_t lsb = lead - fmt->frac_bits > subnormal_lsb ? lead - fmt->frac_bits : subnormal_lsb;
	int inexact;
	uint64_t m = round_at(x, lsb, &inexact);
	uint64_t bits = ((uint64_t)(lsb - subnormal_lsb) << fmt->frac_bits) + m;
	uint32_t flags = inexact ? HOST_FE_INEXACT : 0;

	if (bits >= fmt->inf) {
		bits = fmt->inf;
		flags = HOST_FE_OVERFLOW | HOST_FE_INEXACT;
	} else if (inexact && is_tiny(x, fmt)) {
		flags |= HOST_FE_UNDERFLOW;
	}
	raise_flags(flags);
	return sign | bits;
}

/* ---- entry points ---- */

/* The format's bits of v, a host result that is infinite, NaN or exact. */
static uint64_t host_bits(double v, uint32_t is_double)
{
	if (is_double) {
		uint64_t d;
		memcpy(&d, &v, sizeof d);
		return d;
	}
	float f = (float)v;
	uint32_t s;
	memcpy(&s, &f, sizeof s);
	return s;
}

static int both_finite(uint64_t a, uint64_t b, uint32_t is_double)
{
	return is_finite(fields(a, is_double)) && is_finite(fields(b, is_double));
}

uint64_t rv_fp_rmm_add(uint64_t a, uint64_t b, uint32_t is_double)
{
	if (!both_finite(a, b, is_double))
		return host_bits(value_of(a, is_double) + value_of(b, is_double), is_double);
	return round_pack(add(unpack(a, is_double), unpack(b, is_double)), is_double);
}

uint64_t rv_fp_rmm_sub(uint64_t a, uint64_t b, uint32_t is_double)
{
	return rv_fp_rmm_add(a, b ^ (is_double ? 1ull << 63 : 1u << 31), is_double);
}

uint64_t rv_fp_rmm_mul(uint64_t a, uint64_t b, uint32_t is_double)
{
	if (!both_finite(a, b, is_double))
		return host_bits(value_of(a, is_double) * value_of(b, is_double), is_double);
	return round_pack(mul(unpack(a, is_double), unpack(b, is_double)), is_double);
}

uint64_t rv_fp_rmm_div(uint64_t a, uint64_t b, uint32_t is_double)
{
	if (!both_finite(a, b, is_double) || is_zero(fields(b, is_double)))
		return host_bits(value_of(a, is_double) / value_of(b, is_double), is_double);
	return round_pack(divide(unpack(a, is_double), unpack(b, is_double)), is_double);
}

/* The exact product and sum need more than 128 bits only when the addend is
 * far from the product; add() jams the smaller one then. (NV for inf * 0 +
 * qNaN, which the host's fma does not raise, comes from translated code.) */
uint64_t rv_fp_rmm_fma(uint64_t a, uint64_t b, uint64_t c, uint32_t is_double)
{
	if (!both_finite(a, b, is_double) || !is_finite(fields(c, is_double)))
		return host_bits(fma(value_of(a, is_double), value_of(b, is_double), value_of(c, is_double)),
				 is_double);
	return round_pack(add(mul(unpack(a, is_double), unpack(b, is_double)), unpack(c, is_double)), is_double);
}

uint64_t rv_fp_rmm_narrow(uint64_t a)
{
	if (!is_finite(fields(a, 1)))
		return host_bits(value_of(a, 1), 0);
	return round_pack(unpack(a, 1), 0);
}

uint64_t rv_fp_rmm_from_int(uint64_t a, uint32_t int_kind, uint32_t is_double)
{
	int is_signed = int_kind == RV_INT_W || int_kind == RV_INT_L;

	if (int_kind == RV_INT_W)
		a = (uint64_t)(int64_t)(int32_t)a;
	else if (int_kind == RV_INT_WU)
		a = (uint32_t)a;
	uint64_t negative = is_signed && (int64_t)a < 0;
	return round_pack((struct exact){ negative, 0, negative ? -a : a }, is_double);
}
