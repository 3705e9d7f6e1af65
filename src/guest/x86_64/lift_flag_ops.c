/* Instructions that move or set flags themselves: pushf popf lahf sahf
 * clc stc cmc cld std. The guest sees IF set and bit 1 set, as a user
 * program does on the real CPU; popf changes only the status flags and
 * DF (TF, AC, ID and the rest are not emulated). */
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"

#define B (x->b)

enum {
	X64_IF = 1 << 9,
	STATUS = X64_CF | X64_PF | X64_AF | X64_ZF | X64_SF | X64_OF,
	/* the flags lahf reads and sahf writes: rflags' low byte */
	LOW_BYTE = X64_CF | X64_PF | X64_AF | X64_ZF | X64_SF,
};

static void lift_pushf(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMValueRef v = LLVMBuildOr(B, x64_flags_load(x), x64_const(x, X64_IF | X64_RFLAGS_FIXED), "");

	x64_push(x, in, LLVMBuildTrunc(B, v, LLVMIntTypeInContext(x->l->ctx, 8 * in->opsize), ""));
}

static void lift_popf(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMValueRef v = LLVMBuildZExt(B, x64_pop(x, in, in->opsize), x->l->i64, "");
	uint64_t mask = STATUS | X64_DF;

	x64_flags_store(x, mask, LLVMBuildAnd(B, v, x64_const(x, mask), ""), NULL);
}

static void lift_lahf(struct x64_lift *x, const struct x86_insn *in)
{
	struct x86_operand ah = { .kind = X86_OPK_REG, .size = 1, .reg_class = X86_RC_GPR8H,
				  .reg = X86_RAX };
	LLVMValueRef v = LLVMBuildOr(B, LLVMBuildAnd(B, x64_flags_load(x), x64_const(x, LOW_BYTE), ""),
				     x64_const(x, X64_RFLAGS_FIXED), "");

	x64_write_op(x, in, &ah, LLVMBuildTrunc(B, v, x->l->i8, ""));
}

static void lift_sahf(struct x64_lift *x)
{
	LLVMValueRef ah = LLVMBuildLShr(B, x64_gpr(x, X86_RAX), x64_const(x, 8), "");

	x64_flags_store(x, LOW_BYTE, LLVMBuildAnd(B, ah, x64_const(x, LOW_BYTE), ""), NULL);
}

/* cmc: CF inverted. */
static void lift_cmc(struct x64_lift *x)
{
	LLVMValueRef cf = LLVMBuildNot(B, x64_flags_carry(x), "");

	x64_flags_store(x, X64_CF, x64_flag_bit(x, cf, X64_CF), NULL);
}

int x64_lift_flag_ops(struct x64_lift *x, const struct x86_insn *in)
{
	switch (in->mnem) {
	case X86_PUSHF: lift_pushf(x, in); return 1;
	case X86_POPF: lift_popf(x, in); return 1;
	case X86_LAHF: lift_lahf(x, in); return 1;
	case X86_SAHF: lift_sahf(x); return 1;
	case X86_CMC: lift_cmc(x); return 1;
	case X86_CLC: x64_flags_store(x, X64_CF, x64_const(x, 0), NULL); return 1;
	case X86_STC: x64_flags_store(x, X64_CF, x64_const(x, X64_CF), NULL); return 1;
	case X86_CLD: x64_flags_store(x, X64_DF, x64_const(x, 0), NULL); return 1;
	case X86_STD: x64_flags_store(x, X64_DF, x64_const(x, X64_DF), NULL); return 1;
	default: return 0;
	}
}
