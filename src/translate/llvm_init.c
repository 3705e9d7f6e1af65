/* LLVM's static constructors, deferred (see llvm_init.ld). */
#include "translate/llvm_init.h"
#include "host/self_relocate.h"
#include "util/die.h"

#include <pthread.h>

typedef void (*xl_constructor)(void);

/* The bounds of the constructors' section, from llvm_init.ld. */
extern const xl_constructor xl_llvm_init_start[] __attribute__((visibility("hidden")));
extern const xl_constructor xl_llvm_init_end[] __attribute__((visibility("hidden")));

static void run_constructors(void)
{
	xl_self_relocate_deferred();
	for (const xl_constructor *c = xl_llvm_init_start; c < xl_llvm_init_end; c++)
		(*c)();
	xl_debug("LLVM initialised: %td static constructors run",
		 xl_llvm_init_end - xl_llvm_init_start);
}

void xl_llvm_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, run_constructors);
}
