/* An instruction outside what the x86-64 lifter supports (shl), after one
 * it does: xlift must name its bytes and address and die of SIGILL. */
	.text
	.globl _start
_start:
	mov $1, %eax
	shl $3, %eax
	mov $60, %eax
	syscall
