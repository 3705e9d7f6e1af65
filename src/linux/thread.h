/* Guest threads: one host thread per guest thread (thread.c), and what the
 * kernel does for a thread when it ends (thread_robust.c). */
#ifndef XL_THREAD_H
#define XL_THREAD_H

#include <stdint.h>
#include <sys/types.h>
#include "linux/syscall.h"

/* The calling thread is the process's first guest thread. */
void xl_thread_init(void);
/* clone with CLONE_THREAD: starts a guest thread at the parent's pc with
 * the given stack and TLS pointers; returns its tid or -errno. */
long xl_thread_create(struct xl_syscall *sc, uint64_t flags, uint64_t stack,
		      uint64_t ptid, uint64_t ctid, uint64_t tls);
/* In a fork child: the calling thread, with cpu, is the only one. */
void xl_thread_after_fork(struct xl_cpu *cpu);
/* The process may exec: the run ends as at an exit (the code store's
 * pack learns its news: a shell's fork children run the code between
 * fork and exec, and every later run of the shell wants it too). */
void xl_thread_before_exec(void);

/* Writes tid into a tid word the guest named (CLONE_PARENT_SETTID,
 * CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID); a bad address is ignored,
 * as the kernel ignores it. */
void xl_tid_word_set(uint64_t addr, pid_t tid);

/* Marks the robust futexes listed at head that tid holds as owner-died
 * and wakes a waiter of each, as the kernel does when a thread exits. */
void xl_robust_release(uint64_t head, pid_t tid);

#endif
