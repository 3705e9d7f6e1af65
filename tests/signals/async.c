/* Asynchronous signals: timers interrupting busy loops, signals from a
 * child to a parent blocked in read(), SIGCHLD, rt_sigsuspend,
 * sigtimedwait, signalfd, tgkill, pidfd_send_signal, death by signal.
 * Each test is named by argv[1]. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sigtest.h"


static void every(int usec)
{
	struct itimerval t = { { 0, usec }, { 0, usec } };

	setitimer(ITIMER_REAL, &t, NULL);
}

static volatile int ticks;
static sigjmp_buf escape;

/* The fifth tick stops the timer, and later ones (already on their way on
 * a loaded machine) are not counted: the loop sees exactly 5. */
static void on_tick(int sig, siginfo_t *info, void *uc)
{
	if (ticks < 5 && ++ticks == 5)
		every(0);
}

static void on_tick_escape(int sig, siginfo_t *info, void *uc)
{
	siglongjmp(escape, 1);
}

static int test_timer(void)
{
	unsigned long spins = 0;

	sigtest_handle(SIGALRM, on_tick, 0, 0);
	every(5000);
	while (ticks < 5)
		spins++;
	every(0);
	printf("setitimer: %d ticks interrupted the loop, which ran: %d\n", ticks, spins > 0);
	/* A loop without a single memory access ends only by the handler. */
	sigtest_handle(SIGALRM, on_tick_escape, 0, 0);
	if (!sigsetjmp(escape, 1)) {
		every(5000);
		for (;;)
			__asm__ volatile("");
	}
	every(0);
	printf("an empty endless loop was left by siglongjmp\n");
	return 0;
}

static volatile int fired, value_ok;

static void on_timer(int sig, siginfo_t *info, void *uc)
{
	fired++;
	value_ok = info->si_code == SI_TIMER && info->si_value.sival_int == 77;
}

static int test_posix_timer(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN,
			       .sigev_value.sival_int = 77 };
	struct itimerspec spec = { { 0, 3000000 }, { 0, 3000000 } };
	timer_t timer;
	unsigned long spins = 0;

	sigtest_handle(SIGRTMIN, on_timer, 0, 0);
	if (timer_create(CLOCK_MONOTONIC, &ev, &timer))
		perror("timer_create"), exit(1);
	timer_settime(timer, 0, &spec, NULL);
	while (fired < 3)
		spins = spins * 3 + 1;
	timer_delete(timer);
	printf("timer_create: fired 3 times into a busy loop: %d, SI_TIMER with the value: %d\n",
	       fired >= 3, value_ok);
	return 0;
}

static volatile pid_t sender;
static volatile int got_usr1;

static void on_usr1(int sig, siginfo_t *info, void *uc)
{
	sender = info->si_pid;
	got_usr1++;
}

static volatile int chld_code, chld_status, chld_pid;

static void on_chld(int sig, siginfo_t *info, void *uc)
{
	chld_code = info->si_code;
	chld_status = info->si_status;
	chld_pid = info->si_pid;
}

/* The child waits a moment (so the parent blocks), then signals. */
static pid_t child_sending(int sig, int value, int exit_code)
{
	pid_t pid = fork();

	if (pid == 0) {
		usleep(50000);
		if (value)
			sigqueue(getppid(), sig, (union sigval){ .sival_int = value });
		else
			kill(getppid(), sig);
		_exit(exit_code);
	}
	return pid;
}

/* The child signals until the parent says its read() returned: whether a
 * signal comes before the read blocks or while it does, a read cut short
 * is what the parent must see. */
static int test_child(void)
{
	int data[2], ack[2];
	char c;

	if (pipe(data) || pipe(ack))
		exit(1);
	sigset_t chld, none;
	sigemptyset(&none);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigtest_handle(SIGUSR1, on_usr1, 0, 0);
	sigtest_handle(SIGCHLD, on_chld, 0, 0);
	/* SIGCHLD waits for the sigsuspend below, so none can be missed. */
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct pollfd done = { .fd = ack[0], .events = POLLIN };
		do
			kill(getppid(), SIGUSR1);
		while (poll(&done, 1, 20) == 0);
		_exit(7);
	}
	ssize_t n = read(data[0], &c, 1);
	int err = errno;
	if (write(ack[1], "", 1) != 1)
		exit(1);
	printf("read in the parent: %zd (%s), handler ran %d, sent by the child: %d\n",
	       n, n < 0 ? strerror(err) : "data", got_usr1 > 0, sender == pid);
	while (!chld_pid)
		sigsuspend(&none);
	printf("SIGCHLD: CLD_EXITED %d, status %d, from the child %d\n", chld_code == CLD_EXITED,
	       chld_status, chld_pid == pid);
	int status;
	waitpid(pid, &status, 0);
	printf("waitpid: exit %d\n", WEXITSTATUS(status));
	return 0;
}

static int test_suspend(void)
{
	sigset_t usr1, old, none;

	sigtest_handle(SIGUSR1, on_usr1, 0, 0);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	pid_t pid = child_sending(SIGUSR1, 0, 0);
	sigemptyset(&none);
	int r = sigsuspend(&none);
	printf("sigsuspend: %d (%s), handler ran %d\n", r, strerror(errno), got_usr1);
	sigprocmask(SIG_SETMASK, NULL, &old);
	printf("USR1 blocked again after it: %d\n", sigismember(&old, SIGUSR1));
	waitpid(pid, NULL, 0);
	return 0;
}

static int test_timedwait(void)
{
	sigset_t set;
	siginfo_t info;
	struct timespec limit = { 5, 0 }, short_limit = { 0, 10000000 };

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int r = sigtimedwait(&set, &info, &short_limit);
	printf("sigtimedwait, nothing sent: %d (%s)\n", r, strerror(errno));
	pid_t pid = child_sending(SIGUSR2, 42, 0);
	r = sigtimedwait(&set, &info, &limit);
	printf("sigtimedwait: %s, value %d, SI_QUEUE %d, from the child %d\n",
	       r == SIGUSR2 ? "SIGUSR2" : "other", info.si_value.sival_int,
	       info.si_code == SI_QUEUE, info.si_pid == pid);
	waitpid(pid, NULL, 0);
	return 0;
}

static int test_signalfd(void)
{
	sigset_t set;
	struct signalfd_siginfo si;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int fd = signalfd(-1, &set, SFD_CLOEXEC);
	pid_t pid = child_sending(SIGUSR1, 0, 0);
	ssize_t n = read(fd, &si, sizeof si);
	printf("signalfd: read %d, SIGUSR1 %d, from the child %d\n", n == sizeof si,
	       si.ssi_signo == SIGUSR1, (pid_t)si.ssi_pid == pid);
	waitpid(pid, NULL, 0);
	return 0;
}

static int test_direct(void)
{
	sigtest_handle(SIGUSR1, on_usr1, 0, 0);
	syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
	printf("tgkill: handler ran %d, sent by us %d\n", got_usr1, sender == getpid());
	int pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	if (pidfd < 0 || syscall(SYS_pidfd_send_signal, pidfd, SIGUSR1, NULL, 0))
		perror("pidfd"), exit(1);
	printf("pidfd_send_signal: handler ran %d\n", got_usr1);
	return 0;
}

static void on_term(int sig, siginfo_t *info, void *uc)
{
	printf("first SIGTERM handled\n");
}

static int test_exit(void)
{
	sigtest_handle(SIGTERM, on_term, SA_RESETHAND, 0);
	raise(SIGTERM);
	raise(SIGTERM);
	printf("still alive\n");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct sigtest tests[] = {
		{ "timer", test_timer }, { "posix_timer", test_posix_timer },
		{ "child", test_child }, { "suspend", test_suspend },
		{ "timedwait", test_timedwait }, { "signalfd", test_signalfd },
		{ "direct", test_direct }, { "exit", test_exit },
	};

	return sigtest_main(argc, argv, tests, sizeof tests / sizeof tests[0]);
}
