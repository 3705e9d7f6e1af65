/* What the x86-64 guest is told about its CPU: cpuid reports exactly the
 * features xlift emulates (glibc's ifuncs then pick code xlift lifts), and
 * rdtsc reads a host clock. */
#ifndef XL_X64_CPUID_H
#define XL_X64_CPUID_H

#include "runtime/cpu.h"

/* CPUID.1:EDX, also AT_HWCAP: fpu tsc cx8 cmov mmx fxsr sse sse2, the
 * x86-64 baseline. */
#define X64_CPUID1_EDX ((1u << 0) | (1u << 4) | (1u << 8) | (1u << 15) | (1u << 23) | \
			(1u << 24) | (1u << 25) | (1u << 26))

/* The guest's cpuid leaf l, subleaf sub: eax, ebx, ecx, edx in r. */
void x64_cpuid_leaf(uint32_t l, uint32_t sub, uint32_t r[4]);
/* /proc/cpuinfo's paragraph of guest CPU `cpu`, from the leaves above. */
void x64_write_cpuinfo(int fd, unsigned cpu);
/* cpuid: the leaf in eax, the subleaf in ecx; writes eax, ebx, ecx, edx. */
void x64_cpuid(struct xl_cpu *cpu);
/* rdtsc: edx:eax; rdtscp also ecx (IA32_TSC_AUX, here 0). */
void x64_rdtsc(struct xl_cpu *cpu);
void x64_rdtscp(struct xl_cpu *cpu);

#endif
