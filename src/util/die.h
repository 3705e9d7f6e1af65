/* Fatal errors: one line on stderr naming the problem, then exit. */
#ifndef XL_DIE_H
#define XL_DIE_H

#define XL_EXIT_FAILURE 127

_Noreturn void xl_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Debug output when XLIFT_DEBUG is set. */
void xl_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int xl_debug_enabled;

#endif
