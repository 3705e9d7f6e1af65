/* The guest's cpuid and rdtsc. The CPU described is an Intel-like one of
 * the baseline x86-64 level plus the integer extras xlift lifts
 * (cmpxchg16b, movbe, popcnt, lahf/sahf in 64-bit mode, lzcnt): no SSE3 or
 * later, no AVX, no xsave (so ld.so saves registers with fxsave), leaf 7
 * all zeros. BMI1 stays unreported, so tzcnt is bsf as on such a CPU: its
 * other instructions (andn, bextr, blsi, blsmsk, blsr) are VEX-encoded,
 * which the lifter does not take, and glibc picks no code by BMI1 without
 * AVX2. Caches are described through leaf 4 so glibc sizes its memcpy
 * thresholds as on real CPUs. */
#include "guest/x86_64/cpuid.h"
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"

#include <string.h>
#include <time.h>

enum { MAX_BASIC_LEAF = 7, MAX_EXT_LEAF = 0x80000008u };

/* CPUID.1:ECX: cmpxchg16b, movbe, popcnt */
#define LEAF1_ECX ((1u << 13) | (1u << 22) | (1u << 23))

/* CPUID.80000001: ECX lahf/sahf in 64-bit mode, lzcnt ("abm");
 * EDX syscall, nx, rdtscp, long mode */
#define EXT1_ECX ((1u << 0) | (1u << 5))
#define EXT1_EDX ((1u << 11) | (1u << 20) | (1u << 27) | (1u << 29))

/* Leaf 4 subleaves: type and level in eax, ways/partitions/line in ebx,
 * sets in ecx: L1d 32K, L1i 32K, L2 1M, L3 8M, all 8-way... 16-way. */
static const uint32_t cache_leaf[4][3] = {
	{ 0x121, (7u << 22) | 63, 63 },
	{ 0x122, (7u << 22) | 63, 63 },
	{ 0x143, (15u << 22) | 63, 1023 },
	{ 0x163, (15u << 22) | 63, 8191 },
};

static void words(uint32_t out[4], const char *s)
{
	memcpy(out, s, 16);
}

void x64_cpuid_leaf(uint32_t l, uint32_t sub, uint32_t r[4])
{
	memset(r, 0, 16);
	switch (l) {
	case 0:
		r[0] = MAX_BASIC_LEAF;
		memcpy(&r[1], "Genu", 4);       /* ebx edx ecx: GenuineIntel */
		memcpy(&r[3], "ineI", 4);
		memcpy(&r[2], "ntel", 4);
		break;
	case 1:
		r[0] = 0x000306a9;              /* family 6 model 58 stepping 9 */
		r[1] = (1u << 16) | (8u << 8);  /* one logical CPU; clflush line 64 */
		r[2] = LEAF1_ECX;
		r[3] = X64_CPUID1_EDX;
		break;
	case 2:
		r[0] = 0x00ff0001;              /* descriptor 0xff: see leaf 4 */
		break;
	case 4:
		if (sub < 4) {
			r[0] = cache_leaf[sub][0];
			r[1] = cache_leaf[sub][1];
			r[2] = cache_leaf[sub][2];
		}
		break;
	case 0x80000000u:
		r[0] = MAX_EXT_LEAF;
		break;
	case 0x80000001u:
		r[2] = EXT1_ECX;
		r[3] = EXT1_EDX;
		break;
	case 0x80000002u: words(r, "xlift x86-64 bas"); break;
	case 0x80000003u: words(r, "eline CPU\0\0\0\0\0\0\0"); break;
	case 0x80000008u:
		r[0] = 0x3030;                  /* 48-bit physical and virtual addresses */
		break;
	default:
		break;                          /* leaf 7 and the rest: nothing */
	}
}

void x64_cpuid(struct xl_cpu *cpu)
{
	struct x64_regs *regs = X64_REGS(cpu);
	uint32_t r[4];

	x64_cpuid_leaf((uint32_t)regs->gpr[X86_RAX], (uint32_t)regs->gpr[X86_RCX], r);
	regs->gpr[X86_RAX] = r[0];
	regs->gpr[X86_RBX] = r[1];
	regs->gpr[X86_RCX] = r[2];
	regs->gpr[X86_RDX] = r[3];
}

/* A monotonic nanosecond count: the guest sees a 1 GHz invariant TSC. */
void x64_rdtsc(struct xl_cpu *cpu)
{
	struct x64_regs *regs = X64_REGS(cpu);
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t t = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	regs->gpr[X86_RAX] = (uint32_t)t;
	regs->gpr[X86_RDX] = t >> 32;
}

void x64_rdtscp(struct xl_cpu *cpu)
{
	x64_rdtsc(cpu);
	X64_REGS(cpu)->gpr[X86_RCX] = 0;
}

/* cpuid, rdtsc, rdtscp: calls of the helpers above on the CPU state. */
int x64_lift_cpuid(struct x64_lift *x, const struct x86_insn *in)
{
	void (*fn)(struct xl_cpu *);

	switch (in->mnem) {
	case X86_CPUID: fn = x64_cpuid; break;
	case X86_RDTSC: fn = x64_rdtsc; break;
	case X86_RDTSCP: fn = x64_rdtscp; break;
	default: return 0;
	}
	x64_runtime_call(x, in->pc + in->len, (const void *)fn, x->l->vd, &x->l->cpu, 1);
	return 1;
}
