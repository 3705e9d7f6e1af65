#include "runtime/cpu.h"
#include "guest/guest.h"
#include "util/die.h"

#include <stdlib.h>
#include <string.h>

struct xl_cpu *xl_cpu_new(const struct guest_arch *arch)
{
	size_t size = sizeof(struct xl_cpu) + arch->regs_size;
	struct xl_cpu *cpu = aligned_alloc(64, (size + 63) & ~(size_t)63);

	if (!cpu)
		xl_die("out of memory for a guest CPU");
	memset(cpu, 0, size);
	/* No guest pc is all ones: an empty IBTC slot never matches. */
	for (unsigned i = 0; i < XL_IBTC_ENTRIES; i++)
		cpu->ibtc[i].pc = UINT64_MAX;
	return cpu;
}
