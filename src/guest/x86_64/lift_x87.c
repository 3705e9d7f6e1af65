/* The x87 subset glibc and libgcc use: loads and stores of every format,
 * integer loads and stores, the arithmetic with its reversed and popping
 * forms, fxch, fchs/fabs, constants, fcomi/fucomi, the control and status
 * words. Registers are LLVM x86_fp80 values in the state's fpr slots,
 * addressed through the top-of-stack field; on an x86-64 host LLVM
 * computes them with the host's x87. Arithmetic rounds to nearest at
 * extended precision (FCW.PC and FCW.RC are not applied to it); fist
 * rounds by FCW.RC in a helper (x87_convert.c). Other hosts' code
 * generators have no x86_fp80: there an x87 instruction stops the
 * program with an error naming it, when it runs. */
#include "config.h"
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"
#include "guest/x86_64/x87_convert.h"
#include "host/host.h"
#include "util/die.h"

#define B (x->b)

static LLVMTypeRef f80(struct x64_lift *x)
{
	return LLVMX86FP80TypeInContext(x->l->ctx);
}

static LLVMValueRef field(struct x64_lift *x, size_t off)
{
	return xl_lift_cpu_field(x->l, off);
}

static LLVMValueRef top(struct x64_lift *x)
{
	return LLVMBuildZExt(B, LLVMBuildLoad2(B, x->l->i8, field(x, X64_OFF(fpu_top)), ""),
			     x->l->i64, "");
}

static void set_top(struct x64_lift *x, LLVMValueRef t)
{
	LLVMBuildStore(B, LLVMBuildTrunc(B, LLVMBuildAnd(B, t, x64_const(x, 7), ""), x->l->i8, ""),
		       field(x, X64_OFF(fpu_top)));
}

/* The slot of st(i). */
static LLVMValueRef st_ptr(struct x64_lift *x, unsigned i)
{
	LLVMValueRef slot = LLVMBuildAnd(B, LLVMBuildAdd(B, top(x), x64_const(x, i), ""),
					 x64_const(x, 7), "");
	LLVMValueRef off = LLVMBuildMul(B, slot, x64_const(x, 16), "");

	return LLVMBuildGEP2(B, x->l->i8, field(x, X64_OFF(fpr)), &off, 1, "");
}

static LLVMValueRef st(struct x64_lift *x, unsigned i)
{
	return LLVMBuildLoad2(B, f80(x), st_ptr(x, i), "");
}

static void set_st(struct x64_lift *x, unsigned i, LLVMValueRef v)
{
	LLVMBuildStore(B, v, st_ptr(x, i));
}

/* The abridged tag word: one bit per physical register in use. */
static void set_tag(struct x64_lift *x, int in_use)
{
	LLVMValueRef p = field(x, X64_OFF(ftw));
	LLVMValueRef bit = LLVMBuildTrunc(B, LLVMBuildShl(B, x64_const(x, 1), top(x), ""), x->l->i16, "");
	LLVMValueRef w = LLVMBuildLoad2(B, x->l->i16, p, "");

	LLVMBuildStore(B, in_use ? LLVMBuildOr(B, w, bit, "") : LLVMBuildAnd(B, w, LLVMBuildNot(B, bit, ""), ""), p);
}

static void push(struct x64_lift *x, LLVMValueRef v)
{
	set_top(x, LLVMBuildSub(B, top(x), x64_const(x, 1), ""));
	set_st(x, 0, v);
	set_tag(x, 1);
}

static void pop(struct x64_lift *x)
{
	set_tag(x, 0);
	set_top(x, LLVMBuildAdd(B, top(x), x64_const(x, 1), ""));
}

/* A memory operand of a float format, widened to extended. */
static LLVMValueRef load_float(struct x64_lift *x, const struct x86_insn *in, unsigned size)
{
	LLVMTypeRef t = size == 4 ? x->l->f32 : size == 8 ? x->l->f64 : f80(x);
	LLVMValueRef v = x64_guest_load(x, in, t, x64_memory_pointer(x, in));

	return size == 10 ? v : LLVMBuildFPExt(B, v, f80(x), "");
}

static void store_float(struct x64_lift *x, const struct x86_insn *in, unsigned size, LLVMValueRef v)
{
	LLVMTypeRef t = size == 4 ? x->l->f32 : size == 8 ? x->l->f64 : f80(x);

	x64_guest_store(x, in, size == 10 ? v : LLVMBuildFPTrunc(B, v, t, ""), x64_memory_pointer(x, in));
}

/* The other operand of a one-operand or st(0), st(i) arithmetic form. */
static LLVMValueRef operand(struct x64_lift *x, const struct x86_insn *in, const struct x86_operand *op)
{
	if (op->kind == X86_OPK_MEM) {
		if (in->mnem >= X86_FIADD && in->mnem <= X86_FIDIVR)
			return LLVMBuildSIToFP(B, x64_read_op(x, in, op, op->size), f80(x), "");
		return load_float(x, in, op->size);
	}
	return st(x, op->reg);
}

static LLVMValueRef arith(struct x64_lift *x, enum x86_mnem m, LLVMValueRef d, LLVMValueRef s)
{
	switch (m) {
	case X86_FADD: case X86_FADDP: case X86_FIADD: return LLVMBuildFAdd(B, d, s, "");
	case X86_FMUL: case X86_FMULP: case X86_FIMUL: return LLVMBuildFMul(B, d, s, "");
	case X86_FSUB: case X86_FSUBP: case X86_FISUB: return LLVMBuildFSub(B, d, s, "");
	case X86_FSUBR: case X86_FSUBRP: case X86_FISUBR: return LLVMBuildFSub(B, s, d, "");
	case X86_FDIV: case X86_FDIVP: case X86_FIDIV: return LLVMBuildFDiv(B, d, s, "");
	default: return LLVMBuildFDiv(B, s, d, "");             /* fdivr */
	}
}

/* fadd... : st(0) op= memory; st(0) op= st(i); st(i) op= st(0) [pop]. */
static void lift_arith(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned d = in->nops == 2 ? in->op[0].reg : 0;
	const struct x86_operand *s = &in->op[in->nops == 2 ? 1 : 0];

	set_st(x, d, arith(x, in->mnem, st(x, d), operand(x, in, s)));
	if (in->mnem == X86_FADDP || in->mnem == X86_FMULP || in->mnem == X86_FSUBP ||
	    in->mnem == X86_FSUBRP || in->mnem == X86_FDIVP || in->mnem == X86_FDIVRP)
		pop(x);
}

/* fcomi, fucomi (and their popping forms): the flags comisd sets. */
static void lift_fcomi(struct x64_lift *x, const struct x86_insn *in)
{
	x64_set_compare_flags(x, st(x, 0), st(x, in->op[1].reg));
	if (in->mnem == X86_FUCOMIP || in->mnem == X86_FCOMIP)
		pop(x);
}

/* fist, fistp: by FCW.RC; fisttp: toward zero. */
static void lift_fist(struct x64_lift *x, const struct x86_insn *in)
{
	unsigned bits = 8 * in->op[0].size;
	LLVMValueRef rc = LLVMConstInt(x->l->i32, 3, 0);

	if (in->mnem != X86_FISTTP) {
		LLVMValueRef fcw = LLVMBuildLoad2(B, x->l->i16, field(x, X64_OFF(fcw)), "");
		rc = LLVMBuildAnd(B, LLVMBuildLShr(B, LLVMBuildZExt(B, fcw, x->l->i32, ""),
			LLVMConstInt(x->l->i32, 10, 0), ""), LLVMConstInt(x->l->i32, 3, 0), "");
	}
	LLVMValueRef args[3] = { st(x, 0), rc, LLVMConstInt(x->l->i32, bits, 0) };
	LLVMValueRef v = xl_lift_call(x->l, (const void *)x64_x87_to_int, x->l->i64, args, 3);
	x64_write_op(x, in, &in->op[0], LLVMBuildTrunc(B, v, LLVMIntTypeInContext(x->l->ctx, bits), ""));
	if (in->mnem != X86_FIST)
		pop(x);
}

/* fnstsw: the status word with the top of stack in bits 11-13. */
static void lift_fnstsw(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMValueRef sw = LLVMBuildLoad2(B, x->l->i16, field(x, X64_OFF(fsw)), "");
	LLVMValueRef t = LLVMBuildTrunc(B, LLVMBuildShl(B, top(x), x64_const(x, 11), ""), x->l->i16, "");

	sw = LLVMBuildOr(B, LLVMBuildAnd(B, sw, LLVMConstInt(x->l->i16, 0xc7ff, 0), ""), t, "");
	x64_write_op(x, in, &in->op[0], sw);
}

static void lift_fld(struct x64_lift *x, const struct x86_insn *in)
{
	const struct x86_operand *op = &in->op[0];

	if (in->mnem == X86_FILD)
		push(x, LLVMBuildSIToFP(B, x64_read_op(x, in, op, op->size), f80(x), ""));
	else
		push(x, op->kind == X86_OPK_MEM ? load_float(x, in, op->size) : st(x, op->reg));
}

static void lift_fst(struct x64_lift *x, const struct x86_insn *in)
{
	const struct x86_operand *op = &in->op[0];

	if (op->kind == X86_OPK_MEM)
		store_float(x, in, op->size, st(x, 0));
	else
		set_st(x, op->reg, st(x, 0));
	if (in->mnem == X86_FSTP)
		pop(x);
}

/* The runtime side of an x87 instruction on a host without x86_fp80. */
static _Noreturn void x87_unavailable(struct xl_cpu *cpu, uint64_t pc, uint32_t mnem)
{
	xl_die("x87 instruction %s at 0x%llx: the %s host has no 80-bit floating point",
	       x86_mnem_name((enum x86_mnem)mnem), (unsigned long long)pc, XLIFT_HOST_ARCH);
}

static void lift_unavailable(struct x64_lift *x, const struct x86_insn *in)
{
	LLVMValueRef args[] = { x->l->cpu, x64_const(x, in->pc),
				LLVMConstInt(x->l->i32, in->mnem, 0) };

	x64_runtime_call(x, in->pc, (const void *)x87_unavailable, x->l->vd, args, 3);
	LLVMBuildUnreachable(B);
}

/* Whether the instruction computes with x86_fp80 values: all but the
 * control and status word moves. */
static int uses_fp80(enum x86_mnem mnem)
{
	return x86_mnem_class(mnem) == X86_CLASS_X87 && mnem != X86_FNSTCW &&
		mnem != X86_FLDCW && mnem != X86_FNSTSW;
}

int x64_lift_x87(struct x64_lift *x, const struct x86_insn *in)
{
	if (!XL_HOST_X87 && uses_fp80(in->mnem)) {
		lift_unavailable(x, in);
		return 1;
	}
	switch (in->mnem) {
	case X86_FLD: case X86_FILD: lift_fld(x, in); return 1;
	case X86_FST: case X86_FSTP: lift_fst(x, in); return 1;
	case X86_FIST: case X86_FISTP: case X86_FISTTP: lift_fist(x, in); return 1;
	case X86_FLDZ: push(x, LLVMConstReal(f80(x), 0.0)); return 1;
	case X86_FLD1: push(x, LLVMConstReal(f80(x), 1.0)); return 1;
	case X86_FCHS: set_st(x, 0, LLVMBuildFNeg(B, st(x, 0), "")); return 1;
	case X86_FABS: {
		LLVMValueRef v = st(x, 0);
		set_st(x, 0, x64_intrinsic(x, "llvm.fabs", f80(x), &v, 1));
		return 1;
	}
	case X86_FXCH: {
		unsigned i = in->op[0].reg;
		LLVMValueRef a = st(x, 0), b = st(x, i);
		set_st(x, 0, b);
		set_st(x, i, a);
		return 1;
	}
	case X86_FADD: case X86_FMUL: case X86_FSUB: case X86_FSUBR: case X86_FDIV: case X86_FDIVR:
	case X86_FADDP: case X86_FMULP: case X86_FSUBP: case X86_FSUBRP: case X86_FDIVP:
	case X86_FDIVRP: case X86_FIADD: case X86_FIMUL: case X86_FISUB: case X86_FISUBR:
	case X86_FIDIV: case X86_FIDIVR:
		lift_arith(x, in);
		return 1;
	case X86_FCOMI: case X86_FUCOMI: case X86_FCOMIP: case X86_FUCOMIP:
		lift_fcomi(x, in);
		return 1;
	case X86_FNSTCW:
		x64_write_op(x, in, &in->op[0], LLVMBuildLoad2(B, x->l->i16, field(x, X64_OFF(fcw)), ""));
		return 1;
	case X86_FLDCW:
		LLVMBuildStore(B, x64_read_op(x, in, &in->op[0], 2), field(x, X64_OFF(fcw)));
		return 1;
	case X86_FNSTSW: lift_fnstsw(x, in); return 1;
	default: return 0;
	}
}
