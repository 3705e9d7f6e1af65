/* Per-thread guest CPU state: a generic head the runtime and the translator
 * use, followed by the register file whose layout the guest arch defines. */
#ifndef XL_CPU_H
#define XL_CPU_H

#include <stdint.h>
#include <stddef.h>

/* Guest registers that travel from region to region in host registers
 * (arguments of the preserve_none region functions), besides the cpu.
 * One argument register stays free: an indirect musttail call needs a
 * caller-saved register for its target (x86-64: rax). */
#define XL_CARRIED_REGS 10

/* Per-thread direct-mapped cache for indirect branches: tried by translated
 * code before it falls back to the dispatcher and the global code cache. */
#define XL_IBTC_BITS 12
#define XL_IBTC_ENTRIES (1u << XL_IBTC_BITS)
#define XL_IBTC_HASH 0x9e3779b97f4a7c15ull

static inline unsigned xl_ibtc_index(uint64_t pc)
{
	/* Multiplicative: all pc bits count, whatever the guest's alignment
	 * of code (x86-64 targets are at any byte). */
	return (unsigned)((pc * XL_IBTC_HASH) >> (64 - XL_IBTC_BITS));
}

/* Why translated code must stop at its next safe point (region entry, loop
 * back edge) and come to the dispatcher: a host signal was recorded for
 * the guest (bit 0: the host's safe syscall tests it too), or guest code
 * changed, and a loop inside a stale translation must not run on. */
#define XL_PENDING_SIGNAL 1u
#define XL_PENDING_CODE_CHANGE 2u

struct xl_ibtc_entry {
	uint64_t pc;
	void *code;
};

struct xl_cpu {
	uint64_t pc;                    /* guest pc at a region exit */
	uint64_t fpenv_saved;           /* host FP state while in the runtime */
	uint32_t signal_pending;        /* XL_PENDING_*: stop at the next safe point */
	struct xl_cpu *next_cpu;        /* the process's list of CPUs (cpu.c) */
	struct xl_ibtc_entry ibtc[XL_IBTC_ENTRIES];
	_Alignas(16) unsigned char regs[]; /* guest register file */
};

struct guest_arch;

/* Allocates a CPU with all registers zero. */
struct xl_cpu *xl_cpu_new(const struct guest_arch *arch);
/* A new CPU with the pc and registers of parent (a new thread's). */
struct xl_cpu *xl_cpu_copy(const struct xl_cpu *parent, const struct guest_arch *arch);
/* Frees the CPU of a thread that has ended. */
void xl_cpu_free(struct xl_cpu *cpu);
/* In a fork child: cpu is the only CPU left. */
void xl_cpu_keep_only(struct xl_cpu *cpu);
/* Guest code changed and the code cache was flushed: empties every CPU's
 * indirect branch cache and makes each leave its translated code at its
 * next safe point. */
void xl_cpu_code_changed(void);
/* Drops pc from every CPU's indirect branch cache (its code changed). */
void xl_cpu_forget_ibtc(uint64_t pc);

#endif
