/* RV64I and M: integer arithmetic, memory, control flow, system. */
#include "guest/riscv64/rv_lift.h"
#include "linux/linux.h"
#include "runtime/code_pages.h"

#include <signal.h>

#define B (r->b)

static void rv_fence_i(struct xl_cpu *cpu)
{
	xl_code_invalidate(0, 0);
}

static LLVMValueRef imm(struct rv_lift *r, const struct rv_insn *in)
{
	return rv_const(r, (uint64_t)in->imm);
}

static LLVMValueRef sext32(struct rv_lift *r, LLVMValueRef v32)
{
	return LLVMBuildSExt(B, v32, r->l->i64, "");
}

static LLVMValueRef lo32(struct rv_lift *r, LLVMValueRef v)
{
	return LLVMBuildTrunc(B, v, r->l->i32, "");
}

static LLVMValueRef bool64(struct rv_lift *r, LLVMIntPredicate p, LLVMValueRef a, LLVMValueRef b)
{
	return LLVMBuildZExt(B, LLVMBuildICmp(B, p, a, b, ""), r->l->i64, "");
}

/* Shift amounts use the low 6 (5 for W forms) bits, as the ISA says. */
static LLVMValueRef shift_amount(struct rv_lift *r, LLVMValueRef v, int word)
{
	LLVMTypeRef t = LLVMTypeOf(v);
	return LLVMBuildAnd(B, v, xl_lift_const(t, word ? 31 : 63), "");
}

static LLVMValueRef shift(struct rv_lift *r, LLVMOpcode opc, LLVMValueRef a, LLVMValueRef n, int word)
{
	if (!word)
		return LLVMBuildBinOp(B, opc, a, shift_amount(r, n, 0), "");
	LLVMValueRef v = LLVMBuildBinOp(B, opc, lo32(r, a), shift_amount(r, lo32(r, n), 1), "");
	return sext32(r, v);
}

/* Division never traps: x/0 is all ones, x%0 is x, MIN/-1 is MIN, MIN%-1
 * is 0. LLVM's division is undefined there, so the divisor is made safe. */
static LLVMValueRef divide(struct rv_lift *r, enum rv_op op, LLVMValueRef a, LLVMValueRef b)
{
	LLVMTypeRef t = LLVMTypeOf(a);
	unsigned width = LLVMGetIntTypeWidth(t);
	int is_signed = op == RV_DIV || op == RV_REM || op == RV_DIVW || op == RV_REMW;
	int is_rem = op == RV_REM || op == RV_REMU || op == RV_REMW || op == RV_REMUW;
	LLVMValueRef zero = LLVMBuildICmp(B, LLVMIntEQ, b, xl_lift_const(t, 0), "");
	LLVMValueRef unsafe = zero;

	if (is_signed) {
		LLVMValueRef min = LLVMBuildICmp(B, LLVMIntEQ, a, xl_lift_const(t, 1ull << (width - 1)), "");
		LLVMValueRef minus1 = LLVMBuildICmp(B, LLVMIntEQ, b, LLVMConstAllOnes(t), "");
		unsafe = LLVMBuildOr(B, zero, LLVMBuildAnd(B, min, minus1, ""), "");
	}
	LLVMValueRef safe_b = LLVMBuildSelect(B, unsafe, xl_lift_const(t, 1), b, "");
	LLVMValueRef v;
	if (is_rem)
		v = is_signed ? LLVMBuildSRem(B, a, safe_b, "") : LLVMBuildURem(B, a, safe_b, "");
	else
		v = is_signed ? LLVMBuildSDiv(B, a, safe_b, "") : LLVMBuildUDiv(B, a, safe_b, "");
	/* With the divisor 1, MIN/-1 already gives MIN and MIN%-1 gives 0. */
	return LLVMBuildSelect(B, zero, is_rem ? a : LLVMConstAllOnes(t), v, "");
}

static LLVMValueRef mul_high(struct rv_lift *r, LLVMValueRef a, LLVMValueRef b, int a_signed, int b_signed)
{
	LLVMTypeRef i128 = r->l->i128;
	LLVMValueRef wa = a_signed ? LLVMBuildSExt(B, a, i128, "") : LLVMBuildZExt(B, a, i128, "");
	LLVMValueRef wb = b_signed ? LLVMBuildSExt(B, b, i128, "") : LLVMBuildZExt(B, b, i128, "");
	LLVMValueRef p = LLVMBuildMul(B, wa, wb, "");
	return LLVMBuildTrunc(B, LLVMBuildLShr(B, p, xl_lift_const(i128, 64), ""), r->l->i64, "");
}

static LLVMValueRef word_op(struct rv_lift *r, enum rv_op op, LLVMValueRef a, LLVMValueRef b)
{
	LLVMValueRef a32 = lo32(r, a), b32 = lo32(r, b);

	switch (op) {
	case RV_ADDW: case RV_ADDIW: return sext32(r, LLVMBuildAdd(B, a32, b32, ""));
	case RV_SUBW: return sext32(r, LLVMBuildSub(B, a32, b32, ""));
	case RV_MULW: return sext32(r, LLVMBuildMul(B, a32, b32, ""));
	case RV_SLLW: case RV_SLLIW: return shift(r, LLVMShl, a, b, 1);
	case RV_SRLW: case RV_SRLIW: return shift(r, LLVMLShr, a, b, 1);
	case RV_SRAW: case RV_SRAIW: return shift(r, LLVMAShr, a, b, 1);
	default: return sext32(r, divide(r, op, a32, b32));
	}
}

/* Register-register and register-immediate arithmetic; b is rs2 or imm. */
static LLVMValueRef alu(struct rv_lift *r, enum rv_op op, LLVMValueRef a, LLVMValueRef b)
{
	switch (op) {
	case RV_ADD: case RV_ADDI: return LLVMBuildAdd(B, a, b, "");
	case RV_SUB: return LLVMBuildSub(B, a, b, "");
	case RV_XOR: case RV_XORI: return LLVMBuildXor(B, a, b, "");
	case RV_OR: case RV_ORI: return LLVMBuildOr(B, a, b, "");
	case RV_AND: case RV_ANDI: return LLVMBuildAnd(B, a, b, "");
	case RV_SLT: case RV_SLTI: return bool64(r, LLVMIntSLT, a, b);
	case RV_SLTU: case RV_SLTIU: return bool64(r, LLVMIntULT, a, b);
	case RV_SLL: case RV_SLLI: return shift(r, LLVMShl, a, b, 0);
	case RV_SRL: case RV_SRLI: return shift(r, LLVMLShr, a, b, 0);
	case RV_SRA: case RV_SRAI: return shift(r, LLVMAShr, a, b, 0);
	case RV_MUL: return LLVMBuildMul(B, a, b, "");
	case RV_MULH: return mul_high(r, a, b, 1, 1);
	case RV_MULHSU: return mul_high(r, a, b, 1, 0);
	case RV_MULHU: return mul_high(r, a, b, 0, 0);
	case RV_DIV: case RV_DIVU: case RV_REM: case RV_REMU: return divide(r, op, a, b);
	default: return word_op(r, op, a, b);
	}
}

static int is_imm_alu(enum rv_op op)
{
	return (op >= RV_ADDI && op <= RV_SRAI) || (op >= RV_ADDIW && op <= RV_SRAIW);
}

static int is_reg_alu(enum rv_op op)
{
	return (op >= RV_ADD && op <= RV_AND) || (op >= RV_ADDW && op <= RV_SRAW) ||
		(op >= RV_MUL && op <= RV_REMUW);
}

static void load(struct rv_lift *r, const struct rv_insn *in)
{
	static const struct { uint8_t bytes, is_signed; } kinds[] = {
		[RV_LB - RV_LB] = { 1, 1 }, [RV_LH - RV_LB] = { 2, 1 }, [RV_LW - RV_LB] = { 4, 1 },
		[RV_LD - RV_LB] = { 8, 0 }, [RV_LBU - RV_LB] = { 1, 0 }, [RV_LHU - RV_LB] = { 2, 0 },
		[RV_LWU - RV_LB] = { 4, 0 },
	};
	unsigned bytes = kinds[in->op - RV_LB].bytes;
	LLVMTypeRef t = LLVMIntTypeInContext(r->l->ctx, bytes * 8);
	LLVMValueRef v = rv_load(r, t, in);

	if (bytes < 8)
		v = kinds[in->op - RV_LB].is_signed ? LLVMBuildSExt(B, v, r->l->i64, "")
						    : LLVMBuildZExt(B, v, r->l->i64, "");
	rv_set_x(r, in->rd, v);
}

static void store(struct rv_lift *r, const struct rv_insn *in)
{
	LLVMTypeRef t = LLVMIntTypeInContext(r->l->ctx, 8u << (in->op - RV_SB));
	rv_store(r, LLVMBuildTrunc(B, rv_x(r, in->rs2), t, ""), in);
}

static void branch(struct rv_lift *r, const struct rv_insn *in)
{
	static const LLVMIntPredicate preds[] = {
		[RV_BEQ - RV_BEQ] = LLVMIntEQ, [RV_BNE - RV_BEQ] = LLVMIntNE,
		[RV_BLT - RV_BEQ] = LLVMIntSLT, [RV_BGE - RV_BEQ] = LLVMIntSGE,
		[RV_BLTU - RV_BEQ] = LLVMIntULT, [RV_BGEU - RV_BEQ] = LLVMIntUGE,
	};
	LLVMValueRef cond = LLVMBuildICmp(B, preds[in->op - RV_BEQ], rv_x(r, in->rs1), rv_x(r, in->rs2), "");
	LLVMBuildCondBr(B, cond, rv_edge(r, in->pc, in->pc + in->imm), rv_block_at(r, in->pc + in->len));
}

static void system_call(struct rv_lift *r, const struct rv_insn *in)
{
	LLVMValueRef changed = rv_call_with_state(r, in->pc + in->len, xl_syscall_from_guest,
						  r->l->i32, &r->l->cpu, 1);
	LLVMBasicBlockRef resume = rv_block_at(r, in->pc + in->len);
	LLVMBasicBlockRef redirect = LLVMAppendBasicBlockInContext(r->l->ctx, r->l->fn, "redirect");

	LLVMBuildCondBr(B, LLVMBuildICmp(B, LLVMIntNE, changed, LLVMConstInt(r->l->i32, 0, 0), ""),
			redirect, resume);
	LLVMPositionBuilderAtEnd(B, redirect);
	rv_jump_indirect(r, LLVMBuildLoad2(B, r->l->i64,
		xl_lift_cpu_field(r->l, offsetof(struct xl_cpu, pc)), ""));
}

int rv_lift_int(struct rv_lift *r, const struct rv_insn *in)
{
	enum rv_op op = in->op;

	if (is_imm_alu(op)) {
		rv_set_x(r, in->rd, alu(r, op, rv_x(r, in->rs1), imm(r, in)));
		return 0;
	}
	if (is_reg_alu(op)) {
		rv_set_x(r, in->rd, alu(r, op, rv_x(r, in->rs1), rv_x(r, in->rs2)));
		return 0;
	}
	if (op >= RV_LB && op <= RV_LWU) {
		load(r, in);
		return 0;
	}
	if (op >= RV_SB && op <= RV_SD) {
		store(r, in);
		return 0;
	}
	if (op >= RV_BEQ && op <= RV_BGEU) {
		branch(r, in);
		return 0;
	}
	switch (op) {
	case RV_LUI:
		rv_set_x(r, in->rd, imm(r, in));
		return 0;
	case RV_AUIPC:
		rv_set_x(r, in->rd, rv_const(r, in->pc + (uint64_t)in->imm));
		return 0;
	case RV_JAL:
		rv_set_x(r, in->rd, rv_const(r, in->pc + in->len));
		LLVMBuildBr(B, rv_edge(r, in->pc, in->pc + in->imm));
		return 0;
	case RV_JALR: {
		LLVMValueRef target = LLVMBuildAnd(B, LLVMBuildAdd(B, rv_x(r, in->rs1), imm(r, in), ""),
						   rv_const(r, ~1ull), "");
		rv_set_x(r, in->rd, rv_const(r, in->pc + in->len));
		rv_jump_register(r, in, target);
		return 0;
	}
	case RV_FENCE:
		LLVMBuildFence(B, LLVMAtomicOrderingSequentiallyConsistent, 0, "");
		return 0;
	case RV_FENCE_I:
		/* Drop stale translations, then leave: what follows may be new code. */
		rv_call_with_state(r, in->pc + in->len, rv_fence_i, r->l->vd, &r->l->cpu, 1);
		rv_exit_to(r, in->pc + in->len);
		return 0;
	case RV_ECALL:
		system_call(r, in);
		return 0;
	case RV_EBREAK:
		rv_raise(r, in, SIGTRAP);
		return 0;
	default:
		return -1;
	}
}
