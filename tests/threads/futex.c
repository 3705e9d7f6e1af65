/* Raw futex operations, set_robust_list, sched_* and membarrier, as a
 * threaded program uses them. Prints one line per check. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long futex(_Atomic uint32_t *word, int op, uint32_t val, uintptr_t val2,
		  _Atomic uint32_t *word2, uint32_t val3)
{
	return syscall(SYS_futex, word, op, val, val2, word2, val3);
}

static _Atomic uint32_t word, word2, woken;

/* Waits on word while it is 0 with the given op and bitset. */
static void *waiter(void *arg)
{
	uint32_t bits = (uint32_t)(uintptr_t)arg;

	while (atomic_load(&word) == 0)
		futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, 0, NULL, bits);
	atomic_fetch_add(&woken, 1);
	return NULL;
}

/* Threads waiting on word that the kernel has queued: no portable way to
 * ask, so give them time to block. */
static void let_them_block(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	nanosleep(&ts, NULL);
}

static void check_wait_wake(void)
{
	pthread_t t[3];

	atomic_store(&word, 0);
	atomic_store(&woken, 0);
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, waiter, (void *)(uintptr_t)FUTEX_BITSET_MATCH_ANY);
	let_them_block();
	atomic_store(&word, 1);
	long n = futex(&word, FUTEX_WAKE_PRIVATE, 10, 0, NULL, 0);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("wake: woke %ld, %u finished\n", n, atomic_load(&woken));
}

static void check_bitset(void)
{
	pthread_t a, b;

	atomic_store(&word, 0);
	atomic_store(&woken, 0);
	pthread_create(&a, NULL, waiter, (void *)(uintptr_t)1);
	pthread_create(&b, NULL, waiter, (void *)(uintptr_t)2);
	let_them_block();
	/* Only the waiter whose bitset matches wakes: the value stays 0,
	 * so it blocks again; the other one has been waiting all along. */
	long n = futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 10, 0, NULL, 2);
	atomic_store(&word, 1);
	long m = futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 10, 0, NULL, 1);
	futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 10, 0, NULL, 2);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("bitset: first wake %ld, second %ld\n", n, m);
}

static void *requeue_waiter(void *arg)
{
	while (atomic_load(&word2) == 0)
		futex(&word, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0);
	atomic_fetch_add(&woken, 1);
	return NULL;
}

static void check_requeue(void)
{
	pthread_t t[3];

	atomic_store(&word, 0);
	atomic_store(&word2, 0);
	atomic_store(&woken, 0);
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, requeue_waiter, NULL);
	let_them_block();
	/* Wake none, move all three to word2; then wake them there. */
	long moved = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 0, 10, &word2, 0);
	atomic_store(&word2, 1);
	long n = futex(&word2, FUTEX_WAKE_PRIVATE, 10, 0, NULL, 0);
	long stale = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 0, 10, &word2, 5);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("requeue: moved %ld, woke %ld on the second word, wrong value gives %s\n",
	       moved, n, stale < 0 && errno == EAGAIN ? "EAGAIN" : "no error");
}

static void check_timeout(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	atomic_store(&word, 0);
	long r = futex(&word, FUTEX_WAIT_PRIVATE, 0, (uintptr_t)&ts, NULL, 0);
	printf("timeout: %s\n", r < 0 && errno == ETIMEDOUT ? "ETIMEDOUT" : "no timeout");
	r = futex(&word, FUTEX_WAIT_PRIVATE, 1, (uintptr_t)&ts, NULL, 0);
	printf("changed value: %s\n", r < 0 && errno == EAGAIN ? "EAGAIN" : "waited");
}

/* A priority-inheritance mutex: the word holds the owner's tid. */
static pthread_mutex_t pi_lock;
static int pi_counter;

static void *pi_worker(void *arg)
{
	for (int i = 0; i < 2000; i++) {
		pthread_mutex_lock(&pi_lock);
		pi_counter++;
		pthread_mutex_unlock(&pi_lock);
	}
	return NULL;
}

static void check_pi(void)
{
	pthread_mutexattr_t attr;
	pthread_t t[4];

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT);
	pthread_mutex_init(&pi_lock, &attr);
	pthread_mutex_lock(&pi_lock);
	int owner_is_me = (*(int *)&pi_lock & FUTEX_TID_MASK) == gettid();
	pthread_mutex_unlock(&pi_lock);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, pi_worker, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("pi: owner word holds tid %s, counter %d\n", owner_is_me ? "yes" : "no", pi_counter);
}

static void check_robust_list(void)
{
	void *head;
	size_t len;

	long r = syscall(SYS_get_robust_list, 0, &head, &len);
	printf("robust list: %s, length %zu\n", r == 0 && head ? "registered" : "none", len);
}

static void check_sched(void)
{
	cpu_set_t set;
	struct sched_param param = { 0 };

	int affinity = sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0;
	int policy = sched_getscheduler(0);
	int range = sched_get_priority_max(SCHED_FIFO) >= sched_get_priority_min(SCHED_FIFO);
	int set_ok = sched_setscheduler(0, SCHED_OTHER, &param) == 0;
	printf("sched: affinity %s, policy %s, fifo range %s, set %s, yield %d\n",
	       affinity ? "yes" : "no", policy == SCHED_OTHER ? "SCHED_OTHER" : "other",
	       range ? "ok" : "bad", set_ok ? "ok" : "failed", sched_yield());
}

static void check_membarrier(void)
{
	long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
	int private = cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED);
	long unregistered = -1, registered = -1;

	if (private) {
		unregistered = syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
		syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0);
		registered = syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
	}
	printf("membarrier: private expedited %s, before registering %s, after %ld\n",
	       private ? "offered" : "missing",
	       unregistered < 0 && errno == EPERM ? "EPERM" : "no error", registered);
}

int main(void)
{
	check_wait_wake();
	check_bitset();
	check_requeue();
	check_timeout();
	check_pi();
	check_robust_list();
	check_sched();
	check_membarrier();
	return 0;
}
