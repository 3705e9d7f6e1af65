/* The ELF loader: checks a guest program, maps it and its interpreter, and
 * builds the initial stack the kernel would have built. */
#ifndef XL_LOADER_H
#define XL_LOADER_H

#include <stdint.h>
#include "guest/guest.h"

struct xl_image {
	const struct guest_arch *arch;
	uint64_t entry;                 /* first guest pc: interpreter's or program's */
	uint64_t prog_entry;            /* AT_ENTRY */
	uint64_t phdr, phent, phnum;    /* AT_PHDR, AT_PHENT, AT_PHNUM */
	uint64_t interp_base;           /* AT_BASE; 0 without an interpreter */
	uint64_t brk_start;             /* page after the program's highest segment */
};

/* The guest architecture of the ELF file open at fd, or NULL when it is not
 * an ELF executable of a guest xlift runs. Leaves the file offset alone. */
const struct guest_arch *xl_elf_guest(int fd);

/* Checks and maps the program open at fd (its name for messages: path),
 * and its PT_INTERP looked up under sysroot. Exits with one clear error
 * line when the file is malformed, of another machine, or the interpreter
 * is missing. */
void xl_load_program(int fd, const char *path, const char *sysroot, struct xl_image *img);

/* Maps the guest stack (sized from RLIMIT_STACK) and writes argc, argv,
 * envp and the auxiliary vector; returns the guest stack pointer. */
uint64_t xl_build_stack(const struct xl_image *img, int argc, char **argv,
			char **envp, const char *execfn, int secure);

#endif
