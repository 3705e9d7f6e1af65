/* x86-64's own layouts of kernel structures (arch/x86/include/uapi). */
#include "guest/x86_64/x64_abi.h"

#define F(off, size) { (off), (size) }

/* asm/stat.h: st_nlink before st_mode, both wider than asm-generic's. */
const struct xl_stat_layout x64_stat_layout = {
	.size = 144,
	.dev = F(0, 8), .ino = F(8, 8), .nlink = F(16, 8), .mode = F(24, 4),
	.uid = F(28, 4), .gid = F(32, 4), .rdev = F(40, 8), .size_ = F(48, 8),
	.blksize = F(56, 8), .blocks = F(64, 8),
	.atime = F(72, 8), .atime_nsec = F(80, 8), .mtime = F(88, 8), .mtime_nsec = F(96, 8),
	.ctime = F(104, 8), .ctime_nsec = F(112, 8),
};

/* linux/eventpoll.h: EPOLL_PACKED on x86-64. */
const struct xl_epoll_layout x64_epoll_layout = {
	.size = 12, .events = F(0, 4), .data = F(4, 8),
};

/* asm/signal.h: x86-64 has SA_RESTORER. */
const struct xl_sigaction_layout x64_sigaction_layout = {
	.size = 32, .handler = F(0, 8), .flags = F(8, 8), .restorer = F(16, 8), .mask = F(24, 8),
};
