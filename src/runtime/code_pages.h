/* Which guest pages have been translated, so that guest changes to code
 * (fence.i, munmap, mprotect, a new mapping over old code) drop the stale
 * translations and only those changes pay for it. */
#ifndef XL_CODE_PAGES_H
#define XL_CODE_PAGES_H

#include <stdint.h>

/* The translator read guest code at addr. */
void xl_code_pages_add(uint64_t addr);
/* Drops every translation when [start, start + len) holds translated
 * code; len 0 means all memory. Returns 1 when it dropped them. */
int xl_code_invalidate(uint64_t start, uint64_t len);

#endif
