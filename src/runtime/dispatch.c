#include "runtime/dispatch.h"
#include "runtime/code_cache.h"
#include "translate/translate.h"
#include "host/fpenv.h"

#include <pthread.h>
#include <stdatomic.h>

/* One translation at a time; lookups of finished code never wait. */
static pthread_mutex_t translate_lock = PTHREAD_MUTEX_INITIALIZER;

/* Translates e in tier, unless it already has code of that tier. */
static void *translate_entry(struct xl_cache_entry *e, enum xl_tier tier)
{
	/* LLVM computes with floating point too: keep the guest's rounding
	 * mode and accrued flags out of its way and out of its reach. */
	uint32_t guest_env = host_fpenv_get();
	host_fpenv_set(HOST_FPENV_DEFAULT);

	pthread_mutex_lock(&translate_lock);
	void *code = atomic_load(&e->code);
	if (code == xl_cache_untranslated() || tier == XL_TIER_OPT) {
		code = xl_translate(e->pc, tier);
		atomic_store_explicit(&e->code, code, memory_order_release);
	}
	pthread_mutex_unlock(&translate_lock);

	host_fpenv_set(guest_env);
	return code;
}

void xl_region_hot(uint64_t pc)
{
	translate_entry(xl_cache_entry(pc), XL_TIER_OPT);
}

void *xl_dispatch_lookup(struct xl_cpu *cpu)
{
	uint64_t pc = cpu->pc;
	struct xl_cache_entry *e = xl_cache_entry(pc);
	void *code = atomic_load_explicit(&e->code, memory_order_acquire);

	if (code == xl_cache_untranslated())
		code = translate_entry(e, XL_TIER_FAST);
	struct xl_ibtc_entry *slot = &cpu->ibtc[(pc >> 1) & (XL_IBTC_ENTRIES - 1)];
	slot->pc = pc;
	slot->code = code;
	return code;
}

void xl_run(struct xl_cpu *cpu)
{
	host_fpenv_set(HOST_FPENV_DEFAULT);
	xl_stub_enter(cpu);
}
