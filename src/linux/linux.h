/* Linux syscall emulation shared by all guests. */
#ifndef XL_LINUX_H
#define XL_LINUX_H

#include <stdint.h>
#include "runtime/cpu.h"
#include "guest/guest.h"

/* Process-wide facts the syscall layer needs. */
struct xl_process {
	const struct guest_arch *arch;
	const char *exe_path;           /* absolute path of the guest program */
	const char *sysroot;            /* NULL or a directory */
	const char *code_store;         /* --code-store as given, or NULL */
	const char *self_path;          /* xlift's own executable, to re-exec;
					 * NULL: the kernel runs guest programs */
	uint64_t brk_start;             /* guest program break area */
	int strace;                     /* --strace */
};

extern struct xl_process xl_proc;

/* Prepares the syscall layer (guest brk area, own-mapping registry). */
void xl_linux_init(void);

/* Translated code calls this at a syscall instruction, with the guest
 * state written back and cpu->pc at the next instruction. Returns nonzero
 * when the syscall changed cpu->pc or other registers beyond the result
 * (the region then leaves through the dispatcher). */
int xl_syscall_from_guest(struct xl_cpu *cpu);

#endif
