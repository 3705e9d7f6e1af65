/* The host's floating-point environment (AArch64: FPCR and FPSR, as one
 * word: FPCR's control bits, which start at bit 8, and FPSR's cumulative
 * exception flags in bits 0-4). Translated code runs with the guest's
 * rounding mode in it and accrues the guest's exception flags there; the
 * runtime saves it while it runs C code. */
#ifndef XL_HOST_AARCH64_FPENV_H
#define XL_HOST_AARCH64_FPENV_H

#include <stdint.h>

#define HOST_FPENV_DEFAULT 0u   /* no traps, round to nearest, flags clear */

/* Exception flag bits, in the host's own positions (FPSR). */
#define HOST_FE_INVALID   0x01u
#define HOST_FE_DENORMAL  0u            /* FPSR has no such flag */
#define HOST_FE_DIVBYZERO 0x02u
#define HOST_FE_OVERFLOW  0x04u
#define HOST_FE_UNDERFLOW 0x08u
#define HOST_FE_INEXACT   0x10u
#define HOST_FE_ALL       0x1fu

/* Numbered as x86's MXCSR.RC, which the x86-64 guest relies on; FPCR.RMode
 * orders up and down the other way. */
enum host_rounding { HOST_RN = 0, HOST_RDN = 1, HOST_RUP = 2, HOST_RTZ = 3 };

#define HOST_FPCR_RMODE_SHIFT 22
#define HOST_FPCR_RMODE_MASK  (3u << HOST_FPCR_RMODE_SHIFT)

static inline uint32_t host_fpenv_get(void)
{
	uint64_t fpcr, fpsr;

	__asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
	__asm__ volatile("mrs %0, fpsr" : "=r"(fpsr));
	return ((uint32_t)fpcr & ~0xffu) | ((uint32_t)fpsr & HOST_FE_ALL);
}

static inline void host_fpenv_set(uint32_t env)
{
	uint64_t fpcr = env & ~0xffu, fpsr = env & HOST_FE_ALL;

	__asm__ volatile("msr fpcr, %0" : : "r"(fpcr));
	__asm__ volatile("msr fpsr, %0" : : "r"(fpsr));
}

static inline uint32_t host_fpenv_flags(uint32_t env)
{
	return env & HOST_FE_ALL;
}

/* RN, RDN, RUP, RTZ as FPCR.RMode: RN, RM (down), RP (up), RZ. */
static inline uint32_t host_fpcr_rmode(enum host_rounding rm)
{
	static const uint8_t rmode[4] = { 0, 2, 1, 3 };

	return (uint32_t)rmode[rm & 3] << HOST_FPCR_RMODE_SHIFT;
}

static inline uint32_t host_fpenv_with(uint32_t env, uint32_t flags, enum host_rounding rm)
{
	return (env & ~(HOST_FE_ALL | HOST_FPCR_RMODE_MASK)) | flags | host_fpcr_rmode(rm);
}

static inline enum host_rounding host_fpenv_rounding(uint32_t env)
{
	static const enum host_rounding rm[4] = { HOST_RN, HOST_RUP, HOST_RDN, HOST_RTZ };

	return rm[(env & HOST_FPCR_RMODE_MASK) >> HOST_FPCR_RMODE_SHIFT];
}

#endif
