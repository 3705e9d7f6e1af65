/* xlift's entry point on AArch64 (see host/prefault.h): populate the
 * writable image, then glibc's _start with the registers the kernel gave
 * (x0, the exit hook, is 0 from the kernel; kept all the same). */
#include "host/prefault.h"

__asm__(
	".text\n"
	".globl xl_entry\n"
	".type xl_entry, %function\n"
	"xl_entry:\n"
	"	mov x19, x0\n"
	"	mov x0, sp\n"
	"	bl xl_image_writable\n"
	"	mov x2, #23\n"          /* MADV_POPULATE_WRITE */
	"	mov x8, #233\n"         /* madvise */
	"	svc #0\n"
	"	mov x0, x19\n"
	"	b _start\n"
	".size xl_entry, .-xl_entry\n");
