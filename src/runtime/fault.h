/* Guest faults raised by translated code. */
#ifndef XL_FAULT_H
#define XL_FAULT_H

#include <signal.h>
#include <stdint.h>
#include "runtime/cpu.h"

/* The guest executed an instruction at insn_pc that traps (illegal,
 * breakpoint, privileged, integer divide error) with signal signo and si_code code (SI_KERNEL:
 * si_addr 0); raw/len are its bytes, cpu->pc is where it resumes. The
 * guest's handler runs, or the process dies of signo after one line
 * naming the instruction. */
_Noreturn void xl_guest_fault_insn(struct xl_cpu *cpu, int signo, int code, uint64_t raw,
				   int len, uint64_t insn_pc);

/* The guest jumped to cpu->pc, where no code can be read. */
_Noreturn void xl_guest_fault_fetch(struct xl_cpu *cpu);

/* Translated code faulted on guest memory (host_info as the host's
 * handler got it); cpu->pc is the guest instruction that accessed it. */
_Noreturn void xl_guest_fault_memory(struct xl_cpu *cpu, const siginfo_t *host_info);

/* A runtime call doing the guest instruction at cpu->pc found guest
 * memory at addr unusable: SIGSEGV at addr with the si_code the kernel
 * would give. */
_Noreturn void xl_guest_fault_access(struct xl_cpu *cpu, uint64_t addr);

/* The same, for a general-protection fault (a misaligned operand, a
 * reserved bit set): SIGSEGV with SI_KERNEL and no address. */
_Noreturn void xl_guest_fault_gp(struct xl_cpu *cpu);

/* Dies of signal signo as the guest would (exit status, core), after
 * printing message when it is not NULL. */
_Noreturn void xl_die_by_signal(int signo, const char *message);

#endif
