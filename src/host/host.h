/* What the runtime needs from the host CPU beyond the FP environment:
 * an interruptible syscall, signal contexts, stack switching. One
 * implementation per host. */
#if defined(__x86_64__)
#include "host/x86_64/host.h"
#else
#error "unsupported host architecture"
#endif
