/* x86-64 pieces of signal handling: the interruptible syscall (the pending
 * test and the syscall instruction form a window a signal handler can
 * recognise), the sigreturn trampoline for raw rt_sigaction
 * (host/signal_action.c), and context surgery for leaving a signal
 * handler elsewhere. */
#include "host/host.h"

/* xl_host_safe_syscall(pending=rdi, nr=rsi, a0=rdx, a1=rcx, a2=r8, a3=r9,
 * a4, a5 on the stack). Between safe_syscall_window and
 * safe_syscall_window_end the pending bit has been read as zero but the
 * kernel has not yet been entered: a signal landing there must not be
 * lost, so the handler moves rip to safe_syscall_not_called. */
__asm__(
	".text\n"
	".globl xl_host_safe_syscall\n"
	".type xl_host_safe_syscall, @function\n"
	"xl_host_safe_syscall:\n"
	"	push %rbx\n"
	"	mov %rdi, %rbx\n"
	"	mov %rsi, %rax\n"
	"	mov %rdx, %rdi\n"
	"	mov %rcx, %rsi\n"
	"	mov %r8, %rdx\n"
	"	mov %r9, %r10\n"
	"	mov 16(%rsp), %r8\n"
	"	mov 24(%rsp), %r9\n"
	"safe_syscall_window:\n"
	"	testl $1, (%rbx)\n"
	"	jnz safe_syscall_not_called\n"
	"	syscall\n"
	"safe_syscall_window_end:\n"
	"	pop %rbx\n"
	"	ret\n"
	"safe_syscall_not_called:\n"
	"	mov $-512, %rax\n"
	"	pop %rbx\n"
	"	ret\n"
	".size xl_host_safe_syscall, .-xl_host_safe_syscall\n"

	/* The restorer rt_sigaction needs on x86-64: back into the kernel. */
	".globl xl_host_sigreturn\n"
	".type xl_host_sigreturn, @function\n"
	"xl_host_sigreturn:\n"
	"	mov $15, %eax\n"        /* SYS_rt_sigreturn */
	"	syscall\n"
	"	hlt\n"
	".size xl_host_sigreturn, .-xl_host_sigreturn\n"

	/* xl_host_probe_copy(to=rdi, from=rsi, len=rdx): a fault inside the
	 * rep movsb leaves rcx the bytes not copied. */
	".globl xl_host_probe_copy\n"
	".type xl_host_probe_copy, @function\n"
	"xl_host_probe_copy:\n"
	"	mov %rdx, %rcx\n"
	"probe_copy:\n"
	"	rep movsb\n"
	"probe_copy_end:\n"
	"	mov %rcx, %rax\n"
	"	ret\n"
	".size xl_host_probe_copy, .-xl_host_probe_copy\n"

	/* xl_host_call_on_stack(sp=rdi, fn=rsi, arg=rdx) */
	".globl xl_host_call_on_stack\n"
	".type xl_host_call_on_stack, @function\n"
	"xl_host_call_on_stack:\n"
	"	mov %rdi, %rsp\n"
	"	mov %rdx, %rdi\n"
	"	call *%rsi\n"
	"	hlt\n"
	".size xl_host_call_on_stack, .-xl_host_call_on_stack\n");

extern const char safe_syscall_window[], safe_syscall_window_end[],
	safe_syscall_not_called[], probe_copy[], probe_copy_end[];

void xl_host_rewind_syscall(ucontext_t *uc)
{
	uintptr_t pc = xl_host_context_pc(uc);

	if (pc >= (uintptr_t)safe_syscall_window && pc < (uintptr_t)safe_syscall_window_end)
		uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)safe_syscall_not_called;
}

int xl_host_probe_fault(ucontext_t *uc)
{
	if (xl_host_context_pc(uc) != (uintptr_t)probe_copy)
		return 0;
	uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)probe_copy_end;
	return 1;
}

void xl_host_context_redirect(ucontext_t *uc, uintptr_t sp, void (*fn)(void *), void *arg)
{
	greg_t *r = uc->uc_mcontext.gregs;

	/* As if fn had been called: the return address slot is below sp. */
	r[REG_RSP] = (greg_t)((sp & ~(uintptr_t)15) - 8);
	r[REG_RIP] = (greg_t)(uintptr_t)fn;
	r[REG_RDI] = (greg_t)(uintptr_t)arg;
}
