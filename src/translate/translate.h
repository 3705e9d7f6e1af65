/* Guest code -> host code: builds the LLVM function of one region through
 * the guest's lifter and compiles it. */
#ifndef XL_TRANSLATE_H
#define XL_TRANSLATE_H

#include <stdint.h>
#include <sys/stat.h>
#include "guest/guest.h"
#include "translate/jit.h"

/* LLVM's number for the preserve_none calling convention (not in the C
 * API's enum): every register caller-saved, arguments in many registers. */
#define XL_CC_PRESERVE_NONE 21

/* The region-shaped stub that untranslated exits and IBTC misses reach. */
#define XL_DISPATCH_STUB "xl.dispatch"

/* Sets up the JIT and the runtime stubs for arch; translated code is kept
 * in the code store in store_dir (NULL: none), and there in the pack of
 * the program file program. */
void xl_translate_init(const struct guest_arch *arch, const char *store_dir,
		       const struct stat *program);
/* The guest process exits: the code store keeps what this run learnt. */
void xl_translate_finish(void);
/* Host code of tier for the region at pc, or NULL when its first
 * instruction cannot be read. Any thread may call it. In the fast tier,
 * *was_hot says whether the region turned hot in an earlier run and has
 * no optimised code yet: it is for the optimiser at once. */
void *xl_translate(uint64_t pc, enum xl_tier tier, int *was_hot);

/* The fast-tier region at pc turned hot: the code store remembers it for
 * the next run (its optimiser may not get to it before this run ends). */
void xl_translate_mark_hot(uint64_t pc);

/* Starts a thread in translated code at cpu->pc. */
_Noreturn void xl_stub_enter(struct xl_cpu *cpu);

#endif
