/* Faults in guest code become guest signals: SIGSEGV and SIGBUS with the
 * exact si_addr and si_code, the exact pc and stack pointer in the
 * ucontext, also for every kind of access the lifters emit, recovery with
 * siglongjmp (many times over), death by SIGSEGV without a handler. Each
 * test is named by argv[1]. */
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

/* Accesses of every kind the lifters emit, each faulting on a PROT_NONE
 * page after a good store in the same code: the ucontext's pc must be
 * that of the faulting instruction (the pc map, not a neighbour's pc). An
 * access runs as ACCESS(name, setup, insn): setup, then insn at the label
 * whose address goes to *pc; %0 holds the bad address. */
struct access {
	const char *name;
	void (*run)(char *bad, uintptr_t *pc);
};

/* An entry of the table of accesses. */
#define X(name) { #name, access_##name },

#if defined(__x86_64__)
#define ACCESS(name, setup, insn)                                                          \
	static void access_##name(char *bad, uintptr_t *pc)                                \
	{                                                                                  \
		__asm__ volatile(setup "\n\tlea 1f(%%rip), %%r11\n\tmov %%r11, (%1)\n"      \
				 "1:\t" insn                                                       \
				 : : "r"(bad), "r"(pc)                                             \
				 : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r11", "xmm0", "memory", \
				   "cc");                                                          \
	}
ACCESS(mov_load, "", "mov (%0), %%rcx")
ACCESS(mov_store, "", "mov %%rcx, (%0)")
ACCESS(movzx, "", "movzbl (%0), %%ecx")
ACCESS(alu_load, "", "add (%0), %%rcx")
ACCESS(alu_rmw, "", "addq $1, (%0)")
ACCESS(inc, "", "incl (%0)")
ACCESS(shift_rmw, "", "shlq $1, (%0)")
ACCESS(imul, "", "imul (%0), %%rcx")
ACCESS(div, "xor %%edx, %%edx", "divq (%0)")
ACCESS(cmov, "", "cmove (%0), %%rcx")
ACCESS(setcc, "", "sete (%0)")
ACCESS(bt, "", "btq $3, (%0)")
ACCESS(push_mem, "", "push (%0)")
ACCESS(pop_mem, "push %%rcx", "pop (%0)")
ACCESS(lock_add, "", "lock addq $1, (%0)")
ACCESS(lock_xadd, "", "lock xadd %%rcx, (%0)")
ACCESS(lock_bts, "", "lock btsq $3, (%0)")
ACCESS(lock_neg, "", "lock negq (%0)")
ACCESS(xchg, "", "xchg %%rcx, (%0)")
ACCESS(lock_cmpxchg, "", "lock cmpxchg %%rcx, (%0)")
ACCESS(cmpxchg16b, "", "lock cmpxchg16b (%0)")
ACCESS(movs, "mov %0, %%rsi\n\tlea -16(%%rsp), %%rdi", "movsb")
ACCESS(cmps, "mov %0, %%rsi\n\tlea -16(%%rsp), %%rdi", "cmpsq")
ACCESS(stos, "mov %0, %%rdi", "stosl")
ACCESS(rep_stos, "mov %0, %%rdi\n\tmov $100, %%ecx", "rep stosb")
ACCESS(lods, "mov %0, %%rsi", "lodsw")
ACCESS(scas, "mov %0, %%rdi", "scasb")
ACCESS(movups_load, "", "movups (%0), %%xmm0")
ACCESS(movups_store, "", "movups %%xmm0, (%0)")
ACCESS(movaps_load, "", "movaps (%0), %%xmm0")
ACCESS(movdqu_store, "", "movdqu %%xmm0, (%0)")
ACCESS(movq_load, "", "movq (%0), %%xmm0")
ACCESS(movsd_store, "", "movsd %%xmm0, (%0)")
ACCESS(addsd_load, "", "addsd (%0), %%xmm0")
ACCESS(ldmxcsr, "", "ldmxcsr (%0)")
ACCESS(fld, "", "fldl (%0)\n\tfstp %%st(0)")
ACCESS(fstp, "fldz", "fstps (%0)")
static const struct access accesses[] = {
	X(mov_load) X(mov_store) X(movzx) X(alu_load) X(alu_rmw) X(inc) X(shift_rmw) X(imul)
	X(div) X(cmov) X(setcc) X(bt) X(push_mem) X(pop_mem) X(lock_add) X(lock_xadd)
	X(lock_bts) X(lock_neg) X(xchg) X(lock_cmpxchg) X(cmpxchg16b) X(movs) X(cmps) X(stos)
	X(rep_stos) X(lods) X(scas) X(movups_load) X(movups_store) X(movaps_load)
	X(movdqu_store) X(movq_load) X(movsd_store) X(addsd_load) X(ldmxcsr)
};
/* x87, which xlift does not lift on AArch64 hosts. */
static const struct access x87_accesses[] = { X(fld) X(fstp) };
#elif defined(__riscv)
#define ACCESS(name, setup, insn)                                                          \
	static void access_##name(char *bad, uintptr_t *pc)                                \
	{                                                                                  \
		register char *a1 __asm__("a1") = bad;                                     \
		__asm__ volatile(setup "\n\tlla t1, 1f\n\tsd t1, 0(%1)\n"                   \
				 "1:\t" insn                                                       \
				 : : "r"(a1), "r"(pc)                                              \
				 : "t0", "t1", "a2", "ft0", "memory");                             \
	}
ACCESS(lb, "", "lb t0, 0(%0)")
ACCESS(lh, "", "lh t0, 0(%0)")
ACCESS(lw, "", "lw t0, 0(%0)")
ACCESS(ld, "", "ld t0, 0(%0)")
ACCESS(lbu, "", "lbu t0, 0(%0)")
ACCESS(lhu, "", "lhu t0, 0(%0)")
ACCESS(lwu, "", "lwu t0, 0(%0)")
ACCESS(sb, "", "sb t0, 0(%0)")
ACCESS(sh, "", "sh t0, 0(%0)")
ACCESS(sw, "", "sw t0, 0(%0)")
ACCESS(sd, "", "sd t0, 0(%0)")
ACCESS(flw, "", "flw ft0, 0(%0)")
ACCESS(fld, "", "fld ft0, 0(%0)")
ACCESS(fsw, "", "fsw ft0, 0(%0)")
ACCESS(fsd, "", "fsd ft0, 0(%0)")
ACCESS(c_lw, "", "c.lw a2, 0(a1)")
ACCESS(c_ld, "", "c.ld a2, 0(a1)")
ACCESS(c_sw, "", "c.sw a2, 0(a1)")
ACCESS(c_sd, "", "c.sd a2, 0(a1)")
ACCESS(lr_w, "", "lr.w t0, (%0)")
ACCESS(lr_d, "", "lr.d t0, (%0)")
ACCESS(amoswap_w, "", "amoswap.w t0, t1, (%0)")
ACCESS(amoadd_d, "", "amoadd.d t0, t1, (%0)")
ACCESS(amoand_w, "", "amoand.w t0, t1, (%0)")
ACCESS(amoor_d, "", "amoor.d.aqrl t0, t1, (%0)")
ACCESS(amoxor_w, "", "amoxor.w t0, t1, (%0)")
ACCESS(amomin_d, "", "amomin.d t0, t1, (%0)")
ACCESS(amomax_w, "", "amomax.w t0, t1, (%0)")
ACCESS(amominu_d, "", "amominu.d t0, t1, (%0)")
ACCESS(amomaxu_w, "", "amomaxu.w t0, t1, (%0)")
static const struct access accesses[] = {
	X(lb) X(lh) X(lw) X(ld) X(lbu) X(lhu) X(lwu) X(sb) X(sh) X(sw) X(sd) X(flw) X(fld)
	X(fsw) X(fsd) X(c_lw) X(c_ld) X(c_sw) X(c_sd) X(lr_w) X(lr_d) X(amoswap_w)
	X(amoadd_d) X(amoand_w) X(amoor_d) X(amoxor_w) X(amomin_d) X(amomax_w) X(amominu_d)
	X(amomaxu_w)
};
static const struct access x87_accesses[] = {};
#endif
#undef X

#if defined(__riscv) || defined(__x86_64__)
static int run_accesses(const struct access *list, size_t n)
{
	long page = sysconf(_SC_PAGESIZE);
	char *bad = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile int exact = 0;

	sigtest_handle(SIGSEGV, on_fault, 0, 0);
	for (size_t i = 0; i < n; i++) {
		static uintptr_t pc;

		if (!sigsetjmp(env, 1)) {
			list[i].run(bad, &pc);
			printf("%s: no fault\n", list[i].name);
		} else if (fault_pc != pc || fault_addr != bad) {
			printf("%s: pc %+ld from the instruction, si_addr %s\n", list[i].name,
			       (long)(fault_pc - pc), fault_addr == bad ? "exact" : "wrong");
		} else {
			exact++;
		}
	}
	printf("exact pc and si_addr at %s faulting access\n", exact == (int)n ? "each" : "not every");
	return 0;
}

static int test_access(void)
{
	return run_accesses(accesses, sizeof accesses / sizeof accesses[0]);
}

static int test_access_x87(void)
{
	return run_accesses(x87_accesses, sizeof x87_accesses / sizeof x87_accesses[0]);
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
		{ "context", test_context }, { "access", test_access },
		{ "access_x87", test_access_x87 },
#endif
	};

	return sigtest_main(argc, argv, tests, sizeof tests / sizeof tests[0]);
}
