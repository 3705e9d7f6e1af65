/* The process-wide JIT: one LLJIT that links the objects xlift generates
 * for the host CPU's real features. Any thread may translate: LLVM
 * contexts and target machines are per thread, the LLJIT is shared. */
#include "translate/jit.h"
#include "translate/symbols.h"
#include "translate/code_memory.h"
#include "util/die.h"

#include <stdlib.h>
#include <string.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/Transforms/PassBuilder.h>

static LLVMOrcLLJITRef jit;
static _Thread_local LLVMContextRef context;
static _Thread_local LLVMTargetMachineRef tier_tm[2];

/* Most regions run a few times: the fast tier only promotes the guest
 * registers to SSA and folds the obvious, then uses FastISel. Hot regions
 * get the optimising pipeline and the full code generator. */
static const struct tier {
	const char *passes;
	LLVMCodeGenOptLevel codegen;
} tiers[] = {
	[XL_TIER_FAST] = { "function(sroa,early-cse,simplifycfg)", LLVMCodeGenLevelNone },
	[XL_TIER_OPT] = { "default<O2>", LLVMCodeGenLevelAggressive },
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
	/* All translations share one mapping (code_memory.c), so the small
	 * code model reaches every slot through a rip-relative GOT load. */
	LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, cpu, features,
		level, LLVMRelocPIC, LLVMCodeModelSmall);
	LLVMDisposeMessage(triple);
	LLVMDisposeMessage(cpu);
	LLVMDisposeMessage(features);
	return tm;
}

/* Names in objects that no object defines: the runtime's (symbols.c). */
static LLVMErrorRef define_runtime_symbols(LLVMOrcDefinitionGeneratorRef generator, void *ctx,
	LLVMOrcLookupStateRef *state, LLVMOrcLookupKind kind, LLVMOrcJITDylibRef dylib,
	LLVMOrcJITDylibLookupFlags flags, LLVMOrcCLookupSet names, size_t n)
{
	LLVMOrcCSymbolMapPair *pairs = malloc(n * sizeof *pairs);
	size_t found = 0;

	if (!pairs)
		xl_die("out of memory while linking translated code");
	for (size_t i = 0; i < n; i++) {
		uint64_t addr = xl_symbol_resolve(LLVMOrcSymbolStringPoolEntryStr(names[i].Name));
		if (!addr)
			continue;
		LLVMOrcRetainSymbolStringPoolEntry(names[i].Name);
		pairs[found].Name = names[i].Name;
		pairs[found].Sym.Address = addr;
		pairs[found].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported;
		pairs[found].Sym.Flags.TargetFlags = 0;
		found++;
	}
	LLVMErrorRef err = found ? LLVMOrcJITDylibDefine(dylib, LLVMOrcAbsoluteSymbols(pairs, found)) : NULL;
	free(pairs);
	return err;
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
	LLVMOrcLLJITBuilderSetObjectLinkingLayerCreator(builder, xl_code_memory_layer, NULL);
	check(LLVMOrcCreateLLJIT(&jit, builder), "creating the JIT");

	LLVMOrcJITDylibAddGenerator(LLVMOrcLLJITGetMainJITDylib(jit),
		LLVMOrcCreateCustomCAPIDefinitionGenerator(define_runtime_symbols, NULL, NULL));
}

LLVMContextRef xl_jit_context(void)
{
	if (!context)
		context = LLVMContextCreate();
	return context;
}

void xl_jit_prepare_module(LLVMModuleRef mod)
{
	LLVMSetTarget(mod, LLVMOrcLLJITGetTripleString(jit));
	LLVMSetDataLayout(mod, LLVMOrcLLJITGetDataLayoutStr(jit));
}

LLVMMemoryBufferRef xl_jit_emit(LLVMModuleRef mod, enum xl_tier tier)
{
	LLVMMemoryBufferRef object;
	char *err = NULL;

	if (!tier_tm[tier])
		tier_tm[tier] = host_target_machine(tiers[tier].codegen);
	LLVMPassBuilderOptionsRef options = LLVMCreatePassBuilderOptions();
	check(LLVMRunPasses(mod, tiers[tier].passes, tier_tm[tier], options), "optimising");
	LLVMDisposePassBuilderOptions(options);
	if (getenv("XLIFT_DUMP_IR"))
		LLVMDumpModule(mod);
	if (LLVMTargetMachineEmitToMemoryBuffer(tier_tm[tier], mod, LLVMObjectFile, &err, &object))
		xl_die("LLVM code generation failed: %s", err);
	LLVMDisposeModule(mod);
	return object;
}

void xl_jit_add_object(LLVMMemoryBufferRef object)
{
	check(LLVMOrcLLJITAddObjectFile(jit, LLVMOrcLLJITGetMainJITDylib(jit), object),
	      "adding an object");
}

void *xl_jit_lookup(const char *name)
{
	LLVMOrcExecutorAddress addr;
	check(LLVMOrcLLJITLookup(jit, &addr, name), "looking up a region");
	return (void *)(uintptr_t)addr;
}
