/* Exits with the status given as argv[1] (through exit(), so atexit
 * handlers and stdio flushing run first). */
#include <stdio.h>
#include <stdlib.h>

static void bye(void)
{
	printf("atexit handler ran\n");
}

int main(int argc, char **argv)
{
	atexit(bye);
	exit(argc > 1 ? atoi(argv[1]) : 0);
}
