/* Region translation and the two stubs that connect C and region code. */
#include "translate/translate.h"
#include "translate/jit.h"
#include "translate/lift.h"
#include "runtime/code_cache.h"
#include "runtime/dispatch.h"
#include "util/die.h"

#include <stdio.h>
#include <stdlib.h>
#include <llvm-c/Analysis.h>

static const struct guest_arch *guest;
static void *dispatch_stub;
static void (*enter_stub)(struct xl_cpu *);
static unsigned long regions_built;
static int verify_ir;

static void lift_init(struct xl_lift *l, LLVMModuleRef mod, const char *name, enum xl_tier tier)
{
	LLVMContextRef c = xl_jit_context();

	l->ctx = c;
	l->mod = mod;
	l->arch = guest;
	l->tier = tier;
	l->i1 = LLVMInt1TypeInContext(c);
	l->i8 = LLVMInt8TypeInContext(c);
	l->i16 = LLVMInt16TypeInContext(c);
	l->i32 = LLVMInt32TypeInContext(c);
	l->i64 = LLVMInt64TypeInContext(c);
	l->i128 = LLVMInt128TypeInContext(c);
	l->f32 = LLVMFloatTypeInContext(c);
	l->f64 = LLVMDoubleTypeInContext(c);
	l->ptr = LLVMPointerTypeInContext(c, 0);
	l->vd = LLVMVoidTypeInContext(c);

	LLVMTypeRef params[1 + XL_CARRIED_REGS];
	params[0] = l->ptr;
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		params[i + 1] = l->i64;
	l->region_type = LLVMFunctionType(l->vd, params, 1 + XL_CARRIED_REGS, 0);
	l->b = LLVMCreateBuilderInContext(c);
	l->fn = LLVMAddFunction(mod, name, l->region_type);
	LLVMSetFunctionCallConv(l->fn, XL_CC_PRESERVE_NONE);
	l->cpu = LLVMGetParam(l->fn, 0);
	LLVMPositionBuilderAtEnd(l->b, LLVMAppendBasicBlockInContext(c, l->fn, "entry"));
}

static LLVMModuleRef new_module(const char *name)
{
	LLVMModuleRef mod = LLVMModuleCreateWithNameInContext(name, xl_jit_context());
	xl_jit_prepare_module(mod);
	return mod;
}

static void *compile(struct xl_lift *l, const char *name)
{
	LLVMDisposeBuilder(l->b);
	if (verify_ir && LLVMVerifyModule(l->mod, LLVMPrintMessageAction, NULL)) {
		LLVMDumpModule(l->mod);
		xl_die("internal error: invalid IR in %s", name);
	}
	xl_jit_add(l->mod, l->tier);
	return xl_jit_lookup(name);
}

/* Both stubs load the carried registers from the CPU state, ask the
 * dispatcher for the code of cpu->pc and jump there. The dispatch stub is
 * itself region-shaped: untranslated exits and IBTC misses tail-call it. */
static void build_stubs(void)
{
	struct xl_lift l;
	LLVMModuleRef mod = new_module("stubs");

	lift_init(&l, mod, "xl_dispatch", XL_TIER_OPT);
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		LLVMBuildStore(l.b, xl_lift_carried(&l, i), xl_lift_cpu_field(&l, guest->carried[i]));
	LLVMValueRef carried[XL_CARRIED_REGS];
	LLVMValueRef code = xl_lift_call(&l, xl_dispatch_lookup, l.ptr, &l.cpu, 1);
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		carried[i] = LLVMBuildLoad2(l.b, l.i64, xl_lift_cpu_field(&l, guest->carried[i]), "");
	LLVMValueRef args[1 + XL_CARRIED_REGS] = { l.cpu };
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		args[i + 1] = carried[i];
	LLVMValueRef call = LLVMBuildCall2(l.b, l.region_type, code, args, 1 + XL_CARRIED_REGS, "");
	LLVMSetInstructionCallConv(call, XL_CC_PRESERVE_NONE);
	LLVMSetTailCallKind(call, LLVMTailCallKindMustTail);
	LLVMBuildRetVoid(l.b);

	LLVMTypeRef enter_type = LLVMFunctionType(l.vd, &l.ptr, 1, 0);
	LLVMValueRef enter = LLVMAddFunction(mod, "xl_enter", enter_type);
	LLVMPositionBuilderAtEnd(l.b, LLVMAppendBasicBlockInContext(l.ctx, enter, "entry"));
	l.cpu = LLVMGetParam(enter, 0);
	args[0] = l.cpu;
	code = xl_lift_call(&l, xl_dispatch_lookup, l.ptr, &l.cpu, 1);
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		args[i + 1] = LLVMBuildLoad2(l.b, l.i64, xl_lift_cpu_field(&l, guest->carried[i]), "");
	call = LLVMBuildCall2(l.b, l.region_type, code, args, 1 + XL_CARRIED_REGS, "");
	LLVMSetInstructionCallConv(call, XL_CC_PRESERVE_NONE);
	LLVMBuildUnreachable(l.b);

	dispatch_stub = compile(&l, "xl_dispatch");
	enter_stub = (void (*)(struct xl_cpu *))xl_jit_lookup("xl_enter");
}

void xl_translate_init(const struct guest_arch *arch)
{
	guest = arch;
	verify_ir = getenv("XLIFT_VERIFY_IR") != NULL;
	xl_jit_init();
	build_stubs();
	xl_cache_init(dispatch_stub);
}

void *xl_stub_dispatch(void)
{
	return dispatch_stub;
}

void xl_stub_enter(struct xl_cpu *cpu)
{
	enter_stub(cpu);
	__builtin_unreachable();
}

void *xl_translate(uint64_t pc, enum xl_tier tier)
{
	char name[32];
	struct xl_lift l;

	snprintf(name, sizeof name, "r%lu_%llx", regions_built++, (unsigned long long)pc);
	lift_init(&l, new_module(name), name, tier);
	if (guest->lift_region(&l, pc) < 0)
		xl_die("cannot translate guest code at 0x%llx", (unsigned long long)pc);
	xl_debug("translated region 0x%llx (%s)", (unsigned long long)pc,
		 tier == XL_TIER_FAST ? "fast" : "optimised");
	return compile(&l, name);
}
