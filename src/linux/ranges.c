#include "linux/ranges.h"
#include "util/die.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
