/* Integer divide errors (#DE), which the guest sees as SIGFPE at the
 * divide: by zero (no argument), or a quotient too large for the
 * destination (any argument: idiv of -2^63 by -1). */
	.text
	.globl _start
_start:
	cmpq $1, (%rsp)                 /* argc */
	jne overflow
	mov $7, %eax
	xor %edx, %edx
	xor %ecx, %ecx
	.globl divide_by_zero
divide_by_zero:
	divl %ecx
	jmp exit
overflow:
	mov $0x8000000000000000, %rax
	cqo
	mov $-1, %rcx
	.globl divide_overflow
divide_overflow:
	idivq %rcx
exit:
	mov $60, %eax
	xor %edi, %edi
	syscall
