/* SSE/SSE2 without libc: every result register is written to stdout as
 * raw bytes (16 per xmm, 8 per general register), for the test to compare
 * with a native run. Groups: moves, packed integers, logic, shifts,
 * shuffles, packs, float arithmetic with NaN/inf/-0/subnormal operands,
 * compares and the flags of comis, conversions in each rounding mode. */
	.text
	.globl _start

.macro dump x
	movdqu \x, out(%rip)
	call write16
.endm

.macro dumpq r
	mov \r, out(%rip)
	call write8
.endm

/* op on (a, b): memory source, then register source */
.macro binop op, a, b
	movdqa \a(%rip), %xmm0
	\op \b(%rip), %xmm0
	dump %xmm0
	movdqa \a(%rip), %xmm1
	movdqa \b(%rip), %xmm2
	\op %xmm2, %xmm1
	dump %xmm1
.endm

.macro binop_imm op, imm, a, b
	movdqa \a(%rip), %xmm3
	\op $\imm, \b(%rip), %xmm3
	dump %xmm3
.endm

_start:
	/* moves */
	movdqa v1(%rip), %xmm0
	movdqu v2+1(%rip), %xmm1
	dump %xmm0
	dump %xmm1
	movaps %xmm0, %xmm8
	movups %xmm1, %xmm15
	dump %xmm8
	dump %xmm15
	movapd v2(%rip), %xmm2
	movupd v1(%rip), %xmm3
	movss %xmm3, %xmm2              /* merges */
	dump %xmm2
	movss v1+4(%rip), %xmm2         /* clears */
	dump %xmm2
	movapd v2(%rip), %xmm2
	movsd %xmm3, %xmm2
	dump %xmm2
	movsd v1+8(%rip), %xmm2
	dump %xmm2
	movss %xmm1, out2(%rip)
	movsd %xmm1, out2+4(%rip)
	mov out2(%rip), %rax
	dumpq %rax
	mov out2+8(%rip), %rax
	dumpq %rax
	mov $0x1122334455667788, %rax
	movq %rax, %xmm4
	dump %xmm4
	movd %eax, %xmm4
	dump %xmm4
	movdqa v2(%rip), %xmm4
	movq %xmm4, %rbx
	movd %xmm4, %ecx
	dumpq %rbx
	dumpq %rcx
	movq v1(%rip), %xmm4
	dump %xmm4
	movdqa v2(%rip), %xmm4
	movq %xmm4, %xmm5
	dump %xmm5
	movdqa v2(%rip), %xmm4
	movhps v1(%rip), %xmm4
	dump %xmm4
	movlps v1+8(%rip), %xmm4
	dump %xmm4
	movhpd %xmm1, out2(%rip)
	movlpd %xmm1, out2+8(%rip)
	movdqu out2(%rip), %xmm6
	dump %xmm6
	movdqa v2(%rip), %xmm6
	movhlps %xmm0, %xmm6
	dump %xmm6
	movlhps %xmm0, %xmm6
	dump %xmm6
	movmskps %xmm1, %eax
	movmskpd %xmm1, %ebx
	pmovmskb %xmm1, %ecx
	dumpq %rax
	dumpq %rbx
	dumpq %rcx
	pinsrw $5, %eax, %xmm6
	pinsrw $2, v2(%rip), %xmm6
	dump %xmm6
	pextrw $7, %xmm1, %edx
	dumpq %rdx

	/* packed integers and logic, on edge bytes */
.irp op, paddb, paddw, paddd, paddq, psubb, psubw, psubd, psubq, paddusb, paddusw, psubusb, psubusw, paddsb, paddsw, psubsb, psubsw, pcmpeqb, pcmpeqw, pcmpeqd, pcmpgtb, pcmpgtw, pcmpgtd, pminub, pmaxub, pminsw, pmaxsw, pavgb, pavgw, pmullw, pmulhw, pmulhuw, pmuludq, pand, pandn, por, pxor, andps, andpd, andnps, andnpd, orps, orpd, xorps, xorpd
	binop \op, e1, e2
	binop \op, e2, e3
.endr
	pcmpeqb %xmm7, %xmm7
	dump %xmm7
	pxor %xmm7, %xmm7
	dump %xmm7

	/* shifts by immediates and by register counts */
.irp n, 0, 1, 7, 15, 16, 31, 32, 63, 64, 200
.irp op, psllw, pslld, psllq, psrlw, psrld, psrlq, psraw, psrad
	movdqa e2(%rip), %xmm0
	\op $\n, %xmm0
	dump %xmm0
	movdqa e2(%rip), %xmm1
	mov $\n, %eax
	movq %rax, %xmm2
	\op %xmm2, %xmm1
	dump %xmm1
.endr
.endr
	movabs $0x100000000, %rax       /* a count beyond 32 bits */
	movq %rax, %xmm2
	movdqa e2(%rip), %xmm1
	psrlw %xmm2, %xmm1
	dump %xmm1
.irp n, 0, 1, 5, 15, 16, 255
	movdqa v1(%rip), %xmm0
	pslldq $\n, %xmm0
	dump %xmm0
	movdqa v1(%rip), %xmm0
	psrldq $\n, %xmm0
	dump %xmm0
.endr

	/* shuffles, unpacks, packs */
.irp imm, 0x00, 0x1b, 0xe4, 0x93, 0xff
	movdqa v1(%rip), %xmm0
	pshufd $\imm, v2(%rip), %xmm0
	dump %xmm0
	pshuflw $\imm, v2(%rip), %xmm0
	dump %xmm0
	pshufhw $\imm, v2(%rip), %xmm0
	dump %xmm0
	binop_imm shufps, \imm, v1, v2
	binop_imm shufpd, \imm, v1, v2
.endr
.irp op, punpcklbw, punpcklwd, punpckldq, punpcklqdq, punpckhbw, punpckhwd, punpckhdq, punpckhqdq, unpcklps, unpcklpd, unpckhps, unpckhpd, packsswb, packssdw, packuswb
	binop \op, v1, v2
	binop \op, e1, e2
.endr

	/* float arithmetic, packed and scalar */
.irp op, addpd, subpd, mulpd, divpd, minpd, maxpd, sqrtpd, addsd, subsd, mulsd, divsd, minsd, maxsd, sqrtsd
	binop \op, d1, d2
	binop \op, d2, d3
	binop \op, d3, d1
	binop \op, d4, d4
.endr
.irp op, addps, subps, mulps, divps, minps, maxps, sqrtps, addss, subss, mulss, divss, minss, maxss, sqrtss
	binop \op, f1, f2
	binop \op, f2, f3
	binop \op, f3, f1
.endr
.irp imm, 0, 1, 2, 3, 4, 5, 6, 7
	binop_imm cmppd, \imm, d1, d2
	binop_imm cmpsd, \imm, d2, d3
	binop_imm cmpps, \imm, f1, f2
	binop_imm cmpss, \imm, f2, f3
.endr

	/* the exception flags the arithmetic accrued */
	stmxcsr out2(%rip)
	mov out2(%rip), %eax
	dumpq %rax

	/* comis/ucomis: ZF PF CF for each pair of lanes */
	lea pairs(%rip), %r12
	mov $npairs, %r13d
1:	movsd (%r12), %xmm0
	movsd 8(%r12), %xmm1
	ucomisd %xmm1, %xmm0
	call flags
	comisd 8(%r12), %xmm0
	call flags
	cvtsd2ss %xmm0, %xmm2
	cvtsd2ss %xmm1, %xmm3
	ucomiss %xmm3, %xmm2
	call flags
	comiss %xmm3, %xmm2
	call flags
	add $16, %r12
	dec %r13d
	jnz 1b

	/* conversions in each rounding mode */
	lea mxcsrs(%rip), %r12
	mov $4, %r13d
2:	ldmxcsr (%r12)
	stmxcsr out2(%rip)
	mov out2(%rip), %eax
	dumpq %rax
	lea cvt_in(%rip), %r14
	mov $ncvt, %r15d
3:	movsd (%r14), %xmm0
	cvtsd2si %xmm0, %rax
	cvtsd2si %xmm0, %ebx
	cvttsd2si %xmm0, %rcx
	cvttsd2si (%r14), %edx
	dumpq %rax
	dumpq %rbx
	dumpq %rcx
	dumpq %rdx
	cvtsd2ss %xmm0, %xmm1
	cvtss2si %xmm1, %rax
	cvtss2si %xmm1, %ebx
	cvttss2si %xmm1, %rcx
	cvttss2si %xmm1, %edx
	dumpq %rax
	dumpq %rbx
	dumpq %rcx
	dumpq %rdx
	cvtss2sd %xmm1, %xmm2
	dump %xmm2
	add $8, %r14
	dec %r15d
	jnz 3b
	movdqa d1(%rip), %xmm0
	cvtpd2dq %xmm0, %xmm1
	cvttpd2dq %xmm0, %xmm2
	cvtps2dq f1(%rip), %xmm3
	cvttps2dq f1(%rip), %xmm4
	dump %xmm1
	dump %xmm2
	dump %xmm3
	dump %xmm4
	add $4, %r12
	dec %r13d
	jnz 2b
	movdqa e2(%rip), %xmm0
	cvtdq2ps %xmm0, %xmm1
	cvtdq2pd %xmm0, %xmm2
	cvtps2pd f2(%rip), %xmm3
	cvtpd2ps d2(%rip), %xmm4
	dump %xmm1
	dump %xmm2
	dump %xmm3
	dump %xmm4
	mov $-7, %rax
	cvtsi2sd %rax, %xmm5
	cvtsi2sdl v2(%rip), %xmm6
	cvtsi2ss %eax, %xmm7
	cvtsi2ssq v2(%rip), %xmm8
	dump %xmm5
	dump %xmm6
	dump %xmm7
	dump %xmm8

	mov $60, %eax
	xor %edi, %edi
	syscall

write16:
	mov $16, %edx
	jmp write
write8:
	mov $8, %edx
	jmp write

#include "write_out.inc"

	.data
	.balign 16
v1:	.byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
v2:	.byte 0xf0, 0x81, 0xf2, 0x73, 0xf4, 0x85, 0xf6, 0x77, 0xf8, 0x89, 0xfa, 0x7b, 0xfc, 0x8d, 0xfe, 0x7f
	.byte 0x80
	.balign 16
e1:	.byte 0, 0x7f, 0x80, 0xff, 1, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0xc0, 0x01, 0x00, 0xff, 0x7f, 0x80
e2:	.byte 0xff, 0x7f, 0x80, 0x01, 0xff, 0x80, 0x7f, 0x00, 0x02, 0xc0, 0x40, 0xff, 0x00, 0xff, 0x80, 0x7f
e3:	.quad 0x8000000000000000, 0x7fffffff80000000
	.balign 16
/* doubles: 1.5 -0.0 / -2.25 +0.0 / NaN inf / subnormal -inf */
d1:	.double 1.5, -0.0
d2:	.double -2.25, 0.0
d3:	.quad 0x7ff8000000000001, 0x7ff0000000000000
d4:	.quad 0x0000000000000003, 0xfff0000000000000
f1:	.float 1.5, -0.0, 2.5e9, -3.5
f2:	.float -2.25, 0.0, 16.0, 1e-40
f3:	.long 0x7fc00001, 0x7f800000, 0xff800000, 0x80000001
pairs:	.double 1.0, 2.0
	.double 2.0, 1.0
	.double -0.0, 0.0
	.quad 0x7ff8000000000000
	.double 1.0
	.double 3.0
	.quad 0x7ff8000000000000
npairs = (. - pairs) / 16
cvt_in:	.double 2.5, -2.5, 3.5, -0.5, 0.49999999999999994, 1e20, -1e20, 2147483647.5
	.double -2147483648.5, 9.2233720368547758e18, -9.2233720368547758e18
	.quad 0x7ff8000000000000, 0xfff0000000000000
ncvt = (. - cvt_in) / 8
mxcsrs:	.long 0x1f80, 0x3f80, 0x5f80, 0x7f80

	.bss
	.balign 16
out:	.skip 16
out2:	.skip 16
