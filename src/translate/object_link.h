/* xlift's own linker for the objects LLVM compiles for it: an ELF
 * relocatable object (one region, or the stubs) is copied into the code
 * arena, its relocations applied against its own sections and the
 * runtime's symbols (translate/symbols.c), and its functions found by
 * name. ORC and RuntimeDyld did this before, at ~50 us an object, most of
 * a warm start that links hundreds of objects from the code store. */
#ifndef XL_OBJECT_LINK_H
#define XL_OBJECT_LINK_H

#include "translate/symbols.h"

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

/* Placing an object into a pack's image (translate/pack_image.c), whose
 * code is mapped from the file unrelocated in later runs: the object's
 * sections go to code, its GOT slots and stubs to data, which the image
 * keeps at the same distance from code wherever it is mapped. The object
 * may then refer to the runtime only through those slots (which each run
 * fills in) and to itself only PC-relatively. */
struct xl_object_layout {
	uint64_t code_size, code_align;
	uint64_t data_size;             /* 16-byte aligned */
};
int xl_object_measure(const uint8_t *data, size_t size, struct xl_object_layout *layout,
		      const char **error);

struct xl_object_placement {
	uint8_t *code, *data;           /* in: as measured and aligned */
	/* out: the data slot at offset at holds symbol's address + addend */
	void (*fixup)(void *arg, uint64_t at, const struct xl_symbol *symbol, int64_t addend);
	/* out: each function, by its offset from code */
	void (*function)(void *arg, const char *name, uint64_t offset, uint64_t size);
	void *arg;
	/* out: its map of guest pcs, from code (size 0: none), checked */
	uint64_t pc_map, pc_map_size;
};
/* Places the object as p says: 0, or -1 with *error saying why it cannot
 * be (malformed, a symbol the runtime lacks, or not position-independent
 * in that sense). */
int xl_object_place(const uint8_t *data, size_t size, struct xl_object_placement *p,
		    const char **error);

#endif
