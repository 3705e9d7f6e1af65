/* The exits of a region being lifted, the same for every guest: one block
 * per direct exit target, one indirect exit, and the runtime calls that
 * see the whole guest state. Which registers those must store is known
 * only once the whole region is lifted, so the guest's stores are emitted
 * last (xl_exits_finish). */
#ifndef XL_REGION_EXITS_H
#define XL_REGION_EXITS_H

#include "translate/lift.h"

/* An instruction leaves for at most two pcs (a branch: its target and
 * the next instruction) and makes at most two runtime calls, so a region
 * never has more than these. */
#define XL_MAX_EXITS (2 * XL_REGION_MAX_INSNS)
#define XL_MAX_SYNCS (2 * XL_REGION_MAX_INSNS)

struct xl_exits {
	struct xl_lift *l;
	LLVMValueRef next_pc;           /* alloca: target of the indirect exit */
	LLVMBasicBlockRef indirect;
	struct { uint64_t pc; LLVMBasicBlockRef bb; } direct[XL_MAX_EXITS];
	int n_direct;
	LLVMValueRef syncs[XL_MAX_SYNCS]; /* runtime calls that see the full state */
	int n_syncs;
};

/* What the guest does at the end: store the registers the region wrote
 * (and the carried ones too, before a runtime call), and give the values
 * of the carried registers. */
struct xl_exits_guest {
	void (*store)(void *guest, int with_carried);
	void (*carried)(void *guest, LLVMValueRef *values);
	void *guest;
};

/* Called in the entry block: the next_pc alloca goes there. */
void xl_exits_init(struct xl_exits *e, struct xl_lift *l);
/* The block that leaves the region for pc. */
LLVMBasicBlockRef xl_exits_block(struct xl_exits *e, uint64_t pc);
void xl_exits_jump_indirect(struct xl_exits *e, LLVMValueRef target);
/* A block for a jump back to header (the block of pc inside the region):
 * a safe point for signals; in the fast tier it also counts loop heat and
 * leaves for hot code. */
LLVMBasicBlockRef xl_exits_back_edge(struct xl_exits *e, uint64_t pc, LLVMBasicBlockRef header);
/* Calls a runtime function that reads and may change the whole guest
 * state, cpu->pc set to pc first. The guest reloads its registers after. */
LLVMValueRef xl_exits_call(struct xl_exits *e, uint64_t pc, const void *fn, LLVMTypeRef ret,
			   LLVMValueRef *args, unsigned nargs);
/* One block per instruction of a region of n entered at pc, preceded by
 * the region's entry safe point and heat count: the builder is in the
 * entry block, after the guest has set up its registers. free() them. */
LLVMBasicBlockRef *xl_exits_region_blocks(struct xl_exits *e, uint64_t pc, int n);
/* Emits the exit blocks and the stores before the runtime calls. */
void xl_exits_finish(struct xl_exits *e, const struct xl_exits_guest *g);

#endif
