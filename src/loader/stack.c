/* The guest's initial stack, laid out as the Linux kernel lays it out for a
 * new program: strings at the top, below them argc, argv[], envp[] and the
 * auxiliary vector, starting at a 16-byte aligned stack pointer. */
#include "loader/loader.h"
#include "linux/ranges.h"
#include "util/die.h"

#include <elf.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <unistd.h>

/* Without a stack limit the stack still needs a size: a generous one, as
 * the mapping only costs address space until it is touched. */
#define STACK_UNLIMITED_SIZE (64ull << 20)
/* Below this not even a small program's startup fits. */
#define STACK_MIN_SIZE (128ull << 10)

#define AT_RANDOM_BYTES 16
/* Room for every auxv pair fill_auxv writes. */
#define AUXV_MAX_PAIRS 24

/* The stack being filled downwards from its top. */
struct stack {
	char *sp;
	char *floor;                    /* strings may not go below this */
};

/* Guest addresses of everything the vectors point to. */
struct stack_strings {
	uint64_t *argv, *envp;
	int argc, envc;
	uint64_t execfn, random, platform;
};

static uint64_t stack_size(void)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	struct rlimit rl;

	if (getrlimit(RLIMIT_STACK, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return STACK_UNLIMITED_SIZE;
	if (rl.rlim_cur < STACK_MIN_SIZE)
		return STACK_MIN_SIZE;
	return (rl.rlim_cur + page - 1) & ~(page - 1);
}

/* Maps the stack with a guard page below it, so an overflow faults rather
 * than scribbling over the mapping below. It goes where the guest's own
 * mappings go (ranges.h), so it gets the same address in every run. */
static struct stack map_stack(void)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t size = stack_size();
	long at = xl_ranges_map(0, size + page, page, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	char *low = (char *)(uintptr_t)at;

	if (at < 0)
		xl_die("cannot map a guest stack of %llu KiB", (unsigned long long)size >> 10);
	mprotect(low, page, PROT_NONE);
	/* Like the kernel, strings may fill at most a quarter of the stack. */
	return (struct stack){ .sp = low + page + size, .floor = low + page + size - size / 4 };
}

static uint64_t push_bytes(struct stack *st, const void *data, size_t len)
{
	if ((size_t)(st->sp - st->floor) < len)
		xl_die("argument list too long");
	st->sp -= len;
	memcpy(st->sp, data, len);
	return (uint64_t)st->sp;
}

static uint64_t push_string(struct stack *st, const char *s)
{
	return push_bytes(st, s, strlen(s) + 1);
}

/* Pushes n strings last first, so that they end up in order in memory, one
 * after the other, as programs that rewrite their argv expect. */
static void push_strings(struct stack *st, char **strings, int n, uint64_t *addrs)
{
	for (int i = n - 1; i >= 0; i--)
		addrs[i] = push_string(st, strings[i]);
}

static uint64_t push_random_bytes(struct stack *st)
{
	unsigned char bytes[AT_RANDOM_BYTES];

	if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
		xl_die("cannot get random bytes for AT_RANDOM");
	return push_bytes(st, bytes, sizeof bytes);
}

static int count_strings(char **strings)
{
	int n = 0;

	while (strings[n])
		n++;
	return n;
}

/* Fills the auxiliary vector, AT_NULL last; returns its number of pairs. */
static size_t fill_auxv(uint64_t auxv[][2], const struct xl_image *img,
			const struct stack_strings *str, int secure)
{
	size_t n = 0;

#define AUX(type, value) (auxv[n][0] = (type), auxv[n][1] = (uint64_t)(value), n++)
	AUX(AT_PHDR, img->phdr);
	AUX(AT_PHENT, img->phent);
	AUX(AT_PHNUM, img->phnum);
	AUX(AT_PAGESZ, sysconf(_SC_PAGESIZE));
	AUX(AT_BASE, img->interp_base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, img->prog_entry);
	AUX(AT_UID, getuid());
	AUX(AT_EUID, geteuid());
	AUX(AT_GID, getgid());
	AUX(AT_EGID, getegid());
	AUX(AT_SECURE, secure);
	AUX(AT_RANDOM, str->random);
	AUX(AT_HWCAP, img->arch->hwcap);
	AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
	AUX(AT_EXECFN, str->execfn);
	if (str->platform)
		AUX(AT_PLATFORM, str->platform);
	AUX(AT_NULL, 0);
#undef AUX
	return n;
}

/* Writes argc, argv[], envp[] and the auxv below the strings; returns the
 * stack pointer, which points at argc. */
static uint64_t write_vectors(struct stack *st, const struct xl_image *img,
			      const struct stack_strings *str, int secure)
{
	uint64_t auxv[AUXV_MAX_PAIRS][2];
	size_t auxc = fill_auxv(auxv, img, str, secure);
	size_t words = 1 + (size_t)str->argc + 1 + (size_t)str->envc + 1 + 2 * auxc;
	uint64_t *w;

	if ((size_t)(st->sp - st->floor) < words * 8 + 16)
		xl_die("argument list too long");
	st->sp = (char *)(((uint64_t)st->sp - words * 8) & ~(uint64_t)15);
	w = (uint64_t *)st->sp;
	*w++ = (uint64_t)str->argc;
	memcpy(w, str->argv, str->argc * sizeof *w);
	w += str->argc;
	*w++ = 0;
	memcpy(w, str->envp, str->envc * sizeof *w);
	w += str->envc;
	*w++ = 0;
	memcpy(w, auxv, auxc * sizeof auxv[0]);
	return (uint64_t)st->sp;
}

uint64_t xl_build_stack(const struct xl_image *img, int argc, char **argv,
			char **envp, const char *execfn, int secure)
{
	struct stack st = map_stack();
	struct stack_strings str = { .argc = argc, .envc = count_strings(envp) };
	uint64_t sp;

	str.argv = malloc((size_t)(argc + str.envc) * sizeof *str.argv);
	if (!str.argv)
		xl_die("out of memory for the guest's arguments");
	str.envp = str.argv + argc;

	str.execfn = push_string(&st, execfn);
	push_strings(&st, envp, str.envc, str.envp);
	push_strings(&st, argv, argc, str.argv);
	if (img->arch->platform)
		str.platform = push_string(&st, img->arch->platform);
	str.random = push_random_bytes(&st);
	sp = write_vectors(&st, img, &str, secure);
	free(str.argv);
	return sp;
}
