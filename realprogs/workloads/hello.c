/* The startup benchmark: the smallest useful static program. */
#include <stdio.h>

int main(void)
{
	puts("hello, world");
	return 0;
}
