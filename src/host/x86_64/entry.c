/* xlift's entry point on x86-64 (see host/prefault.h): populate the
 * writable image, then glibc's _start with the registers the kernel gave
 * (rdx, the exit hook, is 0 from the kernel; kept all the same). */
#include "host/prefault.h"

__asm__(
	".text\n"
	".globl xl_entry\n"
	".type xl_entry, @function\n"
	"xl_entry:\n"
	"	mov %rdx, %r12\n"
	"	mov %rsp, %rdi\n"
	"	call xl_image_writable\n"
	"	mov %rax, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	mov $23, %edx\n"        /* MADV_POPULATE_WRITE */
	"	mov $28, %eax\n"        /* madvise */
	"	syscall\n"
	"	mov %r12, %rdx\n"
	"	jmp _start\n"
	".size xl_entry, .-xl_entry\n");
