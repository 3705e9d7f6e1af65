/* x86-64 signal frames: handlers inspect and change their ucontext
 * (registers, flags, the fxsave area's xmm0 and MXCSR) and return through
 * sa_restorer; faults (a bad access, hlt, int3, ud2, div by zero) arrive with the
 * si_code, trap number and rip x86-64 Linux gives; pause until SIGALRM.
 * Every observation goes to stdout, to be the same as natively. */
#define _GNU_SOURCE
#include "sys.h"
#include "sigaction.h"

#include <signal.h>
#include <sys/time.h>
#include <sys/ucontext.h>

void segv_probe(long addr), segv_resume(void);
void hlt_probe(void), hlt_resume(void);
void int3_probe(void), ud2_probe(void), divide_probe(void), divide_fault(void);

__asm__(".globl segv_probe\nsegv_probe:\n\tmov (%rdi), %rax\n"
	".globl segv_resume\nsegv_resume:\n\tret\n"
	".globl hlt_probe\nhlt_probe:\n\thlt\n"
	".globl hlt_resume\nhlt_resume:\n\tret\n"
	".globl int3_probe\nint3_probe:\n\tint3\n\tret\n"
	".globl ud2_probe\nud2_probe:\n\tud2\n\tret\n"
	".globl divide_probe\ndivide_probe:\n\txor %ecx, %ecx\n"
	".globl divide_fault\ndivide_fault:\n\tdivl %ecx\n\tret\n");

static int alarms;

static void on_usr1(ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
	unsigned mxcsr;
	unsigned long mask;

	PUT(g[REG_R12]);
	PUT(g[REG_RIP] == g[REG_R13]);
	PUT(*(unsigned long *)((char *)uc - 8) == (unsigned long)restore_rt);
	PUT((unsigned long)uc % 16);
	PUT(uc->uc_flags & 6);
	PUT(uc->uc_stack.ss_sp);        /* ss_flags: SS_DISABLE under qemu and xlift, 0 natively */
	PUT(uc->uc_stack.ss_size);
	PUT(*(unsigned long *)&uc->uc_sigmask);
	PUT(g[REG_OLDMASK]);
	PUT(g[REG_CSGSFS]);
	PUT(g[REG_TRAPNO]);
	PUT((unsigned long)fp % 64);
	PUT(fp->cwd);
	PUT(fp->mxcsr);
	PUT(fp->_xmm[1]);
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	PUT(mxcsr);
	sys6(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&mask, 8, 0, 0);
	PUT(mask);
	g[REG_R12] = 0x2222;
	g[REG_EFL] |= 1;                /* CF */
	fp->mxcsr = 0x5f80;             /* round up */
	fp->_xmm[0].element[0] = 0x01234567;
	fp->_xmm[0].element[1] = 0x89abcdef;
}

/* A fault: what the kernel reports, then where to go on. */
static void on_fault(siginfo_t *info, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;

	PUT(info->si_code);
	PUT(info->si_addr);
	PUT(g[REG_TRAPNO]);
	PUT(g[REG_CR2]);
	if (g[REG_RIP] == (greg_t)segv_probe)
		g[REG_RIP] = (greg_t)segv_resume;
	else if (g[REG_RIP] == (greg_t)hlt_probe)
		g[REG_RIP] = (greg_t)hlt_resume;
	else if (g[REG_RIP] == (greg_t)ud2_probe)
		g[REG_RIP] += 2;
	else if (g[REG_RIP] == (greg_t)divide_fault)
		g[REG_RIP] += 2;        /* past divl %ecx */
	else
		PUT(g[REG_RIP] == (greg_t)int3_probe + 1);
}

static void handler(int sig, siginfo_t *info, void *ctx)
{
	PUT(sig);
	PUT(info->si_signo);
	if (sig == SIGUSR1)
		on_usr1(ctx);
	else if (sig == SIGALRM)
		alarms++;
	else
		on_fault(info, ctx);
}

static void install(int sig)
{
	struct kernel_sigaction sa = { handler, SA_SIGINFO | SA_RESTORER, restore_rt, 0 };

	PUT(sys6(SYS_rt_sigaction, sig, (long)&sa, 0, 8, 0, 0));
}

/* kill(self, SIGUSR1) right after setting r12, r13, MXCSR; what the
 * handler changed shows afterwards. */
static void usr1(void)
{
	unsigned long r12, xmm0, pid = sys(SYS_getpid, 0, 0, 0);
	unsigned mxcsr_in = 0x3f80, mxcsr_out, mxcsr_reset = 0x1f80;
	unsigned char cf;

	__asm__ volatile("ldmxcsr %[in]\n\t"
			 "mov $0x1111, %%r12\n\t"
			 "lea 1f(%%rip), %%r13\n\t"
			 "mov $62, %%eax\n\t"
			 "syscall\n"
			 "1:\tsetc %[cf]\n\t"
			 "mov %%r12, %[r12]\n\t"
			 "movq %%xmm0, %[x]\n\t"
			 "stmxcsr %[out]\n\t"
			 "ldmxcsr %[reset]"
			 : [cf] "=m"(cf), [r12] "=m"(r12), [x] "=m"(xmm0), [out] "=m"(mxcsr_out)
			 : [in] "m"(mxcsr_in), [reset] "m"(mxcsr_reset), "D"(pid), "S"(SIGUSR1)
			 : "rax", "rcx", "r11", "r12", "r13", "xmm0", "memory", "cc");
	PUT(cf);
	PUT(r12);
	PUT(xmm0);
	PUT(mxcsr_out);
}

int main(void)
{
	static const int sigs[] = { SIGUSR1, SIGSEGV, SIGTRAP, SIGILL, SIGFPE, SIGALRM };

	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		install(sigs[i]);
	usr1();
	segv_probe(0x10);
	hlt_probe();
	int3_probe();
	ud2_probe();
	divide_probe();
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	sys(SYS_setitimer, ITIMER_REAL, &it, 0);
	PUT(sys(SYS_pause, 0, 0, 0));
	PUT(alarms);
	return 0;
}
