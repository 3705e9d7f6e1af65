#include "translate/code_memory.h"
#include "translate/pc_map.h"
#include "util/die.h"
#include "util/huge_pages.h"

#include <pthread.h>
#include <sys/mman.h>

/* Address space for all translations of a process; pages are only backed
 * when written, in huge pages where the kernel has them. One mapping keeps
 * all code within reach of 32-bit displacements. */
#define ARENA_SIZE (UINT64_C(1) << 30)

static uint8_t *arena, *arena_next;
static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;

uint8_t *xl_code_alloc(size_t size, size_t align)
{
	pthread_mutex_lock(&arena_lock);
	if (!arena) {
		void *p = xl_map_huge(ARENA_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC);
		if (!p)
			xl_die("cannot map memory for translated code");
		arena = arena_next = p;
		xl_pc_map_init(arena, ARENA_SIZE);
	}
	uint8_t *p = (uint8_t *)(((uintptr_t)arena_next + align - 1) & ~(uintptr_t)(align - 1));
	if (size > (size_t)(arena + ARENA_SIZE - p))
		xl_die("out of memory for translated code");
	arena_next = p + size;
	pthread_mutex_unlock(&arena_lock);
	return p;
}

void xl_code_publish(uint8_t *start, size_t size)
{
	__builtin___clear_cache((char *)start, (char *)start + size);
}
