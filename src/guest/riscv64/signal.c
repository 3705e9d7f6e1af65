/* RV64 signal frames, laid out as Linux's arch/riscv does: struct
 * rt_sigframe is siginfo then ucontext, whose mcontext holds pc, x1-x31
 * and the D extension's state (f0-f31, fcsr) in a union sized for the Q
 * extension, ending in the header of the (here empty) extension area. */
#include "guest/riscv64/rv_signal.h"
#include "guest/riscv64/state.h"
#include "runtime/guest_mem.h"

#include <stddef.h>
#include <string.h>

enum { RV_A1 = 11, RV_A2 = 12 };

struct rv_fp_state {                    /* union __riscv_fp_state */
	uint64_t f[32];
	uint32_t fcsr;
	uint32_t unused[64];            /* the rest of the Q extension's room */
	uint32_t reserved;              /* 0: checked by rt_sigreturn */
	uint32_t end_magic, end_size;   /* END header of the extension area: 0 */
};

struct rv_ucontext {
	uint64_t flags;
	uint64_t link;
	struct xl_sigstack stack;
	uint64_t sigmask;
	uint8_t unused[120];            /* room for a larger sigset_t */
	_Alignas(16) uint64_t regs[32]; /* pc, x1..x31 */
	struct rv_fp_state fp;
};

struct rv_sigframe {
	uint8_t info[128];
	struct rv_ucontext uc;
};

_Static_assert(offsetof(struct rv_ucontext, regs) == 176, "mcontext offset");
_Static_assert(sizeof(struct rv_fp_state) == 528, "fp state size");
_Static_assert(sizeof(struct rv_sigframe) == 1088, "frame size");

/* li a7, 139 (rt_sigreturn); ecall: the code of the kernel's vDSO, which
 * unwinders recognise. */
static const uint8_t sigreturn_code[] = { 0x93, 0x08, 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00 };

static uint64_t stack_pointer(const struct xl_cpu *cpu)
{
	return RV64_REGS(cpu)->x[RV_SP];
}

static void save_context(struct xl_cpu *cpu, struct rv_ucontext *uc)
{
	struct rv64_regs *regs = RV64_REGS(cpu);

	uc->regs[0] = cpu->pc;
	memcpy(&uc->regs[1], &regs->x[1], 31 * sizeof regs->x[0]);
	memcpy(uc->fp.f, regs->f, sizeof uc->fp.f);
	uc->fp.fcsr = (uint32_t)rv_fcsr(regs);
}

static int setup_frame(struct xl_cpu *cpu, const struct xl_sigframe_info *f)
{
	uint64_t addr = (f->sp - sizeof(struct rv_sigframe)) & ~(uint64_t)15;
	struct rv64_regs *regs = RV64_REGS(cpu);
	struct rv_sigframe frame;

	memset(&frame, 0, sizeof frame);
	memcpy(frame.info, f->info, sizeof frame.info);
	frame.uc.stack = f->altstack;
	frame.uc.sigmask = f->saved_mask;
	save_context(cpu, &frame.uc);
	if (xl_guest_write(addr, &frame, sizeof frame) < 0)
		return -1;
	cpu->pc = f->handler;
	regs->x[RV_RA] = f->restorer;
	regs->x[RV_SP] = addr;
	regs->x[RV_A0] = (uint64_t)f->sig;
	regs->x[RV_A1] = addr + offsetof(struct rv_sigframe, info);
	regs->x[RV_A2] = addr + offsetof(struct rv_sigframe, uc);
	return 0;
}

static int restore_frame(struct xl_cpu *cpu, uint64_t *mask, struct xl_sigstack *stack,
			 int64_t *ret)
{
	struct rv64_regs *regs = RV64_REGS(cpu);
	struct rv_ucontext uc;

	if (xl_guest_read(&uc, regs->x[RV_SP] + offsetof(struct rv_sigframe, uc), sizeof uc) < 0 ||
	    uc.fp.reserved != 0)
		return -1;
	cpu->pc = uc.regs[0];
	memcpy(&regs->x[1], &uc.regs[1], 31 * sizeof regs->x[0]);
	memcpy(regs->f, uc.fp.f, sizeof regs->f);
	rv_set_fcsr(regs, uc.fp.fcsr);
	regs->reserved_addr = ~0ull;    /* a trap breaks an LR/SC pair */
	*mask = uc.sigmask;
	*stack = uc.stack;
	*ret = (int64_t)regs->x[RV_A0];
	return 0;
}

/* ecall is 4 bytes; a0 held the first argument before the result. */
static void restart_syscall(struct xl_cpu *cpu, long nr, const uint64_t args[6])
{
	cpu->pc -= 4;
	RV64_REGS(cpu)->x[RV_A0] = args[0];
}

const struct guest_signal rv_signal = {
	.stack_pointer = stack_pointer,
	.setup_frame = setup_frame,
	.restore_frame = restore_frame,
	.restart_syscall = restart_syscall,
	.sigreturn_code = sigreturn_code,
	.sigreturn_len = sizeof sigreturn_code,
};
