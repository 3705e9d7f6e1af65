#include "translate/pc_map.h"
#include "util/die.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The arena in chunks of 4 KiB; each lists the objects whose code overlaps
 * it, newest first. Lists only grow and nothing is ever freed (nor are
 * translations), so the fault handler walks them without a lock. */
#define CHUNK_SHIFT 12

struct entry {
	uintptr_t host_pc;
	uint64_t guest_pc;
};

struct object_map {
	uintptr_t start, end;
	size_t n;
	struct entry *entries;          /* sorted by host_pc */
};

struct chunk_node {
	const struct object_map *object;
	struct chunk_node *next;
};

static uintptr_t arena_start;
static size_t arena_size;
static _Atomic(struct chunk_node *) *chunks;
static pthread_mutex_t add_lock = PTHREAD_MUTEX_INITIALIZER;

void xl_pc_map_init(const void *arena, size_t size)
{
	size_t table = (size >> CHUNK_SHIFT) * sizeof *chunks;
	void *p = mmap(NULL, table, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);

	if (p == MAP_FAILED)
		xl_die("cannot map the table of translated code's guest pcs");
	chunks = p;
	arena_start = (uintptr_t)arena;
	arena_size = size;
}

static void *allocate(size_t size)
{
	void *p = malloc(size);

	if (!p)
		xl_die("out of memory while linking translated code");
	return p;
}

static int by_host_pc(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return (x->host_pc > y->host_pc) - (x->host_pc < y->host_pc);
}

/* The section as LLVM writes it for the small code model: for each tagged
 * access, the 32-bit offsets of its host instructions from the offsets'
 * own addresses (an access can become several: a lock prefix, an rmw's
 * load and store, duplicated blocks), then the aux constants, which
 * xl_lift_guest_access makes XL_PC_MAP_MARKER and the 64-bit guest pc.
 * No offset is the marker (the arena is 1 GiB) or 0 (which would point at
 * itself); a zero word ends the entries (padding). Calls found with each
 * host pc and its guest pc; returns how many there are, or -1 when the
 * section is malformed. */
static ptrdiff_t parse(const uint8_t *section, size_t size, const uint8_t *code_start,
		       const uint8_t *code_end, struct entry *found)
{
	size_t n = 0, pending = 0, at = 0;
	int32_t word;
	uint64_t guest_pc;

	while (at + sizeof word <= size) {
		memcpy(&word, section + at, sizeof word);
		if (!word)
			break;
		if (word != XL_PC_MAP_MARKER) {
			const uint8_t *host_pc = section + at + word;

			if (host_pc < code_start || host_pc >= code_end)
				return -1;
			if (found)
				found[n + pending].host_pc = (uintptr_t)host_pc;
			pending++;
			at += sizeof word;
			continue;
		}
		if (!pending || at + sizeof word + sizeof guest_pc > size)
			return -1;
		memcpy(&guest_pc, section + at + sizeof word, sizeof guest_pc);
		for (; pending; pending--, n++)
			if (found)
				found[n].guest_pc = guest_pc;
		at += sizeof word + sizeof guest_pc;
	}
	return pending ? -1 : (ptrdiff_t)n;
}

int xl_pc_map_add(const uint8_t *section, size_t size, const uint8_t *code_start,
		  const uint8_t *code_end)
{
	ptrdiff_t n = parse(section, size, code_start, code_end, NULL);

	if (n < 0 || (uintptr_t)code_start < arena_start ||
	    (uintptr_t)code_end > arena_start + arena_size)
		return -1;
	struct object_map *object = allocate(sizeof *object);
	object->start = (uintptr_t)code_start;
	object->end = (uintptr_t)code_end;
	object->n = n;
	object->entries = allocate(n * sizeof *object->entries);
	parse(section, size, code_start, code_end, object->entries);
	qsort(object->entries, object->n, sizeof *object->entries, by_host_pc);

	pthread_mutex_lock(&add_lock);
	size_t first = (object->start - arena_start) >> CHUNK_SHIFT;
	size_t last = (object->end - 1 - arena_start) >> CHUNK_SHIFT;
	for (size_t c = first; c <= last; c++) {
		struct chunk_node *node = allocate(sizeof *node);

		node->object = object;
		node->next = atomic_load_explicit(&chunks[c], memory_order_relaxed);
		atomic_store_explicit(&chunks[c], node, memory_order_release);
	}
	pthread_mutex_unlock(&add_lock);
	return 0;
}

static int find_in(const struct object_map *object, uintptr_t host_pc, uint64_t *guest_pc)
{
	size_t lo = 0, hi = object->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (object->entries[mid].host_pc < host_pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == object->n || object->entries[lo].host_pc != host_pc)
		return 0;
	*guest_pc = object->entries[lo].guest_pc;
	return 1;
}

int xl_pc_map_find(uintptr_t host_pc, uint64_t *guest_pc)
{
	if (!chunks || host_pc - arena_start >= arena_size)
		return 0;
	/* A chunk holds the code of several objects. */
	for (const struct chunk_node *node = atomic_load_explicit(
		     &chunks[(host_pc - arena_start) >> CHUNK_SHIFT], memory_order_acquire);
	     node; node = node->next) {
		const struct object_map *object = node->object;

		if (host_pc >= object->start && host_pc < object->end &&
		    find_in(object, host_pc, guest_pc))
			return 1;
	}
	return 0;
}
