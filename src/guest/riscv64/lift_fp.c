/* RV64 F and D. Arithmetic runs on the host FPU through LLVM's constrained
 * intrinsics (strict exceptions, dynamic rounding), so the host accrues the
 * guest's flags in its own environment; results that are NaN become the
 * RISC-V canonical NaN. Singles are NaN-boxed in the 64-bit registers. The
 * host has no RMM rounding: operations that can round a tie call the C
 * helpers of fp_rmm.c in that mode. */
#include "guest/riscv64/rv_lift.h"
#include "guest/riscv64/fp_helpers.h"
#include "guest/riscv64/state.h"

#include <string.h>

#define B (r->b)
#define RM_RMM 4
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

static LLVMValueRef u32(struct rv_lift *r, unsigned v)
{
	return LLVMConstInt(r->l->i32, v, 0);
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

/* ---- rounding modes ---- */

/* The dynamic rounding mode; only the CSR helper writes it. */
static LLVMValueRef frm(struct rv_lift *r)
{
	return LLVMBuildLoad2(B, r->l->i64, xl_lift_cpu_field(r->l, RV64_OFF(frm)), "frm");
}

/* The instruction's rounding mode as an i32, dyn read from frm. */
static LLVMValueRef rounding_mode(struct rv_lift *r, const struct rv_insn *in)
{
	if (in->rm != RM_DYN)
		return u32(r, in->rm);
	return LLVMBuildTrunc(B, frm(r), r->l->i32, "");
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

/* Emits the call of the C helper that computes the instruction's result in
 * RMM; returns the result's bits in an i64. */
typedef LLVMValueRef rmm_call(struct rv_lift *r, const struct rv_insn *in, struct fmt f);

/* An operation that rounds to the format f: a constrained intrinsic
 * overloaded on types, and its RMM helper call (NULL when the operation is
 * never exactly half-way, so that rounding to even gives RMM's result). */
struct rounding_op {
	const char *name;
	LLVMTypeRef types[2];
	unsigned ntypes;
	LLVMValueRef ops[3];
	unsigned nops;
	rmm_call *rmm;
};

/* The host's operation, in the host's rounding mode: the instruction's
 * static mode or frm (RMM is rounded to even there). */
static LLVMValueRef host_rounded(struct rv_lift *r, const struct rv_insn *in, struct rounding_op *op)
{
	LLVMValueRef saved = round_begin(r, in);
	LLVMValueRef v = constrained(r, op->name, op->types, op->ntypes, op->ops, op->nops, "round.dynamic");
	round_end(r, saved);
	return v;
}

static LLVMValueRef rmm_rounded(struct rv_lift *r, const struct rv_insn *in, struct fmt f,
				struct rounding_op *op)
{
	LLVMValueRef bits = LLVMBuildTrunc(B, op->rmm(r, in, f), f.bits, "");
	return LLVMBuildBitCast(B, bits, f.fp, "");
}

/* Tells LLVM that a conditional branch is hardly ever taken. */
static void mark_unlikely(struct rv_lift *r, LLVMValueRef branch)
{
	LLVMContextRef ctx = r->l->ctx;
	LLVMMetadataRef weights[] = {
		LLVMMDStringInContext2(ctx, "branch_weights", strlen("branch_weights")),
		LLVMValueAsMetadata(u32(r, 1)),
		LLVMValueAsMetadata(u32(r, 2000)),
	};
	LLVMValueRef node = LLVMMetadataAsValue(ctx, LLVMMDNodeInContext2(ctx, weights, 3));
	LLVMSetMetadata(branch, LLVMGetMDKindIDInContext(ctx, "prof", strlen("prof")), node);
}

/* rm = dyn: programs hardly ever set frm to RMM, so the host's operation is
 * inline after a load of frm and a predicted branch, and the helper call
 * is on the side. */
static LLVMValueRef dynamic_rounded(struct rv_lift *r, const struct rv_insn *in, struct fmt f,
				    struct rounding_op *op)
{
	LLVMBasicBlockRef host = LLVMAppendBasicBlockInContext(r->l->ctx, r->l->fn, "fp_host");
	LLVMBasicBlockRef rmm = LLVMAppendBasicBlockInContext(r->l->ctx, r->l->fn, "fp_rmm");
	LLVMBasicBlockRef join = LLVMAppendBasicBlockInContext(r->l->ctx, r->l->fn, "fp_join");
	LLVMValueRef is_rmm = LLVMBuildICmp(B, LLVMIntEQ, frm(r), rv_const(r, RM_RMM), "");

	mark_unlikely(r, LLVMBuildCondBr(B, is_rmm, rmm, host));
	LLVMPositionBuilderAtEnd(B, host);
	LLVMValueRef host_value = host_rounded(r, in, op);
	LLVMBuildBr(B, join);
	LLVMPositionBuilderAtEnd(B, rmm);
	LLVMValueRef rmm_value = rmm_rounded(r, in, f, op);
	LLVMBuildBr(B, join);

	LLVMPositionBuilderAtEnd(B, join);
	LLVMValueRef v = LLVMBuildPhi(B, f.fp, "");
	LLVMAddIncoming(v, (LLVMValueRef[]){ host_value, rmm_value }, (LLVMBasicBlockRef[]){ host, rmm }, 2);
	return v;
}

/* The operation in the instruction's rounding mode. */
static LLVMValueRef rounded(struct rv_lift *r, const struct rv_insn *in, struct fmt f, struct rounding_op *op)
{
	if (op->rmm && in->rm == RM_RMM)
		return rmm_rounded(r, in, f, op);
	if (op->rmm && in->rm == RM_DYN)
		return dynamic_rounded(r, in, f, op);
	return host_rounded(r, in, op);
}

/* ---- instruction groups ---- */

static LLVMValueRef negate(struct rv_lift *r, struct fmt f, LLVMValueRef v)
{
	LLVMValueRef bits = LLVMBuildBitCast(B, v, f.bits, "");
	return LLVMBuildBitCast(B, LLVMBuildXor(B, bits, xl_lift_const(f.bits, f.sign), ""), f.fp, "");
}

static LLVMValueRef is_magnitude(struct rv_lift *r, struct fmt f, LLVMValueRef v, uint64_t magnitude)
{
	LLVMValueRef bits = LLVMBuildAnd(B, LLVMBuildBitCast(B, v, f.bits, ""), xl_lift_const(f.bits, ~f.sign), "");
	return LLVMBuildICmp(B, LLVMIntEQ, bits, xl_lift_const(f.bits, magnitude), "");
}

/* RISC-V raises NV for inf * 0 even when the addend is a quiet NaN; the
 * host's FMA does not. A constrained multiply by 1 * 1, which raises
 * nothing, becomes a * b in exactly that case and raises it. */
static void invalid_product(struct rv_lift *r, struct fmt f, LLVMValueRef a, LLVMValueRef b)
{
	LLVMValueRef some_inf = LLVMBuildOr(B, is_magnitude(r, f, a, f.inf), is_magnitude(r, f, b, f.inf), "");
	LLVMValueRef some_zero = LLVMBuildOr(B, is_magnitude(r, f, a, 0), is_magnitude(r, f, b, 0), "");
	LLVMValueRef inf_times_zero = LLVMBuildAnd(B, some_inf, some_zero, "");
	LLVMValueRef one = LLVMConstReal(f.fp, 1.0);
	LLVMValueRef ops[] = { LLVMBuildSelect(B, inf_times_zero, a, one, ""),
			       LLVMBuildSelect(B, inf_times_zero, b, one, "") };

	constrained(r, "fmul", &f.fp, 1, ops, 2, "round.dynamic");
}

static int negates_product(enum rv_op op) { return op == RV_FNMSUB || op == RV_FNMADD; }
static int negates_addend(enum rv_op op) { return op == RV_FMSUB || op == RV_FNMADD; }

static LLVMValueRef rmm_fused(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	LLVMValueRef sign = rv_const(r, f.sign);
	LLVMValueRef a = rv_f(r, in->rs1), c = rv_f(r, in->rs3);

	if (negates_product(in->op))
		a = LLVMBuildXor(B, a, sign, "");
	if (negates_addend(in->op))
		c = LLVMBuildXor(B, c, sign, "");
	LLVMValueRef args[] = { a, rv_f(r, in->rs2), c, u32(r, (unsigned)f.is_double) };
	return xl_lift_call(r->l, rv_fp_rmm_fma, r->l->i64, args, 4);
}

static void fused(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	LLVMValueRef a = get_value(r, f, in->rs1), b = get_value(r, f, in->rs2), c = get_value(r, f, in->rs3);

	invalid_product(r, f, a, b);
	if (negates_product(in->op))
		a = negate(r, f, a);
	if (negates_addend(in->op))
		c = negate(r, f, c);
	struct rounding_op op = { "fma", { f.fp }, 1, { a, b, c }, 3, rmm_fused };
	set_result(r, f, in->rd, rounded(r, in, f, &op));
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

static LLVMValueRef rmm_narrow(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	LLVMValueRef a = rv_f(r, in->rs1);
	return xl_lift_call(r->l, rv_fp_rmm_narrow, r->l->i64, &a, 1);
}

static void convert_format(struct rv_lift *r, const struct rv_insn *in, struct fmt to)
{
	struct rv_insn src = *in;
	src.width = to.is_double ? 4 : 8;
	struct fmt from = format(r, &src);
	LLVMValueRef a = get_value(r, from, in->rs1);
	struct rounding_op op = { "fptrunc", { to.fp, from.fp }, 2, { a }, 1, rmm_narrow };

	/* Widening is exact. */
	if (to.is_double)
		set_result(r, to, in->rd, constrained(r, "fpext", op.types, 2, &a, 1, NULL));
	else
		set_result(r, to, in->rd, rounded(r, in, to, &op));
}

/* Where every rounding of a value fits the integer kind: [lo, hi] or, when
 * the format's values near hi are all integral, [lo, hi). NaN is outside. */
static LLVMValueRef fits_int(struct rv_lift *r, struct fmt f, LLVMValueRef x, enum rv_int_kind kind)
{
	static const double lo[] = { [RV_INT_W] = -2147483648.0, [RV_INT_WU] = 0.0,
				     [RV_INT_L] = -9223372036854775808.0, [RV_INT_LU] = 0.0 };
	static const double hi_excl[] = { [RV_INT_W] = 2147483648.0, [RV_INT_WU] = 4294967296.0,
					  [RV_INT_L] = 9223372036854775808.0,
					  /* fptosi's limit, not the kind's: the rest takes the helper */
					  [RV_INT_LU] = 9223372036854775808.0 };
	double integral_from = f.is_double ? 9007199254740992.0 : 16777216.0;
	int inclusive = hi_excl[kind] < integral_from;
	LLVMValueRef low[] = { x, LLVMConstReal(f.fp, lo[kind]), metadata(r, "oge") };
	LLVMValueRef high[] = { x, LLVMConstReal(f.fp, inclusive ? hi_excl[kind] - 1 : hi_excl[kind]),
				metadata(r, inclusive ? "ole" : "olt") };

	return LLVMBuildAnd(B, constrained(r, "fcmp", &f.fp, 1, low, 3, NULL),
			    constrained(r, "fcmp", &f.fp, 1, high, 3, NULL), "");
}

/* x, which fits the integer kind, rounded to an integer in the
 * instruction's mode (not RMM) with the flag RISC-V raises: NX when x is
 * not integral. The truncating conversion raises exactly that on the host;
 * rounding to an integral value first raises nothing. */
static LLVMValueRef host_to_int(struct rv_lift *r, const struct rv_insn *in, struct fmt f, LLVMValueRef x)
{
	static const char *const integral[] = { [0] = "roundeven", [2] = "floor", [3] = "ceil" };
	LLVMTypeRef types[] = { r->l->i64, f.fp };

	if (in->rm == RM_DYN) {   /* the host's rounding is frm; rint raises NX */
		LLVMValueRef rounded = constrained(r, "rint", &f.fp, 1, &x, 1, "round.dynamic");
		return constrained(r, "fptosi", types, 2, &rounded, 1, NULL);
	}
	LLVMValueRef truncated = constrained(r, "fptosi", types, 2, &x, 1, NULL);
	if (in->rm == 1)
		return truncated;
	LLVMValueRef rounded = constrained(r, integral[in->rm], &f.fp, 1, &x, 1, NULL);
	return constrained(r, "fptosi", types, 2, &rounded, 1, NULL);
}

/* fcvt to an integer: inline where the host's conversion gives RISC-V's
 * result; saturation, NaN and RMM take the C helper. */
static void to_int(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	LLVMValueRef args[] = { rv_f(r, in->rs1), u32(r, (unsigned)f.is_double), u32(r, in->int_kind),
				rounding_mode(r, in) };

	if (in->rm == RM_RMM) {
		rv_set_x(r, in->rd, xl_lift_call(r->l, rv_fp_to_int, r->l->i64, args, 4));
		return;
	}
	LLVMBasicBlockRef host = LLVMAppendBasicBlockInContext(r->l->ctx, r->l->fn, "cvt_host");
	LLVMBasicBlockRef helper = LLVMAppendBasicBlockInContext(r->l->ctx, r->l->fn, "cvt_helper");
	LLVMBasicBlockRef join = LLVMAppendBasicBlockInContext(r->l->ctx, r->l->fn, "cvt_join");
	LLVMValueRef x = get_value(r, f, in->rs1);
	LLVMValueRef inline_ok = fits_int(r, f, x, in->int_kind);

	if (in->rm == RM_DYN)
		inline_ok = LLVMBuildAnd(B, inline_ok, LLVMBuildICmp(B, LLVMIntNE, frm(r),
									 rv_const(r, RM_RMM), ""), "");
	mark_unlikely(r, LLVMBuildCondBr(B, LLVMBuildNot(B, inline_ok, ""), helper, host));
	LLVMPositionBuilderAtEnd(B, host);
	LLVMValueRef host_value = host_to_int(r, in, f, x);
	if (in->int_kind == RV_INT_W || in->int_kind == RV_INT_WU)
		host_value = LLVMBuildSExt(B, LLVMBuildTrunc(B, host_value, r->l->i32, ""), r->l->i64, "");
	LLVMBuildBr(B, join);
	LLVMPositionBuilderAtEnd(B, helper);
	LLVMValueRef helper_value = xl_lift_call(r->l, rv_fp_to_int, r->l->i64, args, 4);
	LLVMBuildBr(B, join);

	LLVMPositionBuilderAtEnd(B, join);
	LLVMValueRef v = LLVMBuildPhi(B, r->l->i64, "");
	LLVMAddIncoming(v, (LLVMValueRef[]){ host_value, helper_value },
			(LLVMBasicBlockRef[]){ host, helper }, 2);
	rv_set_x(r, in->rd, v);
}

static LLVMValueRef rmm_from_int(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	LLVMValueRef args[] = { rv_x(r, in->rs1), u32(r, in->int_kind), u32(r, (unsigned)f.is_double) };
	return xl_lift_call(r->l, rv_fp_rmm_from_int, r->l->i64, args, 3);
}

static void from_int(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	int word = in->int_kind == RV_INT_W || in->int_kind == RV_INT_WU;
	int is_signed = in->int_kind == RV_INT_W || in->int_kind == RV_INT_L;
	LLVMValueRef v = rv_x(r, in->rs1);

	if (word)
		v = LLVMBuildTrunc(B, v, r->l->i32, "");
	struct rounding_op op = { is_signed ? "sitofp" : "uitofp", { f.fp, LLVMTypeOf(v) }, 2, { v }, 1,
				  rmm_from_int };
	/* A 32-bit integer always fits a double exactly: no rounding mode to
	 * switch to, whatever the instruction says. */
	if (word && f.is_double)
		v = constrained(r, op.name, op.types, 2, &v, 1, "round.dynamic");
	else
		v = rounded(r, in, f, &op);
	set_bits(r, f, in->rd, LLVMBuildBitCast(B, v, f.bits, ""));
}

static void memory(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	if (in->op == RV_FLOAD) {
		set_bits(r, f, in->rd, rv_load(r, f.bits, in));
		return;
	}
	/* Stores write the register's low bits as they are, boxed or not. */
	rv_store(r, LLVMBuildTrunc(B, rv_f(r, in->rs2), f.bits, ""), in);
}

/* fadd, fsub, fmul, fdiv: the intrinsic and the RMM helper. */
struct arith {
	const char *name;
	uint64_t (*rmm)(uint64_t a, uint64_t b, uint32_t is_double);
};

static const struct arith *arith_of(enum rv_op op)
{
	static const struct arith add = { "fadd", rv_fp_rmm_add }, sub = { "fsub", rv_fp_rmm_sub },
				  mul = { "fmul", rv_fp_rmm_mul }, div = { "fdiv", rv_fp_rmm_div };
	switch (op) {
	case RV_FADD: return &add;
	case RV_FSUB: return &sub;
	case RV_FMUL: return &mul;
	case RV_FDIV: return &div;
	default: return NULL;
	}
}

static LLVMValueRef rmm_arith(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	LLVMValueRef args[] = { rv_f(r, in->rs1), rv_f(r, in->rs2), u32(r, (unsigned)f.is_double) };
	return xl_lift_call(r->l, arith_of(in->op)->rmm, r->l->i64, args, 3);
}

static void arith(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	struct rounding_op op = { arith_of(in->op)->name, { f.fp }, 1,
				  { get_value(r, f, in->rs1), get_value(r, f, in->rs2) }, 2, rmm_arith };
	set_result(r, f, in->rd, rounded(r, in, f, &op));
}

/* A square root is never exactly half-way between two floating-point
 * numbers, so rounding it to even, what the host does for RMM, is right. */
static void square_root(struct rv_lift *r, const struct rv_insn *in, struct fmt f)
{
	struct rounding_op op = { "sqrt", { f.fp }, 1, { get_value(r, f, in->rs1) }, 1, NULL };
	set_result(r, f, in->rd, rounded(r, in, f, &op));
}

int rv_lift_fp(struct rv_lift *r, const struct rv_insn *in)
{
	struct fmt f = format(r, in);
	LLVMValueRef is_double = u32(r, (unsigned)f.is_double);

	if (arith_of(in->op)) {
		arith(r, in, f);
		return 0;
	}
	switch (in->op) {
	case RV_FLOAD: case RV_FSTORE:
		memory(r, in, f);
		return 0;
	case RV_FMADD: case RV_FMSUB: case RV_FNMSUB: case RV_FNMADD:
		fused(r, in, f);
		return 0;
	case RV_FSQRT:
		square_root(r, in, f);
		return 0;
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
	case RV_FCVT_INT_F:
		to_int(r, in, f);
		return 0;
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
