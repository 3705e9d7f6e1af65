/* The robust futex list a thread registers with set_robust_list: when the
 * thread ends, the kernel walks it. The guest's thread is a host thread
 * that outlives the guest thread (and the host's own glibc keeps its list
 * registered), so xlift walks the guest's list itself. The layout is
 * uapi/linux/futex.h's for 64-bit guests. */
#include "linux/thread.h"
#include "runtime/guest_mem.h"

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

/* The word must be readable and writable, as the kernel's atomic access
 * needs; else the walk stops, as the kernel's does. Returns 0 then. */
static int release_futex(uint64_t addr, pid_t tid)
{
	_Atomic uint32_t *word = XL_PTR(_Atomic uint32_t *, addr);
	uint32_t old;

	if (XL_COPY_IN(old, addr) || !xl_guest_word_writable(addr))
		return 0;
	do {
		if ((old & FUTEX_TID_MASK) != (uint32_t)tid)
			return 1;
	} while (!atomic_compare_exchange_weak(word, &old,
					       (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED));
	/* Robust mutexes wait on shared futexes, whatever their pshared. */
	if (old & FUTEX_WAITERS)
		syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
	return 1;
}

void xl_robust_release(uint64_t head_addr, pid_t tid)
{
	struct guest_robust_head head;

	if (!head_addr || XL_COPY_IN(head, head_addr))
		return;
	/* Bit 0 of an entry marks a PI futex; the word is found the same way. */
	uint64_t pending = head.list_op_pending & ~1ull;
	uint64_t entry = head.list & ~1ull, next;
	for (int n = 0; entry && entry != head_addr && n < ROBUST_LIST_LIMIT; n++) {
		int next_unreadable = XL_COPY_IN(next, entry);
		if (entry != pending && !release_futex(entry + (uint64_t)head.futex_offset, tid))
			return;
		if (next_unreadable)
			return;
		entry = next & ~1ull;
	}
	if (pending)
		release_futex(pending + (uint64_t)head.futex_offset, tid);
}
