/* Which guest instruction a host instruction of translated code accesses
 * memory for. The lifter tags every guest load, store and atomic with its
 * guest pc (LLVM's !pcsections, xl_lift_guest_access); the code generator
 * emits the host pc of each tagged instruction with that pc into the
 * object's section XL_PC_MAP_SECTION, and linking an object adds the
 * section's entries here. So a faulting access finds its guest pc without
 * a store of the pc before every access. */
#ifndef XL_PC_MAP_H
#define XL_PC_MAP_H

#include <stddef.h>
#include <stdint.h>

#define XL_PC_MAP_SECTION "xl_pc"
/* The first aux constant of every entry, which no code offset can be. */
#define XL_PC_MAP_MARKER INT32_MIN

/* The memory translations live in (code_memory.c), once, before any add. */
void xl_pc_map_init(const void *arena, size_t size);

/* Whether an object's XL_PC_MAP_SECTION of size bytes is well formed,
 * its host pcs in [code_start, code_end): checked once, where the object
 * is linked or placed into a pack's image. */
int xl_pc_map_valid(const uint8_t *section, size_t size, const uint8_t *code_start,
		    const uint8_t *code_end);

/* Adds an object's linked section, checked, its code in the arena. */
void xl_pc_map_add(const uint8_t *section, size_t size, const uint8_t *code_start,
		   const uint8_t *code_end);

/* The guest pc of the access at host_pc: 1 and *guest_pc, or 0 when no
 * tagged instruction is there. Async-signal-safe (no locks, no memory
 * allocation): the fault handler calls it. */
int xl_pc_map_find(uintptr_t host_pc, uint64_t *guest_pc);

#endif
