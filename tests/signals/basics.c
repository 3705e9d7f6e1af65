/* Guest signal handlers: ordering and masks, the alternate stack,
 * SA_RESETHAND, SA_NODEFER, SA_RESTART, the context a handler sees and
 * what rt_sigreturn restores. Each test is named by argv[1]. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#include "sigtest.h"

static char order[64];
static volatile int n_order;

static void note(int sig, siginfo_t *info, void *uc)
{
	order[n_order++] = sig == SIGUSR1 ? '1' : sig == SIGUSR2 ? '2' : 'R';
	/* USR2 is in USR1's sa_mask: raised here, it waits until we return. */
	if (sig == SIGUSR1) {
		raise(SIGUSR2);
		order[n_order++] = '.';
	}
}


static int test_order(void)
{
	sigset_t set, pending;

	sigtest_handle(SIGUSR1, note, 0, SIGUSR2);
	sigtest_handle(SIGUSR2, note, 0, 0);
	sigtest_handle(SIGRTMIN + 1, note, 0, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGRTMIN + 1);
	raise(SIGUSR2);
	raise(SIGUSR1);
	sigpending(&pending);
	printf("pending: usr1 %d usr2 %d rt %d term %d\n", sigismember(&pending, SIGUSR1),
	       sigismember(&pending, SIGUSR2), sigismember(&pending, SIGRTMIN + 1),
	       sigismember(&pending, SIGTERM));
	printf("before unblock: %d handlers ran\n", n_order);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	order[n_order] = 0;
	printf("order: %s\n", order);
	sigprocmask(SIG_SETMASK, NULL, &set);
	printf("mask restored: %d\n", sigismember(&set, SIGUSR1) + sigismember(&set, SIGUSR2));
	return 0;
}

static char *alt_base;
static volatile int alt_ok, alt_flags;

static void on_alt(int sig, siginfo_t *info, void *uc)
{
	char local;
	stack_t now;

	alt_ok = &local > alt_base && &local < alt_base + SIGSTKSZ * 4;
	sigaltstack(NULL, &now);
	alt_flags = now.ss_flags;
}

static int test_altstack(void)
{
	stack_t ss = { .ss_size = SIGSTKSZ * 4 };
	char local;

	alt_base = ss.ss_sp = malloc(ss.ss_size);
	if (sigaltstack(&ss, NULL))
		perror("sigaltstack"), exit(1);
	sigtest_handle(SIGUSR1, on_alt, SA_ONSTACK, 0);
	raise(SIGUSR1);
	printf("on the alternate stack: %d, SS_ONSTACK inside: %d\n", alt_ok,
	       (alt_flags & SS_ONSTACK) != 0);
	sigtest_handle(SIGUSR1, on_alt, 0, 0);
	raise(SIGUSR1);
	printf("without SA_ONSTACK: %d\n", alt_ok);
	sigaltstack(NULL, &ss);
	printf("outside: SS_ONSTACK %d, main stack not in it: %d\n", (ss.ss_flags & SS_ONSTACK) != 0,
	       !(&local > alt_base && &local < alt_base + SIGSTKSZ * 4));
	return 0;
}

static volatile int depth, max_depth, calls;

static void recurse(int sig, siginfo_t *info, void *uc)
{
	calls++;
	if (++depth > max_depth)
		max_depth = depth;
	if (depth < 3 && calls < 3)
		raise(sig);
	depth--;
}

static void count(int sig, siginfo_t *info, void *uc)
{
	calls++;
}

static int test_flags(void)
{
	struct sigaction now;

	sigtest_handle(SIGUSR1, recurse, SA_NODEFER, 0);
	raise(SIGUSR1);
	printf("SA_NODEFER: %d calls, depth %d\n", calls, max_depth);
	calls = max_depth = 0;
	sigtest_handle(SIGUSR1, recurse, 0, 0);
	raise(SIGUSR1);
	printf("deferred: %d calls, depth %d\n", calls, max_depth);
	calls = max_depth = 0;
	sigtest_handle(SIGUSR2, count, SA_RESETHAND, 0);
	sigaction(SIGUSR2, NULL, &now);
	printf("SA_RESETHAND before: handler set %d\n", now.sa_handler != SIG_DFL);
	raise(SIGUSR2);
	sigaction(SIGUSR2, NULL, &now);
	printf("SA_RESETHAND after: %d calls, SIG_DFL %d\n", calls, now.sa_handler == SIG_DFL);
	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR2);
	printf("SIG_IGN: still here\n");
	long r = syscall(SYS_rt_sigaction, SIGUSR1, (void *)8, NULL, 8);
	printf("rt_sigaction from a bad address: %ld (%s)\n", r, strerror(errno));
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, (void *)8, 8);
	printf("rt_sigprocmask to a bad address: %ld (%s)\n", r, strerror(errno));
	return 0;
}

static int pipe_fds[2];
static volatile int alarms;

static void on_alarm(int sig, siginfo_t *info, void *uc)
{
	/* The second alarm gives the blocked read its data. */
	if (++alarms == 2 && write(pipe_fds[1], "x", 1) != 1)
		_exit(3);
}

/* With SA_RESTART the read survives the first alarm and gets the data the
 * second one writes; without, a single alarm ends it. */
static void read_interrupted(int flags)
{
	int periodic = flags & SA_RESTART ? 20000 : 0;
	struct itimerval every = { { 0, periodic }, { 0, 20000 } }, off = { { 0, 0 }, { 0, 0 } };
	char c;

	alarms = 0;
	if (pipe(pipe_fds))
		exit(1);
	sigtest_handle(SIGALRM, on_alarm, flags, 0);
	setitimer(ITIMER_REAL, &every, NULL);
	ssize_t n = read(pipe_fds[0], &c, 1);
	int err = errno, seen = alarms;
	setitimer(ITIMER_REAL, &off, NULL);
	if (n == 1)
		printf("read returned the data after %s alarms\n", seen >= 2 ? "two" : "too few");
	else
		printf("read failed: %s after %d alarm(s)\n", strerror(err), seen);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}

static int test_restart(void)
{
	read_interrupted(SA_RESTART);
	read_interrupted(0);
	return 0;
}

/* The context of an illegal instruction: pc and registers as the guest
 * had them (the first argument register, a callee-saved one, an FP
 * register and the FP rounding mode); the handler skips the instruction
 * and changes another callee-saved register, which rt_sigreturn must
 * bring back. */
#if defined(__riscv) || defined(__x86_64__)
static volatile uint64_t seen_pc, seen_arg0, seen_saved, seen_rounding;
static volatile double seen_fp;
#endif

#if defined(__riscv)
static void on_ill(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;
	mcontext_t *mc = &uc->uc_mcontext;

	seen_pc = mc->__gregs[REG_PC] - (uint64_t)(uintptr_t)info->si_addr;
	seen_arg0 = mc->__gregs[10];                    /* a0 */
	seen_saved = mc->__gregs[18];                   /* s2 */
	memcpy((void *)&seen_fp, &mc->__fpregs.__d.__f[9], sizeof(double));
	seen_rounding = mc->__fpregs.__d.__fcsr >> 5;   /* frm */
	mc->__gregs[9] = 0x5151;        /* s1 */
	mc->__gregs[REG_PC] += 4;
}

/* .word 0 with a0, s2, fs1 and frm (2: round down) set; s1 afterwards */
static uint64_t illegal_with_registers_set(void)
{
	uint64_t s1;

	__asm__ volatile(
		"li a0, 0x1234\n\t"
		"li s2, 0x7777\n\t"
		"li t0, 0x4041000000000000\n\t"
		"fmv.d.x fs1, t0\n\t"
		"csrwi frm, 2\n\t"
		"li s1, 0\n\t"
		".word 0\n\t"
		"mv %0, s1\n\t"
		"csrwi frm, 0\n\t"
		: "=r"(s1) : : "a0", "s1", "s2", "t0", "fs1", "memory");
	return s1;
}
#elif defined(__x86_64__)
static void on_ill(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;
	mcontext_t *mc = &uc->uc_mcontext;

	seen_pc = mc->gregs[REG_RIP] - (uint64_t)(uintptr_t)info->si_addr;
	seen_arg0 = mc->gregs[REG_RDI];
	seen_saved = mc->gregs[REG_R12];
	memcpy((void *)&seen_fp, &mc->fpregs->_xmm[1], sizeof(double));
	seen_rounding = mc->fpregs->mxcsr >> 13 & 3;    /* RC */
	mc->gregs[REG_RBX] = 0x5151;
	mc->gregs[REG_RIP] += 2;        /* ud2 */
}

/* ud2 with rdi, r12, xmm1 and MXCSR.RC (2: round up) set; rbx afterwards */
static uint64_t illegal_with_registers_set(void)
{
	uint64_t rbx;
	uint32_t round_up = 0x1f80 | 2u << 13, nearest = 0x1f80;

	__asm__ volatile(
		"mov $0x1234, %%edi\n\t"
		"mov $0x7777, %%r12d\n\t"
		"movabs $0x4041000000000000, %%rax\n\t"
		"movq %%rax, %%xmm1\n\t"
		"ldmxcsr %1\n\t"
		"xor %%ebx, %%ebx\n\t"
		"ud2\n\t"
		"mov %%rbx, %0\n\t"
		"ldmxcsr %2\n\t"
		: "=r"(rbx) : "m"(round_up), "m"(nearest)
		: "rax", "rbx", "rdi", "r12", "xmm1", "memory");
	return rbx;
}
#endif

#if defined(__riscv) || defined(__x86_64__)
static int test_context(void)
{
	sigtest_handle(SIGILL, on_ill, 0, 0);
	uint64_t changed = illegal_with_registers_set();
	printf("pc = si_addr: %d\n", seen_pc == 0);
	printf("arg0 %#llx saved %#llx fp %g rounding %llu\n", (unsigned long long)seen_arg0,
	       (unsigned long long)seen_saved, seen_fp, (unsigned long long)seen_rounding);
	printf("changed register after sigreturn: %#llx\n", (unsigned long long)changed);
	return 0;
}
#endif

#if defined(__riscv)
static volatile int traps;

static void on_trap(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;

	traps++;
	printf("SIGTRAP code %s\n", info->si_code == TRAP_BRKPT ? "TRAP_BRKPT" : "other");
	uc->uc_mcontext.__gregs[REG_PC] += 4;
}

static int test_ebreak(void)
{
	sigtest_handle(SIGTRAP, on_trap, 0, 0);
	__asm__ volatile(".option push\n\t.option norvc\n\tebreak\n\t.option pop" ::: "memory");
	__asm__ volatile(".option push\n\t.option norvc\n\tebreak\n\t.option pop" ::: "memory");
	printf("traps: %d\n", traps);
	return 0;
}
#endif

int main(int argc, char **argv)
{
	static const struct sigtest tests[] = {
		{ "order", test_order }, { "altstack", test_altstack }, { "flags", test_flags },
		{ "restart", test_restart },
#if defined(__riscv) || defined(__x86_64__)
		{ "context", test_context },
#endif
#if defined(__riscv)
		{ "ebreak", test_ebreak },
#endif
	};

	return sigtest_main(argc, argv, tests, sizeof tests / sizeof tests[0]);
}
