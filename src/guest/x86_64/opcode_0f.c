/* The two-byte opcode map (0f xx) in 64-bit mode: system instructions,
 * cmov/setcc/jcc, bit operations, and MMX/SSE/SSE2/SSE3 selected by
 * their mandatory prefix. 0f 38 and 0f 3a are in opcode_0f38.c. */
#include "guest/x86_64/opcode.h"

#define D1(m, a) X86_FORM(m, X86_FF_D64, a, NONE, NONE, NONE)
#define F1(m, a) X86_FORM(m, X86_FF_F64, a, NONE, NONE, NONE)

/* 0f 01 with a register operand: one instruction per ModRM.rm. Those
 * user mode cannot run (VMX, SVM, SGX, SEV, TLB control) are SYSTEM. */
#define SYS I0(SYSTEM)
static const struct x86_form grp7_reg[8] = {
	RM(SYS, SYS, SYS, SYS, SYS, SYS, SYS, BAD),
	RM(I0(MONITOR), I0(MWAIT), I0(CLAC), I0(STAC), BAD, BAD, BAD, SYS),
	RM(I0(XGETBV), I0(XSETBV), BAD, BAD, SYS, I0(XEND), I0(XTEST), SYS),
	RM(SYS, SYS, SYS, SYS, SYS, SYS, SYS, SYS),
	I1(SMSW, Ev),
	RM(I0(SERIALIZE), BAD, BAD, BAD, BAD, BAD, I0(RDPKRU), I0(WRPKRU)),
	I1(LMSW, Ew),
	RM(I0(SWAPGS), I0(RDTSCP), I0(MONITORX), I0(MWAITX), I0(CLZERO), I0(RDPRU), SYS, SYS),
};

static const struct x86_form grp7_mem[8] = {
	I1(SGDT, M), I1(SIDT, M), I1(LGDT, M), I1(LIDT, M),
	I1(SMSW, Mw), BAD, I1(LMSW, Ew), I1(INVLPG, Mb),
};

/* 0f ae: state save/restore, fences, fs/gs base access. A mandatory
 * prefix selects only where it names another instruction; elsewhere it is
 * ignored. */
static const struct x86_form grp15_mem[8] = {
	I1(FXSAVE, M), I1(FXRSTOR, M), I1(LDMXCSR, Md), I1(STMXCSR, Md),
	PFX(I1(XSAVE, M), BAD, I1(PTWRITE, Ey), BAD),
	PFX(I1(XRSTOR, M), BAD, BAD, BAD),
	PFX(I1(XSAVEOPT, M), I1(CLWB, Mb), I1(CLRSSBSY, Mq), BAD),
	PFX(I1(CLFLUSH, Mb), I1(CLFLUSHOPT, Mb), BAD, BAD),
};

#define F3_ONLY(form) \
	{ 0, X86_FK_PFX, 0, { 0 }, (const struct x86_form[4]){ BAD, BAD, form, BAD } }
#define FIRST_RM(form) \
	{ 0, X86_FK_RM, 0, { 0 }, (const struct x86_form[8]){ form, BAD, BAD, BAD, BAD, BAD, BAD, BAD } }

static const struct x86_form grp15_reg[8] = {
	F3_ONLY(I1(RDFSBASE, Ry)), F3_ONLY(I1(RDGSBASE, Ry)),
	F3_ONLY(I1(WRFSBASE, Ry)), F3_ONLY(I1(WRGSBASE, Ry)),
	F3_ONLY(I1(PTWRITE, Ey)),
	PFX(I0(LFENCE), BAD, I1(INCSSP, Ry), BAD),
	PFX(FIRST_RM(I0(MFENCE)), I1(TPAUSE, Ry), I1(UMONITOR, Ry), I1(UMWAIT, Ry)),
	FIRST_RM(I0(SFENCE)),
};

#define GRP15 MODSPLIT(GROUP_OF(grp15_mem), GROUP_OF(grp15_reg))

/* 0f c7: cmpxchg8b/16b, VMX, rdrand... */
#define GRP9 \
	MODSPLIT(GRP(BAD, BY_W(I1(CMPXCHG8B, Mq), I1(CMPXCHG16B, Mx)), BAD, I1(XRSTORS, M), I1(XSAVEC, M), \
		     I1(XSAVES, M), \
		     PFX(I1(VMPTRLD, Mq), I1(VMCLEAR, Mq), I1(VMXON, Mq), BAD), \
		     I1(VMPTRST, Mq)), \
		 GRP(BAD, BAD, BAD, BAD, BAD, BAD, PFXO(I1(RDRAND, Ev), I1(RDRAND, Ev), BAD), \
		     PFXO(I1(RDSEED, Ev), I1(RDPID, Rq), BAD)))

/* MMX/SSE2 shifts by an immediate: 0f 71, 72, 73 with a register. */
#define SHIFT_IMM(m) PFX(I2(m, Nq, Ib), I2(m, Ux, Ib), BAD, BAD)
#define SHIFT_IMM66(m) PFX(BAD, I2(m, Ux, Ib), BAD, BAD)

#define PADLOCK_OP RM(I0(PADLOCK), BAD, BAD, BAD, BAD, BAD, BAD, BAD)
#define MOV_CR(a, b) X86_FORM(MOV, X86_FF_MOD_IGNORED, a, b, NONE, NONE)

/* Hint nops: 0f 19-1f take any ModRM operand. */
#define HINT_NOP I1(NOP, Ev)

const struct x86_form x86_map_0f[256] = {
	[0x00] = GRP(I1(SLDT, Ev), I1(STR, Ev), I1(LLDT, Ew), I1(LTR, Ew),
		     I1(VERR, Ew), I1(VERW, Ew), BAD, BAD),
	[0x01] = MODSPLIT(GROUP_OF(grp7_mem), GROUP_OF(grp7_reg)),
	[0x02] = I2(LAR, Gv, Ew), [0x03] = I2(LSL, Gv, Ew),
	[0x05] = I0(SYSCALL), [0x06] = I0(CLTS), [0x07] = I0(SYSRET),
	[0x08] = I0(INVD), [0x09] = PFX(I0(WBINVD), BAD, I0(WBNOINVD), BAD), [0x0b] = I0(UD2),
	[0x0d] = GRP(I1(PREFETCH, M), I1(PREFETCHW, M), I1(PREFETCH, M), I1(PREFETCH, M),
		     I1(PREFETCH, M), I1(PREFETCH, M), I1(PREFETCH, M), I1(PREFETCH, M)),
	[0x0e] = I0(FEMMS),
	/* 3DNow!: the byte after the operands selects the operation */
	[0x0f] = I3(AMD3DNOW, Pq, Qq, Ib),
	[0x10] = PFX(I2(MOVUPS, Vx, Wx), I2(MOVUPD, Vx, Wx), I2(MOVSS, Vx, Wd),
		     I2(MOVSD, Vx, Wq)),
	[0x11] = PFX(I2(MOVUPS, Wx, Vx), I2(MOVUPD, Wx, Vx), I2(MOVSS, Wd, Vx),
		     I2(MOVSD, Wq, Vx)),
	[0x12] = PFX(MODSPLIT(I2(MOVLPS, Vx, Mq), I2(MOVHLPS, Vx, Ux)), I2(MOVLPD, Vx, Mq),
		     I2(MOVSLDUP, Vx, Wx), I2(MOVDDUP, Vx, Wq)),
	[0x13] = PFX(I2(MOVLPS, Mq, Vx), I2(MOVLPD, Mq, Vx), BAD, BAD),
	[0x14] = PS_PD(UNPCKLPS, UNPCKLPD),
	[0x15] = PS_PD(UNPCKHPS, UNPCKHPD),
	[0x16] = PFX(MODSPLIT(I2(MOVHPS, Vx, Mq), I2(MOVLHPS, Vx, Ux)), I2(MOVHPD, Vx, Mq),
		     I2(MOVSHDUP, Vx, Wx), BAD),
	[0x17] = PFX(I2(MOVHPS, Mq, Vx), I2(MOVHPD, Mq, Vx), BAD, BAD),
	[0x18] = MODSPLIT(GRP(I1(PREFETCHNTA, Mb), I1(PREFETCHT0, Mb), I1(PREFETCHT1, Mb),
			      I1(PREFETCHT2, Mb), HINT_NOP, HINT_NOP, HINT_NOP, HINT_NOP),
			  HINT_NOP),
	[0x19 ... 0x1d] = HINT_NOP,
	/* f3 0f 1e fa/fb: endbr64/endbr32 (CET); the rest are hint nops */
	[0x1e] = PFXO(HINT_NOP,
		      GRP(HINT_NOP, MODSPLIT(HINT_NOP, I1(RDSSP, Ry)), HINT_NOP, HINT_NOP,
			  HINT_NOP, HINT_NOP, HINT_NOP,
			  MODSPLIT(HINT_NOP, RM(HINT_NOP, HINT_NOP, I0(ENDBR64), I0(ENDBR32),
						HINT_NOP, HINT_NOP, HINT_NOP, HINT_NOP))),
		      HINT_NOP),
	[0x1f] = HINT_NOP,
	[0x20] = MOV_CR(Rq, Cq), [0x21] = MOV_CR(Rq, Dq),
	[0x22] = MOV_CR(Cq, Rq), [0x23] = MOV_CR(Dq, Rq),
	[0x28] = PS_PD(MOVAPS, MOVAPD),
	[0x29] = PFX(I2(MOVAPS, Wx, Vx), I2(MOVAPD, Wx, Vx), BAD, BAD),
	[0x2a] = PFX(I2(CVTPI2PS, Vx, Qq), I2(CVTPI2PD, Vx, Qq), I2(CVTSI2SS, Vx, Ey),
		     I2(CVTSI2SD, Vx, Ey)),
	[0x2b] = PFX(I2(MOVNTPS, Mx, Vx), I2(MOVNTPD, Mx, Vx), I2(MOVNTSS, Md, Vx),
		     I2(MOVNTSD, Mq, Vx)),
	[0x2c] = PFX(I2(CVTTPS2PI, Pq, Wq), I2(CVTTPD2PI, Pq, Wx), I2(CVTTSS2SI, Gy, Wd),
		     I2(CVTTSD2SI, Gy, Wq)),
	[0x2d] = PFX(I2(CVTPS2PI, Pq, Wq), I2(CVTPD2PI, Pq, Wx), I2(CVTSS2SI, Gy, Wd),
		     I2(CVTSD2SI, Gy, Wq)),
	[0x2e] = PFX(I2(UCOMISS, Vx, Wd), I2(UCOMISD, Vx, Wq), BAD, BAD),
	[0x2f] = PFX(I2(COMISS, Vx, Wd), I2(COMISD, Vx, Wq), BAD, BAD),
	[0x30] = I0(WRMSR), [0x31] = I0(RDTSC), [0x32] = I0(RDMSR), [0x33] = I0(RDPMC),
	[0x34] = I0(SYSENTER), [0x35] = I0(SYSEXIT), [0x37] = I0(GETSEC),
	[0x40 ... 0x4f] = X86_FORM(CMOVCC, X86_FF_COND, Gv, Ev, NONE, NONE),
	[0x50] = PFX(I2(MOVMSKPS, Gd, Ux), I2(MOVMSKPD, Gd, Ux), BAD, BAD),
	[0x51] = PS_PD_SS_SD(SQRTPS, SQRTPD, SQRTSS, SQRTSD),
	[0x52] = PFX(I2(RSQRTPS, Vx, Wx), BAD, I2(RSQRTSS, Vx, Wd), BAD),
	[0x53] = PFX(I2(RCPPS, Vx, Wx), BAD, I2(RCPSS, Vx, Wd), BAD),
	[0x54] = PS_PD(ANDPS, ANDPD), [0x55] = PS_PD(ANDNPS, ANDNPD),
	[0x56] = PS_PD(ORPS, ORPD), [0x57] = PS_PD(XORPS, XORPD),
	[0x58] = PS_PD_SS_SD(ADDPS, ADDPD, ADDSS, ADDSD),
	[0x59] = PS_PD_SS_SD(MULPS, MULPD, MULSS, MULSD),
	[0x5a] = PFX(I2(CVTPS2PD, Vx, Wq), I2(CVTPD2PS, Vx, Wx), I2(CVTSS2SD, Vx, Wd),
		     I2(CVTSD2SS, Vx, Wq)),
	[0x5b] = PFX(I2(CVTDQ2PS, Vx, Wx), I2(CVTPS2DQ, Vx, Wx), I2(CVTTPS2DQ, Vx, Wx), BAD),
	[0x5c] = PS_PD_SS_SD(SUBPS, SUBPD, SUBSS, SUBSD),
	[0x5d] = PS_PD_SS_SD(MINPS, MINPD, MINSS, MINSD),
	[0x5e] = PS_PD_SS_SD(DIVPS, DIVPD, DIVSS, DIVSD),
	[0x5f] = PS_PD_SS_SD(MAXPS, MAXPD, MAXSS, MAXSD),
	[0x60] = PFX(I2(PUNPCKLBW, Pq, Qd), I2(PUNPCKLBW, Vx, Wx), BAD, BAD),
	[0x61] = PFX(I2(PUNPCKLWD, Pq, Qd), I2(PUNPCKLWD, Vx, Wx), BAD, BAD),
	[0x62] = PFX(I2(PUNPCKLDQ, Pq, Qd), I2(PUNPCKLDQ, Vx, Wx), BAD, BAD),
	[0x63] = MMX_SSE(PACKSSWB), [0x64] = MMX_SSE(PCMPGTB),
	[0x65] = MMX_SSE(PCMPGTW), [0x66] = MMX_SSE(PCMPGTD),
	[0x67] = MMX_SSE(PACKUSWB), [0x68] = MMX_SSE(PUNPCKHBW),
	[0x69] = MMX_SSE(PUNPCKHWD), [0x6a] = MMX_SSE(PUNPCKHDQ),
	[0x6b] = MMX_SSE(PACKSSDW),
	[0x6c] = ONLY66(I2(PUNPCKLQDQ, Vx, Wx)), [0x6d] = ONLY66(I2(PUNPCKHQDQ, Vx, Wx)),
	[0x6e] = BY_W(PFX(I2(MOVD, Pq, Ed), I2(MOVD, Vx, Ed), BAD, BAD),
		      PFX(I2(MOVQ, Pq, Eq), I2(MOVQ, Vx, Eq), BAD, BAD)),
	[0x6f] = PFX(I2(MOVQ, Pq, Qq), I2(MOVDQA, Vx, Wx), I2(MOVDQU, Vx, Wx), BAD),
	[0x70] = PFX(I3(PSHUFW, Pq, Qq, Ib), I3(PSHUFD, Vx, Wx, Ib), I3(PSHUFHW, Vx, Wx, Ib),
		     I3(PSHUFLW, Vx, Wx, Ib)),
	[0x71] = MODSPLIT(BAD, GRP(BAD, BAD, SHIFT_IMM(PSRLW), BAD, SHIFT_IMM(PSRAW), BAD,
				   SHIFT_IMM(PSLLW), BAD)),
	[0x72] = MODSPLIT(BAD, GRP(BAD, BAD, SHIFT_IMM(PSRLD), BAD, SHIFT_IMM(PSRAD), BAD,
				   SHIFT_IMM(PSLLD), BAD)),
	[0x73] = MODSPLIT(BAD, GRP(BAD, BAD, SHIFT_IMM(PSRLQ), SHIFT_IMM66(PSRLDQ), BAD, BAD,
				   SHIFT_IMM(PSLLQ), SHIFT_IMM66(PSLLDQ))),
	[0x74] = MMX_SSE(PCMPEQB), [0x75] = MMX_SSE(PCMPEQW), [0x76] = MMX_SSE(PCMPEQD),
	[0x77] = PFX(I0(EMMS), BAD, BAD, BAD),
	/* vmread/vmwrite; AMD's SSE4a extrq/insertq with 66/f2 (also 0f 2b) */
	[0x78] = PFX(I2(VMREAD, Ey, Gy), MODSPLIT(BAD, I3(EXTRQ, Ux, Ib, Ib)),
		     BAD, MODSPLIT(BAD, I4(INSERTQ, Vx, Ux, Ib, Ib))),
	[0x79] = PFX(I2(VMWRITE, Gy, Ey), MODSPLIT(BAD, I2(EXTRQ, Vx, Ux)), BAD,
		     MODSPLIT(BAD, I2(INSERTQ, Vx, Ux))),
	[0x7c] = PFX(BAD, I2(HADDPD, Vx, Wx), BAD, I2(HADDPS, Vx, Wx)),
	[0x7d] = PFX(BAD, I2(HSUBPD, Vx, Wx), BAD, I2(HSUBPS, Vx, Wx)),
	[0x7e] = PFX(BY_W(I2(MOVD, Ed, Pq), I2(MOVQ, Eq, Pq)),
		     BY_W(I2(MOVD, Ed, Vx), I2(MOVQ, Eq, Vx)), I2(MOVQ, Vx, Wq), BAD),
	[0x7f] = PFX(I2(MOVQ, Qq, Pq), I2(MOVDQA, Wx, Vx), I2(MOVDQU, Wx, Vx), BAD),
	[0x80 ... 0x8f] = X86_FORM(JCC, X86_FF_COND | X86_FF_F64, Jz, NONE, NONE, NONE),
	[0x90 ... 0x9f] = X86_FORM(SETCC, X86_FF_COND, Eb, NONE, NONE, NONE),
	[0xa0] = D1(PUSH, FS), [0xa1] = D1(POP, FS), [0xa2] = I0(CPUID),
	[0xa3] = I2(BT, Ev, Gv),
	[0xa4] = I3(SHLD, Ev, Gv, Ib), [0xa5] = I3(SHLD, Ev, Gv, CL),
	/* VIA PadLock: ModRM selects the operation */
	[0xa6] = MODSPLIT(BAD, GRP(PADLOCK_OP, PADLOCK_OP, PADLOCK_OP, BAD, BAD, BAD, BAD, BAD)),
	[0xa7] = MODSPLIT(BAD, GRP(PADLOCK_OP, PADLOCK_OP, PADLOCK_OP, PADLOCK_OP, PADLOCK_OP,
				   PADLOCK_OP, BAD, BAD)),
	[0xa8] = D1(PUSH, GS), [0xa9] = D1(POP, GS), [0xaa] = I0(RSM),
	[0xab] = I2(BTS, Ev, Gv),
	[0xac] = I3(SHRD, Ev, Gv, Ib), [0xad] = I3(SHRD, Ev, Gv, CL),
	[0xae] = GRP15,
	[0xaf] = I2(IMUL, Gv, Ev),
	[0xb0] = I2(CMPXCHG, Eb, Gb), [0xb1] = I2(CMPXCHG, Ev, Gv),
	[0xb2] = I2(LSS, Gv, Mp), [0xb3] = I2(BTR, Ev, Gv),
	[0xb4] = I2(LFS, Gv, Mp), [0xb5] = I2(LGS, Gv, Mp),
	[0xb6] = I2(MOVZX, Gv, Eb), [0xb7] = I2(MOVZX, Gv, Ew),
	[0xb8] = PFXO(BAD, I2(POPCNT, Gv, Ev), BAD),
	[0xb9] = I2(UD1, Gv, Ev),
	[0xba] = GRP(BAD, BAD, BAD, BAD, I2(BT, Ev, Ib), I2(BTS, Ev, Ib), I2(BTR, Ev, Ib),
		     I2(BTC, Ev, Ib)),
	[0xbb] = I2(BTC, Ev, Gv),
	[0xbc] = PFXO(I2(BSF, Gv, Ev), I2(TZCNT, Gv, Ev), BAD),
	[0xbd] = PFXO(I2(BSR, Gv, Ev), I2(LZCNT, Gv, Ev), BAD),
	[0xbe] = I2(MOVSX, Gv, Eb), [0xbf] = I2(MOVSX, Gv, Ew),
	[0xc0] = I2(XADD, Eb, Gb), [0xc1] = I2(XADD, Ev, Gv),
	[0xc2] = PFX(I3(CMPPS, Vx, Wx, Ib), I3(CMPPD, Vx, Wx, Ib), I3(CMPSS, Vx, Wd, Ib),
		     I3(CMPSD, Vx, Wq, Ib)),
	[0xc3] = PFX(I2(MOVNTI, My, Gy), BAD, BAD, BAD),
	[0xc4] = PFX(I3(PINSRW, Pq, Ew, Ib), I3(PINSRW, Vx, Ew, Ib), BAD, BAD),
	[0xc5] = PFX(I3(PEXTRW, Gd, Nq, Ib), I3(PEXTRW, Gd, Ux, Ib), BAD, BAD),
	[0xc6] = PFX(I3(SHUFPS, Vx, Wx, Ib), I3(SHUFPD, Vx, Wx, Ib), BAD, BAD),
	[0xc7] = GRP9,
	[0xc8 ... 0xcf] = I1(BSWAP, Zy),
	[0xd0] = PFX(BAD, I2(ADDSUBPD, Vx, Wx), BAD, I2(ADDSUBPS, Vx, Wx)),
	[0xd1] = MMX_SSE(PSRLW), [0xd2] = MMX_SSE(PSRLD), [0xd3] = MMX_SSE(PSRLQ),
	[0xd4] = MMX_SSE(PADDQ), [0xd5] = MMX_SSE(PMULLW),
	[0xd6] = PFX(BAD, I2(MOVQ, Wq, Vx), MODSPLIT(BAD, I2(MOVQ2DQ, Vx, Nq)),
		     MODSPLIT(BAD, I2(MOVDQ2Q, Pq, Ux))),
	/* f2 and f3 are ignored here (as objdump has it) */
	[0xd7] = PFX(I2(PMOVMSKB, Gd, Nq), I2(PMOVMSKB, Gd, Ux), I2(PMOVMSKB, Gd, Nq),
		     I2(PMOVMSKB, Gd, Nq)),
	[0xd8] = MMX_SSE(PSUBUSB), [0xd9] = MMX_SSE(PSUBUSW), [0xda] = MMX_SSE(PMINUB),
	[0xdb] = MMX_SSE(PAND), [0xdc] = MMX_SSE(PADDUSB), [0xdd] = MMX_SSE(PADDUSW),
	[0xde] = MMX_SSE(PMAXUB), [0xdf] = MMX_SSE(PANDN),
	[0xe0] = MMX_SSE(PAVGB), [0xe1] = MMX_SSE(PSRAW), [0xe2] = MMX_SSE(PSRAD),
	[0xe3] = MMX_SSE(PAVGW), [0xe4] = MMX_SSE(PMULHUW), [0xe5] = MMX_SSE(PMULHW),
	[0xe6] = PFX(BAD, I2(CVTTPD2DQ, Vx, Wx), I2(CVTDQ2PD, Vx, Wq), I2(CVTPD2DQ, Vx, Wx)),
	[0xe7] = PFX(I2(MOVNTQ, Mq, Pq), I2(MOVNTDQ, Mx, Vx), BAD, BAD),
	[0xe8] = MMX_SSE(PSUBSB), [0xe9] = MMX_SSE(PSUBSW), [0xea] = MMX_SSE(PMINSW),
	[0xeb] = MMX_SSE(POR), [0xec] = MMX_SSE(PADDSB), [0xed] = MMX_SSE(PADDSW),
	[0xee] = MMX_SSE(PMAXSW), [0xef] = MMX_SSE(PXOR),
	[0xf0] = PFX(BAD, BAD, BAD, I2(LDDQU, Vx, Mx)),
	[0xf1] = MMX_SSE(PSLLW), [0xf2] = MMX_SSE(PSLLD), [0xf3] = MMX_SSE(PSLLQ),
	[0xf4] = MMX_SSE(PMULUDQ), [0xf5] = MMX_SSE(PMADDWD), [0xf6] = MMX_SSE(PSADBW),
	[0xf7] = PFX(MODSPLIT(BAD, I2(MASKMOVQ, Pq, Nq)), MODSPLIT(BAD, I2(MASKMOVDQU, Vx, Ux)),
		     BAD, BAD),
	[0xf8] = MMX_SSE(PSUBB), [0xf9] = MMX_SSE(PSUBW), [0xfa] = MMX_SSE(PSUBD),
	[0xfb] = MMX_SSE(PSUBQ), [0xfc] = MMX_SSE(PADDB), [0xfd] = MMX_SSE(PADDW),
	[0xfe] = MMX_SSE(PADDD),
	[0xff] = I2(UD0, Gv, Ev),
};
