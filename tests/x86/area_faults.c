/* Faults that xlift raises itself, not the host CPU: fxsave and fxrstor
 * areas (512 bytes, 16-aligned) that run into an inaccessible page at
 * every split, over a PROT_NONE and a read-only page before or after; and jumps to a
 * PROT_NONE page and to unmapped memory. The CPU checks the whole area
 * before it writes a byte, and reports the area's last byte; the kernel's
 * si_code tells a bad protection (SEGV_ACCERR) from no mapping
 * (SEGV_MAPERR). Every observation goes to stdout, to be the same as
 * natively. */
#define _GNU_SOURCE
#include "sys.h"
#include "sigaction.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/ucontext.h>

void fxsave_probe(unsigned char *area), fxrstor_probe(unsigned char *area), probe_resume(void);
void call_probe(long target);

__asm__(".globl fxsave_probe\nfxsave_probe:\n\tfxsave64 (%rdi)\n\tjmp probe_resume\n"
	".globl fxrstor_probe\nfxrstor_probe:\n\tfxrstor64 (%rdi)\n"
	".globl probe_resume\nprobe_resume:\n\tret\n"
	".globl call_probe\ncall_probe:\n\tcall *%rdi\n\tret\n");

enum { PAGE = 4096, AREA = 512 };

static unsigned char *pages;    /* two pages: the second's protection varies */

static void handler(int sig, siginfo_t *info, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;

	PUT(sig);
	PUT(info->si_code);
	PUT((long)info->si_addr - (long)pages);
	if (g[REG_RIP] == (greg_t)fxsave_probe || g[REG_RIP] == (greg_t)fxrstor_probe) {
		g[REG_RIP] = (greg_t)probe_resume;
	} else {                        /* a jump: back to the caller's caller */
		g[REG_RIP] = *(greg_t *)g[REG_RSP];
		g[REG_RSP] += 8;
	}
}

/* Whether fxsave wrote anything at from..to of the area: it was filled
 * with 0xaa. */
static void put_untouched(const unsigned char *area, int from, int to)
{
	int untouched = 1;

	for (int i = from; i < to; i++)
		untouched &= area[i] == 0xaa;
	PUT(untouched);
}

/* Areas that start `before` bytes ahead of the second page, with the bad
 * page (0 or 1) protected so; only the other page's part is touched. */
static void areas(int bad, int protection)
{
	static unsigned char image[AREA] __attribute__((aligned(16)));

	fxsave_probe(image);
	sys(SYS_mprotect, pages + bad * PAGE, PAGE, protection);
	for (int before = AREA - 16; before >= AREA - 128; before -= 16) {
		unsigned char *area = pages + PAGE - before;
		int from = bad ? 0 : before, to = bad ? before : AREA;

		for (int i = from; i < to; i++)
			area[i] = 0xaa;
		fxsave_probe(area);
		put_untouched(area, from, to);
		for (int i = from; i < to; i++)
			area[i] = image[i];
		fxrstor_probe(area);
	}
	sys(SYS_mprotect, pages + bad * PAGE, PAGE, PROT_READ | PROT_WRITE);
}

int main(void)
{
	struct kernel_sigaction sa = { handler, SA_SIGINFO | SA_RESTORER, restore_rt, 0 };

	PUT(sys6(SYS_rt_sigaction, SIGSEGV, (long)&sa, 0, 8, 0, 0));
	pages = (unsigned char *)sys6(SYS_mmap, 0, 3 * PAGE, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int bad = 0; bad < 2; bad++) {
		areas(bad, PROT_NONE);
		areas(bad, PROT_READ);
	}
	sys(SYS_mprotect, pages + PAGE, PAGE, PROT_NONE);
	call_probe((long)(pages + PAGE));
	sys(SYS_munmap, pages + 2 * PAGE, PAGE, 0);
	call_probe((long)(pages + 2 * PAGE));
	return 0;
}
