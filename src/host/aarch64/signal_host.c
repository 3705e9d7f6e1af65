/* AArch64 pieces of signal handling: the interruptible syscall (the pending
 * test and the svc instruction form a window a signal handler can
 * recognise), the sigreturn trampoline for raw rt_sigaction
 * (host/signal_action.c), and context surgery for leaving a signal
 * handler elsewhere. */
#include "host/host.h"

/* xl_host_safe_syscall(pending=x0, nr=x1, a0..a5=x2..x7). Between
 * safe_syscall_window and safe_syscall_window_end the pending bit has been
 * read as zero but the kernel has not yet been entered: a signal landing
 * there must not be lost, so the handler moves pc to
 * safe_syscall_not_called. A syscall the kernel restarts for a handler
 * resumes at the svc, inside the window, so it is not called either. */
__asm__(
	".text\n"
	".globl xl_host_safe_syscall\n"
	".type xl_host_safe_syscall, %function\n"
	/* Global (hidden) labels: a GOT load of a local one would name its
	 * section, losing the offset, so all three would read alike. */
	".globl safe_syscall_window, safe_syscall_window_end, safe_syscall_not_called\n"
	".hidden safe_syscall_window, safe_syscall_window_end, safe_syscall_not_called\n"
	"xl_host_safe_syscall:\n"
	"	mov x9, x0\n"
	"	mov x8, x1\n"
	"	mov x0, x2\n"
	"	mov x1, x3\n"
	"	mov x2, x4\n"
	"	mov x3, x5\n"
	"	mov x4, x6\n"
	"	mov x5, x7\n"
	"safe_syscall_window:\n"
	"	ldr w10, [x9]\n"
	"	tbnz w10, #0, safe_syscall_not_called\n"
	"	svc #0\n"
	"safe_syscall_window_end:\n"
	"	ret\n"
	"safe_syscall_not_called:\n"
	"	mov x0, #-512\n"
	"	ret\n"
	".size xl_host_safe_syscall, .-xl_host_safe_syscall\n"

	/* The restorer of raw rt_sigaction: back into the kernel. */
	".globl xl_host_sigreturn\n"
	".type xl_host_sigreturn, %function\n"
	"xl_host_sigreturn:\n"
	"	mov x8, #139\n"         /* SYS_rt_sigreturn */
	"	svc #0\n"
	"	brk #0\n"
	".size xl_host_sigreturn, .-xl_host_sigreturn\n"

	/* xl_host_probe_copy(to=x0, from=x1, len=x2): x2 counts the bytes
	 * not copied, the faulting one among them. */
	".globl xl_host_probe_copy\n"
	".type xl_host_probe_copy, %function\n"
	".globl probe_copy, probe_copy_end\n"
	".hidden probe_copy, probe_copy_end\n"
	"xl_host_probe_copy:\n"
	"	cbz x2, probe_copy_end\n"
	"probe_copy:\n"
	"	ldrb w3, [x1], #1\n"
	"	strb w3, [x0], #1\n"
	"	sub x2, x2, #1\n"
	"	cbnz x2, probe_copy\n"
	"probe_copy_end:\n"
	"	mov x0, x2\n"
	"	ret\n"
	".size xl_host_probe_copy, .-xl_host_probe_copy\n"

	/* xl_host_call_on_stack(sp=x0, fn=x1, arg=x2) */
	".globl xl_host_call_on_stack\n"
	".type xl_host_call_on_stack, %function\n"
	"xl_host_call_on_stack:\n"
	"	and x0, x0, #~15\n"
	"	mov sp, x0\n"
	"	mov x0, x2\n"
	"	mov x29, #0\n"
	"	mov x30, #0\n"
	"	blr x1\n"
	"	brk #0\n"
	".size xl_host_call_on_stack, .-xl_host_call_on_stack\n");

__attribute__((visibility("hidden"))) extern const char safe_syscall_window[],
	safe_syscall_window_end[], safe_syscall_not_called[], probe_copy[], probe_copy_end[];

void xl_host_rewind_syscall(ucontext_t *uc)
{
	uintptr_t pc = xl_host_context_pc(uc);

	if (pc >= (uintptr_t)safe_syscall_window && pc < (uintptr_t)safe_syscall_window_end)
		uc->uc_mcontext.pc = (uintptr_t)safe_syscall_not_called;
}

int xl_host_probe_fault(ucontext_t *uc)
{
	uintptr_t pc = xl_host_context_pc(uc);

	if (pc < (uintptr_t)probe_copy || pc >= (uintptr_t)probe_copy_end)
		return 0;
	uc->uc_mcontext.pc = (uintptr_t)probe_copy_end;
	return 1;
}

void xl_host_context_redirect(ucontext_t *uc, uintptr_t sp, void (*fn)(void *), void *arg)
{
	/* As if fn had been called from nowhere: no return address, no frame. */
	uc->uc_mcontext.sp = sp & ~(uintptr_t)15;
	uc->uc_mcontext.pc = (uintptr_t)fn;
	uc->uc_mcontext.regs[0] = (uintptr_t)arg;
	uc->uc_mcontext.regs[29] = 0;
	uc->uc_mcontext.regs[30] = 0;
}
