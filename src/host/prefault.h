/* Before glibc relocates the static-PIE xlift, its entry point (host/<arch>/
 * entry.c, the link's -e) backs the whole writable part of the image in
 * one madvise(MADV_POPULATE_WRITE): the relocation writes ~120k pointers
 * across ~430 pages of .data.rel.ro, and one call costs half of what ~600
 * separate copy-on-write faults do (most of a short guest's start on a
 * virtual machine). A kernel older than 5.14 refuses the advice, and the
 * pages fault in one by one as they would have. */
#ifndef XL_PREFAULT_H
#define XL_PREFAULT_H

#include <stdint.h>

struct xl_image_range {
	uintptr_t start, len;
};

/* The page-aligned writable range of xlift's own image, given the stack
 * pointer at process entry (for the page size in the auxiliary vector).
 * Runs unrelocated, without TLS: no libc, no stack protector. */
struct xl_image_range xl_image_writable(const uintptr_t *entry_sp);

#endif
