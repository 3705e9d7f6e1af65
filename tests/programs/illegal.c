/* Executes an illegal instruction: argv[1] = "zero" runs the all-zero
 * halfword pair (.word 0, defined illegal), "ones" runs .word 0xffffffff.
 * Prints the address of the instruction first so the test can check that
 * the fatal message names it. */
#include <stdio.h>
#include <string.h>

extern char insn_zero[], insn_ones[];

__asm__(".text\n .option push\n .option norvc\n"
	".globl insn_zero\n insn_zero: .word 0\n ret\n"
	".globl insn_ones\n insn_ones: .word 0xffffffff\n ret\n"
	".option pop\n");

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
