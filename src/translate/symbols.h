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

/* What a name stands for, parsed once (a pack's image keeps it so, for
 * a later run to resolve without the name). Numbers are fixed within a
 * build: an image is only read by the build that wrote it. */
enum xl_symbol_kind {
	XL_SYMBOL_HELPER = 1,   /* value: its offset in xlift's image */
	XL_SYMBOL_SLOT,         /* value: the guest pc */
	XL_SYMBOL_HEAT,         /* value: the guest pc */
	XL_SYMBOL_DISPATCH,     /* the dispatch stub */
	XL_SYMBOL_LIBRARY,      /* value: its index in the library table */
};
struct xl_symbol {
	uint64_t value;
	uint32_t kind;
};

/* 1 and *symbol, or 0 when name is none of these (nor a library function
 * LLVM may call). */
int xl_symbol_parse(const char *name, struct xl_symbol *symbol);
/* The address symbol stands for in this run, or 0 when it is malformed. */
uint64_t xl_symbol_address(const struct xl_symbol *symbol);
/* Both: the address a name stands for, or 0. */
uint64_t xl_symbol_resolve(const char *name);

#endif
