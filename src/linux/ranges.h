/* The registry of guest memory: what a guest may map over, unmap or
 * protect. Everything else mapped belongs to xlift. Ranges are [start, end)
 * in whole pages. */
#ifndef XL_RANGES_H
#define XL_RANGES_H

#include <stdint.h>

void xl_ranges_add(uint64_t start, uint64_t end);
void xl_ranges_remove(uint64_t start, uint64_t end);

/* Whether [start, end) holds only guest memory and holes, so the guest may
 * replace or change it. */
int xl_ranges_guest_may_change(uint64_t start, uint64_t end);

#endif
