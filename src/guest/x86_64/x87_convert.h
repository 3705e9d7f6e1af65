/* x87 conversions done by runtime helpers (x87_convert.c). */
#ifndef XL_X64_X87_CONVERT_H
#define XL_X64_X87_CONVERT_H

#include <stdint.h>

/* v rounded by rc (0 nearest even, 1 down, 2 up, 3 toward zero) to a
 * signed integer of bits bits, sign-extended; NaN or out of range: the
 * integer indefinite 0x80...0 of that width. */
int64_t x64_x87_to_int(long double v, uint32_t rc, uint32_t bits);

#endif
