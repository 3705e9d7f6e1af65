#include "linux/strace.h"
#include "runtime/guest_mem.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One letter per argument: d int (the kernel reads the low 32 bits: an
 * x86-64 guest leaves the upper ones undefined), l signed 64-bit decimal,
 * u unsigned decimal, x hex,
 * o octal, s string. Results are decimal unless ret_hex. */
struct call_format {
	const char *args;
	int ret_hex;
};

static const struct call_format formats[] = {
	[SYS_read] = { "dxu" }, [SYS_write] = { "dxu" },
	[SYS_pread64] = { "dxul" }, [SYS_pwrite64] = { "dxul" },
	[SYS_readv] = { "dxd" }, [SYS_writev] = { "dxd" },
	[SYS_openat] = { "dsxo" }, [SYS_close] = { "d" },
	[SYS_lseek] = { "dld" }, [SYS_fstat] = { "dx" },
	[SYS_newfstatat] = { "dsxx" }, [SYS_statx] = { "dsxxx" },
	[SYS_faccessat] = { "dso" }, [SYS_faccessat2] = { "dsox" },
	[SYS_readlinkat] = { "dsxu" }, [SYS_statfs] = { "sx" },
	[SYS_getdents64] = { "dxu" }, [SYS_ioctl] = { "dxx" },
	[SYS_fcntl] = { "ddx" }, [SYS_pipe2] = { "xx" },
	[SYS_dup] = { "d" }, [SYS_dup3] = { "ddx" },
	[SYS_unlinkat] = { "dsx" }, [SYS_mkdirat] = { "dso" },
	[SYS_renameat2] = { "dsdsx" }, [SYS_symlinkat] = { "sds" },
	[SYS_linkat] = { "dsdsx" }, [SYS_fchmodat] = { "dso" },
	[SYS_fchownat] = { "dsddx" }, [SYS_utimensat] = { "dsxx" },
	[SYS_chdir] = { "s" }, [SYS_getcwd] = { "xu" },
	[SYS_mmap] = { "xuxxdx", 1 }, [SYS_munmap] = { "xu" },
	[SYS_mprotect] = { "xux" }, [SYS_mremap] = { "xuuxx", 1 },
	[SYS_madvise] = { "xud" }, [SYS_brk] = { "x", 1 },
	[SYS_exit] = { "d" }, [SYS_exit_group] = { "d" },
	[SYS_clone] = { "xxxxx" }, [SYS_execve] = { "sxx" },
	[SYS_wait4] = { "dxxx" }, [SYS_kill] = { "dd" },
	[SYS_tgkill] = { "ddd" }, [SYS_set_tid_address] = { "x" },
	[SYS_rt_sigaction] = { "dxxu" }, [SYS_rt_sigprocmask] = { "dxxu" },
	[SYS_uname] = { "x" }, [SYS_getrandom] = { "xux" },
	[SYS_prlimit64] = { "ddxx" }, [SYS_clock_gettime] = { "dx" },
	[SYS_getpid] = { "" }, [SYS_gettid] = { "" }, [SYS_getppid] = { "" },
	[SYS_getuid] = { "" }, [SYS_geteuid] = { "" },
	[SYS_getgid] = { "" }, [SYS_getegid] = { "" },
};

static const struct call_format unknown_format = { "xxxxxx", 0 };

#define MAX_STRING 96

struct line {
	char text[1024];
	size_t len;
};

/* The line of the call in flight, per thread. */
static __thread struct line pending;

static void put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct line *l, const char *fmt, ...)
{
	va_list ap;
	size_t room = sizeof l->text - l->len;

	va_start(ap, fmt);
	int n = vsnprintf(l->text + l->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n < room ? (size_t)n : room - 1;
}

static void put_string(struct line *l, uint64_t addr)
{
	char s[MAX_STRING + 1];
	size_t i;

	if (!addr) {
		put(l, "NULL");
		return;
	}
	/* Unreadable: its address, as strace prints it. */
	if (xl_guest_read_str(s, sizeof s, addr) == -EFAULT) {
		put(l, "0x%llx", (unsigned long long)addr);
		return;
	}
	put(l, "\"");
	for (i = 0; s[i] && i < MAX_STRING; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			put(l, "\\%c", c);
		else if (isprint(c))
			put(l, "%c", c);
		else
			put(l, "\\x%02x", c);
	}
	put(l, s[i] ? "\"..." : "\"");
}

static void put_arg(struct line *l, char kind, uint64_t v)
{
	switch (kind) {
	case 'd': put(l, "%d", (int)v); break;
	case 'l': put(l, "%lld", (long long)(int64_t)v); break;
	case 'u': put(l, "%llu", (unsigned long long)v); break;
	case 'o': put(l, "0%llo", (unsigned long long)v); break;
	case 's': put_string(l, v); break;
	default: put(l, "0x%llx", (unsigned long long)v); break;
	}
}

static const struct call_format *format_of(long host_nr)
{
	long n = (long)(sizeof formats / sizeof formats[0]);

	if (host_nr >= 0 && host_nr < n && formats[host_nr].args)
		return &formats[host_nr];
	return &unknown_format;
}

static void flush(struct line *l)
{
	if (write(STDERR_FILENO, l->text, l->len) < 0)
		return; /* the guest closed stderr: nothing to report to */
	l->len = 0;
}

void xl_strace_enter(const struct xl_syscall *sc)
{
	const char *kinds = format_of(sc->host_nr)->args;

	pending.len = 0;
	if (sc->name)
		put(&pending, "%s(", sc->name);
	else
		put(&pending, "syscall_%ld(", sc->guest_nr);
	for (int i = 0; kinds[i]; i++) {
		if (i)
			put(&pending, ", ");
		put_arg(&pending, kinds[i], sc->a[i]);
	}
	put(&pending, ")");
	/* These never come back to be printed. */
	if (sc->host_nr == SYS_exit || sc->host_nr == SYS_exit_group) {
		put(&pending, " = ?\n");
		flush(&pending);
	}
}

void xl_strace_leave(const struct xl_syscall *sc, long ret)
{
	if (xl_is_error(ret)) {
		const char *name = strerrorname_np((int)-ret);
		put(&pending, " = -1 %s (%s)\n", name ? name : "E?", strerror((int)-ret));
	} else if (format_of(sc->host_nr)->ret_hex) {
		put(&pending, " = 0x%lx\n", ret);
	} else {
		put(&pending, " = %ld\n", ret);
	}
	flush(&pending);
}
