/* The x86-64 lifter's first integer subset, without libc: mov and its
 * widening forms, lea, the ALU operations and the conditions they leave,
 * inc/dec, neg/not, setcc/cmovcc, push/pop, call/ret (calls of leaves the
 * lifter takes into the caller's region too), jmp/jcc, syscall, prefetch
 * and fence hints. Prints one line per part and exits with a
 * status computed along the way; the test compares both with a native run. */
	.text
	.globl _start
_start:
	lea hello(%rip), %rsi
	mov $hello_end - hello, %edx
	call print

	/* hints: no visible effect, a prefetch of unmapped memory included */
	prefetcht0 hello(%rip)
	prefetcht1 hello(%rip)
	prefetcht2 hello(%rip)
	prefetchnta hello(%rip)
	prefetchw hello(%rip)
	xor %eax, %eax
	prefetcht0 (%rax)
	mfence
	lfence
	sfence

	/* sum 1..100 with add, dec, jnz; print it */
	xor %eax, %eax
	mov $100, %ecx
1:	add %rcx, %rax
	dec %ecx
	jnz 1b
	call print_number

	/* every condition after cmp, for pairs of edge values */
	lea pairs(%rip), %r12
	mov $npairs, %r13d
2:	mov (%r12), %rdi
	mov 8(%r12), %rsi
	call conditions_cmp
	call conditions_add
	call conditions_logic
	add $16, %r12
	dec %r13
	jnz 2b

	/* partial registers: byte, high byte, word writes merge; dword zero-extends */
	mov $0x1122334455667788, %rax
	mov $0xaa, %al
	mov $0xbb, %ah
	mov %rax, %rbx
	mov $0xcccc, %bx
	mov %rbx, %rcx
	mov $0xdddddddd, %ecx
	push %rax
	push %rbx
	push %rcx
	pop %r13
	pop %r14
	pop %r15
	mov %r15, %rax
	call print_hex
	mov %r14, %rax
	call print_hex
	mov %r13, %rax
	call print_hex

	/* memory: base + index * scale + disp, lock add, inc/dec in memory */
	lea table(%rip), %rbx
	mov $3, %ecx
	mov 8(%rbx,%rcx,8), %rax        /* table[4] */
	lock add %rax, (%rbx)           /* table[0] += table[4] */
	incq 16(%rbx)
	decl 24(%rbx)
	sub (%rbx,%rcx,8), %rax         /* table[4] - table[3] */
	mov (%rbx), %rdx
	add 16(%rbx), %rdx
	add 24(%rbx), %rdx
	add %rdx, %rax
	call print_hex

	/* widening moves, neg/not, setcc, cmovcc */
	mov $0x80, %ecx
	movsx %cl, %rax                 /* -128 */
	call print_hex
	mov $0x80, %ecx                 /* print_hex used rcx */
	movzx %cl, %eax
	neg %rax                        /* -128, CF set */
	setc %bl
	movzbl %bl, %ebx
	add %rbx, %rax                  /* -127 */
	call print_hex
	movl $0x80000000, table(%rip)
	movslq table(%rip), %rax
	not %rax                        /* 0x7fffffff */
	call print_hex
	mov $0x1111, %eax
	mov $0x2222, %ebx
	cmp %ebx, %eax
	cmovb %ebx, %eax                /* taken: 0x2222 */
	mov $-1, %rdx
	cmp %ebx, %eax
	cmovne %ebx, %edx               /* not taken, upper half cleared */
	add %rdx, %rax
	call print_hex

	/* calls of small leaves: the flags of a leaf's cmp read by the
	 * caller's jcc, a leaf returning past its call, ret imm16 */
	xor %ebx, %ebx
	mov $3, %edi
	mov $5, %esi
	call compare                    /* CF = 1 */
	jae 1f
	add $1, %rbx
1:	mov $9, %edi
	call compare                    /* CF = 0 */
	jb 2f
	add $0x10, %rbx
2:	call return_elsewhere
	add $0x1000, %rbx               /* skipped */
returned_elsewhere:
	add $0x100, %rbx
	mov %rsp, %rcx
	push $7
	call add_argument               /* rbx += 7, ret $8 drops it */
	sub %rsp, %rcx
	shl $16, %rcx                   /* 0 when the stack is balanced */
	add %rcx, %rbx
	mov %rbx, %rax
	call print_hex

	/* flags survive a call: cmp, then call, then jcc */
	mov $5, %eax
	cmp $7, %eax
	call nothing
	jb 3f
	mov $1, %edi
	jmp 4f
3:	mov $42, %edi
4:	/* exit status: 42 unless the carry was lost, plus 1 for inc's kept
	 * carry, plus 2 for the carry read at a join point */
	mov $0, %eax
	cmp $1, %eax                    /* CF = 1 */
	inc %eax                        /* CF kept */
	jnc 5f
	add $1, %edi
5:	/* a jump between cmp and jcc: the jcc reads the stored flags */
	mov $3, %eax
	cmp $9, %eax                    /* CF = 1 */
	jmp 6f
6:	jae 7f
	add $2, %edi
7:	mov $60, %eax
	syscall

nothing:
	ret

compare:
	cmp %rsi, %rdi
	ret

return_elsewhere:
	lea returned_elsewhere(%rip), %rax
	mov %rax, (%rsp)
	ret

add_argument:
	add 8(%rsp), %rbx
	ret $8

/* write(1, rsi, rdx) */
print:
	push %rax
	push %rdi
	push %rcx
	push %r11
	mov $1, %eax
	mov $1, %edi
	syscall
	pop %r11
	pop %rcx
	pop %rdi
	pop %rax
	ret

/* prints rax (< 10000) in decimal by repeated subtraction */
print_number:
	lea buf(%rip), %rdi
	mov $1000, %ecx
	call digit
	mov $100, %ecx
	call digit
	mov $10, %ecx
	call digit
	mov $1, %ecx
	call digit
	movb $10, (%rdi)
	lea buf(%rip), %rsi
	mov $5, %edx
	jmp print

digit:
	mov $'0', %dl
1:	cmp %rcx, %rax
	jb 2f
	sub %rcx, %rax
	inc %dl
	jmp 1b
2:	mov %dl, (%rdi)
	inc %rdi
	ret

/* prints rax as 16 hex digits */
print_hex:
	lea buf(%rip), %rdi
	mov $16, %ecx
1:	mov %rax, %rdx
	and $0xf, %edx
	lea hexdigits(%rip), %rsi
	mov (%rsi,%rdx), %dl
	mov %dl, -1(%rdi,%rcx)
	/* shift right by 4 without shr: 4 times halve through lea-free adds */
	push %rcx
	mov $4, %ecx
2:	call halve
	dec %ecx
	jnz 2b
	pop %rcx
	dec %ecx
	jnz 1b
	movb $10, 16(%rdi)
	lea buf(%rip), %rsi
	mov $17, %edx
	jmp print

/* rax = rax / 2 (unsigned), bit by bit with add and test */
halve:
	push %rbx
	push %rcx
	push %rdx
	xor %ebx, %ebx                  /* result */
	mov $2, %rcx                    /* the bit to test */
	mov $1, %rdx                    /* the bit to set */
1:	test %rcx, %rax
	jz 2f
	or %rdx, %rbx
2:	add %rdx, %rdx
	add %rcx, %rcx
	jnz 1b
	mov %rbx, %rax
	pop %rdx
	pop %rcx
	pop %rbx
	ret

/* one '0'/'1' per condition after the flags of an operation on rdi, rsi */
.macro COND j
	mov $'1', %al
	\j 9f
	mov $'0', %al
9:	mov %al, (%r8)
	inc %r8
.endm

.macro ALL_CONDS op
	lea buf(%rip), %r8
	mov %rdi, %r9
	\op %rsi, %r9
	COND jo
	\op %rsi, %r9
	COND jno
	\op %rsi, %r9
	COND jb
	\op %rsi, %r9
	COND jae
	\op %rsi, %r9
	COND je
	\op %rsi, %r9
	COND jne
	\op %rsi, %r9
	COND jbe
	\op %rsi, %r9
	COND ja
	\op %rsi, %r9
	COND js
	\op %rsi, %r9
	COND jns
	\op %rsi, %r9
	COND jp
	\op %rsi, %r9
	COND jnp
	\op %rsi, %r9
	COND jl
	\op %rsi, %r9
	COND jge
	\op %rsi, %r9
	COND jle
	\op %rsi, %r9
	COND jg
	movb $' ', (%r8)
	lea buf(%rip), %rsi
	mov $17, %edx
	call print
	mov 8(%r12), %rsi
.endm

conditions_cmp:
	ALL_CONDS cmp
	ret

/* add keeps changing r9: reload it before each */
.macro ADD_RELOAD a, b
	mov %rdi, %r9
	add \a, \b
.endm

conditions_add:
	ALL_CONDS ADD_RELOAD
	ret

.macro TEST_LOGIC a, b
	mov %rdi, %r9
	xor %rsi, %r9
	test \a, \b
.endm

conditions_logic:
	ALL_CONDS TEST_LOGIC
	lea newline(%rip), %rsi
	mov $1, %edx
	call print
	ret

	.data
hello:	.ascii "hello from x86-64\n"
hello_end:
newline: .ascii "\n"
hexdigits: .ascii "0123456789abcdef"
	.balign 8
pairs:
	.quad 0, 0
	.quad 1, 2
	.quad 2, 1
	.quad -1, 1
	.quad 0x7fffffffffffffff, -1
	.quad 0x8000000000000000, 1
	.quad 0x8000000000000000, 0x8000000000000000
	.quad 0xff, 0x1
npairs = (. - pairs) / 16
table:	.quad 100, 200, 300, 400, 500
buf:	.space 32
