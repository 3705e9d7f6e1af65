/* The host's part of linking translated code (translate/object_link.c):
 * which ELF machine its objects are for, and how each relocation type the
 * code generator emits is applied. Implemented per host
 * (host/<arch>/relocate.c). */
#ifndef XL_HOST_RELOCATE_H
#define XL_HOST_RELOCATE_H

#include <stdint.h>

/* Bytes of a stub that jumps to any 64-bit address, which it holds at
 * offset XL_HOST_STUB_TARGET. */
#define XL_HOST_STUB_SIZE 16
#define XL_HOST_STUB_TARGET 8

/* The relocations every host has, which the linker applies itself
 * (S + A, S + A - P in 64 or 32 bits), or one of the host's own, which
 * apply to a 4-byte field. */
enum xl_reloc_kind { XL_RELOC_OWN, XL_RELOC_ABS64, XL_RELOC_PREL64, XL_RELOC_PREL32 };
/* What a relocation needs besides the symbol: a GOT slot of the object's,
 * or a stub within branch range when the target is not. */
enum { XL_RELOC_GOT = 1, XL_RELOC_BRANCH = 2 };

/* The ELF relocation types the code generator emits for the host. */
struct xl_host_reloc_type {
	uint32_t type;
	enum xl_reloc_kind kind;
	unsigned needs;
};
extern const struct xl_host_reloc_type xl_host_reloc_types[];
extern const unsigned xl_host_nreloc_types;

struct xl_reloc {
	uint32_t type;
	uint8_t *place;                 /* where it applies: P */
	uint64_t symbol;                /* S */
	int64_t addend;                 /* A */
};

/* The linker's services to xl_host_relocate. */
struct xl_link;
/* The address of a GOT slot holding value. */
uint64_t xl_link_got(struct xl_link *link, uint64_t value);
/* The address of a stub jumping to target, near the object's code. */
uint64_t xl_link_stub(struct xl_link *link, uint64_t target);

/* Stores v as a signed 32-bit field at place: 0, or -1 when it does not
 * fit. */
int xl_link_put32(uint8_t *place, int64_t v);

extern const uint16_t xl_host_elf_machine;

/* Applies r, of a type of the host's own: 0, or -1 when the value does
 * not fit the field. */
int xl_host_relocate(const struct xl_reloc *r, struct xl_link *link);
/* Writes a stub of XL_HOST_STUB_SIZE bytes at at that jumps to target. */
void xl_host_write_stub(uint8_t *at, uint64_t target);

#endif
