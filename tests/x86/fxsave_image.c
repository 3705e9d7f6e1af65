/* fxsave and fxrstor against the CPU: known x87 (a stack of three values,
 * TOP moved, FCW changed), SSE (xmm0-15) and MXCSR state is saved into an
 * area first filled with a pattern, then an image with other values is
 * restored and saved again. Both 512-byte images are written out but for
 * the bytes xlift does not define: 6-23 (FOP, FIP/FCS, FDP/FDS: the last
 * x87 instruction and operand, which xlift does not track; AMD CPUs store
 * them only with an exception pending) and 30-31 (MXCSR_MASK's upper
 * half, a host CPU feature: AMD's misaligned-SSE bit 17). Bytes 416-511
 * (reserved, 464-511 the software's) the CPU leaves as they were. */
#include "sys.h"

enum { AREA = 512 };

static unsigned char area[AREA] __attribute__((aligned(16)));

static void fill_area(unsigned char byte)
{
	for (int i = 0; i < AREA; i++)
		area[i] = (unsigned char)(byte + i);
}

static void put_image(void)
{
	for (int i = 0; i < 6; i++)
		area[6 + i] = area[12 + i] = area[18 + i] = 0;
	area[30] = area[31] = 0;
	put(area, AREA);
}

/* xmm0-15 from 256 bytes of a pattern. */
static void load_xmm(const unsigned char *p)
{
	__asm__ volatile("movdqu 0(%0), %%xmm0\n\tmovdqu 16(%0), %%xmm1\n\t"
			 "movdqu 32(%0), %%xmm2\n\tmovdqu 48(%0), %%xmm3\n\t"
			 "movdqu 64(%0), %%xmm4\n\tmovdqu 80(%0), %%xmm5\n\t"
			 "movdqu 96(%0), %%xmm6\n\tmovdqu 112(%0), %%xmm7\n\t"
			 "movdqu 128(%0), %%xmm8\n\tmovdqu 144(%0), %%xmm9\n\t"
			 "movdqu 160(%0), %%xmm10\n\tmovdqu 176(%0), %%xmm11\n\t"
			 "movdqu 192(%0), %%xmm12\n\tmovdqu 208(%0), %%xmm13\n\t"
			 "movdqu 224(%0), %%xmm14\n\tmovdqu 240(%0), %%xmm15\n\t"
			 : : "r"(p) : "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
			 "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
			 "xmm14", "xmm15");
}

int main(void)
{
	static unsigned char pattern[256];
	unsigned short fcw = 0x0e7f;            /* round toward zero, 64-bit precision */
	unsigned mxcsr = 0x5fa1;                /* round up, FTZ, IE and PE set */
	int three = 3;

	for (int i = 0; i < 256; i++)
		pattern[i] = (unsigned char)(i * 37 + 11);
	load_xmm(pattern);
	/* from the x87 state a program starts with, exact operations only:
	 * no x87 exception flag gets set */
	__asm__ volatile("fldcw %0\n\tldmxcsr %1\n\t"
			 "fld1\n\tfildl %2\n\tfldz\n\tfadd %%st(2), %%st(0)\n\t"
			 : : "m"(fcw), "m"(mxcsr), "m"(three) : "memory", "st", "st(1)", "st(2)");
	fill_area(0xa5);
	__asm__ volatile("fxsave64 %0" : "=m"(area));
	put_image();

	/* another state through fxrstor: st(0) negated, TOP one lower,
	 * xmm bytes and MXCSR changed, then saved again */
	area[0] = 0x7f;                         /* FCW: round to nearest */
	area[24] = 0x80;                        /* MXCSR low byte: no flags, DAZ off */
	for (int i = 160; i < 416; i++)
		area[i] ^= 0x5a;
	area[32 + 9] ^= 0x80;
	__asm__ volatile("fxrstor64 %0\n\tfld1" : : "m"(area) : "memory");
	fill_area(0x3c);
	__asm__ volatile("fxsave64 %0" : "=m"(area));
	put_image();
	return 0;
}
