#include "runtime/guest_mem.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE_SIZE 4096u
#define PAGE_MASK (~(uint64_t)(PAGE_SIZE - 1))

/* process_vm_readv needs the pid; getpid is a syscall each time. */
static _Atomic pid_t own_pid;

static void forget_pid(void)
{
	own_pid = 0;
}

static void register_forget_pid(void)
{
	pthread_atfork(NULL, NULL, forget_pid);
}

static pid_t self(void)
{
	static pthread_once_t at_fork = PTHREAD_ONCE_INIT;

	if (!own_pid) {
		/* A fork child is another process (a vfork child shares the
		 * parent's memory, so the parent's pid serves it). */
		pthread_once(&at_fork, register_forget_pid);
		own_pid = getpid();
	}
	return own_pid;
}

/* Asking the kernel costs a syscall, so each thread remembers pages it
 * found readable (region discovery goes from page to page, and comes back
 * to the same ones); a change of the guest's mappings forgets them all. */
#define READABLE_SLOTS 64
static _Atomic unsigned mappings_generation;
static _Thread_local struct {
	unsigned generation;
	uint64_t page[READABLE_SLOTS];  /* page | 1: a page known readable */
} readable;

void xl_guest_mappings_changed(void)
{
	atomic_fetch_add(&mappings_generation, 1);
}

static int page_readable(uint64_t page)
{
	char byte;
	struct iovec local = { &byte, 1 }, remote = { (void *)(uintptr_t)page, 1 };
	unsigned generation = atomic_load_explicit(&mappings_generation, memory_order_acquire);
	uint64_t *slot = &readable.page[(page / PAGE_SIZE) % READABLE_SLOTS];

	if (readable.generation != generation) {
		memset(readable.page, 0, sizeof readable.page);
		readable.generation = generation;
	}
	if (*slot == (page | 1))
		return 1;
	if (process_vm_readv(self(), &local, 1, &remote, 1, 0) != 1)
		return 0;
	*slot = page | 1;
	return 1;
}

int xl_guest_readable(uint64_t addr, size_t len)
{
	uint64_t first = addr & PAGE_MASK, last = (addr + len - 1) & PAGE_MASK;

	return page_readable(first) && (last == first || page_readable(last));
}

int xl_guest_write(uint64_t addr, const void *from, size_t len)
{
	struct iovec local = { (void *)from, len }, remote = { (void *)(uintptr_t)addr, len };

	return process_vm_writev(self(), &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -EFAULT;
}

int xl_guest_read(void *to, uint64_t addr, size_t len)
{
	struct iovec local = { to, len }, remote = { (void *)(uintptr_t)addr, len };

	return process_vm_readv(self(), &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -EFAULT;
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
