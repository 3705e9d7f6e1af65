/* Guest memory calls. Guest addresses are host addresses, so the guest maps
 * with the host kernel directly; the registry (ranges.h) keeps it off
 * xlift's own memory. The guest brk lives in an area of its own. */
#include "linux/syscall.h"
#include "linux/ranges.h"
#include "runtime/code_pages.h"

#include <sys/mman.h>

/* Address space kept for the guest brk heap; glibc's malloc moves on to
 * mmap when it runs out. */
#define BRK_RESERVE (UINT64_C(1) << 30)

static uint64_t brk_cur, brk_limit;

static uint64_t page_down(uint64_t addr)
{
	return addr & ~((uint64_t)getpagesize() - 1);
}

static uint64_t page_up(uint64_t addr)
{
	return page_down(addr + (uint64_t)getpagesize() - 1);
}

/* The page-rounded end of [start, start + len), or 0 when it wraps. */
static uint64_t range_end(uint64_t start, uint64_t len)
{
	uint64_t end = page_up(start + len);

	return end < start ? 0 : end;
}

static int guest_may_change(uint64_t start, uint64_t len)
{
	uint64_t end = range_end(start, len);

	return end && xl_ranges_guest_may_change(start, end);
}

void xl_mm_add_guest(uint64_t start, uint64_t len)
{
	xl_ranges_add(page_down(start), page_up(start + len));
}

long xl_sys_mmap(struct xl_syscall *sc)
{
	uint64_t addr = sc->a[0], len = sc->a[1], flags = sc->a[3];
	long ret;

	/* MAP_FIXED_NOREPLACE and hints never replace anything. */
	if ((flags & MAP_FIXED) && !(flags & MAP_FIXED_NOREPLACE) &&
	    !guest_may_change(addr, len))
		return -ENOMEM;
	ret = xl_sys_passthrough(sc);
	if (!xl_is_error(ret)) {
		xl_ranges_add((uint64_t)ret, range_end((uint64_t)ret, len));
		if (flags & MAP_FIXED)
			xl_code_invalidate(addr, len);
	}
	return ret;
}

long xl_sys_munmap(struct xl_syscall *sc)
{
	uint64_t addr = sc->a[0], len = sc->a[1];
	long ret;

	if (!guest_may_change(addr, len))
		return -EINVAL;
	ret = xl_sys_passthrough(sc);
	if (ret == 0) {
		xl_ranges_remove(addr, range_end(addr, len));
		xl_code_invalidate(addr, len);
	}
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
		xl_code_invalidate(sc->a[0], sc->a[1]);
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
	ret = xl_sys_passthrough(sc);
	if (xl_is_error(ret))
		return ret;
	if (!(flags & MREMAP_DONTUNMAP)) {
		xl_ranges_remove(old, range_end(old, old_len));
		xl_code_invalidate(old, old_len);
	}
	xl_ranges_add((uint64_t)ret, range_end((uint64_t)ret, new_len));
	return ret;
}

static int reserve(uint64_t start, uint64_t size)
{
	void *want = XL_PTR(void *, start);
	void *got = mmap(want, size, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);

	if (got == want)
		return 1;
	/* Kernels before 4.17 take the address as a hint only. */
	if (got != MAP_FAILED)
		munmap(got, size);
	return 0;
}

void xl_brk_init(void)
{
	uint64_t start = page_up(xl_proc.brk_start), size = BRK_RESERVE;

	brk_cur = brk_limit = xl_proc.brk_start;
	if (!start)
		return;
	while (size >= (uint64_t)getpagesize() && !reserve(start, size))
		size /= 2;
	if (size < (uint64_t)getpagesize())
		return;
	brk_limit = start + size;
	xl_ranges_add(start, brk_limit);
}

/* Moves the heap top between whole pages; freed pages come back zeroed,
 * as from the kernel's brk. */
static int move_brk_pages(uint64_t old_top, uint64_t new_top)
{
	if (new_top > old_top)
		return mprotect(XL_PTR(void *, old_top), new_top - old_top,
				PROT_READ | PROT_WRITE);
	if (new_top < old_top)
		return mmap(XL_PTR(void *, new_top), old_top - new_top, PROT_NONE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
			    -1, 0) == MAP_FAILED ? -1 : 0;
	return 0;
}

long xl_sys_brk(struct xl_syscall *sc)
{
	uint64_t want = sc->a[0];

	if (want < xl_proc.brk_start || want > brk_limit)
		return (long)brk_cur;
	if (move_brk_pages(page_up(brk_cur), page_up(want)) != 0)
		return (long)brk_cur;
	brk_cur = want;
	return (long)brk_cur;
}
