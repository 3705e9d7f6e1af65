/* Guest code -> host code: builds the LLVM function of one region through
 * the guest's lifter and compiles it. */
#ifndef XL_TRANSLATE_H
#define XL_TRANSLATE_H

#include <stdint.h>
#include "guest/guest.h"
#include "translate/jit.h"

/* LLVM's number for the preserve_none calling convention (not in the C
 * API's enum): every register caller-saved, arguments in many registers. */
#define XL_CC_PRESERVE_NONE 21

/* Sets up the JIT and the runtime stubs for arch. */
void xl_translate_init(const struct guest_arch *arch);
/* Host code of tier for the region at pc; exits with a message when the
 * first instruction cannot be fetched. */
void *xl_translate(uint64_t pc, enum xl_tier tier);

/* Stubs built once: the dispatcher entry every untranslated exit jumps to,
 * and the C-callable entry that starts a thread in translated code. */
void *xl_stub_dispatch(void);
_Noreturn void xl_stub_enter(struct xl_cpu *cpu);

#endif
