#include "runtime/guest_mem.h"

#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE_SIZE 4096u
#define PAGE_MASK (~(uint64_t)(PAGE_SIZE - 1))

/* Asking the kernel costs a syscall, so remember the last page that was
 * readable: region discovery reads instruction after instruction. */
static _Thread_local uint64_t last_readable_page = 1;

static int page_readable(uint64_t page)
{
	char byte;
	struct iovec local = { &byte, 1 }, remote = { (void *)(uintptr_t)page, 1 };

	if (page == last_readable_page)
		return 1;
	if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != 1)
		return 0;
	last_readable_page = page;
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

	return process_vm_writev(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -EFAULT;
}

int xl_guest_read(void *to, uint64_t addr, size_t len)
{
	struct iovec local = { to, len }, remote = { (void *)(uintptr_t)addr, len };

	return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -EFAULT;
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
