/* xlift's entry point on AArch64 (see host/self_relocate.h): relocate the
 * image, then glibc's _start with the registers the kernel gave (x0, the
 * exit hook, is 0 from the kernel; kept all the same). */
#include "host/self_relocate.h"

__asm__(
	".text\n"
	".globl xl_entry\n"
	".type xl_entry, %function\n"
	"xl_entry:\n"
	"	mov x19, x0\n"
	"	mov x0, sp\n"
	"	bl xl_self_relocate\n"
	"	mov x0, x19\n"
	"	b _start\n"
	".size xl_entry, .-xl_entry\n"
	".globl xl_entry_madvise\n"
	".type xl_entry_madvise, %function\n"
	"xl_entry_madvise:\n"
	"	mov x8, #233\n"         /* madvise */
	"	svc #0\n"
	"	ret\n"
	".size xl_entry_madvise, .-xl_entry_madvise\n");
