/* The x86-64 guest's /proc/cpuinfo, written from the guest's own cpuid
 * leaves so that programs reading its "flags" line (rather than running
 * cpuid) see the same CPU: the host's avx, avx512... are not the guest's. */
#include "guest/x86_64/cpuid.h"

#include <stdio.h>
#include <string.h>

/* A feature bit as Linux names it in cpuinfo (arch/x86's cpufeatures.h). */
struct feature {
	uint32_t leaf;
	unsigned char reg;      /* 1 ebx, 2 ecx, 3 edx */
	unsigned char bit;
	const char *name;
};

static const struct feature features[] = {
	{ 1, 3, 0, "fpu" }, { 1, 3, 1, "vme" }, { 1, 3, 2, "de" }, { 1, 3, 3, "pse" },
	{ 1, 3, 4, "tsc" }, { 1, 3, 5, "msr" }, { 1, 3, 6, "pae" }, { 1, 3, 7, "mce" },
	{ 1, 3, 8, "cx8" }, { 1, 3, 9, "apic" }, { 1, 3, 11, "sep" }, { 1, 3, 12, "mtrr" },
	{ 1, 3, 13, "pge" }, { 1, 3, 14, "mca" }, { 1, 3, 15, "cmov" }, { 1, 3, 16, "pat" },
	{ 1, 3, 17, "pse36" }, { 1, 3, 19, "clflush" }, { 1, 3, 23, "mmx" },
	{ 1, 3, 24, "fxsr" }, { 1, 3, 25, "sse" }, { 1, 3, 26, "sse2" }, { 1, 3, 28, "ht" },
	{ 0x80000001u, 3, 11, "syscall" }, { 0x80000001u, 3, 20, "nx" },
	{ 0x80000001u, 3, 22, "mmxext" }, { 0x80000001u, 3, 26, "pdpe1gb" },
	{ 0x80000001u, 3, 27, "rdtscp" }, { 0x80000001u, 3, 29, "lm" },
	{ 1, 2, 0, "pni" }, { 1, 2, 1, "pclmulqdq" }, { 1, 2, 3, "monitor" },
	{ 1, 2, 9, "ssse3" }, { 1, 2, 12, "fma" }, { 1, 2, 13, "cx16" },
	{ 1, 2, 19, "sse4_1" }, { 1, 2, 20, "sse4_2" }, { 1, 2, 21, "x2apic" },
	{ 1, 2, 22, "movbe" }, { 1, 2, 23, "popcnt" }, { 1, 2, 25, "aes" },
	{ 1, 2, 26, "xsave" }, { 1, 2, 28, "avx" }, { 1, 2, 29, "f16c" },
	{ 1, 2, 30, "rdrand" }, { 1, 2, 31, "hypervisor" },
	{ 0x80000001u, 2, 0, "lahf_lm" }, { 0x80000001u, 2, 5, "abm" },
	{ 7, 1, 0, "fsgsbase" }, { 7, 1, 3, "bmi1" }, { 7, 1, 5, "avx2" },
	{ 7, 1, 8, "bmi2" }, { 7, 1, 9, "erms" }, { 7, 1, 19, "adx" }, { 7, 1, 29, "sha_ni" },
};

void x64_write_cpuinfo(int fd, unsigned cpu)
{
	uint32_t r[4], sig[4], name[12];
	char vendor[13];

	x64_cpuid_leaf(0, 0, r);
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = 0;
	for (unsigned i = 0; i < 3; i++)
		x64_cpuid_leaf(0x80000002u + i, 0, &name[4 * i]);
	x64_cpuid_leaf(1, 0, sig);
	/* the extended fields count for families 6 and 15, as Linux reads them */
	unsigned family = sig[0] >> 8 & 0xf, model = sig[0] >> 4 & 0xf;
	if (family == 0xf)
		family += sig[0] >> 20 & 0xff;
	if (family >= 6)
		model |= sig[0] >> 12 & 0xf0;
	dprintf(fd, "processor\t: %u\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
		"model name\t: %.48s\nstepping\t: %u\nfpu\t\t: yes\nflags\t\t:",
		cpu, vendor, family, model, (const char *)name, sig[0] & 0xf);
	for (size_t i = 0; i < sizeof features / sizeof features[0]; i++) {
		x64_cpuid_leaf(features[i].leaf, 0, r);
		if (r[features[i].reg] >> features[i].bit & 1)
			dprintf(fd, " %s", features[i].name);
	}
	dprintf(fd, "\nclflush size\t: %u\ncache_alignment\t: 64\n"
		"address sizes\t: 48 bits physical, 48 bits virtual\n\n", (sig[1] >> 8 & 0xff) * 8);
}
