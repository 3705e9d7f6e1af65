#include "util/die.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int xl_debug_enabled;

void xl_die(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	dprintf(STDERR_FILENO, "xlift: %s\n", line);
	_exit(XL_EXIT_FAILURE);
}

void xl_debug(const char *fmt, ...)
{
	va_list ap;

	if (!xl_debug_enabled)
		return;
	va_start(ap, fmt);
	fputs("xlift: debug: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
