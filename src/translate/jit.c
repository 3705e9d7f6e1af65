/* Code generation for the host CPU's real features. Any thread may
 * translate: LLVM contexts and target machines are per thread; linking
 * is xlift's own (object_link.c). */
#include "translate/jit.h"
#include "translate/host_cpu.h"
#include "translate/load_combine.h"
#include "translate/llvm_init.h"
#include "util/die.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <llvm-c/Error.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

static char *host_triple, *host_data_layout;
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
		xl_die("LLVM: %s: %s", what, msg);
	}
}

static LLVMTargetMachineRef host_target_machine(LLVMCodeGenOptLevel level)
{
	char *triple = LLVMGetDefaultTargetTriple();
	LLVMTargetRef target;
	char *err = NULL;

	if (LLVMGetTargetFromTriple(triple, &target, &err))
		xl_die("LLVM has no target for %s: %s", triple, err);
	/* All translations share one mapping (code_memory.c), so the small
	 * code model reaches every slot through a rip-relative GOT load. */
	LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, xl_host_cpu_name(),
		xl_host_cpu_features(), level, LLVMRelocPIC, LLVMCodeModelSmall);
	LLVMDisposeMessage(triple);
	return tm;
}

/* At the first module, not at the start: a warm run takes all its code
 * from the code store and needs no target machine (~0.5 ms). */
static void init_host(void)
{
	LLVMInitializeNativeTarget();
	LLVMInitializeNativeAsmPrinter();

	LLVMTargetMachineRef tm = host_target_machine(LLVMCodeGenLevelNone);
	LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(tm);
	host_triple = LLVMGetTargetMachineTriple(tm);
	host_data_layout = LLVMCopyStringRepOfTargetData(layout);
	LLVMDisposeTargetData(layout);
	LLVMDisposeTargetMachine(tm);
}

/* Every translation starts here: the first use of LLVM but for host
 * queries that need none of its static state (code_store.c's salt). */
LLVMContextRef xl_jit_context(void)
{
	if (!context) {
		xl_llvm_init();
		context = LLVMContextCreate();
	}
	return context;
}

void xl_jit_prepare_module(LLVMModuleRef mod)
{
	static pthread_once_t host_once = PTHREAD_ONCE_INIT;

	pthread_once(&host_once, init_host);
	LLVMSetTarget(mod, host_triple);
	LLVMSetDataLayout(mod, host_data_layout);
}

static void dump_ir(LLVMModuleRef mod, const char *label)
{
	const char *dir = getenv("XLIFT_DUMP_IR");
	char path[4096], *err = NULL;
	struct stat st;

	if (!dir)
		return;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		LLVMDumpModule(mod);
		return;
	}
	snprintf(path, sizeof path, "%s/%s.ll", dir, label);
	if (LLVMPrintModuleToFile(mod, path, &err))
		xl_die("XLIFT_DUMP_IR: cannot write %s: %s", path, err);
}

LLVMMemoryBufferRef xl_jit_emit(LLVMModuleRef mod, enum xl_tier tier, const char *label)
{
	LLVMMemoryBufferRef object;
	char *err = NULL;

	if (!tier_tm[tier])
		tier_tm[tier] = host_target_machine(tiers[tier].codegen);
	LLVMPassBuilderOptionsRef options = LLVMCreatePassBuilderOptions();
	check(LLVMRunPasses(mod, tiers[tier].passes, tier_tm[tier], options), "optimising");
	LLVMDisposePassBuilderOptions(options);
	xl_combine_byte_loads(mod);
	dump_ir(mod, label);
	if (LLVMTargetMachineEmitToMemoryBuffer(tier_tm[tier], mod, LLVMObjectFile, &err, &object))
		xl_die("LLVM code generation failed: %s", err);
	LLVMDisposeModule(mod);
	return object;
}
