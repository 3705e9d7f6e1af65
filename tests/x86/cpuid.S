/* cpuid and rdtsc without libc: writes leaves 0, 1, 7, 0x80000000 and
 * 0x80000001 (eax ebx ecx edx each), the brand string, then whether two
 * rdtsc readings and an rdtscp one go forward (one byte each). */
	.text
	.globl _start
_start:
	lea leaves(%rip), %r12
	mov $nleaves, %r13d
1:	mov (%r12), %eax
	xor %ecx, %ecx
	cpuid
	mov %eax, out(%rip)
	mov %ebx, out+4(%rip)
	mov %ecx, out+8(%rip)
	mov %edx, out+12(%rip)
	mov $16, %edx
	call write
	add $4, %r12
	dec %r13d
	jnz 1b

	rdtsc
	mov %eax, %r12d
	mov %edx, %r13d
	rdtsc
	cmp %r13d, %edx
	setae out(%rip)
	mov %eax, %r14d
	mov %edx, %r15d
	rdtscp
	cmp %r15d, %edx
	setae out+1(%rip)
	mov %ecx, out+2(%rip)
	mov $6, %edx
	call write
	mov $60, %eax
	xor %edi, %edi
	syscall

#include "write_out.inc"

	.data
leaves:	.long 0, 1, 7, 0x80000000, 0x80000001, 0x80000002, 0x80000003, 0x80000004
nleaves = (. - leaves) / 4
	.bss
out:	.skip 16
