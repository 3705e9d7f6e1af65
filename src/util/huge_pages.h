/* Large anonymous mappings backed by transparent huge pages where the
 * kernel offers them: in a virtual machine a page fault costs ~10 us, and
 * a short program's start touches hundreds of fresh pages of the code
 * arena and the code cache; one 2 MiB fault replaces 512 small ones. */
#ifndef XL_HUGE_PAGES_H
#define XL_HUGE_PAGES_H

#include <stddef.h>

#define XL_HUGE_PAGE_SIZE ((size_t)2 << 20)

/* size bytes of zeroed memory with protection prot, aligned to a huge page
 * and only backed when touched; NULL when the address space is full. */
void *xl_map_huge(size_t size, int prot);
/* Asks for huge pages on [start, start + size), as far as it is aligned. */
void xl_advise_huge(void *start, size_t size);

#endif
