#include "translate/object_link.h"
#include "translate/code_memory.h"
#include "translate/pc_map.h"
#include "translate/symbols.h"
#include "host/relocate.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

/* The object being linked: its bytes, which sections it wants loaded,
 * where each went (NULL: not loaded), and the runtime's value of each
 * undefined symbol once resolved (0: not yet), since the relocations of
 * one region name the same few slots and helpers many times. Placed into
 * an image (place set), its undefined symbols are placeholders instead. */
struct object {
	struct xl_object_placement *place;
	const uint8_t *data;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	uint8_t *wanted;
	uint8_t **loaded;
	const Elf64_Sym *syms;
	size_t nsyms;
	uint64_t *resolved;
	const char *strtab;
	size_t strtab_size;
};

/* The GOT slots and stubs reserved behind the object's sections. */
struct xl_link {
	uint64_t *got;
	unsigned got_used, got_cap;
	uint8_t *stubs;
	unsigned stubs_used, stubs_cap;
	const char *error;
};

int xl_link_put32(uint8_t *place, int64_t v)
{
	int32_t field = (int32_t)v;

	if (field != v)
		return -1;
	memcpy(place, &field, sizeof field);
	return 0;
}

uint64_t xl_link_got(struct xl_link *link, uint64_t value)
{
	unsigned i;

	for (i = 0; i < link->got_used && link->got[i] != value; i++)
		;
	if (i == link->got_used)
		link->got[link->got_used++] = value;
	return (uintptr_t)&link->got[i];
}

uint64_t xl_link_stub(struct xl_link *link, uint64_t target)
{
	for (unsigned i = 0; i < link->stubs_used; i++) {
		uint8_t *stub = link->stubs + i * XL_HOST_STUB_SIZE;
		uint64_t to;
		memcpy(&to, stub + XL_HOST_STUB_TARGET, sizeof to);
		if (to == target)
			return (uintptr_t)stub;
	}
	uint8_t *stub = link->stubs + link->stubs_used++ * XL_HOST_STUB_SIZE;
	xl_host_write_stub(stub, target);
	return (uintptr_t)stub;
}

/* What an undefined symbol stands for while an object is placed into an
 * image: no address of this process (above any user address), out of
 * reach of every branch and PC-relative field, and telling the symbol and
 * the addend apart wherever a GOT slot or stub ends up holding S + A. */
#define PLACEHOLDER (UINT64_C(1) << 62)
#define PLACEHOLDER_SHIFT 24

static uint64_t placeholder(uint64_t symbol)
{
	return PLACEHOLDER + (symbol << PLACEHOLDER_SHIFT) + (UINT64_C(1) << (PLACEHOLDER_SHIFT - 1));
}

static int in_bounds(const struct object *o, uint64_t offset, uint64_t len)
{
	return offset <= o->size && len <= o->size - offset;
}

static const char *section_name(const struct object *o, unsigned i)
{
	const Elf64_Shdr *names = &o->sh[o->eh->e_shstrndx];
	uint64_t at = o->sh[i].sh_name;

	if (at >= names->sh_size || !memchr(o->data + names->sh_offset + at, 0, names->sh_size - at))
		return NULL;
	return (const char *)o->data + names->sh_offset + at;
}

static const char *check_sections(struct object *o)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)o->data;

	if (o->size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_type != ET_REL)
		return "not an ELF64 relocatable object";
	if (eh->e_machine != xl_host_elf_machine)
		return "an object for another machine";
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shstrndx >= eh->e_shnum ||
	    !in_bounds(o, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)) ||
	    eh->e_shoff % 8)
		return "a bad section table";
	o->eh = eh;
	o->sh = (const Elf64_Shdr *)(o->data + eh->e_shoff);
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *s = &o->sh[i];
		if (s->sh_type != SHT_NOBITS && !in_bounds(o, s->sh_offset, s->sh_size))
			return "a section outside the object";
		if (s->sh_addralign & (s->sh_addralign - 1))
			return "a section alignment that is no power of two";
	}
	if (o->sh[eh->e_shstrndx].sh_type != SHT_STRTAB)
		return "no section names";
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *s = &o->sh[i];
		if (s->sh_type != SHT_SYMTAB)
			continue;
		if (s->sh_entsize != sizeof(Elf64_Sym) || s->sh_link >= eh->e_shnum ||
		    o->sh[s->sh_link].sh_type != SHT_STRTAB || s->sh_offset % 8)
			return "a bad symbol table";
		o->syms = (const Elf64_Sym *)(o->data + s->sh_offset);
		o->nsyms = s->sh_size / sizeof(Elf64_Sym);
		o->strtab = (const char *)o->data + o->sh[s->sh_link].sh_offset;
		o->strtab_size = o->sh[s->sh_link].sh_size;
	}
	return o->syms ? NULL : "no symbol table";
}

/* Translated code is never unwound through: its EH frames stay out. */
static void choose_sections(struct object *o)
{
	for (unsigned i = 0; i < o->eh->e_shnum; i++) {
		const char *name = section_name(o, i);
		o->wanted[i] = (o->sh[i].sh_flags & SHF_ALLOC) && name && strcmp(name, ".eh_frame");
	}
}

static int relocates_wanted(const struct object *o, const Elf64_Shdr *s)
{
	return s->sh_type == SHT_RELA && s->sh_info < o->eh->e_shnum && o->wanted[s->sh_info];
}

static const char *symbol_name(const struct object *o, const Elf64_Sym *sym)
{
	if (sym->st_name >= o->strtab_size ||
	    !memchr(o->strtab + sym->st_name, 0, o->strtab_size - sym->st_name))
		return NULL;
	return o->strtab + sym->st_name;
}

/* The address of symbol i, or 0 with link->error set. */
static uint64_t symbol_value(const struct object *o, uint64_t i, struct xl_link *link)
{
	if (o->place && i < o->nsyms && o->syms[i].st_shndx == SHN_UNDEF)
		return placeholder(i);
	if (i >= o->nsyms) {
		link->error = "a relocation names no symbol";
		return 0;
	}
	const Elf64_Sym *sym = &o->syms[i];
	if (sym->st_shndx == SHN_ABS)
		return sym->st_value;
	if (sym->st_shndx == SHN_UNDEF) {
		if (!o->resolved[i]) {
			const char *name = symbol_name(o, sym);
			o->resolved[i] = name ? xl_symbol_resolve(name) : 0;
		}
		if (!o->resolved[i])
			link->error = "a symbol the runtime does not define";
		return o->resolved[i];
	}
	if (sym->st_shndx >= o->eh->e_shnum || !o->loaded[sym->st_shndx]) {
		link->error = "a symbol in a section not loaded";
		return 0;
	}
	return (uintptr_t)o->loaded[sym->st_shndx] + sym->st_value;
}

static const struct xl_host_reloc_type *reloc_type(uint32_t type)
{
	for (unsigned i = 0; i < xl_host_nreloc_types; i++)
		if (xl_host_reloc_types[i].type == type)
			return &xl_host_reloc_types[i];
	return NULL;
}

static unsigned field_width(const struct xl_host_reloc_type *t)
{
	return t->kind == XL_RELOC_ABS64 || t->kind == XL_RELOC_PREL64 ? 8 : 4;
}

/* The relocations all hosts share; the rest are the host's. */
static int apply(const struct xl_host_reloc_type *t, const struct xl_reloc *r,
		 struct xl_link *link)
{
	uint64_t value = r->symbol + (uint64_t)r->addend, p = (uintptr_t)r->place;

	switch (t->kind) {
	case XL_RELOC_ABS64:
		memcpy(r->place, &value, sizeof value);
		return 0;
	case XL_RELOC_PREL64:
		value -= p;
		memcpy(r->place, &value, sizeof value);
		return 0;
	case XL_RELOC_PREL32:
		return xl_link_put32(r->place, (int64_t)(value - p));
	default:
		return xl_host_relocate(r, link);
	}
}

/* Counts what the relocations need beyond the sections, checking them. */
static const char *count_needs(const struct object *o, struct xl_link *link)
{
	for (unsigned i = 0; i < o->eh->e_shnum; i++) {
		const Elf64_Shdr *s = &o->sh[i];
		if (!relocates_wanted(o, s))
			continue;
		if (s->sh_entsize != sizeof(Elf64_Rela) || s->sh_offset % 8)
			return "a bad relocation section";
		const Elf64_Rela *r = (const Elf64_Rela *)(o->data + s->sh_offset);
		for (size_t k = 0; k < s->sh_size / sizeof *r; k++) {
			const struct xl_host_reloc_type *t = reloc_type(ELF64_R_TYPE(r[k].r_info));
			if (!t)
				return "a relocation type xlift does not link";
			if (r[k].r_offset > o->sh[s->sh_info].sh_size ||
			    o->sh[s->sh_info].sh_size - r[k].r_offset < field_width(t))
				return "a relocation outside its section";
			link->got_cap += !!(t->needs & XL_RELOC_GOT);
			link->stubs_cap += !!(t->needs & XL_RELOC_BRANCH);
		}
	}
	return NULL;
}

/* An image's code is mapped unrelocated: it may refer to the runtime only
 * through its GOT slots and stubs, and to itself only PC-relatively. */
static const char *not_position_independent(const struct object *o, const Elf64_Rela *r)
{
	const struct xl_host_reloc_type *t = reloc_type(ELF64_R_TYPE(r->r_info));

	if (t->kind == XL_RELOC_ABS64)
		return "an absolute relocation";
	if (o->syms[ELF64_R_SYM(r->r_info)].st_shndx == SHN_UNDEF &&
	    !(t->needs & (XL_RELOC_GOT | XL_RELOC_BRANCH)))
		return "a runtime symbol referred to neither through the GOT nor by a branch";
	return NULL;
}

static const char *relocate(const struct object *o, struct xl_link *link)
{
	for (unsigned i = 0; i < o->eh->e_shnum; i++) {
		const Elf64_Shdr *s = &o->sh[i];
		if (!relocates_wanted(o, s))
			continue;
		const Elf64_Rela *r = (const Elf64_Rela *)(o->data + s->sh_offset);
		for (size_t k = 0; k < s->sh_size / sizeof *r; k++) {
			struct xl_reloc rel = {
				.type = ELF64_R_TYPE(r[k].r_info),
				.place = o->loaded[s->sh_info] + r[k].r_offset,
				.symbol = symbol_value(o, ELF64_R_SYM(r[k].r_info), link),
				.addend = r[k].r_addend,
			};
			if (link->error)
				return link->error;
			const char *why = o->place ? not_position_independent(o, &r[k]) : NULL;
			if (why)
				return why;
			if (apply(reloc_type(rel.type), &rel, link))
				return "a relocation whose value does not fit";
		}
	}
	return NULL;
}

static const char *find_functions(const struct object *o, struct xl_linked_function *f, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		f[k].code = NULL;
		for (size_t i = 0; i < o->nsyms && !f[k].code; i++) {
			const Elf64_Sym *sym = &o->syms[i];
			const char *name = symbol_name(o, sym);
			if (ELF64_ST_TYPE(sym->st_info) != STT_FUNC || !name || strcmp(name, f[k].name))
				continue;
			if (sym->st_shndx >= o->eh->e_shnum || !o->loaded[sym->st_shndx])
				return "a function in a section not loaded";
			f[k].code = o->loaded[sym->st_shndx] + sym->st_value;
			f[k].size = sym->st_size;
		}
		if (!f[k].code)
			return "a function missing";
	}
	return NULL;
}

/* Where the loaded sections go (offsets from the first), their size and
 * alignment, and how many GOT slots and stubs the relocations need. */
struct layout {
	uint64_t *offset;
	uint64_t sections, align;
};

static const char *lay_out(const struct object *o, struct xl_link *link, struct layout *l)
{
	uint64_t at = 0;

	l->align = 16;
	if (!(l->offset = calloc(o->eh->e_shnum, sizeof *l->offset)))
		return "out of memory";
	for (unsigned i = 0; i < o->eh->e_shnum; i++) {
		uint64_t a = o->sh[i].sh_addralign ? o->sh[i].sh_addralign : 1;
		if (!o->wanted[i])
			continue;
		if (a > l->align)
			l->align = a;
		at = (at + a - 1) & ~(a - 1);
		l->offset[i] = at;
		at += o->sh[i].sh_size;
	}
	l->sections = at;
	const char *error = count_needs(o, link);
	return !error && at > (1u << 24) ? "sections too large" : error;
}

/* The GOT slots, then the stubs, from an 8-byte aligned start. */
static uint64_t stubs_offset(const struct xl_link *link)
{
	return (link->got_cap * 8 + 15) & ~(uint64_t)15;
}

static uint64_t slots_size(const struct xl_link *link)
{
	return stubs_offset(link) + link->stubs_cap * XL_HOST_STUB_SIZE;
}

static void copy_sections(struct object *o, const struct layout *l, uint8_t *start)
{
	for (unsigned i = 0; i < o->eh->e_shnum; i++) {
		if (!o->wanted[i])
			continue;
		o->loaded[i] = start + l->offset[i];
		if (o->sh[i].sh_type == SHT_NOBITS)
			memset(o->loaded[i], 0, o->sh[i].sh_size);
		else
			memcpy(o->loaded[i], o->data + o->sh[i].sh_offset, o->sh[i].sh_size);
	}
}

static void set_slots(struct xl_link *link, uint8_t *at)
{
	link->got = (uint64_t *)at;
	link->stubs = at + stubs_offset(link);
}

/* The object's loaded section XL_PC_MAP_SECTION, or NULL. */
static const Elf64_Shdr *pc_map_section(const struct object *o, uint8_t **loaded)
{
	for (unsigned i = 0; i < o->eh->e_shnum; i++) {
		const char *name = section_name(o, i);
		if (o->loaded[i] && name && !strcmp(name, XL_PC_MAP_SECTION)) {
			*loaded = o->loaded[i];
			return &o->sh[i];
		}
	}
	return NULL;
}

/* The translated code's map of guest pcs (translate/pc_map.h). */
static const char *add_pc_map(const struct object *o, const uint8_t *start, size_t size)
{
	uint8_t *section;
	const Elf64_Shdr *s = pc_map_section(o, &section);

	if (s && !xl_pc_map_valid(section, s->sh_size, start, start + size))
		return "a malformed map of guest pcs";
	if (s)
		xl_pc_map_add(section, s->sh_size, start, start + size);
	return NULL;
}

static const char *open_object(struct object *o, const uint8_t *data, size_t size)
{
	/* The buffer holds an object LLVM wrote or a file of the code store,
	 * whose sections and tables are 8-byte aligned in it. */
	*o = (struct object){ .data = data, .size = size, .place = o->place };
	const char *error = (uintptr_t)data % 8 ? "a misaligned buffer" : check_sections(o);
	if (error)
		return error;
	if (!(o->loaded = calloc(o->eh->e_shnum, sizeof *o->loaded)) ||
	    !(o->wanted = calloc(o->eh->e_shnum, 1)) ||
	    !(o->resolved = calloc(o->nsyms, sizeof *o->resolved)))
		return "out of memory";
	choose_sections(o);
	return NULL;
}

static void close_object(struct object *o, struct layout *l)
{
	free(o->loaded);
	free(o->wanted);
	free(o->resolved);
	free(l->offset);
}

int xl_object_link(const uint8_t *data, size_t size, struct xl_linked_function *functions,
		   unsigned n, const char **error)
{
	struct object o = { 0 };
	struct xl_link link = { 0 };
	struct layout l = { 0 };
	uint8_t *start = NULL;
	size_t block = 0;

	*error = open_object(&o, data, size);
	if (!*error)
		*error = lay_out(&o, &link, &l);
	if (!*error) {
		uint64_t slots_at = (l.sections + 7) & ~(uint64_t)7;
		block = slots_at + slots_size(&link);
		start = xl_code_alloc(block, l.align);
		copy_sections(&o, &l, start);
		set_slots(&link, start + slots_at);
		*error = relocate(&o, &link);
	}
	if (!*error)
		*error = find_functions(&o, functions, n);
	if (!*error)
		*error = add_pc_map(&o, start, block);
	if (!*error)
		xl_code_publish(start, block);
	close_object(&o, &l);
	return *error ? -1 : 0;
}

int xl_object_measure(const uint8_t *data, size_t size, struct xl_object_layout *layout,
		      const char **error)
{
	struct object o = { 0 };
	struct xl_link link = { 0 };
	struct layout l = { 0 };

	*error = open_object(&o, data, size);
	if (!*error)
		*error = lay_out(&o, &link, &l);
	if (!*error)
		*layout = (struct xl_object_layout){ l.sections, l.align, slots_size(&link) };
	close_object(&o, &l);
	return *error ? -1 : 0;
}

/* A slot holding a placeholder: what the runtime fills in, reported. */
static const char *report_slot(const struct object *o, uint8_t *slot,
			       const struct xl_object_placement *p)
{
	uint64_t v;

	memcpy(&v, slot, sizeof v);
	uint64_t symbol = (v - PLACEHOLDER) >> PLACEHOLDER_SHIFT;
	if (v < PLACEHOLDER || symbol >= o->nsyms)
		return "a GOT slot or stub holding an address of the object's own";
	const char *name = symbol_name(o, &o->syms[symbol]);
	struct xl_symbol parsed;
	if (!name)
		return "a relocation names no symbol";
	if (!xl_symbol_parse(name, &parsed))
		return "a symbol the runtime does not define";
	p->fixup(p->arg, (uint64_t)(slot - p->data), &parsed, (int64_t)(v - placeholder(symbol)));
	memset(slot, 0, sizeof v);
	return NULL;
}

static const char *report(const struct object *o, const struct xl_link *link,
			  uint64_t code_size, struct xl_object_placement *p)
{
	const char *error = NULL;
	uint8_t *section;

	for (unsigned i = 0; i < link->got_used && !error; i++)
		error = report_slot(o, (uint8_t *)&link->got[i], p);
	for (unsigned i = 0; i < link->stubs_used && !error; i++)
		error = report_slot(o, link->stubs + i * XL_HOST_STUB_SIZE + XL_HOST_STUB_TARGET, p);
	for (size_t i = 0; i < o->nsyms && !error; i++) {
		const Elf64_Sym *sym = &o->syms[i];
		const char *name = symbol_name(o, sym);
		if (ELF64_ST_TYPE(sym->st_info) != STT_FUNC || sym->st_shndx == SHN_UNDEF)
			continue;
		if (!name || sym->st_shndx >= o->eh->e_shnum || !o->loaded[sym->st_shndx])
			return "a function in a section not loaded";
		p->function(p->arg, name, (uint64_t)(o->loaded[sym->st_shndx] + sym->st_value - p->code),
			    sym->st_size);
	}
	const Elf64_Shdr *s = error ? NULL : pc_map_section(o, &section);
	if (s && !xl_pc_map_valid(section, s->sh_size, p->code, p->code + code_size))
		return "a malformed map of guest pcs";
	p->pc_map = s ? (uint64_t)(section - p->code) : 0;
	p->pc_map_size = s ? s->sh_size : 0;
	return error;
}

int xl_object_place(const uint8_t *data, size_t size, struct xl_object_placement *p,
		    const char **error)
{
	struct object o = { .place = p };
	struct xl_link link = { 0 };
	struct layout l = { 0 };

	*error = open_object(&o, data, size);
	if (!*error)
		*error = lay_out(&o, &link, &l);
	if (!*error && ((uintptr_t)p->code % l.align || (uintptr_t)p->data % 16))
		*error = "a misaligned placement";
	if (!*error) {
		copy_sections(&o, &l, p->code);
		set_slots(&link, p->data);
		*error = relocate(&o, &link);
	}
	if (!*error)
		*error = report(&o, &link, l.sections, p);
	close_object(&o, &l);
	return *error ? -1 : 0;
}
