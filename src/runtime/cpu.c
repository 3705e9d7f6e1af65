#include "runtime/cpu.h"
#include "guest/guest.h"
#include "util/die.h"

#include <stdlib.h>
#include <string.h>

/* The CPUs of this process; one until threads arrive. */
static struct xl_cpu *cpus[1];

static void flush_ibtc(struct xl_cpu *cpu)
{
	/* No guest pc is all ones: an empty IBTC slot never matches. */
	for (unsigned i = 0; i < XL_IBTC_ENTRIES; i++)
		cpu->ibtc[i].pc = UINT64_MAX;
}

void xl_cpu_flush_ibtcs(void)
{
	for (unsigned i = 0; i < sizeof cpus / sizeof cpus[0]; i++)
		if (cpus[i])
			flush_ibtc(cpus[i]);
}

void xl_cpu_forget_ibtc(uint64_t pc)
{
	for (unsigned i = 0; i < sizeof cpus / sizeof cpus[0]; i++)
		if (cpus[i] && cpus[i]->ibtc[xl_ibtc_index(pc)].pc == pc)
			cpus[i]->ibtc[xl_ibtc_index(pc)].pc = UINT64_MAX;
}

struct xl_cpu *xl_cpu_new(const struct guest_arch *arch)
{
	size_t size = sizeof(struct xl_cpu) + arch->regs_size;
	struct xl_cpu *cpu = aligned_alloc(64, (size + 63) & ~(size_t)63);

	if (!cpu)
		xl_die("out of memory for a guest CPU");
	memset(cpu, 0, size);
	flush_ibtc(cpu);
	cpus[0] = cpu;
	return cpu;
}
