#include "linux/ranges.h"
#include "util/die.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The guest's mmap area: top-down from just below the top of a 39-bit
 * (Sv39) user address space, so guests see addresses their own kernel
 * could give them, and far below where the kernel puts xlift's image, brk
 * heap and JIT memory (0x55.. and 0x7f..). The floor is the kernel's
 * default mmap_min_addr. */
#define MMAP_BASE 0x3f00000000ull
#define MMAP_FLOOR 0x10000ull

struct range {
	uint64_t start, end;
};

/* Sorted, disjoint and never adjacent: touching ranges are merged. */
static struct range *ranges;
static size_t n_ranges, cap_ranges;
static pthread_mutex_t ranges_lock = PTHREAD_MUTEX_INITIALIZER;

/* The first range that ends at or after addr (n_ranges when none). */
static size_t first_reaching(uint64_t addr)
{
	size_t lo = 0, hi = n_ranges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ranges[mid].end >= addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Replaces ranges[i, j) by count ranges from new_ranges. */
static void splice(size_t i, size_t j, const struct range *new_ranges, size_t count)
{
	size_t n = n_ranges - j + i + count;

	if (n > cap_ranges) {
		cap_ranges = n * 2;
		ranges = realloc(ranges, cap_ranges * sizeof *ranges);
		if (!ranges)
			xl_die("out of memory for the guest memory registry");
	}
	memmove(&ranges[i + count], &ranges[j], (n_ranges - j) * sizeof *ranges);
	memcpy(&ranges[i], new_ranges, count * sizeof *ranges);
	n_ranges = n;
}

uint64_t xl_page_up(uint64_t addr)
{
	uint64_t page = (uint64_t)getpagesize();

	return (addr + page - 1) & ~(page - 1);
}

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }

static void add_locked(uint64_t start, uint64_t end)
{
	size_t i = first_reaching(start), j = i;
	struct range merged = { start, end };

	while (j < n_ranges && ranges[j].start <= end) {
		merged.start = min_u64(merged.start, ranges[j].start);
		merged.end = max_u64(merged.end, ranges[j].end);
		j++;
	}
	splice(i, j, &merged, 1);
}

/* The pieces of the overlapping ranges that lie outside [start, end). */
static void remove_locked(uint64_t start, uint64_t end)
{
	size_t i = first_reaching(start), j = i;
	struct range rest[2];
	size_t n_rest = 0;

	while (j < n_ranges && ranges[j].start < end)
		j++;
	if (i == j)
		return;
	if (ranges[i].start < start)
		rest[n_rest++] = (struct range){ ranges[i].start, start };
	if (ranges[j - 1].end > end)
		rest[n_rest++] = (struct range){ end, ranges[j - 1].end };
	splice(i, j, rest, n_rest);
}

static int covered_locked(uint64_t start, uint64_t end)
{
	size_t i = first_reaching(end);

	return start >= end || (i < n_ranges && ranges[i].start <= start);
}

/* Whether a host mapping that is not guest memory overlaps [start, end). */
static int host_memory_in_locked(uint64_t start, uint64_t end)
{
	FILE *maps = fopen("/proc/self/maps", "re");
	unsigned long ms, me;
	int found = 0;

	if (!maps)
		return 1; /* cannot tell: keep xlift safe */
	while (!found && fscanf(maps, "%lx-%lx%*[^\n]", &ms, &me) == 2)
		found = ms < end && start < me &&
			!covered_locked(max_u64(start, ms), min_u64(end, me));
	fclose(maps);
	return found;
}

void xl_ranges_add(uint64_t start, uint64_t end)
{
	pthread_mutex_lock(&ranges_lock);
	add_locked(start, end);
	pthread_mutex_unlock(&ranges_lock);
}

void xl_ranges_remove(uint64_t start, uint64_t end)
{
	pthread_mutex_lock(&ranges_lock);
	remove_locked(start, end);
	pthread_mutex_unlock(&ranges_lock);
}

int xl_ranges_guest_may_change(uint64_t start, uint64_t end)
{
	pthread_mutex_lock(&ranges_lock);
	int ok = covered_locked(start, end) || !host_memory_in_locked(start, end);
	pthread_mutex_unlock(&ranges_lock);
	return ok;
}

/* The raw syscall's result for what mmap(3) returned. */
static long map_result(void *at)
{
	return at == MAP_FAILED ? -errno : (long)(uintptr_t)at;
}

static long map_exactly(uint64_t addr, uint64_t len, int prot, int flags,
			int fd, uint64_t offset)
{
	void *want = (void *)(uintptr_t)addr;
	void *got = mmap(want, len, prot, flags | MAP_FIXED_NOREPLACE, fd, (off_t)offset);

	/* Kernels before 4.17 take the address as a hint only. */
	if (got != MAP_FAILED && got != want) {
		munmap(got, len);
		return -EEXIST;
	}
	return map_result(got);
}

/* The start of the highest free stretch of len bytes, aligned to align,
 * inside [MMAP_FLOOR, ceiling); 0 when there is none. Walks the gaps
 * between ranges downwards: the top-most fit is the deterministic choice
 * that also reuses unmapped holes first. */
static uint64_t highest_gap_locked(uint64_t len, uint64_t align, uint64_t ceiling)
{
	size_t k = first_reaching(ceiling);
	uint64_t top = k < n_ranges ? min_u64(ceiling, ranges[k].start) : ceiling;

	for (;;) {
		uint64_t bottom = max_u64(k ? ranges[k - 1].end : 0, MMAP_FLOOR);
		uint64_t start = top >= len ? (top - len) & ~(align - 1) : 0;

		if (start >= bottom)
			return start;
		if (k == 0 || top <= MMAP_FLOOR)
			return 0;
		top = ranges[--k].start;
	}
}

/* Maps in the highest gap the kernel grants: a gap in the registry may
 * still hold xlift's memory, so a refusal moves the search below it. When
 * the area is full the kernel chooses, as it would for the guest. */
static long map_top_down_locked(uint64_t len, uint64_t align, int prot, int flags,
				int fd, uint64_t offset)
{
	uint64_t ceiling = MMAP_BASE, at;
	long ret = -EEXIST;

	while (ret == -EEXIST && (at = highest_gap_locked(xl_page_up(len), align, ceiling))) {
		ret = map_exactly(at, len, prot, flags, fd, offset);
		ceiling = at;
	}
	if (ret == -EEXIST)
		ret = map_result(mmap(NULL, len, prot, flags, fd, (off_t)offset));
	return ret;
}

long xl_ranges_map_at(uint64_t addr, uint64_t len, int prot, int flags,
		      int fd, uint64_t offset)
{
	pthread_mutex_lock(&ranges_lock);
	long ret = map_exactly(addr, len, prot, flags, fd, offset);
	if (ret >= 0)
		add_locked(addr, addr + xl_page_up(len));
	pthread_mutex_unlock(&ranges_lock);
	return ret;
}

/* The lock is held from the choice to the registration, so that threads
 * mapping at once never pick the same gap. */
long xl_ranges_map(uint64_t hint, uint64_t len, uint64_t align, int prot,
		   int flags, int fd, uint64_t offset)
{
	uint64_t at = (hint + align - 1) & ~(align - 1);
	long ret = -EEXIST;

	pthread_mutex_lock(&ranges_lock);
	if (hint)
		ret = map_exactly(at, len, prot, flags, fd, offset);
	if (ret < 0)
		ret = map_top_down_locked(len, align, prot, flags, fd, offset);
	if (ret >= 0)
		add_locked((uint64_t)ret, (uint64_t)ret + xl_page_up(len));
	pthread_mutex_unlock(&ranges_lock);
	return ret;
}
