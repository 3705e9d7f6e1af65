#include "runtime/cpu.h"
#include "guest/guest.h"
#include "util/die.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The CPUs of this process, one per guest thread. Flushes from any thread
 * walk the list while threads come and go. */
static struct xl_cpu *cpus;
static pthread_mutex_t cpus_lock = PTHREAD_MUTEX_INITIALIZER;

static void flush_ibtc(struct xl_cpu *cpu)
{
	/* No guest pc is all ones: an empty IBTC slot never matches. */
	for (unsigned i = 0; i < XL_IBTC_ENTRIES; i++)
		cpu->ibtc[i].pc = UINT64_MAX;
}

void xl_cpu_code_changed(void)
{
	pthread_mutex_lock(&cpus_lock);
	for (struct xl_cpu *cpu = cpus; cpu; cpu = cpu->next_cpu) {
		flush_ibtc(cpu);
		__atomic_fetch_or(&cpu->signal_pending, XL_PENDING_CODE_CHANGE, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&cpus_lock);
}

void xl_cpu_forget_ibtc(uint64_t pc)
{
	unsigned i = xl_ibtc_index(pc);

	pthread_mutex_lock(&cpus_lock);
	for (struct xl_cpu *cpu = cpus; cpu; cpu = cpu->next_cpu)
		if (cpu->ibtc[i].pc == pc)
			cpu->ibtc[i].pc = UINT64_MAX;
	pthread_mutex_unlock(&cpus_lock);
}

struct xl_cpu *xl_cpu_new(const struct guest_arch *arch)
{
	size_t size = sizeof(struct xl_cpu) + arch->regs_size;
	struct xl_cpu *cpu = aligned_alloc(64, (size + 63) & ~(size_t)63);

	if (!cpu)
		xl_die("out of memory for a guest CPU");
	memset(cpu, 0, size);
	flush_ibtc(cpu);
	pthread_mutex_lock(&cpus_lock);
	cpu->next_cpu = cpus;
	cpus = cpu;
	pthread_mutex_unlock(&cpus_lock);
	return cpu;
}

struct xl_cpu *xl_cpu_copy(const struct xl_cpu *parent, const struct guest_arch *arch)
{
	struct xl_cpu *cpu = xl_cpu_new(arch);

	cpu->pc = parent->pc;
	memcpy(cpu->regs, parent->regs, arch->regs_size);
	return cpu;
}

void xl_cpu_free(struct xl_cpu *cpu)
{
	pthread_mutex_lock(&cpus_lock);
	struct xl_cpu **link = &cpus;
	while (*link != cpu)
		link = &(*link)->next_cpu;
	*link = cpu->next_cpu;
	pthread_mutex_unlock(&cpus_lock);
	free(cpu);
}

void xl_cpu_keep_only(struct xl_cpu *cpu)
{
	/* The other threads' CPUs belong to threads the fork child lacks;
	 * their memory stays allocated, as the child's copy of the heap. */
	cpus_lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
	cpus = cpu;
	cpu->next_cpu = NULL;
}
