/* Syscalls of the older tables (x86-64's) that asm-generic dropped: each
 * becomes the *at or numbered successor every host has (AArch64 has only
 * those), through the same handler a guest's own call of it would get. */
#include "linux/syscall.h"
#include "runtime/guest_mem.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

/* Runs handler h as the host call host_nr with arguments a; sc takes its
 * host number, by which signal_restart.c decides whether it restarts. */
static long call_as(struct xl_syscall *sc, xl_sys_handler *h, long host_nr, const uint64_t a[6])
{
	struct xl_syscall at = *sc;

	at.host_nr = host_nr;
	memcpy(at.a, a, sizeof at.a);
	long ret = h(&at);
	sc->host_nr = host_nr;
	sc->regs_changed |= at.regs_changed;
	return ret;
}

#define AS(h, host_nr, ...) call_as(sc, (h), (host_nr), (const uint64_t[6]){ __VA_ARGS__ })
#define PASS(host_nr, ...) AS(xl_sys_passthrough, (host_nr), __VA_ARGS__)
#define CWD ((uint64_t)(int64_t)AT_FDCWD)

/* Files by path. */
long xl_sys_open(struct xl_syscall *sc)
{
	return AS(xl_sys_openat, SYS_openat, CWD, sc->a[0], sc->a[1], sc->a[2]);
}

long xl_sys_creat(struct xl_syscall *sc)
{
	return AS(xl_sys_openat, SYS_openat, CWD, sc->a[0], O_CREAT | O_WRONLY | O_TRUNC, sc->a[1]);
}

long xl_sys_stat(struct xl_syscall *sc)
{
	return AS(xl_sys_newfstatat, SYS_newfstatat, CWD, sc->a[0], sc->a[1], 0);
}

long xl_sys_lstat(struct xl_syscall *sc)
{
	return AS(xl_sys_newfstatat, SYS_newfstatat, CWD, sc->a[0], sc->a[1], AT_SYMLINK_NOFOLLOW);
}

long xl_sys_access(struct xl_syscall *sc)
{
	return AS(xl_sys_at_path, SYS_faccessat, CWD, sc->a[0], sc->a[1]);
}

long xl_sys_readlink(struct xl_syscall *sc)
{
	return AS(xl_sys_readlinkat, SYS_readlinkat, CWD, sc->a[0], sc->a[1], sc->a[2]);
}

long xl_sys_rename(struct xl_syscall *sc)
{
	return PASS(SYS_renameat2, CWD, sc->a[0], CWD, sc->a[1], 0);
}

long xl_sys_mkdir(struct xl_syscall *sc)
{
	return PASS(SYS_mkdirat, CWD, sc->a[0], sc->a[1]);
}

long xl_sys_mknod(struct xl_syscall *sc)
{
	return PASS(SYS_mknodat, CWD, sc->a[0], sc->a[1], sc->a[2]);
}

long xl_sys_rmdir(struct xl_syscall *sc)
{
	return PASS(SYS_unlinkat, CWD, sc->a[0], AT_REMOVEDIR);
}

long xl_sys_unlink(struct xl_syscall *sc)
{
	return PASS(SYS_unlinkat, CWD, sc->a[0], 0);
}

long xl_sys_link(struct xl_syscall *sc)
{
	return PASS(SYS_linkat, CWD, sc->a[0], CWD, sc->a[1], 0);
}

long xl_sys_symlink(struct xl_syscall *sc)
{
	return PASS(SYS_symlinkat, sc->a[0], CWD, sc->a[1]);
}

long xl_sys_chmod(struct xl_syscall *sc)
{
	return PASS(SYS_fchmodat, CWD, sc->a[0], sc->a[1]);
}

long xl_sys_chown(struct xl_syscall *sc)
{
	return PASS(SYS_fchownat, CWD, sc->a[0], sc->a[1], sc->a[2], 0);
}

long xl_sys_lchown(struct xl_syscall *sc)
{
	return PASS(SYS_fchownat, CWD, sc->a[0], sc->a[1], sc->a[2], AT_SYMLINK_NOFOLLOW);
}

/* utime(path, {actime, modtime}), utimes(path, timeval[2]) and
 * futimesat(dirfd, path, timeval[2]): utimensat with the same times. */
static long set_times(struct xl_syscall *sc, uint64_t dirfd, uint64_t path, uint64_t times,
		      int timevals)
{
	int64_t t[4];
	struct timespec ts[2];

	if (!times)
		return PASS(SYS_utimensat, dirfd, path, 0, 0);
	if (xl_guest_read(t, times, (timevals ? 4 : 2) * sizeof t[0]) < 0)
		return -EFAULT;
	if (timevals) {
		for (int i = 0; i < 2; i++) {
			if (t[2 * i + 1] < 0 || t[2 * i + 1] >= 1000000)
				return -EINVAL;
			ts[i] = (struct timespec){ t[2 * i], t[2 * i + 1] * 1000 };
		}
	} else {
		ts[0] = (struct timespec){ t[0], 0 };
		ts[1] = (struct timespec){ t[1], 0 };
	}
	return PASS(SYS_utimensat, dirfd, path, (uintptr_t)ts, 0);
}

long xl_sys_utime(struct xl_syscall *sc)
{
	return set_times(sc, CWD, sc->a[0], sc->a[1], 0);
}

long xl_sys_utimes(struct xl_syscall *sc)
{
	return set_times(sc, CWD, sc->a[0], sc->a[1], 1);
}

long xl_sys_futimesat(struct xl_syscall *sc)
{
	return set_times(sc, sc->a[0], sc->a[1], sc->a[2], 1);
}

/* getdents: linux_dirent has the name one byte earlier than
 * linux_dirent64 and the type in the record's last byte; both records
 * round 20 + name length up to 8 bytes, so each converts in place, in a
 * buffer of xlift's (fewer records than fit is what getdents may give). */
#define DIRENTS_PER_CALL 8192

long xl_sys_getdents(struct xl_syscall *sc)
{
	char buf[DIRENTS_PER_CALL];
	unsigned count = (unsigned)sc->a[2] < sizeof buf ? (unsigned)sc->a[2] : sizeof buf;
	long n = PASS(SYS_getdents64, sc->a[0], (uintptr_t)buf, count);

	for (long off = 0; off < n;) {
		char *d = buf + off;
		uint16_t reclen;
		memcpy(&reclen, d + 16, sizeof reclen);
		char type = d[18];
		memmove(d + 18, d + 19, strnlen(d + 19, reclen - 19u) + 1);
		d[reclen - 1] = type;
		off += reclen;
	}
	if (n > 0 && xl_guest_write(sc->a[1], buf, (size_t)n) < 0)
		return -EFAULT;
	return n;
}

/* Descriptors. */
long xl_sys_pipe(struct xl_syscall *sc)
{
	return PASS(SYS_pipe2, sc->a[0], 0);
}

/* dup3 refuses equal descriptors, dup2 checks the one and returns it. */
long xl_sys_dup2(struct xl_syscall *sc)
{
	if (sc->a[0] != sc->a[1])
		return PASS(SYS_dup3, sc->a[0], sc->a[1], 0);
	long r = PASS(SYS_fcntl, sc->a[0], F_GETFD);
	return r < 0 ? r : (long)(int)sc->a[1];
}

long xl_sys_epoll_create(struct xl_syscall *sc)
{
	if ((int)sc->a[0] <= 0)
		return -EINVAL;
	return PASS(SYS_epoll_create1, 0);
}

long xl_sys_epoll_wait(struct xl_syscall *sc)
{
	return AS(xl_sys_epoll_pwait, SYS_epoll_pwait, sc->a[0], sc->a[1], sc->a[2], sc->a[3], 0, 8);
}

long xl_sys_inotify_init(struct xl_syscall *sc)
{
	return PASS(SYS_inotify_init1, 0);
}

long xl_sys_eventfd(struct xl_syscall *sc)
{
	return PASS(SYS_eventfd2, sc->a[0], 0);
}

long xl_sys_signalfd(struct xl_syscall *sc)
{
	return PASS(SYS_signalfd4, sc->a[0], sc->a[1], sc->a[2], 0);
}

/* Waiting. */
long xl_sys_poll(struct xl_syscall *sc)
{
	int ms = (int)sc->a[2];
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	return PASS(SYS_ppoll, sc->a[0], sc->a[1], ms < 0 ? 0 : (uintptr_t)&ts, 0, 8);
}

/* select writes the time left back into the guest's timeval. */
long xl_sys_select(struct xl_syscall *sc)
{
	int64_t tv[2];
	struct timespec ts;

	if (!sc->a[4])
		return PASS(SYS_pselect6, sc->a[0], sc->a[1], sc->a[2], sc->a[3], 0, 0);
	if (xl_guest_read(tv, sc->a[4], sizeof tv) < 0)
		return -EFAULT;
	if (tv[0] < 0 || tv[1] < 0 || tv[1] >= 1000000)
		return -EINVAL;
	ts = (struct timespec){ tv[0], tv[1] * 1000 };
	long r = PASS(SYS_pselect6, sc->a[0], sc->a[1], sc->a[2], sc->a[3], (uintptr_t)&ts, 0);
	tv[0] = ts.tv_sec;
	tv[1] = ts.tv_nsec / 1000;
	if (xl_guest_write(sc->a[4], tv, sizeof tv) < 0 && r >= 0)
		return -EFAULT;
	return r;
}

/* Until a signal's handler has run: ppoll on nothing, with the mask the
 * guest has (the host's while guest code runs). */
long xl_sys_pause(struct xl_syscall *sc)
{
	return PASS(SYS_ppoll, 0, 0, 0, 0, 8);
}

/* Processes and time. */
long xl_sys_fork(struct xl_syscall *sc)
{
	return AS(xl_sys_clone, SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
}

long xl_sys_vfork(struct xl_syscall *sc)
{
	return AS(xl_sys_clone, SYS_clone, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0, 0);
}

long xl_sys_getpgrp(struct xl_syscall *sc)
{
	return PASS(SYS_getpgid, 0);
}

long xl_sys_time(struct xl_syscall *sc)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t t = ts.tv_sec;
	if (sc->a[0] && xl_guest_write(sc->a[0], &t, sizeof t) < 0)
		return -EFAULT;
	return t;
}

/* alarm(seconds): setitimer; the seconds left are rounded as Linux does. */
long xl_sys_alarm(struct xl_syscall *sc)
{
	struct itimerval it = { .it_value = { (time_t)(unsigned)sc->a[0], 0 } }, old;

	PASS(SYS_setitimer, ITIMER_REAL, (uintptr_t)&it, (uintptr_t)&old);
	if ((!old.it_value.tv_sec && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
		old.it_value.tv_sec++;
	return old.it_value.tv_sec;
}
