/* Which status flags (CF PF AF ZF SF OF) an instruction reads and which
 * it certainly overwrites, for the lifter's flag liveness: a flag that
 * every path overwrites before reading it is never computed. Flags the
 * manual leaves undefined count as overwritten (no program can rely on
 * them). Anything not named here reads them all and overwrites none. */
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"

#define ALL X64_STATUS_FLAGS
#define ALL_BUT_CF (X64_PF | X64_AF | X64_ZF | X64_SF | X64_OF)

/* The flags condition cc (jcc, setcc, cmovcc; odd ones negate) tests. */
static uint16_t cond_flags(unsigned cc)
{
	static const uint16_t base[8] = {
		X64_OF, X64_CF, X64_ZF, X64_CF | X64_ZF, X64_SF, X64_PF,
		X64_SF | X64_OF, X64_ZF | X64_SF | X64_OF,
	};
	return base[(cc >> 1) & 7];
}

/* Shifts and rotates write flags only for a count that is not 0 after
 * masking: known only for an immediate count. */
static uint16_t shift_kills(const struct x86_insn *in, uint16_t written)
{
	const struct x86_operand *count = &in->op[in->nops - 1];
	unsigned mask = in->opsize == 8 ? 63 : 31;

	return in->nops >= 2 && count->kind == X86_OPK_IMM && (count->imm & mask) ? written : 0;
}

static void no_flags(struct x64_flag_use *u)
{
	u->reads = u->kills = 0;
}

static void sse_x87(const struct x86_insn *in, struct x64_flag_use *u)
{
	switch (in->mnem) {
	case X86_UCOMISS: case X86_UCOMISD: case X86_COMISS: case X86_COMISD:
	case X86_FCOMI: case X86_FUCOMI: case X86_FCOMIP: case X86_FUCOMIP:
		u->reads = 0;
		u->kills = ALL;
		return;
	default:
		no_flags(u);
	}
}

void x64_flag_use(const struct x86_insn *in, int lifted, struct x64_flag_use *u)
{
	u->reads = ALL;
	u->kills = 0;
	if (!lifted)
		return;         /* a fault: the signal frame holds them all */
	switch (x86_mnem_class(in->mnem)) {
	case X86_CLASS_SSE: case X86_CLASS_X87:
		sse_x87(in, u);
		return;
	default:
		break;
	}
	switch (in->mnem) {
	case X86_ADD: case X86_OR: case X86_AND: case X86_SUB: case X86_XOR: case X86_CMP:
	case X86_TEST: case X86_NEG: case X86_MUL: case X86_IMUL: case X86_DIV: case X86_IDIV:
	case X86_BSF: case X86_BSR: case X86_TZCNT: case X86_LZCNT: case X86_POPCNT:
	case X86_XADD: case X86_CMPXCHG: case X86_POPF:
		u->reads = 0;
		u->kills = ALL;
		return;
	case X86_CMPS: case X86_SCAS:   /* a rep form may run no element */
		u->reads = 0;
		u->kills = in->prefixes & (X86_PFX_REP | X86_PFX_REPNE) ? 0 : ALL;
		return;
	case X86_ADC: case X86_SBB:
		u->reads = X64_CF;
		u->kills = ALL;
		return;
	case X86_INC: case X86_DEC:
		u->reads = 0;
		u->kills = ALL_BUT_CF;
		return;
	case X86_SHL: case X86_SHR: case X86_SAR: case X86_SHLD: case X86_SHRD:
		u->reads = 0;
		u->kills = shift_kills(in, ALL);
		return;
	case X86_ROL: case X86_ROR:
		u->reads = 0;
		u->kills = shift_kills(in, X64_CF | X64_OF);
		return;
	case X86_RCL: case X86_RCR:
		u->reads = X64_CF;
		u->kills = shift_kills(in, X64_CF | X64_OF);
		return;
	case X86_BT: case X86_BTS: case X86_BTR: case X86_BTC: case X86_CLC: case X86_STC:
		u->reads = 0;
		u->kills = X64_CF;
		return;
	case X86_CMC:
		u->reads = u->kills = X64_CF;
		return;
	case X86_CMPXCHG8B: case X86_CMPXCHG16B:
		u->reads = 0;
		u->kills = X64_ZF;
		return;
	case X86_SAHF:
		u->reads = 0;
		u->kills = ALL & ~X64_OF;
		return;
	case X86_JCC: case X86_SETCC: case X86_CMOVCC:
		u->reads = cond_flags(in->cond);
		return;
	case X86_LOOPE: case X86_LOOPNE:
		u->reads = X64_ZF;
		return;
	case X86_MOV: case X86_MOVSXD: case X86_MOVSX: case X86_MOVZX: case X86_LEA:
	case X86_XCHG: case X86_BSWAP: case X86_MOVBE: case X86_CBW: case X86_CWD:
	case X86_PUSH: case X86_POP: case X86_LEAVE: case X86_NOT: case X86_NOP:
	case X86_PAUSE: case X86_ENDBR64: case X86_RDSSP: case X86_LOOP: case X86_JRCXZ:
	case X86_JMP: case X86_CALL: case X86_RET: case X86_MOVS: case X86_STOS: case X86_LODS:
	case X86_CLD: case X86_STD: case X86_CPUID: case X86_RDTSC: case X86_RDTSCP:
	case X86_PREFETCH: case X86_PREFETCHW: case X86_PREFETCHNTA: case X86_PREFETCHT0:
	case X86_PREFETCHT1: case X86_PREFETCHT2: case X86_LFENCE: case X86_SFENCE:
	case X86_MFENCE: case X86_LDMXCSR: case X86_STMXCSR: case X86_FXSAVE: case X86_FXRSTOR:
		no_flags(u);
		return;
	default:                /* pushf, lahf, syscall (rflags to r11), traps */
		return;
	}
}
