/* String instructions: movs stos lods cmps scas, alone or with rep (repe,
 * repne for cmps and scas). rsi and rdi step by the element size, down
 * when DF is set. A rep form is a loop inside the instruction: rcx
 * elements, cmps and scas stopping early when ZF says so. Each element
 * ends at a safe point: a pending signal leaves the region with rcx, rsi
 * and rdi as they are and pc at the instruction, which the CPU also does
 * for an interrupt, so the handler runs and the instruction then goes on.
 * With the 67 prefix the registers are esi, edi and ecx: addresses
 * zero-extended, each update a 32-bit write. An fs or gs override moves
 * the rsi operand only; es:rdi is never overridden. */
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"

#define B (x->b)

/* +size, or -size when DF is set. */
static LLVMValueRef step(struct x64_lift *x, unsigned size)
{
	LLVMValueRef df = LLVMBuildAnd(B, x64_flags_load(x), x64_const(x, X64_DF), "");

	return LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntNE, df, x64_const(x, 0), ""),
			       x64_const(x, -(uint64_t)size), x64_const(x, size), "");
}

/* v at the address size: with the 67 prefix its low 32 bits. */
static LLVMValueRef address_sized(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef v)
{
	if (in->prefixes & X86_PFX_ADDRSIZE)
		v = LLVMBuildAnd(B, v, x64_const(x, 0xffffffffu), "");
	return v;
}

/* rsi, rdi or rcx, at the address size. */
static LLVMValueRef string_reg(struct x64_lift *x, const struct x86_insn *in, unsigned reg)
{
	return address_sized(x, in, x64_gpr(x, reg));
}

/* A 32-bit write with the 67 prefix: the upper half cleared. */
static void set_string_reg(struct x64_lift *x, const struct x86_insn *in, unsigned reg,
			   LLVMValueRef v)
{
	x64_set_gpr(x, reg, address_sized(x, in, v));
}

/* [rsi] in the override's segment, or es:[rdi]. */
static LLVMValueRef string_pointer(struct x64_lift *x, const struct x86_insn *in, unsigned reg)
{
	LLVMValueRef a = string_reg(x, in, reg);

	if (reg == X86_RSI)
		a = x64_segment_address(x, in, a);
	return x64_guest_pointer(x, a);
}

static LLVMValueRef load_at(struct x64_lift *x, const struct x86_insn *in, unsigned reg)
{
	LLVMTypeRef t = LLVMIntTypeInContext(x->l->ctx, 8 * in->opsize);

	return x64_guest_load(x, in, t, string_pointer(x, in, reg));
}

static void advance(struct x64_lift *x, const struct x86_insn *in, unsigned reg,
		    LLVMValueRef by)
{
	set_string_reg(x, in, reg, LLVMBuildAdd(B, x64_gpr(x, reg), by, ""));
}

/* One element of the operation. */
static void element(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef by)
{
	struct x86_operand acc = x64_gpr_operand(X86_RAX, in->opsize);
	LLVMValueRef a, b;

	switch (in->mnem) {
	case X86_MOVS:
		a = load_at(x, in, X86_RSI);
		x64_guest_store(x, in, a, string_pointer(x, in, X86_RDI));
		advance(x, in, X86_RSI, by);
		advance(x, in, X86_RDI, by);
		return;
	case X86_STOS:
		a = x64_read_op(x, in, &acc, in->opsize);
		x64_guest_store(x, in, a, string_pointer(x, in, X86_RDI));
		advance(x, in, X86_RDI, by);
		return;
	case X86_LODS:
		x64_write_op(x, in, &acc, load_at(x, in, X86_RSI));
		advance(x, in, X86_RSI, by);
		return;
	case X86_CMPS:
		a = load_at(x, in, X86_RSI);
		b = load_at(x, in, X86_RDI);
		advance(x, in, X86_RSI, by);
		break;
	default:        /* scas */
		a = x64_read_op(x, in, &acc, in->opsize);
		b = load_at(x, in, X86_RDI);
		break;
	}
	advance(x, in, X86_RDI, by);
	x64_flags_set(x, X64_FLAGS_SUB, a, b, LLVMBuildSub(B, a, b, ""), NULL);
}

/* rep: while rcx (ecx) is not zero, one element and rcx decremented; repe and
 * repne also stop when ZF is clear or set. */
static void repeat(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef by)
{
	LLVMBasicBlockRef head = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "rep");
	LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "");
	LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "");
	LLVMBasicBlockRef again = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "");
	int compares = in->mnem == X86_CMPS || in->mnem == X86_SCAS;

	LLVMBuildBr(B, head);
	LLVMPositionBuilderAtEnd(B, head);
	x64_flags_forget(x);
	LLVMValueRef n = string_reg(x, in, X86_RCX);
	LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntEQ, n, x64_const(x, 0), ""), done, body);
	LLVMPositionBuilderAtEnd(B, body);
	element(x, in, by);
	x64_flags_commit(x);    /* the safe point and the loop read them stored */
	set_string_reg(x, in, X86_RCX, LLVMBuildSub(B, n, x64_const(x, 1), ""));
	if (compares)   /* condition 4: e, 5: ne */
		LLVMBuildCondBr(B, x64_flags_cond(x, in->prefixes & X86_PFX_REP ? 4 : 5), again, done);
	else
		LLVMBuildBr(B, again);
	LLVMPositionBuilderAtEnd(B, again);
	xl_lift_safe_point(x->l, head, xl_exits_block(&x->exits, in->pc));
	LLVMPositionBuilderAtEnd(B, done);
	/* the flags come from the last element, if any: stored, not known */
	x64_flags_forget(x);
}

int x64_lift_string(struct x64_lift *x, const struct x86_insn *in)
{
	switch (in->mnem) {
	case X86_MOVS: case X86_STOS: case X86_LODS: case X86_CMPS: case X86_SCAS:
		break;
	default:
		return 0;
	}
	LLVMValueRef by = step(x, in->opsize);
	if (in->prefixes & (X86_PFX_REP | X86_PFX_REPNE))
		repeat(x, in, by);
	else
		element(x, in, by);
	return 1;
}
