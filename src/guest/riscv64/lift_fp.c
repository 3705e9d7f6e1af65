/* RV64 F and D. Arithmetic runs on the host FPU through LLVM's constrained
 * intrinsics (strict exceptions, dynamic rounding), so the host accrues the
 * guest's flags in its own environment; results that are NaN become the
 * RISC-V canonical NaN. Singles are NaN-boxed in the 64-bit registers. */
#include "guest/riscv64/rv_lift.h"
#include "guest/riscv64/fp_helpers.h"

#include <string.h>

#define B (r->b)
#define RM_DYN 7

struct fmt {
	LLVMTypeRef fp, bits;
	int is_double;
	uint64_t sign, inf, canonical;
};

static struct fmt format(struct rv_lift *r, const struct rv_insn *in)
{
	if (in->width == 8)
		return (struct fmt){ r->l->f64, r->l->i64, 1, 1ull << 63, 0x7ff0000000000000ull,
				     0x7ff8000000000000ull };
	return (struct fmt){ r->l->f32, r->l->i32, 0, 1u << 31, 0x7f800000u, 0x7fc00000u };
}

/* ---- register access in a format ---- */

static LLVMValueRef unbox(struct rv_lift *r, struct fmt f, LLVMValueRef raw)
{
	if (f.is_double)
		return raw;
	LLVMValueRef is_boxed = LLVMBuildICmp(B, LLVMIntEQ, LLVMBuildLShr(B, raw, rv_const(r, 32), ""),
					      rv_const(r, 0xffffffffu), "");
	return LLVMBuildSelect(B, is_boxed, LLVMBuildTrunc(B, raw, r->l->i32, ""),
			       xl_lift_const(r->l->i32, f.canonical), "");
}

static LLVMValueRef box(struct rv_lift *r, struct fmt f, LLVMValueRef bits)
{
	if (f.is_double)
		return bits;
	return LLVMBuildOr(B, LLVMBuildZExt(B, bits, r->l->i64, ""), rv_const(r, 0xffffffff00000000ull), "");
}

static LLVMValueRef get_bits(struct rv_lift *r, struct fmt f, unsigned reg)
{
	return unbox(r, f, rv_f(r, reg));
}

static LLVMValueRef get_value(struct rv_lift *r, struct fmt f, unsigned reg)
{
	return LLVMBuildBitCast(B, get_bits(r, f, reg), f.fp, "");
}

static void set_bits(struct rv_lift *r, struct fmt f, unsigned reg, LLVMValueRef bits)
{
	rv_set_f(r, reg, box(r, f, bits));
}

/* NaN results become the canonical NaN (the host would propagate). */
static void set_result(struct rv_lift *r, struct fmt f, unsigned reg, LLVMValueRef value)
{
	LLVMValueRef bits = LLVMBuildBitCast(B, value, f.bits, "");
	LLVMValueRef magnitude = LLVMBuildAnd(B, bits, xl_lift_const(f.bits, ~f.sign), "");
	LLVMValueRef nan = LLVMBuildICmp(B, LLVMIntUGT, magnitude, xl_lift_const(f.bits, f.inf), "");
	set_bits(r, f, reg, LLVMBuildSelect(B, nan, xl_lift_const(f.bits, f.canonical), bits, ""));
}

/* ---- constrained intrinsics ---- */

static LLVMValueRef metadata(struct rv_lift *r, const char *s)
{
	return LLVMMetadataAsValue(r->l->ctx, LLVMMDStringInContext2(r->l->ctx, s, strlen(s)));
}

static void mark_strict(struct rv_lift *r, LLVMValueRef call)
{
	unsigned kind = LLVMGetEnumAttributeKindForName("strictfp", 8);
	LLVMAttributeRef attr = LLVMCreateEnumAttribute(r->l->ctx, kind, 0);

	LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, attr);
	LLVMAddAttributeAtIndex(r->l->fn, LLVMAttributeFunctionIndex, attr);
}

/* Calls llvm.experimental.constrained.NAME overloaded on types, with the
 * operands, then the rounding metadata (when rounds), then strict
 * exceptions. */
static LLVMValueRef constrained(struct rv_lift *r, const char *name, LLVMTypeRef *types, unsigned ntypes,
				LLVMValueRef *ops, unsigned nops, const char *rounding)
{
	char full[64] = "llvm.experimental.constrained.";
	strcat(full, name);
	unsigned id = LLVMLookupIntrinsicID(full, strlen(full));
	LLVMValueRef fn = LLVMGetIntrinsicDeclaration(r->l->mod, id, types, ntypes);
	LLVMValueRef args[6];
	unsigned n = 0;

	for (unsigned i = 0; i < nops; i++)
		args[n++] = ops[i];
	if (rounding)
		args[n++] = metadata(r, rounding);
	args[n++] = metadata(r, "fpexcept.strict");
	LLVMValueRef call = LLVMBuildCall2(B, LLVMGlobalGetValueType(fn), fn, args, n, "");
	mark_strict(r, call);
	return call;
}

/* A static rounding mode switches the host's mode around the operation. */
static LLVMValueRef round_begin(struct rv_lift *r, const struct rv_insn *in)
{
	if (in->rm == RM_DYN)
		return NULL;
	LLVMValueRef rm = LLVMConstInt(r->l->i32, in->rm, 0);
	return xl_lift_call(r->l, rv_fp_round_begin, r->l->i32, &rm, 1);
}

static void round_end(struct rv_lift *r, LLVMValueRef saved)
{
	if (saved)
		xl_lift_call(r->l, rv_fp_round_end, r->l->vd, &saved, 1);
}

/* A constrained operation that rounds, in the instruction's rounding mode. */
static LLVMValueRef rounded(struct rv_lift *r, const struct rv_insn *in, const char *name,
			    LLVMTypeRef *types, unsigned ntypes, LLVMValueRef *ops, unsigned nops)
{
	LLVMValueRef saved = round_begin(r, in);
	LLVMValueRef v = constrained(r, name, types, ntypes, ops, nops, "round.dynamic");
	round_end(r, saved);
	return v;
}

static LLVMValueRef arith(struct rv_lift *r, const struct rv_insn *in, struct fmt f, const char *name,
			  LLVMValueRef *ops, unsigned nops)
{
	return rounded(r, in, name, &f.fp, 1, ops, nops);
}

/* ---- instruction groups ---- */

static LLVMValueRef negate(struct rv_lift *r, struct fmt f, LLVMValueRef v)
{
	LLVMValueRef bits = LLVMBuildBitCast(B, v, f.bits, "");
	return LLVMBuildBitCast(B, LLVMBuildXor(B, bits, xl_lift_const(f.bits, f.sign), ""), f.fp, "");
}

static void fused(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	LLVMValueRef a = get_value(r, f, in->rs1), b = get_value(r, f, in->rs2), c = get_value(r, f, in->rs3);

	if (in->op == RV_FNMSUB || in->op == RV_FNMADD)
		a = negate(r, f, a);
	if (in->op == RV_FMSUB || in->op == RV_FNMADD)
		c = negate(r, f, c);
	set_result(r, f, in->rd, arith(r, in, f, "fma", (LLVMValueRef[]){ a, b, c }, 3));
}

static void sign_inject(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	LLVMValueRef a = get_bits(r, f, in->rs1), b = get_bits(r, f, in->rs2);
	LLVMValueRef sign = xl_lift_const(f.bits, f.sign);
	LLVMValueRef s = LLVMBuildAnd(B, b, sign, "");

	if (in->op == RV_FSGNJN)
		s = LLVMBuildXor(B, s, sign, "");
	else if (in->op == RV_FSGNJX)
		s = LLVMBuildXor(B, s, LLVMBuildAnd(B, a, sign, ""), "");
	LLVMValueRef magnitude = LLVMBuildAnd(B, a, xl_lift_const(f.bits, ~f.sign), "");
	set_bits(r, f, in->rd, in->op == RV_FSGNJX ? LLVMBuildXor(B, a, LLVMBuildAnd(B, b, sign, ""), "")
						   : LLVMBuildOr(B, magnitude, s, ""));
}

static void compare(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	static const char *const preds[] = { [RV_FEQ - RV_FEQ] = "oeq", [RV_FLT - RV_FEQ] = "olt",
					     [RV_FLE - RV_FEQ] = "ole" };
	LLVMValueRef ops[] = { get_value(r, f, in->rs1), get_value(r, f, in->rs2),
			       metadata(r, preds[in->op - RV_FEQ]) };
	/* feq is quiet; flt and fle signal on any NaN. */
	LLVMValueRef v = constrained(r, in->op == RV_FEQ ? "fcmp" : "fcmps", &f.fp, 1, ops, 3, NULL);
	rv_set_x(r, in->rd, LLVMBuildZExt(B, v, r->l->i64, ""));
}

static void convert_format(struct rv_lift *r, const struct rv_insn *in, struct fmt to)
{
	struct rv_insn src = *in;
	src.width = to.is_double ? 4 : 8;
	struct fmt from = format(r, &src);
	LLVMValueRef a = get_value(r, from, in->rs1);
	LLVMTypeRef types[] = { to.fp, from.fp };
	LLVMValueRef v = to.is_double ? constrained(r, "fpext", types, 2, &a, 1, NULL)
				      : rounded(r, in, "fptrunc", types, 2, &a, 1);
	set_result(r, to, in->rd, v);
}

static void from_int(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	int word = in->int_kind == RV_INT_W || in->int_kind == RV_INT_WU;
	int is_signed = in->int_kind == RV_INT_W || in->int_kind == RV_INT_L;
	LLVMValueRef v = rv_x(r, in->rs1);

	if (word)
		v = LLVMBuildTrunc(B, v, r->l->i32, "");
	LLVMTypeRef types[] = { f.fp, LLVMTypeOf(v) };
	const char *name = is_signed ? "sitofp" : "uitofp";
	/* A 32-bit integer always fits a double exactly: no rounding mode to
	 * switch to, whatever the instruction says. */
	if (word && f.is_double)
		v = constrained(r, name, types, 2, &v, 1, "round.dynamic");
	else
		v = rounded(r, in, name, types, 2, &v, 1);
	set_bits(r, f, in->rd, LLVMBuildBitCast(B, v, f.bits, ""));
}

static LLVMValueRef u32(struct rv_lift *r, unsigned v)
{
	return LLVMConstInt(r->l->i32, v, 0);
}

static void memory(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	if (in->op == RV_FLOAD) {
		LLVMValueRef v = LLVMBuildLoad2(B, f.bits, rv_address(r, in), "");
		LLVMSetAlignment(v, 1);
		set_bits(r, f, in->rd, v);
		return;
	}
	/* Stores write the register's low bits as they are, boxed or not. */
	LLVMValueRef v = LLVMBuildTrunc(B, rv_f(r, in->rs2), f.bits, "");
	LLVMSetAlignment(LLVMBuildStore(B, v, rv_address(r, in)), 1);
}

static const char *arith_name(enum rv_op op)
{
	switch (op) {
	case RV_FADD: return "fadd";
	case RV_FSUB: return "fsub";
	case RV_FMUL: return "fmul";
	case RV_FDIV: return "fdiv";
	default: return NULL;
	}
}

int rv_lift_fp(struct rv_lift *r, const struct rv_insn *in)
{
	struct fmt f = format(r, in);
	LLVMValueRef is_double = u32(r, (unsigned)f.is_double);

	if (arith_name(in->op)) {
		LLVMValueRef ops[] = { get_value(r, f, in->rs1), get_value(r, f, in->rs2) };
		set_result(r, f, in->rd, arith(r, in, f, arith_name(in->op), ops, 2));
		return 0;
	}
	switch (in->op) {
	case RV_FLOAD: case RV_FSTORE:
		memory(r, in, f);
		return 0;
	case RV_FMADD: case RV_FMSUB: case RV_FNMSUB: case RV_FNMADD:
		fused(r, in, f);
		return 0;
	case RV_FSQRT: {
		LLVMValueRef a = get_value(r, f, in->rs1);
		set_result(r, f, in->rd, arith(r, in, f, "sqrt", &a, 1));
		return 0;
	}
	case RV_FSGNJ: case RV_FSGNJN: case RV_FSGNJX:
		sign_inject(r, in, f);
		return 0;
	case RV_FMIN: case RV_FMAX: {
		LLVMValueRef args[] = { rv_f(r, in->rs1), rv_f(r, in->rs2), is_double, u32(r, in->op == RV_FMAX) };
		rv_set_f(r, in->rd, xl_lift_call(r->l, rv_fp_minmax, r->l->i64, args, 4));
		return 0;
	}
	case RV_FEQ: case RV_FLT: case RV_FLE:
		compare(r, in, f);
		return 0;
	case RV_FCLASS: {
		LLVMValueRef args[] = { rv_f(r, in->rs1), is_double };
		rv_set_x(r, in->rd, xl_lift_call(r->l, rv_fp_class, r->l->i64, args, 2));
		return 0;
	}
	case RV_FCVT_F_F:
		convert_format(r, in, f);
		return 0;
	case RV_FCVT_INT_F: {
		LLVMValueRef args[] = { rv_f(r, in->rs1), is_double, u32(r, in->int_kind), u32(r, in->rm) };
		rv_set_x(r, in->rd, xl_lift_call(r->l, rv_fp_to_int, r->l->i64, args, 4));
		return 0;
	}
	case RV_FCVT_F_INT:
		from_int(r, in, f);
		return 0;
	case RV_FMV_X_F: {
		LLVMValueRef v = LLVMBuildTrunc(B, rv_f(r, in->rs1), f.bits, "");
		rv_set_x(r, in->rd, f.is_double ? v : LLVMBuildSExt(B, v, r->l->i64, ""));
		return 0;
	}
	case RV_FMV_F_X:
		set_bits(r, f, in->rd, LLVMBuildTrunc(B, rv_x(r, in->rs1), f.bits, ""));
		return 0;
	}
	return -1;
}
