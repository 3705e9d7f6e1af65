/* Exits 0 when a guest signal handler runs (xlift delivers signals). */
#include <signal.h>

static volatile sig_atomic_t handled;

static void on_signal(int sig)
{
	handled = 1;
}

int main(void)
{
	signal(SIGUSR1, on_signal);
	raise(SIGUSR1);
	return !handled;
}
