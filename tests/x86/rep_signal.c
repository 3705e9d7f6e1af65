/* rep stosb and rep movsb over 8 MiB while a 1 ms interval timer's
 * SIGALRM handler counts the times it found rip at the rep instruction
 * with rcx partly counted down: the CPU takes interrupts inside a rep
 * and resumes it, so must xlift. The bytes must still be exact. Prints
 * only yes/no facts, the same natively and under xlift. */
#define _GNU_SOURCE
#include "sys.h"
#include "sigaction.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/ucontext.h>

enum { SIZE = 8 << 20, WANTED = 3, MAX_ROUNDS = 200 };

void fill(void *dst, int byte, long n), copy(void *dst, const void *src, long n);
void stosb_at(void), movsb_at(void);

__asm__(".globl fill\nfill:\n\tmov %esi, %eax\n\tmov %rdx, %rcx\n"
	".globl stosb_at\nstosb_at:\n\trep stosb\n\tret\n"
	".globl copy\ncopy:\n\tmov %rdx, %rcx\n"
	".globl movsb_at\nmovsb_at:\n\trep movsb\n\tret\n");

static volatile int inside_stosb, inside_movsb, partial, bad_rcx;

static void on_alarm(int sig, siginfo_t *info, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	int inside = g[REG_RIP] == (greg_t)stosb_at || g[REG_RIP] == (greg_t)movsb_at;

	(void)sig, (void)info;
	/* SIZE left: interrupted before the first byte */
	if (inside && (g[REG_RCX] <= 0 || g[REG_RCX] > SIZE))
		bad_rcx = 1;
	if (inside && g[REG_RCX] < SIZE)
		partial++;
	if (g[REG_RIP] == (greg_t)stosb_at)
		inside_stosb++;
	else if (g[REG_RIP] == (greg_t)movsb_at)
		inside_movsb++;
}

static void say(const char *s)
{
	long n = 0;

	while (s[n])
		n++;
	put(s, n);
}

/* Every qword of p is eight copies of byte. */
static int all_bytes(const void *p, unsigned char byte)
{
	const uint64_t *q = p, want = byte * 0x0101010101010101ull;

	for (long i = 0; i < SIZE / 8; i++)
		if (q[i] != want)
			return 0;
	return 1;
}

int main(void)
{
	struct kernel_sigaction sa = { on_alarm, SA_SIGINFO | SA_RESTORER, restore_rt, 0 };
	struct itimerval every_ms = { { 0, 1000 }, { 0, 1000 } }, off = { { 0, 0 }, { 0, 0 } };
	char *a = (char *)sys6(SYS_mmap, 0, SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *b = (char *)sys6(SYS_mmap, 0, SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int exact = 1;

	if ((unsigned long)a > -4096ul || (unsigned long)b > -4096ul)
		return 1;
	sys6(SYS_rt_sigaction, SIGALRM, (long)&sa, 0, 8, 0, 0);
	sys(SYS_setitimer, ITIMER_REAL, &every_ms, 0);
	for (int round = 1; round <= MAX_ROUNDS && exact &&
	     (inside_stosb < WANTED || inside_movsb < WANTED || !partial); round++) {
		fill(a, round, SIZE);
		copy(b, a, SIZE);
		exact = all_bytes(a, (unsigned char)round) && all_bytes(b, (unsigned char)round);
	}
	sys(SYS_setitimer, ITIMER_REAL, &off, 0);
	say(inside_stosb >= WANTED ? "rep stosb interrupted inside: yes\n" : "rep stosb interrupted inside: no\n");
	say(inside_movsb >= WANTED ? "rep movsb interrupted inside: yes\n" : "rep movsb interrupted inside: no\n");
	say(partial ? "rcx partly counted: yes\n" : "rcx partly counted: no\n");
	say(bad_rcx ? "rcx in range: no\n" : "rcx in range: yes\n");
	say(exact ? "bytes exact: yes\n" : "bytes exact: no\n");
	return 0;
}
