/* xlift's entry point on x86-64 (see host/self_relocate.h): relocate the
 * image, then glibc's _start with the registers the kernel gave (rdx, the
 * exit hook, is 0 from the kernel; kept all the same). */
#include "host/self_relocate.h"

__asm__(
	".text\n"
	".globl xl_entry\n"
	".type xl_entry, @function\n"
	"xl_entry:\n"
	"	mov %rdx, %r12\n"
	"	mov %rsp, %rdi\n"
	"	call xl_self_relocate\n"
	"	mov %r12, %rdx\n"
	"	jmp _start\n"
	".size xl_entry, .-xl_entry\n"
	".globl xl_entry_madvise\n"
	".type xl_entry_madvise, @function\n"
	"xl_entry_madvise:\n"
	"	mov $28, %eax\n"        /* madvise */
	"	syscall\n"
	"	ret\n"
	".size xl_entry_madvise, .-xl_entry_madvise\n");
