/* Lazy flags: an operation records itself; a reader derives the flag or
 * condition it needs from the operation when it is still known, and from
 * the stored rflags otherwise. The operation's flags are stored to the
 * rflags alloca when the lifter flushes them (x64_lift_all: before the
 * next instruction that does not read them from the descriptor, or the
 * end of the block), and only the flags live there: the exits store the
 * alloca, so LLVM cannot drop what an exit would see. */
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"

#define B (x->b)

static LLVMValueRef zero_of(LLVMValueRef v)
{
	return LLVMConstNull(LLVMTypeOf(v));
}

static LLVMValueRef is_negative(struct x64_lift *x, LLVMValueRef v)
{
	return LLVMBuildICmp(B, LLVMIntSLT, v, zero_of(v), "");
}

static LLVMValueRef is_zero(struct x64_lift *x, LLVMValueRef v)
{
	return LLVMBuildICmp(B, LLVMIntEQ, v, zero_of(v), "");
}

/* PF: the low byte of the result has an even number of ones. */
static LLVMValueRef even_parity(struct x64_lift *x, LLVMValueRef res)
{
	LLVMTypeRef i8 = x->l->i8;
	LLVMValueRef low = LLVMBuildTrunc(B, res, i8, "");
	LLVMTypeRef fn_type = LLVMFunctionType(i8, &i8, 1, 0);
	LLVMValueRef ctpop = LLVMGetNamedFunction(x->l->mod, "llvm.ctpop.i8");

	if (!ctpop)
		ctpop = LLVMAddFunction(x->l->mod, "llvm.ctpop.i8", fn_type);
	LLVMValueRef ones = LLVMBuildCall2(B, fn_type, ctpop, &low, 1, "");
	return is_zero(x, LLVMBuildAnd(B, ones, LLVMConstInt(i8, 1, 0), ""));
}

static LLVMValueRef overflow(struct x64_lift *x)
{
	struct x64_flags *f = &x->flags;

	switch (f->op) {
	case X64_FLAGS_ADD:     /* both operands' sign differs from the result's */
		return is_negative(x, LLVMBuildAnd(B, LLVMBuildXor(B, f->a, f->res, ""),
						   LLVMBuildXor(B, f->b, f->res, ""), ""));
	case X64_FLAGS_SUB:     /* operands' signs differ, result's differs from a */
		return is_negative(x, LLVMBuildAnd(B, LLVMBuildXor(B, f->a, f->b, ""),
						   LLVMBuildXor(B, f->a, f->res, ""), ""));
	default:
		return LLVMConstInt(x->l->i1, 0, 0);
	}
}

static LLVMValueRef adjust(struct x64_lift *x)
{
	struct x64_flags *f = &x->flags;

	if (f->op == X64_FLAGS_LOGIC)
		return LLVMConstInt(x->l->i1, 0, 0);
	LLVMValueRef bits = LLVMBuildXor(B, LLVMBuildXor(B, f->a, f->b, ""), f->res, "");
	return LLVMBuildICmp(B, LLVMIntNE, LLVMBuildAnd(B, bits,
		LLVMConstInt(LLVMTypeOf(bits), 16, 0), ""), zero_of(bits), "");
}

static LLVMValueRef stored_bit(struct x64_lift *x, uint64_t bit)
{
	LLVMValueRef rflags = LLVMBuildLoad2(B, x->l->i64, x->rflags, "");

	return LLVMBuildICmp(B, LLVMIntNE, LLVMBuildAnd(B, rflags, x64_const(x, bit), ""),
			     x64_const(x, 0), "");
}

/* One flag (X64_CF ... X64_OF) as i1. */
static LLVMValueRef flag(struct x64_lift *x, uint64_t bit)
{
	struct x64_flags *f = &x->flags;

	if (f->op == X64_FLAGS_STORED)
		return stored_bit(x, bit);
	switch (bit) {
	case X64_CF: return f->cf;
	case X64_PF: return even_parity(x, f->res);
	case X64_AF: return adjust(x);
	case X64_ZF: return is_zero(x, f->res);
	case X64_SF: return is_negative(x, f->res);
	default: return overflow(x);
	}
}

LLVMValueRef x64_flag_bit(struct x64_lift *x, LLVMValueRef i1, uint64_t bit)
{
	return LLVMBuildSelect(B, i1, x64_const(x, bit), x64_const(x, 0), "");
}

/* rflags holds the status flags now: no operation is pending. */
static void store_rflags(struct x64_lift *x, LLVMValueRef v)
{
	LLVMBuildStore(B, v, x->rflags);
	LLVMBuildStore(B, LLVMConstInt(x->l->i32, 0, 0), x->cc_op);
	x->written |= X64_WRITTEN_FLAGS;
}

void x64_flags_flush(struct x64_lift *x, uint16_t mask)
{
	static const uint16_t bits[] = { X64_CF, X64_PF, X64_AF, X64_ZF, X64_SF, X64_OF };

	if (!x->pending)
		return;
	x->pending = 0;
	mask &= X64_STATUS_FLAGS;
	if (!mask)
		return;
	LLVMValueRef old = LLVMBuildLoad2(B, x->l->i64, x->rflags, "");
	LLVMValueRef v = LLVMBuildAnd(B, old, x64_const(x, ~(uint64_t)mask), "");
	for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++)
		if (mask & bits[i])
			v = LLVMBuildOr(B, v, x64_flag_bit(x, flag(x, bits[i]), bits[i]), "");
	store_rflags(x, v);
}

void x64_flags_leave_pending(struct x64_lift *x)
{
	struct x64_flags *f = &x->flags;

	if (!x->pending || f->carry_kept || f->carry_in) {
		x64_flags_flush(x, x->live_in);
		return;
	}
	x->pending = 0;
	static const size_t fields[] = { X64_OFF(cc_a), X64_OFF(cc_b), X64_OFF(cc_res) };
	LLVMValueRef values[] = { f->a, f->b, f->res };
	for (unsigned i = 0; i < 3; i++)
		LLVMBuildStore(B, LLVMBuildZExt(B, values[i], x->l->i64, ""),
			       xl_lift_cpu_field(x->l, fields[i]));
	unsigned size = LLVMGetIntTypeWidth(LLVMTypeOf(f->res)) / 8;
	LLVMValueRef op = LLVMConstInt(x->l->i32, (unsigned)f->op << 4 | size, 0);
	/* in the state at once too: a fault before the exit sees both */
	LLVMBuildStore(B, op, xl_lift_cpu_field(x->l, X64_OFF(cc_op)));
	LLVMBuildStore(B, op, x->cc_op);
	x->written |= X64_WRITTEN_FLAGS;
}

void x64_flags_settle(struct x64_lift *x)
{
	x64_flags_flush(x, x->live_out);
}

void x64_flags_commit(struct x64_lift *x)
{
	x64_flags_flush(x, X64_STATUS_FLAGS);
}

LLVMValueRef x64_flags_of_result(struct x64_lift *x, LLVMValueRef res)
{
	return LLVMBuildOr(B, LLVMBuildOr(B, x64_flag_bit(x, even_parity(x, res), X64_PF),
					  x64_flag_bit(x, is_zero(x, res), X64_ZF), ""),
			   x64_flag_bit(x, is_negative(x, res), X64_SF), "");
}

/* Status flags dead after the instruction are left as they were. */
void x64_flags_store(struct x64_lift *x, uint64_t mask, LLVMValueRef bits, LLVMValueRef keep)
{
	x64_flags_commit(x);
	mask &= ~(uint64_t)(X64_STATUS_FLAGS & ~x->live_out);
	if (!mask) {
		x64_flags_forget(x);
		return;
	}
	LLVMValueRef old = LLVMBuildLoad2(B, x->l->i64, x->rflags, "");
	bits = LLVMBuildAnd(B, bits, x64_const(x, mask), "");
	LLVMValueRef v = LLVMBuildOr(B, LLVMBuildAnd(B, old, x64_const(x, ~mask), ""), bits, "");

	if (keep)
		v = LLVMBuildSelect(B, keep, old, v, "");
	store_rflags(x, v);
	x64_flags_forget(x);
}

LLVMValueRef x64_flags_load(struct x64_lift *x)
{
	x64_flags_commit(x);
	return LLVMBuildLoad2(B, x->l->i64, x->rflags, "");
}

void x64_flags_set(struct x64_lift *x, enum x64_flag_op op, LLVMValueRef a, LLVMValueRef b,
		   LLVMValueRef res, LLVMValueRef cf)
{
	struct x64_flags *f = &x->flags;

	f->op = op;
	f->a = a;
	f->b = b;
	f->res = res;
	f->carry_kept = cf != NULL;
	f->carry_in = 0;
	f->cf = cf ? cf : op == X64_FLAGS_ADD ? LLVMBuildICmp(B, LLVMIntULT, res, a, "")
		: op == X64_FLAGS_SUB ? LLVMBuildICmp(B, LLVMIntULT, a, b, "")
		: LLVMConstInt(x->l->i1, 0, 0);
	x->pending = 1;
}

void x64_flags_set_with_carry(struct x64_lift *x, enum x64_flag_op op, LLVMValueRef a,
			      LLVMValueRef b, LLVMValueRef res, LLVMValueRef cf)
{
	x64_flags_set(x, op, a, b, res, cf);
	x->flags.carry_in = 1;
}

LLVMValueRef x64_flags_carry(struct x64_lift *x)
{
	return flag(x, X64_CF);
}

void x64_flags_forget(struct x64_lift *x)
{
	x64_flags_commit(x);
	x->flags.op = X64_FLAGS_STORED;
}

/* Conditions a compare decides directly. */
static LLVMValueRef compare_cond(struct x64_lift *x, unsigned base)
{
	static const LLVMIntPredicate preds[8] = {
		[1] = LLVMIntULT, [2] = LLVMIntEQ, [3] = LLVMIntULE,
		[6] = LLVMIntSLT, [7] = LLVMIntSLE,
	};
	struct x64_flags *f = &x->flags;

	/* dec keeps the old carry: then b and be are not a compare's; after
	 * sbb none is */
	if (f->op != X64_FLAGS_SUB || !preds[base] || f->carry_in ||
	    ((base == 1 || base == 3) && f->carry_kept))
		return NULL;
	return LLVMBuildICmp(B, preds[base], f->a, f->b, "");
}

/* cc: the condition field of jcc/setcc/cmovcc; odd ones are negations. */
LLVMValueRef x64_flags_cond(struct x64_lift *x, unsigned cc)
{
	unsigned base = cc >> 1;
	LLVMValueRef v = x->flags.op == X64_FLAGS_SUB ? compare_cond(x, base) : NULL;

	if (!v) {
		switch (base) {
		case 0: v = flag(x, X64_OF); break;
		case 1: v = flag(x, X64_CF); break;
		case 2: v = flag(x, X64_ZF); break;
		case 3: v = LLVMBuildOr(B, flag(x, X64_CF), flag(x, X64_ZF), ""); break;
		case 4: v = flag(x, X64_SF); break;
		case 5: v = flag(x, X64_PF); break;
		case 6: v = LLVMBuildXor(B, flag(x, X64_SF), flag(x, X64_OF), ""); break;
		default:
			v = LLVMBuildOr(B, flag(x, X64_ZF),
					LLVMBuildXor(B, flag(x, X64_SF), flag(x, X64_OF), ""), "");
			break;
		}
	}
	return cc & 1 ? LLVMBuildNot(B, v, "") : v;
}
