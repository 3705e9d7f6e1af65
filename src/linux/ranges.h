/* The guest's address space. The registry of guest memory says what a
 * guest may map over, unmap or protect; everything else mapped belongs to
 * xlift. Ranges are [start, end) in whole pages. xlift also chooses where
 * the guest's mappings go when the guest leaves that to the kernel: the
 * kernel's choice differs from run to run (ASLR), xlift's does not, so a
 * program's code lands at the same addresses in every run. */
#ifndef XL_RANGES_H
#define XL_RANGES_H

#include <stdint.h>

uint64_t xl_page_up(uint64_t addr);

void xl_ranges_add(uint64_t start, uint64_t end);
void xl_ranges_remove(uint64_t start, uint64_t end);

/* Whether [start, end) holds only guest memory and holes, so the guest may
 * replace or change it. */
int xl_ranges_guest_may_change(uint64_t start, uint64_t end);

/* The mappings xlift makes for the guest: mmap(2) arguments without an
 * address the kernel must use, and results as the raw syscall gives them
 * (an address or -errno). The mapping is registered as guest memory. */

/* At exactly addr, replacing nothing: -EEXIST when something is there. */
long xl_ranges_map_at(uint64_t addr, uint64_t len, int prot, int flags,
		      int fd, uint64_t offset);

/* At hint (rounded up to align) when that range is free, as the kernel
 * honours hints, else at the top of the highest free gap, aligned to
 * align, below the guest's mmap base; where the kernel chooses once that
 * area is full. hint 0: no hint. */
long xl_ranges_map(uint64_t hint, uint64_t len, uint64_t align, int prot,
		   int flags, int fd, uint64_t offset);

#endif
