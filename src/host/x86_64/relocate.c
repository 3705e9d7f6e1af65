/* x86-64 relocations of the small-code-model PIC objects xlift compiles:
 * rip-relative data and calls (through a stub when the runtime's function
 * is more than 2 GiB away) and GOT loads of the runtime's slots. */
#include "host/relocate.h"

#include <elf.h>
#include <string.h>

const uint16_t xl_host_elf_machine = EM_X86_64;

const struct xl_host_reloc_type xl_host_reloc_types[] = {
	{ R_X86_64_64, XL_RELOC_ABS64, 0 },
	{ R_X86_64_PC64, XL_RELOC_PREL64, 0 },
	{ R_X86_64_PC32, XL_RELOC_PREL32, 0 },
	{ R_X86_64_PLT32, XL_RELOC_OWN, XL_RELOC_BRANCH },
	{ R_X86_64_GOTPCREL, XL_RELOC_OWN, XL_RELOC_GOT },
	{ R_X86_64_GOTPCRELX, XL_RELOC_OWN, XL_RELOC_GOT },
	{ R_X86_64_REX_GOTPCRELX, XL_RELOC_OWN, XL_RELOC_GOT },
};
const unsigned xl_host_nreloc_types = sizeof xl_host_reloc_types / sizeof xl_host_reloc_types[0];

int xl_host_relocate(const struct xl_reloc *r, struct xl_link *link)
{
	uint64_t p = (uintptr_t)r->place;

	if (r->type == R_X86_64_PLT32) {
		if (!xl_link_put32(r->place, (int64_t)(r->symbol + r->addend - p)))
			return 0;
		return xl_link_put32(r->place, (int64_t)(xl_link_stub(link, r->symbol) + r->addend - p));
	}
	/* The GOT loads: the slot holds S. */
	return xl_link_put32(r->place, (int64_t)(xl_link_got(link, r->symbol) + r->addend - p));
}

/* jmp *2(%rip), two int3, then the target. */
void xl_host_write_stub(uint8_t *at, uint64_t target)
{
	static const uint8_t jmp[XL_HOST_STUB_TARGET] = { 0xff, 0x25, 2, 0, 0, 0, 0xcc, 0xcc };

	memcpy(at, jmp, sizeof jmp);
	memcpy(at + XL_HOST_STUB_TARGET, &target, sizeof target);
}
