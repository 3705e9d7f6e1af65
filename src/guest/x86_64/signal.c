/* x86-64 signal frames, laid out as Linux's arch/x86/kernel/signal_64.c
 * does: below the red zone an fxsave area (64-byte aligned), then struct
 * rt_sigframe: the return address (sa_restorer), the ucontext with the
 * sigcontext registers, and the siginfo. The handler sees rsp at the
 * return address, as after a call. */
#include "guest/x86_64/x64_abi.h"
#include "guest/x86_64/fxsave.h"
#include "guest/x86_64/decode.h"
#include "guest/x86_64/state.h"
#include "runtime/guest_mem.h"

#include <signal.h>
#include <stddef.h>
#include <string.h>

struct x64_sigcontext {                 /* uapi/asm/sigcontext.h: sigcontext_64 */
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;               /* the fxsave area, or 0 */
	uint64_t reserved[8];
};

struct x64_ucontext {
	uint64_t flags;
	uint64_t link;
	struct xl_sigstack stack;
	struct x64_sigcontext mc;
	uint64_t sigmask;
};

struct x64_sigframe {
	uint64_t pretcode;
	struct x64_ucontext uc;
	uint8_t info[128];
};

_Static_assert(sizeof(struct x64_sigcontext) == 256, "sigcontext size");
_Static_assert(offsetof(struct x64_ucontext, sigmask) == 296, "uc_sigmask offset");
_Static_assert(offsetof(struct x64_sigframe, info) == 312, "siginfo offset");

enum {
	UC_SIGCONTEXT_SS = 2, UC_STRICT_RESTORE_SS = 4,
	USER_CS = 0x33, USER_SS = 0x2b,
	RED_ZONE = 128,
	X86_TRAP_DE = 0, X86_TRAP_BP = 3, X86_TRAP_UD = 6, X86_TRAP_GP = 13, X86_TRAP_PF = 14,
	PF_USER = 4,                    /* a page fault's error code: from user mode */
	/* what sigreturn takes from the frame's eflags (the rest is the
	 * kernel's): the flags xlift models */
	RESTORED_FLAGS = X64_CF | X64_PF | X64_AF | X64_ZF | X64_SF | X64_DF | X64_OF,
};

/* sigcontext order of the registers, as gpr[] indices */
static const uint8_t mc_order[16] = {
	X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
	X86_RDI, X86_RSI, X86_RBP, X86_RBX, X86_RDX, X86_RAX, X86_RCX, X86_RSP,
};
#define MC_GPRS 16

/* mov $15, %eax; syscall: glibc's __restore_rt, for a handler installed
 * without SA_RESTORER (the kernel would refuse to run it). */
static const uint8_t sigreturn_code[] = { 0xb8, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05 };

static uint64_t stack_pointer(const struct xl_cpu *cpu)
{
	return X64_REGS(cpu)->gpr[X86_RSP];
}

/* What a handler starts with, and sigreturn without an fxsave area: the
 * FPU as after reset. */
static void reset_fp(struct xl_cpu *cpu)
{
	struct x64_fxsave init = { .fcw = X64_FCW_RESET, .mxcsr = X64_MXCSR_RESET };

	x64_fxsave_load(cpu, &init);
}

/* The kernel's thread.trap_nr, cr2 and error_code: set by the faults that
 * raise signals (si_code > 0; SIGSEGV and SIGBUS from kill have none),
 * written into every frame, so a later one shows the last fault's. */
static __thread struct { uint64_t trapno, cr2, err; } last_fault;

static void record_fault(const siginfo_t *info)
{
	if (info->si_code <= 0)
		return;
	switch (info->si_signo) {
	case SIGSEGV: case SIGBUS:
		if (info->si_code == SI_KERNEL) {
			last_fault.trapno = X86_TRAP_GP;
			last_fault.err = 0;
		} else {
			last_fault.trapno = X86_TRAP_PF;
			last_fault.cr2 = (uintptr_t)info->si_addr;
			last_fault.err = PF_USER;
		}
		break;
	case SIGTRAP: last_fault.trapno = X86_TRAP_BP; last_fault.err = 0; break;
	case SIGILL: last_fault.trapno = X86_TRAP_UD; last_fault.err = 0; break;
	/* the only SIGFPE xlift raises: x87 and SSE exceptions are masked */
	case SIGFPE: last_fault.trapno = X86_TRAP_DE; last_fault.err = 0; break;
	default: break;
	}
}

static void save_context(struct xl_cpu *cpu, struct x64_sigcontext *mc)
{
	struct x64_regs *regs = X64_REGS(cpu);
	uint64_t *slot = &mc->r8;

	for (int i = 0; i < MC_GPRS; i++)
		slot[i] = regs->gpr[mc_order[i]];
	mc->rip = cpu->pc;
	x64_flags_materialize(cpu);
	mc->eflags = regs->rflags;
	mc->cs = USER_CS;
	mc->ss = USER_SS;
}

static int setup_frame(struct xl_cpu *cpu, const struct xl_sigframe_info *f)
{
	struct x64_regs *regs = X64_REGS(cpu);
	/* the red zone stays when the frame goes on the same stack */
	uint64_t top = f->sp == regs->gpr[X86_RSP] ? f->sp - RED_ZONE : f->sp;
	uint64_t fp_addr = (top - sizeof(struct x64_fxsave)) & ~(uint64_t)63;
	uint64_t addr = ((fp_addr - sizeof(struct x64_sigframe)) & ~(uint64_t)15) - 8;
	struct x64_sigframe frame;
	struct x64_fxsave fx;

	memset(&frame, 0, sizeof frame);
	frame.pretcode = f->restorer;
	frame.uc.flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	frame.uc.stack = f->altstack;
	frame.uc.sigmask = f->saved_mask;
	save_context(cpu, &frame.uc.mc);
	record_fault(f->info);
	frame.uc.mc.trapno = last_fault.trapno;
	frame.uc.mc.cr2 = last_fault.cr2;
	frame.uc.mc.err = last_fault.err;
	frame.uc.mc.oldmask = f->saved_mask;
	frame.uc.mc.fpstate = fp_addr;
	memcpy(frame.info, f->info, sizeof frame.info);
	x64_fxsave_image(cpu, &fx);
	if (xl_guest_write(fp_addr, &fx, sizeof fx) < 0 ||
	    xl_guest_write(addr, &frame, sizeof frame) < 0)
		return -1;
	cpu->pc = f->handler;
	regs->gpr[X86_RSP] = addr;
	regs->gpr[X86_RDI] = (uint64_t)f->sig;
	regs->gpr[X86_RSI] = addr + offsetof(struct x64_sigframe, info);
	regs->gpr[X86_RDX] = addr + offsetof(struct x64_sigframe, uc);
	regs->gpr[X86_RAX] = 0;
	regs->rflags &= ~(uint64_t)X64_DF;
	reset_fp(cpu);
	return 0;
}

/* The restorer's ret popped pretcode: the frame starts 8 below rsp. */
static int restore_frame(struct xl_cpu *cpu, uint64_t *mask, struct xl_sigstack *stack,
			 int64_t *ret)
{
	struct x64_regs *regs = X64_REGS(cpu);
	uint64_t frame = regs->gpr[X86_RSP] - 8;
	struct x64_ucontext uc;
	struct x64_fxsave fx;

	if (xl_guest_read(&uc, frame + offsetof(struct x64_sigframe, uc), sizeof uc) < 0)
		return -1;
	if (uc.mc.fpstate && xl_guest_read(&fx, uc.mc.fpstate, sizeof fx) < 0)
		return -1;
	const uint64_t *slot = &uc.mc.r8;
	for (int i = 0; i < MC_GPRS; i++)
		regs->gpr[mc_order[i]] = slot[i];
	cpu->pc = uc.mc.rip;
	regs->rflags = (regs->rflags & ~(uint64_t)RESTORED_FLAGS) |
		(uc.mc.eflags & RESTORED_FLAGS) | X64_RFLAGS_FIXED;
	regs->cc_op = 0;
	if (uc.mc.fpstate)
		x64_fxsave_load(cpu, &fx);
	else
		reset_fp(cpu);
	*mask = uc.sigmask;
	*stack = uc.stack;
	*ret = (int64_t)regs->gpr[X86_RAX];
	return 0;
}

/* syscall is 2 bytes; it left the argument registers alone. */
static void restart_syscall(struct xl_cpu *cpu, long nr, const uint64_t args[6])
{
	cpu->pc -= 2;
	X64_REGS(cpu)->gpr[X86_RAX] = (uint64_t)nr;
}

const struct guest_signal x64_signal = {
	.stack_pointer = stack_pointer,
	.setup_frame = setup_frame,
	.restore_frame = restore_frame,
	.restart_syscall = restart_syscall,
	.sigreturn_sp_offset = 8,
	.sigreturn_code = sigreturn_code,
	.sigreturn_len = sizeof sigreturn_code,
};
