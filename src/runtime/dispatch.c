#include "runtime/dispatch.h"
#include "runtime/code_cache.h"
#include "runtime/fault.h"
#include "runtime/optimizer.h"
#include "runtime/signal.h"
#include "translate/translate.h"
#include "host/fpenv.h"

#include <pthread.h>
#include <stdatomic.h>

/* One translation at a time; lookups of finished code never wait. */
static pthread_mutex_t translate_lock = PTHREAD_MUTEX_INITIALIZER;

/* Translates e in the fast tier, unless another thread just did. */
static void *translate_entry(struct xl_cpu *cpu, struct xl_cache_entry *e)
{
	/* LLVM computes with floating point too: keep the guest's rounding
	 * mode and accrued flags out of its way and out of its reach. */
	uint32_t guest_env = host_fpenv_get();
	host_fpenv_set(HOST_FPENV_DEFAULT);

	pthread_mutex_lock(&translate_lock);
	void *code = atomic_load(&e->code);
	if (code == xl_cache_untranslated()) {
		code = xl_translate(e->pc, XL_TIER_FAST);
		if (!code)
			xl_guest_fault_fetch(cpu);
		atomic_store_explicit(&e->code, code, memory_order_release);
	}
	pthread_mutex_unlock(&translate_lock);

	host_fpenv_set(guest_env);
	return code;
}

void xl_region_hot(uint64_t pc)
{
	xl_optimizer_request(pc);
}

void *xl_dispatch_lookup(struct xl_cpu *cpu)
{
	/* Translated code comes here when a signal is pending. */
	if (cpu->signal_pending)
		xl_signal_deliver(cpu);
	uint64_t pc = cpu->pc;
	struct xl_cache_entry *e = xl_cache_entry(pc);
	void *code = atomic_load_explicit(&e->code, memory_order_acquire);

	if (code == xl_cache_untranslated())
		code = translate_entry(cpu, e);
	struct xl_ibtc_entry *slot = &cpu->ibtc[xl_ibtc_index(pc)];
	slot->pc = pc;
	slot->code = code;
	return code;
}

void xl_run(struct xl_cpu *cpu)
{
	/* After a fault the thread starts again from below this frame. */
	xl_signal_thread_start(cpu, (uintptr_t)__builtin_frame_address(0) - 256);
	host_fpenv_set(HOST_FPENV_DEFAULT);
	xl_stub_enter(cpu);
}
