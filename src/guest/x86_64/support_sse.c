/* Which SSE/SSE2 instructions (the xmm forms, never the MMX ones), x87
 * instructions, mxcsr, cpuid and rdtsc the x86-64 lifter lifts. */
#include "guest/x86_64/decode.h"

static int uses_mmx(const struct x86_insn *in)
{
	for (unsigned i = 0; i < in->nops; i++)
		if (in->op[i].kind == X86_OPK_REG && in->op[i].reg_class == X86_RC_MMX)
			return 1;
	return 0;
}

int x86_sse_x87_supported(const struct x86_insn *in)
{
	switch (in->mnem) {
	case X86_CPUID: case X86_RDTSC: case X86_RDTSCP: case X86_LDMXCSR: case X86_STMXCSR:
	case X86_FXSAVE: case X86_FXRSTOR:
		return 1;
	/* moves */
	case X86_MOVD: case X86_MOVQ: case X86_MOVAPS: case X86_MOVAPD: case X86_MOVUPS:
	case X86_MOVUPD: case X86_MOVDQA: case X86_MOVDQU: case X86_LDDQU: case X86_MOVNTPS:
	case X86_MOVNTPD: case X86_MOVNTDQ: case X86_MOVSS: case X86_MOVSD: case X86_MOVLPS:
	case X86_MOVLPD: case X86_MOVHPS: case X86_MOVHPD: case X86_MOVHLPS: case X86_MOVLHPS:
	case X86_MOVMSKPS: case X86_MOVMSKPD: case X86_PMOVMSKB: case X86_PINSRW: case X86_PEXTRW:
	/* integer */
	case X86_PADDB: case X86_PADDW: case X86_PADDD: case X86_PADDQ: case X86_PSUBB:
	case X86_PSUBW: case X86_PSUBD: case X86_PSUBQ: case X86_PADDUSB: case X86_PADDUSW:
	case X86_PSUBUSB: case X86_PSUBUSW: case X86_PADDSB: case X86_PADDSW: case X86_PSUBSB:
	case X86_PSUBSW: case X86_PCMPEQB: case X86_PCMPEQW: case X86_PCMPEQD: case X86_PCMPGTB:
	case X86_PCMPGTW: case X86_PCMPGTD: case X86_PMINUB: case X86_PMAXUB: case X86_PMINSW:
	case X86_PMAXSW: case X86_PAVGB: case X86_PAVGW: case X86_PMULLW: case X86_PMULHW:
	case X86_PMULHUW: case X86_PMULUDQ: case X86_PAND: case X86_PANDN: case X86_POR:
	case X86_PXOR: case X86_ANDPS: case X86_ANDPD: case X86_ANDNPS: case X86_ANDNPD:
	case X86_ORPS: case X86_ORPD: case X86_XORPS: case X86_XORPD:
	case X86_PSLLW: case X86_PSLLD: case X86_PSLLQ: case X86_PSRLW: case X86_PSRLD:
	case X86_PSRLQ: case X86_PSRAW: case X86_PSRAD: case X86_PSLLDQ: case X86_PSRLDQ:
	/* shuffles */
	case X86_PSHUFD: case X86_PSHUFLW: case X86_PSHUFHW: case X86_SHUFPS: case X86_SHUFPD:
	case X86_PUNPCKLBW: case X86_PUNPCKLWD: case X86_PUNPCKLDQ: case X86_PUNPCKLQDQ:
	case X86_PUNPCKHBW: case X86_PUNPCKHWD: case X86_PUNPCKHDQ: case X86_PUNPCKHQDQ:
	case X86_UNPCKLPS: case X86_UNPCKLPD: case X86_UNPCKHPS: case X86_UNPCKHPD:
	case X86_PACKSSWB: case X86_PACKSSDW: case X86_PACKUSWB:
	/* floating point */
	case X86_ADDPS: case X86_ADDPD: case X86_ADDSS: case X86_ADDSD: case X86_SUBPS:
	case X86_SUBPD: case X86_SUBSS: case X86_SUBSD: case X86_MULPS: case X86_MULPD:
	case X86_MULSS: case X86_MULSD: case X86_DIVPS: case X86_DIVPD: case X86_DIVSS:
	case X86_DIVSD: case X86_MINPS: case X86_MINPD: case X86_MINSS: case X86_MINSD:
	case X86_MAXPS: case X86_MAXPD: case X86_MAXSS: case X86_MAXSD: case X86_SQRTPS:
	case X86_SQRTPD: case X86_SQRTSS: case X86_SQRTSD: case X86_CMPPS: case X86_CMPPD:
	case X86_CMPSS: case X86_CMPSD: case X86_COMISS: case X86_COMISD: case X86_UCOMISS:
	case X86_UCOMISD:
	/* conversions */
	case X86_CVTSI2SS: case X86_CVTSI2SD: case X86_CVTSS2SI: case X86_CVTSD2SI:
	case X86_CVTTSS2SI: case X86_CVTTSD2SI: case X86_CVTSS2SD: case X86_CVTSD2SS:
	case X86_CVTPS2PD: case X86_CVTPD2PS: case X86_CVTDQ2PS: case X86_CVTDQ2PD:
	case X86_CVTPS2DQ: case X86_CVTTPS2DQ: case X86_CVTPD2DQ: case X86_CVTTPD2DQ:
		return !uses_mmx(in);
	/* the x87 subset */
	case X86_FLD: case X86_FILD: case X86_FST: case X86_FSTP: case X86_FIST: case X86_FISTP:
	case X86_FISTTP: case X86_FLDZ: case X86_FLD1: case X86_FCHS: case X86_FABS: case X86_FXCH:
	case X86_FADD: case X86_FMUL: case X86_FSUB: case X86_FSUBR: case X86_FDIV: case X86_FDIVR:
	case X86_FADDP: case X86_FMULP: case X86_FSUBP: case X86_FSUBRP: case X86_FDIVP:
	case X86_FDIVRP: case X86_FIADD: case X86_FIMUL: case X86_FISUB: case X86_FISUBR:
	case X86_FIDIV: case X86_FIDIVR: case X86_FCOMI: case X86_FUCOMI: case X86_FCOMIP:
	case X86_FUCOMIP: case X86_FNSTCW: case X86_FLDCW: case X86_FNSTSW:
		return 1;
	default:
		return 0;
	}
}
