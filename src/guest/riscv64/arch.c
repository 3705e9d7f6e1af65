/* The RV64GC guest (lp64d Linux ABI) as the rest of xlift sees it. */
#include "config.h"
#include "guest/guest.h"
#include "guest/riscv64/rv_lift.h"
#include "guest/riscv64/rv_signal.h"
#include "guest/riscv64/state.h"
#include "runtime/code_pages.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <seccomp.h>
#include <string.h>

enum { RV_SYS_FLUSH_ICACHE = 259 };

/* ELF e_flags: the float ABI (bits 1-2) and RVE (bit 3). */
static const char *check_elf_flags(uint32_t flags)
{
	if (flags & 0x8)
		return "RV64E programs are not supported";
	if ((flags & 0x6) == 0x6)
		return "the quad-float ABI is not supported";
	return NULL;
}

static void start(struct xl_cpu *cpu, uint64_t pc, uint64_t sp)
{
	struct rv64_regs *regs = RV64_REGS(cpu);

	memset(regs, 0, sizeof *regs);
	regs->reserved_addr = ~0ull;
	regs->x[RV_SP] = sp;
	cpu->pc = pc;
}

static long syscall_nr(const struct xl_cpu *cpu)
{
	return (long)RV64_REGS(cpu)->x[RV_A7];
}

static void syscall_args(const struct xl_cpu *cpu, uint64_t args[6])
{
	memcpy(args, &RV64_REGS(cpu)->x[RV_A0], 6 * sizeof *args);
}

static void syscall_ret(struct xl_cpu *cpu, int64_t ret)
{
	RV64_REGS(cpu)->x[RV_A0] = (uint64_t)ret;
}

static int arch_syscall(struct xl_cpu *cpu, long nr, const uint64_t args[6], int64_t *ret)
{
	if (nr != RV_SYS_FLUSH_ICACHE)
		return 0;
	/* riscv_flush_icache(start, end, flags) */
	if (args[1] > args[0])
		xl_code_invalidate(args[0], args[1] - args[0]);
	*ret = 0;
	return 1;
}

static void set_sp(struct xl_cpu *cpu, uint64_t sp)
{
	RV64_REGS(cpu)->x[RV_SP] = sp;
}

static void set_tls(struct xl_cpu *cpu, uint64_t tls)
{
	RV64_REGS(cpu)->x[RV_TP] = tls;
}

/* As Linux prints a hart; the isa string names what the lifter does. */
static void write_cpuinfo(int fd, unsigned cpu)
{
	dprintf(fd, "processor\t: %u\nhart\t\t: %u\nisa\t\t: rv64imafdc_zicntr_zicsr_zifencei\n"
		"mmu\t\t: sv39\nmvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n",
		cpu, cpu);
}

/* AT_HWCAP: one bit per single-letter extension, 'a' = bit 0. */
#define HWCAP(c) (1ull << ((c) - 'a'))

const struct guest_arch guest_riscv64 = {
	.name = "riscv64",
	.elf_machine = EM_RISCV,
	.seccomp_arch = SCMP_ARCH_RISCV64,
	.default_sysroot = XLIFT_RISCV64_SYSROOT,
	.regs_size = sizeof(struct rv64_regs),
	/* ra, sp, s0, s1, a0-a5: the registers most regions touch. */
	.carried = {
		RV64_X_OFF(1), RV64_X_OFF(2), RV64_X_OFF(8), RV64_X_OFF(9),
		RV64_X_OFF(10), RV64_X_OFF(11), RV64_X_OFF(12), RV64_X_OFF(13),
		RV64_X_OFF(14), RV64_X_OFF(15),
	},
	.check_elf_flags = check_elf_flags,
	.lift_region = rv_lift_region,
	.start = start,
	.syscall_nr = syscall_nr,
	.syscall_args = syscall_args,
	.syscall_ret = syscall_ret,
	.arch_syscall = arch_syscall,
	.set_sp = set_sp,
	.set_tls = set_tls,
	.clone_tls_before_ctid = 1,
	.signal = &rv_signal,
	.stat_layout = &xl_stat_generic,
	.epoll_layout = &xl_epoll_generic,
	.sigaction_layout = &xl_sigaction_generic,
	.write_cpuinfo = write_cpuinfo,
	.hwcap = HWCAP('i') | HWCAP('m') | HWCAP('a') | HWCAP('f') | HWCAP('d') | HWCAP('c'),
	.platform = NULL,
};
