/* x86-64 region lifting: discovery, the guest registers as allocas (SSA
 * after LLVM's SROA), blocks, exits. */
#include "guest/leaf_calls.h"
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"
#include "runtime/code_pages.h"
#include "runtime/fault.h"
#include "runtime/guest_mem.h"

#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---- discovery ---- */

#define X64_SLOTS 4096                  /* > 2 * XL_REGION_MAX_INSNS */
#define X64_PEEKS 64                    /* exit targets looked at per region */
#define X64_PEEK_INSNS 8                /* instructions looked at per target */

struct x64_region {
	/* from here to insns, zero before discovery */
	uint8_t joins[XL_REGION_MAX_INSNS]; /* reached by a jump, not only by falling in */
	/* status flags live before and after each instruction */
	uint16_t live_in[XL_REGION_MAX_INSNS], live_out[XL_REGION_MAX_INSNS];
	int n_peeks, n_peeked;
	int n_continuations;
	uint16_t continuations_live;    /* status flags live at any of them */
	int n;
	int16_t slot_insn[X64_SLOTS];   /* pc hash -> index + 1 */
	/* written before they are read: zeroing their ~200 KB for every
	 * region was 6% of a warm start */
	struct x86_insn insns[XL_REGION_MAX_INSNS];
	int8_t status[XL_REGION_MAX_INSNS]; /* x86_decode's result when < 0 */
	/* the flags live at exit targets, from a look at the code there
	 * (peek_live), and the instructions looked at: the code store's key
	 * covers them too */
	struct { uint64_t pc; uint16_t live; } peeks[X64_PEEKS];
	struct { uint64_t pc; uint8_t len; } peeked[X64_PEEKS * X64_PEEK_INSNS];
	uint64_t continuations[XL_MAX_CONTINUATIONS]; /* after calls of leaves */
};

static unsigned hash_pc(uint64_t pc)
{
	return (unsigned)(pc * 0x9e3779b97f4a7c15ull >> 52) & (X64_SLOTS - 1);
}

static int find_insn(const struct x64_region *g, uint64_t pc)
{
	for (unsigned s = hash_pc(pc); g->slot_insn[s]; s = (s + 1) & (X64_SLOTS - 1))
		if (g->insns[g->slot_insn[s] - 1].pc == pc)
			return g->slot_insn[s] - 1;
	return -1;
}

static void add_insn(struct x64_region *g, const struct x86_insn *in, int status)
{
	unsigned s = hash_pc(in->pc);

	while (g->slot_insn[s])
		s = (s + 1) & (X64_SLOTS - 1);
	g->insns[g->n] = *in;
	g->status[g->n] = (int8_t)(status < 0 ? status : 0);
	g->slot_insn[s] = (int16_t)++g->n;
}

/* The longest x86 instruction. */
#define X86_INSN_MAX 15

static int ends_path(const struct x86_insn *in, int status)
{
	switch (in->mnem) {
	case X86_JMP: case X86_CALL: case X86_RET: case X86_UD2: case X86_INT3:
	case X86_HLT:
		return 1;
	default:
		return status < 0;
	}
}

/* A jump whose target is known: jmp, jcc, loop, loope, loopne, jrcxz. */
static int is_direct_jump(const struct x86_insn *in, int status)
{
	if (status < 0 || !in->nops || in->op[0].kind != X86_OPK_REL)
		return 0;
	switch (in->mnem) {
	case X86_JMP: case X86_JCC: case X86_LOOP: case X86_LOOPE: case X86_LOOPNE:
	case X86_JRCXZ:
		return 1;
	default:
		return 0;
	}
}

/* Registers the pages an instruction lies on as code (writes to them
 * invalidate translations); *page is the last one registered. */
static void add_code_pages(uint64_t *page, const struct x86_insn *in)
{
	for (uint64_t p = in->pc >> 12; p <= (in->pc + in->len - 1) >> 12; p++)
		if (p != *page) {
			*page = p;
			xl_code_pages_add(p << 12);
		}
}

static int is_privileged(const struct x86_insn *in);

/* The instruction at pc as a look for a leaf sees it: a return ends a
 * path; calls, indirect jumps, system calls, traps and what the lifter
 * raises a fault for are in no leaf. */
static void leaf_step(uint64_t pc, struct xl_leaf_step *step)
{
	const uint8_t *bytes;
	size_t avail = xl_code_read(pc, X86_INSN_MAX, &bytes);
	struct x86_insn in;

	step->kind = XL_LEAF_NOT;
	if (!avail || x86_decode(bytes, avail, pc, &in) < 0 || is_privileged(&in) ||
	    !x86_lifter_supports(&in))
		return;
	step->len = in.len;
	step->target = in.target;
	if (in.mnem == X86_RET)
		step->kind = XL_LEAF_RETURN;
	else if (is_direct_jump(&in, 0))
		step->kind = in.mnem == X86_JMP ? XL_LEAF_JUMP : XL_LEAF_BRANCH;
	else if (!ends_path(&in, 0) && in.mnem != X86_SYSCALL && in.mnem != X86_INT)
		step->kind = XL_LEAF_FALLS;
}

/* A direct call of a small leaf: its continuation is noted, and the
 * continuation and the leaf are discovered as part of the region. */
static int pulls_leaf(struct x64_region *g, const struct x86_insn *in, int status)
{
	if (status < 0 || in->mnem != X86_CALL || in->op[0].kind != X86_OPK_REL ||
	    g->n_continuations == XL_MAX_CONTINUATIONS || !xl_is_small_leaf(in->target, leaf_step))
		return 0;
	g->continuations[g->n_continuations++] = in->pc + in->len;
	return 1;
}

/* Follows direct and conditional jumps (loop and jrcxz too) from entry,
 * and calls of small leaves; other calls, returns, indirect jumps and
 * faults end a path. */
static void discover(struct x64_region *g, uint64_t entry)
{
	uint64_t work[XL_REGION_MAX_INSNS], page = 0;
	const uint8_t *bytes;
	int n_work = 0;

	work[n_work++] = entry;
	while (n_work && g->n < XL_REGION_MAX_INSNS) {
		uint64_t pc = work[--n_work];
		int index;
		while (g->n < XL_REGION_MAX_INSNS && (index = find_insn(g, pc)) < 0) {
			size_t avail = xl_code_read(pc, X86_INSN_MAX, &bytes);
			struct x86_insn in;
			if (!avail)
				break;
			int status = x86_decode(bytes, avail, pc, &in);
			if (status < 0)
				in.len = 1;
			add_insn(g, &in, status);
			add_code_pages(&page, &in);
			int direct = is_direct_jump(&in, status);
			if (direct && in.mnem != X86_JMP && n_work < XL_REGION_MAX_INSNS)
				work[n_work++] = in.target;
			if (direct && in.mnem == X86_JMP) {
				pc = in.target;
				continue;
			}
			if (n_work < XL_REGION_MAX_INSNS && pulls_leaf(g, &in, status)) {
				work[n_work++] = in.pc + in.len;
				pc = in.target;
				continue;
			}
			if (ends_path(&in, status))
				break;
			pc += in.len;
		}
	}
}

/* A call whose leaf is part of the region. */
static int is_pulled_call(const struct x64_region *g, const struct x86_insn *in)
{
	if (in->mnem != X86_CALL || in->op[0].kind != X86_OPK_REL)
		return 0;
	for (int i = 0; i < g->n_continuations; i++)
		if (g->continuations[i] == in->pc + in->len)
			return 1;
	return 0;
}

static void mark_join(struct x64_region *g, uint64_t pc)
{
	int t = find_insn(g, pc);

	if (t >= 0)
		g->joins[t] = 1;
}

/* Marks the instructions that a jump, a call or a return reaches: lazy
 * flags end there. */
static void mark_joins(struct x64_region *g)
{
	for (int i = 0; i < g->n; i++) {
		const struct x86_insn *in = &g->insns[i];
		if (is_direct_jump(in, g->status[i]) || is_pulled_call(g, in))
			mark_join(g, in->target);
	}
	for (int i = 0; i < g->n_continuations; i++)
		mark_join(g, g->continuations[i]);
	if (g->n)
		g->joins[0] = 1;
}

/* ---- flag liveness ---- */

/* Lifted as itself, not as a fault. */
static int is_lifted(const struct x64_region *g, int i)
{
	const struct x86_insn *in = &g->insns[i];

	return g->status[i] == 0 && !is_privileged(in) && x86_lifter_supports(in);
}

/* The flags live at pc outside the region: what the straight-line code
 * there (through direct jmps) reads before it overwrites it, up to a
 * branch, call, return or fault; after it, all that is not overwritten. */
static uint16_t peek_live(struct x64_region *g, uint64_t pc)
{
	uint16_t live = 0, killed = 0;
	uint64_t at = pc, page = 0;
	const uint8_t *bytes;

	for (int i = 0; i < g->n_peeks; i++)
		if (g->peeks[i].pc == pc)
			return g->peeks[i].live;
	if (g->n_peeks == X64_PEEKS)
		return X64_STATUS_FLAGS;
	for (int step = 0; step < X64_PEEK_INSNS && killed != X64_STATUS_FLAGS; step++) {
		size_t avail = xl_code_read(at, X86_INSN_MAX, &bytes);
		struct x86_insn in;
		struct x64_flag_use use;
		if (!avail || x86_decode(bytes, avail, at, &in) < 0)
			break;
		g->peeked[g->n_peeked].pc = at;
		g->peeked[g->n_peeked++].len = in.len;
		add_code_pages(&page, &in);
		int lifted = !is_privileged(&in) && x86_lifter_supports(&in);
		x64_flag_use(&in, lifted, &use);
		live |= use.reads & ~killed;
		killed |= use.kills;
		if (in.mnem == X86_JMP && is_direct_jump(&in, 0)) {
			at = in.target;
			continue;
		}
		if (!lifted || ends_path(&in, 0) || is_direct_jump(&in, 0))
			break;
		at += in.len;
	}
	live |= X64_STATUS_FLAGS & ~killed;
	g->peeks[g->n_peeks].pc = pc;
	return g->peeks[g->n_peeks++].live = live;
}

static uint16_t live_at(struct x64_region *g, uint64_t pc)
{
	int t = find_insn(g, pc);

	return t >= 0 ? g->live_in[t] : peek_live(g, pc);
}

/* The flags live after instruction i: those its successors read (a
 * return's or an indirect jump's: all). */
static uint16_t live_after(struct x64_region *g, int i)
{
	const struct x86_insn *in = &g->insns[i];
	uint64_t next = in->pc + in->len;

	if (!is_lifted(g, i))
		return 0;
	switch (in->mnem) {
	case X86_UD2: case X86_INT3: case X86_HLT:
		return 0;
	case X86_RET:
		return X64_STATUS_FLAGS;
	case X86_JMP: case X86_CALL:
		return in->op[0].kind == X86_OPK_REL ? live_at(g, in->target) : X64_STATUS_FLAGS;
	default:
		return is_direct_jump(in, 0) ? live_at(g, in->target) | live_at(g, next)
			: live_at(g, next);
	}
}

/* Backward dataflow to a fixed point; the sets only grow. */
static void flag_liveness(struct x64_region *g)
{
	struct x64_flag_use use[XL_REGION_MAX_INSNS];
	int changed = 1;

	for (int i = 0; i < g->n; i++)
		x64_flag_use(&g->insns[i], is_lifted(g, i), &use[i]);
	while (changed) {
		changed = 0;
		for (int i = g->n - 1; i >= 0; i--) {
			uint16_t out = live_after(g, i);
			uint16_t in = use[i].reads | (out & ~use[i].kills);
			changed |= in != g->live_in[i] || out != g->live_out[i];
			g->live_in[i] = in;
			g->live_out[i] = out;
		}
	}
	for (int i = 0; i < g->n_continuations; i++)
		g->continuations_live |= live_at(g, g->continuations[i]);
}

/* A return or an indirect jump: its flags stay pending in the CPU state,
 * unless the return may go on at a continuation that reads them from the
 * rflags alloca. */
static int leaves_indirectly(const struct x64_region *g, int i)
{
	const struct x86_insn *in = &g->insns[i];

	return is_lifted(g, i) && ((in->mnem == X86_RET && !g->continuations_live) ||
		((in->mnem == X86_JMP || in->mnem == X86_CALL) && in->op[0].kind != X86_OPK_REL));
}

/* Instructions that read the flags from a pending descriptor, so the
 * flags need not be stored before them: conditions, and the carry that
 * adc, sbb, inc and dec take (their own flags replace the rest). */
static int reads_descriptor(const struct x64_region *g, int i)
{
	switch (g->insns[i].mnem) {
	case X86_JCC: case X86_SETCC: case X86_CMOVCC: case X86_ADC: case X86_SBB:
	case X86_INC: case X86_DEC:
		return is_lifted(g, i);
	default:
		return 0;
	}
}

/* ---- registers ---- */

LLVMValueRef x64_const(struct x64_lift *x, uint64_t v)
{
	return xl_lift_const(x->l->i64, v);
}

LLVMValueRef x64_gpr(struct x64_lift *x, unsigned reg)
{
	return LLVMBuildLoad2(x->b, x->l->i64, x->gpr[reg], "");
}

/* rsp is in the CPU state exactly at every instruction, for the context
 * of a fault in translated code (where the signal frame goes); code
 * writes it rarely, so writing it through costs little. */
static void write_through(struct x64_lift *x, unsigned reg, LLVMValueRef v)
{
	if (reg == X86_RSP)
		LLVMBuildStore(x->b, v, xl_lift_cpu_field(x->l, X64_GPR_OFF(reg)));
}

void x64_set_gpr(struct x64_lift *x, unsigned reg, LLVMValueRef v)
{
	x->written |= 1u << reg;
	LLVMBuildStore(x->b, v, x->gpr[reg]);
	write_through(x, reg, v);
}

static unsigned carried_gpr(const struct xl_lift *l, unsigned i)
{
	return (unsigned)(l->arch->carried[i] - X64_GPR_OFF(0)) / 8;
}

static int is_carried(const struct xl_lift *l, unsigned reg)
{
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		if (carried_gpr(l, i) == reg)
			return 1;
	return 0;
}

static void load_state(struct x64_lift *x)
{
	for (unsigned i = 0; i < 16; i++)
		LLVMBuildStore(x->b, LLVMBuildLoad2(x->b, x->l->i64,
			xl_lift_cpu_field(x->l, X64_GPR_OFF(i)), ""), x->gpr[i]);
	LLVMBuildStore(x->b, LLVMBuildLoad2(x->b, x->l->i64,
		xl_lift_cpu_field(x->l, X64_OFF(rflags)), ""), x->rflags);
	LLVMBuildStore(x->b, LLVMBuildLoad2(x->b, x->l->i32,
		xl_lift_cpu_field(x->l, X64_OFF(cc_op)), ""), x->cc_op);
}

/* Status flags live at the entry come from a pending operation, if the
 * region before left one (x64_flags_leave_pending). */
static void materialize_flags(struct x64_lift *x)
{
	if (!(x->region->live_in[0] & X64_STATUS_FLAGS))
		return;
	LLVMBasicBlockRef pending = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "cc_op");
	LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(x->l->ctx, x->l->fn, "");
	LLVMValueRef op = LLVMBuildLoad2(x->b, x->l->i32,
		xl_lift_cpu_field(x->l, X64_OFF(cc_op)), "");
	LLVMBuildCondBr(x->b, LLVMBuildICmp(x->b, LLVMIntNE, op, LLVMConstInt(x->l->i32, 0, 0), ""),
			pending, done);
	LLVMPositionBuilderAtEnd(x->b, pending);
	xl_lift_call(x->l, x64_flags_materialize, x->l->vd, &x->l->cpu, 1);
	LLVMBuildBr(x->b, done);
	LLVMPositionBuilderAtEnd(x->b, done);
}

static void init_state(struct x64_lift *x)
{
	for (unsigned i = 0; i < 16; i++)
		x->gpr[i] = LLVMBuildAlloca(x->b, x->l->i64, "");
	x->rflags = LLVMBuildAlloca(x->b, x->l->i64, "rflags");
	x->cc_op = LLVMBuildAlloca(x->b, x->l->i32, "cc_op");
	xl_exits_init(&x->exits, x->l);
	materialize_flags(x);
	load_state(x);
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++) {
		unsigned reg = carried_gpr(x->l, i);
		LLVMBuildStore(x->b, xl_lift_carried(x->l, i), x->gpr[reg]);
		write_through(x, reg, xl_lift_carried(x->l, i));
	}
}

/* Writes what the region changed (and, before a runtime call, the carried
 * registers, whose copies in the CPU state are stale) to the state. */
static void store_state(void *guest, int with_carried)
{
	struct x64_lift *x = guest;

	for (unsigned i = 0; i < 16; i++) {
		int carried = is_carried(x->l, i);
		if (carried ? with_carried : (int)((x->written >> i) & 1))
			LLVMBuildStore(x->b, x64_gpr(x, i), xl_lift_cpu_field(x->l, X64_GPR_OFF(i)));
	}
	if (x->written & X64_WRITTEN_FLAGS) {
		LLVMBuildStore(x->b, LLVMBuildLoad2(x->b, x->l->i64, x->rflags, ""),
			       xl_lift_cpu_field(x->l, X64_OFF(rflags)));
		LLVMBuildStore(x->b, LLVMBuildLoad2(x->b, x->l->i32, x->cc_op, ""),
			       xl_lift_cpu_field(x->l, X64_OFF(cc_op)));
	}
}

static void carried_state(void *guest, LLVMValueRef *carried)
{
	struct x64_lift *x = guest;

	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		carried[i] = x64_gpr(x, carried_gpr(x->l, i));
}

/* ---- control flow ---- */

LLVMBasicBlockRef x64_block_at(struct x64_lift *x, uint64_t pc)
{
	int index = find_insn(x->region, pc);

	return index >= 0 ? x->blocks[index] : xl_exits_block(&x->exits, pc);
}

LLVMBasicBlockRef x64_jump_target(struct x64_lift *x, uint64_t from, uint64_t to)
{
	int index = find_insn(x->region, to);

	return index >= 0 && to <= from ? xl_exits_back_edge(&x->exits, to, x->blocks[index])
		: x64_block_at(x, to);
}

LLVMBasicBlockRef x64_call_target(struct x64_lift *x, const struct x86_insn *in)
{
	return is_pulled_call(x->region, in) ? x64_block_at(x, in->target)
		: xl_exits_block(&x->exits, in->target);
}

/* The switch's edges need no loop safe point: a loop running through a
 * leaf's call and return also jumps back in the caller or the leaf. */
void x64_return(struct x64_lift *x, LLVMValueRef target)
{
	const struct x64_region *g = x->region;
	LLVMBasicBlockRef blocks[XL_MAX_CONTINUATIONS];

	if (!g->n_continuations) {
		xl_exits_jump_indirect(&x->exits, target);
		return;
	}
	for (int i = 0; i < g->n_continuations; i++)
		blocks[i] = x64_block_at(x, g->continuations[i]);
	xl_leaf_return(&x->exits, target, g->continuations, blocks, g->n_continuations);
}

LLVMValueRef x64_runtime_call(struct x64_lift *x, uint64_t pc, const void *fn,
			      LLVMTypeRef ret, LLVMValueRef *args, unsigned nargs)
{
	LLVMValueRef call = xl_exits_call(&x->exits, pc, fn, ret, args, nargs);

	load_state(x);
	x64_flags_forget(x);
	return call;
}

/* The si_code x86-64 Linux gives each trap: a #UD is SIGILL ILL_ILLOPN,
 * a #DE SIGFPE FPE_INTDIV; int3 (SIGTRAP) and a #GP (SIGSEGV: hlt and
 * privileged instructions) are SI_KERNEL. */
static int trap_code(int signo)
{
	switch (signo) {
	case SIGILL: return ILL_ILLOPN;
	case SIGFPE: return FPE_INTDIV;
	default: return SI_KERNEL;
	}
}

/* Raises signo for in, as x86-64 Linux does (trap_code); int3 is a trap:
 * rip is after it. The fault report prints the bytes as one hex number:
 * first byte first, as the instruction reads in memory (the first eight). */
void x64_raise(struct x64_lift *x, const struct x86_insn *in, int signo)
{
	unsigned n = in->len < 8 ? in->len : 8;
	uint64_t raw = 0, resume = signo == SIGTRAP ? in->pc + in->len : in->pc;
	int code = trap_code(signo);

	for (unsigned i = 0; i < n; i++)
		raw = raw << 8 | ((const uint8_t *)in->pc)[i];
	LLVMValueRef args[] = {
		x->l->cpu, LLVMConstInt(x->l->i32, (unsigned)signo, 0),
		LLVMConstInt(x->l->i32, (unsigned)code, 0), x64_const(x, raw),
		LLVMConstInt(x->l->i32, n, 0), x64_const(x, in->pc),
	};
	x64_runtime_call(x, resume, xl_guest_fault_insn, x->l->vd, args, 6);
	LLVMBuildUnreachable(x->b);
}

/* Instructions user mode may not execute (#GP) besides hlt, which the
 * lifter raises itself: port I/O, the interrupt flag, descriptor tables,
 * MSRs, int n through a gate only the kernel may use (not int $0x80, the
 * 32-bit syscall entry, which is not emulated). */
static int is_privileged(const struct x86_insn *in)
{
	switch (in->mnem) {
	case X86_INT:
		return (uint8_t)in->op[0].imm != 0x80;
	case X86_CLI: case X86_STI: case X86_IN: case X86_OUT: case X86_INS:
	case X86_OUTS: case X86_LGDT: case X86_LIDT: case X86_LLDT: case X86_LTR:
	case X86_LMSW: case X86_CLTS: case X86_INVD: case X86_WBINVD: case X86_INVLPG:
	case X86_RDMSR: case X86_WRMSR: case X86_SWAPGS: case X86_SYSRET: case X86_SYSEXIT:
		return 1;
	default:
		return 0;
	}
}

/* ---- instructions ---- */

/* The code store's key: every instruction of the region and those flag
 * liveness looked at beyond its exits. */
static void cover(struct xl_lift *l, const struct x64_region *g)
{
	for (int i = 0; i < g->n; i++) {
		xl_lift_cover(l, g->insns[i].pc, g->insns[i].len);
		l->cover_inexact |= g->status[i] < 0;
	}
	for (int i = 0; i < g->n_peeked; i++)
		xl_lift_cover(l, g->peeked[i].pc, g->peeked[i].len);
}

static void lift_insn(struct x64_lift *x, int i)
{
	const struct x86_insn *in = &x->region->insns[i];

	if (x->region->joins[i])
		x64_flags_forget(x);
	x->live_in = x->region->live_in[i];
	x->live_out = x->region->live_out[i];
	if (leaves_indirectly(x->region, i))
		x64_flags_leave_pending(x);
	else if (!reads_descriptor(x->region, i))
		x64_flags_flush(x, x->live_in);
	if (x->region->status[i] == 0 && is_privileged(in))
		x64_raise(x, in, SIGSEGV);
	else if (x->region->status[i] < 0 || !x86_lifter_supports(in))
		x64_raise(x, in, SIGILL);
	else
		x64_lift_int(x, in);
}

static void lift_all(struct x64_lift *x)
{
	const struct x64_region *g = x->region;

	for (int i = 0; i < g->n; i++) {
		const struct x86_insn *in = &g->insns[i];
		LLVMPositionBuilderAtEnd(x->b, x->blocks[i]);
		/* lazy flags reach the next instruction only when it follows
		 * this one and nothing else jumps there */
		if (i == 0 || g->insns[i - 1].pc + g->insns[i - 1].len != in->pc)
			x64_flags_forget(x);
		lift_insn(x, i);
		if (LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(x->b))) {
			if (x->pending)
				abort();        /* flags pending past a block's end */
			continue;
		}
		/* the next instruction lifted takes pending flags only when it
		 * follows in the same block */
		if (i + 1 == g->n || g->insns[i + 1].pc != in->pc + in->len || g->joins[i + 1])
			x64_flags_flush(x, x->live_out);
		LLVMBuildBr(x->b, x64_block_at(x, in->pc + in->len));
	}
}

int x64_lift_region(struct xl_lift *l, uint64_t pc)
{
	struct x64_region *g = malloc(sizeof *g);
	struct x64_lift x = { .l = l, .b = l->b };

	if (!g)
		return -1;
	memset(g, 0, offsetof(struct x64_region, insns));
	discover(g, pc);
	if (g->n == 0) {
		free(g);
		return -1;
	}
	mark_joins(g);
	flag_liveness(g);
	cover(l, g);
	if (xl_lift_reuse(l)) {
		free(g);
		return 0;
	}
	x.region = g;
	init_state(&x);
	x.blocks = xl_exits_region_blocks(&x.exits, pc, g->n);
	lift_all(&x);
	xl_exits_finish(&x.exits, &(struct xl_exits_guest){ store_state, carried_state, &x });
	free(x.blocks);
	free(g);
	return 0;
}
