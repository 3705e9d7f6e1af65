/* Guest threads. clone with CLONE_THREAD starts a host thread (pthread, so
 * xlift's own thread-local state works in it) with its own guest CPU.
 * A guest thread's exit ends its host thread: the thread's routine is
 * left through a jump back to its start, since translated code never
 * returns. The last guest thread to exit ends the process (xlift's own
 * threads, such as the optimiser, do not keep it alive). */
#include "linux/thread.h"
#include "runtime/dispatch.h"
#include "runtime/guest_mem.h"
#include "translate/translate.h"
#include "host/fpenv.h"
#include "util/die.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdatomic.h>

static atomic_int live_threads = 1;
static __thread pid_t thread_tid;        /* 0 in xlift's own threads */
static __thread uint64_t clear_tid_addr; /* CLONE_CHILD_CLEARTID, set_tid_address */
static __thread uint64_t robust_head;    /* set_robust_list */
static __thread sigjmp_buf *exit_point;  /* NULL in the first thread */

/* What the parent hands a new thread; on the parent's stack until the
 * child has posted started. */
struct thread_start {
	struct xl_cpu *cpu;
	uint32_t fpenv;
	uint64_t flags, ptid, ctid;
	sem_t started;
	pid_t tid;
};

void xl_thread_init(void)
{
	thread_tid = gettid();
}

void xl_tid_word_set(uint64_t addr, pid_t tid)
{
	int32_t word = tid;

	(void)XL_COPY_OUT(addr, word);
}

static void announce_tid(struct thread_start *s)
{
	pid_t tid = gettid();

	thread_tid = tid;
	/* The parent's and the child's copies are the same memory. */
	if (s->flags & CLONE_PARENT_SETTID)
		xl_tid_word_set(s->ptid, tid);
	if (s->flags & CLONE_CHILD_SETTID)
		xl_tid_word_set(s->ctid, tid);
	if (s->flags & CLONE_CHILD_CLEARTID)
		clear_tid_addr = s->ctid;
	s->tid = tid;
}

static void *thread_main(void *arg)
{
	struct thread_start *s = arg;
	struct xl_cpu *cpu = s->cpu;
	uint32_t fpenv = s->fpenv;
	sigjmp_buf here;

	announce_tid(s);
	sem_post(&s->started);
	if (!sigsetjmp(here, 0)) {
		exit_point = &here;
		xl_run_from(cpu, fpenv);
	}
	xl_cpu_free(cpu);
	return NULL;
}

static int start_host_thread(struct thread_start *s)
{
	pthread_attr_t attr;
	pthread_t thread;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* The new thread starts with the caller's signal mask: the guest's. */
	int err = pthread_create(&thread, &attr, thread_main, s);
	pthread_attr_destroy(&attr);
	return err;
}

long xl_thread_create(struct xl_syscall *sc, uint64_t flags, uint64_t stack,
		      uint64_t ptid, uint64_t ctid, uint64_t tls)
{
	const struct guest_arch *arch = xl_proc.arch;
	struct thread_start s = {
		.cpu = xl_cpu_copy(sc->cpu, arch),
		.fpenv = host_fpenv_get(),
		.flags = flags, .ptid = ptid, .ctid = ctid,
	};

	arch->syscall_ret(s.cpu, 0);
	if (stack)
		arch->set_sp(s.cpu, stack);
	if (flags & CLONE_SETTLS)
		arch->set_tls(s.cpu, tls);
	sem_init(&s.started, 0, 0);
	atomic_fetch_add(&live_threads, 1);
	int err = start_host_thread(&s);
	if (err) {
		atomic_fetch_sub(&live_threads, 1);
		xl_cpu_free(s.cpu);
		return -EAGAIN;
	}
	while (sem_wait(&s.started) < 0)
		; /* EINTR */
	sem_destroy(&s.started);
	return s.tid;
}

void xl_thread_after_fork(struct xl_cpu *cpu)
{
	thread_tid = gettid();
	atomic_store(&live_threads, 1);
	xl_cpu_keep_only(cpu);
}

/* What the kernel does for an exiting thread that shares its memory:
 * robust futexes first, then the tid word cleared and its waiter woken. */
static void release_thread(void)
{
	xl_robust_release(robust_head, thread_tid);
	if (clear_tid_addr) {
		xl_tid_word_set(clear_tid_addr, 0);
		syscall(SYS_futex, XL_PTR(void *, clear_tid_addr), FUTEX_WAKE, 1, NULL, NULL, 0);
	}
}

long xl_sys_exit(struct xl_syscall *sc)
{
	int status = (int)sc->a[0];

	/* A vfork child shares its parent thread's host TLS but not its tid:
	 * it is a process of its own, with one thread. */
	if (gettid() != thread_tid)
		_exit(status);
	release_thread();
	if (atomic_fetch_sub(&live_threads, 1) == 1) {
		xl_translate_finish();
		_exit(status);
	}
	if (exit_point)
		siglongjmp(*exit_point, 1);
	/* The first thread has no routine to return from; the process lives
	 * on in its other threads. */
	for (;;)
		syscall(SYS_exit, status);
}

void xl_thread_before_exec(void)
{
	/* A vfork child's memory is its parent's, news included. */
	if (gettid() == thread_tid)
		xl_translate_finish();
}

long xl_sys_exit_group(struct xl_syscall *sc)
{
	xl_translate_finish();
	_exit((int)sc->a[0]);
}

long xl_sys_set_tid_address(struct xl_syscall *sc)
{
	clear_tid_addr = sc->a[0];
	return gettid();
}

long xl_sys_set_robust_list(struct xl_syscall *sc)
{
	if (sc->a[1] != 3 * sizeof(uint64_t))
		return -EINVAL;
	robust_head = sc->a[0];
	return 0;
}

long xl_sys_get_robust_list(struct xl_syscall *sc)
{
	uint64_t len = 3 * sizeof(uint64_t);

	if (sc->a[0] && (pid_t)sc->a[0] != gettid())
		return -EPERM; /* other threads' lists live in their TLS */
	/* In Linux's order: the length first. */
	if (XL_COPY_OUT(sc->a[2], len))
		return -EFAULT;
	return XL_COPY_OUT(sc->a[1], robust_head);
}
