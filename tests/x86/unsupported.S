/* An instruction outside what the x86-64 lifter supports (rdrand, which
 * cpuid does not report), after one it does: xlift must name its bytes and
 * address and die of SIGILL. */
	.text
	.globl _start
_start:
	mov $1, %eax
	rdrand %eax
	mov $60, %eax
	syscall
