#include "runtime/guest_mem.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define PAGE_SIZE 4096u
#define PAGE_MASK (~(uint64_t)(PAGE_SIZE - 1))
#define PIPE_CHUNK 65536u       /* a pipe's default capacity */

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

/* Each thread's copy of the guest code it decodes: region discovery goes
 * from instruction to instruction, and comes back to the same pages. */
static _Atomic unsigned mappings_generation;
static _Thread_local struct {
	unsigned generation;
	uint64_t page;                  /* first page + 1; 0: none yet */
	unsigned pages;                 /* of copy that were readable: 0 to 2 */
	int next_tried;                 /* the second page was asked for */
	uint8_t copy[2 * PAGE_SIZE];
} code;

void xl_guest_mappings_changed(void)
{
	atomic_fetch_add(&mappings_generation, 1);
}

/* Without process_vm_readv (a kernel built without it, or qemu-user, under
 * which the AArch64 host's tests run), memory goes through a pipe of its
 * own: its write and read check the buffers on either side as the kernel
 * checks any. The pipe is empty at each step, so no write blocks. */
static ssize_t copy_through_pipe(void *to, const void *from, size_t len)
{
	int p[2];
	size_t done = 0;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	while (done < len) {
		size_t chunk = len - done < PIPE_CHUNK ? len - done : PIPE_CHUNK;
		ssize_t in = write(p[1], (const char *)from + done, chunk);
		if (in <= 0 || read(p[0], (char *)to + done, (size_t)in) != in)
			break;
		done += (size_t)in;
		if ((size_t)in < chunk)
			break;
	}
	close(p[0]);
	close(p[1]);
	return (ssize_t)done;
}

/* The process's own memory, through the kernel, by process id; once the
 * first thread has exited (the process lives on in others) the kernel
 * finds no memory there (ESRCH), and the calling thread's id names the
 * same memory. */
static ssize_t transfer(int write, struct iovec *local, struct iovec *remote)
{
	static _Atomic int no_cross_memory;
	ssize_t n = -1;

	if (!no_cross_memory) {
		n = write ? process_vm_writev(self(), local, 1, remote, 1, 0)
			  : process_vm_readv(self(), local, 1, remote, 1, 0);
		if (n < 0 && errno == ESRCH)
			n = write ? process_vm_writev(gettid(), local, 1, remote, 1, 0)
				  : process_vm_readv(gettid(), local, 1, remote, 1, 0);
		if (n >= 0 || errno != ENOSYS)
			return n;
		no_cross_memory = 1;
	}
	return write ? copy_through_pipe(remote->iov_base, local->iov_base, local->iov_len)
		     : copy_through_pipe(local->iov_base, remote->iov_base, local->iov_len);
}

int xl_guest_write(uint64_t addr, const void *from, size_t len)
{
	struct iovec local = { (void *)from, len }, remote = { (void *)(uintptr_t)addr, len };

	return transfer(1, &local, &remote) == (ssize_t)len ? 0 : -EFAULT;
}

int xl_guest_read(void *to, uint64_t addr, size_t len)
{
	struct iovec local = { to, len }, remote = { (void *)(uintptr_t)addr, len };

	return transfer(0, &local, &remote) == (ssize_t)len ? 0 : -EFAULT;
}

/* The generation is taken before the copy is made, so a change during
 * the copy makes the next call copy again. */
size_t xl_code_read(uint64_t pc, size_t want, const uint8_t **bytes)
{
	uint64_t page = pc & PAGE_MASK, off = pc - page;
	unsigned generation = atomic_load_explicit(&mappings_generation, memory_order_acquire);

	if (code.page != page + 1 || code.generation != generation) {
		code.page = page + 1;
		code.generation = generation;
		code.next_tried = 0;
		code.pages = xl_guest_read(code.copy, page, PAGE_SIZE) == 0;
	}
	if (code.pages == 1 && off + want > PAGE_SIZE && !code.next_tried) {
		code.next_tried = 1;
		code.pages += xl_guest_read(code.copy + PAGE_SIZE, page + PAGE_SIZE, PAGE_SIZE) == 0;
	}
	*bytes = code.copy + off;
	size_t avail = code.pages * PAGE_SIZE > off ? code.pages * PAGE_SIZE - off : 0;
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
