/* Shared state of the RV64 lifter while it builds one region. */
#ifndef XL_RV64_LIFT_H
#define XL_RV64_LIFT_H

#include "guest/region_exits.h"
#include "guest/riscv64/decode.h"

struct region;

struct rv_lift {
	struct xl_lift *l;
	LLVMBuilderRef b;
	LLVMValueRef x[32], f[32];      /* allocas; x[0] unused */
	uint32_t x_written, f_written;  /* over the whole region */
	const struct region *region;    /* the instructions, by pc */
	LLVMBasicBlockRef *blocks;      /* one per instruction */
	struct xl_exits exits;
};

/* The guest_arch hook: lifts the region at pc. */
int rv_lift_region(struct xl_lift *l, uint64_t pc);

LLVMValueRef rv_x(struct rv_lift *r, unsigned i);
void rv_set_x(struct rv_lift *r, unsigned i, LLVMValueRef v);
LLVMValueRef rv_f(struct rv_lift *r, unsigned i);          /* raw 64 bits */
void rv_set_f(struct rv_lift *r, unsigned i, LLVMValueRef v);
LLVMValueRef rv_const(struct rv_lift *r, uint64_t v);      /* i64 */
/* Guest address rs1 + imm as a host pointer. */
LLVMValueRef rv_address(struct rv_lift *r, const struct rv_insn *in);
/* The load of type t from rs1 + imm and the store of v there, each
 * faulting as the guest's instruction in (xl_lift_guest_access). */
LLVMValueRef rv_load(struct rv_lift *r, LLVMTypeRef t, const struct rv_insn *in);
void rv_store(struct rv_lift *r, LLVMValueRef v, const struct rv_insn *in);

/* The block that continues at pc: inside the region, or a region exit. */
LLVMBasicBlockRef rv_block_at(struct rv_lift *r, uint64_t pc);
/* The block a jump from the instruction at from to to goes to: like
 * rv_block_at, but a backward jump inside the region counts loop heat. */
LLVMBasicBlockRef rv_edge(struct rv_lift *r, uint64_t from, uint64_t to);
/* Leaves the region for pc, even when pc is inside it. */
void rv_exit_to(struct rv_lift *r, uint64_t pc);
void rv_jump_indirect(struct rv_lift *r, LLVMValueRef target);
/* The jump of jalr in to target: a return to the continuation of a call
 * lifted into the region stays inside it. */
void rv_jump_register(struct rv_lift *r, const struct rv_insn *in, LLVMValueRef target);
/* Calls a runtime function that reads and may change the whole guest
 * state (cpu->pc set to pc first); registers are reloaded after it. */
LLVMValueRef rv_call_with_state(struct rv_lift *r, uint64_t pc, const void *fn,
				LLVMTypeRef ret, LLVMValueRef *args, unsigned nargs);
/* Ends the block with a guest fault: illegal instruction, breakpoint. */
void rv_raise(struct rv_lift *r, const struct rv_insn *in, int signo);

/* Per-extension lifting; each returns 0, or -1 for an op it does not know. */
int rv_lift_int(struct rv_lift *r, const struct rv_insn *in);
int rv_lift_atomic(struct rv_lift *r, const struct rv_insn *in);
int rv_lift_fp(struct rv_lift *r, const struct rv_insn *in);
int rv_lift_csr(struct rv_lift *r, const struct rv_insn *in);

#endif
