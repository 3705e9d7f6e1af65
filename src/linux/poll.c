/* epoll: the guest's struct epoll_event (abi.h) may differ from the
 * host's, which x86-64 packs into 12 bytes. */
#include "linux/syscall.h"
#include "linux/abi.h"
#include "runtime/guest_mem.h"

#include <sys/epoll.h>

_Static_assert(sizeof(struct epoll_event) <= sizeof(struct xl_guest_epoll_event),
	       "host epoll events must fit in the guest's buffer");

long xl_sys_epoll_ctl(struct xl_syscall *sc)
{
	struct xl_guest_epoll_event g;
	struct epoll_event ev, *host = NULL; /* EPOLL_CTL_DEL reads none */

	if ((int)sc->a[1] != EPOLL_CTL_DEL) {
		if (XL_COPY_IN(g, sc->a[3]))
			return -EFAULT;
		ev.events = g.events;
		ev.data.u64 = g.data;
		host = &ev;
	}
	return xl_hostcall(SYS_epoll_ctl, sc->a[0], sc->a[1], sc->a[2], host);
}

/* Events widened per copy, on the stack. */
#define WIDEN_BATCH 64

/* The host fills the guest's buffer with its own events, which are no
 * larger; they are widened in place in batches from the last one down,
 * so no event is overwritten before it is read. */
long xl_sys_epoll_pwait(struct xl_syscall *sc)
{
	struct epoll_event host[WIDEN_BATCH];
	struct xl_guest_epoll_event guest[WIDEN_BATCH];
	uint64_t buf = sc->a[1];
	long n = xl_sys_passthrough(sc);

	for (long end = n, start; end > 0; end = start) {
		start = end > WIDEN_BATCH ? end - WIDEN_BATCH : 0;
		size_t count = (size_t)(end - start);
		if (xl_guest_read(host, buf + start * sizeof *host, count * sizeof *host) < 0)
			return -EFAULT;
		for (size_t i = 0; i < count; i++)
			guest[i] = (struct xl_guest_epoll_event){ host[i].events, host[i].data.u64 };
		if (xl_guest_write(buf + start * sizeof *guest, guest, count * sizeof *guest) < 0)
			return -EFAULT;
	}
	return n;
}
