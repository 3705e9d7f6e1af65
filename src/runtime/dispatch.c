#include "runtime/dispatch.h"
#include "runtime/code_cache.h"
#include "runtime/fault.h"
#include "runtime/optimizer.h"
#include "runtime/signal.h"
#include "translate/translate.h"
#include "host/fpenv.h"
#include "util/die.h"

#include <pthread.h>
#include <stdatomic.h>

/* Threads translate in parallel, each its own region. A region being
 * translated is claimed: a thread that needs it too waits for it rather
 * than compiling it twice; a thread that needs another region does not. */
struct claim {
	uint64_t pc;
	struct claim *next;
};

static struct claim *claims;            /* on the claimers' stacks */
static pthread_mutex_t claims_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t claim_done = PTHREAD_COND_INITIALIZER;
/* Held for reading while translating, for writing across fork: the child
 * must not inherit LLVM's locks from a thread it does not have. */
static pthread_rwlock_t translating = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;

static int is_claimed(uint64_t pc)
{
	for (struct claim *c = claims; c; c = c->next)
		if (c->pc == pc)
			return 1;
	return 0;
}

static void unclaim(struct claim *mine)
{
	struct claim **link = &claims;

	while (*link != mine)
		link = &(*link)->next;
	*link = mine->next;
}

/* Claims e; returns NULL, or its code when another thread finished it. */
static void *claim_or_wait(struct xl_cache_entry *e, struct claim *mine)
{
	void *code;

	pthread_mutex_lock(&claims_lock);
	while ((code = atomic_load(&e->code)) == xl_cache_untranslated() && is_claimed(e->pc))
		pthread_cond_wait(&claim_done, &claims_lock);
	if (code == xl_cache_untranslated()) {
		*mine = (struct claim){ .pc = e->pc, .next = claims };
		claims = mine;
		code = NULL;
	}
	pthread_mutex_unlock(&claims_lock);
	return code;
}

/* Translates e in the fast tier, unless another thread did. */
static void *translate_entry(struct xl_cpu *cpu, struct xl_cache_entry *e)
{
	struct claim mine;
	void *code = claim_or_wait(e, &mine);

	if (code)
		return code;
	/* LLVM computes with floating point too: keep the guest's rounding
	 * mode and accrued flags out of its way and out of its reach. */
	uint32_t guest_env = host_fpenv_get();
	host_fpenv_set(HOST_FPENV_DEFAULT);
	pthread_rwlock_rdlock(&translating);
	unsigned generation = xl_cache_generation();
	int was_hot = 0;
	code = xl_translate(e->pc, XL_TIER_FAST, &was_hot);
	if (code)
		xl_cache_publish(e->pc, code, generation);
	pthread_rwlock_unlock(&translating);
	if (code && was_hot) {
		xl_debug("region 0x%llx was hot in an earlier run: to the optimiser at once",
			 (unsigned long long)e->pc);
		xl_optimizer_request(e->pc);
	}
	host_fpenv_set(guest_env);

	pthread_mutex_lock(&claims_lock);
	unclaim(&mine);
	pthread_cond_broadcast(&claim_done);
	pthread_mutex_unlock(&claims_lock);
	if (!code)
		xl_guest_fault_fetch(cpu);
	return code;
}

static void before_fork(void)
{
	pthread_rwlock_wrlock(&translating);
	pthread_mutex_lock(&claims_lock);
	xl_cache_before_fork();
}

static void after_fork_parent(void)
{
	xl_cache_after_fork_parent();
	pthread_mutex_unlock(&claims_lock);
	pthread_rwlock_unlock(&translating);
}

/* The child has only the forking thread: other threads' claims (made
 * before they blocked on the lock), the condition they may have waited on
 * and the lock's writer tid belong to threads it does not have. */
static void after_fork_child(void)
{
	xl_cache_after_fork_child();
	claims = NULL;
	claims_lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
	claim_done = (pthread_cond_t)PTHREAD_COND_INITIALIZER;
	translating = (pthread_rwlock_t)PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
}

static void register_fork_handlers(void)
{
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

void xl_region_hot(uint64_t pc)
{
	xl_optimizer_request(pc);
	/* under the lock fork takes: the child never inherits the key table's */
	pthread_rwlock_rdlock(&translating);
	xl_translate_mark_hot(pc);
	pthread_rwlock_unlock(&translating);
}

void *xl_dispatch_lookup(struct xl_cpu *cpu)
{
	uint32_t pending = __atomic_load_n(&cpu->signal_pending, __ATOMIC_ACQUIRE);

	/* Translated code comes here when it stopped at a safe point; after a
	 * code change the pc is looked up again, in the flushed cache. */
	if (pending & XL_PENDING_CODE_CHANGE)
		__atomic_fetch_and(&cpu->signal_pending, ~XL_PENDING_CODE_CHANGE, __ATOMIC_ACQUIRE);
	if (pending & XL_PENDING_SIGNAL)
		xl_signal_deliver(cpu);
	uint64_t pc = cpu->pc;
	struct xl_cache_entry *e = xl_cache_entry(pc);
	void *code = atomic_load_explicit(&e->code, memory_order_acquire);

	if (code == xl_cache_untranslated())
		code = translate_entry(cpu, e);
	struct xl_ibtc_entry *slot = &cpu->ibtc[xl_ibtc_index(pc)];
	slot->pc = pc;
	slot->code = code;
	return code;
}

void xl_run_from(struct xl_cpu *cpu, uint32_t fpenv)
{
	static pthread_once_t fork_handlers = PTHREAD_ONCE_INIT;

	pthread_once(&fork_handlers, register_fork_handlers);
	/* After a fault the thread starts again from below this frame. */
	xl_signal_thread_start(cpu, (uintptr_t)__builtin_frame_address(0) - 256);
	host_fpenv_set(fpenv);
	xl_stub_enter(cpu);
}

void xl_run(struct xl_cpu *cpu)
{
	xl_run_from(cpu, HOST_FPENV_DEFAULT);
}
