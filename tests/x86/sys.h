/* Freestanding x86-64 test programs: raw syscalls by the host's numbers
 * (sys/syscall.h) and raw output, compared byte for byte with a native
 * run. Built -O1 without libc; only code the lifter takes. */
#ifndef X86_SYS_H
#define X86_SYS_H

#include <stdint.h>
#include <sys/syscall.h>

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define sys(n, a, b, c) sys6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* The program: its output is what it passes to put. */
int main(void);

__asm__(".globl _start\n_start:\n\tcall main\n\tmov %eax, %edi\n\tmov $60, %eax\n\tsyscall\n");

static inline void put(const void *p, long n)
{
	sys(SYS_write, 1, p, n);
}

#define PUT(v) do { __typeof__(v) put_v = (v); put(&put_v, sizeof put_v); } while (0)

#endif
