/* A read-modify-write of unmapped memory after a push and a register
 * write: xlift must name the address and the faulting instruction's pc. */
	.text
	.globl _start
_start:
	mov $1, %eax
	push %rax
	mov $0x10, %ecx
	.globl bad_access
bad_access:
	add %eax, (%rcx)
	mov $60, %eax
	syscall
