/* Kernel structures whose guest layout differs from the host's. Every guest
 * so far uses the asm-generic layouts below; a guest with its own layouts
 * (x86-64) will name them in struct guest_arch. */
#ifndef XL_ABI_H
#define XL_ABI_H

#include <stdint.h>

/* asm-generic/stat.h */
struct xl_guest_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t pad2;
	int64_t st_blocks;
	int64_t st_atime_sec, st_atime_nsec;
	int64_t st_mtime_sec, st_mtime_nsec;
	int64_t st_ctime_sec, st_ctime_nsec;
	uint32_t unused[2];
};

/* uapi/linux/eventpoll.h without x86-64's packing */
struct xl_guest_epoll_event {
	uint32_t events;
	uint64_t data;
};

/* asm-generic/signal.h: no sa_restorer */
struct xl_guest_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t mask;
};

#endif
