/* 128-bit by 64-bit division for div and idiv, as a runtime helper. */
#ifndef XL_X64_DIVIDE_H
#define XL_X64_DIVIDE_H

#include <stdint.h>

/* hi:lo divided by d, signed when is_signed: the quotient in the low
 * half, the remainder in the high half. When the quotient does not fit
 * in 64 bits, or d is 0 (#DE), the remainder is d, which a real
 * remainder never is. */
unsigned __int128 x64_divide128(uint64_t hi, uint64_t lo, uint64_t d, uint32_t is_signed);

#endif
