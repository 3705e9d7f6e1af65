/* Exchanges: xchg, xadd, cmpxchg, cmpxchg8b, cmpxchg16b. On memory they
 * are LLVM atomics (sequentially consistent) with or without lock: xchg
 * locks by itself, and for the others an atomic access does what the
 * plain one does, so a lock prefix needs no separate path. Also the lock
 * forms of neg, which no atomicrmw operation expresses: a
 * compare-and-exchange loop. */
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"

#define B (x->b)

static LLVMTypeRef int_type(struct x64_lift *x, unsigned size)
{
	return LLVMIntTypeInContext(x->l->ctx, 8 * size);
}

/* Writes v to op only when cond holds: written, then the old register
 * value chosen back (so that a 32-bit write not done keeps the upper
 * half). op is a register. */
static void write_reg_if(struct x64_lift *x, const struct x86_insn *in,
			 const struct x86_operand *op, LLVMValueRef cond, LLVMValueRef v)
{
	LLVMValueRef before = x64_gpr(x, op->reg);

	x64_write_op(x, in, op, v);
	x64_set_gpr(x, op->reg, LLVMBuildSelect(B, cond, x64_gpr(x, op->reg), before, ""));
}

static void lift_xchg(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	const struct x86_operand *mem = in->op[0].kind == X86_OPK_MEM ? &in->op[0]
		: in->op[1].kind == X86_OPK_MEM ? &in->op[1] : NULL;

	if (mem) {
		const struct x86_operand *r = mem == &in->op[0] ? &in->op[1] : &in->op[0];
		LLVMValueRef old = x64_guest_rmw(x, in, LLVMAtomicRMWBinOpXchg,
			x64_memory_pointer(x, in), x64_read_op(x, in, r, size));
		x64_write_op(x, in, r, old);
		return;
	}
	LLVMValueRef a = x64_read_op(x, in, &in->op[0], size);
	LLVMValueRef b = x64_read_op(x, in, &in->op[1], size);
	x64_write_op(x, in, &in->op[0], b);
	x64_write_op(x, in, &in->op[1], a);
}

/* xadd dst, src: src = dst, dst = dst + src, with add's flags. */
static void lift_xadd(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	LLVMValueRef b = x64_read_op(x, in, &in->op[1], size), a, sum;

	if (in->op[0].kind == X86_OPK_MEM) {
		a = x64_guest_rmw(x, in, LLVMAtomicRMWBinOpAdd, x64_memory_pointer(x, in), b);
		sum = LLVMBuildAdd(B, a, b, "");
		x64_write_op(x, in, &in->op[1], a);
	} else {
		a = x64_read_op(x, in, &in->op[0], size);
		sum = LLVMBuildAdd(B, a, b, "");
		x64_write_op(x, in, &in->op[1], a);
		x64_write_op(x, in, &in->op[0], sum);
	}
	x64_flags_set(x, X64_FLAGS_ADD, a, b, sum, NULL);
}

/* cmpxchg dst, src: the flags of cmp rax, dst; when equal dst = src,
 * else rax = dst. */
static void lift_cmpxchg(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	struct x86_operand acc = x64_gpr_operand(X86_RAX, size);
	LLVMValueRef expected = x64_read_op(x, in, &acc, size);
	LLVMValueRef src = x64_read_op(x, in, &in->op[1], size), old, equal;

	if (in->op[0].kind == X86_OPK_MEM) {
		LLVMValueRef pair = x64_guest_cmpxchg(x, in, x64_memory_pointer(x, in), expected, src);
		old = LLVMBuildExtractValue(B, pair, 0, "");
		equal = LLVMBuildExtractValue(B, pair, 1, "");
	} else {
		old = x64_read_op(x, in, &in->op[0], size);
		equal = LLVMBuildICmp(B, LLVMIntEQ, old, expected, "");
		write_reg_if(x, in, &in->op[0], equal, src);
	}
	write_reg_if(x, in, &acc, LLVMBuildNot(B, equal, ""), old);
	x64_flags_set(x, X64_FLAGS_SUB, expected, old, LLVMBuildSub(B, expected, old, ""), NULL);
}

/* cmpxchg8b/16b m: compares rdx:rax (edx:eax) with m; when equal m =
 * rcx:rbx and ZF set, else rdx:rax = m and ZF clear. */
static void lift_cmpxchg_double(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned half = in->mnem == X86_CMPXCHG16B ? 8 : 4;
	LLVMTypeRef t = int_type(x, 2 * half);
	LLVMValueRef shift = LLVMConstInt(t, 8 * half, 0);
	struct x86_operand ops[4];
	LLVMValueRef v[4];
	static const unsigned regs[4] = { X86_RAX, X86_RDX, X86_RBX, X86_RCX };

	for (unsigned i = 0; i < 4; i++) {
		ops[i] = x64_gpr_operand(regs[i], half);
		v[i] = LLVMBuildZExt(B, x64_read_op(x, in, &ops[i], half), t, "");
	}
	LLVMValueRef expected = LLVMBuildOr(B, v[0], LLVMBuildShl(B, v[1], shift, ""), "");
	LLVMValueRef desired = LLVMBuildOr(B, v[2], LLVMBuildShl(B, v[3], shift, ""), "");
	LLVMValueRef pair = x64_guest_cmpxchg(x, in, x64_memory_pointer(x, in), expected, desired);
	LLVMValueRef old = LLVMBuildExtractValue(B, pair, 0, "");
	LLVMValueRef equal = LLVMBuildExtractValue(B, pair, 1, "");
	LLVMValueRef differ = LLVMBuildNot(B, equal, "");
	LLVMTypeRef ht = int_type(x, half);

	write_reg_if(x, in, &ops[0], differ, LLVMBuildTrunc(B, old, ht, ""));
	write_reg_if(x, in, &ops[1], differ, LLVMBuildTrunc(B, LLVMBuildLShr(B, old, shift, ""), ht, ""));
	x64_flags_store(x, X64_ZF, x64_flag_bit(x, equal, X64_ZF), NULL);
}

LLVMValueRef x64_atomic_negate(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef ptr,
			       LLVMTypeRef t)
{
	LLVMBasicBlockRef entry = LLVMGetInsertBlock(B);
	LLVMBasicBlockRef retry = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "lock_neg");
	LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "");
	LLVMValueRef first = x64_guest_load(x, in, t, ptr);

	LLVMBuildBr(B, retry);
	LLVMPositionBuilderAtEnd(B, retry);
	LLVMValueRef old = LLVMBuildPhi(B, t, "");
	LLVMValueRef pair = x64_guest_cmpxchg(x, in, ptr, old, LLVMBuildNeg(B, old, ""));
	LLVMValueRef seen = LLVMBuildExtractValue(B, pair, 0, "");
	LLVMBasicBlockRef from[2] = { entry, retry };
	LLVMValueRef values[2] = { first, seen };
	LLVMAddIncoming(old, values, from, 2);
	LLVMBuildCondBr(B, LLVMBuildExtractValue(B, pair, 1, ""), done, retry);
	LLVMPositionBuilderAtEnd(B, done);
	return old;
}

int x64_lift_atomic(struct x64_lift *x, const struct x86_insn *in)
{
	switch (in->mnem) {
	case X86_XCHG: lift_xchg(x, in); return 1;
	case X86_XADD: lift_xadd(x, in); return 1;
	case X86_CMPXCHG: lift_cmpxchg(x, in); return 1;
	case X86_CMPXCHG8B: case X86_CMPXCHG16B: lift_cmpxchg_double(x, in); return 1;
	default: return 0;
	}
}
