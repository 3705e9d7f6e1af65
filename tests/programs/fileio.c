/* File and directory system calls, in a directory given as argv[1]:
 * open/creat, write, read, lseek (SEEK_SET/CUR/END, holes), pread/pwrite,
 * readv/writev, stat/fstat/lstat sizes and types, ftruncate, rename,
 * unlink, mkdir/rmdir, opendir/readdir (getdents64), chdir/getcwd, dup,
 * dup2, fcntl, access, fchmod, symlink/readlink, utimensat, and errors
 * (ENOENT, EEXIST, ENOTEMPTY, EBADF). Output is the same on any Linux. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define CHECK(expr) check(#expr, (long)(expr))

static long check(const char *what, long r)
{
	if (r < 0)
		printf("%s = -1 (%s)\n", what, strerrorname_np(errno));
	else
		printf("%s = %ld\n", what, r);
	return r;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char *names[64];
	int n = 0;
	if (!d) {
		printf("opendir %s failed\n", path);
		return;
	}
	while ((e = readdir(d)) && n < 64)
		names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp);
	printf("readdir %s:", path);
	for (int i = 0; i < n; i++)
		printf(" %s", names[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	char buf[256], cwd[4096];
	struct stat st;
	int fd;

	if (argc < 2 || chdir(argv[1]) != 0) {
		printf("usage: fileio DIR\n");
		return 2;
	}
	fd = CHECK(open("a.txt", O_CREAT | O_EXCL | O_RDWR, 0644));
	CHECK(open("a.txt", O_CREAT | O_EXCL | O_RDWR, 0644));
	CHECK(write(fd, "hello file\n", 11));
	CHECK(lseek(fd, 0, SEEK_CUR));
	CHECK(lseek(fd, 6, SEEK_SET));
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)));
	printf("read: %s", buf);
	CHECK(lseek(fd, 100, SEEK_END));
	CHECK(write(fd, "X", 1));
	CHECK(fstat(fd, &st));
	printf("fstat size=%lld regular=%d mode=%o\n", (long long)st.st_size, S_ISREG(st.st_mode),
	       (unsigned)(st.st_mode & 0777));
	CHECK(pread(fd, buf, 4, 50));
	printf("hole bytes zero: %d\n", buf[0] == 0 && buf[3] == 0);
	CHECK(pwrite(fd, "PW", 2, 0));
	CHECK(pread(fd, buf, 5, 0));
	printf("pread: %.5s\n", buf);
	struct iovec iov[2] = { { "vec", 3 }, { "tor\n", 4 } };
	CHECK(lseek(fd, 0, SEEK_END));
	CHECK(writev(fd, iov, 2));
	char b1[3], b2[4];
	struct iovec riov[2] = { { b1, 3 }, { b2, 4 } };
	CHECK(preadv(fd, riov, 2, 112));
	printf("preadv: %.3s|%.4s", b1, b2);
	CHECK(ftruncate(fd, 5));
	CHECK(fstat(fd, &st));
	printf("after ftruncate size=%lld\n", (long long)st.st_size);
	int fd2 = CHECK(dup(fd));
	CHECK(dup2(fd, 20));
	CHECK(fcntl(fd, F_GETFD));
	CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC));
	CHECK(fcntl(fd, F_GETFD));
	CHECK(fcntl(fd, F_GETFL) & O_ACCMODE);
	CHECK(close(fd2));
	CHECK(close(20));
	CHECK(close(fd));
	CHECK(close(fd));

	CHECK(stat("a.txt", &st));
	printf("stat size=%lld\n", (long long)st.st_size);
	CHECK(fchmod(open("a.txt", O_RDONLY), 0600));
	CHECK(stat("a.txt", &st));
	printf("mode after fchmod=%o\n", (unsigned)(st.st_mode & 0777));
	struct timespec ts[2] = { { 1000000000, 0 }, { 1234567890, 500 } };
	CHECK(utimensat(AT_FDCWD, "a.txt", ts, 0));
	CHECK(stat("a.txt", &st));
	printf("mtime=%lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	CHECK(access("a.txt", R_OK | W_OK));
	CHECK(access("missing", F_OK));
	CHECK(stat("missing", &st));

	CHECK(mkdir("sub", 0755));
	CHECK(mkdir("sub", 0755));
	CHECK(rename("a.txt", "sub/b.txt"));
	CHECK(symlink("sub/b.txt", "link"));
	ssize_t n = CHECK(readlink("link", buf, sizeof(buf)));
	printf("readlink: %.*s\n", (int)n, buf);
	CHECK(lstat("link", &st));
	printf("lstat is link: %d\n", S_ISLNK(st.st_mode));
	CHECK(stat("link", &st));
	printf("stat through link: regular=%d size=%lld\n", S_ISREG(st.st_mode), (long long)st.st_size);
	list_dir(".");
	list_dir("sub");
	CHECK(rmdir("sub"));
	CHECK(chdir("sub"));
	printf("cwd ends with /sub: %d\n", getcwd(cwd, sizeof(cwd)) && strlen(cwd) >= 4 &&
	       strcmp(cwd + strlen(cwd) - 4, "/sub") == 0);
	FILE *f = fopen("stdio.txt", "w");
	fprintf(f, "line %d\n", 1);
	fprintf(f, "line %d\n", 2);
	fclose(f);
	f = fopen("stdio.txt", "r");
	while (fgets(buf, sizeof(buf), f))
		printf("fgets: %s", buf);
	fclose(f);
	CHECK(unlink("stdio.txt"));
	CHECK(unlink("b.txt"));
	CHECK(unlink("b.txt"));
	CHECK(chdir(".."));
	CHECK(unlink("link"));
	CHECK(rmdir("sub"));
	list_dir(".");
	return 0;
}
