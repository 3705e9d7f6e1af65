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

void xl_code_label(char label[XL_CODE_LABEL_MAX], uint64_t pc, enum xl_tier tier)
{
	snprintf(label, XL_CODE_LABEL_MAX, "xl_%s_%lx", tier == XL_TIER_FAST ? "fast" : "opt",
		 (unsigned long)pc);
}

void xl_perf_map_add(const void *code, uint64_t size, uint64_t pc, enum xl_tier tier)
{
	char label[XL_CODE_LABEL_MAX];

	if (!map)
		return;
	xl_code_label(label, pc, tier);
	pthread_mutex_lock(&map_lock);
	fprintf(map, "%lx %lx %s\n", (unsigned long)(uintptr_t)code, (unsigned long)size, label);
	pthread_mutex_unlock(&map_lock);
}
