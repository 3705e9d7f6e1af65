/* Host signal handlers. For a guest thread a signal is only recorded
 * (xl_signal_post); a fault in translated code becomes the guest's signal
 * for the guest pc of the memory access; a fault in xl_host_probe_copy
 * ends the copy; a fault anywhere else in xlift itself ends the process
 * with a message. */
#include "runtime/signal.h"
#include "runtime/fault.h"
#include "host/host.h"
#include "translate/pc_map.h"
#include "translate/translate.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Every signal but the synchronous ones stays blocked from the host
 * handler until the runtime has delivered what it recorded. */
#define HOLD_WHILE_PENDING (~(XL_SYNC_SIGNALS | XL_UNBLOCKABLE))

#define HOST_ALTSTACK_SIZE 32768

static __thread struct xl_cpu *thread_cpu;
static __thread uintptr_t thread_base_sp;
static __thread siginfo_t fault_info;
static __thread _Alignas(16) char host_altstack[HOST_ALTSTACK_SIZE];

/* xlift's own code: a host fault here is never the guest's. */
extern const char __executable_start[], etext[];

struct xl_cpu *xl_signal_thread_cpu(void)
{
	return thread_cpu;
}

static int in_xlift(uintptr_t pc)
{
	return pc >= (uintptr_t)__executable_start && pc < (uintptr_t)etext;
}

_Noreturn static void internal_fault(int sig, const siginfo_t *info, uintptr_t pc)
{
	char message[128];

	snprintf(message, sizeof message, "internal error: %s at host pc %#lx, address %p",
		 strsignal(sig), (unsigned long)pc, info->si_addr);
	xl_die_by_signal(sig, message);
}

static void resume_after_fault(void *cpu)
{
	xl_guest_fault_memory(cpu, &fault_info);
}

static void on_fault(int sig, siginfo_t *info, ucontext_t *uc)
{
	uintptr_t pc = xl_host_context_pc(uc);
	uint64_t guest_pc;

	/* Guest memory xlift reads or writes for the guest: the copy ends
	 * early, and its caller says EFAULT. */
	if (xl_host_probe_fault(uc))
		return;
	if (!thread_cpu || in_xlift(pc))
		internal_fault(sig, info, pc);
	/* Translated code: leave it for the runtime, on a fresh stack. Every
	 * guest access is in the pc map (else cpu->pc still holds the pc of the
	 * region's entry or its last runtime call). */
	if (xl_pc_map_find(pc, &guest_pc))
		thread_cpu->pc = guest_pc;
	fault_info = *info;
	xl_host_context_redirect(uc, thread_base_sp, resume_after_fault, thread_cpu);
}

/* A thread that runs no guest code passes the signal on to the process,
 * and keeps it blocked until it runs guest code. */
static void pass_on(int sig, siginfo_t *info, ucontext_t *uc)
{
	sigaddset(&uc->uc_sigmask, sig);
	if (syscall(SYS_rt_sigqueueinfo, getpid(), sig, info))
		kill(getpid(), sig);
}

static void host_handler(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;
	int saved_errno = errno;

	/* Kernel-made signals have a positive si_code, sent ones do not. */
	if ((XL_SIGBIT(sig) & XL_SYNC_SIGNALS) && info->si_code > 0) {
		on_fault(sig, info, uc);
	} else if (!thread_cpu) {
		pass_on(sig, info, uc);
	} else {
		xl_signal_post(sig, info);
		*(uint64_t *)&uc->uc_sigmask |= HOLD_WHILE_PENDING;
		xl_host_rewind_syscall(uc);
	}
	errno = saved_errno;
}

static void install(int sig)
{
	xl_host_sigaction(sig, host_handler, SA_SIGINFO | SA_ONSTACK | SA_RESTART,
			  HOLD_WHILE_PENDING);
}

void xl_signal_host_apply(int sig, uint64_t guest_handler)
{
	/* Ignoring and dying are left to the kernel: exactly Linux's. */
	if ((XL_SIGBIT(sig) & XL_SYNC_SIGNALS) ||
	    (guest_handler != (uintptr_t)SIG_DFL && guest_handler != (uintptr_t)SIG_IGN))
		install(sig);
	else
		xl_host_sigaction(sig, (void (*)(int, siginfo_t *, void *))(uintptr_t)guest_handler, 0, 0);
}

static void install_fault_handlers(void)
{
	for (int sig = 1; sig <= XL_NSIG; sig++)
		if (XL_SIGBIT(sig) & XL_SYNC_SIGNALS)
			install(sig);
}

static pthread_once_t fault_handlers_once = PTHREAD_ONCE_INIT;

size_t xl_signal_probe_copy(void *to, const void *from, size_t len)
{
	const uint64_t faults = XL_SIGBIT(SIGSEGV) | XL_SIGBIT(SIGBUS);
	uint64_t old;

	pthread_once(&fault_handlers_once, install_fault_handlers);
	/* A guest thread's host mask is the guest's; a thread that runs no
	 * guest code blocks every signal. */
	if (thread_cpu && !(xl_signal_mask() & faults))
		return xl_host_probe_copy(to, from, len);
	xl_host_sigprocmask(SIG_UNBLOCK, &faults, &old);
	size_t left = xl_host_probe_copy(to, from, len);
	xl_host_sigprocmask(SIG_SETMASK, &old, NULL);
	return left;
}

void xl_signal_thread_start(struct xl_cpu *cpu, uintptr_t base_sp)
{
	stack_t ss = { .ss_sp = host_altstack, .ss_size = sizeof host_altstack };
	uint64_t mask;

	thread_cpu = cpu;
	thread_base_sp = base_sp;
	sigaltstack(&ss, NULL);
	pthread_once(&fault_handlers_once, install_fault_handlers);
	/* A new thread starts with its creator's mask, which is the guest's. */
	xl_host_sigprocmask(SIG_SETMASK, NULL, &mask);
	xl_signal_set_mask(mask);
}

static void enter(void *cpu)
{
	xl_stub_enter(cpu);
}

void xl_signal_resume(struct xl_cpu *cpu)
{
	xl_host_call_on_stack(thread_base_sp, enter, cpu);
}
