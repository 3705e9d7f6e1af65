/* Safe reads of guest memory by the translator (not by translated code). */
#ifndef XL_GUEST_MEM_H
#define XL_GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Can [addr, addr + len) be read without faulting? */
int xl_guest_readable(uint64_t addr, size_t len);

#endif
