/* File status flags: every guest (riscv64 by asm-generic, x86-64 by its
 * own table) numbers O_DIRECT, O_LARGEFILE, O_DIRECTORY and O_NOFOLLOW
 * alike, and AArch64 numbers them otherwise. openat and fcntl's
 * F_SETFL/F_GETFL translate them; the other bits are the same everywhere. */
#include "linux/syscall.h"
#include "host/host.h"

#include <fcntl.h>

static const struct { uint32_t guest, host; } moved[] = {
	{ 040000, O_DIRECT }, { 0100000, XL_HOST_O_LARGEFILE },
	{ 0200000, O_DIRECTORY }, { 0400000, O_NOFOLLOW },
};

#define MOVED_GUEST_BITS 0740000u

uint64_t xl_open_flags_to_host(uint64_t flags)
{
	uint64_t host = flags & ~(uint64_t)MOVED_GUEST_BITS;

	for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++)
		if (flags & moved[i].guest)
			host |= moved[i].host;
	return host;
}

static uint64_t open_flags_from_host(uint64_t flags)
{
	uint64_t guest = flags;

	for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++)
		guest &= ~(uint64_t)moved[i].host;
	for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++)
		if (flags & moved[i].host)
			guest |= moved[i].guest;
	return guest;
}

long xl_sys_fcntl(struct xl_syscall *sc)
{
	if (sc->a[1] == F_SETFL)
		sc->a[2] = xl_open_flags_to_host(sc->a[2]);
	long r = xl_sys_passthrough(sc);
	return sc->a[1] == F_GETFL && r >= 0 ? (long)open_flags_from_host((uint64_t)r) : r;
}
