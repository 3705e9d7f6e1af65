/* Safe accesses to guest memory by the runtime (not by translated code). */
#ifndef XL_GUEST_MEM_H
#define XL_GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Can [addr, addr + len) be read without faulting? */
int xl_guest_readable(uint64_t addr, size_t len);

/* Copies to or from guest memory through the kernel, so that a bad
 * address gives -1 instead of a fault. */
int xl_guest_write(uint64_t addr, const void *from, size_t len);
int xl_guest_read(void *to, uint64_t addr, size_t len);

#endif
