/* File syscalls that need more than a passthrough: guest paths are looked
 * up in the sysroot and /proc/self/exe names the guest program. */
#include "linux/syscall.h"
#include "linux/path.h"
#include "runtime/guest_mem.h"
#include "util/die.h"

#include <string.h>
#include <sys/ioctl.h>

long xl_sys_call_with_path(struct xl_syscall *sc, int arg, const char *host_path)
{
	uint64_t a[6];

	memcpy(a, sc->a, sizeof a);
	a[arg] = (uintptr_t)host_path;
	return xl_hostcall(sc->host_nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

long xl_sys_with_host_path(struct xl_syscall *sc, int arg)
{
	struct xl_guest_path path;
	long err = xl_path_from_guest(sc->a[arg], &path);

	return err ? err : xl_sys_call_with_path(sc, arg, path.host);
}

/* openat, faccessat, faccessat2, statx: (dirfd, path, ...) */
long xl_sys_at_path(struct xl_syscall *sc)
{
	return xl_sys_with_host_path(sc, 1);
}

long xl_sys_statfs(struct xl_syscall *sc)
{
	return xl_sys_with_host_path(sc, 0);
}

/* Like readlink(2): the text is not NUL-terminated, and cut at size. */
static long copy_link_text(const char *text, uint64_t buf, size_t size)
{
	size_t len = strlen(text);

	if (len > size)
		len = size;
	return xl_guest_write(buf, text, len) < 0 ? -EFAULT : (long)len;
}

long xl_sys_readlinkat(struct xl_syscall *sc)
{
	struct xl_guest_path path;
	long err = xl_path_from_guest(sc->a[1], &path);

	if (err)
		return err;
	if (path.host && xl_path_is_self_exe(path.guest) && (int)sc->a[3] > 0)
		return copy_link_text(xl_proc.exe_path, sc->a[2], sc->a[3]);
	return xl_sys_call_with_path(sc, 1, path.host);
}

/* Terminal and file ioctls whose numbers and argument layouts are the same
 * for every guest and host. */
static int ioctl_is_portable(unsigned long request)
{
	switch (request) {
	case TCGETS: case TCSETS: case TCSETSW: case TCSETSF:
	case TCSBRK: case TCXONC: case TCFLSH:
	case TIOCGWINSZ: case TIOCSWINSZ:
	case TIOCGPGRP: case TIOCSPGRP: case TIOCGSID:
	case TIOCSCTTY: case TIOCNOTTY: case TIOCOUTQ:
	case TIOCGPTN: case TIOCSPTLCK:
	case FIONREAD: case FIONBIO: case FIOCLEX: case FIONCLEX:
		return 1;
	default:
		return 0;
	}
}

long xl_sys_ioctl(struct xl_syscall *sc)
{
	unsigned long request = (uint32_t)sc->a[1];

	if (ioctl_is_portable(request))
		return xl_hostcall(SYS_ioctl, sc->a[0], request, sc->a[2]);
	xl_debug("unsupported ioctl 0x%lx", request);
	return -ENOTTY;
}
