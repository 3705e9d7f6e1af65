#include "runtime/code_cache.h"
#include "runtime/cpu.h"
#include "util/die.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>

/* Chained hashing with a fixed bucket array: no resize, so readers never
 * race with a rehash.  The array keeps neighbouring code together: each
 * 32 KiB window of guest code has one 4 KiB page of buckets (a bucket per
 * 64 bytes of code), the windows hashed over WINDOWS pages.  The array is
 * reserved, not backed: a short run writes a few dozen of its pages
 * instead of zeroing a 2 MiB huge page (~0.3 ms of each start), and a
 * flush visits only the windows in use. */
#define WINDOW_BITS 15
#define BUCKET_CODE_BITS 6
#define WINDOW_BUCKETS (1u << (WINDOW_BITS - BUCKET_CODE_BITS))
#define WINDOW_HASH_BITS 12
#define WINDOWS (1u << WINDOW_HASH_BITS)

static struct xl_cache_entry *_Atomic *buckets;
static uint64_t windows_used[WINDOWS / 64];
static pthread_mutex_t insert_lock = PTHREAD_MUTEX_INITIALIZER;
static void *untranslated_code;
static _Atomic unsigned generation;

void xl_cache_init(void *untranslated)
{
	untranslated_code = untranslated;
	buckets = mmap(NULL, (size_t)WINDOWS * WINDOW_BUCKETS * sizeof *buckets, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (buckets == MAP_FAILED)
		xl_die("out of memory for the code cache");
}

void *xl_cache_untranslated(void)
{
	return untranslated_code;
}

static unsigned window_of(uint64_t pc)
{
	return (unsigned)(((pc >> WINDOW_BITS) * UINT64_C(0x9e3779b97f4a7c15)) >> (64 - WINDOW_HASH_BITS));
}

static unsigned bucket_of(uint64_t pc)
{
	return window_of(pc) * WINDOW_BUCKETS + (unsigned)((pc >> BUCKET_CODE_BITS) & (WINDOW_BUCKETS - 1));
}

static struct xl_cache_entry *find_in(struct xl_cache_entry *e, uint64_t pc)
{
	for (; e; e = atomic_load_explicit(&e->next, memory_order_acquire))
		if (e->pc == pc)
			return e;
	return NULL;
}

static struct xl_cache_entry *find(uint64_t pc)
{
	return find_in(atomic_load_explicit(&buckets[bucket_of(pc)], memory_order_acquire), pc);
}

struct xl_cache_entry *xl_cache_entry(uint64_t pc)
{
	struct xl_cache_entry *e = find(pc);

	if (e)
		return e;
	pthread_mutex_lock(&insert_lock);
	struct xl_cache_entry *_Atomic *head = &buckets[bucket_of(pc)];
	e = find_in(atomic_load(head), pc);
	if (!e) {
		e = malloc(sizeof *e);
		if (!e)
			xl_die("out of memory for the code cache");
		e->pc = pc;
		e->heat = 0;
		atomic_init(&e->code, untranslated_code);
		atomic_init(&e->next, atomic_load(head));
		atomic_store_explicit(head, e, memory_order_release);
		windows_used[window_of(pc) / 64] |= UINT64_C(1) << (window_of(pc) % 64);
	}
	pthread_mutex_unlock(&insert_lock);
	return e;
}

unsigned xl_cache_generation(void)
{
	return atomic_load(&generation);
}

void xl_cache_publish(uint64_t pc, void *code, unsigned expected_generation)
{
	struct xl_cache_entry *e = xl_cache_entry(pc);

	pthread_mutex_lock(&insert_lock);
	if (atomic_load(&generation) == expected_generation)
		atomic_store_explicit(&e->code, code, memory_order_release);
	pthread_mutex_unlock(&insert_lock);
	xl_cpu_forget_ibtc(pc);
}

void xl_cache_flush(void)
{
	pthread_mutex_lock(&insert_lock);
	atomic_fetch_add(&generation, 1);
	for (unsigned w = 0; w < WINDOWS; w++) {
		if (!(windows_used[w / 64] >> (w % 64) & 1))
			continue;
		for (unsigned b = w * WINDOW_BUCKETS; b < (w + 1) * WINDOW_BUCKETS; b++)
			for (struct xl_cache_entry *e = atomic_load(&buckets[b]); e;
			     e = atomic_load(&e->next)) {
				atomic_store(&e->code, untranslated_code);
				e->heat = 0;
			}
	}
	pthread_mutex_unlock(&insert_lock);
}

void xl_cache_before_fork(void)
{
	pthread_mutex_lock(&insert_lock);
}

void xl_cache_after_fork_parent(void)
{
	pthread_mutex_unlock(&insert_lock);
}

void xl_cache_after_fork_child(void)
{
	insert_lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
}
