/* Kernel structures whose layout differs between guests, described as data:
 * each guest's struct guest_arch names its layouts, the syscall layer
 * converts through them. Guests and hosts are all little-endian. */
#ifndef XL_ABI_H
#define XL_ABI_H

#include <stdint.h>

/* One field of a guest structure: byte offset and width (0: absent). */
struct xl_field {
	uint16_t off;
	uint8_t size;
};

/* struct stat as the guest's kernel fills it. */
struct xl_stat_layout {
	uint16_t size;
	struct xl_field dev, ino, mode, nlink, uid, gid, rdev, size_, blksize, blocks;
	struct xl_field atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
};

/* struct epoll_event: packed on x86-64 only. */
struct xl_epoll_layout {
	uint16_t size;
	struct xl_field events, data;
};

/* The kernel's struct sigaction: sa_restorer where SA_RESTORER exists. */
struct xl_sigaction_layout {
	uint16_t size;
	struct xl_field handler, flags, restorer, mask;
};

/* The asm-generic layouts (riscv64 and every newer architecture). */
extern const struct xl_stat_layout xl_stat_generic;
extern const struct xl_epoll_layout xl_epoll_generic;
extern const struct xl_sigaction_layout xl_sigaction_generic;

/* Reads or writes field f of the structure at base. */
uint64_t xl_field_get(const void *base, struct xl_field f);
void xl_field_put(void *base, struct xl_field f, uint64_t value);

#endif
