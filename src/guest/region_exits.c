#include "guest/region_exits.h"

#include <stdlib.h>

static LLVMBasicBlockRef append_block(struct xl_exits *e, const char *name)
{
	return LLVMAppendBasicBlockInContext(e->l->ctx, e->l->fn, name);
}

void xl_exits_init(struct xl_exits *e, struct xl_lift *l)
{
	e->l = l;
	e->next_pc = LLVMBuildAlloca(l->b, l->i64, "next_pc");
	e->indirect = append_block(e, "indirect_exit");
	e->n_direct = e->n_syncs = 0;
}

LLVMBasicBlockRef xl_exits_block(struct xl_exits *e, uint64_t pc)
{
	for (int i = 0; i < e->n_direct; i++)
		if (e->direct[i].pc == pc)
			return e->direct[i].bb;
	if (e->n_direct == XL_MAX_EXITS)
		abort();
	e->direct[e->n_direct].pc = pc;
	return e->direct[e->n_direct++].bb = append_block(e, "exit");
}

void xl_exits_jump_indirect(struct xl_exits *e, LLVMValueRef target)
{
	LLVMBuildStore(e->l->b, target, e->next_pc);
	LLVMBuildBr(e->l->b, e->indirect);
}

LLVMBasicBlockRef xl_exits_back_edge(struct xl_exits *e, uint64_t pc, LLVMBasicBlockRef header)
{
	LLVMBuilderRef b = e->l->b;
	LLVMBasicBlockRef here = LLVMGetInsertBlock(b), edge = append_block(e, "back_edge");
	LLVMBasicBlockRef loop = append_block(e, "loop");

	/* A loop stops for a pending signal: the exit leads to the entry
	 * safe point of pc's region. */
	LLVMPositionBuilderAtEnd(b, edge);
	xl_lift_safe_point(e->l, loop, xl_exits_block(e, pc));
	/* a hot loop leaves the region for its optimised translation */
	LLVMPositionBuilderAtEnd(b, loop);
	xl_lift_heat(e->l, pc, header, xl_exits_block(e, pc));
	LLVMPositionBuilderAtEnd(b, here);
	return edge;
}

LLVMBasicBlockRef *xl_exits_region_blocks(struct xl_exits *e, uint64_t pc, int n)
{
	LLVMBasicBlockRef *blocks = malloc(sizeof *blocks * (size_t)n);

	if (!blocks)
		abort();
	for (int i = 0; i < n; i++)
		blocks[i] = append_block(e, "");
	xl_lift_entry_safe_point(e->l, pc, append_block(e, "entered"));
	xl_lift_heat(e->l, pc, blocks[0], blocks[0]);
	return blocks;
}

LLVMValueRef xl_exits_call(struct xl_exits *e, uint64_t pc, const void *fn, LLVMTypeRef ret,
			   LLVMValueRef *args, unsigned nargs)
{
	LLVMBuildStore(e->l->b, xl_lift_const(e->l->i64, pc),
		       xl_lift_cpu_field(e->l, offsetof(struct xl_cpu, pc)));
	LLVMValueRef call = xl_lift_call(e->l, fn, ret, args, nargs);
	if (e->n_syncs == XL_MAX_SYNCS)
		abort();
	e->syncs[e->n_syncs++] = call;
	return call;
}

void xl_exits_finish(struct xl_exits *e, const struct xl_exits_guest *g)
{
	LLVMBuilderRef b = e->l->b;
	LLVMValueRef carried[XL_CARRIED_REGS];

	for (int i = 0; i < e->n_direct; i++) {
		LLVMPositionBuilderAtEnd(b, e->direct[i].bb);
		g->store(g->guest, 0);
		g->carried(g->guest, carried);
		xl_lift_exit_direct(e->l, e->direct[i].pc, carried);
	}
	LLVMPositionBuilderAtEnd(b, e->indirect);
	g->store(g->guest, 0);
	g->carried(g->guest, carried);
	xl_lift_exit_indirect(e->l, LLVMBuildLoad2(b, e->l->i64, e->next_pc, ""), carried);
	for (int i = 0; i < e->n_syncs; i++) {
		LLVMPositionBuilderBefore(b, e->syncs[i]);
		g->store(g->guest, 1);
	}
}
