/* RV64A: LR/SC and AMOs, atomic with respect to other threads. */
#include "guest/riscv64/rv_lift.h"
#include "guest/riscv64/state.h"

#define B (r->b)
#define SEQ_CST LLVMAtomicOrderingSequentiallyConsistent

static LLVMTypeRef width_type(struct rv_lift *r, const struct rv_insn *in)
{
	return in->width == 4 ? r->l->i32 : r->l->i64;
}

static LLVMValueRef widen(struct rv_lift *r, LLVMValueRef v)
{
	return LLVMTypeOf(v) == r->l->i64 ? v : LLVMBuildSExt(B, v, r->l->i64, "");
}

static LLVMValueRef address(struct rv_lift *r, const struct rv_insn *in)
{
	return LLVMBuildIntToPtr(B, rv_x(r, in->rs1), r->l->ptr, "");
}

static LLVMValueRef reservation(struct rv_lift *r, size_t offset)
{
	return xl_lift_cpu_field(r->l, offset);
}

/* LR records the address and the value it read; SC succeeds when the
 * address matches and memory still holds that value (a cmpxchg), which is
 * what other threads can observe of a reservation. */
static void load_reserved(struct rv_lift *r, const struct rv_insn *in)
{
	LLVMValueRef v = LLVMBuildLoad2(B, width_type(r, in), address(r, in), "");

	LLVMSetOrdering(v, SEQ_CST);
	LLVMSetAlignment(v, in->width);
	v = widen(r, xl_lift_guest_access(r->l, v, in->pc));
	LLVMBuildStore(B, rv_x(r, in->rs1), reservation(r, RV64_OFF(reserved_addr)));
	LLVMBuildStore(B, v, reservation(r, RV64_OFF(reserved_value)));
	rv_set_x(r, in->rd, v);
}

static void store_conditional(struct rv_lift *r, const struct rv_insn *in)
{
	LLVMTypeRef t = width_type(r, in);
	LLVMValueRef addr_field = reservation(r, RV64_OFF(reserved_addr));
	LLVMValueRef reserved = LLVMBuildLoad2(B, r->l->i64, addr_field, "");
	LLVMValueRef expected = LLVMBuildLoad2(B, r->l->i64, reservation(r, RV64_OFF(reserved_value)), "");
	LLVMBasicBlockRef start = LLVMGetInsertBlock(B);
	LLVMBasicBlockRef attempt = LLVMAppendBasicBlockInContext(r->l->ctx, r->l->fn, "sc");
	LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(r->l->ctx, r->l->fn, "sc_done");

	LLVMBuildStore(B, rv_const(r, ~0ull), addr_field);
	LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntEQ, reserved, rv_x(r, in->rs1), ""), attempt, done);

	LLVMPositionBuilderAtEnd(B, attempt);
	LLVMValueRef x = LLVMBuildAtomicCmpXchg(B, address(r, in), LLVMBuildTrunc(B, expected, t, ""),
		LLVMBuildTrunc(B, rv_x(r, in->rs2), t, ""), SEQ_CST, SEQ_CST, 0);
	xl_lift_guest_access(r->l, x, in->pc);
	LLVMValueRef ok = LLVMBuildExtractValue(B, x, 1, "");
	LLVMValueRef cas_failed = LLVMBuildZExt(B, LLVMBuildNot(B, ok, ""), r->l->i64, "");
	LLVMBuildBr(B, done);

	LLVMPositionBuilderAtEnd(B, done);
	LLVMValueRef failed = LLVMBuildPhi(B, r->l->i64, "");
	LLVMAddIncoming(failed, (LLVMValueRef[]){ rv_const(r, 1), cas_failed },
			(LLVMBasicBlockRef[]){ start, attempt }, 2);
	rv_set_x(r, in->rd, failed);
}

static void amo(struct rv_lift *r, const struct rv_insn *in, LLVMAtomicRMWBinOp op)
{
	LLVMValueRef v = LLVMBuildTrunc(B, rv_x(r, in->rs2), width_type(r, in), "");
	LLVMValueRef old = LLVMBuildAtomicRMW(B, op, address(r, in), v, SEQ_CST, 0);

	rv_set_x(r, in->rd, widen(r, xl_lift_guest_access(r->l, old, in->pc)));
}

int rv_lift_atomic(struct rv_lift *r, const struct rv_insn *in)
{
	static const LLVMAtomicRMWBinOp ops[] = {
		[RV_AMOSWAP - RV_AMOSWAP] = LLVMAtomicRMWBinOpXchg,
		[RV_AMOADD - RV_AMOSWAP] = LLVMAtomicRMWBinOpAdd,
		[RV_AMOXOR - RV_AMOSWAP] = LLVMAtomicRMWBinOpXor,
		[RV_AMOAND - RV_AMOSWAP] = LLVMAtomicRMWBinOpAnd,
		[RV_AMOOR - RV_AMOSWAP] = LLVMAtomicRMWBinOpOr,
		[RV_AMOMIN - RV_AMOSWAP] = LLVMAtomicRMWBinOpMin,
		[RV_AMOMAX - RV_AMOSWAP] = LLVMAtomicRMWBinOpMax,
		[RV_AMOMINU - RV_AMOSWAP] = LLVMAtomicRMWBinOpUMin,
		[RV_AMOMAXU - RV_AMOSWAP] = LLVMAtomicRMWBinOpUMax,
	};

	if (in->op == RV_LR)
		load_reserved(r, in);
	else if (in->op == RV_SC)
		store_conditional(r, in);
	else if (in->op >= RV_AMOSWAP && in->op <= RV_AMOMAXU)
		amo(r, in, ops[in->op - RV_AMOSWAP]);
	else
		return -1;
	return 0;
}
