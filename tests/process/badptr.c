/* Syscalls given bad pointers: NULL+8, an unmapped page, a read-only page
 * for results, strings that run into an unmapped page. Linux answers
 * EFAULT (or ignores the pointer where it does), and so must an emulator
 * that reads or writes those structures itself. Each line is one call and
 * its errno; the output is the same for every architecture. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

/* Through a volatile, so the compiler does not see it is bad. */
static void *volatile null8 = (void *)8;
#define NULL8 (null8)
#define PAGE 4096

static char *unmapped, *readonly;
/* A writable page followed by an unmapped one. */
static char *before_hole;
/* Pages for the robust list test. */
static char *robust_pages[3];

static void report(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, strerrorname_np(errno));
	else
		printf("%s: ok\n", what);
}

static void *map(int prot)
{
	void *p = mmap(NULL, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		perror("mmap"), exit(1);
	return p;
}

/* Every page is mapped before the hole is made, so that none lands in
 * it; later mappings (thread stacks) are too large for it. */
static void setup(void)
{
	readonly = map(PROT_READ);
	for (int i = 0; i < 3; i++)
		robust_pages[i] = map(PROT_READ | PROT_WRITE);
	char *two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (two == MAP_FAILED)
		perror("mmap"), exit(1);
	munmap(two + PAGE, PAGE);
	before_hole = two;
	unmapped = two + PAGE;
}

/* A string whose NUL is the last byte before the hole, or that runs
 * into it without one. */
static const char *string_at_hole(const char *s, int terminated)
{
	size_t len = strlen(s) + (terminated ? 1 : 0);
	char *at = before_hole + PAGE - len;

	memcpy(at, s, len);
	return at;
}

static void test_files(void)
{
	static char long_path[PATH_MAX + 1];
	struct stat st;
	struct statfs sfs;
	char buf[512]; /* room for a struct statx */

	report("fstat NULL+8", syscall(SYS_fstat, 0, NULL8));
	report("fstat unmapped", syscall(SYS_fstat, 0, unmapped));
	report("fstat read-only", syscall(SYS_fstat, 0, readonly));
	report("newfstatat buffer NULL+8", syscall(SYS_newfstatat, AT_FDCWD, "/", NULL8, 0));
	report("newfstatat buffer read-only", syscall(SYS_newfstatat, AT_FDCWD, "/", readonly, 0));
	report("newfstatat path NULL+8", syscall(SYS_newfstatat, AT_FDCWD, NULL8, &st, 0));
	report("newfstatat path unmapped", syscall(SYS_newfstatat, AT_FDCWD, unmapped, &st, 0));
	report("statx buffer NULL+8",
	       syscall(SYS_statx, AT_FDCWD, "/", 0, STATX_BASIC_STATS, NULL8));
	report("statx path unmapped",
	       syscall(SYS_statx, AT_FDCWD, unmapped, 0, STATX_BASIC_STATS, buf));
	report("openat path NULL+8", syscall(SYS_openat, AT_FDCWD, NULL8, O_RDONLY));
	report("openat path ends before a hole",
	       syscall(SYS_openat, AT_FDCWD, string_at_hole("/no-such-file", 1), O_RDONLY));
	report("openat path runs into a hole",
	       syscall(SYS_openat, AT_FDCWD, string_at_hole("/no-such-file", 0), O_RDONLY));
	report("openat /proc/self/maps runs into a hole",
	       syscall(SYS_openat, AT_FDCWD, string_at_hole("/proc/self/maps", 0), O_RDONLY));
	memset(long_path, 'a', PATH_MAX);
	long_path[PATH_MAX] = 0;
	report("openat path of PATH_MAX bytes", syscall(SYS_openat, AT_FDCWD, long_path, O_RDONLY));
	report("faccessat path unmapped", syscall(SYS_faccessat, AT_FDCWD, unmapped, R_OK));
	report("readlinkat path NULL+8", syscall(SYS_readlinkat, AT_FDCWD, NULL8, buf, sizeof buf));
	report("readlinkat /proc/self/exe into NULL+8",
	       syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", NULL8, 64));
	report("readlinkat /proc/self/exe into read-only",
	       syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", readonly, 64));
	report("statfs path unmapped", syscall(SYS_statfs, unmapped, &sfs));
	report("uname NULL+8", syscall(SYS_uname, NULL8));
	report("uname read-only", syscall(SYS_uname, readonly));
}

static void test_exec(const char *self)
{
	char *bad_strings[] = { NULL8, NULL };
	char *args[] = { (char *)self, NULL };

	report("execve path NULL+8", syscall(SYS_execve, NULL8, args, NULL));
	report("execve argv NULL+8", syscall(SYS_execve, self, NULL8, NULL));
	report("execve argv[0] NULL+8", syscall(SYS_execve, self, bad_strings, NULL));
	report("execve envp NULL+8", syscall(SYS_execve, self, args, NULL8));
	report("execveat path unmapped", syscall(SYS_execveat, AT_FDCWD, unmapped, args, NULL, 0));
	report("execveat argv unmapped", syscall(SYS_execveat, AT_FDCWD, self, unmapped, NULL, 0));
}

static void test_epoll(void)
{
	int ep = epoll_create1(0), fds[2];
	struct epoll_event ev = { .events = EPOLLIN };

	if (ep < 0 || pipe(fds) < 0)
		perror("epoll"), exit(1);
	report("epoll_ctl ADD event NULL+8", syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[0], NULL8));
	report("epoll_ctl ADD event unmapped",
	       syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[0], unmapped));
	report("epoll_ctl ADD", syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[0], &ev));
	if (write(fds[1], "x", 1) != 1)
		perror("write"), exit(1);
	report("epoll_wait events NULL+8", epoll_wait(ep, NULL8, 4, 0));
	report("epoll_wait events read-only", epoll_wait(ep, (void *)readonly, 4, 0));
	report("epoll_wait events unmapped", epoll_wait(ep, (void *)unmapped, 4, 0));
	report("epoll_ctl DEL ignores the event",
	       syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, fds[0], NULL8));
	close(fds[0]);
	close(fds[1]);
	close(ep);
}

static void test_signals(void)
{
	report("rt_sigaction act NULL+8", syscall(SYS_rt_sigaction, SIGUSR1, NULL8, NULL, 8));
	report("rt_sigaction oldact unmapped", syscall(SYS_rt_sigaction, SIGUSR1, NULL, unmapped, 8));
	report("rt_sigaction oldact read-only", syscall(SYS_rt_sigaction, SIGUSR1, NULL, readonly, 8));
	report("rt_sigprocmask set NULL+8", syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL8, NULL, 8));
	report("rt_sigprocmask oldset read-only",
	       syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, readonly, 8));
	report("sigaltstack ss unmapped", syscall(SYS_sigaltstack, unmapped, NULL));
	report("sigaltstack old_ss read-only", syscall(SYS_sigaltstack, NULL, readonly));
	report("rt_sigsuspend mask NULL+8", syscall(SYS_rt_sigsuspend, NULL8, 8));
}

/* clone and thread exit: the tid words and the robust list are the
 * guest's to get right; bad ones are ignored, as the kernel ignores them. */
static atomic_int thread_ran;

static int raw_thread(void *arg)
{
	atomic_store(&thread_ran, 1);
	syscall(SYS_futex, &thread_ran, FUTEX_WAKE, 1, NULL, NULL, 0);
	syscall(SYS_exit, 0);
	return 0;
}

static void test_clone_tids(void)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID;
	int status;

	long tid = clone(raw_thread, stack + sizeof stack, flags, NULL, NULL8, NULL, unmapped);
	report("clone thread, tid words NULL+8 and unmapped", tid);
	while (tid > 0 && !atomic_load(&thread_ran))
		syscall(SYS_futex, &thread_ran, FUTEX_WAIT, 0, NULL, NULL, 0);
	printf("clone thread ran: %d\n", atomic_load(&thread_ran));

	/* clone's tls and ctid arguments swap places between architectures:
	 * both are the bad pointer here, and CLONE_SETTLS is not given. */
	long pid = syscall(SYS_clone, CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD, 0,
			   NULL8, NULL8, NULL8);
	if (pid == 0)
		syscall(SYS_exit_group, 3);
	report("fork by clone, tid words NULL+8", pid);
	if (pid > 0 && waitpid((pid_t)pid, &status, 0) == pid)
		printf("fork child status %d\n", WEXITSTATUS(status));

	uint64_t clone_args[8] = { 0 };
	report("clone3 args NULL+8", syscall(SYS_clone3, NULL8, sizeof clone_args));
	report("clone3 args unmapped", syscall(SYS_clone3, unmapped, sizeof clone_args));
	report("clone3 args larger than a page", syscall(SYS_clone3, clone_args, PAGE + 8));
}

static void test_robust_query(void)
{
	void *head;
	size_t len;

	report("get_robust_list head NULL+8", syscall(SYS_get_robust_list, 0, NULL8, &len));
	report("get_robust_list len read-only", syscall(SYS_get_robust_list, 0, &head, readonly));
}

/* uapi/linux/futex.h */
struct robust_head {
	void *list;
	long futex_offset;
	void *list_op_pending;
};

/* A thread registers a robust list, then ends; the kernel walks the list
 * and stops at the first entry it cannot read, or whose futex word it
 * cannot write. */
struct robust_exit {
	struct robust_head *head;
	uint32_t *held;                 /* a futex word the thread takes */
	int held_read_only;             /* made read-only before the end */
};

static void *exit_with_robust_list(void *arg)
{
	struct robust_exit *e = arg;

	if (e->held) {
		*e->held = (uint32_t)gettid();
		if (e->held_read_only)
			mprotect(e->held, sizeof *e->held, PROT_READ);
	}
	syscall(SYS_set_robust_list, e->head, sizeof(struct robust_head));
	return NULL;
}

static void robust_exit(const char *what, struct robust_exit e)
{
	pthread_t t;

	if (pthread_create(&t, NULL, exit_with_robust_list, &e) || pthread_join(t, NULL))
		printf("%s: pthread failed\n", what);
	else if (e.held)
		printf("%s: thread ended, owner died %d\n", what,
		       (*e.held & FUTEX_OWNER_DIED) != 0);
	else
		printf("%s: thread ended\n", what);
}

static void test_robust_exit(void)
{
	struct robust_head *head = (void *)robust_pages[0];
	char *entry = robust_pages[1];
	uint32_t *word = (uint32_t *)robust_pages[2];

	robust_exit("robust list head NULL+8", (struct robust_exit){ NULL8 });
	robust_exit("robust list head unmapped", (struct robust_exit){ (void *)unmapped });
	*head = (struct robust_head){ .list = NULL8 };
	robust_exit("robust list entry NULL+8", (struct robust_exit){ head });
	*head = (struct robust_head){ .list = unmapped, .futex_offset = 8,
				      .list_op_pending = unmapped };
	robust_exit("robust list entry and pending unmapped", (struct robust_exit){ head });
	*head = (struct robust_head){ .list = entry, .futex_offset = (long)(unmapped - entry) };
	*(void **)entry = head;
	robust_exit("robust list futex word unmapped", (struct robust_exit){ head });
	/* One good entry, whose futex word is in a page of its own. */
	*head = (struct robust_head){ .list = entry, .futex_offset = (long)((char *)word - entry) };
	robust_exit("robust list futex word held", (struct robust_exit){ head, word, 0 });
	robust_exit("robust list futex word held, read-only", (struct robust_exit){ head, word, 1 });
}

/* A thread whose CLONE_CHILD_CLEARTID word is bad ends; the process
 * lives on. (The word is glibc's for joining, so the thread is waited
 * for by its /proc entry.) */
static atomic_int bad_clear_tid;

static void *exit_with_bad_clear_tid(void *arg)
{
	atomic_store(&bad_clear_tid, (int)gettid());
	syscall(SYS_set_tid_address, NULL8);
	syscall(SYS_exit, 0);
	return NULL;
}

static void test_clear_tid(void)
{
	char task[64];
	pthread_t t;

	if (pthread_create(&t, NULL, exit_with_bad_clear_tid, NULL))
		perror("pthread_create"), exit(1);
	while (!atomic_load(&bad_clear_tid))
		usleep(1000);
	snprintf(task, sizeof task, "/proc/self/task/%d", atomic_load(&bad_clear_tid));
	while (access(task, F_OK) == 0)
		usleep(1000);
	printf("set_tid_address NULL+8, thread exit: process lives on\n");
}

/* With every signal blocked (as posix_spawn's child and many worker
 * threads run) a bad pointer is still EFAULT: an emulator that copies
 * through a fault of its own must not leave that fault blocked. */
static void test_blocked_signals(void)
{
	sigset_t all, old;
	struct stat st;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	report("fstat NULL+8, every signal blocked", syscall(SYS_fstat, 0, NULL8));
	report("fstat read-only, every signal blocked", syscall(SYS_fstat, 0, readonly));
	report("newfstatat path unmapped, every signal blocked",
	       syscall(SYS_newfstatat, AT_FDCWD, unmapped, &st, 0));
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	setup();
	test_files();
	test_exec(argv[0]);
	test_epoll();
	test_signals();
	test_blocked_signals();
	test_clone_tids();
	test_robust_query();
	test_robust_exit();
	test_clear_tid();
	return 0;
}
