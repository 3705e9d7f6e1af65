/* Misaligned 2-, 4- and 8-byte reads through packed structs (as zstd's
 * MEM_read64 does), which a compiler for a CPU without fast misaligned
 * access turns into byte loads, shifts and ors; and such reads that run
 * into an unreadable page. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf back;
static void *fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_addr = si->si_addr;
	siglongjmp(back, 1);
}

struct packed64 {
	uint64_t v;
} __attribute__((packed));

__attribute__((noinline)) static uint64_t read64(const unsigned char *p)
{
	return ((const struct packed64 *)p)->v;
}

struct packed32 {
	uint32_t v;
} __attribute__((packed));

__attribute__((noinline)) static uint32_t read32(const unsigned char *p)
{
	return ((const struct packed32 *)p)->v;
}

struct packed16 {
	uint16_t v;
} __attribute__((packed));

__attribute__((noinline)) static uint16_t read16(const unsigned char *p)
{
	return ((const struct packed16 *)p)->v;
}

/* Two words compared, as zstd's match finder does, and a partial word
 * kept: the low half of a 64-bit read used on its own too. */
__attribute__((noinline)) static int same64(const unsigned char *a, const unsigned char *b)
{
	return read64(a) == read64(b);
}

int main(void)
{
	unsigned char buf[64];
	uint64_t sum = 0;

	for (unsigned i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 37 + 11);
	for (unsigned off = 0; off < 8; off++) {
		printf("offset %u: %016llx %08x %04x\n", off, (unsigned long long)read64(buf + off),
		       read32(buf + off), read16(buf + off));
		sum += read64(buf + off) ^ read32(buf + off + 8) ^ read16(buf + off + 16);
	}
	memcpy(buf + 40, buf + 3, 8);
	printf("same: %d %d\n", same64(buf + 3, buf + 40), same64(buf + 4, buf + 40));
	printf("sum %016llx\n", (unsigned long long)sum);

	long page = sysconf(_SC_PAGESIZE);
	unsigned char *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || mprotect(m + page, page, PROT_NONE))
		return 1;
	memset(m, 0x5a, page);
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	sigaction(SIGSEGV, &sa, NULL);
	printf("last whole word: %016llx\n", (unsigned long long)read64(m + page - 8));
	for (int over = 1; over <= 7; over += 3) {
		if (!sigsetjmp(back, 1)) {
			uint64_t v = read64(m + page - 8 + over);
			printf("read past the page: %016llx, no fault\n", (unsigned long long)v);
		} else {
			printf("%d bytes over: SIGSEGV at the page's end %+ld\n", over,
			       (long)((unsigned char *)fault_addr - (m + page)));
		}
	}
	return 0;
}
