#include "runtime/guest_mem.h"

#include <sys/uio.h>
#include <unistd.h>

#define PAGE_MASK (~(uint64_t)4095)

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

	return process_vm_writev(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}

int xl_guest_read(void *to, uint64_t addr, size_t len)
{
	struct iovec local = { to, len }, remote = { (void *)(uintptr_t)addr, len };

	return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}
