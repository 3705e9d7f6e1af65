/* The seam between generic code and one guest architecture: everything
 * generic code needs to know about a guest is reached through this table. */
#ifndef XL_GUEST_H
#define XL_GUEST_H

#include <stdint.h>
#include <stddef.h>
#include "runtime/cpu.h"
#include "linux/abi.h"

struct xl_lift;
struct xl_image;
struct xl_syscall;

/* Emulates one guest syscall (linux/syscall.h); returns its result. */
typedef long xl_sys_handler(struct xl_syscall *sc);

/* sigaltstack's stack_t, the same for every guest so far. */
struct xl_sigstack {
	uint64_t sp;
	int32_t flags;
	uint64_t size;
};

/* The smallest stack sigaltstack takes: both guests' uapi MINSIGSTKSZ.
 * Not glibc's MINSIGSTKSZ, which it derives from the host kernel's
 * AT_MINSIGSTKSZ, the host CPU's signal frame: 47808 with AMX, above the
 * 32 KiB Go gives every thread. */
#define GUEST_MINSIGSTKSZ 2048u

/* A guest handler about to run, in terms every guest shares: what its
 * signal frame records and where the frame goes. */
struct xl_sigframe_info {
	int sig;
	const void *info;               /* siginfo_t: the generic 64-bit layout */
	uint64_t handler;
	uint64_t saved_mask;            /* the mask rt_sigreturn restores */
	struct xl_sigstack altstack;    /* the thread's sigaltstack, for uc_stack */
	uint64_t sp;                    /* the frame goes below this address */
	uint64_t restorer;              /* guest code that calls rt_sigreturn */
};

/* Signal frames and syscall restarts of one guest. */
struct guest_signal {
	uint64_t (*stack_pointer)(const struct xl_cpu *cpu);
	/* Writes the frame below f->sp and points cpu at the handler; -1 when
	 * the frame cannot be written there. */
	int (*setup_frame)(struct xl_cpu *cpu, const struct xl_sigframe_info *f);
	/* rt_sigreturn: restores cpu from the frame at its stack pointer and
	 * gives the frame's mask and stack; *ret is what the syscall returns
	 * (the restored result register). -1 when the frame is unreadable. */
	int (*restore_frame)(struct xl_cpu *cpu, uint64_t *mask, struct xl_sigstack *stack,
			     int64_t *ret);
	/* Points cpu back at the syscall nr just made, with its arguments. */
	void (*restart_syscall)(struct xl_cpu *cpu, long nr, const uint64_t args[6]);
	/* rt_sigreturn finds the frame handlers got this far below the stack
	 * pointer (x86-64: the return address their ret popped). */
	unsigned sigreturn_sp_offset;
	/* Guest code that calls rt_sigreturn, where handlers return to. */
	const uint8_t *sigreturn_code;
	unsigned sigreturn_len;
};

struct guest_arch {
	const char *name;               /* "riscv64": also uname -m */
	uint16_t elf_machine;           /* EM_RISCV */
	uint32_t seccomp_arch;          /* libseccomp token, for syscall names */
	const char *default_sysroot;
	size_t regs_size;               /* size of xl_cpu.regs */
	/* Offsets in struct xl_cpu of the registers carried in host registers. */
	uint32_t carried[XL_CARRIED_REGS];

	/* Checks the ELF header flags (ABI); returns an error text or NULL. */
	const char *(*check_elf_flags)(uint32_t e_flags);
	/* Lifts the region starting at pc into the function xl_lift prepared;
	 * returns 0, or -1 when not even the first instruction can be lifted. */
	int (*lift_region)(struct xl_lift *lift, uint64_t pc);

	/* Program start: pc, stack pointer, everything else zero. */
	void (*start)(struct xl_cpu *cpu, uint64_t pc, uint64_t sp);
	/* Syscall ABI: number, six arguments, result. */
	long (*syscall_nr)(const struct xl_cpu *cpu);
	void (*syscall_args)(const struct xl_cpu *cpu, uint64_t args[6]);
	void (*syscall_ret)(struct xl_cpu *cpu, int64_t ret);
	/* Handlers by guest number for the calls only this guest's table has
	 * (x86-64's open, stat, fork...), consulted before the generic ones,
	 * which are found by the call's name. */
	xl_sys_handler *const *own_syscalls;
	unsigned n_own_syscalls;
	/* A guest-only syscall (no host equivalent); returns 1 when handled. */
	int (*arch_syscall)(struct xl_cpu *cpu, long nr, const uint64_t args[6], int64_t *ret);
	/* New thread or fork child: its stack pointer and TLS pointer. */
	void (*set_sp)(struct xl_cpu *cpu, uint64_t sp);
	void (*set_tls)(struct xl_cpu *cpu, uint64_t tls);
	/* The clone(2) argument order differs between architectures. */
	int clone_tls_before_ctid;
	const struct guest_signal *signal;
	/* Kernel structures whose layout differs between guests (abi.h). */
	const struct xl_stat_layout *stat_layout;
	const struct xl_epoll_layout *epoll_layout;
	const struct xl_sigaction_layout *sigaction_layout;

	/* Writes the /proc/cpuinfo paragraph of one guest CPU to fd; NULL:
	 * the guest sees the host's. */
	void (*write_cpuinfo)(int fd, unsigned cpu);

	uint64_t hwcap;                 /* AT_HWCAP */
	const char *platform;           /* AT_PLATFORM, or NULL */
};

extern const struct guest_arch guest_riscv64;
extern const struct guest_arch guest_x86_64;

/* The guest for an ELF machine number, or NULL. */
const struct guest_arch *guest_for_machine(uint16_t machine);
/* The i-th guest xlift runs, or NULL past the last. */
const struct guest_arch *guest_nth(size_t i);

#endif
