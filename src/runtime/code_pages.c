#include "runtime/code_pages.h"
#include "runtime/code_cache.h"
#include "runtime/cpu.h"
#include "runtime/guest_mem.h"
#include "util/die.h"

#include <pthread.h>
#include <stdlib.h>

#define PAGE_SHIFT 12

/* Open-addressing set of page numbers; 0 marks an empty slot (page 0 is
 * never guest code). */
static uint64_t *pages;
static size_t capacity, used;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static size_t slot_of(uint64_t page)
{
	return (size_t)(page * 0x9e3779b97f4a7c15ull) & (capacity - 1);
}

static int contains(uint64_t page)
{
	for (size_t s = slot_of(page); pages[s]; s = (s + 1) & (capacity - 1))
		if (pages[s] == page)
			return 1;
	return 0;
}

static void insert(uint64_t page)
{
	size_t s = slot_of(page);

	while (pages[s] && pages[s] != page)
		s = (s + 1) & (capacity - 1);
	if (!pages[s]) {
		pages[s] = page;
		used++;
	}
}

static void grow(void)
{
	uint64_t *old = pages;
	size_t old_capacity = capacity;

	capacity = capacity ? capacity * 2 : 256;
	pages = calloc(capacity, sizeof *pages);
	if (!pages)
		xl_die("out of memory for the code page set");
	used = 0;
	for (size_t i = 0; i < old_capacity; i++)
		if (old[i])
			insert(old[i]);
	free(old);
}

void xl_code_pages_add(uint64_t addr)
{
	uint64_t page = addr >> PAGE_SHIFT;

	pthread_mutex_lock(&lock);
	if (2 * (used + 1) > capacity)
		grow();
	insert(page);
	pthread_mutex_unlock(&lock);
}

static int overlaps(uint64_t start, uint64_t len)
{
	uint64_t first = start >> PAGE_SHIFT, last = (start + len - 1) >> PAGE_SHIFT;

	if (len == 0)
		return used > 0;
	/* Walk whichever is smaller: the range or the set. */
	if (last - first < capacity) {
		for (uint64_t p = first; p <= last; p++)
			if (contains(p))
				return 1;
		return 0;
	}
	for (size_t i = 0; i < capacity; i++)
		if (pages[i] >= first && pages[i] <= last)
			return 1;
	return 0;
}

int xl_code_invalidate(uint64_t start, uint64_t len)
{
	/* Translators' copies of guest code may hold the old bytes, whether
	 * or not they were translated yet. */
	xl_guest_mappings_changed();
	pthread_mutex_lock(&lock);
	int stale = capacity && overlaps(start, len);
	if (stale) {
		for (size_t i = 0; i < capacity; i++)
			pages[i] = 0;
		used = 0;
		xl_cache_flush();
		xl_cpu_code_changed();
	}
	pthread_mutex_unlock(&lock);
	return stale;
}
