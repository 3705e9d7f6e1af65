/* Calls of small leaf functions lifted into the caller's region, for every
 * guest: the call goes on at the leaf's code inside the region and its
 * return at the call's continuation. A call that ended the region cost a
 * write-back of the registers, a region entry, and an indirect lookup at
 * the return. */
#ifndef XL_LEAF_CALLS_H
#define XL_LEAF_CALLS_H

#include "guest/region_exits.h"

#define XL_LEAF_MAX_INSNS 48
#define XL_MAX_CONTINUATIONS 16

/* What a look for a leaf needs of one instruction. */
struct xl_leaf_step {
	enum {
		XL_LEAF_FALLS,          /* goes on at pc + len */
		XL_LEAF_BRANCH,         /* at target or pc + len */
		XL_LEAF_JUMP,           /* at target */
		XL_LEAF_RETURN,         /* the path ends */
		XL_LEAF_NOT,            /* no leaf has it: call, other indirect
					 * jump, system call, trap, unreadable */
	} kind;
	unsigned len;
	uint64_t target;
};

typedef void xl_leaf_decode(uint64_t pc, struct xl_leaf_step *step);

/* Whether the function at entry is a small leaf: at most
 * XL_LEAF_MAX_INSNS instructions, every path a return. */
int xl_is_small_leaf(uint64_t entry, xl_leaf_decode *decode);

/* Ends the block with a return to target: a switch to the blocks of the
 * n continuation pcs, the indirect exit for any other target (where the
 * return address is the constant its call stored, LLVM folds the switch
 * to a branch). */
void xl_leaf_return(struct xl_exits *e, LLVMValueRef target, const uint64_t *continuations,
		     const LLVMBasicBlockRef *blocks, int n);

#endif
