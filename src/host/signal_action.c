/* Raw rt_sigaction and rt_sigprocmask, the same on every host: the
 * kernel's struct sigaction is handler, flags, restorer, mask on x86-64
 * and AArch64 alike. The restorer is the host's (host/<arch>/signal_host.c). */
#include "host/host.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Returns from a signal handler into the kernel (rt_sigreturn). */
void xl_host_sigreturn(void);

struct kernel_sigaction {
	void (*handler)(int, siginfo_t *, void *);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

#define SA_RESTORER_FLAG 0x04000000ul

int xl_host_sigaction(int sig, void (*handler)(int, siginfo_t *, void *),
		      unsigned long flags, uint64_t mask)
{
	struct kernel_sigaction ka = {
		.handler = handler, .flags = flags | SA_RESTORER_FLAG,
		.restorer = xl_host_sigreturn, .mask = mask,
	};

	return syscall(SYS_rt_sigaction, sig, &ka, NULL, sizeof ka.mask) ? -errno : 0;
}

long xl_host_sigprocmask(int how, const uint64_t *set, uint64_t *old)
{
	return syscall(SYS_rt_sigprocmask, how, set, old, sizeof *set) ? -errno : 0;
}
