/* Time: CLOCK_MONOTONIC never goes back and advances across a nanosleep of
 * 50 ms by at least 50 ms (and less than 5 s), CLOCK_REALTIME agrees with
 * gettimeofday and time() to within a second, clock_getres works,
 * clock_nanosleep relative sleep, CLOCK_PROCESS_CPUTIME_ID is readable. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static double secs(struct timespec t)
{
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
	struct timespec a, b, res, rt;
	int monotonic = 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 10000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (secs(b) < secs(a))
			monotonic = 0;
		a = b;
	}
	printf("monotonic over 10000 reads: %d\n", monotonic);
	struct timespec d = { 0, 50000000 };
	clock_gettime(CLOCK_MONOTONIC, &a);
	printf("nanosleep: %d\n", nanosleep(&d, NULL));
	clock_gettime(CLOCK_MONOTONIC, &b);
	double dt = secs(b) - secs(a);
	printf("slept >= 50 ms: %d, < 5 s: %d\n", dt >= 0.05, dt < 5);
	clock_gettime(CLOCK_MONOTONIC, &a);
	printf("clock_nanosleep: %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL));
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("clock_nanosleep slept >= 50 ms: %d\n", secs(b) - secs(a) >= 0.05);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	clock_gettime(CLOCK_REALTIME, &rt);
	double diff = secs(rt) - (tv.tv_sec + tv.tv_usec / 1e6);
	printf("gettimeofday ~ CLOCK_REALTIME: %d\n", diff > -1 && diff < 1);
	time_t t = time(NULL);
	printf("time() ~ CLOCK_REALTIME: %d, after 2020: %d\n", t - rt.tv_sec <= 1 && rt.tv_sec - t <= 1,
	       t > 1577836800);
	int rc = clock_getres(CLOCK_MONOTONIC, &res);   /* before reading res */
	printf("clock_getres monotonic: %d, <= 1 ms: %d\n", rc,
	       res.tv_sec == 0 && res.tv_nsec <= 1000000);
	printf("process cputime readable: %d\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a));
	return 0;
}
