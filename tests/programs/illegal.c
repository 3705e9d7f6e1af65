/* Executes an illegal instruction: argv[1] = "zero" runs the all-zero
 * halfword pair (.word 0, defined illegal), "ones" runs .word 0xffffffff;
 * on x86-64 (where zeros are an add) "zero" is ud2 (0f 0b) and "ones" is
 * ff ff (group 5 has no /7).
 * Prints the address of the instruction first so the test can check that
 * the fatal message names it. */
#include <stdio.h>
#include <string.h>

extern char insn_zero[], insn_ones[];

#if defined(__x86_64__)
__asm__(".text\n"
	".globl insn_zero\n insn_zero: ud2\n ret\n"
	".globl insn_ones\n insn_ones: .byte 0xff, 0xff\n ret\n");
#else
__asm__(".text\n .option push\n .option norvc\n"
	".globl insn_zero\n insn_zero: .word 0\n ret\n"
	".globl insn_ones\n insn_ones: .word 0xffffffff\n ret\n"
	".option pop\n");
#endif

int main(int argc, char **argv)
{
	int ones = argc > 1 && strcmp(argv[1], "ones") == 0;
	void (*f)(void) = (void (*)(void))(ones ? insn_ones : insn_zero);
	printf("%lx\n", (unsigned long)f);
	fflush(stdout);
	f();
	printf("survived\n");
	return 0;
}
