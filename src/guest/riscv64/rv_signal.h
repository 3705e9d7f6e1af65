/* RV64 signal frames (signal.c), for the guest_arch table. */
#ifndef XL_RV64_SIGNAL_H
#define XL_RV64_SIGNAL_H

#include "guest/guest.h"

extern const struct guest_signal rv_signal;

#endif
