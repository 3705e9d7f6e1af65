#include "translate/load_combine.h"

#include <stddef.h>
#include <stdint.h>

/* The widest group: a 64-bit word. */
#define MAX_BYTES 8

/* One byte of a group: its load, and what puts it in place. */
struct byte_term {
	LLVMValueRef load, zext, shl;   /* shl NULL for the lowest byte */
	LLVMValueRef base;
	int64_t offset;
	unsigned shift;
};

struct group {
	unsigned pcsections;            /* metadata kind: marks guest accesses */
	struct byte_term t[MAX_BYTES];
	unsigned n;
	LLVMValueRef ors[MAX_BYTES];    /* the tree's inner nodes */
	unsigned nors;
};

static int is_op(LLVMValueRef v, LLVMOpcode op)
{
	return LLVMIsAInstruction(v) && LLVMGetInstructionOpcode(v) == op;
}

static int single_use(LLVMValueRef v)
{
	LLVMUseRef u = LLVMGetFirstUse(v);

	return u && !LLVMGetNextUse(u);
}

static int const_int(LLVMValueRef v, int64_t *out)
{
	if (!LLVMIsAConstantInt(v))
		return 0;
	*out = LLVMConstIntGetSExtValue(v);
	return 1;
}

/* zext(load volatile i8 (inttoptr (base + offset))), optionally shifted
 * left by a multiple of 8; the load used by the zext alone. */
static int byte_term(LLVMValueRef v, LLVMBasicBlockRef bb, unsigned pcsections,
		     struct byte_term *t)
{
	int64_t shift = 0;

	t->shl = NULL;
	if (is_op(v, LLVMShl)) {
		if (!const_int(LLVMGetOperand(v, 1), &shift) || shift % 8 || shift <= 0 ||
		    shift >= 64)
			return 0;
		t->shl = v;
		v = LLVMGetOperand(v, 0);
	}
	if (!is_op(v, LLVMZExt))
		return 0;
	t->zext = v;
	LLVMValueRef load = LLVMGetOperand(v, 0);
	if (!is_op(load, LLVMLoad) || !single_use(load) || LLVMGetInstructionParent(load) != bb ||
	    LLVMGetTypeKind(LLVMTypeOf(load)) != LLVMIntegerTypeKind ||
	    LLVMGetIntTypeWidth(LLVMTypeOf(load)) != 8 ||
	    LLVMGetOrdering(load) != LLVMAtomicOrderingNotAtomic || !LLVMGetMetadata(load, pcsections))
		return 0;
	LLVMValueRef ptr = LLVMGetOperand(load, 0);
	if (!is_op(ptr, LLVMIntToPtr))
		return 0;
	LLVMValueRef addr = LLVMGetOperand(ptr, 0);
	t->offset = 0;
	if (is_op(addr, LLVMAdd) && const_int(LLVMGetOperand(addr, 1), &t->offset))
		addr = LLVMGetOperand(addr, 0);
	t->load = load;
	t->base = addr;
	t->shift = (unsigned)shift;
	return 1;
}

/* Gathers the terms of the or tree at v, its inner ors in bb. Nodes may
 * have uses outside the tree (a guest register written back at an exit
 * holds a partial word): they get the word's bytes they hold. */
static int gather(LLVMValueRef v, LLVMBasicBlockRef bb, struct group *g)
{
	if (is_op(v, LLVMOr) && LLVMGetInstructionParent(v) == bb) {
		if (g->nors == MAX_BYTES)
			return 0;
		g->ors[g->nors++] = v;
		return gather(LLVMGetOperand(v, 0), bb, g) && gather(LLVMGetOperand(v, 1), bb, g);
	}
	if (g->n == MAX_BYTES || !byte_term(v, bb, g->pcsections, &g->t[g->n]))
		return 0;
	g->n++;
	return 1;
}

/* The terms are the bytes base+lowest .. base+lowest+n-1, each shifted to
 * its little-endian place: a load of n bytes at base+lowest. */
static int little_endian_word(const struct group *g, int64_t *lowest)
{
	unsigned seen = 0;

	if (g->n != 2 && g->n != 4 && g->n != 8)
		return 0;
	*lowest = INT64_MAX;
	for (unsigned i = 0; i < g->n; i++) {
		if (g->t[i].base != g->t[0].base)
			return 0;
		if (g->t[i].offset < *lowest)
			*lowest = g->t[i].offset;
	}
	for (unsigned i = 0; i < g->n; i++) {
		uint64_t at = (uint64_t)(g->t[i].offset - *lowest);
		if (at >= g->n || at * 8 != g->t[i].shift || seen & (1u << at))
			return 0;
		seen |= 1u << at;
	}
	return 1;
}

static int writes_memory(LLVMValueRef insn)
{
	switch (LLVMGetInstructionOpcode(insn)) {
	case LLVMStore: case LLVMCall: case LLVMAtomicRMW: case LLVMAtomicCmpXchg: case LLVMFence:
		return 1;
	default:
		return 0;
	}
}

/* The group's first load in the block (the guest's first, volatile loads
 * keeping their order), or NULL when something between its loads may
 * write memory. */
static LLVMValueRef first_load(const struct group *g, LLVMBasicBlockRef bb)
{
	LLVMValueRef first = NULL;
	unsigned found = 0;

	for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i && found < g->n;
	     i = LLVMGetNextInstruction(i)) {
		int member = 0;
		for (unsigned k = 0; k < g->n; k++)
			member |= g->t[k].load == i;
		if (member && !found++)
			first = i;
		else if (!member && found && writes_memory(i))
			return NULL;
	}
	return first;
}

/* The bits of the word that v, a node of g's tree, holds. */
static uint64_t bits_of(const struct group *g, LLVMValueRef v)
{
	for (unsigned i = 0; i < g->n; i++)
		if (v == (g->t[i].shl ? g->t[i].shl : g->t[i].zext))
			return UINT64_C(0xff) << g->t[i].shift;
	return bits_of(g, LLVMGetOperand(v, 0)) | bits_of(g, LLVMGetOperand(v, 1));
}

static void replace(LLVMBuilderRef b, LLVMValueRef v, LLVMValueRef word, uint64_t bits,
		    unsigned shift)
{
	LLVMTypeRef i64 = LLVMTypeOf(word);

	if (!LLVMGetFirstUse(v))
		return;
	if (shift)
		word = LLVMBuildLShr(b, word, LLVMConstInt(i64, shift, 0), "");
	LLVMReplaceAllUsesWith(v, LLVMBuildAnd(b, word, LLVMConstInt(i64, bits >> shift, 0), ""));
}

static void combine(struct group *g, LLVMValueRef first, int64_t lowest)
{
	LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(first));
	LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
	LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);

	LLVMPositionBuilderBefore(b, first);
	LLVMValueRef addr = g->t[0].base;
	if (lowest)
		addr = LLVMBuildAdd(b, addr, LLVMConstInt(i64, (uint64_t)lowest, 0), "");
	LLVMValueRef ptr = LLVMBuildIntToPtr(b, addr, LLVMPointerTypeInContext(ctx, 0), "");
	LLVMValueRef word = LLVMBuildLoad2(b, LLVMIntTypeInContext(ctx, 8 * g->n), ptr, "word");
	LLVMSetVolatile(word, 1);
	LLVMSetAlignment(word, 1);
	LLVMSetMetadata(word, g->pcsections, LLVMGetMetadata(first, g->pcsections));
	if (g->n < 8)
		word = LLVMBuildZExt(b, word, i64, "");
	/* The root holds all of the word; the other nodes, where something
	 * outside the tree uses them, their bytes of it. */
	LLVMReplaceAllUsesWith(g->ors[0], word);
	for (unsigned i = 1; i < g->nors; i++)
		replace(b, g->ors[i], word, bits_of(g, g->ors[i]), 0);
	for (unsigned i = 0; i < g->n; i++) {
		struct byte_term *t = &g->t[i];
		if (t->shl)
			replace(b, t->shl, word, UINT64_C(0xff) << t->shift, 0);
		replace(b, t->zext, word, UINT64_C(0xff) << t->shift, t->shift);
	}
	LLVMDisposeBuilder(b);
	for (unsigned i = 0; i < g->nors; i++)
		LLVMInstructionEraseFromParent(g->ors[i]);
	for (unsigned i = 0; i < g->n; i++) {
		if (g->t[i].shl)
			LLVMInstructionEraseFromParent(g->t[i].shl);
		LLVMInstructionEraseFromParent(g->t[i].zext);
		LLVMInstructionEraseFromParent(g->t[i].load);
	}
}

/* Combines the group whose root is the or i, if it is one. */
static int try_root(LLVMValueRef i, LLVMBasicBlockRef bb, unsigned pcsections)
{
	struct group g = { .pcsections = pcsections };
	int64_t lowest;
	LLVMValueRef first;

	if (!is_op(i, LLVMOr) || LLVMGetTypeKind(LLVMTypeOf(i)) != LLVMIntegerTypeKind ||
	    LLVMGetIntTypeWidth(LLVMTypeOf(i)) != 64 || !gather(i, bb, &g) ||
	    !little_endian_word(&g, &lowest) || !(first = first_load(&g, bb)))
		return 0;
	combine(&g, first, lowest);
	return 1;
}

void xl_combine_byte_loads(LLVMModuleRef mod)
{
	unsigned pcsections = LLVMGetMDKindIDInContext(LLVMGetModuleContext(mod), "pcsections", 10);

	/* From the end of each block, so a word's root comes before the
	 * subtrees that make smaller words; a block that changed is looked
	 * at again from its end. */
	for (LLVMValueRef fn = LLVMGetFirstFunction(mod); fn; fn = LLVMGetNextFunction(fn))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetLastInstruction(bb); i;)
				i = try_root(i, bb, pcsections) ? LLVMGetLastInstruction(bb)
								: LLVMGetPreviousInstruction(i);
}
