/* A toy JIT: RV64 functions generated at run time, run, regenerated in
 * place and run again. Every way a program tells the system that code
 * changed must drop stale translations: fence.i, riscv_flush_icache over
 * the range (from another thread too, even for a loop that thread is in),
 * an mprotect W^X flip, munmap and a new mapping at the same address; and
 * code that is unmapped must fault, not run on from a translation. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096
#define SYS_riscv_flush_icache_nr 259

enum { ZERO = 0, A0 = 10, A1 = 11, A2 = 12, A3 = 13 };

static uint32_t op_imm(int rd, int rs1, int imm)    /* addi */
{
	return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | rd << 7 | 0x13;
}

static uint32_t op_reg(int funct7, int rd, int rs1, int rs2)    /* add, mul */
{
	return (uint32_t)funct7 << 25 | rs2 << 20 | rs1 << 15 | rd << 7 | 0x33;
}

static uint32_t bne(int rs1, int rs2, int off)
{
	uint32_t imm = (uint32_t)off;

	return (imm >> 12 & 1) << 31 | (imm >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 |
	       1 << 12 | (imm >> 1 & 0xf) << 8 | (imm >> 11 & 1) << 7 | 0x63;
}

#define RET 0x00008067u

/* f(x) = a * x + b */
static void jit_affine(uint32_t *code, int a, int b)
{
	code[0] = op_imm(A1, ZERO, a);
	code[1] = op_reg(1, A0, A0, A1);
	code[2] = op_imm(A0, A0, b);
	code[3] = RET;
}

/* f(x) = k * x + k * (x - 1) + ... + k * 1, in a loop */
static void jit_sum_loop(uint32_t *code, int k)
{
	code[0] = op_imm(A1, ZERO, 0);
	code[1] = op_imm(A2, ZERO, k);
	code[2] = op_reg(1, A3, A0, A2);
	code[3] = op_reg(0, A1, A1, A3);
	code[4] = op_imm(A0, A0, -1);
	code[5] = bne(A0, ZERO, -12);
	code[6] = op_imm(A0, A1, 0);
	code[7] = RET;
}

static long run(uint32_t *code, long x)
{
	return ((long (*)(long))(uintptr_t)code)(x);
}

static void fence_i(void)
{
	__asm__ volatile("fence.i" ::: "memory");
}

static void flush_icache(uint32_t *code, size_t words)
{
	syscall(SYS_riscv_flush_icache_nr, code, code + words, 0);
}

static uint32_t *map_code(void *at, int prot)
{
	uint32_t *code = mmap(at, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (code == MAP_FAILED)
		perror("mmap"), _exit(1);
	return code;
}

static void rewrite_in_place(void)
{
	uint32_t *code = map_code(NULL, PROT_READ | PROT_WRITE | PROT_EXEC);

	jit_affine(code, 3, 4);
	fence_i();
	printf("affine 3x+4 at 10: %ld\n", run(code, 10));
	jit_affine(code, 5, -6);
	fence_i();
	printf("rewritten 5x-6 at 10, fence.i: %ld\n", run(code, 10));
	jit_sum_loop(code, 2);
	flush_icache(code, 8);
	printf("loop sum 2i for i<=100, riscv_flush_icache: %ld\n", run(code, 100));
	/* Hot: the loop's translation is the optimised one by now. */
	long total = 0;
	for (int k = 1; k <= 300; k++) {
		if (k % 100 == 0) {
			jit_sum_loop(code, k / 100 + 2);
			flush_icache(code, 8);
		}
		total += run(code, 100);
	}
	printf("hot loop rewritten every 100 runs: %ld\n", total);
	munmap(code, PAGE);
}

/* A JIT that keeps its pages W^X: no fence.i, only mprotect. */
static void wx_flip(void)
{
	uint32_t *code = map_code(NULL, PROT_READ | PROT_WRITE);

	jit_affine(code, 2, 1);
	mprotect(code, PAGE, PROT_READ | PROT_EXEC);
	printf("W^X 2x+1 at 7: %ld\n", run(code, 7));
	mprotect(code, PAGE, PROT_READ | PROT_WRITE);
	jit_affine(code, 7, 0);
	mprotect(code, PAGE, PROT_READ | PROT_EXEC);
	printf("W^X rewritten 7x at 7, mprotect only: %ld\n", run(code, 7));
	munmap(code, PAGE);
}

/* New code at the address of old code, through munmap and mmap only. */
static void remap(void)
{
	uint32_t *code = map_code(NULL, PROT_READ | PROT_WRITE | PROT_EXEC);

	jit_affine(code, 1, 1);
	fence_i();
	printf("before munmap x+1 at 1: %ld\n", run(code, 1));
	munmap(code, PAGE);
	uint32_t *again = map_code(code, PROT_READ | PROT_WRITE | PROT_EXEC);
	jit_affine(again, 1, 2);
	printf("new mapping at the same address: %d, x+2 at 1: %ld\n", again == code,
	       again == code ? run(again, 1) : 0);
	munmap(again, PAGE);
}

static sigjmp_buf fault_exit;
static void *volatile fault_addr;

static void on_segv(int sig, siginfo_t *info, void *uc)
{
	fault_addr = info->si_addr;
	siglongjmp(fault_exit, 1);
}

static void run_unmapped(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	uint32_t *code = map_code(NULL, PROT_READ | PROT_WRITE | PROT_EXEC);
	long r = 0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	jit_affine(code, 1, 0);
	fence_i();
	printf("before munmap x at 5: %ld\n", run(code, 5));
	munmap(code, PAGE);
	if (!sigsetjmp(fault_exit, 1))
		r = run(code, 5);
	printf("after munmap: %s, si_addr is the code: %d\n",
	       fault_addr ? "SIGSEGV" : "ran", fault_addr == code);
	(void)r;
	signal(SIGSEGV, SIG_DFL);
}

/* One thread runs the code over and over; another rewrites it and
 * flushes every hart's instruction cache. */
static uint32_t *shared_code;
static atomic_int rewritten;

static void *run_until_new(void *arg)
{
	long seen = 0;

	/* Bounded: about a second of calls when the new code never shows. */
	for (long i = 0; i < 200000000 && seen != 2; i++) {
		seen = run(shared_code, 0);
		if (i == 1000)
			atomic_store(&rewritten, 1);
	}
	return (void *)seen;
}

static void other_thread(void)
{
	pthread_t t;
	void *seen;

	shared_code = map_code(NULL, PROT_READ | PROT_WRITE | PROT_EXEC);
	jit_affine(shared_code, 0, 1);
	fence_i();
	pthread_create(&t, NULL, run_until_new, NULL);
	while (!atomic_load(&rewritten))
		usleep(1000);
	jit_affine(shared_code, 0, 2);
	flush_icache(shared_code, 4);
	pthread_join(t, &seen);
	printf("the other thread sees the new code: %ld\n", (long)seen);
}

/* Another thread is inside a generated endless loop; the loop's jump is
 * rewritten into a return and every hart's instruction cache flushed. */
static uint32_t *loop_code;
static atomic_int loop_entered, loop_left;

static void *run_loop(void *arg)
{
	atomic_store(&loop_entered, 1);
	run(loop_code, 0);
	atomic_store(&loop_left, 1);
	return NULL;
}

static void loop_rewritten(void)
{
	pthread_t t;

	loop_code = map_code(NULL, PROT_READ | PROT_WRITE | PROT_EXEC);
	loop_code[0] = op_imm(A0, A0, 1);       /* loop: addi a0, a0, 1 */
	loop_code[1] = 0xffdff06fu;             /* j loop */
	fence_i();
	pthread_create(&t, NULL, run_loop, NULL);
	while (!atomic_load(&loop_entered))
		usleep(1000);
	usleep(20000);
	loop_code[1] = RET;
	flush_icache(loop_code, 2);
	/* Bounded: two seconds. */
	for (int i = 0; i < 2000 && !atomic_load(&loop_left); i++)
		usleep(1000);
	printf("the thread in the loop left it: %d\n", atomic_load(&loop_left));
	if (atomic_load(&loop_left))
		pthread_join(t, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	rewrite_in_place();
	wx_flip();
	remap();
	run_unmapped();
	other_thread();
	loop_rewritten();
	return 0;
}
