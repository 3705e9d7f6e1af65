/* Names by which translated code refers to the runtime. Objects name what
 * they use instead of embedding addresses, so that an object compiled in
 * one run (and kept in the on-disk code store) links in any later run of
 * the same xlift build. */
#ifndef XL_SYMBOLS_H
#define XL_SYMBOLS_H

#include <stdint.h>

#define XL_SYMBOL_MAX 40

/* A runtime C function: named by its offset in xlift's image. */
void xl_symbol_helper(char name[XL_SYMBOL_MAX], const void *fn);
/* The jump slot (code field) and the heat counter of pc's cache entry. */
void xl_symbol_slot(char name[XL_SYMBOL_MAX], uint64_t pc);
void xl_symbol_heat(char name[XL_SYMBOL_MAX], uint64_t pc);

/* The address a name stands for, or 0 when it is none of these (nor a
 * library function LLVM may call). */
uint64_t xl_symbol_resolve(const char *name);

#endif
