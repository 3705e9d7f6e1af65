/* epoll: the guest's struct epoll_event (its guest_arch's layout) may
 * differ from the host's, which x86-64 packs into 12 bytes. */
#include "linux/syscall.h"
#include "linux/abi.h"
#include "runtime/guest_mem.h"

#include <stddef.h>
#include <sys/epoll.h>

/* Events converted per call when the layouts differ: fewer than the guest
 * asked for is what epoll_wait may return anyway; the others stay ready. */
#define EVENTS_PER_CALL 64

static int same_as_host(const struct xl_epoll_layout *l)
{
	return l->size == sizeof(struct epoll_event) &&
		l->data.off == offsetof(struct epoll_event, data);
}

long xl_sys_epoll_ctl(struct xl_syscall *sc)
{
	const struct xl_epoll_layout *l = xl_proc.arch->epoll_layout;
	struct epoll_event ev, *host = NULL; /* EPOLL_CTL_DEL reads none */
	unsigned char g[16];

	if ((int)sc->a[1] != EPOLL_CTL_DEL) {
		if (xl_guest_read(g, sc->a[3], l->size) < 0)
			return -EFAULT;
		ev.events = (uint32_t)xl_field_get(g, l->events);
		ev.data.u64 = xl_field_get(g, l->data);
		host = &ev;
	}
	return xl_hostcall(SYS_epoll_ctl, sc->a[0], sc->a[1], sc->a[2], host);
}

/* epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize) */
long xl_sys_epoll_pwait(struct xl_syscall *sc)
{
	const struct xl_epoll_layout *l = xl_proc.arch->epoll_layout;
	struct epoll_event host[EVENTS_PER_CALL];
	int max = (int)sc->a[2];

	if (same_as_host(l))
		return xl_sys_passthrough(sc);
	if (max > EVENTS_PER_CALL)
		max = EVENTS_PER_CALL;
	long n = xl_hostcall(SYS_epoll_pwait, sc->a[0], host, max, sc->a[3], sc->a[4], sc->a[5]);
	for (long i = 0; i < n; i++) {
		unsigned char g[16];
		xl_field_put(g, l->events, host[i].events);
		xl_field_put(g, l->data, host[i].data.u64);
		if (xl_guest_write(sc->a[1] + (uint64_t)i * l->size, g, l->size) < 0)
			return -EFAULT;
	}
	return n;
}
