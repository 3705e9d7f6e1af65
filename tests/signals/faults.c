/* Faults in guest code become guest signals: SIGSEGV and SIGBUS with the
 * exact si_addr and si_code, the exact pc and stack pointer in the
 * ucontext, recovery with siglongjmp (many times over), death by SIGSEGV
 * without a handler. Each test is named by argv[1]. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <ucontext.h>
#include <unistd.h>

#include "sigtest.h"

static sigjmp_buf env;
static void *volatile fault_addr;
static volatile int fault_code, fault_sig;
static volatile uintptr_t fault_pc, fault_sp;

static void on_fault(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;

	fault_sig = sig;
	fault_addr = info->si_addr;
	fault_code = info->si_code;
#if defined(__riscv)
	fault_pc = uc->uc_mcontext.__gregs[REG_PC];
	fault_sp = uc->uc_mcontext.__gregs[2];
#elif defined(__x86_64__)
	fault_pc = uc->uc_mcontext.gregs[REG_RIP];
	fault_sp = uc->uc_mcontext.gregs[REG_RSP];
#else
	(void)uc;
#endif
	siglongjmp(env, 1);
}


static const char *code_name(int sig, int code)
{
	if (sig == SIGSEGV)
		return code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : "?";
	return code == BUS_ADRERR ? "BUS_ADRERR" : "?";
}

/* Touches p (reading or writing); reports the signal it raised. */
static void touch(const char *what, volatile char *p, int write)
{
	if (!sigsetjmp(env, 1)) {
		if (write)
			*p = 1;
		else
			(void)*p;
		printf("%s: no fault\n", what);
		return;
	}
	printf("%s: %s %s, si_addr exact: %d\n", what, strsignal(fault_sig),
	       code_name(fault_sig, fault_code), fault_addr == (void *)p);
}

static int test_segv(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	sigtest_handle(SIGSEGV, on_fault, 0, 0);
	touch("read of NULL + 16", (char *)16, 0);
	touch("read of a PROT_NONE page", none + 100, 0);
	touch("write to a read-only page", ro + 8, 1);
	touch("read of the read-only page", ro + 8, 0);
	munmap(none, page);
	touch("read of an unmapped page", none + 1, 0);
	static volatile int recovered;
	for (int i = 0; i < 20000; i++) {
		uintptr_t bad = 8 + 8 * (uintptr_t)(i % 500);
		if (!sigsetjmp(env, 1))
			(void)*(volatile long *)bad;
		else
			recovered += fault_addr == (void *)bad;
	}
	printf("recovered from %d faults with siglongjmp\n", recovered);
	return 0;
}

static int test_sigbus(void)
{
	char path[] = "/tmp/xlift-sigbus-XXXXXX";
	int fd = mkstemp(path);
	long page = sysconf(_SC_PAGESIZE);

	unlink(path);
	if (fd < 0 || ftruncate(fd, 16))
		return 1;
	char *map = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, fd, 0);
	sigtest_handle(SIGBUS, on_fault, 0, 0);
	touch("read inside the file", map + 8, 0);
	touch("read past the end of the file", map + page + 32, 0);
	return 0;
}

#if defined(__riscv) || defined(__x86_64__)
/* The pc of the faulting load and the stack pointer, exact in the
 * ucontext, in a function that moved sp. */
static uintptr_t expected_pc, expected_sp;

static int test_context(void)
{
	sigtest_handle(SIGSEGV, on_fault, 0, 0);
	if (!sigsetjmp(env, 1)) {
#if defined(__x86_64__)
		__asm__ volatile(
			"sub $64, %%rsp\n\t"
			"mov %%rsp, (%1)\n\t"
			"lea 1f(%%rip), %%rcx\n\t"
			"mov %%rcx, (%0)\n\t"
			"mov $24, %%eax\n"
			"1:\tmov (%%rax), %%rax\n\t"
			"add $64, %%rsp\n\t"
			: : "r"(&expected_pc), "r"(&expected_sp) : "rax", "rcx", "memory");
#else
		__asm__ volatile(
			"addi sp, sp, -64\n\t"
			"sd sp, 0(%1)\n\t"
			"la t1, 1f\n\t"
			"sd t1, 0(%0)\n\t"
			"li t0, 24\n"
			"1:\tld t0, 0(t0)\n\t"
			"addi sp, sp, 64\n\t"
			: : "r"(&expected_pc), "r"(&expected_sp) : "t0", "t1", "memory");
#endif
		printf("no fault\n");
		return 1;
	}
	printf("si_addr: %p\n", fault_addr);
	printf("pc of the load exact: %d\n", fault_pc == expected_pc);
	printf("sp exact: %d\n", fault_sp == expected_sp);
	return 0;
}
#endif

static char *retry_page;

static void make_writable(int sig, siginfo_t *info, void *uc)
{
	mprotect(retry_page, sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE);
}

/* A handler that makes the page writable and returns to the store. */
static int test_retry(void)
{
	struct sigaction sa = { .sa_sigaction = make_writable, .sa_flags = SA_SIGINFO };

	retry_page = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	*(volatile char *)(retry_page + 5) = 42;
	printf("the store went through after the handler: %d\n", retry_page[5]);
	return 0;
}

static int test_die(void)
{
	int *volatile bad = (int *)(uintptr_t)64;

	printf("about to fault\n");
	return *bad;
}

static void guest_handler(int sig)
{
	printf("guest handler ran\n");
	_exit(1);
}

/* A fault inside xlift is xlift's, never the guest's: once the handler is
 * installed (a byte on fd 3 says so), inject_fault.c makes xlift's thread
 * fault while it waits in read. */
static int test_not_guest(void)
{
	char byte;

	signal(SIGSEGV, guest_handler);
	if (write(3, "r", 1) != 1)
		return 1;
	ssize_t n = read(0, &byte, 1);
	printf("read returned %zd\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct sigtest tests[] = {
		{ "segv", test_segv }, { "sigbus", test_sigbus }, { "die", test_die },
		{ "not_guest", test_not_guest }, { "retry", test_retry },
#if defined(__riscv) || defined(__x86_64__)
		{ "context", test_context },
#endif
	};

	return sigtest_main(argc, argv, tests, sizeof tests / sizeof tests[0]);
}
