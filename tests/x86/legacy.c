/* x86-64's legacy syscalls (open, stat, pipe, fork...) and the structures
 * whose layout is x86-64's own (struct stat, packed epoll_event). Run in a
 * directory holding "fixed" (ten bytes, times set) and "link" -> fixed;
 * every result goes to stdout, to be the same as natively. */
#include "sys.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/stat.h>

static char buf[512];

static void fill(char *p, int n, char c)
{
	for (int i = 0; i < n; i++)
		p[i] = c;
}

/* The whole struct stat of a file nobody changes: every byte as natively. */
static void stat_calls(void)
{
	fill(buf, 160, 0x55);
	PUT(sys(SYS_stat, "fixed", buf, 0));
	put(buf, 160);
	fill(buf, 160, 0x55);
	PUT(sys(SYS_lstat, "link", buf, 0));
	put(buf, 160);
	long fd = sys(SYS_open, "fixed", O_RDONLY, 0);
	fill(buf, 160, 0x55);
	PUT(sys(SYS_fstat, fd, buf, 0));
	put(buf, 160);
	fill(buf, 160, 0x55);
	PUT(sys6(SYS_newfstatat, AT_FDCWD, (long)"link", (long)buf, AT_SYMLINK_NOFOLLOW, 0, 0));
	put(buf, 160);
	sys(SYS_close, fd, 0, 0);       /* unread: its atime stays */
	PUT(sys(SYS_stat, "missing", buf, 0));
	PUT(sys(SYS_access, "fixed", R_OK, 0));
	PUT(sys(SYS_access, "missing", F_OK, 0));
	long n = sys(SYS_readlink, "link", buf, 64);
	PUT(n);
	put(buf, n);
}

/* A struct stat field of a file made here: the mode, the link count. */
static void put_mode_nlink(const char *path)
{
	struct stat *st = (struct stat *)buf;

	PUT(sys(SYS_lstat, path, buf, 0));
	PUT(st->st_mode);
	PUT(st->st_nlink);
}

/* getdents: each record's name and type, then the record lengths' sum. */
static void list_dir(const char *path)
{
	long fd = sys(SYS_open, path, O_RDONLY | O_DIRECTORY, 0);
	long n = sys(SYS_getdents, fd, buf, sizeof buf), total = 0;

	PUT(n);
	for (long off = 0; off < n;) {
		char *d = buf + off;
		unsigned short reclen = *(unsigned short *)(d + 16);
		int len = 0;
		while (d[18 + len])
			len++;
		if (!(len == 1 && d[18] == '.') && !(len == 2 && d[18] == '.' && d[19] == '.'))
			put(d + 18, len + 1);
		PUT(d[reclen - 1]);
		total += reclen;
		off += reclen;
	}
	PUT(total == n);
	sys(SYS_close, fd, 0, 0);
}

static void path_calls(void)
{
	PUT(sys(SYS_mkdir, "d", 0750, 0));
	PUT(sys(SYS_mkdir, "d", 0750, 0));
	long fd = sys(SYS_creat, "d/f", 0640, 0);
	PUT(fd > 0);
	PUT(sys(SYS_write, fd, "hello", 5));
	sys(SYS_close, fd, 0, 0);
	PUT(sys(SYS_rename, "d/f", "d/g", 0));
	PUT(sys(SYS_link, "d/g", "d/h", 0));
	put_mode_nlink("d/h");
	PUT(sys(SYS_symlink, "g", "d/s", 0));
	put_mode_nlink("d/s");
	PUT(sys(SYS_chmod, "d/g", 0604, 0));
	PUT(sys(SYS_chown, "d/g", -1, -1));
	PUT(sys(SYS_lchown, "d/s", -1, -1));
	PUT(sys(SYS_mknod, "d/p", S_IFIFO | 0600, 0));
	put_mode_nlink("d/p");
	PUT(sys(SYS_unlink, "d/h", 0, 0));
	put_mode_nlink("d/g");
	long times[4] = { 1000000000, 1000, 1200000000, 2000 };
	PUT(sys(SYS_utimes, "d/g", times, 0));
	PUT(((struct stat *)buf)->st_mtime == 0);
	sys(SYS_stat, "d/g", buf, 0);
	PUT(((struct stat *)buf)->st_mtim);
	PUT(sys(SYS_utime, "d/g", times, 0));
	sys(SYS_stat, "d/g", buf, 0);
	PUT(((struct stat *)buf)->st_mtim);
	PUT(sys6(SYS_futimesat, AT_FDCWD, (long)"d/g", (long)times, 0, 0, 0));
	sys(SYS_stat, "d/g", buf, 0);
	PUT(((struct stat *)buf)->st_atim);
	fd = sys(SYS_open, "d/g", O_RDONLY, 0);
	PUT(sys(SYS_read, fd, buf, 16));
	put(buf, 5);
	sys(SYS_close, fd, 0, 0);
	list_dir("d");
	PUT(sys(SYS_rmdir, "d", 0, 0));
	sys(SYS_unlink, "d/g", 0, 0);
	sys(SYS_unlink, "d/s", 0, 0);
	sys(SYS_unlink, "d/p", 0, 0);
	PUT(sys(SYS_rmdir, "d", 0, 0));
}

/* pipe, dup2, poll, select, epoll with x86-64's packed 12-byte events. */
static void fd_calls(void)
{
	int fds[2];

	PUT(sys(SYS_pipe, fds, 0, 0));
	PUT(sys(SYS_write, fds[1], "xyz", 3));
	PUT(sys(SYS_dup2, fds[0], 20, 0));
	PUT(sys(SYS_dup2, 20, 20, 0));
	PUT(sys(SYS_dup2, 99, 99, 0));
	struct pollfd p[2] = { { 20, POLLIN, 0 }, { fds[1], POLLOUT, 0 } };
	PUT(sys(SYS_poll, p, 2, 0));
	put(p, sizeof p);
	unsigned long set[1] = { 1ul << 20 }; /* fds 0..63 */
	long tv[2] = { 0, 1000 };
	PUT(sys6(SYS_select, 21, (long)set, 0, 0, (long)tv, 0));
	PUT(set[0]);

	long ep = sys(SYS_epoll_create, 1, 0, 0);
	PUT(ep > 0);
	PUT(sys(SYS_epoll_create, 0, 0, 0));
	struct epoll_event ev = { EPOLLIN, { .u64 = 0x1122334455667788 } };
	PUT(sys6(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fds[0], (long)&ev, 0, 0));
	ev.data.u64 = 0x99aabbccddeeff00;
	PUT(sys6(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, 20, (long)&ev, 0, 0));
	fill(buf, 64, 0x55);
	long n = sys6(SYS_epoll_wait, ep, (long)buf, 4, 0, 0, 0);
	PUT(n);
	put(buf, 40);   /* two packed events, then untouched bytes */
	fill(buf, 64, 0x55);
	PUT(sys6(SYS_epoll_pwait, ep, (long)buf, 1, 0, 0, 8));
	put(buf, 16);
	PUT(sys(SYS_read, fds[0], buf, 3));
	put(buf, 3);

	long efd = sys(SYS_eventfd, 5, 0, 0);
	PUT(efd > 0);
	PUT(sys(SYS_read, efd, buf, 8));
	put(buf, 8);
	unsigned long mask = 1ul << (SIGUSR2 - 1);
	PUT(sys(SYS_signalfd, -1, &mask, 8) > 0);
	PUT(sys(SYS_inotify_init, 0, 0, 0) > 0);
}

static void process_calls(void)
{
	int status = -1;
	long pid = sys(SYS_fork, 0, 0, 0);

	if (pid == 0)
		sys(SYS_exit, 7, 0, 0);
	PUT(sys6(SYS_wait4, pid, (long)&status, 0, 0, 0, 0) == pid);
	PUT(status);
	pid = sys(SYS_vfork, 0, 0, 0);
	if (pid == 0)
		sys(SYS_exit, 9, 0, 0);
	PUT(sys6(SYS_wait4, pid, (long)&status, 0, 0, 0, 0) == pid);
	PUT(status);
	PUT(sys(SYS_getpgrp, 0, 0, 0) == sys(SYS_getpgid, 0, 0, 0));
	long t = 0, now = sys(SYS_time, &t, 0, 0);
	PUT(now == t && t > 1600000000);
	PUT(sys(SYS_alarm, 100, 0, 0));
	PUT(sys(SYS_alarm, 0, 0, 0));
	unsigned long fs = 0;
	PUT(sys(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, &fs, 0));
	PUT(sys(SYS_arch_prctl, 0x1003, 8, 0));
}

int main(void)
{
	stat_calls();
	path_calls();
	fd_calls();
	process_calls();
	return 0;
}
