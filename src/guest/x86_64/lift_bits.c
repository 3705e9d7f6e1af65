/* Single-bit and bit-order instructions: bt bts btr btc (register and
 * immediate bit offsets, memory forms included), bsf bsr, popcnt lzcnt,
 * bswap, movbe. bt* set CF to the bit and leave the other flags as they
 * were (ZF is defined unchanged, the rest undefined); bsf/bsr set ZF for a
 * zero source and then leave the destination as it was, as the CPU does.
 * tzcnt (f3 0f bc) is bsf here, as on a CPU without BMI1, which is what
 * cpuid reports (see cpuid.c); compilers emit "rep bsf" for nonzero
 * operands, where the two agree. */
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"

#define B (x->b)

static LLVMTypeRef int_type(struct x64_lift *x, unsigned size)
{
	return LLVMIntTypeInContext(x->l->ctx, 8 * size);
}

static unsigned log2_bits(unsigned size)
{
	return size == 2 ? 4 : size == 4 ? 5 : 6;
}

/* The memory a bt* with a register offset addresses: the offset is
 * signed and may reach beyond the operand, by whole operands. *bit is
 * the offset within that operand. */
static LLVMValueRef bit_string_pointer(struct x64_lift *x, const struct x86_insn *in,
				       LLVMValueRef offset, unsigned size, LLVMValueRef *bit)
{
	LLVMTypeRef t = LLVMTypeOf(offset);
	LLVMValueRef units = LLVMBuildAShr(B, offset, LLVMConstInt(t, log2_bits(size), 0), "");
	LLVMValueRef bytes = LLVMBuildMul(B, LLVMBuildSExt(B, units, x->l->i64, ""),
					  x64_const(x, size), "");
	LLVMValueRef base = LLVMBuildPtrToInt(B, x64_memory_pointer(x, in), x->l->i64, "");

	*bit = LLVMBuildAnd(B, offset, LLVMConstInt(t, 8 * size - 1, 0), "");
	return LLVMBuildIntToPtr(B, LLVMBuildAdd(B, base, bytes, ""), x->l->ptr, "");
}

static LLVMAtomicRMWBinOp bit_update(enum x86_mnem m)
{
	return m == X86_BTS ? LLVMAtomicRMWBinOpOr : m == X86_BTR ? LLVMAtomicRMWBinOpAnd
		: LLVMAtomicRMWBinOpXor;
}

/* v with the bit in mask set, cleared or flipped as bts, btr, btc do. */
static LLVMValueRef update_bit(struct x64_lift *x, enum x86_mnem m, LLVMValueRef v, LLVMValueRef mask)
{
	switch (m) {
	case X86_BTS: return LLVMBuildOr(B, v, mask, "");
	case X86_BTR: return LLVMBuildAnd(B, v, LLVMBuildNot(B, mask, ""), "");
	default: return LLVMBuildXor(B, v, mask, "");
	}
}

static void lift_bt(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	LLVMTypeRef t = int_type(x, size);
	LLVMValueRef offset = x64_read_op(x, in, &in->op[1], size), bit, ptr = NULL, old;

	if (in->op[0].kind == X86_OPK_MEM && in->op[1].kind == X86_OPK_REG)
		ptr = bit_string_pointer(x, in, offset, size, &bit);
	else
		bit = LLVMBuildAnd(B, offset, LLVMConstInt(t, 8 * size - 1, 0), "");
	LLVMValueRef mask = LLVMBuildShl(B, LLVMConstInt(t, 1, 0), bit, "");
	int writes = in->mnem != X86_BT;

	if (in->op[0].kind == X86_OPK_MEM && !ptr)
		ptr = x64_memory_pointer(x, in);
	if (writes && ptr && (in->prefixes & X86_PFX_LOCK)) {
		LLVMValueRef operand = in->mnem == X86_BTR ? LLVMBuildNot(B, mask, "") : mask;
		old = x64_guest_rmw(x, in, bit_update(in->mnem), ptr, operand);
	} else {
		old = ptr ? x64_guest_load(x, in, t, ptr) : x64_read_op(x, in, &in->op[0], size);
		if (writes && ptr)
			x64_guest_store(x, in, update_bit(x, in->mnem, old, mask), ptr);
		else if (writes)
			x64_write_op(x, in, &in->op[0], update_bit(x, in->mnem, old, mask));
	}
	LLVMValueRef cf = LLVMBuildICmp(B, LLVMIntNE, LLVMBuildAnd(B, old, mask, ""),
					LLVMConstNull(t), "");
	x64_flags_store(x, X64_CF, x64_flag_bit(x, cf, X64_CF), NULL);
}

/* bsf: the lowest set bit's index; bsr: the highest's. */
static void lift_bit_scan(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	LLVMTypeRef t = int_type(x, size);
	LLVMValueRef src = x64_read_op(x, in, &in->op[1], size);
	LLVMValueRef args[] = { src, LLVMConstInt(x->l->i1, 0, 0) };
	LLVMValueRef zero = LLVMBuildICmp(B, LLVMIntEQ, src, LLVMConstNull(t), "");
	LLVMValueRef index;

	if (in->mnem == X86_BSF || in->mnem == X86_TZCNT)
		index = x64_intrinsic(x, "llvm.cttz", t, args, 2);
	else
		index = LLVMBuildSub(B, LLVMConstInt(t, 8 * size - 1, 0),
				     x64_intrinsic(x, "llvm.ctlz", t, args, 2), "");
	/* a zero source leaves the whole register, upper half included */
	LLVMValueRef old = x64_gpr(x, in->op[0].reg);
	if (size >= 4)
		x64_set_gpr(x, in->op[0].reg, LLVMBuildSelect(B, zero, old,
			LLVMBuildZExt(B, index, x->l->i64, ""), ""));
	else
		x64_write_op(x, in, &in->op[0], LLVMBuildSelect(B, zero,
			LLVMBuildTrunc(B, old, t, ""), index, ""));
	x64_flags_store(x, X64_ZF, x64_flag_bit(x, zero, X64_ZF), NULL);
}

/* popcnt and lzcnt write the destination for every source (a 32-bit one
 * zero-extended). popcnt: ZF for a zero source, CF OF SF AF PF clear;
 * lzcnt: CF for a zero source, ZF for a zero count, the rest undefined
 * (left as they were). */
static void lift_bit_count(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	LLVMTypeRef t = int_type(x, size);
	LLVMValueRef src = x64_read_op(x, in, &in->op[1], size);
	LLVMValueRef zero_src = LLVMBuildICmp(B, LLVMIntEQ, src, LLVMConstNull(t), "");

	if (in->mnem == X86_POPCNT) {
		x64_write_op(x, in, &in->op[0], x64_intrinsic(x, "llvm.ctpop", t, &src, 1));
		x64_flags_store(x, X64_CF | X64_PF | X64_AF | X64_ZF | X64_SF | X64_OF,
				x64_flag_bit(x, zero_src, X64_ZF), NULL);
		return;
	}
	LLVMValueRef args[] = { src, LLVMConstInt(x->l->i1, 0, 0) };
	LLVMValueRef count = x64_intrinsic(x, "llvm.ctlz", t, args, 2);
	LLVMValueRef zero_count = LLVMBuildICmp(B, LLVMIntEQ, count, LLVMConstNull(t), "");

	x64_write_op(x, in, &in->op[0], count);
	x64_flags_store(x, X64_CF | X64_ZF, LLVMBuildOr(B, x64_flag_bit(x, zero_src, X64_CF),
				x64_flag_bit(x, zero_count, X64_ZF), ""), NULL);
}

static LLVMValueRef byte_swap(struct x64_lift *x, LLVMValueRef v)
{
	return x64_intrinsic(x, "llvm.bswap", LLVMTypeOf(v), &v, 1);
}

int x64_lift_bits(struct x64_lift *x, const struct x86_insn *in)
{
	switch (in->mnem) {
	case X86_BT: case X86_BTS: case X86_BTR: case X86_BTC:
		lift_bt(x, in);
		return 1;
	case X86_BSF: case X86_BSR: case X86_TZCNT:
		lift_bit_scan(x, in);
		return 1;
	case X86_POPCNT: case X86_LZCNT:
		lift_bit_count(x, in);
		return 1;
	case X86_BSWAP:
		x64_write_op(x, in, &in->op[0], byte_swap(x, x64_read_op(x, in, &in->op[0], in->op[0].size)));
		return 1;
	case X86_MOVBE:
		x64_write_op(x, in, &in->op[0], byte_swap(x, x64_read_op(x, in, &in->op[1], in->op[0].size)));
		return 1;
	default:
		return 0;
	}
}
