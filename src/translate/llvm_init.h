#ifndef XL_TRANSLATE_LLVM_INIT_H
#define XL_TRANSLATE_LLVM_INIT_H

/* Runs LLVM's static constructors, once, before xlift's first use of LLVM
 * (llvm_init.ld keeps them from running at the start). Thread-safe. */
void xl_llvm_init(void);

#endif
