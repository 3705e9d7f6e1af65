/* RVC: every RV64C instruction, forced with explicit c.* mnemonics under
 * .option rvc: c.addi4spn c.fld c.lw c.ld c.fsd c.sw c.sd c.nop c.addi
 * c.addiw c.li c.addi16sp c.lui c.srli c.srai c.andi c.sub c.xor c.or c.and
 * c.subw c.addw c.j c.beqz c.bnez c.slli c.fldsp c.lwsp c.ldsp c.jr c.mv
 * c.jalr c.add c.fsdsp c.swsp c.sdsp (edge immediates, sign extension of
 * the W forms and of c.lw/c.lwsp, branches taken and not taken). Inputs go
 * to a0 and a1, the result is a0. The file is built with -march=rv64gc,
 * so the compiler's own code between the cases is compressed too; a small
 * compiled checksum at the end runs mostly on compressed code. */
#include "rvtest.h"

static uint64_t mem[4] __attribute__((aligned(16)));

#define CT(body, a, b)                                                         \
	do {                                                                   \
		uint64_t r, a_ = (a), b_ = (b);                                \
		__asm__ volatile(".option push\n.option rvc\n mv a0, %1\n mv a1, %2\n" \
				 body "\n mv %0, a0\n.option pop"              \
				 : "=r"(r) : "r"(a_), "r"(b_)                  \
				 : "a0", "a1", "a2", "ra", "fa0", "fa1", "memory"); \
		report(body, a_, b_, r);                                       \
	} while (0)

static uint64_t mem_addr;

/* One line per case: the asm text on one line, inputs and a0 in hex. */
static void report(const char *body, uint64_t a, uint64_t b, uint64_t r)
{
	for (const char *p = body; *p; p++)
		putchar(*p == '\n' ? ';' : *p);
	if (a == mem_addr)
		printf(" | a=&mem");
	else
		printf(" | a=%016" PRIx64, a);
	printf(" b=%016" PRIx64 " -> %016" PRIx64 "\n", b, r);
}

static uint64_t checksum(const uint8_t *p, unsigned n)
{
	uint64_t h = 0xcbf29ce484222325;
	for (unsigned i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3;
	return h;
}

int main(void)
{
	mem[0] = 0x1122334455667788; mem[1] = 0x80000000fedcba98;
	mem[2] = 0x3ff8000000000000; mem[3] = 0;
	uint64_t m = mem_addr = (uint64_t)(uintptr_t)mem;

	CT("c.addi4spn a0, sp, 16\n sub a0, a0, sp", 0, 0);
	CT("c.addi4spn a0, sp, 1020\n sub a0, a0, sp", 0, 0);
	CT("c.lw a0, 8(a0)", m, 0);
	CT("c.lw a0, 12(a0)", m, 0);
	CT("c.ld a0, 8(a0)", m, 0);
	CT("c.fld fa0, 16(a0)\n fmv.x.d a0, fa0", m, 0);
	CT("c.sw a1, 24(a0)\n c.ld a0, 24(a0)", m, 0xaaaaaaaa87654321);
	CT("c.sd a1, 24(a0)\n c.ld a0, 24(a0)", m, 0xaaaaaaaa87654321);
	CT("fmv.d.x fa1, a1\n c.fsd fa1, 24(a0)\n c.ld a0, 24(a0)", m, 0x400921fb54442d18);
	CT("c.nop", 5, 0);
	CT("c.addi a0, -32", 5, 0);
	CT("c.addi a0, 31", 0x7fffffffffffffff, 0);
	CT("c.addiw a0, 1", 0x7fffffff, 0);
	CT("c.addiw a0, -1", 0x100000000, 0);
	CT("c.addiw a0, 0", 0x12345678deadbeef, 0);
	CT("c.li a0, -32", 5, 0);
	CT("c.li a0, 31", 5, 0);
	CT("mv a1, sp\n c.addi16sp sp, -64\n sub a0, a1, sp\n c.addi16sp sp, 64", 0, 0);
	CT("mv a1, sp\n c.addi16sp sp, -512\n sub a0, a1, sp\n c.addi16sp sp, 496\n c.addi16sp sp, 16", 0, 0);
	CT("c.lui a0, 1", 5, 0);
	CT("c.lui a0, 0x1f", 5, 0);
	CT("c.lui a0, 0xfffe0", 5, 0);
	CT("c.lui a0, 0xfffff", 5, 0);
	CT("c.srli a0, 1", 0x8000000000000001, 0);
	CT("c.srli a0, 63", 0x8000000000000001, 0);
	CT("c.srai a0, 1", 0x8000000000000001, 0);
	CT("c.srai a0, 63", 0x8000000000000001, 0);
	CT("c.srai a0, 32", 0x7fffffff00000000, 0);
	CT("c.andi a0, -1", 0x123456789abcdef0, 0);
	CT("c.andi a0, 31", 0x123456789abcdef0, 0);
	CT("c.andi a0, -32", 0x123456789abcdeff, 0);
	CT("c.andi a0, 0", 0x123456789abcdeff, 0);
	CT("c.sub a0, a1", 0, 1);
	CT("c.sub a0, a1", 0x8000000000000000, 1);
	CT("c.xor a0, a1", 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0);
	CT("c.or a0, a1", 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0);
	CT("c.and a0, a1", 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0);
	CT("c.subw a0, a1", 0x80000000, 1);
	CT("c.subw a0, a1", 0xffffffff00000000, 1);
	CT("c.addw a0, a1", 0x7fffffff, 1);
	CT("c.addw a0, a1", 0x1ffffffff, 0x100000001);
	CT("c.li a0, 1\n c.j 1f\n c.li a0, 2\n1:", 0, 0);
	CT("c.li a0, 1\n c.j 2f\n1: c.li a0, 3\n c.j 3f\n2: c.j 1b\n3:", 0, 0);
	CT("c.beqz a0, 1f\n c.li a0, 7\n1:", 0, 0);
	CT("c.beqz a0, 1f\n c.li a0, 7\n1:", 5, 0);
	CT("c.bnez a0, 1f\n c.li a0, 7\n1:", 0, 0);
	CT("c.bnez a0, 1f\n c.li a0, 7\n1:", 0x8000000000000000, 0);
	CT("c.li a1, 0\n1: c.addi a1, 1\n c.addi a0, -1\n c.bnez a0, 1b\n c.mv a0, a1", 10, 0);
	CT("c.slli a0, 63", 3, 0);
	CT("c.slli a0, 1", 0xc000000000000001, 0);
	CT("c.slli a0, 32", 0x87654321, 0);
	CT("c.addi16sp sp, -32\n c.sdsp a1, 8(sp)\n c.ldsp a0, 8(sp)\n c.addi16sp sp, 32", 0, 0x8877665544332211);
	CT("c.addi16sp sp, -32\n c.swsp a1, 16(sp)\n c.lwsp a0, 16(sp)\n c.addi16sp sp, 32", 0, 0x00000000f0000001);
	CT("c.addi16sp sp, -32\n c.sdsp a1, 24(sp)\n c.lwsp a0, 28(sp)\n c.addi16sp sp, 32", 0, 0x8000000012345678);
	CT("c.addi16sp sp, -32\n fmv.d.x fa1, a1\n c.fsdsp fa1, 0(sp)\n c.fldsp fa0, 0(sp)\n"
	   " fmv.x.d a0, fa0\n c.addi16sp sp, 32", 0, 0xc00921fb54442d18);
	CT("c.addi16sp sp, -32\n c.sdsp a1, 0(sp)\n c.fldsp fa0, 0(sp)\n"
	   " fmv.x.d a0, fa0\n c.addi16sp sp, 32", 0, 0x7ff0000000000001);
	CT("lla a1, 1f\n c.li a0, 1\n c.jr a1\n c.li a0, 2\n1:", 0, 0);
	/* c.jalr links to the next instruction (pc + 2): ra - label 2 = 0. */
	CT("lla a1, 1f\n c.jalr a1\n2: c.j 3f\n1: lla a0, 2b\n sub a0, ra, a0\n c.jr ra\n3:", 0, 0);
	CT("c.mv a0, a1", 0, 0xfedcba9876543210);
	CT("c.add a0, a1", 0x7fffffffffffffff, 1);
	CT("c.add a0, a1", 0xffffffffffffffff, 0xffffffffffffffff);

	uint8_t data[1000];
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + (i >> 3));
	printf("compiled rv64gc checksum: %016" PRIx64 "\n", checksum(data, sizeof(data)));
	return 0;
}
