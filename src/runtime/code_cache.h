/* The code cache shared by all threads: guest pc -> translated host code.
 * Lookups are lock-free; inserts take a lock. An entry never moves, so its
 * code field doubles as the patchable jump slot of direct region exits. */
#ifndef XL_CODE_CACHE_H
#define XL_CODE_CACHE_H

#include <stdint.h>

struct xl_cache_entry {
	uint64_t pc;
	void *_Atomic code;             /* translation, or the dispatch stub */
	struct xl_cache_entry *_Atomic next;
	uint32_t heat;                  /* entries and loop iterations in the fast tier */
};

/* Sets the code every new entry starts with (the dispatch stub). */
void xl_cache_init(void *untranslated);
/* The entry for pc, created untranslated when missing. */
struct xl_cache_entry *xl_cache_entry(uint64_t pc);
/* Makes every entry untranslated again. The old code stays mapped: a
 * thread may still be running it until its next exit. */
void xl_cache_flush(void);

/* Around fork, after the translators' locks (a translator inserts while it
 * holds them): the child must not inherit insert_lock held by a thread it
 * does not have. */
void xl_cache_before_fork(void);
void xl_cache_after_fork_parent(void);
void xl_cache_after_fork_child(void);
/* Counts flushes: code translated before a flush must not be published. */
unsigned xl_cache_generation(void);
/* Makes code the translation of pc, unless the cache was flushed since
 * generation; forgets what the CPUs' indirect branch caches hold for pc. */
void xl_cache_publish(uint64_t pc, void *code, unsigned generation);
/* The code every untranslated entry holds. */
void *xl_cache_untranslated(void);

#endif
