/* The process-wide JIT: one LLJIT targeting the host CPU's real features. */
#include "translate/jit.h"
#include "util/die.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/Transforms/PassBuilder.h>

static LLVMOrcLLJITRef jit;
static LLVMOrcThreadSafeContextRef tsctx;
static LLVMPassBuilderOptionsRef pass_options;

/* Most regions run a few times: the fast tier only promotes the guest
 * registers to SSA and folds the obvious, then uses FastISel. Hot regions
 * get the optimising pipeline and the full code generator. */
static struct tier {
	const char *passes;
	LLVMCodeGenOptLevel codegen;
	LLVMTargetMachineRef tm;
} tiers[] = {
	[XL_TIER_FAST] = { "function(sroa,early-cse,simplifycfg)", LLVMCodeGenLevelNone, NULL },
	[XL_TIER_OPT] = { "default<O2>", LLVMCodeGenLevelAggressive, NULL },
};

static void check(LLVMErrorRef err, const char *what)
{
	if (err) {
		char *msg = LLVMGetErrorMessage(err);
		xl_die("LLVM JIT: %s: %s", what, msg);
	}
}

static LLVMTargetMachineRef host_target_machine(LLVMCodeGenOptLevel level)
{
	char *triple = LLVMGetDefaultTargetTriple();
	char *cpu = LLVMGetHostCPUName();
	char *features = LLVMGetHostCPUFeatures();
	LLVMTargetRef target;
	char *err = NULL;

	if (LLVMGetTargetFromTriple(triple, &target, &err))
		xl_die("LLVM has no target for %s: %s", triple, err);
	LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, cpu, features,
		level, LLVMRelocPIC, LLVMCodeModelJITDefault);
	LLVMDisposeMessage(triple);
	LLVMDisposeMessage(cpu);
	LLVMDisposeMessage(features);
	return tm;
}

/* Library functions LLVM's code generator may call. A static interpreter has
 * no dynamic symbol table to look them up in, so they are defined here. */
static void define_libcalls(void)
{
	static const struct { const char *name; void *addr; } libcalls[] = {
		{ "memcpy", (void *)memcpy }, { "memmove", (void *)memmove },
		{ "memset", (void *)memset }, { "fma", (void *)fma },
		{ "fmaf", (void *)fmaf }, { "sqrt", (void *)sqrt },
		{ "sqrtf", (void *)sqrtf },
	};
	enum { N = sizeof libcalls / sizeof libcalls[0] };
	LLVMOrcCSymbolMapPair pairs[N];

	for (int i = 0; i < N; i++) {
		pairs[i].Name = LLVMOrcLLJITMangleAndIntern(jit, libcalls[i].name);
		pairs[i].Sym.Address = (LLVMOrcJITTargetAddress)(uintptr_t)libcalls[i].addr;
		pairs[i].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported |
			LLVMJITSymbolGenericFlagsCallable;
		pairs[i].Sym.Flags.TargetFlags = 0;
	}
	check(LLVMOrcJITDylibDefine(LLVMOrcLLJITGetMainJITDylib(jit),
		LLVMOrcAbsoluteSymbols(pairs, N)), "defining library calls");
}

void xl_jit_init(void)
{
	LLVMInitializeNativeTarget();
	LLVMInitializeNativeAsmPrinter();

	/* The JIT only links: xl_jit_add generates the objects itself. */
	LLVMOrcJITTargetMachineBuilderRef jtmb =
		LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(
			host_target_machine(LLVMCodeGenLevelNone));
	LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
	LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
	check(LLVMOrcCreateLLJIT(&jit, builder), "creating the JIT");

	tsctx = LLVMOrcCreateNewThreadSafeContext();
	for (unsigned i = 0; i < sizeof tiers / sizeof tiers[0]; i++)
		tiers[i].tm = host_target_machine(tiers[i].codegen);
	pass_options = LLVMCreatePassBuilderOptions();
	define_libcalls();
}

LLVMContextRef xl_jit_context(void)
{
	return LLVMOrcThreadSafeContextGetContext(tsctx);
}

void xl_jit_prepare_module(LLVMModuleRef mod)
{
	LLVMSetTarget(mod, LLVMOrcLLJITGetTripleString(jit));
	LLVMSetDataLayout(mod, LLVMOrcLLJITGetDataLayoutStr(jit));
}

void xl_jit_add(LLVMModuleRef mod, enum xl_tier tier)
{
	const struct tier *t = &tiers[tier];
	LLVMMemoryBufferRef object;
	char *err = NULL;

	check(LLVMRunPasses(mod, t->passes, t->tm, pass_options), "optimising");
	if (getenv("XLIFT_DUMP_IR"))
		LLVMDumpModule(mod);
	if (LLVMTargetMachineEmitToMemoryBuffer(t->tm, mod, LLVMObjectFile, &err, &object))
		xl_die("LLVM code generation failed: %s", err);
	LLVMDisposeModule(mod);
	check(LLVMOrcLLJITAddObjectFile(jit, LLVMOrcLLJITGetMainJITDylib(jit), object),
		"adding an object");
}

void *xl_jit_lookup(const char *name)
{
	LLVMOrcExecutorAddress addr;
	check(LLVMOrcLLJITLookup(jit, &addr, name), "looking up a region");
	return (void *)(uintptr_t)addr;
}
