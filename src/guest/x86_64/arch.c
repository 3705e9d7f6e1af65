/* The x86-64 guest (System V ABI, Linux syscall convention) as the rest of
 * xlift sees it. */
#include "config.h"
#include "guest/guest.h"
#include "guest/x86_64/cpuid.h"
#include "guest/x86_64/decode.h"
#include "guest/x86_64/x64_abi.h"
#include "guest/x86_64/x64_lift.h"
#include "guest/x86_64/state.h"
#include "runtime/guest_mem.h"

#include <elf.h>
#include <errno.h>
#include <seccomp.h>
#include <string.h>

enum { X64_SYS_ARCH_PRCTL = 158 };
enum { ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004 };

static void start(struct xl_cpu *cpu, uint64_t pc, uint64_t sp)
{
	struct x64_regs *regs = X64_REGS(cpu);

	memset(regs, 0, sizeof *regs);
	regs->gpr[X86_RSP] = sp;
	regs->rflags = X64_RFLAGS_FIXED;
	regs->mxcsr = X64_MXCSR_RESET;
	regs->fcw = X64_FCW_RESET;
	cpu->pc = pc;
}

static long syscall_nr(const struct xl_cpu *cpu)
{
	return (long)X64_REGS(cpu)->gpr[X86_RAX];
}

static void syscall_args(const struct xl_cpu *cpu, uint64_t args[6])
{
	static const uint8_t order[6] = { X86_RDI, X86_RSI, X86_RDX, X86_R10, X86_R8, X86_R9 };

	for (int i = 0; i < 6; i++)
		args[i] = X64_REGS(cpu)->gpr[order[i]];
}

static void syscall_ret(struct xl_cpu *cpu, int64_t ret)
{
	X64_REGS(cpu)->gpr[X86_RAX] = (uint64_t)ret;
}

/* arch_prctl sets the guest's fs and gs bases, never the host's. */
static int arch_syscall(struct xl_cpu *cpu, long nr, const uint64_t args[6], int64_t *ret)
{
	struct x64_regs *regs = X64_REGS(cpu);

	if (nr != X64_SYS_ARCH_PRCTL)
		return 0;
	switch (args[0]) {
	case ARCH_SET_FS: regs->fs_base = args[1]; *ret = 0; break;
	case ARCH_SET_GS: regs->gs_base = args[1]; *ret = 0; break;
	case ARCH_GET_FS: *ret = XL_COPY_OUT(args[1], regs->fs_base); break;
	case ARCH_GET_GS: *ret = XL_COPY_OUT(args[1], regs->gs_base); break;
	default: *ret = -EINVAL; break;
	}
	return 1;
}

static void set_sp(struct xl_cpu *cpu, uint64_t sp)
{
	X64_REGS(cpu)->gpr[X86_RSP] = sp;
}

static void set_tls(struct xl_cpu *cpu, uint64_t tls)
{
	X64_REGS(cpu)->fs_base = tls;
}

const struct guest_arch guest_x86_64 = {
	.name = "x86_64",
	.elf_machine = EM_X86_64,
	.seccomp_arch = SCMP_ARCH_X86_64,
	.default_sysroot = "/",
	.regs_size = sizeof(struct x64_regs),
	/* the registers most code touches: stack, return value, arguments */
	.carried = {
		X64_GPR_OFF(X86_RSP), X64_GPR_OFF(X86_RAX), X64_GPR_OFF(X86_RDI),
		X64_GPR_OFF(X86_RSI), X64_GPR_OFF(X86_RDX), X64_GPR_OFF(X86_RCX),
		X64_GPR_OFF(X86_RBX), X64_GPR_OFF(X86_RBP), X64_GPR_OFF(X86_R8),
		X64_GPR_OFF(X86_R12),
	},
	.check_elf_flags = NULL,
	.lift_region = x64_lift_region,
	.start = start,
	.syscall_nr = syscall_nr,
	.syscall_args = syscall_args,
	.syscall_ret = syscall_ret,
	.arch_syscall = arch_syscall,
	.set_sp = set_sp,
	.set_tls = set_tls,
	.clone_tls_before_ctid = 0,
	.own_syscalls = x64_own_syscalls,
	.n_own_syscalls = X64_OWN_SYSCALLS,
	.signal = &x64_signal,
	.stat_layout = &x64_stat_layout,
	.epoll_layout = &x64_epoll_layout,
	.sigaction_layout = &x64_sigaction_layout,
	.write_cpuinfo = x64_write_cpuinfo,
	.hwcap = X64_CPUID1_EDX,     /* AT_HWCAP is CPUID.1:EDX */
	.platform = "x86_64",
};
