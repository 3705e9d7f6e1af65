/* Host floating-point environment: one implementation per host. */
#if defined(__x86_64__)
#include "host/x86_64/fpenv.h"
#elif defined(__aarch64__)
#include "host/aarch64/fpenv.h"
#else
#error "unsupported host architecture"
#endif
