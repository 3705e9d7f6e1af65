#ifndef XL_TRANSLATE_LOAD_COMBINE_H
#define XL_TRANSLATE_LOAD_COMBINE_H

#include <llvm-c/Core.h>

/* Code for a CPU without fast misaligned access reads a misaligned word
 * byte by byte: a riscv64 memcpy of 2, 4 or 8 bytes is as many lbu, each
 * shifted into place and or-ed together. Each guest access is a volatile
 * load (one access, its own guest pc), which keeps LLVM from combining
 * them: this does, after a tier's passes, where the bytes are base+k,
 * k = 0..n-1, each at bit 8k, with nothing between their loads that may
 * write memory. The word load faults with the first byte load's guest pc. */
void xl_combine_byte_loads(LLVMModuleRef mod);

#endif
