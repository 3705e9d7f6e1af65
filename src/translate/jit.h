/* LLVM's ORC JIT, set up once per process: compiles modules for the host CPU
 * with its real features and returns the addresses of their functions. */
#ifndef XL_JIT_H
#define XL_JIT_H

#include <stdint.h>
#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

void xl_jit_init(void);
LLVMContextRef xl_jit_context(void);
/* Data layout and triple of the host, for new modules. */
void xl_jit_prepare_module(LLVMModuleRef mod);
/* Optimises mod and hands it to the JIT, which takes ownership. */
void xl_jit_add(LLVMModuleRef mod);
/* Address of a function of an added module, compiling it on first use. */
void *xl_jit_lookup(const char *name);

#endif
