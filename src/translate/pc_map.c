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

/* An object's linked section, read where it lies: a fault is rare, a link
 * is not (a program's start links hundreds of objects). */
struct object_map {
	uintptr_t start, end;
	const uint8_t *section;
	size_t size;
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

/* The section as LLVM writes it for the small code model: for each tagged
 * access, the 32-bit offsets of its host instructions from the offsets'
 * own addresses (an access can become several: a lock prefix, an rmw's
 * load and store, duplicated blocks), then the aux constants, which
 * xl_lift_guest_access makes XL_PC_MAP_MARKER and the 64-bit guest pc.
 * No offset is the marker (the arena is 1 GiB) or 0 (which would point at
 * itself); a zero word ends the entries (padding). Returns 1 when wanted
 * is one of its host pcs (its guest pc in *guest_pc), else 0; -1 when the
 * section is malformed. */
static int parse(const uint8_t *section, size_t size, const uint8_t *code_start,
		 const uint8_t *code_end, uintptr_t wanted, uint64_t *guest_pc)
{
	size_t pending = 0, at = 0;
	int32_t word;
	int matched = 0, found = 0;

	while (at + sizeof word <= size) {
		memcpy(&word, section + at, sizeof word);
		if (!word)
			break;
		if (word != XL_PC_MAP_MARKER) {
			const uint8_t *host_pc = section + at + word;

			if (host_pc < code_start || host_pc >= code_end)
				return -1;
			matched |= (uintptr_t)host_pc == wanted;
			pending++;
			at += sizeof word;
			continue;
		}
		if (!pending || at + sizeof word + sizeof *guest_pc > size)
			return -1;
		if (matched)
			memcpy(guest_pc, section + at + sizeof word, sizeof *guest_pc);
		found |= matched;
		matched = 0;
		pending = 0;
		at += sizeof word + sizeof *guest_pc;
	}
	return pending ? -1 : found;
}

int xl_pc_map_valid(const uint8_t *section, size_t size, const uint8_t *code_start,
		    const uint8_t *code_end)
{
	uint64_t unused;

	return parse(section, size, code_start, code_end, 0, &unused) >= 0;
}

void xl_pc_map_add(const uint8_t *section, size_t size, const uint8_t *code_start,
		   const uint8_t *code_end)
{
	if ((uintptr_t)code_start < arena_start || (uintptr_t)code_end > arena_start + arena_size)
		xl_die("internal error: translated code outside its arena");
	struct object_map *object = allocate(sizeof *object);
	*object = (struct object_map){ (uintptr_t)code_start, (uintptr_t)code_end, section, size };

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
		    parse(object->section, object->size, (const uint8_t *)object->start,
			  (const uint8_t *)object->end, host_pc, guest_pc) == 1)
			return 1;
	}
	return 0;
}
