#include "cli/launch.h"

#include <errno.h>
#include <sys/auxv.h>

/* The kernel's AT_FLAGS bit for binfmt_misc's P flag. */
#define AT_FLAGS_PRESERVE_ARGV0 1

/* An auxv value, or -1 when the kernel did not pass that entry. */
static long auxv_entry(unsigned long type)
{
	unsigned long value;

	errno = 0;
	value = getauxval(type);
	return errno == ENOENT ? -1 : (long)value;
}

void xl_launch_read(struct xl_launch *launch)
{
	long flags = auxv_entry(AT_FLAGS);

	launch->preserve_argv0 = flags > 0 && (flags & AT_FLAGS_PRESERVE_ARGV0);
	launch->program_fd = (int)auxv_entry(AT_EXECFD);
	launch->binfmt = launch->preserve_argv0 || launch->program_fd >= 0;
	launch->secure = auxv_entry(AT_SECURE) > 0;
}
