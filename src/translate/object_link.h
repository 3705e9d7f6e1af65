/* xlift's own linker for the objects LLVM compiles for it: an ELF
 * relocatable object (one region, or the stubs) is copied into the code
 * arena, its relocations applied against its own sections and the
 * runtime's symbols (translate/symbols.c), and its functions found by
 * name. ORC and RuntimeDyld did this before, at ~50 us an object, most of
 * a warm start that links hundreds of objects from the code store. */
#ifndef XL_OBJECT_LINK_H
#define XL_OBJECT_LINK_H

#include <stddef.h>
#include <stdint.h>

struct xl_linked_function {
	const char *name;               /* in: the symbol */
	void *code;                     /* out */
	uint64_t size;                  /* out: the symbol's size */
};

/* Links the size bytes at data (which it does not keep) and fills in the
 * n functions. Returns 0, or -1 with *error saying why the object cannot
 * be linked (malformed, a symbol or relocation type the runtime lacks, a
 * function missing): a file of the code store may be damaged, so this is
 * the caller's to judge. */
int xl_object_link(const uint8_t *data, size_t size, struct xl_linked_function *functions,
		   unsigned n, const char **error);

#endif
