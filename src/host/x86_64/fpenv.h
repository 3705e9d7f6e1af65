/* The host's floating-point environment (x86-64: MXCSR). Translated code
 * runs with the guest's rounding mode in it and accrues the guest's
 * exception flags there; the runtime saves it while it runs C code. */
#ifndef XL_HOST_FPENV_H
#define XL_HOST_FPENV_H

#include <stdint.h>

#define HOST_FPENV_DEFAULT 0x1f80u      /* all masked, round to nearest */

/* Exception flag bits, in the host's own positions. */
#define HOST_FE_INVALID   0x01u
#define HOST_FE_DENORMAL  0x02u         /* an operand was denormal */
#define HOST_FE_DIVBYZERO 0x04u
#define HOST_FE_OVERFLOW  0x08u
#define HOST_FE_UNDERFLOW 0x10u
#define HOST_FE_INEXACT   0x20u
#define HOST_FE_ALL       0x3fu

enum host_rounding { HOST_RN = 0, HOST_RDN = 1, HOST_RUP = 2, HOST_RTZ = 3 };

static inline uint32_t host_fpenv_get(void)
{
	return __builtin_ia32_stmxcsr();
}

static inline void host_fpenv_set(uint32_t env)
{
	__builtin_ia32_ldmxcsr(env);
}

static inline uint32_t host_fpenv_flags(uint32_t env)
{
	return env & HOST_FE_ALL;
}

static inline uint32_t host_fpenv_with(uint32_t env, uint32_t flags, enum host_rounding rm)
{
	return (env & ~(HOST_FE_ALL | 0x6000u)) | flags | ((uint32_t)rm << 13);
}

static inline enum host_rounding host_fpenv_rounding(uint32_t env)
{
	return (enum host_rounding)((env >> 13) & 3);
}

#endif
