/* Guest memory calls. Guest addresses are host addresses, so the guest maps
 * with the host kernel directly; the registry (ranges.h) keeps it off
 * xlift's own memory and chooses the addresses the guest leaves open. The
 * guest brk lives in an area of its own. */
#include "linux/syscall.h"
#include "linux/ranges.h"
#include "runtime/code_pages.h"
#include "runtime/guest_mem.h"

#include <sys/mman.h>

/* Address space kept for the guest brk heap; glibc's malloc moves on to
 * mmap when it runs out. */
#define BRK_RESERVE (UINT64_C(1) << 30)

#define RESERVE_FLAGS (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)

static uint64_t brk_cur, brk_limit;

/* The page-rounded end of [start, start + len), or 0 when it wraps. */
static uint64_t range_end(uint64_t start, uint64_t len)
{
	uint64_t end = xl_page_up(start + len);

	return end < start ? 0 : end;
}

/* [start, start + len) was mapped over, unmapped or reprotected: code
 * there may be new, and what was readable may be no longer. */
static void mappings_changed(uint64_t start, uint64_t len)
{
	xl_guest_mappings_changed();
	xl_code_invalidate(start, len);
}

static int guest_may_change(uint64_t start, uint64_t len)
{
	uint64_t end = range_end(start, len);

	return end && xl_ranges_guest_may_change(start, end);
}

long xl_sys_mmap(struct xl_syscall *sc)
{
	uint64_t addr = sc->a[0], len = sc->a[1], flags = sc->a[3];
	long ret;

	if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)))
		return xl_ranges_map(addr, len, (uint64_t)getpagesize(), (int)sc->a[2],
				     (int)flags, (int)sc->a[4], sc->a[5]);
	/* MAP_FIXED_NOREPLACE never replaces anything. */
	if (!(flags & MAP_FIXED_NOREPLACE) && !guest_may_change(addr, len))
		return -ENOMEM;
	ret = xl_sys_passthrough(sc);
	if (!xl_is_error(ret)) {
		xl_ranges_add((uint64_t)ret, range_end((uint64_t)ret, len));
		if (flags & MAP_FIXED)
			mappings_changed(addr, len);
	}
	return ret;
}

static long unmap_guest(uint64_t addr, uint64_t len)
{
	long ret = xl_hostcall(SYS_munmap, addr, len);

	if (ret == 0)
		xl_ranges_remove(addr, range_end(addr, len));
	return ret;
}

long xl_sys_munmap(struct xl_syscall *sc)
{
	uint64_t addr = sc->a[0], len = sc->a[1];
	long ret;

	if (!guest_may_change(addr, len))
		return -EINVAL;
	ret = unmap_guest(addr, len);
	if (ret == 0)
		mappings_changed(addr, len);
	return ret;
}

/* mprotect, madvise: (addr, len, ...) allowed on guest memory only. */
long xl_sys_on_guest_memory(struct xl_syscall *sc)
{
	if (!guest_may_change(sc->a[0], sc->a[1]))
		return -ENOMEM;
	long ret = xl_sys_passthrough(sc);
	/* New protections (a JIT's W^X flip) or discarded pages may come
	 * with new contents. */
	if (ret == 0)
		mappings_changed(sc->a[0], sc->a[1]);
	return ret;
}

/* mremap that may move the mapping and was not told where: in place when
 * it can grow or shrink there, as the kernel prefers too, else into a gap
 * reserved through the registry instead of where the kernel would move it. */
static long remap_placed(uint64_t old, uint64_t old_len, uint64_t new_len, uint64_t flags)
{
	long ret, to;

	if (!(flags & MREMAP_DONTUNMAP)) {
		ret = xl_hostcall(SYS_mremap, old, old_len, new_len, flags & ~MREMAP_MAYMOVE);
		if (ret != -ENOMEM)
			return ret;
	}
	to = xl_ranges_map(0, new_len, (uint64_t)getpagesize(), PROT_NONE, RESERVE_FLAGS, -1, 0);
	if (xl_is_error(to))
		return to;
	ret = xl_hostcall(SYS_mremap, old, old_len, new_len, flags | MREMAP_FIXED, to);
	if (xl_is_error(ret))
		unmap_guest((uint64_t)to, new_len);
	return ret;
}

long xl_sys_mremap(struct xl_syscall *sc)
{
	uint64_t old = sc->a[0], old_len = sc->a[1], new_len = sc->a[2];
	uint64_t flags = sc->a[3], new_addr = sc->a[4];
	long ret;

	if (!guest_may_change(old, old_len) ||
	    ((flags & MREMAP_FIXED) && !guest_may_change(new_addr, new_len)))
		return -EINVAL;
	if ((flags & MREMAP_MAYMOVE) && !(flags & MREMAP_FIXED))
		ret = remap_placed(old, old_len, new_len, flags);
	else
		ret = xl_sys_passthrough(sc);
	if (xl_is_error(ret))
		return ret;
	if (!(flags & MREMAP_DONTUNMAP)) {
		xl_ranges_remove(old, range_end(old, old_len));
		mappings_changed(old, old_len);
	}
	xl_ranges_add((uint64_t)ret, range_end((uint64_t)ret, new_len));
	return ret;
}

void xl_brk_init(void)
{
	uint64_t start = xl_page_up(xl_proc.brk_start), size = BRK_RESERVE;

	brk_cur = brk_limit = xl_proc.brk_start;
	if (!start)
		return;
	while (size >= (uint64_t)getpagesize() &&
	       xl_is_error(xl_ranges_map_at(start, size, PROT_NONE, RESERVE_FLAGS, -1, 0)))
		size /= 2;
	if (size < (uint64_t)getpagesize())
		return;
	brk_limit = start + size;
}

/* Moves the heap top between whole pages; freed pages come back zeroed,
 * as from the kernel's brk. */
static int move_brk_pages(uint64_t old_top, uint64_t new_top)
{
	if (new_top > old_top)
		return mprotect(XL_PTR(void *, old_top), new_top - old_top,
				PROT_READ | PROT_WRITE);
	if (new_top < old_top) {
		xl_guest_mappings_changed();
		return mmap(XL_PTR(void *, new_top), old_top - new_top, PROT_NONE,
			    RESERVE_FLAGS | MAP_FIXED,
			    -1, 0) == MAP_FAILED ? -1 : 0;
	}
	return 0;
}

long xl_sys_brk(struct xl_syscall *sc)
{
	uint64_t want = sc->a[0];

	if (want < xl_proc.brk_start || want > brk_limit)
		return (long)brk_cur;
	if (move_brk_pages(xl_page_up(brk_cur), xl_page_up(want)) != 0)
		return (long)brk_cur;
	brk_cur = want;
	return (long)brk_cur;
}
