/* String instructions whose rsi operand has an fs or gs override, the
 * segment bases set with arch_prctl (no libc, whose TLS is fs). rsi
 * holds offsets from the base; es:rdi stays flat, stos and scas with a
 * prefix included. Writes the results (dst, rax, rsi, rdi, rcx, the
 * flags of cmps and scas) to stdout. */
	.text
	.globl _start
_start:
	/* gs = src, fs = src + 8 */
	mov $158, %eax          /* arch_prctl */
	mov $0x1001, %edi       /* ARCH_SET_GS */
	lea src(%rip), %rsi
	syscall
	mov $158, %eax
	mov $0x1002, %edi       /* ARCH_SET_FS */
	lea src+8(%rip), %rsi
	syscall

	cld
	mov $3, %esi            /* fs movsb: src[11] to out[0] */
	lea out(%rip), %rdi
	fs movsb
	mov %rsi, out+8(%rip)
	lea out(%rip), %rax
	sub %rax, %rdi
	mov %rdi, out+16(%rip)

	mov $16, %esi           /* gs lodsq: src[16..23] */
	gs lodsq
	mov %rax, out+24(%rip)
	mov %rsi, out+32(%rip)

	mov $1, %esi            /* rep fs movsb: src[9..21] to out[40..52] */
	lea out+40(%rip), %rdi
	mov $13, %ecx
	rep fs movsb
	mov %rsi, out+56(%rip)
	mov %rcx, out+64(%rip)

	std                     /* rep gs movsw down: src[30..25] to out[78..73] */
	mov $30, %esi
	lea out+78(%rip), %rdi
	mov $3, %ecx
	rep gs movsw
	cld
	mov %rsi, out+80(%rip)

	mov $8, %esi            /* repe gs cmpsb: src[8..] against a copy of src[8..] */
	lea copy(%rip), %rdi
	mov $24, %ecx
	repe gs cmpsb
	pushfq
	popq %rax
	and $0x8d5, %eax
	mov %rax, out+88(%rip)
	mov %rsi, out+96(%rip)
	mov %rcx, out+104(%rip)

	mov $4, %esi            /* addr32 fs lodsl: fs base + esi, the upper half ignored */
	mov $0x1234567800000000, %rax
	or %rax, %rsi
	addr32 fs lodsl
	mov %rax, out+112(%rip)
	mov %rsi, out+120(%rip)

	lea out+128(%rip), %rdi /* fs stosb, gs scasb: es:rdi, the override ignored */
	mov $'!', %eax
	fs stosb
	lea src+2(%rip), %rdi
	mov $'2', %eax
	gs scasb
	setz out+129(%rip)

	mov $1, %eax
	mov $1, %edi
	lea out(%rip), %rsi
	mov $136, %edx
	syscall
	mov $60, %eax
	xor %edi, %edi
	syscall

	.data
src:	.ascii "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
copy:	.ascii "89abcdefghiXklmnopqrstuvwxyz"
	.bss
out:	.skip 136
