/* The dispatcher: finds (or makes) the host code for cpu->pc. */
#ifndef XL_DISPATCH_H
#define XL_DISPATCH_H

#include "runtime/cpu.h"

/* Called by the dispatch stub with the guest state written back. */
void *xl_dispatch_lookup(struct xl_cpu *cpu);
/* Fast-tier code that passes a region entry or loop header this often
 * has it compiled again, optimised. */
#define XL_HOT_THRESHOLD 2000
/* How often hot fast-tier code looks for its optimised replacement. */
#define XL_HOT_RECHECK 1024

/* Called by fast-tier code when pc turns hot: queues it for the optimiser. */
void xl_region_hot(uint64_t pc);
/* Runs the guest thread of cpu from cpu->pc; never returns. */
_Noreturn void xl_run(struct xl_cpu *cpu);
/* The same, with the host FP environment (guest rounding mode and
 * accrued flags) a new thread inherits from its parent. */
_Noreturn void xl_run_from(struct xl_cpu *cpu, uint32_t fpenv);

#endif
