#include "util/write_aside.h"

#include <unistd.h>

int xl_write_aside(const char *path, int (*fill)(FILE *f, const void *arg), const void *arg)
{
	char tmp[4200];

	if (snprintf(tmp, sizeof tmp, "%s.%d", path, (int)gettid()) >= (int)sizeof tmp)
		return 0;
	FILE *f = fopen(tmp, "we");
	if (!f)
		return 0;
	int ok = fill(f, arg);
	if (fclose(f))
		ok = 0;
	if (!ok || rename(tmp, path)) {
		unlink(tmp);
		return 0;
	}
	return 1;
}
