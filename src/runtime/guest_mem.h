/* Safe accesses to guest memory by the runtime (not by translated code):
 * xlift reads and writes guest memory only through these, so a bad guest
 * pointer gives EFAULT, as on Linux, instead of a fault inside xlift. */
#ifndef XL_GUEST_MEM_H
#define XL_GUEST_MEM_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

/* The guest code at pc, for a translator: *bytes points at a copy of up
 * to want bytes (want <= a page); returns how
 * many could be read, 0 if none. Code that another thread unmaps or
 * rewrites meanwhile is never read in place. Each thread keeps its copy of
 * the page (and the next) until the guest's memory changes; the pointer
 * is good until the thread's next call. */
size_t xl_code_read(uint64_t pc, size_t want, const uint8_t **bytes);
/* The guest mapped, unmapped or reprotected memory, or said its code
 * changed: copies of guest code may be wrong now. */
void xl_guest_mappings_changed(void);

/* Copies to or from guest memory, a fault ending the copy: 0, or -EFAULT
 * when part of the range cannot be written or read. */
int xl_guest_write(uint64_t addr, const void *from, size_t len);
int xl_guest_read(void *to, uint64_t addr, size_t len);

/* One object of the guest's, by value. */
#define XL_COPY_IN(to, addr) xl_guest_read(&(to), (addr), sizeof(to))
#define XL_COPY_OUT(addr, from) xl_guest_write((addr), &(from), sizeof(from))

/* Copies the NUL-terminated string at addr into to: its length, or
 * -EFAULT when it cannot be read up to its NUL, or -ENAMETOOLONG when
 * its first size bytes hold none (Linux's strncpy_from_user). */
long xl_guest_read_str(char *to, size_t size, uint64_t addr);

/* Whether the aligned 32-bit word at addr can be written, asked without
 * changing it (for atomic operations, which cannot go through a copy). */
int xl_guest_word_writable(uint64_t addr);

#endif
