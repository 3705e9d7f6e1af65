/* The kernel's own rt_sigaction for the freestanding test programs: its
 * struct, SA_RESTORER and a restorer that calls rt_sigreturn. */
#ifndef X86_SIGACTION_H
#define X86_SIGACTION_H

#define SA_RESTORER 0x04000000 /* asm/signal.h; not in glibc's */

struct kernel_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

void restore_rt(void);

__asm__(".globl restore_rt\nrestore_rt:\n\tmov $15, %eax\n\tsyscall\n");

#endif
