/* The seam between generic code and one guest architecture: everything
 * generic code needs to know about a guest is reached through this table. */
#ifndef XL_GUEST_H
#define XL_GUEST_H

#include <stdint.h>
#include <stddef.h>
#include "runtime/cpu.h"

struct xl_lift;
struct xl_image;

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
	/* A guest-only syscall (no host equivalent); returns 1 when handled. */
	int (*arch_syscall)(struct xl_cpu *cpu, long nr, const uint64_t args[6], int64_t *ret);
	/* New thread or fork child: its stack pointer and TLS pointer. */
	void (*set_sp)(struct xl_cpu *cpu, uint64_t sp);
	void (*set_tls)(struct xl_cpu *cpu, uint64_t tls);
	/* The clone(2) argument order differs between architectures. */
	int clone_tls_before_ctid;

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
