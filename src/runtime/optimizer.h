/* The background optimiser: hot regions are compiled again, optimised, on
 * a thread of their own while the guest goes on in fast-tier code. */
#ifndef XL_OPTIMIZER_H
#define XL_OPTIMIZER_H

#include <stdint.h>

/* Queues pc for optimisation; starts the thread on first use. */
void xl_optimizer_request(uint64_t pc);

#endif
