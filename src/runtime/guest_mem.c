#include "runtime/guest_mem.h"
#include "runtime/signal.h"
#include "util/die.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE_SIZE 4096u
#define PAGE_MASK (~(uint64_t)(PAGE_SIZE - 1))

/* Each thread's copies of the guest code pages it decodes: region
 * discovery goes from instruction to instruction, and calls and branches
 * come back to the same few dozen pages again and again. */
#define CODE_SLOTS 32
#define INSN_TAIL 16            /* bytes of the next page, for a straddling instruction */

struct code_page {
	unsigned generation;
	uint64_t page;                  /* page + 1; 0: empty */
	unsigned readable;              /* bytes of copy that hold guest code */
	int tail_tried;
	uint8_t copy[PAGE_SIZE + INSN_TAIL];
};

static _Atomic unsigned mappings_generation;
static _Thread_local struct code_page *code_pages;
static pthread_key_t code_pages_key;

static void make_code_pages_key(void)
{
	if (pthread_key_create(&code_pages_key, free))
		xl_die("cannot keep copies of guest code per thread");
}

static struct code_page *code_page_slot(uint64_t page)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	if (!code_pages) {
		pthread_once(&once, make_code_pages_key);
		code_pages = calloc(CODE_SLOTS, sizeof *code_pages);
		if (!code_pages)
			xl_die("out of memory for copies of guest code");
		pthread_setspecific(code_pages_key, code_pages);
	}
	return &code_pages[(page / PAGE_SIZE) % CODE_SLOTS];
}

void xl_guest_mappings_changed(void)
{
	atomic_fetch_add(&mappings_generation, 1);
}

/* A copy that faults ends there (xl_host_probe_copy): no syscall, where
 * process_vm_readv took one, and pinned the pages, for every page of code
 * a start reads (a twentieth of a short run). */
static int copy(void *to, const void *from, size_t len)
{
	return xl_signal_probe_copy(to, from, len) ? -EFAULT : 0;
}

int xl_guest_write(uint64_t addr, const void *from, size_t len)
{
	return copy((void *)(uintptr_t)addr, from, len);
}

int xl_guest_read(void *to, uint64_t addr, size_t len)
{
	return copy(to, (const void *)(uintptr_t)addr, len);
}

/* The generation is taken before the copy is made, so a change during
 * the copy makes the next call copy again. */
size_t xl_code_read(uint64_t pc, size_t want, const uint8_t **bytes)
{
	uint64_t page = pc & PAGE_MASK, off = pc - page;
	unsigned generation = atomic_load_explicit(&mappings_generation, memory_order_acquire);
	struct code_page *c = code_page_slot(page);

	if (c->page != page + 1 || c->generation != generation) {
		c->page = page + 1;
		c->generation = generation;
		c->tail_tried = 0;
		c->readable = xl_guest_read(c->copy, page, PAGE_SIZE) == 0 ? PAGE_SIZE : 0;
	}
	if (c->readable == PAGE_SIZE && off + want > PAGE_SIZE && !c->tail_tried) {
		c->tail_tried = 1;
		if (xl_guest_read(c->copy + PAGE_SIZE, page + PAGE_SIZE, INSN_TAIL) == 0)
			c->readable += INSN_TAIL;
	}
	*bytes = c->copy + off;
	size_t avail = c->readable > off ? c->readable - off : 0;
	return avail < want ? avail : want;
}

/* Page by page, so that a string that ends just before an unmapped page
 * is read. */
long xl_guest_read_str(char *to, size_t size, uint64_t addr)
{
	size_t done = 0;

	while (done < size) {
		size_t chunk = PAGE_SIZE - ((addr + done) & (PAGE_SIZE - 1));
		if (chunk > size - done)
			chunk = size - done;
		if (xl_guest_read(to + done, addr + done, chunk) < 0)
			return -EFAULT;
		const char *nul = memchr(to + done, 0, chunk);
		if (nul)
			return nul - to;
		done += chunk;
	}
	return -ENAMETOOLONG;
}

/* FUTEX_WAKE_OP adds 0 to the word atomically, faulting it in for
 * writing, and wakes no one: it fails with EFAULT exactly when the word
 * cannot be written. */
int xl_guest_word_writable(uint64_t addr)
{
	const int add_zero = FUTEX_OP(FUTEX_OP_ADD, 0, FUTEX_OP_CMP_EQ, 0);

	return syscall(SYS_futex, (void *)(uintptr_t)addr, FUTEX_WAKE_OP_PRIVATE, 0,
		       (void *)0, (void *)(uintptr_t)addr, add_zero) >= 0;
}
