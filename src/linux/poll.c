/* epoll: the guest's struct epoll_event (abi.h) may differ from the
 * host's, which x86-64 packs into 12 bytes. */
#include "linux/syscall.h"
#include "linux/abi.h"

#include <sys/epoll.h>

_Static_assert(sizeof(struct epoll_event) <= sizeof(struct xl_guest_epoll_event),
	       "host epoll events must fit in the guest's buffer");

long xl_sys_epoll_ctl(struct xl_syscall *sc)
{
	const struct xl_guest_epoll_event *g =
		XL_PTR(const struct xl_guest_epoll_event *, sc->a[3]);
	struct epoll_event ev, *host = NULL; /* EPOLL_CTL_DEL has none */

	if (g) {
		ev.events = g->events;
		ev.data.u64 = g->data;
		host = &ev;
	}
	return xl_hostcall(SYS_epoll_ctl, sc->a[0], sc->a[1], sc->a[2], host);
}

/* The host fills the guest's buffer with its own events, which are no
 * larger; they are widened in place from the last one down, so none is
 * overwritten before it is read. */
long xl_sys_epoll_pwait(struct xl_syscall *sc)
{
	struct epoll_event *host = XL_PTR(struct epoll_event *, sc->a[1]);
	struct xl_guest_epoll_event *guest = XL_PTR(struct xl_guest_epoll_event *, sc->a[1]);
	long n = xl_sys_passthrough(sc);

	for (long i = n - 1; i >= 0; i--) {
		struct epoll_event ev = host[i];
		guest[i] = (struct xl_guest_epoll_event){ ev.events, ev.data.u64 };
	}
	return n;
}
