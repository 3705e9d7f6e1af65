#include "host/prefault.h"

#include <elf.h>
#include <link.h>

/* Linker-defined and hidden: its address is pc-relative, needing no
 * relocation. */
extern const ElfW(Ehdr) __ehdr_start __attribute__((visibility("hidden")));

/* Nor may the compiler make the scans below calls of libc's strlen. */
__attribute__((no_stack_protector, optimize("no-tree-loop-distribute-patterns")))
struct xl_image_range xl_image_writable(const uintptr_t *entry_sp)
{
	/* argc, argv[], NULL, envp[], NULL, then the auxiliary vector. */
	const uintptr_t *p = entry_sp + 1 + entry_sp[0] + 1;
	uintptr_t page = 4096, base = (uintptr_t)&__ehdr_start;
	struct xl_image_range r = { 0, 0 };

	while (*p)
		p++;
	for (p++; p[0] != AT_NULL; p += 2)
		if (p[0] == AT_PAGESZ)
			page = p[1];
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(base + __ehdr_start.e_phoff);
	for (unsigned i = 0; i < __ehdr_start.e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_W)) {
			uintptr_t start = (base + ph[i].p_vaddr) & ~(page - 1);
			uintptr_t end = (base + ph[i].p_vaddr + ph[i].p_memsz + page - 1) & ~(page - 1);
			r.start = start;
			r.len = end - start;
		}
	return r;
}
