/* SSE and SSE2 on the xmm registers: moves, packed integer arithmetic,
 * logic, shifts and shuffles, scalar and packed float arithmetic,
 * compares and conversions, ldmxcsr/stmxcsr. The registers live in the
 * CPU state; every instruction loads and stores them there (LLVM forwards
 * them within a region). Float arithmetic runs on the host's operations
 * in the host's environment, which holds the guest's rounding mode
 * (mxcsr.c); conversions to integers read MXCSR.RC themselves. */
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/fxsave.h"
#include "guest/x86_64/mxcsr.h"
#include "host/host.h"
#include "guest/x86_64/state.h"

#include <string.h>

#define B (x->b)

/* ---- types, registers, operands ---- */

static LLVMTypeRef vec(LLVMTypeRef elt, unsigned n)
{
	return LLVMVectorType(elt, n);
}

static LLVMTypeRef ivec(struct x64_lift *x, unsigned lane_bits)
{
	return vec(LLVMIntTypeInContext(x->l->ctx, lane_bits), 128 / lane_bits);
}

static unsigned bits_of(LLVMTypeRef t)
{
	switch (LLVMGetTypeKind(t)) {
	case LLVMVectorTypeKind: return bits_of(LLVMGetElementType(t)) * LLVMGetVectorSize(t);
	case LLVMFloatTypeKind: return 32;
	case LLVMDoubleTypeKind: return 64;
	default: return LLVMGetIntTypeWidth(t);
	}
}

LLVMValueRef x64_intrinsic(struct x64_lift *x, const char *name, LLVMTypeRef overload,
			   LLVMValueRef *args, unsigned nargs)
{
	unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
	LLVMValueRef fn = LLVMGetIntrinsicDeclaration(x->l->mod, id, &overload, 1);

	return LLVMBuildCall2(B, LLVMGlobalGetValueType(fn), fn, args, nargs, "");
}

/* A constant of an integer or integer vector type, in every lane. */
static LLVMValueRef splat(LLVMTypeRef t, uint64_t v)
{
	if (LLVMGetTypeKind(t) != LLVMVectorTypeKind)
		return LLVMConstInt(t, v, 0);
	LLVMValueRef e[16];
	unsigned n = LLVMGetVectorSize(t);
	for (unsigned i = 0; i < n; i++)
		e[i] = LLVMConstInt(LLVMGetElementType(t), v, 0);
	return LLVMConstVector(e, n);
}

/* A vector of n copies of the scalar v. */
static LLVMValueRef broadcast(struct x64_lift *x, LLVMValueRef v, unsigned n)
{
	LLVMTypeRef t = vec(LLVMTypeOf(v), n);
	LLVMValueRef one = LLVMBuildInsertElement(B, LLVMGetPoison(t), v,
						  LLVMConstInt(x->l->i32, 0, 0), "");

	return LLVMBuildShuffleVector(B, one, LLVMGetPoison(t), LLVMConstNull(vec(x->l->i32, n)), "");
}

static LLVMValueRef xmm_ptr(struct x64_lift *x, unsigned reg)
{
	return xl_lift_cpu_field(x->l, X64_XMM_OFF(reg));
}

static LLVMValueRef load_xmm(struct x64_lift *x, unsigned reg, LLVMTypeRef t)
{
	return LLVMBuildLoad2(B, t, xmm_ptr(x, reg), "");
}

static void set_xmm(struct x64_lift *x, unsigned reg, LLVMValueRef v)
{
	LLVMBuildStore(B, v, xmm_ptr(x, reg));
}

static int is_xmm(const struct x86_operand *op)
{
	return op->kind == X86_OPK_REG && op->reg_class == X86_RC_XMM;
}

static LLVMValueRef load_mem(struct x64_lift *x, const struct x86_insn *in, LLVMTypeRef t)
{
	return x64_guest_load(x, in, t, x64_memory_pointer(x, in));
}

static void store_mem(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef v)
{
	x64_guest_store(x, in, v, x64_memory_pointer(x, in));
}

/* An operand as type t: an xmm register's low bits, memory of t's size, a
 * general register or an immediate. */
static LLVMValueRef src(struct x64_lift *x, const struct x86_insn *in,
			const struct x86_operand *op, LLVMTypeRef t)
{
	unsigned bits = bits_of(t);
	LLVMTypeRef it = LLVMIntTypeInContext(x->l->ctx, bits);

	if (op->kind == X86_OPK_MEM)
		return load_mem(x, in, t);
	if (is_xmm(op)) {
		if (bits == 128)
			return load_xmm(x, op->reg, t);
		return LLVMBuildBitCast(B, LLVMBuildTrunc(B, load_xmm(x, op->reg, x->l->i128), it, ""),
					t, "");
	}
	return LLVMBuildBitCast(B, x64_read_op(x, in, op, bits / 8), t, "");
}

/* Writes v to the low bits of xmm reg; the rest are kept or cleared. */
static void set_low(struct x64_lift *x, unsigned reg, LLVMValueRef v, int clear_rest)
{
	unsigned bits = bits_of(LLVMTypeOf(v));
	LLVMValueRef low = LLVMBuildZExt(B, LLVMBuildBitCast(B, v,
		LLVMIntTypeInContext(x->l->ctx, bits), ""), x->l->i128, "");

	if (!clear_rest) {
		LLVMValueRef mask = LLVMBuildShl(B, LLVMConstAllOnes(x->l->i128),
						 LLVMConstInt(x->l->i128, bits, 0), "");
		low = LLVMBuildOr(B, low, LLVMBuildAnd(B, load_xmm(x, reg, x->l->i128), mask, ""), "");
	}
	set_xmm(x, reg, low);
}

/* The destination of a move: xmm register (cleared above v, or merged)
 * or memory / general register (v alone). */
static void dst(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef v, int clear_rest)
{
	const struct x86_operand *op = &in->op[0];

	if (!is_xmm(op))
		x64_write_op(x, in, op, LLVMBuildBitCast(B, v,
			LLVMIntTypeInContext(x->l->ctx, bits_of(LLVMTypeOf(v))), ""));
	else if (bits_of(LLVMTypeOf(v)) == 128)
		set_xmm(x, op->reg, v);
	else
		set_low(x, op->reg, v, clear_rest);
}

static LLVMValueRef lane(struct x64_lift *x, LLVMValueRef v, unsigned i)
{
	return LLVMBuildExtractElement(B, v, LLVMConstInt(x->l->i32, i, 0), "");
}

static LLVMValueRef with_lane(struct x64_lift *x, LLVMValueRef v, unsigned i, LLVMValueRef e)
{
	return LLVMBuildInsertElement(B, v, e, LLVMConstInt(x->l->i32, i, 0), "");
}

static LLVMValueRef shuffle(struct x64_lift *x, LLVMValueRef a, LLVMValueRef b,
			    const unsigned *mask, unsigned n)
{
	LLVMValueRef m[16];

	for (unsigned i = 0; i < n; i++)
		m[i] = LLVMConstInt(x->l->i32, mask[i], 0);
	return LLVMBuildShuffleVector(B, a, b, LLVMConstVector(m, n), "");
}

/* ---- moves ---- */

/* movd/movq/movss/movsd/movlps...: size bytes from the low end (or, for
 * movhps/movhpd, the high quadword); an xmm destination loaded from memory
 * or a general register is cleared above them. */
static void lift_move_low(struct x64_lift *x, const struct x86_insn *in, unsigned size)
{
	LLVMTypeRef t = LLVMIntTypeInContext(x->l->ctx, 8 * size);
	int clear = !is_xmm(&in->op[1]) || in->mnem == X86_MOVD || in->mnem == X86_MOVQ;

	if (in->mnem == X86_MOVLPS || in->mnem == X86_MOVLPD)
		clear = 0;
	dst(x, in, src(x, in, &in->op[1], t), clear);
}

/* movhps/movhpd/movhlps/movlhps: quadword moves to or from the high half. */
static void lift_move_high(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMTypeRef q2 = ivec(x, 64);
	int to_high = in->mnem != X86_MOVHLPS && is_xmm(&in->op[0]);
	int from_high = in->mnem != X86_MOVLHPS && is_xmm(&in->op[1]);
	LLVMValueRef v = is_xmm(&in->op[1]) ? lane(x, load_xmm(x, in->op[1].reg, q2), from_high)
		: load_mem(x, in, x->l->i64);

	if (!is_xmm(&in->op[0])) {
		store_mem(x, in, v);
		return;
	}
	unsigned reg = in->op[0].reg;
	set_xmm(x, reg, with_lane(x, load_xmm(x, reg, q2), to_high, v));
}

/* movmskps/movmskpd/pmovmskb: the lanes' sign bits. */
static void lift_movmsk(struct x64_lift *x, const struct x86_insn *in, unsigned lane_bits)
{
	LLVMTypeRef t = ivec(x, lane_bits);
	unsigned n = 128 / lane_bits;
	LLVMValueRef neg = LLVMBuildICmp(B, LLVMIntSLT, load_xmm(x, in->op[1].reg, t),
					 LLVMConstNull(t), "");
	LLVMValueRef mask = LLVMBuildBitCast(B, neg, LLVMIntTypeInContext(x->l->ctx, n), "");

	x64_write_op(x, in, &in->op[0], LLVMBuildZExt(B, mask, x->l->i32, ""));
}

static void lift_pinsrw(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMTypeRef w8 = ivec(x, 16);
	unsigned reg = in->op[0].reg;
	LLVMValueRef w = x64_read_op(x, in, &in->op[1], in->op[1].kind == X86_OPK_MEM ? 2 : 4);

	w = LLVMBuildTrunc(B, w, x->l->i16, "");
	set_xmm(x, reg, with_lane(x, load_xmm(x, reg, w8), (unsigned)in->op[2].imm & 7, w));
}

static void lift_pextrw(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMValueRef w = lane(x, load_xmm(x, in->op[1].reg, ivec(x, 16)), (unsigned)in->op[2].imm & 7);

	x64_write_op(x, in, &in->op[0], LLVMBuildZExt(B, w, x->l->i32, ""));
}

/* ---- packed integers and logic ---- */

enum int_op {
	I_ADD, I_SUB, I_ADDUS, I_SUBUS, I_ADDS, I_SUBS, I_EQ, I_GT, I_MINU, I_MAXU, I_MINS,
	I_MAXS, I_AVG, I_MULLO, I_MULHI, I_MULHIU, I_MULUDQ, I_AND, I_ANDN, I_OR, I_XOR,
};

static const struct { uint16_t mnem; uint8_t lane_bits, op; } int_ops[] = {
	{ X86_PADDB, 8, I_ADD }, { X86_PADDW, 16, I_ADD }, { X86_PADDD, 32, I_ADD },
	{ X86_PADDQ, 64, I_ADD }, { X86_PSUBB, 8, I_SUB }, { X86_PSUBW, 16, I_SUB },
	{ X86_PSUBD, 32, I_SUB }, { X86_PSUBQ, 64, I_SUB }, { X86_PADDUSB, 8, I_ADDUS },
	{ X86_PADDUSW, 16, I_ADDUS }, { X86_PSUBUSB, 8, I_SUBUS }, { X86_PSUBUSW, 16, I_SUBUS },
	{ X86_PADDSB, 8, I_ADDS }, { X86_PADDSW, 16, I_ADDS }, { X86_PSUBSB, 8, I_SUBS },
	{ X86_PSUBSW, 16, I_SUBS }, { X86_PCMPEQB, 8, I_EQ }, { X86_PCMPEQW, 16, I_EQ },
	{ X86_PCMPEQD, 32, I_EQ }, { X86_PCMPGTB, 8, I_GT }, { X86_PCMPGTW, 16, I_GT },
	{ X86_PCMPGTD, 32, I_GT }, { X86_PMINUB, 8, I_MINU }, { X86_PMAXUB, 8, I_MAXU },
	{ X86_PMINSW, 16, I_MINS }, { X86_PMAXSW, 16, I_MAXS }, { X86_PAVGB, 8, I_AVG },
	{ X86_PAVGW, 16, I_AVG }, { X86_PMULLW, 16, I_MULLO }, { X86_PMULHW, 16, I_MULHI },
	{ X86_PMULHUW, 16, I_MULHIU }, { X86_PMULUDQ, 64, I_MULUDQ },
	{ X86_PAND, 64, I_AND }, { X86_ANDPS, 64, I_AND }, { X86_ANDPD, 64, I_AND },
	{ X86_PANDN, 64, I_ANDN }, { X86_ANDNPS, 64, I_ANDN }, { X86_ANDNPD, 64, I_ANDN },
	{ X86_POR, 64, I_OR }, { X86_ORPS, 64, I_OR }, { X86_ORPD, 64, I_OR },
	{ X86_PXOR, 64, I_XOR }, { X86_XORPS, 64, I_XOR }, { X86_XORPD, 64, I_XOR },
};

static LLVMValueRef select_by(struct x64_lift *x, LLVMIntPredicate p, LLVMValueRef a, LLVMValueRef b)
{
	return LLVMBuildSelect(B, LLVMBuildICmp(B, p, a, b, ""), a, b, "");
}

static LLVMValueRef int_op(struct x64_lift *x, enum int_op op, LLVMValueRef a, LLVMValueRef b)
{
	LLVMTypeRef t = LLVMTypeOf(a);
	LLVMValueRef ab[2] = { a, b };

	switch (op) {
	case I_ADD: return LLVMBuildAdd(B, a, b, "");
	case I_SUB: return LLVMBuildSub(B, a, b, "");
	case I_ADDUS: return x64_intrinsic(x, "llvm.uadd.sat", t, ab, 2);
	case I_SUBUS: return x64_intrinsic(x, "llvm.usub.sat", t, ab, 2);
	case I_ADDS: return x64_intrinsic(x, "llvm.sadd.sat", t, ab, 2);
	case I_SUBS: return x64_intrinsic(x, "llvm.ssub.sat", t, ab, 2);
	case I_EQ: return LLVMBuildSExt(B, LLVMBuildICmp(B, LLVMIntEQ, a, b, ""), t, "");
	case I_GT: return LLVMBuildSExt(B, LLVMBuildICmp(B, LLVMIntSGT, a, b, ""), t, "");
	case I_MINU: return select_by(x, LLVMIntULT, a, b);
	case I_MAXU: return select_by(x, LLVMIntUGT, a, b);
	case I_MINS: return select_by(x, LLVMIntSLT, a, b);
	case I_MAXS: return select_by(x, LLVMIntSGT, a, b);
	case I_MULLO: return LLVMBuildMul(B, a, b, "");
	case I_AND: return LLVMBuildAnd(B, a, b, "");
	case I_ANDN: return LLVMBuildAnd(B, LLVMBuildNot(B, a, ""), b, "");
	case I_OR: return LLVMBuildOr(B, a, b, "");
	case I_XOR: return LLVMBuildXor(B, a, b, "");
	case I_MULUDQ: {
		LLVMValueRef low = splat(t, 0xffffffffu);
		return LLVMBuildMul(B, LLVMBuildAnd(B, a, low, ""), LLVMBuildAnd(B, b, low, ""), "");
	}
	default: break;
	}
	/* pavg, pmulh: in lanes of twice the width */
	unsigned n = LLVMGetVectorSize(t), w = 128 / n;
	LLVMTypeRef wide = vec(LLVMIntTypeInContext(x->l->ctx, 2 * w), n);
	int sign = op == I_MULHI;
	LLVMValueRef wa = sign ? LLVMBuildSExt(B, a, wide, "") : LLVMBuildZExt(B, a, wide, "");
	LLVMValueRef wb = sign ? LLVMBuildSExt(B, b, wide, "") : LLVMBuildZExt(B, b, wide, "");
	LLVMValueRef r, one = splat(wide, 1);
	if (op == I_AVG)
		r = LLVMBuildLShr(B, LLVMBuildAdd(B, LLVMBuildAdd(B, wa, wb, ""), one, ""), one, "");
	else
		r = LLVMBuildLShr(B, LLVMBuildMul(B, wa, wb, ""), splat(wide, w), "");
	return LLVMBuildTrunc(B, r, t, "");
}

static int lift_int_op(struct x64_lift *x, const struct x86_insn *in)
{
	for (size_t i = 0; i < sizeof int_ops / sizeof int_ops[0]; i++)
		if (int_ops[i].mnem == in->mnem) {
			LLVMTypeRef t = ivec(x, int_ops[i].lane_bits);
			LLVMValueRef a = load_xmm(x, in->op[0].reg, t);
			set_xmm(x, in->op[0].reg, int_op(x, int_ops[i].op, a, src(x, in, &in->op[1], t)));
			return 1;
		}
	return 0;
}

/* ---- shifts ---- */

static const struct { uint16_t mnem; uint8_t lane_bits; LLVMOpcode op; } shifts[] = {
	{ X86_PSLLW, 16, LLVMShl }, { X86_PSLLD, 32, LLVMShl }, { X86_PSLLQ, 64, LLVMShl },
	{ X86_PSRLW, 16, LLVMLShr }, { X86_PSRLD, 32, LLVMLShr }, { X86_PSRLQ, 64, LLVMLShr },
	{ X86_PSRAW, 16, LLVMAShr }, { X86_PSRAD, 32, LLVMAShr },
};

/* A count beyond the lane clears it (arithmetic: fills it with the sign). */
static int lift_shift(struct x64_lift *x, const struct x86_insn *in)
{
	for (size_t i = 0; i < sizeof shifts / sizeof shifts[0]; i++)
		if (shifts[i].mnem == in->mnem) {
			unsigned w = shifts[i].lane_bits;
			LLVMTypeRef t = ivec(x, w), et = LLVMGetElementType(t);
			LLVMValueRef a = load_xmm(x, in->op[0].reg, t);
			LLVMValueRef count = src(x, in, &in->op[1], x->l->i64);
			LLVMValueRef big = LLVMBuildICmp(B, LLVMIntUGT, count, x64_const(x, w - 1), "");
			LLVMValueRef c = LLVMBuildTrunc(B, LLVMBuildSelect(B, big, x64_const(x, w - 1),
									   count, ""), et, "");
			LLVMValueRef cv = broadcast(x, c, 128 / w);
			LLVMValueRef r = LLVMBuildBinOp(B, shifts[i].op, a, cv, "");
			if (shifts[i].op != LLVMAShr)
				r = LLVMBuildSelect(B, big, LLVMConstNull(t), r, "");
			set_xmm(x, in->op[0].reg, r);
			return 1;
		}
	return 0;
}

/* pslldq, psrldq: whole bytes, zeros shifted in. */
static void lift_byte_shift(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMTypeRef t = ivec(x, 8);
	unsigned n = in->op[1].imm > 16 ? 16 : (unsigned)in->op[1].imm, mask[16];
	int left = in->mnem == X86_PSLLDQ;

	/* lanes 0-15 are the register, 16-31 zero */
	for (unsigned i = 0; i < 16; i++)
		mask[i] = left ? (i >= n ? i - n : 16) : (i + n < 16 ? i + n : 16);
	set_xmm(x, in->op[0].reg, shuffle(x, load_xmm(x, in->op[0].reg, t), LLVMConstNull(t), mask, 16));
}

/* ---- shuffles, unpacks, packs ---- */

static void lift_pshuf(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned imm = (unsigned)in->op[2].imm, mask[8];
	int dwords = in->mnem == X86_PSHUFD;
	LLVMTypeRef t = ivec(x, dwords ? 32 : 16);
	LLVMValueRef v = src(x, in, &in->op[1], t);

	for (unsigned i = 0; i < 8; i++)
		mask[i] = i;
	unsigned base = in->mnem == X86_PSHUFHW ? 4 : 0;
	for (unsigned i = 0; i < 4; i++)
		mask[base + i] = base + (imm >> (2 * i) & 3);
	set_xmm(x, in->op[0].reg, shuffle(x, v, v, mask, dwords ? 4 : 8));
}

/* shufps, shufpd: the low half from the destination, the high one from
 * the source. */
static void lift_shufp(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned imm = (unsigned)in->op[2].imm, mask[4];
	int ps = in->mnem == X86_SHUFPS;
	LLVMTypeRef t = ivec(x, ps ? 32 : 64);
	LLVMValueRef a = load_xmm(x, in->op[0].reg, t), b = src(x, in, &in->op[1], t);

	if (ps)
		for (unsigned i = 0; i < 4; i++)
			mask[i] = (i >= 2 ? 4 : 0) + (imm >> (2 * i) & 3);
	else {
		mask[0] = imm & 1;
		mask[1] = 2 + (imm >> 1 & 1);
	}
	set_xmm(x, in->op[0].reg, shuffle(x, a, b, mask, ps ? 4 : 2));
}

static const struct { uint16_t mnem; uint8_t lane_bits, high; } unpacks[] = {
	{ X86_PUNPCKLBW, 8, 0 }, { X86_PUNPCKLWD, 16, 0 }, { X86_PUNPCKLDQ, 32, 0 },
	{ X86_PUNPCKLQDQ, 64, 0 }, { X86_PUNPCKHBW, 8, 1 }, { X86_PUNPCKHWD, 16, 1 },
	{ X86_PUNPCKHDQ, 32, 1 }, { X86_PUNPCKHQDQ, 64, 1 }, { X86_UNPCKLPS, 32, 0 },
	{ X86_UNPCKLPD, 64, 0 }, { X86_UNPCKHPS, 32, 1 }, { X86_UNPCKHPD, 64, 1 },
};

/* Interleaves the low (or high) halves of destination and source. */
static int lift_unpack(struct x64_lift *x, const struct x86_insn *in)
{
	for (size_t k = 0; k < sizeof unpacks / sizeof unpacks[0]; k++)
		if (unpacks[k].mnem == in->mnem) {
			unsigned n = 128 / unpacks[k].lane_bits, mask[16];
			unsigned base = unpacks[k].high ? n / 2 : 0;
			LLVMTypeRef t = ivec(x, unpacks[k].lane_bits);
			for (unsigned i = 0; i < n / 2; i++) {
				mask[2 * i] = base + i;
				mask[2 * i + 1] = n + base + i;
			}
			set_xmm(x, in->op[0].reg, shuffle(x, load_xmm(x, in->op[0].reg, t),
							  src(x, in, &in->op[1], t), mask, n));
			return 1;
		}
	return 0;
}

/* packsswb, packssdw, packuswb: both operands' lanes narrowed with
 * saturation, the destination's first. */
static void lift_pack(struct x64_lift *x, const struct x86_insn *in)
{
	int words = in->mnem != X86_PACKSSDW, unsig = in->mnem == X86_PACKUSWB;
	unsigned w = words ? 16 : 32, n = 128 / w, mask[16];
	LLVMTypeRef t = ivec(x, w), wide = vec(LLVMGetElementType(t), 2 * n);
	LLVMTypeRef narrow = vec(LLVMIntTypeInContext(x->l->ctx, w / 2), 2 * n);

	for (unsigned i = 0; i < 2 * n; i++)
		mask[i] = i;
	LLVMValueRef v = shuffle(x, load_xmm(x, in->op[0].reg, t), src(x, in, &in->op[1], t), mask, 2 * n);
	uint64_t lo = unsig ? 0 : (uint64_t)-(1ll << (w / 2 - 1));
	uint64_t hi = unsig ? (1u << (w / 2)) - 1 : (1u << (w / 2 - 1)) - 1;
	v = select_by(x, LLVMIntSGT, v, splat(wide, lo));
	v = select_by(x, LLVMIntSLT, v, splat(wide, hi));
	set_xmm(x, in->op[0].reg, LLVMBuildTrunc(B, v, narrow, ""));
}

/* ---- floating point ---- */

enum fp_op { F_ADD, F_SUB, F_MUL, F_DIV, F_MIN, F_MAX, F_SQRT, F_CMP };

/* kind: 0 packed single, 1 packed double, 2 scalar single, 3 scalar double */
static const struct { uint16_t mnem; uint8_t kind, op; } fp_ops[] = {
	{ X86_ADDPS, 0, F_ADD }, { X86_ADDPD, 1, F_ADD }, { X86_ADDSS, 2, F_ADD }, { X86_ADDSD, 3, F_ADD },
	{ X86_SUBPS, 0, F_SUB }, { X86_SUBPD, 1, F_SUB }, { X86_SUBSS, 2, F_SUB }, { X86_SUBSD, 3, F_SUB },
	{ X86_MULPS, 0, F_MUL }, { X86_MULPD, 1, F_MUL }, { X86_MULSS, 2, F_MUL }, { X86_MULSD, 3, F_MUL },
	{ X86_DIVPS, 0, F_DIV }, { X86_DIVPD, 1, F_DIV }, { X86_DIVSS, 2, F_DIV }, { X86_DIVSD, 3, F_DIV },
	{ X86_MINPS, 0, F_MIN }, { X86_MINPD, 1, F_MIN }, { X86_MINSS, 2, F_MIN }, { X86_MINSD, 3, F_MIN },
	{ X86_MAXPS, 0, F_MAX }, { X86_MAXPD, 1, F_MAX }, { X86_MAXSS, 2, F_MAX }, { X86_MAXSD, 3, F_MAX },
	{ X86_SQRTPS, 0, F_SQRT }, { X86_SQRTPD, 1, F_SQRT }, { X86_SQRTSS, 2, F_SQRT },
	{ X86_SQRTSD, 3, F_SQRT }, { X86_CMPPS, 0, F_CMP }, { X86_CMPPD, 1, F_CMP },
	{ X86_CMPSS, 2, F_CMP }, { X86_CMPSD, 3, F_CMP },
};

/* cmpps' predicates 0-7: eq lt le unord neq nlt nle ord */
static const LLVMRealPredicate cmp_preds[8] = {
	LLVMRealOEQ, LLVMRealOLT, LLVMRealOLE, LLVMRealUNO,
	LLVMRealUNE, LLVMRealUGE, LLVMRealUGT, LLVMRealORD,
};

/* r, the result of an operation on a and b, with x86's NaN for an invalid
 * operation (a NaN from operands that are not): the negative "QNaN
 * indefinite", where a host's own default NaN is positive. */
static LLVMValueRef x86_made_nan(struct x64_lift *x, LLVMValueRef r, LLVMValueRef a, LLVMValueRef b)
{
	if (XL_HOST_NAN_NEGATIVE)
		return r;
	LLVMValueRef made = LLVMBuildAnd(B, LLVMBuildFCmp(B, LLVMRealUNO, r, r, ""),
					 LLVMBuildFCmp(B, LLVMRealORD, a, b, ""), "");
	return LLVMBuildSelect(B, made, LLVMBuildFNeg(B, r, ""), r, "");
}

/* min and max return the second operand when either is a NaN or both
 * are zeros, as the hardware does. */
static LLVMValueRef fp_op(struct x64_lift *x, enum fp_op op, LLVMValueRef a, LLVMValueRef b,
			  unsigned pred)
{
	switch (op) {
	case F_ADD: return x86_made_nan(x, LLVMBuildFAdd(B, a, b, ""), a, b);
	case F_SUB: return x86_made_nan(x, LLVMBuildFSub(B, a, b, ""), a, b);
	case F_MUL: return x86_made_nan(x, LLVMBuildFMul(B, a, b, ""), a, b);
	case F_DIV: return x86_made_nan(x, LLVMBuildFDiv(B, a, b, ""), a, b);
	case F_MIN: return LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOLT, a, b, ""), a, b, "");
	case F_MAX: return LLVMBuildSelect(B, LLVMBuildFCmp(B, LLVMRealOGT, a, b, ""), a, b, "");
	case F_SQRT: return x86_made_nan(x, x64_intrinsic(x, "llvm.sqrt", LLVMTypeOf(b), &b, 1), b, b);
	default: {
		LLVMTypeRef t = LLVMTypeOf(a);
		LLVMTypeRef it = LLVMGetTypeKind(t) == LLVMVectorTypeKind
			? vec(LLVMIntTypeInContext(x->l->ctx, bits_of(LLVMGetElementType(t))), LLVMGetVectorSize(t))
			: LLVMIntTypeInContext(x->l->ctx, bits_of(t));
		LLVMValueRef c = LLVMBuildFCmp(B, cmp_preds[pred & 7], a, b, "");
		return LLVMBuildBitCast(B, LLVMBuildSExt(B, c, it, ""), t, "");
	}
	}
}

static int lift_fp(struct x64_lift *x, const struct x86_insn *in)
{
	for (size_t i = 0; i < sizeof fp_ops / sizeof fp_ops[0]; i++)
		if (fp_ops[i].mnem == in->mnem) {
			unsigned kind = fp_ops[i].kind, reg = in->op[0].reg;
			LLVMTypeRef et = kind & 1 ? x->l->f64 : x->l->f32;
			LLVMTypeRef vt = vec(et, kind & 1 ? 2 : 4);
			unsigned pred = in->nops > 2 ? (unsigned)in->op[2].imm : 0;
			LLVMValueRef d = load_xmm(x, reg, vt);
			if (kind < 2) {
				set_xmm(x, reg, fp_op(x, fp_ops[i].op, d, src(x, in, &in->op[1], vt), pred));
				return 1;
			}
			LLVMValueRef r = fp_op(x, fp_ops[i].op, lane(x, d, 0),
					       src(x, in, &in->op[1], et), pred);
			set_xmm(x, reg, with_lane(x, d, 0, r));
			return 1;
		}
	return 0;
}

/* ZF PF CF as 111 unordered, 000 greater, 001 less, 100 equal; OF SF AF
 * cleared. */
void x64_set_compare_flags(struct x64_lift *x, LLVMValueRef a, LLVMValueRef b)
{
	LLVMValueRef uno = LLVMBuildFCmp(B, LLVMRealUNO, a, b, "");
	LLVMValueRef zf = LLVMBuildFCmp(B, LLVMRealUEQ, a, b, "");
	LLVMValueRef cf = LLVMBuildFCmp(B, LLVMRealULT, a, b, "");
	LLVMValueRef bits = LLVMBuildOr(B, LLVMBuildOr(B,
		LLVMBuildSelect(B, zf, x64_const(x, X64_ZF), x64_const(x, 0), ""),
		LLVMBuildSelect(B, uno, x64_const(x, X64_PF), x64_const(x, 0), ""), ""),
		LLVMBuildSelect(B, cf, x64_const(x, X64_CF), x64_const(x, 0), ""), "");

	x64_flags_store(x, X64_STATUS_FLAGS, bits, NULL);
}

/* comiss, ucomiss, comisd, ucomisd */
static void lift_comis(struct x64_lift *x, const struct x86_insn *in)
{
	int dbl = in->mnem == X86_COMISD || in->mnem == X86_UCOMISD;
	LLVMTypeRef t = dbl ? x->l->f64 : x->l->f32;

	x64_set_compare_flags(x, src(x, in, &in->op[0], t), src(x, in, &in->op[1], t));
}

/* ---- conversions ---- */

static LLVMValueRef load_mxcsr(struct x64_lift *x)
{
	return LLVMBuildLoad2(B, x->l->i32, xl_lift_cpu_field(x->l, X64_OFF(mxcsr)), "");
}

/* MXCSR.RC, as an i32 0-3. */
static LLVMValueRef mxcsr_rounding(struct x64_lift *x)
{
	return LLVMBuildAnd(B, LLVMBuildLShr(B, load_mxcsr(x), LLVMConstInt(x->l->i32, 13, 0), ""),
			    LLVMConstInt(x->l->i32, 3, 0), "");
}

/* v rounded to an integral value by rc (an i32: nearest even, down, up,
 * toward zero), or toward zero when rc is NULL. */
static LLVMValueRef round_integral(struct x64_lift *x, LLVMValueRef v, LLVMValueRef rc)
{
	LLVMTypeRef t = LLVMTypeOf(v);

	if (!rc)
		return x64_intrinsic(x, "llvm.trunc", t, &v, 1);
	static const char *const modes[4] = { "llvm.roundeven", "llvm.floor", "llvm.ceil", "llvm.trunc" };
	LLVMValueRef r = x64_intrinsic(x, modes[3], t, &v, 1);
	for (int m = 2; m >= 0; m--)
		r = LLVMBuildSelect(B, LLVMBuildICmp(B, LLVMIntEQ, rc, LLVMConstInt(x->l->i32, (unsigned)m, 0), ""),
				    x64_intrinsic(x, modes[m], t, &v, 1), r, "");
	return r;
}

LLVMValueRef x64_fp_to_int(struct x64_lift *x, LLVMValueRef v, LLVMTypeRef it, LLVMValueRef rc)
{
	LLVMTypeRef ft = LLVMTypeOf(v);
	int is_vec = LLVMGetTypeKind(ft) == LLVMVectorTypeKind;
	unsigned w = LLVMGetIntTypeWidth(is_vec ? LLVMGetElementType(it) : it);
	LLVMTypeRef fe = is_vec ? LLVMGetElementType(ft) : ft;
	LLVMValueRef r = round_integral(x, v, rc);
	LLVMValueRef lim = LLVMConstReal(fe, (double)(1ull << (w - 1)));
	LLVMValueRef lim_v = is_vec ? broadcast(x, lim, LLVMGetVectorSize(ft)) : lim;
	LLVMValueRef neg_v = LLVMBuildFNeg(B, lim_v, "");
	LLVMValueRef ok = LLVMBuildAnd(B, LLVMBuildFCmp(B, LLVMRealOGE, r, neg_v, ""),
				       LLVMBuildFCmp(B, LLVMRealOLT, r, lim_v, ""), "");
	LLVMValueRef i = LLVMBuildFPToSI(B, LLVMBuildSelect(B, ok, r, LLVMConstNull(ft), ""), it, "");
	return LLVMBuildSelect(B, ok, i, splat(it, 1ull << (w - 1)), "");
}

static void lift_cvt(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMTypeRef f32 = x->l->f32, f64 = x->l->f64, i32 = x->l->i32;
	const struct x86_operand *o1 = &in->op[1];
	unsigned reg = in->op[0].reg;
	LLVMValueRef rc = NULL;         /* the truncating forms */

	switch (in->mnem) {
	case X86_CVTSI2SS: case X86_CVTSI2SD: {
		int sd = in->mnem == X86_CVTSI2SD;
		LLVMValueRef i = x64_read_op(x, in, o1, o1->size);
		LLVMValueRef f = LLVMBuildSIToFP(B, i, sd ? f64 : f32, "");
		set_xmm(x, reg, with_lane(x, load_xmm(x, reg, vec(sd ? f64 : f32, sd ? 2 : 4)), 0, f));
		break;
	}
	case X86_CVTSS2SI: case X86_CVTSD2SI:
		rc = mxcsr_rounding(x);
		/* fallthrough */
	case X86_CVTTSS2SI: case X86_CVTTSD2SI: {
		int sd = in->mnem == X86_CVTSD2SI || in->mnem == X86_CVTTSD2SI;
		LLVMValueRef f = src(x, in, o1, sd ? f64 : f32);
		x64_write_op(x, in, &in->op[0], x64_fp_to_int(x, f, LLVMIntTypeInContext(x->l->ctx,
			8 * in->op[0].size), rc));
		break;
	}
	case X86_CVTSS2SD:
		set_xmm(x, reg, with_lane(x, load_xmm(x, reg, vec(f64, 2)), 0,
					  LLVMBuildFPExt(B, src(x, in, o1, f32), f64, "")));
		break;
	case X86_CVTSD2SS:
		set_xmm(x, reg, with_lane(x, load_xmm(x, reg, vec(f32, 4)), 0,
					  LLVMBuildFPTrunc(B, src(x, in, o1, f64), f32, "")));
		break;
	case X86_CVTPS2PD:
		set_xmm(x, reg, LLVMBuildFPExt(B, src(x, in, o1, vec(f32, 2)), vec(f64, 2), ""));
		break;
	case X86_CVTDQ2PD:
		set_xmm(x, reg, LLVMBuildSIToFP(B, src(x, in, o1, vec(i32, 2)), vec(f64, 2), ""));
		break;
	case X86_CVTDQ2PS:
		set_xmm(x, reg, LLVMBuildSIToFP(B, src(x, in, o1, vec(i32, 4)), vec(f32, 4), ""));
		break;
	case X86_CVTPS2DQ:
		rc = mxcsr_rounding(x);
		/* fallthrough */
	case X86_CVTTPS2DQ:
		set_xmm(x, reg, x64_fp_to_int(x, src(x, in, o1, vec(f32, 4)), vec(i32, 4), rc));
		break;
	case X86_CVTPD2PS:
		set_low(x, reg, LLVMBuildFPTrunc(B, src(x, in, o1, vec(f64, 2)), vec(f32, 2), ""), 1);
		break;
	case X86_CVTPD2DQ:
		rc = mxcsr_rounding(x);
		/* fallthrough */
	default:        /* cvttpd2dq */
		set_low(x, reg, x64_fp_to_int(x, src(x, in, o1, vec(f64, 2)), vec(i32, 2), rc), 1);
		break;
	}
}

/* ---- dispatch ---- */

int x64_lift_sse(struct x64_lift *x, const struct x86_insn *in)
{
	if (lift_int_op(x, in) || lift_shift(x, in) || lift_unpack(x, in) || lift_fp(x, in))
		return 1;
	switch (in->mnem) {
	case X86_MOVAPS: case X86_MOVAPD: case X86_MOVUPS: case X86_MOVUPD: case X86_MOVDQA:
	case X86_MOVDQU: case X86_LDDQU: case X86_MOVNTPS: case X86_MOVNTPD: case X86_MOVNTDQ:
		dst(x, in, src(x, in, &in->op[1], x->l->i128), 1);
		return 1;
	case X86_MOVD: case X86_MOVSS: lift_move_low(x, in, 4); return 1;
	case X86_MOVQ: case X86_MOVSD: case X86_MOVLPS: case X86_MOVLPD:
		lift_move_low(x, in, 8);
		return 1;
	case X86_MOVHPS: case X86_MOVHPD: case X86_MOVHLPS: case X86_MOVLHPS:
		lift_move_high(x, in);
		return 1;
	case X86_MOVMSKPS: lift_movmsk(x, in, 32); return 1;
	case X86_MOVMSKPD: lift_movmsk(x, in, 64); return 1;
	case X86_PMOVMSKB: lift_movmsk(x, in, 8); return 1;
	case X86_PINSRW: lift_pinsrw(x, in); return 1;
	case X86_PEXTRW: lift_pextrw(x, in); return 1;
	case X86_PSLLDQ: case X86_PSRLDQ: lift_byte_shift(x, in); return 1;
	case X86_PSHUFD: case X86_PSHUFLW: case X86_PSHUFHW: lift_pshuf(x, in); return 1;
	case X86_SHUFPS: case X86_SHUFPD: lift_shufp(x, in); return 1;
	case X86_PACKSSWB: case X86_PACKSSDW: case X86_PACKUSWB: lift_pack(x, in); return 1;
	case X86_COMISS: case X86_COMISD: case X86_UCOMISS: case X86_UCOMISD:
		lift_comis(x, in);
		return 1;
	case X86_CVTSI2SS: case X86_CVTSI2SD: case X86_CVTSS2SI: case X86_CVTSD2SI:
	case X86_CVTTSS2SI: case X86_CVTTSD2SI: case X86_CVTSS2SD: case X86_CVTSD2SS:
	case X86_CVTPS2PD: case X86_CVTPD2PS: case X86_CVTDQ2PS: case X86_CVTDQ2PD:
	case X86_CVTPS2DQ: case X86_CVTTPS2DQ: case X86_CVTPD2DQ: case X86_CVTTPD2DQ:
		lift_cvt(x, in);
		return 1;
	case X86_LDMXCSR: {
		LLVMValueRef args[2] = { x->l->cpu, load_mem(x, in, x->l->i32) };
		x64_runtime_call(x, in->pc + in->len, (const void *)x64_mxcsr_write, x->l->vd, args, 2);
		return 1;
	}
	case X86_STMXCSR:
		store_mem(x, in, x64_runtime_call(x, in->pc + in->len, (const void *)x64_mxcsr_read,
						  x->l->i32, &x->l->cpu, 1));
		return 1;
	case X86_FXSAVE:
	case X86_FXRSTOR: {
		/* The whole state goes through the runtime, at in's pc for a
		 * fault on the area. */
		LLVMValueRef args[2] = {
			x->l->cpu, LLVMBuildPtrToInt(B, x64_memory_pointer(x, in), x->l->i64, ""),
		};
		x64_runtime_call(x, in->pc, in->mnem == X86_FXSAVE ? (const void *)x64_fxsave_insn
				 : (const void *)x64_fxrstor_insn, x->l->vd, args, 2);
		return 1;
	}
	default:
		return 0;
	}
}
