/* x86-64 instruction decoder (64-bit mode). Table-driven: the opcode maps
 * in opcode_*.c say what each opcode is and which operands it takes, the
 * code in decode.c reads prefixes, ModRM, SIB, displacements and
 * immediates. Legacy encodings are identified with their operands. VEX,
 * EVEX and XOP encoded instructions are decoded for their length, ModRM
 * and memory operand (no operand list), and VEX ones are identified where
 * the legacy tables or a few VEX-only entries know the operation. */
#ifndef XL_X86_DECODE_H
#define XL_X86_DECODE_H

#include <stddef.h>
#include <stdint.h>

enum x86_mnem {
#define X(name, class) X86_##name,
#include "guest/x86_64/mnemonics.def"
#undef X
	X86_NUM_MNEMS
};

/* Families of instructions (SSE includes the MMX forms). */
enum x86_mnem_class {
	X86_CLASS_OTHER, X86_CLASS_INT, X86_CLASS_SYS, X86_CLASS_SSE, X86_CLASS_AVX,
	X86_CLASS_X87,
};

/* Upper-case name of a mnemonic ("ADD"), and its family. */
const char *x86_mnem_name(enum x86_mnem mnem);
enum x86_mnem_class x86_mnem_class(enum x86_mnem mnem);

enum x86_reg_class {
	X86_RC_GPR,             /* 0-15 at the operand's size (spl.. with REX) */
	X86_RC_GPR8H,           /* ah, ch, dh, bh (0-3): byte regs without REX */
	X86_RC_SEG,             /* es cs ss ds fs gs */
	X86_RC_XMM,             /* 0-15; 32-byte operand: ymm */
	X86_RC_MMX,
	X86_RC_ST,              /* x87 st(i) */
	X86_RC_CR,
	X86_RC_DR,
};

enum x86_gpr {
	X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
	X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
	X86_NOREG = 0xff,
};

enum x86_seg { X86_ES, X86_CS, X86_SS, X86_DS, X86_FS, X86_GS, X86_NOSEG = 0xff };

enum x86_opkind {
	X86_OPK_NONE,
	X86_OPK_REG,
	X86_OPK_MEM,            /* the address is insn.mem */
	X86_OPK_IMM,            /* value: sign- or zero-extended as the form says */
	X86_OPK_REL,            /* branch target: insn.target */
};

struct x86_operand {
	uint8_t kind;           /* enum x86_opkind */
	uint8_t size;           /* bytes accessed; 0: unsized (lea, nop, fxsave) */
	uint8_t reg_class;      /* enum x86_reg_class, for X86_OPK_REG */
	uint8_t reg;
	int64_t imm;            /* X86_OPK_IMM */
};

/* seg:[base + index * scale + disp], or [rip + disp] (base X86_NOREG). */
struct x86_mem {
	uint8_t base, index;    /* enum x86_gpr or X86_NOREG */
	uint8_t scale;          /* 1, 2, 4, 8 */
	uint8_t seg;            /* enum x86_seg: only fs and gs matter here */
	uint8_t rip_relative;
	uint8_t addr_size;      /* 8, or 4 with the 67 prefix */
	int64_t disp;
};

enum x86_prefix {
	X86_PFX_LOCK = 1 << 0,
	X86_PFX_REP = 1 << 1,   /* f3: rep, repe */
	X86_PFX_REPNE = 1 << 2, /* f2 */
	X86_PFX_OPSIZE = 1 << 3, /* 66 present (it may be a mandatory prefix) */
	X86_PFX_ADDRSIZE = 1 << 4,
};

enum x86_encoding { X86_ENC_LEGACY, X86_ENC_VEX, X86_ENC_EVEX, X86_ENC_XOP };

/* VEX and EVEX maps 1-3 are 0f, 0f 38, 0f 3a; AMD's XOP has maps 8-10. */
enum x86_map {
	X86_MAP_1BYTE, X86_MAP_0F, X86_MAP_0F38, X86_MAP_0F3A,
	X86_MAP_XOP8 = 8, X86_MAP_XOP9, X86_MAP_XOPA,
};

struct x86_insn {
	uint64_t pc;
	uint8_t len;
	uint16_t mnem;          /* enum x86_mnem */
	uint8_t cond;           /* JCC, SETCC, CMOVCC, FCMOVCC: the low opcode bits */
	uint8_t opsize;         /* effective operand size in bytes: 1, 2, 4, 8 */
	uint8_t prefixes;       /* enum x86_prefix */
	uint8_t rex;            /* the REX byte, or 0 */
	uint8_t encoding;       /* enum x86_encoding */
	uint8_t map;            /* enum x86_map */
	uint8_t opcode;         /* last opcode byte */
	uint8_t modrm;          /* when has_modrm */
	uint8_t has_modrm;
	uint8_t vex_l;          /* VEX.L / EVEX.L'L: vector length 128 << l */
	uint8_t vex_w;
	uint8_t vex_reg;        /* VEX/EVEX vvvv operand register */
	uint8_t nops;
	struct x86_operand op[4];
	struct x86_mem mem;     /* the memory operand, if any */
	uint64_t target;        /* X86_OPK_REL: pc + len + displacement */
};

enum x86_decode_error {
	X86_DECODE_INVALID = -1,        /* not an instruction in 64-bit mode */
	X86_DECODE_TRUNCATED = -2,      /* the bytes end inside the instruction */
};

/* Decodes the instruction at code[0..avail) whose address is pc. Reads no
 * byte beyond avail. Returns the length (1-15), or an x86_decode_error. */
int x86_decode(const uint8_t *code, size_t avail, uint64_t pc, struct x86_insn *insn);

/* 1 when the x86-64 lifter lifts the instruction (support.c). */
int x86_lifter_supports(const struct x86_insn *insn);
/* The same for SSE/SSE2, x87, mxcsr, cpuid and rdtsc (support_sse.c). */
int x86_sse_x87_supported(const struct x86_insn *insn);

#endif
