#include "translate/perf_map.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *map;
static pthread_mutex_t map_lock = PTHREAD_MUTEX_INITIALIZER;

void xl_perf_map_init(void)
{
	char path[64];

	if (!getenv("XLIFT_PERF_MAP"))
		return;
	snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
	map = fopen(path, "w");
	if (map)
		setvbuf(map, NULL, _IOLBF, 0);
}

void xl_perf_map_add(const void *code, uint64_t size, uint64_t pc, enum xl_tier tier)
{
	if (!map)
		return;
	pthread_mutex_lock(&map_lock);
	fprintf(map, "%lx %lx xl_%s_%lx\n", (unsigned long)(uintptr_t)code, (unsigned long)size,
		tier == XL_TIER_FAST ? "fast" : "opt", (unsigned long)pc);
	pthread_mutex_unlock(&map_lock);
}
