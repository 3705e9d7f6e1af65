/* clone and clone3: a new thread (thread.c), a fork child, or a vfork
 * child that shares the parent's memory until it execs or exits. */
#include "linux/syscall.h"
#include "linux/thread.h"
#include "runtime/dispatch.h"
#include "runtime/guest_mem.h"
#include "host/fpenv.h"
#include "util/die.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>

/* clone's arguments, in the guest's order or from clone3's struct. */
struct clone_request {
	uint64_t flags;                 /* without the exit signal */
	int exit_signal;
	uint64_t stack;                 /* the child's stack pointer, or 0 */
	uint64_t ptid, ctid, tls;
};

/* A thread shares everything a host thread shares. */
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
/* What threads, fork and vfork children may ask for besides. */
#define TID_FLAGS (CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)
#define THREAD_OPTIONAL (TID_FLAGS | CLONE_SETTLS | CLONE_SYSVSEM | CLONE_DETACHED)
#define FORK_OPTIONAL (TID_FLAGS | CLONE_SETTLS)
#define VFORK_FLAGS (CLONE_VM | CLONE_VFORK)

static int has_only(uint64_t flags, uint64_t required, uint64_t optional)
{
	return (flags & required) == required && !(flags & ~(required | optional));
}

/* The fork child's side: its stack and TLS pointer come from the guest's
 * clone arguments and are set in guest registers, never in the host's. */
static long start_fork_child(struct xl_syscall *sc, const struct clone_request *rq)
{
	const struct guest_arch *arch = xl_proc.arch;

	xl_thread_after_fork(sc->cpu);
	if (rq->flags & CLONE_CHILD_SETTID)
		xl_tid_word_set(rq->ctid, gettid());
	if (rq->flags & CLONE_SETTLS) {
		arch->set_tls(sc->cpu, rq->tls);
		sc->regs_changed = 1;
	}
	if (rq->stack) {
		arch->set_sp(sc->cpu, rq->stack);
		sc->regs_changed = 1;
	}
	return 0;
}

static long clone_fork(struct xl_syscall *sc, const struct clone_request *rq)
{
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0)
		return start_fork_child(sc, rq);
	if (rq->flags & CLONE_PARENT_SETTID)
		xl_tid_word_set(rq->ptid, pid);
	return pid;
}

/* Host stack of a vfork child: translation may run on it. */
#define VFORK_STACK_SIZE (8u << 20)

struct vfork_child {
	struct xl_cpu *cpu;
	uint32_t fpenv;
	int flags;                      /* for the host's clone */
	uint64_t ptid, ctid;
	void *stack;
	long pid;                       /* the result */
};

static int run_vfork_child(void *arg)
{
	struct vfork_child *child = arg;

	xl_run_from(child->cpu, child->fpenv);
}

/* A host thread of xlift's own makes the vfork child, which shares its
 * thread-local state (xlift's, glibc's) while it runs: the guest
 * thread's stays untouched. The kernel writes the tid words. */
static void *make_vfork_child(void *arg)
{
	struct vfork_child *child = arg;

	child->pid = clone(run_vfork_child, (char *)child->stack + VFORK_STACK_SIZE,
			   child->flags, child, XL_PTR(pid_t *, child->ptid), NULL,
			   XL_PTR(pid_t *, child->ctid));
	if (child->pid < 0)
		child->pid = -errno;
	return NULL;
}

/* A vfork child is a host vfork child: it runs in the parent's memory
 * (so what it writes there, such as posix_spawn's exec error, is seen)
 * on a host stack and guest CPU of its own, while the parent waits until
 * it execs or exits. */
static long clone_vfork(struct xl_syscall *sc, const struct clone_request *rq)
{
	const struct guest_arch *arch = xl_proc.arch;
	struct vfork_child child = {
		.cpu = xl_cpu_copy(sc->cpu, arch), .fpenv = host_fpenv_get(),
		.flags = (int)(rq->flags & ~(uint64_t)CLONE_SETTLS) | rq->exit_signal,
		.ptid = rq->ptid, .ctid = rq->ctid, .pid = -ENOMEM,
	};
	pthread_t maker;

	arch->syscall_ret(child.cpu, 0);
	if (rq->stack)
		arch->set_sp(child.cpu, rq->stack);
	if (rq->flags & CLONE_SETTLS)
		arch->set_tls(child.cpu, rq->tls);
	child.stack = mmap(NULL, VFORK_STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	/* The maker thread starts with the guest's signal mask. */
	if (child.stack != MAP_FAILED) {
		if (pthread_create(&maker, NULL, make_vfork_child, &child) == 0)
			pthread_join(maker, NULL);
		else
			child.pid = -EAGAIN;
		munmap(child.stack, VFORK_STACK_SIZE);
	}
	xl_cpu_free(child.cpu);
	return child.pid;
}

static long do_clone(struct xl_syscall *sc, const struct clone_request *rq)
{
	uint64_t flags = rq->flags;

	if (has_only(flags, THREAD_FLAGS, THREAD_OPTIONAL) && rq->exit_signal == 0)
		return xl_thread_create(sc, flags, rq->stack, rq->ptid, rq->ctid, rq->tls);
	if (has_only(flags, VFORK_FLAGS, FORK_OPTIONAL) && rq->exit_signal == SIGCHLD)
		return clone_vfork(sc, rq);
	if (has_only(flags, 0, FORK_OPTIONAL) && rq->exit_signal == SIGCHLD)
		return clone_fork(sc, rq);
	xl_debug("clone with flags 0x%llx and exit signal %d is not supported",
		 (unsigned long long)flags, rq->exit_signal);
	return -ENOSYS;
}

long xl_sys_clone(struct xl_syscall *sc)
{
	int tls_first = xl_proc.arch->clone_tls_before_ctid;
	struct clone_request rq = {
		.flags = sc->a[0] & ~(uint64_t)CSIGNAL,
		.exit_signal = (int)(sc->a[0] & CSIGNAL),
		.stack = sc->a[1],
		.ptid = sc->a[2],
		.tls = tls_first ? sc->a[3] : sc->a[4],
		.ctid = tls_first ? sc->a[4] : sc->a[3],
	};

	return do_clone(sc, &rq);
}

/* uapi/linux/sched.h, the first version (64 bytes) of struct clone_args. */
struct guest_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls;
};

/* Linux reads at most a page of struct clone_args. */
#define CLONE_ARGS_MAX 4096

/* Newer fields (set_tid, cgroup) must be zero: xlift has none of them. */
static long check_newer_fields_unused(uint64_t addr, uint64_t size)
{
	uint8_t rest[CLONE_ARGS_MAX - sizeof(struct guest_clone_args)];
	uint64_t len = size - sizeof(struct guest_clone_args);

	if (xl_guest_read(rest, addr + sizeof(struct guest_clone_args), len) < 0)
		return -EFAULT;
	for (uint64_t i = 0; i < len; i++)
		if (rest[i])
			return -E2BIG;
	return 0;
}

long xl_sys_clone3(struct xl_syscall *sc)
{
	struct guest_clone_args args;
	uint64_t size = sc->a[1];

	if (size > CLONE_ARGS_MAX)
		return -E2BIG;
	if (size < sizeof args)
		return -EINVAL;
	if (XL_COPY_IN(args, sc->a[0]))
		return -EFAULT;
	long err = check_newer_fields_unused(sc->a[0], size);
	if (err)
		return err;
	if (args.exit_signal > 64 || (args.stack != 0) != (args.stack_size != 0))
		return -EINVAL;
	struct clone_request rq = {
		.flags = args.flags,
		.exit_signal = (int)args.exit_signal,
		.stack = args.stack ? args.stack + args.stack_size : 0,
		.ptid = args.parent_tid,
		.ctid = args.child_tid,
		.tls = args.tls,
	};
	/* glibc tries clone with the same flags when clone3 fails so. */
	if (rq.flags & CSIGNAL)
		return -ENOSYS;
	return do_clone(sc, &rq);
}
