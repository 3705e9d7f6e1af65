/* RV64 region lifting: discovery of the region's instructions, the guest
 * registers as allocas (SSA after LLVM's SROA), blocks, exits. */
#include "guest/leaf_calls.h"
#include "guest/riscv64/rv_lift.h"
#include "guest/riscv64/state.h"
#include "runtime/code_pages.h"
#include "runtime/guest_mem.h"
#include "runtime/fault.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* ---- discovery ---- */

#define MAP_SLOTS 4096                  /* > 2 * XL_REGION_MAX_INSNS */

struct region {
	struct rv_insn insns[XL_REGION_MAX_INSNS];
	int n;
	int16_t map[MAP_SLOTS];          /* pc -> index + 1 */
	uint64_t map_pc[MAP_SLOTS];
	uint64_t continuations[XL_MAX_CONTINUATIONS]; /* after inlined calls */
	int n_continuations;
};

static unsigned slot_of(uint64_t pc)
{
	return (unsigned)((pc >> 1) * 0x9e3779b1u) & (MAP_SLOTS - 1);
}

static int region_index(const struct region *g, uint64_t pc)
{
	for (unsigned s = slot_of(pc); g->map[s]; s = (s + 1) & (MAP_SLOTS - 1))
		if (g->map_pc[s] == pc)
			return g->map[s] - 1;
	return -1;
}

static void region_add(struct region *g, const struct rv_insn *in)
{
	unsigned s = slot_of(in->pc);

	while (g->map[s])
		s = (s + 1) & (MAP_SLOTS - 1);
	g->insns[g->n] = *in;
	g->map_pc[s] = in->pc;
	g->map[s] = (int16_t)++g->n;
}

static int is_return(const struct rv_insn *in)
{
	return in->op == RV_JALR && in->rd == 0 && in->rs1 == RV_RA && in->imm == 0;
}

/* The instruction at pc as a look for a leaf sees it: a return through
 * ra ends a path; calls, other indirect jumps, ecall, fence.i and traps
 * are in no leaf. */
static void leaf_step(uint64_t pc, struct xl_leaf_step *step)
{
	const uint8_t *bytes;
	size_t avail = xl_code_read(pc, 4, &bytes);
	struct rv_insn in;

	step->kind = XL_LEAF_NOT;
	if (avail < 2)
		return;
	rv_decode(bytes, pc, &in);
	if (in.len == 4 && avail < 4)
		return;
	step->len = in.len;
	step->target = pc + (uint64_t)in.imm;
	if (is_return(&in))
		step->kind = XL_LEAF_RETURN;
	else if (in.op == RV_JAL && in.rd == 0)
		step->kind = XL_LEAF_JUMP;
	else if (in.op >= RV_BEQ && in.op <= RV_BGEU)
		step->kind = XL_LEAF_BRANCH;
	else if (in.op != RV_ECALL && in.op != RV_FENCE_I && !rv_is_block_end(&in))
		step->kind = XL_LEAF_FALLS;
}

static void note_code_page(uint64_t *last_page, uint64_t addr)
{
	if (addr >> 12 != *last_page) {
		*last_page = addr >> 12;
		xl_code_pages_add(addr);
	}
}

/* Follows direct and conditional branches from entry, and calls of small
 * leaf functions; other calls, indirect jumps and traps end a path. An
 * illegal instruction is kept: lifted, it raises SIGILL exactly when
 * reached. */
static void discover(struct region *g, uint64_t entry)
{
	uint64_t work[XL_REGION_MAX_INSNS];
	uint64_t last_page = 0;
	const uint8_t *bytes;
	size_t avail;
	int n_work = 0;

	work[n_work++] = entry;
	while (n_work && g->n < XL_REGION_MAX_INSNS) {
		uint64_t pc = work[--n_work];
		while (g->n < XL_REGION_MAX_INSNS && region_index(g, pc) < 0 &&
		       (avail = xl_code_read(pc, 4, &bytes)) >= 2) {
			struct rv_insn in;
			rv_decode(bytes, pc, &in);
			if (in.len == 4 && avail < 4)
				break;
			region_add(g, &in);
			note_code_page(&last_page, pc);
			note_code_page(&last_page, pc + in.len - 1);
			if (in.op >= RV_BEQ && in.op <= RV_BGEU && n_work < XL_REGION_MAX_INSNS)
				work[n_work++] = pc + in.imm;
			if (in.op == RV_JAL && in.rd == 0) {
				pc += in.imm;
				continue;
			}
			if (in.op == RV_JAL && in.rd == RV_RA && n_work < XL_REGION_MAX_INSNS &&
			    g->n_continuations < XL_MAX_CONTINUATIONS &&
			    xl_is_small_leaf(pc + in.imm, leaf_step)) {
				g->continuations[g->n_continuations++] = pc + in.len;
				work[n_work++] = pc + in.len;
				pc += in.imm;
				continue;
			}
			if (rv_is_block_end(&in))
				break;
			pc += in.len;
		}
	}
}

/* ---- registers ---- */

LLVMValueRef rv_const(struct rv_lift *r, uint64_t v)
{
	return xl_lift_const(r->l->i64, v);
}

LLVMValueRef rv_x(struct rv_lift *r, unsigned i)
{
	if (i == 0)
		return rv_const(r, 0);
	return LLVMBuildLoad2(r->b, r->l->i64, r->x[i], "");
}

/* Registers the CPU state holds exactly at every instruction, for the
 * context of a fault in translated code: the stack pointer (where the
 * signal frame goes), the return address, gp and tp. Code writes them
 * rarely, so writing them through costs little. */
#define RV_WRITE_THROUGH ((1u << RV_RA) | (1u << RV_SP) | (1u << RV_GP) | (1u << RV_TP))

static void write_through(struct rv_lift *r, unsigned i, LLVMValueRef v)
{
	if (RV_WRITE_THROUGH & (1u << i))
		LLVMBuildStore(r->b, v, xl_lift_cpu_field(r->l, RV64_X_OFF(i)));
}

void rv_set_x(struct rv_lift *r, unsigned i, LLVMValueRef v)
{
	if (i == 0)
		return;
	r->x_written |= 1u << i;
	LLVMBuildStore(r->b, v, r->x[i]);
	write_through(r, i, v);
}

LLVMValueRef rv_f(struct rv_lift *r, unsigned i)
{
	return LLVMBuildLoad2(r->b, r->l->i64, r->f[i], "");
}

void rv_set_f(struct rv_lift *r, unsigned i, LLVMValueRef v)
{
	r->f_written |= 1u << i;
	LLVMBuildStore(r->b, v, r->f[i]);
}

LLVMValueRef rv_address(struct rv_lift *r, const struct rv_insn *in)
{
	LLVMValueRef addr = LLVMBuildAdd(r->b, rv_x(r, in->rs1), rv_const(r, (uint64_t)in->imm), "");
	return LLVMBuildIntToPtr(r->b, addr, r->l->ptr, "");
}

LLVMValueRef rv_load(struct rv_lift *r, LLVMTypeRef t, const struct rv_insn *in)
{
	LLVMValueRef v = LLVMBuildLoad2(r->b, t, rv_address(r, in), "");

	LLVMSetAlignment(v, 1);
	return xl_lift_guest_access(r->l, v, in->pc);
}

void rv_store(struct rv_lift *r, LLVMValueRef v, const struct rv_insn *in)
{
	LLVMValueRef s = LLVMBuildStore(r->b, v, rv_address(r, in));

	LLVMSetAlignment(s, 1);
	xl_lift_guest_access(r->l, s, in->pc);
}

static int carried_index(const struct xl_lift *l, unsigned x)
{
	for (int i = 0; i < XL_CARRIED_REGS; i++)
		if (l->arch->carried[i] == RV64_X_OFF(x))
			return i;
	return -1;
}

static void load_registers(struct rv_lift *r)
{
	for (unsigned i = 1; i < 32; i++)
		LLVMBuildStore(r->b, LLVMBuildLoad2(r->b, r->l->i64,
			xl_lift_cpu_field(r->l, RV64_X_OFF(i)), ""), r->x[i]);
	for (unsigned i = 0; i < 32; i++)
		LLVMBuildStore(r->b, LLVMBuildLoad2(r->b, r->l->i64,
			xl_lift_cpu_field(r->l, RV64_F_OFF(i)), ""), r->f[i]);
}

static void init_registers(struct rv_lift *r)
{
	struct xl_lift *l = r->l;

	for (unsigned i = 1; i < 32; i++)
		r->x[i] = LLVMBuildAlloca(r->b, l->i64, "");
	for (unsigned i = 0; i < 32; i++)
		r->f[i] = LLVMBuildAlloca(r->b, l->i64, "");
	xl_exits_init(&r->exits, l);
	load_registers(r);
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++) {
		unsigned x = (unsigned)(l->arch->carried[i] - RV64_X_OFF(0)) / 8;
		LLVMBuildStore(r->b, xl_lift_carried(l, i), r->x[x]);
		write_through(r, x, xl_lift_carried(l, i));
	}
}

/* Writes registers the region changed (and, for a runtime call, the
 * carried ones, whose copies in the CPU state are stale) to the state. */
static void store_registers(void *guest, int with_carried)
{
	struct rv_lift *r = guest;

	for (unsigned i = 1; i < 32; i++) {
		int carried = carried_index(r->l, i) >= 0;
		if ((r->x_written & (1u << i) && !carried) || (carried && with_carried))
			LLVMBuildStore(r->b, rv_x(r, i), xl_lift_cpu_field(r->l, RV64_X_OFF(i)));
	}
	for (unsigned i = 0; i < 32; i++)
		if (r->f_written & (1u << i))
			LLVMBuildStore(r->b, rv_f(r, i), xl_lift_cpu_field(r->l, RV64_F_OFF(i)));
}

static void carried_values(void *guest, LLVMValueRef *carried)
{
	struct rv_lift *r = guest;

	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		carried[i] = rv_x(r, (unsigned)(r->l->arch->carried[i] - RV64_X_OFF(0)) / 8);
}

/* ---- control flow ---- */

void rv_exit_to(struct rv_lift *r, uint64_t pc)
{
	LLVMBuildBr(r->b, xl_exits_block(&r->exits, pc));
}

LLVMBasicBlockRef rv_block_at(struct rv_lift *r, uint64_t pc)
{
	int index = region_index(r->region, pc);

	return index >= 0 ? r->blocks[index] : xl_exits_block(&r->exits, pc);
}

LLVMBasicBlockRef rv_edge(struct rv_lift *r, uint64_t from, uint64_t to)
{
	int index = region_index(r->region, to);

	if (index < 0 || to > from)
		return rv_block_at(r, to);
	return xl_exits_back_edge(&r->exits, to, r->blocks[index]);
}

void rv_jump_indirect(struct rv_lift *r, LLVMValueRef target)
{
	xl_exits_jump_indirect(&r->exits, target);
}

void rv_jump_register(struct rv_lift *r, const struct rv_insn *in, LLVMValueRef target)
{
	const struct region *g = r->region;

	if (!is_return(in) || g->n_continuations == 0) {
		rv_jump_indirect(r, target);
		return;
	}
	LLVMBasicBlockRef blocks[XL_MAX_CONTINUATIONS];
	for (int i = 0; i < g->n_continuations; i++)
		blocks[i] = rv_edge(r, in->pc, g->continuations[i]);
	xl_leaf_return(&r->exits, target, g->continuations, blocks, g->n_continuations);
}

LLVMValueRef rv_call_with_state(struct rv_lift *r, uint64_t pc, const void *fn,
				LLVMTypeRef ret, LLVMValueRef *args, unsigned nargs)
{
	LLVMValueRef call = xl_exits_call(&r->exits, pc, fn, ret, args, nargs);

	load_registers(r);
	return call;
}

void rv_raise(struct rv_lift *r, const struct rv_insn *in, int signo)
{
	int code = signo == SIGILL ? ILL_ILLOPC : TRAP_BRKPT;
	LLVMValueRef args[] = {
		r->l->cpu, LLVMConstInt(r->l->i32, (unsigned)signo, 0),
		LLVMConstInt(r->l->i32, (unsigned)code, 0),
		rv_const(r, in->raw), LLVMConstInt(r->l->i32, in->len, 0), rv_const(r, in->pc),
	};
	rv_call_with_state(r, in->pc, xl_guest_fault_insn, r->l->vd, args, 6);
	LLVMBuildUnreachable(r->b);
}

/* ---- instructions ---- */

static void lift_insn(struct rv_lift *r, const struct rv_insn *in)
{
	if (in->op == RV_ILLEGAL || (rv_lift_int(r, in) && rv_lift_atomic(r, in) &&
				     rv_lift_fp(r, in) && rv_lift_csr(r, in)))
		rv_raise(r, in, SIGILL);
}

int rv_lift_region(struct xl_lift *l, uint64_t pc)
{
	struct region *g = malloc(sizeof *g);
	struct rv_lift r = { .l = l, .b = l->b };

	if (!g)
		return -1;
	g->n = g->n_continuations = 0;
	memset(g->map, 0, sizeof g->map);
	discover(g, pc);
	if (g->n == 0) {
		free(g);
		return -1;
	}
	for (int i = 0; i < g->n; i++)
		xl_lift_cover(l, g->insns[i].pc, g->insns[i].len);
	if (xl_lift_reuse(l)) {
		free(g);
		return 0;
	}
	r.region = g;
	init_registers(&r);
	r.blocks = xl_exits_region_blocks(&r.exits, pc, g->n);

	for (int i = 0; i < g->n; i++) {
		const struct rv_insn *in = &g->insns[i];
		LLVMPositionBuilderAtEnd(r.b, r.blocks[i]);
		lift_insn(&r, in);
		if (!LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(r.b)))
			LLVMBuildBr(r.b, rv_block_at(&r, in->pc + in->len));
	}
	xl_exits_finish(&r.exits, &(struct xl_exits_guest){ store_registers, carried_values, &r });
	free(r.blocks);
	free(g);
	return 0;
}
