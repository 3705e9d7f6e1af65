/* mul and imul (one, two and three operands), div and idiv. Products are
 * computed at twice the operand width; CF and OF say the high half is
 * needed, SF ZF PF (undefined in the manual) follow the low half, AF is
 * cleared. Division leaves the flags alone (all undefined) and raises
 * #DE, a guest SIGFPE at the instruction, for a zero divisor or a
 * quotient that does not fit; 128-bit dividends go to a helper (LLVM
 * would call a libgcc routine that translated code cannot reach). */
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/divide.h"
#include "guest/x86_64/state.h"

#include <signal.h>

#define B (x->b)

static LLVMTypeRef int_bits(struct x64_lift *x, unsigned bits)
{
	return LLVMIntTypeInContext(x->l->ctx, bits);
}

static LLVMValueRef read_gpr(struct x64_lift *x, const struct x86_insn *in, unsigned reg,
			     unsigned size)
{
	struct x86_operand op = x64_gpr_operand(reg, size);

	return x64_read_op(x, in, &op, size);
}

static void write_gpr(struct x64_lift *x, const struct x86_insn *in, unsigned reg,
		      LLVMValueRef v)
{
	struct x86_operand op = x64_gpr_operand(reg, LLVMGetIntTypeWidth(LLVMTypeOf(v)) / 8);

	x64_write_op(x, in, &op, v);
}

static LLVMValueRef extend(struct x64_lift *x, LLVMValueRef v, LLVMTypeRef t, int sign)
{
	return sign ? LLVMBuildSExt(B, v, t, "") : LLVMBuildZExt(B, v, t, "");
}

/* The flags of a product whose low half is low; wide: it needs more. */
static void product_flags(struct x64_lift *x, LLVMValueRef low, LLVMValueRef wide)
{
	LLVMValueRef bits = LLVMBuildOr(B, x64_flags_of_result(x, low),
		x64_flag_bit(x, wide, X64_CF | X64_OF), "");

	x64_flags_store(x, X64_CF | X64_PF | X64_AF | X64_ZF | X64_SF | X64_OF, bits, NULL);
}

/* The product of a and b (both n bits) at 2n bits, its low half, and
 * whether the low half alone is not the product. */
static LLVMValueRef multiply(struct x64_lift *x, LLVMValueRef a, LLVMValueRef b, int sign,
			     LLVMValueRef *low)
{
	unsigned n = LLVMGetIntTypeWidth(LLVMTypeOf(a));
	LLVMTypeRef t = int_bits(x, 2 * n);
	LLVMValueRef p = LLVMBuildMul(B, extend(x, a, t, sign), extend(x, b, t, sign), "");

	*low = LLVMBuildTrunc(B, p, LLVMTypeOf(a), "");
	product_flags(x, *low, LLVMBuildICmp(B, LLVMIntNE, p, extend(x, *low, t, sign), ""));
	return p;
}

/* mul, imul with one operand: rdx:rax (ax for bytes) = rax * operand. */
static void lift_mul_wide(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	LLVMValueRef low, b = x64_read_op(x, in, &in->op[0], size);
	LLVMValueRef p = multiply(x, read_gpr(x, in, X86_RAX, size), b, in->mnem == X86_IMUL, &low);

	if (size == 1) {
		write_gpr(x, in, X86_RAX, p);
		return;
	}
	LLVMTypeRef t = LLVMTypeOf(low);
	write_gpr(x, in, X86_RAX, low);
	write_gpr(x, in, X86_RDX, LLVMBuildTrunc(B, LLVMBuildLShr(B, p,
		LLVMConstInt(LLVMTypeOf(p), 8 * size, 0), ""), t, ""));
}

/* imul r, r/m (, imm): the low half of the signed product. */
static void lift_imul(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	const struct x86_operand *a = in->nops == 3 ? &in->op[1] : &in->op[0];
	const struct x86_operand *b = in->nops == 3 ? &in->op[2] : &in->op[1];
	LLVMValueRef low, va = x64_read_op(x, in, a, size), vb = x64_read_op(x, in, b, size);

	multiply(x, va, vb, 1, &low);
	x64_write_op(x, in, &in->op[0], low);
}

/* Continues in a new block when bad does not hold; else #DE. */
static void divide_error_if(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef bad)
{
	LLVMBasicBlockRef fault = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "divide_error");
	LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "");
	struct x64_flags kept = x->flags;

	LLVMBuildCondBr(B, bad, fault, ok);
	LLVMPositionBuilderAtEnd(B, fault);
	x64_raise(x, in, SIGFPE);
	x->flags = kept;        /* the fault path's reload does not reach ok */
	LLVMPositionBuilderAtEnd(B, ok);
}

/* Quotient and remainder of the n-bit divisor into the 2n-bit dividend
 * hi:lo, for n up to 32, in LLVM. */
static void divide_inline(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef hi,
			  LLVMValueRef lo, LLVMValueRef d, int sign, LLVMValueRef *q, LLVMValueRef *r)
{
	unsigned n = LLVMGetIntTypeWidth(LLVMTypeOf(d));
	LLVMTypeRef t = int_bits(x, 2 * n);
	LLVMValueRef dividend = LLVMBuildOr(B, LLVMBuildShl(B, LLVMBuildZExt(B, hi, t, ""),
		LLVMConstInt(t, n, 0), ""), LLVMBuildZExt(B, lo, t, ""), "");
	LLVMValueRef divisor = extend(x, d, t, sign);
	LLVMValueRef bad = LLVMBuildICmp(B, LLVMIntEQ, d, LLVMConstNull(LLVMTypeOf(d)), "");

	if (sign)       /* the one quotient that overflows 2n bits too */
		bad = LLVMBuildOr(B, bad, LLVMBuildAnd(B,
			LLVMBuildICmp(B, LLVMIntEQ, dividend, LLVMConstInt(t, 1ull << (2 * n - 1), 0), ""),
			LLVMBuildICmp(B, LLVMIntEQ, divisor, LLVMConstAllOnes(t), ""), ""), "");
	divide_error_if(x, in, bad);
	LLVMValueRef wq = sign ? LLVMBuildSDiv(B, dividend, divisor, "") : LLVMBuildUDiv(B, dividend, divisor, "");
	LLVMValueRef wr = sign ? LLVMBuildSRem(B, dividend, divisor, "") : LLVMBuildURem(B, dividend, divisor, "");
	*q = LLVMBuildTrunc(B, wq, LLVMTypeOf(d), "");
	*r = LLVMBuildTrunc(B, wr, LLVMTypeOf(d), "");
	divide_error_if(x, in, LLVMBuildICmp(B, LLVMIntNE, wq, extend(x, *q, t, sign), ""));
}

/* The same for 64-bit divisors, by x64_divide128. */
static void divide_128(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef hi,
		       LLVMValueRef lo, LLVMValueRef d, int sign, LLVMValueRef *q, LLVMValueRef *r)
{
	LLVMTypeRef i128 = int_bits(x, 128);
	LLVMValueRef args[] = { hi, lo, d, LLVMConstInt(x->l->i32, (unsigned)sign, 0) };
	LLVMValueRef qr = xl_lift_call(x->l, (const void *)x64_divide128, i128, args, 4);

	*q = LLVMBuildTrunc(B, qr, x->l->i64, "");
	*r = LLVMBuildTrunc(B, LLVMBuildLShr(B, qr, LLVMConstInt(i128, 64, 0), ""), x->l->i64, "");
	divide_error_if(x, in, LLVMBuildICmp(B, LLVMIntEQ, *r, d, ""));
}

/* div, idiv: rdx:rax (ax for bytes) by the operand; quotient to rax
 * (al), remainder to rdx (ah). */
static void lift_div(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	int sign = in->mnem == X86_IDIV;
	LLVMValueRef d = x64_read_op(x, in, &in->op[0], size), hi, lo, q, r;

	if (size == 1) {
		LLVMValueRef ax = read_gpr(x, in, X86_RAX, 2);
		lo = LLVMBuildTrunc(B, ax, x->l->i8, "");
		hi = LLVMBuildTrunc(B, LLVMBuildLShr(B, ax, LLVMConstInt(LLVMTypeOf(ax), 8, 0), ""),
				    x->l->i8, "");
	} else {
		lo = read_gpr(x, in, X86_RAX, size);
		hi = read_gpr(x, in, X86_RDX, size);
	}
	if (size == 8)
		divide_128(x, in, hi, lo, d, sign, &q, &r);
	else
		divide_inline(x, in, hi, lo, d, sign, &q, &r);
	if (size == 1) {
		LLVMTypeRef i16 = int_bits(x, 16);
		write_gpr(x, in, X86_RAX, LLVMBuildOr(B, LLVMBuildZExt(B, q, i16, ""),
			LLVMBuildShl(B, LLVMBuildZExt(B, r, i16, ""), LLVMConstInt(i16, 8, 0), ""), ""));
		return;
	}
	write_gpr(x, in, X86_RAX, q);
	write_gpr(x, in, X86_RDX, r);
}

int x64_lift_muldiv(struct x64_lift *x, const struct x86_insn *in)
{
	switch (in->mnem) {
	case X86_MUL: lift_mul_wide(x, in); return 1;
	case X86_IMUL:
		if (in->nops == 1)
			lift_mul_wide(x, in);
		else
			lift_imul(x, in);
		return 1;
	case X86_DIV: case X86_IDIV: lift_div(x, in); return 1;
	default: return 0;
	}
}
