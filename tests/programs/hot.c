/* A function entered 200,000 times: its region turns hot. */
#include <stdio.h>

static __attribute__((noinline)) unsigned scramble(unsigned x)
{
	return x * 1103515245u + 12345u;
}

/* Not a leaf (it calls scramble), so each call enters its region. */
static __attribute__((noinline)) unsigned step(unsigned x)
{
	return scramble(x) ^ scramble(x >> 3);
}

int main(void)
{
	unsigned x = 1;

	for (int i = 0; i < 200000; i++)
		x = step(x);
	printf("%u\n", x);
	return 0;
}
