/* The x87 subset without libc (the stack never overflows or underflows,
 * and fnstsw's exception flags are masked off): results stored as 80-, 64- and 32-bit
 * floats and integers and written to stdout as raw bytes, with the
 * flags of fcomi/fucomi and the status and control words, for the test to
 * compare with a native run. */
	.text
	.globl _start

/* st(0) as extended, double and single (10 + 8 + 4 bytes), popped */
.macro out_st
	fld %st(0)
	fld %st(0)
	fstpt out(%rip)
	fstpl out+10(%rip)
	fstps out+18(%rip)
	mov $22, %edx
	call write
.endm

_start:
	lea vals(%rip), %r12
	mov $nvals, %r13d
1:	fldl (%r12)
	fldl 8(%r12)
	/* st0 = b, st1 = a */
	fld %st(1)
	fadd %st(1), %st
	out_st
	fld %st(1)
	fsub %st(1), %st
	out_st
	fld %st(1)
	fsubr %st(1), %st
	out_st
	fld %st(1)
	fmul %st(1), %st
	out_st
	fld %st(1)
	fdiv %st(1), %st
	out_st
	fld %st(1)
	fdivr %st(1), %st
	out_st
	fld %st(1)
	faddl 8(%r12)
	out_st
	fld %st(1)
	fsubl 8(%r12)
	out_st
	fld %st(1)
	fdivrs fone(%rip)
	out_st
	fld %st(1)
	fimull ione(%rip)
	out_st
	fld %st(1)
	fisubs ione(%rip)
	out_st
	fld %st(0)
	fld %st(2)
	fsubrp %st, %st(1)
	out_st
	fld %st(0)
	fld %st(2)
	fdivp %st, %st(1)
	out_st
	fld %st(0)
	fld %st(2)
	faddp %st, %st(1)
	out_st
	fld %st(0)
	fld %st(2)
	fmulp %st, %st(1)
	out_st
	fld %st(1)
	fchs
	out_st
	fld %st(1)
	fabs
	out_st
	fucomi %st(1), %st
	call flags
	fcomi %st(1), %st
	call flags
	fxch %st(1)
	fucomi %st(1), %st
	call flags
	fld %st(0)
	fucomip %st(2), %st
	call flags
	/* integers in each rounding mode */
	lea cws(%rip), %r14
	mov $4, %r15d
2:	fldcw (%r14)
	fnstcw out(%rip)
	fld %st(0)
	fistps out+2(%rip)
	fld %st(0)
	fistpl out+4(%rip)
	fld %st(0)
	fistpll out+8(%rip)
	fistl out+16(%rip)
	fld %st(0)
	fisttpl out+20(%rip)
	fld %st(0)
	fisttpll out+24(%rip)
	mov $32, %edx
	call write
	add $2, %r14
	dec %r15d
	jnz 2b
	fldcw cws(%rip)
	fstp %st(1)
	fnstsw %ax
	and $0xff00, %ax
	mov %ax, out(%rip)
	mov $2, %edx
	call write
	fstp %st(0)
	add $16, %r12
	dec %r13d
	jnz 1b

	fldz
	fld1
	fildl ione(%rip)
	fildll ibig(%rip)
	filds ione(%rip)
	fldt ext(%rip)
	fnstsw %ax
	and $0xff00, %ax
	mov %ax, out(%rip)
	mov $2, %edx
	call write
.rept 6
	out_st
.endr
	fnstsw %ax
	and $0xff00, %ax
	mov %ax, out(%rip)
	mov $2, %edx
	call write
	mov $60, %eax
	xor %edi, %edi
	syscall

#include "write_out.inc"

	.data
vals:	.double 1.5, 3.0
	.double -2.5, 0.1
	.double 1e300, 1e-300
	.double 7.5, -0.0
	.double -1e30, 3.0e9
	.quad 0x7ff8000000000000
	.double 2.0
	.quad 0x7ff0000000000000, 0x0000000000000005
nvals = (. - vals) / 16
fone:	.float 1.0
ione:	.long 3
ibig:	.quad -123456789012345
ext:	.quad 0xc90fdaa22168c235
	.short 0x4000
cws:	.short 0x37f, 0x77f, 0xb7f, 0xf7f
	.bss
out:	.skip 32
