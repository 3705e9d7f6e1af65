/* stat calls: the host fills its own struct stat, the guest gets its
 * layout (abi.h). (statx has one layout everywhere: fs.c.) */
#include "linux/syscall.h"
#include "linux/abi.h"
#include "linux/path.h"
#include "runtime/guest_mem.h"

#include <string.h>
#include <sys/stat.h>

static void to_guest_stat(const struct stat *st, struct xl_guest_stat *g)
{
	memset(g, 0, sizeof *g);
	g->st_dev = st->st_dev;
	g->st_ino = st->st_ino;
	g->st_mode = st->st_mode;
	g->st_nlink = (uint32_t)st->st_nlink;
	g->st_uid = st->st_uid;
	g->st_gid = st->st_gid;
	g->st_rdev = st->st_rdev;
	g->st_size = st->st_size;
	g->st_blksize = (int32_t)st->st_blksize;
	g->st_blocks = st->st_blocks;
	g->st_atime_sec = st->st_atim.tv_sec;
	g->st_atime_nsec = st->st_atim.tv_nsec;
	g->st_mtime_sec = st->st_mtim.tv_sec;
	g->st_mtime_nsec = st->st_mtim.tv_nsec;
	g->st_ctime_sec = st->st_ctim.tv_sec;
	g->st_ctime_nsec = st->st_ctim.tv_nsec;
}

static long give_stat(long ret, const struct stat *st, uint64_t guest_buf)
{
	struct xl_guest_stat g;

	if (ret != 0)
		return ret;
	to_guest_stat(st, &g);
	return XL_COPY_OUT(guest_buf, g);
}

long xl_sys_fstat(struct xl_syscall *sc)
{
	struct stat st;

	return give_stat(xl_hostcall(SYS_fstat, sc->a[0], &st), &st, sc->a[1]);
}

long xl_sys_newfstatat(struct xl_syscall *sc)
{
	struct xl_guest_path path;
	struct stat st;
	long err = xl_path_from_guest(sc->a[1], &path);

	if (err)
		return err;
	return give_stat(xl_hostcall(SYS_newfstatat, sc->a[0], path.host, &st, sc->a[3]),
			 &st, sc->a[2]);
}
