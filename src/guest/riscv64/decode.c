#include "guest/riscv64/decode.h"
#include "guest/riscv64/state.h"

#include <string.h>

static int64_t sext(uint64_t v, unsigned bits)
{
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static uint32_t bits(uint32_t v, unsigned hi, unsigned lo)
{
	return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static int op(struct rv_insn *in, enum rv_op o)
{
	in->op = o;
	return o == RV_ILLEGAL ? -1 : 0;
}

/* ---- 32-bit encodings ---- */

static int decode_op_imm(struct rv_insn *in, uint32_t w, int word)
{
	uint32_t f3 = bits(w, 14, 12), f6 = bits(w, 31, 26);
	unsigned shamt_bits = word ? 5 : 6;

	in->imm = sext(bits(w, 31, 20), 12);
	if (f3 == 1 || f3 == 5) {
		if (word && bits(w, 25, 25))
			return op(in, RV_ILLEGAL);
		in->imm = bits(w, 19 + shamt_bits, 20);
		if (f3 == 1)
			return f6 ? op(in, RV_ILLEGAL) : op(in, word ? RV_SLLIW : RV_SLLI);
		if (f6 == 0)
			return op(in, word ? RV_SRLIW : RV_SRLI);
		if (f6 == 0x10)
			return op(in, word ? RV_SRAIW : RV_SRAI);
		return op(in, RV_ILLEGAL);
	}
	if (word)
		return op(in, f3 == 0 ? RV_ADDIW : RV_ILLEGAL);
	static const uint8_t ops[8] = { RV_ADDI, 0, RV_SLTI, RV_SLTIU, RV_XORI, 0, RV_ORI, RV_ANDI };
	return op(in, ops[f3]);
}

static int decode_op(struct rv_insn *in, uint32_t w, int word)
{
	static const uint8_t base[8] = { RV_ADD, RV_SLL, RV_SLT, RV_SLTU, RV_XOR, RV_SRL, RV_OR, RV_AND };
	static const uint8_t mul[8] = { RV_MUL, RV_MULH, RV_MULHSU, RV_MULHU, RV_DIV, RV_DIVU, RV_REM, RV_REMU };
	static const uint8_t base_w[8] = { RV_ADDW, RV_SLLW, 0, 0, 0, RV_SRLW, 0, 0 };
	static const uint8_t mul_w[8] = { RV_MULW, 0, 0, 0, RV_DIVW, RV_DIVUW, RV_REMW, RV_REMUW };
	uint32_t f3 = bits(w, 14, 12), f7 = bits(w, 31, 25);

	switch (f7) {
	case 0x00:
		return op(in, (word ? base_w : base)[f3]);
	case 0x01:
		return op(in, (word ? mul_w : mul)[f3]);
	case 0x20:
		if (f3 == 0)
			return op(in, word ? RV_SUBW : RV_SUB);
		if (f3 == 5)
			return op(in, word ? RV_SRAW : RV_SRA);
	}
	return op(in, RV_ILLEGAL);
}

static int decode_amo(struct rv_insn *in, uint32_t w)
{
	uint32_t f3 = bits(w, 14, 12);

	if (f3 != 2 && f3 != 3)
		return op(in, RV_ILLEGAL);
	in->width = f3 == 2 ? 4 : 8;
	in->rm = bits(w, 26, 25);
	switch (bits(w, 31, 27)) {
	case 0x02: return op(in, in->rs2 ? RV_ILLEGAL : RV_LR);
	case 0x03: return op(in, RV_SC);
	case 0x01: return op(in, RV_AMOSWAP);
	case 0x00: return op(in, RV_AMOADD);
	case 0x04: return op(in, RV_AMOXOR);
	case 0x0c: return op(in, RV_AMOAND);
	case 0x08: return op(in, RV_AMOOR);
	case 0x10: return op(in, RV_AMOMIN);
	case 0x14: return op(in, RV_AMOMAX);
	case 0x18: return op(in, RV_AMOMINU);
	case 0x1c: return op(in, RV_AMOMAXU);
	}
	return op(in, RV_ILLEGAL);
}

static int decode_system(struct rv_insn *in, uint32_t w)
{
	static const uint8_t csr_ops[8] = { 0, RV_CSRRW, RV_CSRRS, RV_CSRRC, 0, RV_CSRRWI, RV_CSRRSI, RV_CSRRCI };
	uint32_t f3 = bits(w, 14, 12);

	if (f3 == 0) {
		if (in->rd || in->rs1)
			return op(in, RV_ILLEGAL);
		if (bits(w, 31, 20) == 0)
			return op(in, RV_ECALL);
		return op(in, bits(w, 31, 20) == 1 ? RV_EBREAK : RV_ILLEGAL);
	}
	in->csr = bits(w, 31, 20);
	in->imm = in->rs1;              /* the zimm of the immediate forms */
	return op(in, csr_ops[f3]);
}

/* fmt field of F/D instructions: 0 single, 1 double; others unsupported. */
static int set_format(struct rv_insn *in, uint32_t fmt)
{
	if (fmt > 1)
		return -1;
	in->width = fmt ? 8 : 4;
	return 0;
}

static int valid_rm(uint32_t rm)
{
	return rm <= 4 || rm == 7;
}

static int decode_op_fp(struct rv_insn *in, uint32_t w)
{
	uint32_t f3 = bits(w, 14, 12), f5 = bits(w, 31, 27);

	if (set_format(in, bits(w, 26, 25)))
		return op(in, RV_ILLEGAL);
	in->rm = f3;
	switch (f5) {
	case 0x00: return op(in, valid_rm(f3) ? RV_FADD : RV_ILLEGAL);
	case 0x01: return op(in, valid_rm(f3) ? RV_FSUB : RV_ILLEGAL);
	case 0x02: return op(in, valid_rm(f3) ? RV_FMUL : RV_ILLEGAL);
	case 0x03: return op(in, valid_rm(f3) ? RV_FDIV : RV_ILLEGAL);
	case 0x0b: return op(in, valid_rm(f3) && !in->rs2 ? RV_FSQRT : RV_ILLEGAL);
	case 0x04: return op(in, f3 == 0 ? RV_FSGNJ : f3 == 1 ? RV_FSGNJN : f3 == 2 ? RV_FSGNJX : RV_ILLEGAL);
	case 0x05: return op(in, f3 == 0 ? RV_FMIN : f3 == 1 ? RV_FMAX : RV_ILLEGAL);
	case 0x14: return op(in, f3 == 2 ? RV_FEQ : f3 == 1 ? RV_FLT : f3 == 0 ? RV_FLE : RV_ILLEGAL);
	case 0x08:
		/* fcvt.s.d has fmt S and rs2 1; fcvt.d.s fmt D and rs2 0. */
		if (in->rs2 != (in->width == 4 ? 1u : 0u) || !valid_rm(f3))
			return op(in, RV_ILLEGAL);
		return op(in, RV_FCVT_F_F);
	case 0x18:
	case 0x1a:
		if (in->rs2 > 3 || !valid_rm(f3))
			return op(in, RV_ILLEGAL);
		in->int_kind = in->rs2;
		return op(in, f5 == 0x18 ? RV_FCVT_INT_F : RV_FCVT_F_INT);
	case 0x1c:
		if (in->rs2)
			return op(in, RV_ILLEGAL);
		return op(in, f3 == 0 ? RV_FMV_X_F : f3 == 1 ? RV_FCLASS : RV_ILLEGAL);
	case 0x1e:
		return op(in, f3 == 0 && !in->rs2 ? RV_FMV_F_X : RV_ILLEGAL);
	}
	return op(in, RV_ILLEGAL);
}

static int decode32(struct rv_insn *in, uint32_t w)
{
	static const uint8_t branches[8] = { RV_BEQ, RV_BNE, 0, 0, RV_BLT, RV_BGE, RV_BLTU, RV_BGEU };
	static const uint8_t loads[8] = { RV_LB, RV_LH, RV_LW, RV_LD, RV_LBU, RV_LHU, RV_LWU, 0 };
	static const uint8_t stores[8] = { RV_SB, RV_SH, RV_SW, RV_SD, 0, 0, 0, 0 };
	uint32_t f3 = bits(w, 14, 12);

	in->rd = bits(w, 11, 7);
	in->rs1 = bits(w, 19, 15);
	in->rs2 = bits(w, 24, 20);
	in->rs3 = bits(w, 31, 27);
	switch (bits(w, 6, 0)) {
	case 0x37:
	case 0x17:
		in->imm = sext(w & 0xfffff000u, 32);
		return op(in, bits(w, 6, 0) == 0x37 ? RV_LUI : RV_AUIPC);
	case 0x6f:
		in->imm = sext(bits(w, 31, 31) << 20 | bits(w, 19, 12) << 12 |
			       bits(w, 20, 20) << 11 | bits(w, 30, 21) << 1, 21);
		return op(in, RV_JAL);
	case 0x67:
		in->imm = sext(bits(w, 31, 20), 12);
		return op(in, f3 == 0 ? RV_JALR : RV_ILLEGAL);
	case 0x63:
		in->imm = sext(bits(w, 31, 31) << 12 | bits(w, 7, 7) << 11 |
			       bits(w, 30, 25) << 5 | bits(w, 11, 8) << 1, 13);
		return op(in, branches[f3]);
	case 0x03:
		in->imm = sext(bits(w, 31, 20), 12);
		return op(in, loads[f3]);
	case 0x23:
		in->imm = sext(bits(w, 31, 25) << 5 | bits(w, 11, 7), 12);
		return op(in, stores[f3]);
	case 0x13: return decode_op_imm(in, w, 0);
	case 0x1b: return decode_op_imm(in, w, 1);
	case 0x33: return decode_op(in, w, 0);
	case 0x3b: return decode_op(in, w, 1);
	case 0x0f:
		return op(in, f3 == 0 ? RV_FENCE : f3 == 1 ? RV_FENCE_I : RV_ILLEGAL);
	case 0x73: return decode_system(in, w);
	case 0x2f: return decode_amo(in, w);
	case 0x07:
	case 0x27:
		if (f3 != 2 && f3 != 3)
			return op(in, RV_ILLEGAL);
		in->width = f3 == 2 ? 4 : 8;
		in->imm = bits(w, 6, 0) == 0x07 ? sext(bits(w, 31, 20), 12)
			: sext(bits(w, 31, 25) << 5 | bits(w, 11, 7), 12);
		return op(in, bits(w, 6, 0) == 0x07 ? RV_FLOAD : RV_FSTORE);
	case 0x43:
	case 0x47:
	case 0x4b:
	case 0x4f: {
		static const uint8_t fma_ops[4] = { RV_FMADD, RV_FMSUB, RV_FNMSUB, RV_FNMADD };
		if (set_format(in, bits(w, 26, 25)) || !valid_rm(f3))
			return op(in, RV_ILLEGAL);
		in->rm = f3;
		return op(in, fma_ops[bits(w, 3, 2)]);
	}
	case 0x53: return decode_op_fp(in, w);
	}
	return op(in, RV_ILLEGAL);
}

/* ---- 16-bit encodings, expanded ---- */

/* The 3-bit register fields of the compressed forms name x8..x15. */
static uint8_t creg(uint32_t h, unsigned lo)
{
	return 8 + bits(h, lo + 2, lo);
}

static int c_mem(struct rv_insn *in, enum rv_op o, uint8_t width, uint8_t base,
		 uint8_t reg, int store, int64_t offset)
{
	in->rs1 = base;
	if (store)
		in->rs2 = reg;
	else
		in->rd = reg;
	in->imm = offset;
	in->width = width;
	return op(in, o);
}

static int decode_c0(struct rv_insn *in, uint32_t h)
{
	uint8_t rs1 = creg(h, 7), r = creg(h, 2);
	int64_t off_d = bits(h, 12, 10) << 3 | bits(h, 6, 5) << 6;
	int64_t off_w = bits(h, 12, 10) << 3 | bits(h, 6, 6) << 2 | bits(h, 5, 5) << 6;

	switch (bits(h, 15, 13)) {
	case 0: {
		int64_t imm = bits(h, 12, 11) << 4 | bits(h, 10, 7) << 6 |
			bits(h, 6, 6) << 2 | bits(h, 5, 5) << 3;
		if (!imm)
			return op(in, RV_ILLEGAL);
		in->rd = r;
		in->rs1 = RV_SP;
		in->imm = imm;
		return op(in, RV_ADDI);
	}
	case 1: return c_mem(in, RV_FLOAD, 8, rs1, r, 0, off_d);
	case 2: return c_mem(in, RV_LW, 4, rs1, r, 0, off_w);
	case 3: return c_mem(in, RV_LD, 8, rs1, r, 0, off_d);
	case 5: return c_mem(in, RV_FSTORE, 8, rs1, r, 1, off_d);
	case 6: return c_mem(in, RV_SW, 4, rs1, r, 1, off_w);
	case 7: return c_mem(in, RV_SD, 8, rs1, r, 1, off_d);
	}
	return op(in, RV_ILLEGAL);
}

static int decode_c1_arith(struct rv_insn *in, uint32_t h)
{
	static const uint8_t reg_ops[8] = { RV_SUB, RV_XOR, RV_OR, RV_AND, RV_SUBW, RV_ADDW, 0, 0 };
	uint8_t rd = creg(h, 7);
	int64_t shamt = bits(h, 12, 12) << 5 | bits(h, 6, 2);

	in->rd = in->rs1 = rd;
	switch (bits(h, 11, 10)) {
	case 0:
		in->imm = shamt;
		return op(in, RV_SRLI);
	case 1:
		in->imm = shamt;
		return op(in, RV_SRAI);
	case 2:
		in->imm = sext(shamt, 6);
		return op(in, RV_ANDI);
	}
	in->rs2 = creg(h, 2);
	return op(in, reg_ops[bits(h, 12, 12) << 2 | bits(h, 6, 5)]);
}

static int decode_c1(struct rv_insn *in, uint32_t h)
{
	uint8_t rd = bits(h, 11, 7);
	int64_t imm6 = sext(bits(h, 12, 12) << 5 | bits(h, 6, 2), 6);

	switch (bits(h, 15, 13)) {
	case 0:
		in->rd = in->rs1 = rd;
		in->imm = imm6;
		return op(in, RV_ADDI);
	case 1:
		in->rd = in->rs1 = rd;
		in->imm = imm6;
		return op(in, rd ? RV_ADDIW : RV_ILLEGAL);
	case 2:
		in->rd = rd;
		in->rs1 = 0;
		in->imm = imm6;
		return op(in, RV_ADDI);
	case 3:
		if (rd == RV_SP) {
			in->rd = in->rs1 = rd;
			in->imm = sext(bits(h, 12, 12) << 9 | bits(h, 6, 6) << 4 | bits(h, 5, 5) << 6 |
				       bits(h, 4, 3) << 7 | bits(h, 2, 2) << 5, 10);
			return op(in, in->imm ? RV_ADDI : RV_ILLEGAL);
		}
		in->rd = rd;
		in->imm = imm6 << 12;
		return op(in, imm6 ? RV_LUI : RV_ILLEGAL);
	case 4:
		return decode_c1_arith(in, h);
	case 5:
		in->rd = 0;
		in->imm = sext(bits(h, 12, 12) << 11 | bits(h, 11, 11) << 4 | bits(h, 10, 9) << 8 |
			       bits(h, 8, 8) << 10 | bits(h, 7, 7) << 6 | bits(h, 6, 6) << 7 |
			       bits(h, 5, 3) << 1 | bits(h, 2, 2) << 5, 12);
		return op(in, RV_JAL);
	default:
		in->rs1 = creg(h, 7);
		in->rs2 = 0;
		in->imm = sext(bits(h, 12, 12) << 8 | bits(h, 11, 10) << 3 | bits(h, 6, 5) << 6 |
			       bits(h, 4, 3) << 1 | bits(h, 2, 2) << 5, 9);
		return op(in, bits(h, 15, 13) == 6 ? RV_BEQ : RV_BNE);
	}
}

static int decode_c2(struct rv_insn *in, uint32_t h)
{
	uint8_t rd = bits(h, 11, 7), rs2 = bits(h, 6, 2);
	int64_t off_d = bits(h, 12, 12) << 5 | bits(h, 6, 5) << 3 | bits(h, 4, 2) << 6;
	int64_t off_w = bits(h, 12, 12) << 5 | bits(h, 6, 4) << 2 | bits(h, 3, 2) << 6;
	int64_t soff_d = bits(h, 12, 10) << 3 | bits(h, 9, 7) << 6;
	int64_t soff_w = bits(h, 12, 9) << 2 | bits(h, 8, 7) << 6;

	switch (bits(h, 15, 13)) {
	case 0:
		in->rd = in->rs1 = rd;
		in->imm = bits(h, 12, 12) << 5 | bits(h, 6, 2);
		return op(in, RV_SLLI);
	case 1: return c_mem(in, RV_FLOAD, 8, RV_SP, rd, 0, off_d);
	case 2:
		c_mem(in, RV_LW, 4, RV_SP, rd, 0, off_w);
		return op(in, rd ? RV_LW : RV_ILLEGAL);
	case 3:
		c_mem(in, RV_LD, 8, RV_SP, rd, 0, off_d);
		return op(in, rd ? RV_LD : RV_ILLEGAL);
	case 4:
		in->imm = 0;
		if (!bits(h, 12, 12)) {
			if (rs2 == 0) {         /* c.jr */
				in->rd = 0;
				in->rs1 = rd;
				return op(in, rd ? RV_JALR : RV_ILLEGAL);
			}
			in->rd = rd;            /* c.mv */
			in->rs1 = 0;
			in->rs2 = rs2;
			return op(in, RV_ADD);
		}
		if (rs2 == 0) {
			if (rd == 0)
				return op(in, RV_EBREAK);
			in->rd = RV_RA;     /* c.jalr */
			in->rs1 = rd;
			return op(in, RV_JALR);
		}
		in->rd = in->rs1 = rd;          /* c.add */
		in->rs2 = rs2;
		return op(in, RV_ADD);
	case 5: return c_mem(in, RV_FSTORE, 8, RV_SP, rs2, 1, soff_d);
	case 6: return c_mem(in, RV_SW, 4, RV_SP, rs2, 1, soff_w);
	default: return c_mem(in, RV_SD, 8, RV_SP, rs2, 1, soff_d);
	}
}

int rv_decode(const uint8_t *code, uint64_t pc, struct rv_insn *in)
{
	uint16_t lo;

	memset(in, 0, sizeof *in);
	in->pc = pc;
	memcpy(&lo, code, 2);
	if ((lo & 3) != 3) {
		in->len = 2;
		in->raw = lo;
		if (lo == 0)                    /* defined illegal */
			return op(in, RV_ILLEGAL);
		switch (lo & 3) {
		case 0: return decode_c0(in, lo);
		case 1: return decode_c1(in, lo);
		default: return decode_c2(in, lo);
		}
	}
	uint16_t hi;
	memcpy(&hi, code + 2, 2);
	in->len = 4;
	in->raw = (uint32_t)hi << 16 | lo;
	if ((lo & 0x1f) == 0x1f)                /* 48-bit and longer encodings */
		return op(in, RV_ILLEGAL);
	return decode32(in, in->raw);
}

int rv_is_block_end(const struct rv_insn *in)
{
	switch (in->op) {
	case RV_JAL:
	case RV_JALR:
	case RV_ILLEGAL:
	case RV_EBREAK:
		return 1;
	}
	return 0;
}
