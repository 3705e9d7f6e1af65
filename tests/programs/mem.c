/* Memory: anonymous mmap of a large block (written and read back), munmap,
 * mremap growing with MREMAP_MAYMOVE (contents kept) and shrinking,
 * mprotect, brk/sbrk growth and shrink, malloc/realloc/free of big blocks
 * (mmap-backed) and of many small ones (brk-backed). Prints checksums. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t sum(const uint8_t *p, size_t n, size_t step)
{
	uint64_t s = 0;
	for (size_t i = 0; i < n; i += step)
		s = s * 31 + p[i];
	return s;
}

int main(void)
{
	size_t big = 64 << 20;
	uint8_t *p = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap 64 MiB: %s\n", p == MAP_FAILED ? "failed" : "ok");
	printf("fresh mapping is zero: %d\n", p[0] == 0 && p[big - 1] == 0 && p[big / 2] == 0);
	for (size_t i = 0; i < big; i += 4096)
		p[i] = (uint8_t)(i >> 12);
	uint64_t before = sum(p, big, 4096);
	printf("checksum: %016llx\n", (unsigned long long)before);
	uint8_t *q = mremap(p, big, 2 * big, MREMAP_MAYMOVE);
	printf("mremap grow: %s, contents kept: %d, new part zero: %d\n",
	       q == MAP_FAILED ? "failed" : "ok", sum(q, big, 4096) == before,
	       q[big] == 0 && q[2 * big - 1] == 0);
	printf("checksum after grow: %016llx\n", (unsigned long long)sum(q, big, 4096));
	q[2 * big - 1] = 7;
	q = mremap(q, 2 * big, 4096, 0);
	printf("mremap shrink in place: %s, first byte %d\n", q == MAP_FAILED ? "failed" : "ok", q[0]);
	printf("mprotect read-only: %d\n", mprotect(q, 4096, PROT_READ));
	printf("munmap: %d\n", munmap(q, 4096));
	printf("munmap of unmapped range: %d\n", munmap(q, 4096));

	char *b0 = sbrk(0);
	char *b1 = sbrk(1 << 20);
	memset(b1, 0x5a, 1 << 20);
	char *b2 = sbrk(0);
	printf("sbrk grew by 1 MiB: %d, old break returned: %d\n", b2 - b0 == (1 << 20), b1 == b0);
	int shrunk = brk(b0);
	printf("brk shrink: %d, break back: %d\n", shrunk, sbrk(0) == b0);

	char *m = malloc(100 << 20);
	memset(m, 1, 100 << 20);
	m = realloc(m, 200 << 20);
	printf("realloc kept contents: %d\n", m[0] == 1 && m[(100 << 20) - 1] == 1);
	free(m);
	void *small[10000];
	uint64_t total = 0;
	for (int i = 0; i < 10000; i++) {
		small[i] = malloc(16 + i % 500);
		memset(small[i], i & 0xff, 16 + i % 500);
	}
	for (int i = 0; i < 10000; i++) {
		total += ((uint8_t *)small[i])[15];
		free(small[i]);
	}
	printf("10000 small blocks: %llu\n", (unsigned long long)total);
	return 0;
}
