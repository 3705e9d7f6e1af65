#include "host/self_relocate.h"
#include "util/die.h"

#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/mman.h>

/* Linker-defined and hidden: their addresses are pc-relative, needing no
 * relocation.  The ranges are llvm_init.ld's xl_llvm_data_rel_ro and
 * xl_llvm_bss. */
extern const ElfW(Ehdr) __ehdr_start __attribute__((visibility("hidden")));
extern ElfW(Dyn) _DYNAMIC[] __attribute__((visibility("hidden")));
extern char xl_llvm_relro_start[] __attribute__((visibility("hidden")));
extern char xl_llvm_relro_end[] __attribute__((visibility("hidden")));
extern char xl_llvm_bss_start[] __attribute__((visibility("hidden")));
extern char xl_llvm_bss_end[] __attribute__((visibility("hidden")));

/* What the entry left for xl_self_relocate_deferred (written before the
 * image is relocated: plain pc-relative data). */
static const ElfW(Relr) *deferred_relr;
static size_t deferred_count;
static uintptr_t deferred_base, page_size;

/* Nor may the compiler make the loops below calls of libc's memset or
 * strlen: this runs before libc is usable. */
#define XL_UNRELOCATED __attribute__((no_stack_protector, optimize("no-tree-loop-distribute-patterns")))

/* Relocates the word at W when it is inside [LO, HI) and INSIDE, or
 * outside it and not INSIDE; returns whether it did. */
XL_UNRELOCATED
static size_t relocate_word(uintptr_t *w, uintptr_t base, uintptr_t lo, uintptr_t hi, bool inside)
{
	if (((uintptr_t)w >= lo && (uintptr_t)w < hi) != inside)
		return 0;
	*w += base;
	return 1;
}

/* Applies those relative relocations of RELR[0..N) that relocate_word
 * picks; returns how many. */
XL_UNRELOCATED
static size_t apply_relr(const ElfW(Relr) *relr, size_t n, uintptr_t base, uintptr_t lo, uintptr_t hi,
			 bool inside)
{
	const unsigned bitmap_words = 8 * sizeof(*relr) - 1;
	uintptr_t *where = NULL;
	size_t applied = 0;

	for (size_t i = 0; i < n; i++) {
		ElfW(Relr) e = relr[i];
		/* An even entry is an address; an odd one a bitmap of the
		 * words after the last address or bitmap. */
		if (!(e & 1)) {
			where = (uintptr_t *)(base + e);
			applied += relocate_word(where++, base, lo, hi, inside);
			continue;
		}
		/* A bitmap spans 63 words: one all on the other side of LO
		 * and HI (most of them, LLVM's range being 1.6 MB) is
		 * skipped, and its bits are found by count, not tested one
		 * by one (half of them mispredicted). */
		uintptr_t first = (uintptr_t)where, last = (uintptr_t)(where + bitmap_words);
		bool all_inside = first >= lo && last <= hi, all_outside = last <= lo || first >= hi;
		if (inside ? !all_outside : !all_inside)
			for (e >>= 1; e; e &= e - 1)
				applied += relocate_word(where + __builtin_ctzl(e), base, lo, hi, inside);
		where += bitmap_words;
	}
	return applied;
}

/* Whether any of the SIZE bytes of Elf_Rela at RELA targets [LO, HI). */
XL_UNRELOCATED
static bool rela_targets(const ElfW(Rela) *rela, size_t size, uintptr_t base, uintptr_t lo, uintptr_t hi)
{
	for (size_t i = 0; i < size / sizeof(*rela); i++)
		if (base + rela[i].r_offset >= lo && base + rela[i].r_offset < hi)
			return true;
	return false;
}

/* A page-aligned range of the image. */
struct span {
	uintptr_t from, to;
};

/* The whole pages of [LO, HI); an empty span at HI's page when none. */
XL_UNRELOCATED
static struct span whole_pages(uintptr_t lo, uintptr_t hi, uintptr_t page)
{
	uintptr_t from = (lo + page - 1) & ~(page - 1), to = hi & ~(page - 1);

	return from < to ? (struct span){ from, to } : (struct span){ to, to };
}

XL_UNRELOCATED
static void populate(uintptr_t from, uintptr_t to)
{
	if (from < to)
		xl_entry_madvise(from, to - from, MADV_POPULATE_WRITE);
}

XL_UNRELOCATED
void xl_self_relocate(const uintptr_t *entry_sp)
{
	/* argc, argv[], NULL, envp[], NULL, then the auxiliary vector. */
	const uintptr_t *p = entry_sp + 1 + entry_sp[0] + 1;
	uintptr_t base = (uintptr_t)&__ehdr_start, page = 4096;
	uintptr_t start = 0, end = 0, relro_start = 0, relro_end = 0;

	while (*p)
		p++;
	for (p++; p[0] != AT_NULL; p += 2)
		if (p[0] == AT_PAGESZ)
			page = p[1];
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(base + __ehdr_start.e_phoff);
	for (unsigned i = 0; i < __ehdr_start.e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_W)) {
			start = (base + ph[i].p_vaddr) & ~(page - 1);
			end = (base + ph[i].p_vaddr + ph[i].p_memsz + page - 1) & ~(page - 1);
		} else if (ph[i].p_type == PT_GNU_RELRO) {
			relro_start = base + ph[i].p_vaddr;
			relro_end = relro_start + ph[i].p_memsz;
		}

	const ElfW(Relr) *relr = NULL;
	size_t relr_size = 0;
	ElfW(Dyn) *relr_size_entry = NULL;
	bool other_targets = false;
	uintptr_t lo = (uintptr_t)xl_llvm_relro_start, hi = (uintptr_t)xl_llvm_relro_end;
	const void *rela = NULL, *jmprel = NULL;
	size_t rela_size = 0, jmprel_size = 0;

	for (ElfW(Dyn) *d = _DYNAMIC; d->d_tag != DT_NULL; d++)
		switch (d->d_tag) {
		case DT_RELR: relr = (const ElfW(Relr) *)(base + d->d_un.d_ptr); break;
		case DT_RELRSZ: relr_size = d->d_un.d_val; relr_size_entry = d; break;
		case DT_RELA: rela = (const void *)(base + d->d_un.d_ptr); break;
		case DT_RELASZ: rela_size = d->d_un.d_val; break;
		case DT_JMPREL: jmprel = (const void *)(base + d->d_un.d_ptr); break;
		case DT_PLTRELSZ: jmprel_size = d->d_un.d_val; break;
		case DT_REL: other_targets = true; break;
		}
	if (rela)
		other_targets |= rela_targets(rela, rela_size, base, lo, hi);
	if (jmprel)
		other_targets |= rela_targets(jmprel, jmprel_size, base, lo, hi);
	/* Deferred pages must be read-only after glibc's RELRO protection,
	 * which xl_self_relocate_deferred restores. */
	bool defer = relr && relr_size_entry && !other_targets && lo < hi && lo >= relro_start &&
		     hi <= relro_end;
	struct span data = defer ? whole_pages(lo, hi, page) : (struct span){ start, start };
	struct span bss = whole_pages((uintptr_t)xl_llvm_bss_start, (uintptr_t)xl_llvm_bss_end, page);

	populate(start, data.from);
	populate(data.to, bss.from);
	populate(bss.to, end);
	if (!defer)
		return;
	apply_relr(relr, relr_size / sizeof(*relr), base, lo, hi, false);
	relr_size_entry->d_un.d_val = 0;
	deferred_relr = relr;
	deferred_count = relr_size / sizeof(*relr);
	deferred_base = base;
	page_size = page;
}

static void relocate_deferred(void)
{
	uintptr_t lo = (uintptr_t)xl_llvm_relro_start, hi = (uintptr_t)xl_llvm_relro_end;
	uintptr_t from = lo & ~(page_size - 1), to = (hi + page_size - 1) & ~(page_size - 1);

	if (mprotect((void *)from, to - from, PROT_READ | PROT_WRITE))
		xl_die("cannot make LLVM's data writable to relocate it: %m");
	madvise((void *)from, to - from, MADV_POPULATE_WRITE);
	size_t applied = apply_relr(deferred_relr, deferred_count, deferred_base, lo, hi, true);
	if (mprotect((void *)from, to - from, PROT_READ))
		xl_die("cannot protect LLVM's relocated data: %m");
	xl_debug("LLVM's data relocated: %zu relocations in %zu KiB", applied, (hi - lo) >> 10);
}

void xl_self_relocate_deferred(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	if (deferred_relr)
		pthread_once(&once, relocate_deferred);
}
