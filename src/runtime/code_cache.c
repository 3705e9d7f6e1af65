#include "runtime/code_cache.h"
#include "runtime/cpu.h"
#include "util/die.h"
#include "util/huge_pages.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>

/* Chained hashing with a fixed bucket array: no resize, so readers never
 * race with a rehash. The array is backed when touched, by one huge page
 * where the kernel has them. */
#define BUCKET_BITS 18
#define BUCKETS (1u << BUCKET_BITS)

static struct xl_cache_entry *_Atomic *buckets;
static pthread_mutex_t insert_lock = PTHREAD_MUTEX_INITIALIZER;
static void *untranslated_code;
static _Atomic unsigned generation;

void xl_cache_init(void *untranslated)
{
	untranslated_code = untranslated;
	buckets = xl_map_huge(BUCKETS * sizeof *buckets, PROT_READ | PROT_WRITE);
	if (!buckets)
		xl_die("out of memory for the code cache");
}

void *xl_cache_untranslated(void)
{
	return untranslated_code;
}

/* Neighbouring pcs share bucket pages, so a short run touches a few pages
 * of the 2 MiB array rather than most of them; the higher bits folded in
 * keep code mapped 512 KiB apart out of each other's chains. */
static unsigned bucket_of(uint64_t pc)
{
	return (unsigned)((pc >> 1 ^ pc >> (1 + BUCKET_BITS)) & (BUCKETS - 1));
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
	for (unsigned b = 0; b < BUCKETS; b++)
		for (struct xl_cache_entry *e = atomic_load(&buckets[b]); e; e = atomic_load(&e->next)) {
			atomic_store(&e->code, untranslated_code);
			e->heat = 0;
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
