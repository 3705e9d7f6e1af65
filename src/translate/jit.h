/* LLVM code generation, set up at the first module, and the two compilation
 * tiers: every region is first compiled fast; regions that turn out hot
 * are compiled again, optimised. Code is generated for the host CPU with
 * its real features. */
#ifndef XL_JIT_H
#define XL_JIT_H

#include <stdint.h>
#include <llvm-c/Core.h>

enum xl_tier { XL_TIER_FAST, XL_TIER_OPT };

LLVMContextRef xl_jit_context(void);
/* Data layout and triple of the host, for new modules. */
void xl_jit_prepare_module(LLVMModuleRef mod);
/* Optimises and compiles mod for tier into an object; disposes of mod.
 * Exits with a message on an LLVM error. With XLIFT_DUMP_IR set, the
 * optimised IR goes to stderr, or to DIR/LABEL.ll when the variable names
 * a directory DIR (threads compile at once: one file a module). */
LLVMMemoryBufferRef xl_jit_emit(LLVMModuleRef mod, enum xl_tier tier, const char *label);

#endif
