/* The core integer instructions: mov and its widening forms, lea, the
 * ALU operations with their flags (adc/sbb included), inc/dec, neg/not
 * (lock forms atomic), cbw/cwd and their wider forms, setcc/cmovcc,
 * push/pop, call/ret, jmp/jcc, loop/jrcxz, leave, syscall, nops and traps;
 * the other groups go to their own files. */
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"
#include "linux/syscall.h"
#include "host/host.h"

#include <signal.h>

#define B (x->b)

static LLVMTypeRef int_type(struct x64_lift *x, unsigned size)
{
	return LLVMIntTypeInContext(x->l->ctx, 8 * size);
}

static LLVMValueRef load_field(struct x64_lift *x, size_t offset)
{
	return LLVMBuildLoad2(B, x->l->i64, xl_lift_cpu_field(x->l, offset), "");
}

/* The address a memory operand names (lea: without the segment base). */
static LLVMValueRef effective_address(struct x64_lift *x, const struct x86_insn *in)
{
	const struct x86_mem *m = &in->mem;
	LLVMValueRef a = x64_const(x, (uint64_t)m->disp);

	if (m->rip_relative)
		a = x64_const(x, in->pc + in->len + (uint64_t)m->disp);
	if (m->base != X86_NOREG)
		a = LLVMBuildAdd(B, a, x64_gpr(x, m->base), "");
	if (m->index != X86_NOREG)
		a = LLVMBuildAdd(B, a, LLVMBuildMul(B, x64_gpr(x, m->index),
						   x64_const(x, m->scale), ""), "");
	if (m->addr_size == 4)
		a = LLVMBuildAnd(B, a, x64_const(x, 0xffffffffu), "");
	return a;
}

LLVMValueRef x64_guest_pointer(struct x64_lift *x, LLVMValueRef a)
{
	return LLVMBuildIntToPtr(B, a, x->l->ptr, "");
}

/* 128 bits move as a vector: LLVM splits an i128 access into two, of which
 * only one would carry the guest pc. */
static LLVMTypeRef access_type(struct x64_lift *x, LLVMTypeRef t)
{
	return t == x->l->i128 ? LLVMVectorType(x->l->i64, 2) : t;
}

/* On a host weaker than x86's TSO, a fence after each load keeps later
 * loads and stores after it, and one before each store keeps earlier
 * stores (and loads) before it: what TSO promises, at a barrier each. */
LLVMValueRef x64_guest_load(struct x64_lift *x, const struct x86_insn *in, LLVMTypeRef t,
			    LLVMValueRef ptr)
{
	LLVMValueRef v = LLVMBuildLoad2(B, access_type(x, t), ptr, "");

	LLVMSetAlignment(v, 1);
	xl_lift_guest_access(x->l, v, in->pc);
	if (!XL_HOST_TSO)
		LLVMBuildFence(B, LLVMAtomicOrderingAcquire, 0, "");
	return LLVMBuildBitCast(B, v, t, "");
}

void x64_guest_store(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef v,
		     LLVMValueRef ptr)
{
	if (!XL_HOST_TSO)
		LLVMBuildFence(B, LLVMAtomicOrderingRelease, 0, "");
	v = LLVMBuildBitCast(B, v, access_type(x, LLVMTypeOf(v)), "");
	LLVMValueRef s = LLVMBuildStore(B, v, ptr);
	LLVMSetAlignment(s, 1);
	xl_lift_guest_access(x->l, s, in->pc);
}

LLVMValueRef x64_guest_rmw(struct x64_lift *x, const struct x86_insn *in, LLVMAtomicRMWBinOp op,
			   LLVMValueRef ptr, LLVMValueRef v)
{
	LLVMValueRef old = LLVMBuildAtomicRMW(B, op, ptr, v, LLVMAtomicOrderingSequentiallyConsistent, 0);

	return xl_lift_guest_access(x->l, old, in->pc);
}

LLVMValueRef x64_guest_cmpxchg(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef ptr,
			       LLVMValueRef expected, LLVMValueRef desired)
{
	LLVMValueRef pair = LLVMBuildAtomicCmpXchg(B, ptr, expected, desired,
		LLVMAtomicOrderingSequentiallyConsistent, LLVMAtomicOrderingSequentiallyConsistent, 0);

	return xl_lift_guest_access(x->l, pair, in->pc);
}

LLVMValueRef x64_segment_address(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef a)
{
	if (in->mem.seg == X86_FS)
		return LLVMBuildAdd(B, a, load_field(x, X64_OFF(fs_base)), "");
	if (in->mem.seg == X86_GS)
		return LLVMBuildAdd(B, a, load_field(x, X64_OFF(gs_base)), "");
	return a;
}

LLVMValueRef x64_memory_pointer(struct x64_lift *x, const struct x86_insn *in)
{
	return x64_guest_pointer(x, x64_segment_address(x, in, effective_address(x, in)));
}

/* The value of a register, memory or immediate operand, at size bytes. */
LLVMValueRef x64_read_op(struct x64_lift *x, const struct x86_insn *in,
			    const struct x86_operand *op, unsigned size)
{
	LLVMTypeRef t = int_type(x, size);

	switch (op->kind) {
	case X86_OPK_IMM:
		return LLVMConstInt(t, (uint64_t)op->imm, 0);
	case X86_OPK_MEM:
		return x64_guest_load(x, in, t, x64_memory_pointer(x, in));
	default:
		if (op->reg_class == X86_RC_GPR8H)
			return LLVMBuildTrunc(B, LLVMBuildLShr(B, x64_gpr(x, op->reg),
							       x64_const(x, 8), ""), t, "");
		return LLVMBuildTrunc(B, x64_gpr(x, op->reg), t, "");
	}
}

/* Writes v (of the operand's size): a 32-bit register write clears the
 * upper half, 8- and 16-bit ones keep the other bits. */
void x64_write_op(struct x64_lift *x, const struct x86_insn *in,
		     const struct x86_operand *op, LLVMValueRef v)
{
	unsigned size = LLVMGetIntTypeWidth(LLVMTypeOf(v)) / 8;

	if (op->kind == X86_OPK_MEM) {
		x64_guest_store(x, in, v, x64_memory_pointer(x, in));
		return;
	}
	LLVMValueRef wide = LLVMBuildZExt(B, v, x->l->i64, "");
	if (size >= 4) {
		x64_set_gpr(x, op->reg, wide);
		return;
	}
	unsigned shift = op->reg_class == X86_RC_GPR8H ? 8 : 0;
	uint64_t mask = ((1ull << (8 * size)) - 1) << shift;
	LLVMValueRef kept = LLVMBuildAnd(B, x64_gpr(x, op->reg), x64_const(x, ~mask), "");
	x64_set_gpr(x, op->reg, LLVMBuildOr(B, kept, LLVMBuildShl(B, wide,
		x64_const(x, shift), ""), ""));
}

struct x86_operand x64_gpr_operand(unsigned reg, unsigned size)
{
	return (struct x86_operand){ .kind = X86_OPK_REG, .size = (uint8_t)size,
				     .reg_class = X86_RC_GPR, .reg = (uint8_t)reg };
}

static int is_locked_memory(const struct x86_insn *in)
{
	return (in->prefixes & X86_PFX_LOCK) && in->op[0].kind == X86_OPK_MEM;
}

static int alu_kind(enum x86_mnem m, LLVMAtomicRMWBinOp *rmw, enum x64_flag_op *flags)
{
	switch (m) {
	case X86_ADD: *rmw = LLVMAtomicRMWBinOpAdd; *flags = X64_FLAGS_ADD; return 1;
	case X86_SUB: case X86_CMP: *rmw = LLVMAtomicRMWBinOpSub; *flags = X64_FLAGS_SUB; return 1;
	case X86_AND: case X86_TEST: *rmw = LLVMAtomicRMWBinOpAnd; *flags = X64_FLAGS_LOGIC; return 1;
	case X86_OR: *rmw = LLVMAtomicRMWBinOpOr; *flags = X64_FLAGS_LOGIC; return 1;
	case X86_XOR: *rmw = LLVMAtomicRMWBinOpXor; *flags = X64_FLAGS_LOGIC; return 1;
	default: return 0;
	}
}

static LLVMValueRef compute(struct x64_lift *x, LLVMAtomicRMWBinOp op, LLVMValueRef a,
			    LLVMValueRef b)
{
	switch (op) {
	case LLVMAtomicRMWBinOpAdd: return LLVMBuildAdd(B, a, b, "");
	case LLVMAtomicRMWBinOpSub: return LLVMBuildSub(B, a, b, "");
	case LLVMAtomicRMWBinOpAnd: return LLVMBuildAnd(B, a, b, "");
	case LLVMAtomicRMWBinOpOr: return LLVMBuildOr(B, a, b, "");
	default: return LLVMBuildXor(B, a, b, "");
	}
}

/* add sub and or xor cmp test; with lock on memory, atomically. */
static void lift_alu(struct x64_lift *x, const struct x86_insn *in, LLVMAtomicRMWBinOp op,
		     enum x64_flag_op flags)
{
	unsigned size = in->op[0].size;
	LLVMValueRef a, b = x64_read_op(x, in, &in->op[1], size);
	int writes = in->mnem != X86_CMP && in->mnem != X86_TEST;

	if (writes && is_locked_memory(in)) {
		a = x64_guest_rmw(x, in, op, x64_memory_pointer(x, in), b);
		x64_flags_set(x, flags, a, b, compute(x, op, a, b), NULL);
		return;
	}
	a = x64_read_op(x, in, &in->op[0], size);
	LLVMValueRef res = compute(x, op, a, b);
	if (writes)
		x64_write_op(x, in, &in->op[0], res);
	x64_flags_set(x, flags, a, b, res, NULL);
}

/* The destination's value; with lock on memory, atomically updated by
 * op with operand there (the caller then writes nothing). */
static LLVMValueRef read_or_update(struct x64_lift *x, const struct x86_insn *in,
				   LLVMAtomicRMWBinOp op, LLVMValueRef operand)
{
	if (is_locked_memory(in))
		return x64_guest_rmw(x, in, op, x64_memory_pointer(x, in), operand);
	return x64_read_op(x, in, &in->op[0], in->op[0].size);
}

/* adc, sbb: the carry in added or subtracted too; with lock on memory,
 * one atomic add or sub of b + carry, which leaves the same memory. */
static void lift_adc_sbb(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	int add = in->mnem == X86_ADC;
	LLVMValueRef cin = x64_flags_carry(x);
	LLVMValueRef b = x64_read_op(x, in, &in->op[1], size);
	LLVMValueRef b_cin = LLVMBuildAdd(B, b, LLVMBuildZExt(B, cin, LLVMTypeOf(b), ""), "");

	LLVMValueRef a = read_or_update(x, in, add ? LLVMAtomicRMWBinOpAdd : LLVMAtomicRMWBinOpSub,
					b_cin);
	LLVMValueRef res = add ? LLVMBuildAdd(B, a, b_cin, "") : LLVMBuildSub(B, a, b_cin, "");
	if (!is_locked_memory(in))
		x64_write_op(x, in, &in->op[0], res);
	/* the carry out: the plain one, or with a carry in, the operands'
	 * sum (difference) wrapping all the way round */
	LLVMValueRef wrapped = LLVMBuildAnd(B, cin, LLVMBuildICmp(B, LLVMIntEQ, add ? res : a,
								   add ? a : b, ""), "");
	LLVMValueRef plain = add ? LLVMBuildICmp(B, LLVMIntULT, res, a, "")
		: LLVMBuildICmp(B, LLVMIntULT, a, b, "");
	x64_flags_set_with_carry(x, add ? X64_FLAGS_ADD : X64_FLAGS_SUB, a, b, res,
				 LLVMBuildOr(B, plain, wrapped, ""));
}

static void lift_inc_dec(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	LLVMValueRef carry = x64_flags_carry(x);
	LLVMValueRef one = LLVMConstInt(int_type(x, size), 1, 0);
	int inc = in->mnem == X86_INC;
	LLVMValueRef a = read_or_update(x, in, inc ? LLVMAtomicRMWBinOpAdd : LLVMAtomicRMWBinOpSub, one);
	LLVMValueRef res = inc ? LLVMBuildAdd(B, a, one, "") : LLVMBuildSub(B, a, one, "");
	if (!is_locked_memory(in))
		x64_write_op(x, in, &in->op[0], res);
	x64_flags_set(x, inc ? X64_FLAGS_ADD : X64_FLAGS_SUB, a, one, res, carry);
}

void x64_push(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef v)
{
	unsigned size = LLVMGetIntTypeWidth(LLVMTypeOf(v)) / 8;
	LLVMValueRef sp = LLVMBuildSub(B, x64_gpr(x, X86_RSP), x64_const(x, size), "");

	x64_guest_store(x, in, v, x64_guest_pointer(x, sp));
	x64_set_gpr(x, X86_RSP, sp);
}

LLVMValueRef x64_pop(struct x64_lift *x, const struct x86_insn *in, unsigned size)
{
	LLVMValueRef sp = x64_gpr(x, X86_RSP);
	LLVMValueRef v = x64_guest_load(x, in, int_type(x, size), x64_guest_pointer(x, sp));

	x64_set_gpr(x, X86_RSP, LLVMBuildAdd(B, sp, x64_const(x, size), ""));
	return v;
}

/* pop's destination address uses rsp after the increment. */
static void lift_pop(struct x64_lift *x, const struct x86_insn *in)
{
	x64_write_op(x, in, &in->op[0], x64_pop(x, in, in->opsize));
}

static void lift_call(struct x64_lift *x, const struct x86_insn *in)
{
	uint64_t next = in->pc + in->len;

	if (in->op[0].kind == X86_OPK_REL) {
		x64_push(x, in, x64_const(x, next));
		LLVMBuildBr(B, x64_call_target(x, in));
		return;
	}
	LLVMValueRef target = x64_read_op(x, in, &in->op[0], 8);
	x64_push(x, in, x64_const(x, next));
	xl_exits_jump_indirect(&x->exits, target);
}

static void lift_ret(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMValueRef target = x64_pop(x, in, 8);

	if (in->nops)
		x64_set_gpr(x, X86_RSP, LLVMBuildAdd(B, x64_gpr(x, X86_RSP),
						     x64_const(x, (uint64_t)in->op[0].imm), ""));
	x64_return(x, target);
}

static void lift_jmp(struct x64_lift *x, const struct x86_insn *in)
{
	if (in->op[0].kind == X86_OPK_REL)
		LLVMBuildBr(B, x64_jump_target(x, in->pc, in->target));
	else
		xl_exits_jump_indirect(&x->exits, x64_read_op(x, in, &in->op[0], 8));
}

static void lift_jcc(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMValueRef taken = x64_flags_cond(x, in->cond);

	x64_flags_settle(x);
	LLVMBuildCondBr(B, taken, x64_jump_target(x, in->pc, in->target),
			x64_block_at(x, in->pc + in->len));
}

/* syscall leaves the return address in rcx and rflags in r11. */
static void lift_syscall(struct x64_lift *x, const struct x86_insn *in)
{
	uint64_t next = in->pc + in->len;

	x64_set_gpr(x, X86_RCX, x64_const(x, next));
	x64_set_gpr(x, X86_R11, LLVMBuildLoad2(B, x->l->i64, x->rflags, ""));
	LLVMValueRef changed = x64_runtime_call(x, next, xl_syscall_from_guest, x->l->i32,
						   &x->l->cpu, 1);
	LLVMBasicBlockRef redirect = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "redirect");
	LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntNE, changed, LLVMConstInt(x->l->i32, 0, 0), ""),
			redirect, x64_block_at(x, next));
	LLVMPositionBuilderAtEnd(B, redirect);
	xl_exits_jump_indirect(&x->exits, load_field(x, offsetof(struct xl_cpu, pc)));
}

static void lift_mov(struct x64_lift *x, const struct x86_insn *in)
{
	x64_write_op(x, in, &in->op[0], x64_read_op(x, in, &in->op[1], in->op[0].size));
}

static void lift_lea(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMValueRef a = effective_address(x, in);

	x64_write_op(x, in, &in->op[0], LLVMBuildTrunc(B, a, int_type(x, in->op[0].size), ""));
}

/* movzx, movsx, movsxd: the source widened to the destination's size */
static void lift_extend(struct x64_lift *x, const struct x86_insn *in, int sign)
{
	unsigned to = in->op[0].size, from = in->op[1].size;
	LLVMValueRef v = x64_read_op(x, in, &in->op[1], from);
	LLVMTypeRef t = int_type(x, to);

	if (from < to)
		v = sign ? LLVMBuildSExt(B, v, t, "") : LLVMBuildZExt(B, v, t, "");
	else if (from > to)
		v = LLVMBuildTrunc(B, v, t, "");
	x64_write_op(x, in, &in->op[0], v);
}

static void lift_setcc(struct x64_lift *x, const struct x86_insn *in)
{
	x64_write_op(x, in, &in->op[0], LLVMBuildZExt(B, x64_flags_cond(x, in->cond), x->l->i8, ""));
}

/* The source is read and the destination written whatever the condition:
 * a 32-bit cmov clears the upper half either way. */
static void lift_cmovcc(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->op[0].size;
	LLVMValueRef old = x64_read_op(x, in, &in->op[0], size);
	LLVMValueRef src = x64_read_op(x, in, &in->op[1], size);

	x64_write_op(x, in, &in->op[0], LLVMBuildSelect(B, x64_flags_cond(x, in->cond), src, old, ""));
}

/* neg: the flags of 0 - a; not: no flags. With lock on memory, atomic. */
static void lift_neg_not(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMTypeRef t = int_type(x, in->op[0].size);
	int neg = in->mnem == X86_NEG;
	LLVMValueRef a;

	if (is_locked_memory(in) && neg)
		a = x64_atomic_negate(x, in, x64_memory_pointer(x, in), t);
	else
		a = read_or_update(x, in, LLVMAtomicRMWBinOpXor, LLVMConstAllOnes(t));
	LLVMValueRef zero = LLVMConstNull(t);
	LLVMValueRef res = neg ? LLVMBuildSub(B, zero, a, "") : LLVMBuildNot(B, a, "");
	if (!is_locked_memory(in))
		x64_write_op(x, in, &in->op[0], res);
	if (neg)
		x64_flags_set(x, X64_FLAGS_SUB, zero, a, res, NULL);
}

/* cbw cwde cdqe: rax's low half sign-extended into all of it (at the
 * operand size); cwd cdq cqo: rdx filled with rax's sign. */
static void lift_sign_extend_rax(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned size = in->opsize;
	struct x86_operand rax = x64_gpr_operand(X86_RAX, size);

	if (in->mnem == X86_CBW) {
		struct x86_operand low = x64_gpr_operand(X86_RAX, size / 2);
		x64_write_op(x, in, &rax, LLVMBuildSExt(B, x64_read_op(x, in, &low, size / 2),
							int_type(x, size), ""));
		return;
	}
	struct x86_operand rdx = x64_gpr_operand(X86_RDX, size);
	LLVMValueRef v = x64_read_op(x, in, &rax, size);
	x64_write_op(x, in, &rdx, LLVMBuildAShr(B, v, LLVMConstInt(LLVMTypeOf(v), 8 * size - 1, 0), ""));
}

/* The counter of loop and jrcxz: rcx, or ecx with the 67 prefix. */
static struct x86_operand loop_counter(const struct x86_insn *in)
{
	return x64_gpr_operand(X86_RCX, in->prefixes & X86_PFX_ADDRSIZE ? 4 : 8);
}

/* loop, loope, loopne: the counter decremented (no flags), then the
 * jump while it is not zero (and ZF is set, clear). jrcxz: the jump when
 * the counter is zero. */
static void lift_loop(struct x64_lift *x, const struct x86_insn *in)
{
	struct x86_operand c = loop_counter(in);
	LLVMValueRef n = x64_read_op(x, in, &c, c.size);
	LLVMValueRef zero = LLVMConstNull(LLVMTypeOf(n)), taken;

	if (in->mnem == X86_JRCXZ) {
		taken = LLVMBuildICmp(B, LLVMIntEQ, n, zero, "");
	} else {
		n = LLVMBuildSub(B, n, LLVMConstInt(LLVMTypeOf(n), 1, 0), "");
		x64_write_op(x, in, &c, n);
		taken = LLVMBuildICmp(B, LLVMIntNE, n, zero, "");
		if (in->mnem != X86_LOOP)       /* cond 4: e (ZF), 5: ne */
			taken = LLVMBuildAnd(B, taken, x64_flags_cond(x, in->mnem == X86_LOOPE ? 4 : 5), "");
	}
	LLVMBuildCondBr(B, taken, x64_jump_target(x, in->pc, in->target),
			x64_block_at(x, in->pc + in->len));
}

/* leave: rsp = rbp, then rbp popped. */
static void lift_leave(struct x64_lift *x, const struct x86_insn *in)
{
	x64_set_gpr(x, X86_RSP, x64_gpr(x, X86_RBP));
	struct x86_operand rbp = x64_gpr_operand(X86_RBP, in->opsize);
	x64_write_op(x, in, &rbp, x64_pop(x, in, in->opsize));
}

/* Only instructions x86_lifter_supports() accepts come here. */
void x64_lift_int(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMAtomicRMWBinOp rmw;
	enum x64_flag_op flags;

	if (x64_lift_shift(x, in) || x64_lift_muldiv(x, in) || x64_lift_flag_ops(x, in) ||
	    x64_lift_bits(x, in) || x64_lift_atomic(x, in) || x64_lift_string(x, in) ||
	    x64_lift_sse(x, in) ||
	    x64_lift_x87(x, in) || x64_lift_cpuid(x, in))
		return;
	if (alu_kind(in->mnem, &rmw, &flags)) {
		lift_alu(x, in, rmw, flags);
		return;
	}
	switch (in->mnem) {
	case X86_MOV: lift_mov(x, in); break;
	case X86_LEA: lift_lea(x, in); break;
	case X86_MOVZX: lift_extend(x, in, 0); break;
	case X86_MOVSX: case X86_MOVSXD: lift_extend(x, in, 1); break;
	case X86_SETCC: lift_setcc(x, in); break;
	case X86_CMOVCC: lift_cmovcc(x, in); break;
	case X86_NEG: case X86_NOT: lift_neg_not(x, in); break;
	case X86_INC: case X86_DEC: lift_inc_dec(x, in); break;
	case X86_ADC: case X86_SBB: lift_adc_sbb(x, in); break;
	case X86_CBW: case X86_CWD: lift_sign_extend_rax(x, in); break;
	case X86_LOOP: case X86_LOOPE: case X86_LOOPNE: case X86_JRCXZ: lift_loop(x, in); break;
	case X86_LEAVE: lift_leave(x, in); break;
	case X86_PUSH: x64_push(x, in, x64_read_op(x, in, &in->op[0], in->opsize)); break;
	case X86_POP: lift_pop(x, in); break;
	case X86_CALL: lift_call(x, in); break;
	case X86_RET: lift_ret(x, in); break;
	case X86_JMP: lift_jmp(x, in); break;
	case X86_JCC: lift_jcc(x, in); break;
	case X86_SYSCALL: lift_syscall(x, in); break;
	case X86_INT3: x64_raise(x, in, SIGTRAP); break;
	case X86_HLT: x64_raise(x, in, SIGSEGV); break;
	/* Ordinary x86 accesses are already ordered but for store-load, and
	 * the lifter's loads and stores are plain: each fence orders all. */
	case X86_LFENCE: case X86_SFENCE: case X86_MFENCE:
		LLVMBuildFence(x->b, LLVMAtomicOrderingSequentiallyConsistent, 0, "");
		break;
	default: break;         /* nop, endbr64, pause, rdssp, prefetches (never fault) */
	}
}
