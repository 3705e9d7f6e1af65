#include "guest/leaf_calls.h"

int xl_is_small_leaf(uint64_t entry, xl_leaf_decode *decode)
{
	uint64_t seen[XL_LEAF_MAX_INSNS], work[XL_LEAF_MAX_INSNS];
	int n_seen = 0, n_work = 0;

	work[n_work++] = entry;
	while (n_work) {
		uint64_t pc = work[--n_work];
		for (;;) {
			int known = 0;
			for (int i = 0; i < n_seen && !known; i++)
				known = seen[i] == pc;
			if (known)
				break;
			if (n_seen == XL_LEAF_MAX_INSNS)
				return 0;
			struct xl_leaf_step step;
			decode(pc, &step);
			seen[n_seen++] = pc;
			if (step.kind == XL_LEAF_RETURN)
				break;
			if (step.kind == XL_LEAF_NOT)
				return 0;
			if (step.kind == XL_LEAF_BRANCH) {
				if (n_work == XL_LEAF_MAX_INSNS)
					return 0;
				work[n_work++] = step.target;
			}
			pc = step.kind == XL_LEAF_JUMP ? step.target : pc + step.len;
		}
	}
	return 1;
}

void xl_leaf_return(struct xl_exits *e, LLVMValueRef target, const uint64_t *continuations,
		     const LLVMBasicBlockRef *blocks, int n)
{
	LLVMBuilderRef b = e->l->b;
	LLVMBasicBlockRef other = LLVMAppendBasicBlockInContext(e->l->ctx, e->l->fn, "return");
	LLVMValueRef sw = LLVMBuildSwitch(b, target, other, (unsigned)n);

	for (int i = 0; i < n; i++)
		LLVMAddCase(sw, xl_lift_const(e->l->i64, continuations[i]), blocks[i]);
	LLVMPositionBuilderAtEnd(b, other);
	xl_exits_jump_indirect(e, target);
}
