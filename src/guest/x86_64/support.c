/* Which decoded instructions the x86-64 lifter lifts. The lifter asks
 * this first, so the coverage the tests report (x86-decode-check stats)
 * is the lifter's own. */
#include "guest/x86_64/decode.h"

static int is_gpr_or_not_reg(const struct x86_operand *op)
{
	return op->kind != X86_OPK_REG || op->reg_class == X86_RC_GPR ||
	       op->reg_class == X86_RC_GPR8H;
}

int x86_lifter_supports(const struct x86_insn *in)
{
	if (in->encoding != X86_ENC_LEGACY)
		return 0;
	switch (in->mnem) {
	case X86_MOV: case X86_PUSH: case X86_POP:
		for (unsigned i = 0; i < in->nops; i++)
			if (!is_gpr_or_not_reg(&in->op[i]))
				return 0;      /* segment, control, debug registers */
		return 1;
	case X86_LEA: case X86_ADD: case X86_SUB: case X86_AND: case X86_OR: case X86_XOR:
	case X86_CMP: case X86_TEST: case X86_INC: case X86_DEC: case X86_NEG: case X86_NOT:
	case X86_MOVZX: case X86_MOVSX: case X86_MOVSXD: case X86_SETCC: case X86_CMOVCC:
	case X86_CALL: case X86_RET: case X86_JMP: case X86_JCC: case X86_SYSCALL:
	case X86_NOP: case X86_ENDBR64: case X86_PAUSE: case X86_INT3: case X86_HLT:
	case X86_RDSSP:         /* no shadow stack (cpuid has no CET): a nop */
	case X86_SHL: case X86_SHR: case X86_SAR: case X86_ROL: case X86_ROR: case X86_RCL:
	case X86_RCR: case X86_SHLD: case X86_SHRD:
	case X86_MUL: case X86_IMUL: case X86_DIV: case X86_IDIV:
	case X86_PUSHF: case X86_POPF: case X86_LAHF: case X86_SAHF: case X86_CLC: case X86_STC:
	case X86_CMC: case X86_CLD: case X86_STD:
	case X86_ADC: case X86_SBB: case X86_CBW: case X86_CWD: case X86_LOOP: case X86_LOOPE:
	case X86_LOOPNE: case X86_JRCXZ: case X86_LEAVE:
	case X86_BT: case X86_BTS: case X86_BTR: case X86_BTC: case X86_BSF: case X86_BSR:
	case X86_BSWAP: case X86_MOVBE: case X86_TZCNT: case X86_LZCNT:
	case X86_POPCNT:
	case X86_XCHG: case X86_XADD: case X86_CMPXCHG: case X86_CMPXCHG8B: case X86_CMPXCHG16B:
	case X86_PREFETCH: case X86_PREFETCHW: case X86_PREFETCHNTA: case X86_PREFETCHT0:
	case X86_PREFETCHT1: case X86_PREFETCHT2: case X86_LFENCE: case X86_SFENCE: case X86_MFENCE:
	/* string ops: with 67 (esi, edi, ecx) and an fs/gs override on rsi too */
	case X86_MOVS: case X86_STOS: case X86_LODS: case X86_CMPS: case X86_SCAS:
		return 1;
	default:
		return x86_sse_x87_supported(in);
	}
}
