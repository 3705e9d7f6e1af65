/* The one-byte opcode map in 64-bit mode, with its ModRM groups and the
 * x87 escapes (d8-df). Prefix bytes and the escapes to other maps (0f,
 * c4, c5, 62) are handled by decode.c; here they are BAD. */
#include "guest/x86_64/opcode.h"

/* The six forms of each classic ALU operation at opcodes base..base+5. */
#define ALU(base, m) \
	[base + 0] = I2(m, Eb, Gb), [base + 1] = I2(m, Ev, Gv), \
	[base + 2] = I2(m, Gb, Eb), [base + 3] = I2(m, Gv, Ev), \
	[base + 4] = I2(m, AL, Ib), [base + 5] = I2(m, rAX, Iz)

#define GRP1(a, b) GRP(I2(ADD, a, b), I2(OR, a, b), I2(ADC, a, b), I2(SBB, a, b), \
	I2(AND, a, b), I2(SUB, a, b), I2(XOR, a, b), I2(CMP, a, b))
/* /6 is an undocumented alias of shl. */
#define GRP2(a, b) GRP(I2(ROL, a, b), I2(ROR, a, b), I2(RCL, a, b), I2(RCR, a, b), \
	I2(SHL, a, b), I2(SHR, a, b), I2(SHL, a, b), I2(SAR, a, b))
#define GRP3(e, imm) GRP(I2(TEST, e, imm), I2(TEST, e, imm), I1(NOT, e), I1(NEG, e), \
	I1(MUL, e), I1(IMUL, e), I1(DIV, e), I1(IDIV, e))

#define D1(m, a) X86_FORM(m, X86_FF_D64, a, NONE, NONE, NONE)
#define F1(m, a) X86_FORM(m, X86_FF_F64, a, NONE, NONE, NONE)
#define B0(m) X86_FORM(m, X86_FF_BYTE, NONE, NONE, NONE, NONE)

/* x87: the eight memory forms by ModRM.reg, and the register forms. */
#define FARITH(sz) GRP(I1(FADD, sz), I1(FMUL, sz), I1(FCOM, sz), I1(FCOMP, sz), \
	I1(FSUB, sz), I1(FSUBR, sz), I1(FDIV, sz), I1(FDIVR, sz))
#define FIARITH(sz) GRP(I1(FIADD, sz), I1(FIMUL, sz), I1(FICOM, sz), I1(FICOMP, sz), \
	I1(FISUB, sz), I1(FISUBR, sz), I1(FIDIV, sz), I1(FIDIVR, sz))

static const struct x86_form x87_d9_reg[8] = {
	I1(FLD, STi), I1(FXCH, STi),
	RM(I0(FNOP), BAD, BAD, BAD, BAD, BAD, BAD, BAD),
	BAD,                    /* d9 d8+i: reserved (an alias of fstp) */
	RM(I0(FCHS), I0(FABS), BAD, BAD, I0(FTST), I0(FXAM), BAD, BAD),
	RM(I0(FLD1), I0(FLDL2T), I0(FLDL2E), I0(FLDPI), I0(FLDLG2), I0(FLDLN2),
	   I0(FLDZ), BAD),
	RM(I0(F2XM1), I0(FYL2X), I0(FPTAN), I0(FPATAN), I0(FXTRACT), I0(FPREM1),
	   I0(FDECSTP), I0(FINCSTP)),
	RM(I0(FPREM), I0(FYL2XP1), I0(FSQRT), I0(FSINCOS), I0(FRNDINT), I0(FSCALE),
	   I0(FSIN), I0(FCOS)),
};

/* fcmov's condition comes from the opcode and ModRM.reg (decode.c). */
static const struct x86_form x87_da_reg[8] = {
	I2(FCMOVCC, ST0, STi), I2(FCMOVCC, ST0, STi), I2(FCMOVCC, ST0, STi),
	I2(FCMOVCC, ST0, STi), BAD,
	RM(BAD, I0(FUCOMPP), BAD, BAD, BAD, BAD, BAD, BAD),
	BAD, BAD,
};

static const struct x86_form x87_db_reg[8] = {
	I2(FCMOVCC, ST0, STi), I2(FCMOVCC, ST0, STi), I2(FCMOVCC, ST0, STi),
	I2(FCMOVCC, ST0, STi),
	RM(I0(FENI), I0(FDISI), I0(FNCLEX), I0(FNINIT), I0(FSETPM), I0(FRSTPM), BAD, BAD),
	I2(FUCOMI, ST0, STi), I2(FCOMI, ST0, STi), BAD,
};

/* Register forms of d8, dc, dd, de, df (d9-db have their own tables). */
static const struct x86_form x87_reg[8][8] = {
	[0] = { I2(FADD, ST0, STi), I2(FMUL, ST0, STi), I1(FCOM, STi), I1(FCOMP, STi),
		I2(FSUB, ST0, STi), I2(FSUBR, ST0, STi), I2(FDIV, ST0, STi),
		I2(FDIVR, ST0, STi) },
	/* dc: the destination is st(i). The reserved aliases (dc /2 /3,
	 * dd /1, de /2, df /1 /2 /3) are left out, as objdump does. */
	[4] = { I2(FADD, STi, ST0), I2(FMUL, STi, ST0), BAD, BAD,
		I2(FSUBR, STi, ST0), I2(FSUB, STi, ST0), I2(FDIVR, STi, ST0),
		I2(FDIV, STi, ST0) },
	[5] = { I1(FFREE, STi), BAD, I1(FST, STi), I1(FSTP, STi),
		I1(FUCOM, STi), I1(FUCOMP, STi), BAD, BAD },
	[6] = { I2(FADDP, STi, ST0), I2(FMULP, STi, ST0), BAD,
		RM(BAD, I0(FCOMPP), BAD, BAD, BAD, BAD, BAD, BAD),
		I2(FSUBRP, STi, ST0), I2(FSUBP, STi, ST0), I2(FDIVRP, STi, ST0),
		I2(FDIVP, STi, ST0) },
	[7] = { I1(FFREEP, STi), BAD, BAD, BAD,
		RM(I1(FNSTSW, rAX), BAD, BAD, BAD, BAD, BAD, BAD, BAD),
		I2(FUCOMIP, ST0, STi), I2(FCOMIP, ST0, STi), BAD },
};

#define X87(n, mem) \
	{ 0, X86_FK_MODSPLIT, 0, { 0 }, (const struct x86_form[2]){ mem, GROUP_OF(x87_reg[n]) } }

const struct x86_form x86_map_1byte[256] = {
	ALU(0x00, ADD), ALU(0x08, OR), ALU(0x10, ADC), ALU(0x18, SBB),
	ALU(0x20, AND), ALU(0x28, SUB), ALU(0x30, XOR), ALU(0x38, CMP),
	[0x50 ... 0x57] = D1(PUSH, Zv),
	[0x58 ... 0x5f] = D1(POP, Zv),
	[0x63] = I2(MOVSXD, Gv, Ed),
	[0x68] = D1(PUSH, Iz),
	[0x69] = I3(IMUL, Gv, Ev, Iz),
	[0x6a] = D1(PUSH, Ibs),
	[0x6b] = I3(IMUL, Gv, Ev, Ibs),
	[0x6c] = B0(INS), [0x6d] = I0(INS), [0x6e] = B0(OUTS), [0x6f] = I0(OUTS),
	[0x70 ... 0x7f] = X86_FORM(JCC, X86_FF_COND | X86_FF_F64, Jb, NONE, NONE, NONE),
	[0x80] = GRP1(Eb, Ib), [0x81] = GRP1(Ev, Iz), [0x83] = GRP1(Ev, Ibs),
	[0x84] = I2(TEST, Eb, Gb), [0x85] = I2(TEST, Ev, Gv),
	[0x86] = I2(XCHG, Eb, Gb), [0x87] = I2(XCHG, Ev, Gv),
	[0x88] = I2(MOV, Eb, Gb), [0x89] = I2(MOV, Ev, Gv),
	[0x8a] = I2(MOV, Gb, Eb), [0x8b] = I2(MOV, Gv, Ev),
	[0x8c] = I2(MOV, Ev, Sw), [0x8d] = I2(LEA, Gv, M), [0x8e] = I2(MOV, Sw, Ew),
	[0x8f] = GRP(D1(POP, Ev), BAD, BAD, BAD, BAD, BAD, BAD, BAD),
	/* 90: nop, or xchg r8, rax with REX.B (decode.c); f3 90 is pause */
	[0x90] = PFXO(I0(NOP), I0(PAUSE), I0(NOP)),
	[0x91 ... 0x97] = I2(XCHG, Zv, rAX),
	[0x98] = I0(CBW), [0x99] = I0(CWD), [0x9b] = I0(FWAIT),
	[0x9c] = D1(PUSHF, NONE), [0x9d] = D1(POPF, NONE),
	[0x9e] = I0(SAHF), [0x9f] = I0(LAHF),
	[0xa0] = I2(MOV, AL, Ob), [0xa1] = I2(MOV, rAX, Ov),
	[0xa2] = I2(MOV, Ob, AL), [0xa3] = I2(MOV, Ov, rAX),
	[0xa4] = B0(MOVS), [0xa5] = I0(MOVS), [0xa6] = B0(CMPS), [0xa7] = I0(CMPS),
	[0xa8] = I2(TEST, AL, Ib), [0xa9] = I2(TEST, rAX, Iz),
	[0xaa] = B0(STOS), [0xab] = I0(STOS), [0xac] = B0(LODS), [0xad] = I0(LODS),
	[0xae] = B0(SCAS), [0xaf] = I0(SCAS),
	[0xb0 ... 0xb7] = I2(MOV, Zb, Ib),
	[0xb8 ... 0xbf] = I2(MOV, Zv, Iv),
	[0xc0] = GRP2(Eb, Ib), [0xc1] = GRP2(Ev, Ib),
	[0xc2] = F1(RET, Iw), [0xc3] = F1(RET, NONE),
	[0xc6] = GRP(I2(MOV, Eb, Ib), BAD, BAD, BAD, BAD, BAD, BAD,
		     MODSPLIT(BAD, RM(I1(XABORT, Ib), BAD, BAD, BAD, BAD, BAD, BAD, BAD))),
	[0xc7] = GRP(I2(MOV, Ev, Iz), BAD, BAD, BAD, BAD, BAD, BAD,
		     MODSPLIT(BAD, RM(I1(XBEGIN, Jz), BAD, BAD, BAD, BAD, BAD, BAD, BAD))),
	[0xc8] = I2(ENTER, Iw, Ib), [0xc9] = D1(LEAVE, NONE),
	[0xca] = I1(RETF, Iw), [0xcb] = I0(RETF),
	[0xcc] = I0(INT3), [0xcd] = I1(INT, Ib), [0xcf] = I0(IRET),
	[0xd0] = GRP2(Eb, ONE), [0xd1] = GRP2(Ev, ONE),
	[0xd2] = GRP2(Eb, CL), [0xd3] = GRP2(Ev, CL),
	[0xd7] = B0(XLAT),
	[0xd8] = X87(0, FARITH(Md)),
	[0xd9] = MODSPLIT(GRP(I1(FLD, Md), BAD, I1(FST, Md), I1(FSTP, Md), I1(FLDENV, M),
			      I1(FLDCW, Mw), I1(FNSTENV, M), I1(FNSTCW, Mw)),
			  GROUP_OF(x87_d9_reg)),
	[0xda] = MODSPLIT(FIARITH(Md), GROUP_OF(x87_da_reg)),
	[0xdb] = MODSPLIT(GRP(I1(FILD, Md), I1(FISTTP, Md), I1(FIST, Md), I1(FISTP, Md),
			      BAD, I1(FLD, Mt), BAD, I1(FSTP, Mt)),
			  GROUP_OF(x87_db_reg)),
	[0xdc] = X87(4, FARITH(Mq)),
	[0xdd] = X87(5, GRP(I1(FLD, Mq), I1(FISTTP, Mq), I1(FST, Mq), I1(FSTP, Mq),
			    I1(FRSTOR, M), BAD, I1(FNSAVE, M), I1(FNSTSW, Mw))),
	[0xde] = X87(6, FIARITH(Mw)),
	[0xdf] = X87(7, GRP(I1(FILD, Mw), I1(FISTTP, Mw), I1(FIST, Mw), I1(FISTP, Mw),
			    I1(FBLD, Mt), I1(FILD, Mq), I1(FBSTP, Mt), I1(FISTP, Mq))),
	[0xe0] = F1(LOOPNE, Jb), [0xe1] = F1(LOOPE, Jb), [0xe2] = F1(LOOP, Jb),
	[0xe3] = F1(JRCXZ, Jb),
	[0xe4] = I2(IN, AL, Ib), [0xe5] = I2(IN, eAX, Ib),
	[0xe6] = I2(OUT, Ib, AL), [0xe7] = I2(OUT, Ib, eAX),
	[0xe8] = F1(CALL, Jz), [0xe9] = F1(JMP, Jz), [0xeb] = F1(JMP, Jb),
	[0xec] = I2(IN, AL, DX), [0xed] = I2(IN, eAX, DX),
	[0xee] = I2(OUT, DX, AL), [0xef] = I2(OUT, DX, eAX),
	[0xf1] = I0(INT1), [0xf4] = I0(HLT), [0xf5] = I0(CMC),
	[0xf6] = GRP3(Eb, Ib), [0xf7] = GRP3(Ev, Iz),
	[0xf8] = I0(CLC), [0xf9] = I0(STC), [0xfa] = I0(CLI), [0xfb] = I0(STI),
	[0xfc] = I0(CLD), [0xfd] = I0(STD),
	[0xfe] = GRP(I1(INC, Eb), I1(DEC, Eb), BAD, BAD, BAD, BAD, BAD, BAD),
	[0xff] = GRP(I1(INC, Ev), I1(DEC, Ev), F1(CALL, Ev), I1(CALLF, Mp),
		     F1(JMP, Ev), I1(JMPF, Mp), D1(PUSH, Ev), BAD),
};
