/* Guest faults: the guest's signal when it handles one, else death by the
 * same signal after one line saying what happened. */
#include "runtime/fault.h"
#include "runtime/signal.h"
#include "util/die.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void xl_die_by_signal(int signo, const char *message)
{
	sigset_t set;

	/* One write, no stdio: a fault inside xlift may have struck with
	 * malloc's lock held, and dprintf allocates its buffer. */
	if (message) {
		char line[512];
		int len = snprintf(line, sizeof line, "xlift: %s\n", message);
		if (len >= (int)sizeof line) {
			len = (int)sizeof line;
			line[len - 1] = '\n';
		}
		ssize_t written = write(STDERR_FILENO, line, (size_t)len);
		(void)written;          /* nowhere to report that */
	}
	signal(signo, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signo);
	_exit(128 + signo);
}

static siginfo_t fault_info(int signo, int code, uint64_t addr)
{
	siginfo_t info;

	memset(&info, 0, sizeof info);
	info.si_signo = signo;
	info.si_code = code;
	info.si_addr = (void *)(uintptr_t)addr;
	return info;
}

static const char *insn_fault_name(int signo)
{
	switch (signo) {
	case SIGILL: return "illegal instruction";
	case SIGTRAP: return "breakpoint";
	case SIGFPE: return "divide error";
	default: return "privileged instruction";
	}
}

void xl_guest_fault_insn(struct xl_cpu *cpu, int signo, int code, uint64_t raw, int len,
			 uint64_t insn_pc)
{
	siginfo_t info = fault_info(signo, code, code == SI_KERNEL ? 0 : insn_pc);
	char message[128];

	snprintf(message, sizeof message, "%s 0x%0*llx at 0x%llx (%s)", insn_fault_name(signo),
		 len * 2, (unsigned long long)raw, (unsigned long long)insn_pc, strsignal(signo));
	xl_signal_force(cpu, &info, message, 1);
}

/* The si_code the kernel gives a fault at addr: SEGV_MAPERR where nothing
 * is mapped, else SEGV_ACCERR (the mapping's protection forbids it);
 * msync fails with ENOMEM exactly on an unmapped page. */
static int segv_code(uint64_t addr)
{
	long page = sysconf(_SC_PAGESIZE);
	void *start = (void *)(uintptr_t)(addr & ~(uint64_t)(page - 1));

	return msync(start, 1, MS_ASYNC) < 0 && errno == ENOMEM ? SEGV_MAPERR : SEGV_ACCERR;
}

void xl_guest_fault_fetch(struct xl_cpu *cpu)
{
	siginfo_t info = fault_info(SIGSEGV, segv_code(cpu->pc), cpu->pc);
	char message[96];

	snprintf(message, sizeof message, "guest jumped to 0x%llx, which holds no code (%s)",
		 (unsigned long long)cpu->pc, strsignal(SIGSEGV));
	xl_signal_force(cpu, &info, message, 1);
}

void xl_guest_fault_memory(struct xl_cpu *cpu, const siginfo_t *host_info)
{
	char message[128];

	snprintf(message, sizeof message, "guest access to %p at 0x%llx (%s)",
		 host_info->si_addr, (unsigned long long)cpu->pc, strsignal(host_info->si_signo));
	/* Registers live in host registers inside a region: only some are
	 * written back at every instruction. */
	xl_signal_force(cpu, host_info, message, 0);
}

void xl_guest_fault_access(struct xl_cpu *cpu, uint64_t addr)
{
	siginfo_t info = fault_info(SIGSEGV, segv_code(addr), addr);

	xl_guest_fault_memory(cpu, &info);
}

void xl_guest_fault_gp(struct xl_cpu *cpu)
{
	siginfo_t info = fault_info(SIGSEGV, SI_KERNEL, 0);

	xl_guest_fault_memory(cpu, &info);
}
