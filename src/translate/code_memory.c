#include "translate/code_memory.h"
#include "translate/pc_map.h"
#include "util/die.h"
#include "util/huge_pages.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <llvm-c/OrcEE.h>

/* Address space for all translations of a process; pages are only backed
 * when written, in huge pages where the kernel has them. One mapping keeps
 * all code within reach of 32-bit displacements. */
#define ARENA_SIZE (UINT64_C(1) << 30)

static uint8_t *arena, *arena_next;
static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;

/* Per object: the code it got, whose instruction cache is made coherent
 * when the object is finalised, and its map of guest pcs, which then goes
 * to pc_map.c. */
struct object_memory {
	uint8_t *code_start, *code_end;
	uint8_t *pc_map;
	uintptr_t pc_map_size;
};

static uint8_t *allocate(uintptr_t size, unsigned align)
{
	pthread_mutex_lock(&arena_lock);
	if (!arena) {
		void *p = xl_map_huge(ARENA_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC);
		if (!p)
			xl_die("cannot map memory for translated code");
		arena = arena_next = p;
		xl_pc_map_init(arena, ARENA_SIZE);
	}
	uintptr_t a = align ? align : 16;
	uint8_t *p = (uint8_t *)(((uintptr_t)arena_next + a - 1) & ~(a - 1));
	if (p + size > arena + ARENA_SIZE)
		xl_die("out of memory for translated code");
	arena_next = p + size;
	pthread_mutex_unlock(&arena_lock);
	return p;
}

static void *create_context(void *unused)
{
	struct object_memory *m = calloc(1, sizeof *m);

	if (!m)
		xl_die("out of memory while linking translated code");
	return m;
}

static void notify_terminating(void *unused)
{
}

static uint8_t *allocate_code(void *opaque, uintptr_t size, unsigned align, unsigned id,
			      const char *name)
{
	struct object_memory *m = opaque;
	uint8_t *p = allocate(size, align);

	if (!m->code_start || p < m->code_start)
		m->code_start = p;
	if (p + size > m->code_end)
		m->code_end = p + size;
	return p;
}

static uint8_t *allocate_data(void *opaque, uintptr_t size, unsigned align, unsigned id,
			      const char *name, LLVMBool read_only)
{
	struct object_memory *m = opaque;
	uint8_t *p = allocate(size, align);

	if (!strcmp(name, XL_PC_MAP_SECTION)) {
		m->pc_map = p;
		m->pc_map_size = size;
	}
	return p;
}

static LLVMBool finalize(void *opaque, char **error)
{
	struct object_memory *m = opaque;

	if (m->code_start)
		__builtin___clear_cache((char *)m->code_start, (char *)m->code_end);
	if (m->pc_map)
		xl_pc_map_add(m->pc_map, m->pc_map_size, m->code_start, m->code_end);
	return 0;
}

static void destroy(void *opaque)
{
	free(opaque);
}

LLVMOrcObjectLayerRef xl_code_memory_layer(void *unused, LLVMOrcExecutionSessionRef session,
					   const char *triple)
{
	return LLVMOrcCreateRTDyldObjectLinkingLayerWithMCJITMemoryManagerLikeCallbacks(
		session, NULL, create_context, notify_terminating, allocate_code,
		allocate_data, finalize, destroy);
}
