/* The asm-generic structure layouts, and fields read and written by layout. */
#include "linux/abi.h"

#include <string.h>

#define F(off, size) { (off), (size) }

/* include/uapi/asm-generic/stat.h */
const struct xl_stat_layout xl_stat_generic = {
	.size = 128,
	.dev = F(0, 8), .ino = F(8, 8), .mode = F(16, 4), .nlink = F(20, 4),
	.uid = F(24, 4), .gid = F(28, 4), .rdev = F(32, 8), .size_ = F(48, 8),
	.blksize = F(56, 4), .blocks = F(64, 8),
	.atime = F(72, 8), .atime_nsec = F(80, 8), .mtime = F(88, 8), .mtime_nsec = F(96, 8),
	.ctime = F(104, 8), .ctime_nsec = F(112, 8),
};

/* include/uapi/linux/eventpoll.h without the x86-64 packing */
const struct xl_epoll_layout xl_epoll_generic = {
	.size = 16, .events = F(0, 4), .data = F(8, 8),
};

/* include/linux/signal_types.h without SA_RESTORER */
const struct xl_sigaction_layout xl_sigaction_generic = {
	.size = 24, .handler = F(0, 8), .flags = F(8, 8), .mask = F(16, 8),
};

/* Little-endian everywhere: the low bytes of a value are its first. */
uint64_t xl_field_get(const void *base, struct xl_field f)
{
	uint64_t v = 0;

	memcpy(&v, (const char *)base + f.off, f.size);
	return v;
}

void xl_field_put(void *base, struct xl_field f, uint64_t value)
{
	memcpy((char *)base + f.off, &value, f.size);
}
