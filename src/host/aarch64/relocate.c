/* AArch64 relocations of the small-code-model PIC objects xlift compiles:
 * ADRP pages with their low-12-bit companions, GOT loads of the runtime's
 * slots, and branches (through a stub when the runtime's function is more
 * than 128 MiB away). Field layouts from the ELF ABI for AArch64. */
#include "host/relocate.h"

#include <elf.h>
#include <string.h>

const uint16_t xl_host_elf_machine = EM_AARCH64;

const struct xl_host_reloc_type xl_host_reloc_types[] = {
	{ R_AARCH64_ABS64, XL_RELOC_ABS64, 0 },
	{ R_AARCH64_PREL64, XL_RELOC_PREL64, 0 },
	{ R_AARCH64_PREL32, XL_RELOC_PREL32, 0 },
	{ R_AARCH64_ADR_PREL_PG_HI21, XL_RELOC_OWN, 0 },
	{ R_AARCH64_ADR_PREL_PG_HI21_NC, XL_RELOC_OWN, 0 },
	{ R_AARCH64_ADD_ABS_LO12_NC, XL_RELOC_OWN, 0 },
	{ R_AARCH64_LDST8_ABS_LO12_NC, XL_RELOC_OWN, 0 },
	{ R_AARCH64_LDST16_ABS_LO12_NC, XL_RELOC_OWN, 0 },
	{ R_AARCH64_LDST32_ABS_LO12_NC, XL_RELOC_OWN, 0 },
	{ R_AARCH64_LDST64_ABS_LO12_NC, XL_RELOC_OWN, 0 },
	{ R_AARCH64_LDST128_ABS_LO12_NC, XL_RELOC_OWN, 0 },
	{ R_AARCH64_JUMP26, XL_RELOC_OWN, XL_RELOC_BRANCH },
	{ R_AARCH64_CALL26, XL_RELOC_OWN, XL_RELOC_BRANCH },
	{ R_AARCH64_ADR_GOT_PAGE, XL_RELOC_OWN, XL_RELOC_GOT },
	{ R_AARCH64_LD64_GOT_LO12_NC, XL_RELOC_OWN, XL_RELOC_GOT },
};
const unsigned xl_host_nreloc_types = sizeof xl_host_reloc_types / sizeof xl_host_reloc_types[0];

static uint32_t insn(const uint8_t *place)
{
	uint32_t v;

	memcpy(&v, place, sizeof v);
	return v;
}

static void set_insn(uint8_t *place, uint32_t v)
{
	memcpy(place, &v, sizeof v);
}

static int64_t page(uint64_t a)
{
	return (int64_t)(a & ~(uint64_t)0xfff);
}

/* ADRP: the page distance's 21 bits in immlo (29-30) and immhi (5-23). */
static int adrp(uint8_t *place, uint64_t target, int check)
{
	int64_t pages = (page(target) - page((uintptr_t)place)) >> 12;

	if (check && (pages < -(1 << 20) || pages >= (1 << 20)))
		return -1;
	uint32_t imm = (uint32_t)pages & 0x1fffff;
	set_insn(place, (insn(place) & ~(3u << 29 | 0x7ffffu << 5)) | (imm & 3) << 29 |
			(imm >> 2) << 5);
	return 0;
}

/* The unsigned 12-bit immediate (10-21) of ADD or of a load or store
 * scaled by its access size. */
static int lo12(uint8_t *place, uint64_t value, unsigned shift)
{
	uint32_t imm = (uint32_t)(value & 0xfff) >> shift;

	set_insn(place, (insn(place) & ~(0xfffu << 10)) | imm << 10);
	return 0;
}

static int branch(uint8_t *place, uint64_t target)
{
	int64_t d = (int64_t)(target - (uintptr_t)place);

	if (d < -(1 << 27) || d >= (1 << 27))
		return -1;
	set_insn(place, (insn(place) & ~0x3ffffffu) | ((uint32_t)(d >> 2) & 0x3ffffffu));
	return 0;
}

int xl_host_relocate(const struct xl_reloc *r, struct xl_link *link)
{
	uint64_t value = r->symbol + (uint64_t)r->addend;

	switch (r->type) {
	case R_AARCH64_ADR_PREL_PG_HI21:
		return adrp(r->place, value, 1);
	case R_AARCH64_ADR_PREL_PG_HI21_NC:
		return adrp(r->place, value, 0);
	case R_AARCH64_ADD_ABS_LO12_NC:
	case R_AARCH64_LDST8_ABS_LO12_NC:
		return lo12(r->place, value, 0);
	case R_AARCH64_LDST16_ABS_LO12_NC:
		return lo12(r->place, value, 1);
	case R_AARCH64_LDST32_ABS_LO12_NC:
		return lo12(r->place, value, 2);
	case R_AARCH64_LDST64_ABS_LO12_NC:
		return lo12(r->place, value, 3);
	case R_AARCH64_LDST128_ABS_LO12_NC:
		return lo12(r->place, value, 4);
	case R_AARCH64_JUMP26:
	case R_AARCH64_CALL26:
		if (!branch(r->place, value))
			return 0;
		return branch(r->place, xl_link_stub(link, value));
	case R_AARCH64_ADR_GOT_PAGE:       /* the slot holds S + A */
		return adrp(r->place, xl_link_got(link, value), 1);
	default:                            /* R_AARCH64_LD64_GOT_LO12_NC */
		return lo12(r->place, xl_link_got(link, value), 3);
	}
}

/* ldr x16, #8; br x16; then the target (x16 is the veneers' register). */
void xl_host_write_stub(uint8_t *at, uint64_t target)
{
	set_insn(at, 0x58000050);
	set_insn(at + 4, 0xd61f0200);
	memcpy(at + XL_HOST_STUB_TARGET, &target, sizeof target);
}
