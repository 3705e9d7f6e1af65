#include "guest/guest.h"

/* Every guest xlift runs; a new guest architecture is one more line. */
static const struct guest_arch *const guests[] = {
	&guest_riscv64,
	&guest_x86_64,
};

const struct guest_arch *guest_for_machine(uint16_t machine)
{
	for (size_t i = 0; i < sizeof guests / sizeof guests[0]; i++)
		if (guests[i]->elf_machine == machine)
			return guests[i];
	return NULL;
}

const struct guest_arch *guest_nth(size_t i)
{
	return i < sizeof guests / sizeof guests[0] ? guests[i] : NULL;
}
