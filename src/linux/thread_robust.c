/* The robust futex list a thread registers with set_robust_list: when the
 * thread ends, the kernel walks it. The guest's thread is a host thread
 * that outlives the guest thread (and the host's own glibc keeps its list
 * registered), so xlift walks the guest's list itself. The layout is
 * uapi/linux/futex.h's for 64-bit guests. */
#include "linux/thread.h"

#include <limits.h>
#include <linux/futex.h>
#include <stdatomic.h>

struct guest_robust_head {
	uint64_t list;                  /* first entry; the head itself ends it */
	int64_t futex_offset;           /* from an entry to its futex word */
	uint64_t list_op_pending;       /* entry being added or removed */
};

/* The kernel's bound against circular lists. */
#define ROBUST_LIST_LIMIT 2048

static void release_futex(uint64_t addr, pid_t tid)
{
	_Atomic uint32_t *word = XL_PTR(_Atomic uint32_t *, addr);
	uint32_t old = atomic_load(word);

	do {
		if ((old & FUTEX_TID_MASK) != (uint32_t)tid)
			return;
	} while (!atomic_compare_exchange_weak(word, &old,
					       (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED));
	/* Robust mutexes wait on shared futexes, whatever their pshared. */
	if (old & FUTEX_WAITERS)
		syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

void xl_robust_release(uint64_t head_addr, pid_t tid)
{
	const struct guest_robust_head *head = XL_PTR(const struct guest_robust_head *, head_addr);

	if (!head)
		return;
	/* Bit 0 of an entry marks a PI futex; the word is found the same way. */
	uint64_t pending = head->list_op_pending & ~1ull;
	uint64_t entry = head->list & ~1ull;
	for (int n = 0; entry && entry != head_addr && n < ROBUST_LIST_LIMIT; n++) {
		uint64_t next = *XL_PTR(const uint64_t *, entry) & ~1ull;
		if (entry != pending)
			release_futex(entry + (uint64_t)head->futex_offset, tid);
		entry = next;
	}
	if (pending)
		release_futex(pending + (uint64_t)head->futex_offset, tid);
}
