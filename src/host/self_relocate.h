/* xlift relocates itself, in two parts.  Its entry point (host/<arch>/
 * entry.c, the link's -e) calls xl_self_relocate before glibc's _start:
 * it backs the writable part of the image in one madvise(MADV_POPULATE_
 * WRITE) (one call costs half of what ~600 separate copy-on-write faults
 * do) and applies the packed relative relocations (DT_RELR) itself, all
 * but those in LLVM's .data.rel.ro, which llvm_init.ld gathers in a range
 * of its own: 1.7 MB of vtables and option tables, ~85% of the ~115k
 * relocations, that a run whose code all comes from the code store never
 * reads.  Glibc is then left no DT_RELR to apply.  That range stays file
 * pages, unwritten, until xl_self_relocate_deferred applies the rest,
 * before xlift first runs LLVM code.  LLVM's .bss (~420 KB, gathered the
 * same way) is not populated either: only LLVM writes it.
 *
 * Without DT_RELR (a link without -z pack-relative-relocs), or where any
 * other relocation targets the deferred range, everything is populated
 * and glibc relocates as usual; xl_self_relocate_deferred has nothing to
 * do then. */
#ifndef XL_SELF_RELOCATE_H
#define XL_SELF_RELOCATE_H

#include <stdint.h>

/* Given the stack pointer at process entry (for the page size in the
 * auxiliary vector).  Runs unrelocated, without TLS: no libc, no stack
 * protector. */
void xl_self_relocate(const uintptr_t *entry_sp);

/* madvise(2) as a raw system call, for xl_self_relocate (host/<arch>/
 * entry.c). */
long xl_entry_madvise(uintptr_t start, uintptr_t len, long advice);

/* Applies the deferred relocations; thread-safe, at most once. */
void xl_self_relocate_deferred(void);

#endif
