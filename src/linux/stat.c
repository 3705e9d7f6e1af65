/* stat calls: the host fills its own struct stat, the guest gets its
 * guest_arch's layout (abi.h). (statx has one layout everywhere: fs.c.) */
#include "linux/syscall.h"
#include "linux/abi.h"
#include "linux/path.h"
#include "runtime/guest_mem.h"

#include <string.h>
#include <sys/stat.h>

static void to_guest_stat(const struct stat *st, const struct xl_stat_layout *l, void *g)
{
	memset(g, 0, l->size);
	xl_field_put(g, l->dev, st->st_dev);
	xl_field_put(g, l->ino, st->st_ino);
	xl_field_put(g, l->mode, st->st_mode);
	xl_field_put(g, l->nlink, st->st_nlink);
	xl_field_put(g, l->uid, st->st_uid);
	xl_field_put(g, l->gid, st->st_gid);
	xl_field_put(g, l->rdev, st->st_rdev);
	xl_field_put(g, l->size_, (uint64_t)st->st_size);
	xl_field_put(g, l->blksize, (uint64_t)st->st_blksize);
	xl_field_put(g, l->blocks, (uint64_t)st->st_blocks);
	xl_field_put(g, l->atime, (uint64_t)st->st_atim.tv_sec);
	xl_field_put(g, l->atime_nsec, (uint64_t)st->st_atim.tv_nsec);
	xl_field_put(g, l->mtime, (uint64_t)st->st_mtim.tv_sec);
	xl_field_put(g, l->mtime_nsec, (uint64_t)st->st_mtim.tv_nsec);
	xl_field_put(g, l->ctime, (uint64_t)st->st_ctim.tv_sec);
	xl_field_put(g, l->ctime_nsec, (uint64_t)st->st_ctim.tv_nsec);
}

static long give_stat(long ret, const struct stat *st, uint64_t guest_buf)
{
	const struct xl_stat_layout *l = xl_proc.arch->stat_layout;
	unsigned char g[256];           /* larger than any guest's struct stat */

	if (ret != 0)
		return ret;
	to_guest_stat(st, l, g);
	return xl_guest_write(guest_buf, g, l->size);
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
