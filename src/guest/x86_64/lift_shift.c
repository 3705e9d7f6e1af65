/* Shifts and rotates: shl shr sar rol ror rcl rcr by 1, imm8 or cl, and
 * shld shrd. The count is masked to five bits (six for 64-bit operands);
 * a masked count of 0 leaves the flags as they were, though the
 * destination is still written (a 32-bit register's upper half cleared).
 * Everything is computed in i128, where no shift reaches the width: CF is
 * the last bit shifted or rotated out, OF is computed as the manual
 * defines it for a count of 1 whatever the count, AF is cleared; rotates
 * change only CF and OF. */
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"

#define B (x->b)

struct shift {
	struct x64_lift *x;
	unsigned bits;          /* the operand's width N */
	LLVMTypeRef wide;       /* i128 */
	LLVMValueRef a;         /* the destination's value, zero-extended */
	LLVMValueRef count;     /* masked */
	LLVMValueRef res;       /* wide; only the low N bits count */
	LLVMValueRef cf, of;    /* i1 */
};

static LLVMValueRef wide_const(const struct shift *s, uint64_t v)
{
	return LLVMConstInt(s->wide, v, 0);
}

static LLVMValueRef bit_of(const struct shift *s, LLVMValueRef v, unsigned bit)
{
	struct x64_lift *x = s->x;

	return LLVMBuildTrunc(B, LLVMBuildLShr(B, v, wide_const(s, bit), ""), x->l->i1, "");
}

static LLVMValueRef msb(const struct shift *s, LLVMValueRef v)
{
	return bit_of(s, v, s->bits - 1);
}

static LLVMValueRef low_bits(const struct shift *s, LLVMValueRef v, unsigned n)
{
	struct x64_lift *x = s->x;

	LLVMValueRef mask = LLVMBuildSub(B, LLVMBuildShl(B, wide_const(s, 1), wide_const(s, n), ""),
					 wide_const(s, 1), "");

	return LLVMBuildAnd(B, v, mask, "");
}

/* The count of a rotate through n bits: the masked count modulo n (only
 * 8- and 16-bit rotates have masked counts that reach n). */
static LLVMValueRef rotate_count(const struct shift *s, unsigned n)
{
	struct x64_lift *x = s->x;

	if (s->bits >= 32 && n == s->bits)
		return s->count;
	/* an i128 urem would be a libgcc call */
	LLVMValueRef c = LLVMBuildTrunc(B, s->count, x->l->i32, "");
	return LLVMBuildZExt(B, LLVMBuildURem(B, c, LLVMConstInt(x->l->i32, n, 0), ""), s->wide, "");
}

/* v (n bits) rotated left by r, 0 <= r < n. */
static LLVMValueRef rotate_left(const struct shift *s, LLVMValueRef v, LLVMValueRef r, unsigned n)
{
	struct x64_lift *x = s->x;
	LLVMValueRef rest = LLVMBuildSub(B, wide_const(s, n), r, "");

	return low_bits(s, LLVMBuildOr(B, LLVMBuildShl(B, v, r, ""),
				       LLVMBuildLShr(B, v, rest, ""), ""), n);
}

static LLVMValueRef rotate_right(const struct shift *s, LLVMValueRef v, LLVMValueRef r, unsigned n)
{
	struct x64_lift *x = s->x;
	LLVMValueRef rest = LLVMBuildSub(B, wide_const(s, n), r, "");

	return low_bits(s, LLVMBuildOr(B, LLVMBuildLShr(B, v, r, ""),
				       LLVMBuildShl(B, v, rest, ""), ""), n);
}

/* The carry into rcl and rcr, at bit N. */
static LLVMValueRef carry_above(const struct shift *s)
{
	struct x64_lift *x = s->x;
	LLVMValueRef cf = LLVMBuildZExt(B, x64_flags_carry(x), s->wide, "");

	return LLVMBuildOr(B, s->a, LLVMBuildShl(B, cf, wide_const(s, s->bits), ""), "");
}

static void shift_left(struct shift *s)
{
	struct x64_lift *x = s->x;
	LLVMValueRef w = LLVMBuildShl(B, s->a, s->count, "");

	s->res = w;
	s->cf = bit_of(s, w, s->bits);
	s->of = LLVMBuildXor(B, msb(s, w), s->cf, "");
}

/* shr and sar: the operand shifted one place left first, so that the
 * last bit shifted out stays at bit 0. */
static void shift_right(struct shift *s, int arithmetic)
{
	struct x64_lift *x = s->x;
	LLVMValueRef v = s->a;

	if (arithmetic)
		v = LLVMBuildSExt(B, LLVMBuildTrunc(B, v, LLVMIntTypeInContext(x->l->ctx, s->bits), ""),
				  s->wide, "");
	v = LLVMBuildShl(B, v, wide_const(s, 1), "");
	LLVMValueRef w = arithmetic ? LLVMBuildAShr(B, v, s->count, "") : LLVMBuildLShr(B, v, s->count, "");
	s->res = LLVMBuildLShr(B, w, wide_const(s, 1), "");
	s->cf = LLVMBuildTrunc(B, w, x->l->i1, "");
	s->of = arithmetic ? LLVMConstInt(x->l->i1, 0, 0) : msb(s, s->a);
}

static void rotate(struct shift *s, enum x86_mnem m)
{
	struct x64_lift *x = s->x;
	unsigned n = s->bits;

	switch (m) {
	case X86_ROL:
		s->res = rotate_left(s, s->a, rotate_count(s, n), n);
		s->cf = bit_of(s, s->res, 0);
		s->of = LLVMBuildXor(B, msb(s, s->res), s->cf, "");
		return;
	case X86_ROR:
		s->res = rotate_right(s, s->a, rotate_count(s, n), n);
		s->cf = msb(s, s->res);
		s->of = LLVMBuildXor(B, s->cf, bit_of(s, s->res, n - 2), "");
		return;
	case X86_RCL: {
		LLVMValueRef r = rotate_left(s, carry_above(s), rotate_count(s, n + 1), n + 1);
		s->res = r;
		s->cf = bit_of(s, r, n);
		s->of = LLVMBuildXor(B, msb(s, r), s->cf, "");
		return;
	}
	default: {      /* rcr */
		LLVMValueRef r = rotate_right(s, carry_above(s), rotate_count(s, n + 1), n + 1);
		s->res = r;
		s->cf = bit_of(s, r, n);
		s->of = LLVMBuildXor(B, msb(s, r), bit_of(s, r, n - 2), "");
		return;
	}
	}
}

/* shld: the destination shifted left, the source's high bits coming in;
 * shrd: shifted right, the source's low bits coming in. */
static void shift_double(struct shift *s, LLVMValueRef src, int left)
{
	struct x64_lift *x = s->x;
	LLVMValueRef n = wide_const(s, s->bits);

	if (left) {
		LLVMValueRef v = LLVMBuildOr(B, LLVMBuildShl(B, s->a, n, ""), src, "");
		s->res = LLVMBuildLShr(B, LLVMBuildShl(B, v, s->count, ""), n, "");
		s->cf = bit_of(s, LLVMBuildShl(B, s->a, s->count, ""), s->bits);
	} else {
		LLVMValueRef v = LLVMBuildOr(B, LLVMBuildShl(B, src, n, ""), s->a, "");
		s->res = LLVMBuildLShr(B, v, s->count, "");
		s->cf = LLVMBuildTrunc(B, LLVMBuildLShr(B, LLVMBuildShl(B, s->a, wide_const(s, 1), ""),
							s->count, ""), x->l->i1, "");
	}
	s->of = LLVMBuildXor(B, msb(s, s->res), msb(s, s->a), "");
}

int x64_lift_shift(struct x64_lift *x, const struct x86_insn *in)
{
	enum x86_mnem m = in->mnem;
	int is_double = m == X86_SHLD || m == X86_SHRD;

	if (!is_double && m != X86_SHL && m != X86_SHR && m != X86_SAR && m != X86_ROL &&
	    m != X86_ROR && m != X86_RCL && m != X86_RCR)
		return 0;
	unsigned size = in->op[0].size;
	struct shift s = { .x = x, .bits = 8 * size, .wide = LLVMIntTypeInContext(x->l->ctx, 128) };
	LLVMTypeRef t = LLVMIntTypeInContext(x->l->ctx, s.bits);
	LLVMValueRef count = x64_read_op(x, in, &in->op[is_double ? 2 : 1], 1);

	s.count = LLVMBuildAnd(B, LLVMBuildZExt(B, count, s.wide, ""),
			       wide_const(&s, size == 8 ? 63 : 31), "");
	s.a = LLVMBuildZExt(B, x64_read_op(x, in, &in->op[0], size), s.wide, "");
	if (is_double)
		shift_double(&s, LLVMBuildZExt(B, x64_read_op(x, in, &in->op[1], size), s.wide, ""),
			     m == X86_SHLD);
	else if (m == X86_SHL)
		shift_left(&s);
	else if (m == X86_SHR || m == X86_SAR)
		shift_right(&s, m == X86_SAR);
	else
		rotate(&s, m);

	LLVMValueRef res = LLVMBuildTrunc(B, s.res, t, "");
	LLVMValueRef bits = LLVMBuildOr(B, x64_flag_bit(x, s.cf, X64_CF), x64_flag_bit(x, s.of, X64_OF), "");
	uint64_t mask = X64_CF | X64_OF;
	if (!(m == X86_ROL || m == X86_ROR || m == X86_RCL || m == X86_RCR)) {
		bits = LLVMBuildOr(B, bits, x64_flags_of_result(x, res), "");
		mask |= X64_PF | X64_AF | X64_ZF | X64_SF;
	}
	x64_write_op(x, in, &in->op[0], res);
	x64_flags_store(x, mask, bits, LLVMBuildICmp(B, LLVMIntEQ, s.count, wide_const(&s, 0), ""));
	return 1;
}
