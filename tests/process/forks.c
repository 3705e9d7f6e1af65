/* fork and exec with threads around, and process trees.
 * Usage: forks tree-top DEPTH | fork-threads | fork-in-thread | exec-in-thread */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int wait_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Every node forks two children that exec this program one level down;
 * each exits with the number of processes in its subtree. */
static int tree(int depth)
{
	pid_t kids[2];
	int total = 1;

	if (depth == 0)
		return 1;
	for (int i = 0; i < 2; i++) {
		char arg[16];
		snprintf(arg, sizeof arg, "%d", depth - 1);
		kids[i] = fork();
		if (kids[i] == 0) {
			execl("/proc/self/exe", "forks", "tree", arg, (char *)NULL);
			_exit(126);
		}
	}
	for (int i = 0; i < 2; i++)
		total += wait_status(kids[i]);
	return total;
}

static atomic_int stop;
static atomic_long spins;

/* Busy, but leaving the machine to the others now and then. */
static void *spin(void *arg)
{
	while (!atomic_load(&stop))
		if (atomic_fetch_add(&spins, 1) % 100 == 0)
			usleep(100);
	return NULL;
}

static void *add_one(void *arg)
{
	atomic_fetch_add((atomic_long *)arg, 1);
	return NULL;
}

/* The fork child has only the forking thread, and can start its own. */
static int child_makes_threads(void)
{
	atomic_long count = 0;
	pthread_t t[4];

	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, add_one, &count);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	return (int)count;
}

static void fork_threads(void)
{
	pthread_t t[3];

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, spin, NULL);
	for (int round = 0; round < 20; round++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(child_makes_threads());
		int status = wait_status(pid);
		if (status != 4) {
			printf("round %d: child status %d\n", round, status);
			exit(1);
		}
	}
	atomic_store(&stop, 1);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("fork-threads: 20 children, each ran 4 threads\n");
}

static void *fork_here(void *arg)
{
	pid_t pid = fork();

	if (pid == 0) {
		printf("child of a thread: %d threads made\n", child_makes_threads());
		exit(0); /* exit() from a thread that was not the first one */
	}
	return (void *)(long)wait_status(pid);
}

static void fork_in_thread(void)
{
	pthread_t t;
	void *status;

	fflush(stdout);
	pthread_create(&t, NULL, fork_here, NULL);
	pthread_join(t, &status);
	printf("fork-in-thread: child status %ld\n", (long)status);
}

static void *exec_here(void *arg)
{
	execl("/proc/self/exe", "forks", "done", (char *)NULL);
	perror("execl");
	exit(1);
}

static void exec_in_thread(void)
{
	pthread_t t[2];

	pthread_create(&t[0], NULL, spin, NULL);
	pthread_create(&t[1], NULL, exec_here, NULL);
	pthread_join(t[0], NULL); /* never: exec ends this thread too */
	printf("exec did not happen\n");
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "tree"))
		return tree(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "tree-top"))
		printf("tree: %d processes\n", tree(atoi(argv[2])));
	else if (argc == 2 && !strcmp(argv[1], "fork-threads"))
		fork_threads();
	else if (argc == 2 && !strcmp(argv[1], "fork-in-thread"))
		fork_in_thread();
	else if (argc == 2 && !strcmp(argv[1], "exec-in-thread"))
		exec_in_thread();
	else if (argc == 2 && !strcmp(argv[1], "done"))
		printf("exec from a thread: new image runs\n");
	else
		return 2;
	return 0;
}
