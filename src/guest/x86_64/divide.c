/* 128-bit by 64-bit division (divide.h). */
#include "guest/x86_64/divide.h"

static unsigned __int128 divide_error(uint64_t d)
{
	return (unsigned __int128)d << 64;
}

static unsigned __int128 result(uint64_t q, uint64_t r)
{
	return (unsigned __int128)r << 64 | q;
}

unsigned __int128 x64_divide128(uint64_t hi, uint64_t lo, uint64_t d, uint32_t is_signed)
{
	unsigned __int128 n = (unsigned __int128)hi << 64 | lo;

	if (d == 0)
		return divide_error(d);
	if (!is_signed) {
		if (hi >= d)
			return divide_error(d);
		return result((uint64_t)(n / d), (uint64_t)(n % d));
	}
	__int128 sn = (__int128)n, sd = (int64_t)d;
	/* the 128-bit minimum over -1 overflows even here */
	if (sd == -1 && n == (unsigned __int128)1 << 127)
		return divide_error(d);
	__int128 q = sn / sd;
	if (q < INT64_MIN || q > INT64_MAX)
		return divide_error(d);
	return result((uint64_t)q, (uint64_t)(sn % sd));
}
