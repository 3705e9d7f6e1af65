/* RV64GC instruction decoder. Compressed instructions are expanded into
 * the 32-bit instruction they stand for, so the lifter sees one form. */
#ifndef XL_RV64_DECODE_H
#define XL_RV64_DECODE_H

#include <stdint.h>

enum rv_op {
	RV_ILLEGAL,
	/* I */
	RV_LUI, RV_AUIPC, RV_JAL, RV_JALR,
	RV_BEQ, RV_BNE, RV_BLT, RV_BGE, RV_BLTU, RV_BGEU,
	RV_LB, RV_LH, RV_LW, RV_LD, RV_LBU, RV_LHU, RV_LWU,
	RV_SB, RV_SH, RV_SW, RV_SD,
	RV_ADDI, RV_SLTI, RV_SLTIU, RV_XORI, RV_ORI, RV_ANDI, RV_SLLI, RV_SRLI, RV_SRAI,
	RV_ADD, RV_SUB, RV_SLL, RV_SLT, RV_SLTU, RV_XOR, RV_SRL, RV_SRA, RV_OR, RV_AND,
	RV_ADDIW, RV_SLLIW, RV_SRLIW, RV_SRAIW,
	RV_ADDW, RV_SUBW, RV_SLLW, RV_SRLW, RV_SRAW,
	RV_FENCE, RV_FENCE_I, RV_ECALL, RV_EBREAK,
	/* M */
	RV_MUL, RV_MULH, RV_MULHSU, RV_MULHU, RV_DIV, RV_DIVU, RV_REM, RV_REMU,
	RV_MULW, RV_DIVW, RV_DIVUW, RV_REMW, RV_REMUW,
	/* A: the width is in rv_insn.width */
	RV_LR, RV_SC, RV_AMOSWAP, RV_AMOADD, RV_AMOXOR, RV_AMOAND, RV_AMOOR,
	RV_AMOMIN, RV_AMOMAX, RV_AMOMINU, RV_AMOMAXU,
	/* Zicsr */
	RV_CSRRW, RV_CSRRS, RV_CSRRC, RV_CSRRWI, RV_CSRRSI, RV_CSRRCI,
	/* F and D: the format (single, double) is in rv_insn.width */
	RV_FLOAD, RV_FSTORE,
	RV_FMADD, RV_FMSUB, RV_FNMSUB, RV_FNMADD,
	RV_FADD, RV_FSUB, RV_FMUL, RV_FDIV, RV_FSQRT,
	RV_FSGNJ, RV_FSGNJN, RV_FSGNJX, RV_FMIN, RV_FMAX,
	RV_FEQ, RV_FLT, RV_FLE, RV_FCLASS,
	RV_FCVT_F_F,                    /* between formats: fcvt.s.d, fcvt.d.s */
	RV_FCVT_INT_F,                  /* to integer: signedness/width in int_kind */
	RV_FCVT_F_INT,                  /* from integer */
	RV_FMV_X_F, RV_FMV_F_X,
	RV_NUM_OPS
};

/* Integer side of fcvt: fcvt.w, .wu, .l, .lu */
enum rv_int_kind { RV_INT_W, RV_INT_WU, RV_INT_L, RV_INT_LU };

struct rv_insn {
	uint64_t pc;
	uint32_t raw;                   /* encoding as in memory (16 or 32 bits) */
	uint8_t len;                    /* 2 or 4 */
	uint8_t op;                     /* enum rv_op */
	uint8_t rd, rs1, rs2, rs3;
	uint8_t rm;                     /* rounding mode; for A: aq/rl bits */
	uint8_t width;                  /* bytes: 4 or 8 for A, F/D (4 = single) */
	uint8_t int_kind;               /* enum rv_int_kind for fcvt */
	uint16_t csr;
	int64_t imm;
};

/* Decodes the instruction at pc from code, its bytes (2 of them, or 4
 * when the first two say so). Returns 0, or -1 for an illegal or
 * unsupported instruction (op RV_ILLEGAL, raw and len set). */
int rv_decode(const uint8_t *code, uint64_t pc, struct rv_insn *insn);

/* Does control never fall through to pc + len? */
int rv_is_block_end(const struct rv_insn *insn);

#endif
