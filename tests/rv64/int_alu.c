/* RV64I register-register and register-immediate arithmetic, logic, shifts
 * and compares, their W forms, LUI and AUIPC.
 * Covers: add sub sll slt sltu xor srl sra or and addw subw sllw srlw sraw
 * (all pairs of edge values: overflow, INT_MIN, shift amounts 31/32/63/64
 * that must be masked to 5 or 6 bits, sign extension of W results);
 * addi slti sltiu xori ori andi slli srli srai addiw slliw srliw sraiw
 * (immediates 0, 1, -1, 2047, -2048 and shift amounts 0, 1, 31, 32, 63);
 * lui (sign extension of bit 31), auipc (pc relative, +/- offsets).
 * All instructions are assembled uncompressed (.option norvc). */
#include "rvtest.h"


#define T_RI(op, imm)                                                          \
	for (unsigned i = 0; i < ARRAY_LEN(int_vals); i++) {                   \
		uint64_t a = int_vals[i], r;                                   \
		__asm__ volatile(NORVC(#op " %0, %1, %2")                      \
				 : "=r"(r) : "r"(a), "i"(imm));                \
		printf(#op " %016" PRIx64 " %d = %016" PRIx64 "\n", a, (int)(imm), r); \
	}

#define T_RI12(op) T_RI(op, 0) T_RI(op, 1) T_RI(op, -1) T_RI(op, 2047) T_RI(op, -2048)
#define T_SHI64(op) T_RI(op, 0) T_RI(op, 1) T_RI(op, 31) T_RI(op, 32) T_RI(op, 63)
#define T_SHI32(op) T_RI(op, 0) T_RI(op, 1) T_RI(op, 16) T_RI(op, 31)

#define T_LUI(imm)                                                             \
	do {                                                                   \
		uint64_t r;                                                    \
		__asm__ volatile(NORVC("lui %0, %1") : "=r"(r) : "i"(imm));    \
		printf("lui %#x = %016" PRIx64 "\n", (unsigned)(imm), r);      \
	} while (0)

/* auipc rd, imm: rd - (address of the auipc) == sign-extended imm << 12 */
#define T_AUIPC(imm)                                                           \
	do {                                                                   \
		uint64_t r, pc;                                                \
		__asm__ volatile(NORVC("1: auipc %0, %2\n lla %1, 1b")         \
				 : "=&r"(r), "=r"(pc) : "i"(imm));             \
		printf("auipc %#x = pc%+" PRId64 "\n", (unsigned)(imm), (int64_t)(r - pc)); \
	} while (0)

int main(void)
{
	T_RR(add) T_RR(sub) T_RR(sll) T_RR(slt) T_RR(sltu) T_RR(xor)
	T_RR(srl) T_RR(sra) T_RR(or) T_RR(and)
	T_RR(addw) T_RR(subw) T_RR(sllw) T_RR(srlw) T_RR(sraw)

	T_RI12(addi) T_RI12(slti) T_RI12(sltiu) T_RI12(xori) T_RI12(ori) T_RI12(andi)
	T_RI12(addiw)
	T_SHI64(slli) T_SHI64(srli) T_SHI64(srai)
	T_SHI32(slliw) T_SHI32(srliw) T_SHI32(sraiw)

	T_LUI(0); T_LUI(1); T_LUI(0x7ffff); T_LUI(0x80000); T_LUI(0xfffff); T_LUI(0x12345);
	T_AUIPC(0); T_AUIPC(1); T_AUIPC(0x7ffff); T_AUIPC(0x80000); T_AUIPC(0xfffff);

	/* x0 is hard-wired to zero: writes are discarded. */
	uint64_t r;
	__asm__ volatile(NORVC("addi x0, x0, 5\n addi %0, x0, 0") : "=r"(r));
	printf("x0 after write = %016" PRIx64 "\n", r);
	return 0;
}
