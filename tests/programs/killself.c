/* Dies of the signal named by number in argv[1] (default SIGTERM) via
 * raise(); the translator must die of the same signal. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int sig = argc > 1 ? atoi(argv[1]) : SIGTERM;
	printf("raising %d\n", sig);
	fflush(stdout);
	raise(sig);
	printf("still alive after raise\n");
	return 0;
}
