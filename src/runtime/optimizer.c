#include "runtime/optimizer.h"
#include "runtime/code_cache.h"
#include "translate/translate.h"
#include "util/die.h"

#include <pthread.h>
#include <signal.h>

#define QUEUE_SIZE 4096

/* Cache entries never move or vanish, so the queue holds them, not pcs. */
static struct xl_cache_entry *queue[QUEUE_SIZE];
static unsigned head, tail;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_filled = PTHREAD_COND_INITIALIZER;
/* Held while a region is being compiled: fork waits for it, so that the
 * child never inherits LLVM's locks held by a thread it does not have. */
static pthread_mutex_t compiling = PTHREAD_MUTEX_INITIALIZER;
static int started;

static uint32_t heat_of(const struct xl_cache_entry *e)
{
	return __atomic_load_n(&e->heat, __ATOMIC_RELAXED);
}

/* The hottest queued pc first: fast-tier code goes on counting after its
 * request, so the count says where the guest spends its time now, and a
 * backlog of lukewarm regions does not delay the loop that matters. */
static uint64_t next_request(void)
{
	pthread_mutex_lock(&queue_lock);
	while (head == tail)
		pthread_cond_wait(&queue_filled, &queue_lock);
	unsigned hottest = head;
	uint32_t most = heat_of(queue[head % QUEUE_SIZE]);
	for (unsigned i = head + 1; i != tail; i++) {
		uint32_t heat = heat_of(queue[i % QUEUE_SIZE]);
		if (heat > most) {
			most = heat;
			hottest = i;
		}
	}
	uint64_t pc = queue[hottest % QUEUE_SIZE]->pc;
	queue[hottest % QUEUE_SIZE] = queue[head++ % QUEUE_SIZE];
	pthread_mutex_unlock(&queue_lock);
	return pc;
}

static void *optimize(void *unused)
{
	for (;;) {
		uint64_t pc = next_request();
		pthread_mutex_lock(&compiling);
		unsigned generation = xl_cache_generation();
		void *code = xl_translate(pc, XL_TIER_OPT, NULL);
		/* Code changed meanwhile (or vanished): the result is stale. */
		if (code)
			xl_cache_publish(pc, code, generation);
		pthread_mutex_unlock(&compiling);
	}
	return NULL;
}

static void before_fork(void)
{
	pthread_mutex_lock(&compiling);
	pthread_mutex_lock(&queue_lock);
}

static void after_fork_parent(void)
{
	pthread_mutex_unlock(&queue_lock);
	pthread_mutex_unlock(&compiling);
}

/* The child has no optimiser thread: the queue and the condition the
 * thread waited on start afresh (a condition variable with a waiter that
 * does not exist would block the next signal forever). */
static void after_fork_child(void)
{
	head = tail = 0;
	started = 0;
	queue_filled = (pthread_cond_t)PTHREAD_COND_INITIALIZER;
	after_fork_parent();
}

static void register_fork_handlers(void)
{
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

static void start(void)
{
	static pthread_once_t fork_handlers = PTHREAD_ONCE_INIT;
	pthread_t thread;
	sigset_t all, old;

	pthread_once(&fork_handlers, register_fork_handlers);
	started = 1;
	/* Signals are for the guest's threads. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&thread, NULL, optimize, NULL))
		xl_die("cannot start the optimiser thread");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_detach(thread);
}

void xl_optimizer_request(uint64_t pc)
{
	struct xl_cache_entry *e = xl_cache_entry(pc);

	pthread_mutex_lock(&queue_lock);
	if (!started)
		start();
	if (tail - head < QUEUE_SIZE) {
		queue[tail++ % QUEUE_SIZE] = e;
		pthread_cond_signal(&queue_filled);
	}
	pthread_mutex_unlock(&queue_lock);
}
