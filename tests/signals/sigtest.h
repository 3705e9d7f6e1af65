/* Shared by the signal test programs: installing a handler and running
 * the test that argv[1] names. */
#ifndef SIGTEST_H
#define SIGTEST_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sigtest {
	const char *name;
	int (*run)(void);
};

/* Installs fn for sig with SA_SIGINFO | flags, blocking `masked` (0: none)
 * while it runs. */
static inline void sigtest_handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags,
				  int masked)
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO | flags };

	sigemptyset(&sa.sa_mask);
	if (masked)
		sigaddset(&sa.sa_mask, masked);
	if (sigaction(sig, &sa, NULL))
		perror("sigaction"), exit(1);
}

/* Runs the test named by argv[1], unbuffered, and returns its status. */
static inline int sigtest_main(int argc, char **argv, const struct sigtest *tests, size_t n)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	for (size_t i = 0; i < n; i++)
		if (argc > 1 && !strcmp(argv[1], tests[i].name))
			return tests[i].run();
	fprintf(stderr, "usage: %s TEST, one of:", argv[0]);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %s", tests[i].name);
	fprintf(stderr, "\n");
	return 2;
}

#endif
