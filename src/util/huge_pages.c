#include "util/huge_pages.h"

#include <stdint.h>
#include <sys/mman.h>

void xl_advise_huge(void *start, size_t size)
{
	/* Without THP (or with it disabled) the memory simply stays in small
	 * pages: nothing to report. */
	(void)madvise(start, size, MADV_HUGEPAGE);
}

void *xl_map_huge(size_t size, int prot)
{
	size = (size + XL_HUGE_PAGE_SIZE - 1) & ~(XL_HUGE_PAGE_SIZE - 1);
	/* Map a huge page more than asked and trim both ends to alignment. */
	uint8_t *p = mmap(NULL, size + XL_HUGE_PAGE_SIZE, prot,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	uint8_t *start = (uint8_t *)(((uintptr_t)p + XL_HUGE_PAGE_SIZE - 1) &
				     ~(uintptr_t)(XL_HUGE_PAGE_SIZE - 1));
	if (start > p)
		munmap(p, (size_t)(start - p));
	munmap(start + size, (size_t)(p + XL_HUGE_PAGE_SIZE - start));
	xl_advise_huge(start, size);
	return start;
}
