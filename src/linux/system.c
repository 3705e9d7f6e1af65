/* Calls about the system and the process's own settings. */
#include "linux/syscall.h"
#include "runtime/guest_mem.h"
#include "util/die.h"

#include <stdio.h>
#include <sys/prctl.h>
#include <sys/utsname.h>

/* The guest sees the machine it was built for. */
long xl_sys_uname(struct xl_syscall *sc)
{
	struct utsname u;
	long ret = xl_hostcall(SYS_uname, &u);

	if (ret != 0)
		return ret;
	snprintf(u.machine, sizeof u.machine, "%s", xl_proc.arch->name);
	return XL_COPY_OUT(sc->a[0], u);
}

/* prctl options that only touch the process's own, harmless settings. */
static int prctl_is_allowed(uint64_t option)
{
	switch (option) {
	case PR_SET_NAME: case PR_GET_NAME:
	case PR_SET_PDEATHSIG: case PR_GET_PDEATHSIG:
	case PR_SET_DUMPABLE: case PR_GET_DUMPABLE:
	case PR_SET_NO_NEW_PRIVS: case PR_GET_NO_NEW_PRIVS:
	case PR_SET_CHILD_SUBREAPER: case PR_GET_CHILD_SUBREAPER:
	case PR_SET_TIMERSLACK: case PR_GET_TIMERSLACK:
	case PR_SET_KEEPCAPS: case PR_GET_KEEPCAPS: case PR_CAPBSET_READ:
	case PR_SET_THP_DISABLE: case PR_GET_THP_DISABLE:
	case PR_SET_VMA: /* names guest memory for /proc/self/maps */
		return 1;
	default:
		return 0;
	}
}

long xl_sys_prctl(struct xl_syscall *sc)
{
	if (prctl_is_allowed(sc->a[0]))
		return xl_sys_passthrough(sc);
	xl_debug("unsupported prctl option %llu", (unsigned long long)sc->a[0]);
	return -EINVAL;
}
