/* x87 stores to integers (fist, fistp, fisttp), as a runtime helper: the
 * host's long double is the guest's extended format on x86-64 hosts, and
 * LLVM lowers the extended roundings to libm calls JIT code cannot reach. */
#include "guest/x86_64/x87_convert.h"

#include <math.h>

int64_t x64_x87_to_int(long double v, uint32_t rc, uint32_t bits)
{
	long double lim = ldexpl(1.0L, (int)bits - 1);
	long double r = rc == 0 ? roundevenl(v) : rc == 1 ? floorl(v) : rc == 2 ? ceill(v) : truncl(v);

	if (!(r >= -lim && r < lim))
		return INT64_MIN >> (64 - bits);        /* the integer indefinite */
	return (int64_t)r;
}
