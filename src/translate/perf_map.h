/* Linux perf's map of JIT code: with XLIFT_PERF_MAP set, every region
 * linked gets a line "ADDR SIZE NAME" in /tmp/perf-PID.map, so that
 * `perf report` names samples in translated code by guest pc and tier. */
#ifndef XL_PERF_MAP_H
#define XL_PERF_MAP_H

#include <stdint.h>
#include "translate/jit.h"

/* What perf's map and XLIFT_DUMP_IR call the region at pc compiled by
 * tier: xl_fast_PC or xl_opt_PC. */
#define XL_CODE_LABEL_MAX 32
void xl_code_label(char label[XL_CODE_LABEL_MAX], uint64_t pc, enum xl_tier tier);

void xl_perf_map_init(void);
/* Names the size bytes at code the region at pc compiled by tier. */
void xl_perf_map_add(const void *code, uint64_t size, uint64_t pc, enum xl_tier tier);

#endif
