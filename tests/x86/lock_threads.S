/* Lock-prefixed read-modify-write instructions are atomic with respect to
 * other threads: two threads (clone, no libc) each run the same loop of
 * lock inc, lock xadd, a lock cmpxchg retry loop, lock dec and an
 * implicitly locked xchg-based spin lock around a plain increment; every
 * counter must end at exactly twice the loop count (without the lock
 * prefixes, a native run loses updates whenever the two threads do run
 * at the same time, which a loaded machine makes rarer). Exit status 0 when
 * all do, else the number of the first wrong counter. */
	.set ROUNDS, 1000000
	.set CLONE_THREAD_FLAGS, 0x50f00   /* VM FS FILES SIGHAND THREAD SYSVSEM */

	.text
	.globl _start
_start:
	mov $CLONE_THREAD_FLAGS, %edi
	lea stack_top(%rip), %rsi
	xor %edx, %edx
	xor %r10d, %r10d
	xor %r8d, %r8d
	mov $56, %eax                   /* clone */
	syscall
	test %rax, %rax
	jz child
	js fail_clone
	call work
1:	pause
	cmpl $0, child_done(%rip)
	je 1b
	/* the counters 1-4 (64 bytes apart) at 2 * ROUNDS, c_dec at minus that */
	mov $2 * ROUNDS, %rax
	lea c_inc(%rip), %rsi
	mov $1, %edi
2:	cmp %rax, (%rsi)
	jne exit
	add $64, %rsi
	inc %edi
	cmp $5, %edi
	jne 2b
	neg %rax
	cmp %rax, c_dec(%rip)
	jne exit
	xor %edi, %edi
exit:
	mov $231, %eax                  /* exit_group */
	syscall
fail_clone:
	mov $10, %edi
	jmp exit

child:
	call work
	movl $1, child_done(%rip)
	xor %edi, %edi
	mov $60, %eax                   /* exit: this thread only */
	syscall

/* both threads start the loop together */
work:
	lock incl arrived(%rip)
4:	pause
	cmpl $2, arrived(%rip)
	jne 4b
	mov $ROUNDS, %ecx
1:	lock incq c_inc(%rip)
	mov $1, %eax
	lock xaddq %rax, c_xadd(%rip)
	mov c_cas(%rip), %rax
2:	lea 1(%rax), %rdx
	lock cmpxchgq %rdx, c_cas(%rip)
	jne 2b
	lock decq c_dec(%rip)
3:	mov $1, %eax
	xchg %eax, spin(%rip)
	test %eax, %eax
	jnz 3b
	mov c_spin(%rip), %rax
	inc %rax
	mov %rax, c_spin(%rip)
	movl $0, spin(%rip)
	dec %ecx
	jnz 1b
	ret

	.bss
	.balign 64
c_inc:	.skip 64
c_xadd:	.skip 64
c_cas:	.skip 64
c_spin:	.skip 64
c_dec:	.skip 64
spin:	.skip 64
child_done: .skip 64
arrived: .skip 64
	.balign 16
	.skip 65536
stack_top:
