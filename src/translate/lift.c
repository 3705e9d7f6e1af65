/* Generic parts of lifting: region exits and calls into the runtime. */
#include "translate/lift.h"
#include "translate/translate.h"
#include "runtime/code_cache.h"
#include "runtime/dispatch.h"

#include <stddef.h>

LLVMValueRef xl_lift_carried(struct xl_lift *l, unsigned i)
{
	return LLVMGetParam(l->fn, i + 1);
}

LLVMValueRef xl_lift_const(LLVMTypeRef t, uint64_t v)
{
	return LLVMConstInt(t, v, 0);
}

LLVMValueRef xl_lift_host_ptr(struct xl_lift *l, const void *p)
{
	return LLVMConstIntToPtr(xl_lift_const(l->i64, (uintptr_t)p), l->ptr);
}

LLVMValueRef xl_lift_cpu_field(struct xl_lift *l, size_t offset)
{
	LLVMValueRef off = xl_lift_const(l->i64, offset);
	return LLVMBuildGEP2(l->b, l->i8, l->cpu, &off, 1, "");
}

/* A musttail call of region code: the tail of every region exit. */
static void tail_jump(struct xl_lift *l, LLVMValueRef code, LLVMValueRef *carried)
{
	LLVMValueRef args[1 + XL_CARRIED_REGS];

	args[0] = l->cpu;
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		args[i + 1] = carried[i];
	LLVMValueRef call = LLVMBuildCall2(l->b, l->region_type, code, args,
					   1 + XL_CARRIED_REGS, "");
	LLVMSetInstructionCallConv(call, XL_CC_PRESERVE_NONE);
	LLVMSetTailCallKind(call, LLVMTailCallKindMustTail);
	LLVMBuildRetVoid(l->b);
}

static void store_pc(struct xl_lift *l, LLVMValueRef pc)
{
	LLVMBuildStore(l->b, pc, xl_lift_cpu_field(l, offsetof(struct xl_cpu, pc)));
}

void xl_lift_exit_direct(struct xl_lift *l, uint64_t target, LLVMValueRef *carried)
{
	/* The cache entry's code field is the jump slot: it holds the
	 * dispatcher stub until the target is translated, then the target. */
	struct xl_cache_entry *e = xl_cache_entry(target);

	store_pc(l, xl_lift_const(l->i64, target));
	LLVMValueRef code = LLVMBuildLoad2(l->b, l->ptr, xl_lift_host_ptr(l, &e->code), "slot");
	tail_jump(l, code, carried);
}

void xl_lift_exit_indirect(struct xl_lift *l, LLVMValueRef target, LLVMValueRef *carried)
{
	LLVMBasicBlockRef hit = LLVMAppendBasicBlockInContext(l->ctx, l->fn, "ibtc_hit");
	LLVMBasicBlockRef miss = LLVMAppendBasicBlockInContext(l->ctx, l->fn, "ibtc_miss");
	LLVMTypeRef entry_type = LLVMStructTypeInContext(l->ctx,
		(LLVMTypeRef[]){ l->i64, l->ptr }, 2, 0);

	store_pc(l, target);
	/* Guest code is at least 2-byte aligned on every guest we have. */
	LLVMValueRef index = LLVMBuildAnd(l->b, LLVMBuildLShr(l->b, target,
		xl_lift_const(l->i64, 1), ""), xl_lift_const(l->i64, XL_IBTC_ENTRIES - 1), "");
	LLVMValueRef idx[] = { xl_lift_const(l->i64, 0), index };
	LLVMValueRef table = xl_lift_cpu_field(l, offsetof(struct xl_cpu, ibtc));
	LLVMValueRef slot = LLVMBuildGEP2(l->b, LLVMArrayType2(entry_type, XL_IBTC_ENTRIES),
					  table, idx, 2, "");
	LLVMValueRef cached_pc = LLVMBuildLoad2(l->b, l->i64, slot, "");
	LLVMBuildCondBr(l->b, LLVMBuildICmp(l->b, LLVMIntEQ, cached_pc, target, ""), hit, miss);

	LLVMPositionBuilderAtEnd(l->b, hit);
	LLVMValueRef code_ptr = LLVMBuildStructGEP2(l->b, entry_type, slot, 1, "");
	tail_jump(l, LLVMBuildLoad2(l->b, l->ptr, code_ptr, ""), carried);

	LLVMPositionBuilderAtEnd(l->b, miss);
	tail_jump(l, xl_lift_host_ptr(l, xl_stub_dispatch()), carried);
}

void xl_lift_heat(struct xl_lift *l, uint64_t pc, LLVMBasicBlockRef cont, LLVMBasicBlockRef hot)
{
	if (l->tier != XL_TIER_FAST) {
		LLVMBuildBr(l->b, cont);
		return;
	}
	struct xl_cache_entry *e = xl_cache_entry(pc);
	LLVMValueRef counter = xl_lift_host_ptr(l, &e->heat);
	LLVMValueRef heat = LLVMBuildAdd(l->b, LLVMBuildLoad2(l->b, l->i32, counter, ""),
					 LLVMConstInt(l->i32, 1, 0), "");
	LLVMBasicBlockRef compile = LLVMAppendBasicBlockInContext(l->ctx, l->fn, "hot");

	LLVMBuildStore(l->b, heat, counter);
	LLVMBuildCondBr(l->b, LLVMBuildICmp(l->b, LLVMIntEQ, heat,
		LLVMConstInt(l->i32, XL_HOT_THRESHOLD, 0), ""), compile, cont);
	LLVMPositionBuilderAtEnd(l->b, compile);
	LLVMValueRef args[] = { xl_lift_const(l->i64, pc) };
	xl_lift_call(l, xl_region_hot, l->vd, args, 1);
	LLVMBuildBr(l->b, hot);
}

LLVMValueRef xl_lift_call(struct xl_lift *l, const void *fn, LLVMTypeRef ret,
			  LLVMValueRef *args, unsigned nargs)
{
	LLVMTypeRef types[8];

	for (unsigned i = 0; i < nargs; i++)
		types[i] = LLVMTypeOf(args[i]);
	LLVMTypeRef type = LLVMFunctionType(ret, types, nargs, 0);
	return LLVMBuildCall2(l->b, type, xl_lift_host_ptr(l, fn), args, nargs, "");
}
