/* Zifencei and self-modifying code: a function written into an executable
 * page is run, rewritten, and run again after fence.i; the same through
 * __builtin___clear_cache (the riscv_flush_icache syscall); and a rewrite
 * inside a hot loop, so a translator must drop a stale translation. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define LI_A0(imm) (0x00000513u | ((uint32_t)(imm) << 20))  /* addi a0, zero, imm */
#define RET 0x00008067u                                       /* jalr zero, 0(ra) */

static uint32_t *code;

static void emit(int value)
{
	code[0] = LI_A0(value);
	code[1] = RET;
}

static int call(void)
{
	return ((int (*)(void))(uintptr_t)code)();
}

int main(void)
{
	code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	emit(1);
	__asm__ volatile("fence.i" ::: "memory");
	printf("first: %d\n", call());
	emit(2);
	__asm__ volatile("fence.i" ::: "memory");
	printf("after rewrite + fence.i: %d\n", call());
	emit(3);
	__builtin___clear_cache((char *)code, (char *)(code + 2));
	printf("after rewrite + __builtin___clear_cache: %d\n", call());

	int sum = 0;
	for (int i = 0; i < 1000; i++) {
		if (i % 100 == 0) {
			emit(i / 100);
			__asm__ volatile("fence.i" ::: "memory");
		}
		sum += call();
	}
	printf("hot loop with rewrites every 100 calls: sum=%d\n", sum);

	/* The page may also be remapped: new code at the same address. */
	munmap(code, 4096);
	code = mmap(code, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	emit(7);
	__asm__ volatile("fence.i" ::: "memory");
	printf("after munmap + mmap at the same address: %d\n", call());
	return 0;
}
