/* pthreads under load: each mode prints a deterministic result.
 * Usage: pthreads MODE [THREADS ITERATIONS] */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int n_threads = 8, n_iter = 20000;

static void check(int err, const char *what)
{
	if (err) {
		fprintf(stderr, "%s: %s\n", what, strerror(err));
		exit(1);
	}
}

static void run_all(void *(*fn)(void *))
{
	pthread_t t[64];

	for (long i = 0; i < n_threads; i++)
		check(pthread_create(&t[i], NULL, fn, (void *)i), "pthread_create");
	for (int i = 0; i < n_threads; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
}

static atomic_long atomic_counter;
static long plain_counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

static void *count(void *arg)
{
	for (int i = 0; i < n_iter; i++) {
		atomic_fetch_add(&atomic_counter, 1);
		pthread_mutex_lock(&counter_lock);
		plain_counter++;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void mode_counters(void)
{
	run_all(count);
	printf("atomic %ld mutex %ld expected %ld\n", (long)atomic_counter, plain_counter,
	       (long)n_threads * n_iter);
}

/* Two threads hand a token back and forth through one condition variable. */
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn, rounds_done[2];

static void *ping_pong(void *arg)
{
	int me = (int)(long)arg;

	for (int i = 0; i < n_iter / 10; i++) {
		pthread_mutex_lock(&counter_lock);
		while (turn != me)
			pthread_cond_wait(&turn_changed, &counter_lock);
		rounds_done[me]++;
		turn = !me;
		pthread_cond_broadcast(&turn_changed);
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void mode_pingpong(void)
{
	n_threads = 2;
	run_all(ping_pong);
	printf("ping %d pong %d\n", rounds_done[0], rounds_done[1]);
}

/* Thread-local storage: every thread sees its own copy, initialised. */
static __thread long tls_value = 42;
static __thread char tls_buffer[256];

static void *use_tls(void *arg)
{
	long id = (long)arg;

	if (tls_value != 42 || tls_buffer[0])
		return (void *)1;
	tls_value = id;
	snprintf(tls_buffer, sizeof tls_buffer, "thread %ld", id);
	for (int i = 0; i < n_iter; i++)
		tls_value += 0; /* other threads run meanwhile */
	usleep(1000);
	char expect[256];
	snprintf(expect, sizeof expect, "thread %ld", id);
	return (void *)(long)(tls_value != id || strcmp(tls_buffer, expect));
}

static void mode_tls(void)
{
	pthread_t t[64];
	int bad = 0;

	for (long i = 0; i < n_threads; i++)
		check(pthread_create(&t[i], NULL, use_tls, (void *)(i + 100)), "pthread_create");
	for (int i = 0; i < n_threads; i++) {
		void *ret;
		check(pthread_join(t[i], &ret), "pthread_join");
		bad += ret != NULL;
	}
	printf("tls: %d threads, %d wrong, main still %ld\n", n_threads, bad, tls_value);
}

/* Detached threads report through a counter and a condition variable. */
static int detached_done;

static void *detached(void *arg)
{
	pthread_mutex_lock(&counter_lock);
	detached_done++;
	pthread_cond_broadcast(&turn_changed);
	pthread_mutex_unlock(&counter_lock);
	return NULL;
}

static void mode_detached(void)
{
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < n_iter; i++) {
		pthread_t t;
		check(pthread_create(&t, &attr, detached, NULL), "pthread_create");
	}
	pthread_mutex_lock(&counter_lock);
	while (detached_done < n_iter)
		pthread_cond_wait(&turn_changed, &counter_lock);
	pthread_mutex_unlock(&counter_lock);
	printf("detached: %d threads finished\n", detached_done);
}

/* Many short-lived joinable threads, a few alive at a time. */
static void *square(void *arg)
{
	long v = (long)arg;
	return (void *)(v * v);
}

static void mode_many(void)
{
	long sum = 0;

	for (long i = 0; i < n_iter; i += 4) {
		pthread_t t[4];
		for (long k = 0; k < 4; k++)
			check(pthread_create(&t[k], NULL, square, (void *)(i + k)), "pthread_create");
		for (int k = 0; k < 4; k++) {
			void *ret;
			check(pthread_join(t[k], &ret), "pthread_join");
			sum += (long)ret;
		}
	}
	printf("many: %d threads, sum of squares %ld\n", n_iter, sum);
}

/* The first thread leaves with pthread_exit; the process lives on until
 * the last thread ends, and exits with its status. Meanwhile it runs code
 * not run before (qsort) and a syscall whose buffers are copied. */
static int compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void *last_one(void *arg)
{
	int v[] = { 3, 1, 2 };
	struct stat st;

	usleep(20000);
	qsort(v, 3, sizeof v[0], compare_ints);
	int r = stat("/", &st);
	printf("sorted %d %d %d; stat of /: %d, a directory: %d\n", v[0], v[1], v[2],
	       r, S_ISDIR(st.st_mode));
	printf("last thread done\n");
	fflush(stdout);
	exit(7);
}

static void mode_main_exits(void)
{
	pthread_t t;

	check(pthread_create(&t, NULL, last_one, NULL), "pthread_create");
	printf("main thread leaves\n");
	fflush(stdout);
	pthread_exit(NULL);
}

/* The same with the first thread ending by the exit syscall itself: no
 * glibc exit path runs, the thread is gone at once (and with it the
 * process id's own thread; the process lives on in the other). */
static void mode_leader_exits(void)
{
	pthread_t t;

	check(pthread_create(&t, NULL, last_one, NULL), "pthread_create");
	printf("main thread leaves\n");
	fflush(stdout);
	syscall(SYS_exit, 0);
}

/* A robust mutex held by a thread that ends is reported as owner-dead. */
static pthread_mutex_t robust;

static void *lock_and_leave(void *arg)
{
	check(pthread_mutex_lock(&robust), "lock robust");
	return NULL;
}

static void mode_robust(void)
{
	pthread_mutexattr_t attr;
	pthread_t t;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	check(pthread_mutex_init(&robust, &attr), "mutex init");
	check(pthread_create(&t, NULL, lock_and_leave, NULL), "pthread_create");
	check(pthread_join(t, NULL), "pthread_join");
	int err = pthread_mutex_lock(&robust);
	printf("robust: %s\n", err == EOWNERDEAD ? "EOWNERDEAD" : strerror(err));
	if (err == EOWNERDEAD)
		check(pthread_mutex_consistent(&robust), "consistent");
	check(pthread_mutex_unlock(&robust), "unlock");
}

/* pthread_cancel at a cancellation point (glibc sends SIGCANCEL). */
static _Noreturn void *wait_forever(void *arg)
{
	for (;;)
		pause();
}

static void mode_cancel(void)
{
	pthread_t t;
	void *ret;

	check(pthread_create(&t, NULL, wait_forever, NULL), "pthread_create");
	usleep(10000);
	check(pthread_cancel(t), "pthread_cancel");
	check(pthread_join(t, &ret), "pthread_join");
	printf("cancel: %s\n", ret == PTHREAD_CANCELED ? "canceled" : "not canceled");
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*run)(void); } modes[] = {
		{ "counters", mode_counters }, { "pingpong", mode_pingpong },
		{ "tls", mode_tls }, { "detached", mode_detached }, { "many", mode_many },
		{ "main-exits", mode_main_exits }, { "leader-exits", mode_leader_exits },
		{ "robust", mode_robust },
		{ "cancel", mode_cancel },
	};

	if (argc > 2)
		n_threads = atoi(argv[2]);
	if (argc > 3)
		n_iter = atoi(argv[3]);
	if (argc < 2 || n_threads < 1 || n_threads > 64 || n_iter < 1) {
		fprintf(stderr, "usage: pthreads MODE [THREADS (1-64) ITERATIONS]\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (!strcmp(argv[1], modes[i].name)) {
			modes[i].run();
			return 0;
		}
	fprintf(stderr, "unknown mode %s\n", argv[1]);
	return 2;
}
