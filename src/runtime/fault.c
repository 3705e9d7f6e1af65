#include "runtime/fault.h"
#include "util/die.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void xl_die_by_signal(int signo, const char *message)
{
	sigset_t set;

	if (message)
		dprintf(STDERR_FILENO, "xlift: %s\n", message);
	signal(signo, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signo);
	_exit(128 + signo);
}

void xl_guest_fault_insn(struct xl_cpu *cpu, int signo, uint64_t raw, int len)
{
	char message[128];

	snprintf(message, sizeof message, "%s 0x%0*llx at 0x%llx (%s)",
		 signo == SIGILL ? "illegal instruction" : "breakpoint",
		 len * 2, (unsigned long long)raw, (unsigned long long)cpu->pc,
		 strsignal(signo));
	xl_die_by_signal(signo, message);
}

void xl_guest_fault_fetch(struct xl_cpu *cpu)
{
	char message[96];

	snprintf(message, sizeof message, "guest jumped to 0x%llx, which holds no code (%s)",
		 (unsigned long long)cpu->pc, strsignal(SIGSEGV));
	xl_die_by_signal(SIGSEGV, message);
}
