/* A VEX instruction the lifter does not take, whose opcode is setcc in
 * the legacy map (kmovw, VEX 0f 93): xlift must name its bytes and
 * address and die of SIGILL, never run it as setcc. */
	.text
	.globl _start
_start:
	mov $1, %eax
	kmovw %k1, %eax
	mov $60, %eax
	syscall
