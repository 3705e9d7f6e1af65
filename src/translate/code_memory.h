/* Memory for linked translations: one mapping, readable, writable and
 * executable, handed out by bumping a pointer. ORC's default linker maps
 * and mprotects memory for every object, which costs a TLB shootdown each
 * time in a process with threads and dominated the start of programs whose
 * regions come from the code store. Translations are never freed. */
#ifndef XL_CODE_MEMORY_H
#define XL_CODE_MEMORY_H

#include <llvm-c/Orc.h>

/* An object linking layer (RuntimeDyld) that allocates from the mapping;
 * the signature of LLVMOrcLLJITBuilderObjectLinkingLayerCreatorFunction. */
LLVMOrcObjectLayerRef xl_code_memory_layer(void *unused, LLVMOrcExecutionSessionRef session,
					   const char *triple);

#endif
