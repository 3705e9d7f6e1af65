/* Generic parts of lifting: region exits and calls into the runtime. */
#include "translate/lift.h"
#include "translate/translate.h"
#include "runtime/dispatch.h"
#include "translate/pc_map.h"
#include "translate/symbols.h"

#include <stddef.h>
#include <string.h>

LLVMValueRef xl_lift_carried(struct xl_lift *l, unsigned i)
{
	return LLVMGetParam(l->fn, i + 1);
}

LLVMValueRef xl_lift_const(LLVMTypeRef t, uint64_t v)
{
	return LLVMConstInt(t, v, 0);
}

/* A runtime variable, declared by name (see symbols.h). */
static LLVMValueRef runtime_global(struct xl_lift *l, const char *name, LLVMTypeRef type)
{
	LLVMValueRef g = LLVMGetNamedGlobal(l->mod, name);
	return g ? g : LLVMAddGlobal(l->mod, type, name);
}

static LLVMValueRef declare_function(struct xl_lift *l, const char *name, LLVMTypeRef type)
{
	LLVMValueRef f = LLVMGetNamedFunction(l->mod, name);
	return f ? f : LLVMAddFunction(l->mod, name, type);
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

/* The dispatcher stub, which finds the code for cpu->pc. */
static void tail_jump_dispatch(struct xl_lift *l, LLVMValueRef *carried)
{
	LLVMValueRef dispatch = declare_function(l, XL_DISPATCH_STUB, l->region_type);

	LLVMSetFunctionCallConv(dispatch, XL_CC_PRESERVE_NONE);
	tail_jump(l, dispatch, carried);
}

static void store_pc(struct xl_lift *l, LLVMValueRef pc)
{
	LLVMBuildStore(l->b, pc, xl_lift_cpu_field(l, offsetof(struct xl_cpu, pc)));
}

void xl_lift_exit_direct(struct xl_lift *l, uint64_t target, LLVMValueRef *carried)
{
	/* The cache entry's code field is the jump slot: it holds the
	 * dispatcher stub until the target is translated, then the target. */
	char slot[XL_SYMBOL_MAX];

	xl_symbol_slot(slot, target);
	store_pc(l, xl_lift_const(l->i64, target));
	LLVMValueRef code = LLVMBuildLoad2(l->b, l->ptr, runtime_global(l, slot, l->ptr), "slot");
	tail_jump(l, code, carried);
}

void xl_lift_exit_indirect(struct xl_lift *l, LLVMValueRef target, LLVMValueRef *carried)
{
	LLVMBasicBlockRef hit = LLVMAppendBasicBlockInContext(l->ctx, l->fn, "ibtc_hit");
	LLVMBasicBlockRef miss = LLVMAppendBasicBlockInContext(l->ctx, l->fn, "ibtc_miss");
	LLVMTypeRef entry_type = LLVMStructTypeInContext(l->ctx,
		(LLVMTypeRef[]){ l->i64, l->ptr }, 2, 0);

	store_pc(l, target);
	/* The same index as xl_ibtc_index. */
	LLVMValueRef index = LLVMBuildLShr(l->b, LLVMBuildMul(l->b, target,
		xl_lift_const(l->i64, XL_IBTC_HASH), ""), xl_lift_const(l->i64, 64 - XL_IBTC_BITS), "");
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
	tail_jump_dispatch(l, carried);
}

/* Marks the branch br as taken to its first successor about never. */
static void expect_rarely(struct xl_lift *l, LLVMValueRef br)
{
	LLVMMetadataRef weights[] = {
		LLVMMDStringInContext2(l->ctx, "branch_weights", 14),
		LLVMValueAsMetadata(LLVMConstInt(l->i32, 1, 0)),
		LLVMValueAsMetadata(LLVMConstInt(l->i32, 1u << 20, 0)),
	};
	unsigned prof = LLVMGetMDKindIDInContext(l->ctx, "prof", 4);

	LLVMSetMetadata(br, prof, LLVMMetadataAsValue(l->ctx, LLVMMDNodeInContext2(l->ctx, weights, 3)));
}

void xl_lift_safe_point(struct xl_lift *l, LLVMBasicBlockRef cont, LLVMBasicBlockRef leave)
{
	/* Volatile: a host signal handler sets it while the loop runs. */
	LLVMValueRef flag = LLVMBuildLoad2(l->b, l->i32,
		xl_lift_cpu_field(l, offsetof(struct xl_cpu, signal_pending)), "signal_pending");
	LLVMSetVolatile(flag, 1);
	LLVMValueRef br = LLVMBuildCondBr(l->b, LLVMBuildICmp(l->b, LLVMIntNE, flag,
		LLVMConstInt(l->i32, 0, 0), ""), leave, cont);
	expect_rarely(l, br);
}

void xl_lift_entry_safe_point(struct xl_lift *l, uint64_t pc, LLVMBasicBlockRef cont)
{
	LLVMBasicBlockRef leave = LLVMAppendBasicBlockInContext(l->ctx, l->fn, "signal");
	LLVMValueRef carried[XL_CARRIED_REGS];

	xl_lift_safe_point(l, cont, leave);
	LLVMPositionBuilderAtEnd(l->b, leave);
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		carried[i] = xl_lift_carried(l, i);
	store_pc(l, xl_lift_const(l->i64, pc));
	tail_jump_dispatch(l, carried);
	LLVMPositionBuilderAtEnd(l->b, cont);
}

LLVMValueRef xl_lift_guest_access(struct xl_lift *l, LLVMValueRef access, uint64_t pc)
{
	LLVMMetadataRef aux[] = {
		LLVMValueAsMetadata(xl_lift_const(l->i32, (uint32_t)XL_PC_MAP_MARKER)),
		LLVMValueAsMetadata(xl_lift_const(l->i64, pc)),
	};
	LLVMMetadataRef sections[] = {
		LLVMMDStringInContext2(l->ctx, XL_PC_MAP_SECTION, strlen(XL_PC_MAP_SECTION)),
		LLVMMDNodeInContext2(l->ctx, aux, 2),
	};

	LLVMSetMetadata(access, LLVMGetMDKindIDInContext(l->ctx, "pcsections", 10),
			LLVMMetadataAsValue(l->ctx, LLVMMDNodeInContext2(l->ctx, sections, 2)));
	LLVMSetVolatile(access, 1);
	return access;
}

void xl_lift_heat(struct xl_lift *l, uint64_t pc, LLVMBasicBlockRef cont, LLVMBasicBlockRef hot)
{
	if (l->tier != XL_TIER_FAST) {
		LLVMBuildBr(l->b, cont);
		return;
	}
	char name[XL_SYMBOL_MAX];

	xl_symbol_heat(name, pc);
	LLVMValueRef counter = runtime_global(l, name, l->i32);
	LLVMValueRef heat = LLVMBuildAdd(l->b, LLVMBuildLoad2(l->b, l->i32, counter, ""),
					 LLVMConstInt(l->i32, 1, 0), "");
	LLVMBasicBlockRef warm = LLVMAppendBasicBlockInContext(l->ctx, l->fn, "warm");
	LLVMBasicBlockRef request = LLVMAppendBasicBlockInContext(l->ctx, l->fn, "request");
	LLVMBasicBlockRef recheck = LLVMAppendBasicBlockInContext(l->ctx, l->fn, "recheck");

	LLVMBuildStore(l->b, heat, counter);
	LLVMBuildCondBr(l->b, LLVMBuildICmp(l->b, LLVMIntUGE, heat,
		LLVMConstInt(l->i32, XL_HOT_THRESHOLD, 0), ""), warm, cont);

	LLVMPositionBuilderAtEnd(l->b, warm);
	LLVMBuildCondBr(l->b, LLVMBuildICmp(l->b, LLVMIntEQ, heat,
		LLVMConstInt(l->i32, XL_HOT_THRESHOLD, 0), ""), request, recheck);
	LLVMPositionBuilderAtEnd(l->b, request);
	LLVMValueRef args[] = { xl_lift_const(l->i64, pc) };
	xl_lift_call(l, xl_region_hot, l->vd, args, 1);
	LLVMBuildBr(l->b, cont);

	/* The optimiser works in the background: now and then go to hot to
	 * pick up its code once it is there. */
	LLVMPositionBuilderAtEnd(l->b, recheck);
	LLVMValueRef due = LLVMBuildICmp(l->b, LLVMIntEQ, LLVMBuildAnd(l->b, heat,
		LLVMConstInt(l->i32, XL_HOT_RECHECK - 1, 0), ""), LLVMConstInt(l->i32, 0, 0), "");
	LLVMBuildCondBr(l->b, due, hot, cont);
}

LLVMValueRef xl_lift_call(struct xl_lift *l, const void *fn, LLVMTypeRef ret,
			  LLVMValueRef *args, unsigned nargs)
{
	LLVMTypeRef types[8];

	for (unsigned i = 0; i < nargs; i++)
		types[i] = LLVMTypeOf(args[i]);
	LLVMTypeRef type = LLVMFunctionType(ret, types, nargs, 0);
	char name[XL_SYMBOL_MAX];

	xl_symbol_helper(name, fn);
	return LLVMBuildCall2(l->b, type, declare_function(l, name, type), args, nargs, "");
}
