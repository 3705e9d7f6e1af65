/* Checks xlift's x86-64 decoder (src/guest/x86_64/decode.c).
 *
 *   x86-decode-check compare FILE [START END]
 *       decode the .text of FILE (or its addresses START..END) at every
 *       instruction boundary `objdump -d` finds, walking the section
 *       linearly as objdump does, and compare lengths; objdump's "(bad)"
 *       marks bytes it cannot decode, where both resynchronise. objdump
 *       runs with -M intel64: 66 does not shorten a near branch's
 *       displacement (AMD CPUs differ; compilers never emit it).
 *       A few differences are by design and counted apart (see
 *       classify); anything else is a mismatch.
 *   x86-decode-check fuzz N SEED    decode N random byte strings that end
 *       at an unmapped page: nothing may be read past the bytes given, and
 *       every result must be a length within bounds or an error code.
 *   x86-decode-check bytes N SEED   write N random bytes (to turn into a
 *       .text for compare).
 *   x86-decode-check stats FILE...  decode each .text linearly and print the
 *       share of each instruction family, of the commonest mnemonics and
 *       of what the x86-64 lifter lifts (x86_lifter_supports).
 *   x86-decode-check name HEX...  decode each instruction given as hex
 *       bytes and print its mnemonic, encoding and length.
 *   x86-decode-check miscount FILE  compare, with every 1000th length the
 *       decoder returns made one too long: shows that mismatches are seen.
 *
 * Prints mismatches and a summary line; exits 1 when anything differs. */
#include "guest/x86_64/decode.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_SHOWN = 20 };

/* miscount: lengthen every skew_every-th decoded instruction. */
static unsigned long skew_every;

struct text {
	uint64_t addr;
	const uint8_t *bytes;
	size_t size;
};

static void fail(const char *what, const char *why)
{
	fprintf(stderr, "x86-decode-check: %s: %s\n", what, why);
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The .text section of an ELF file (its data stays owned by libelf). */
static struct text read_text(const char *path)
{
	struct text t = { 0 };
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		fail(path, strerror(errno));
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	size_t shstrndx;
	if (!elf || elf_getshdrstrndx(elf, &shstrndx) != 0)
		fail(path, "not an ELF file");
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		const char *name;
		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)))
			continue;
		if (strcmp(name, ".text") != 0)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data || data->d_size != sh.sh_size)
			fail(path, "cannot read .text");
		t.addr = sh.sh_addr;
		t.bytes = data->d_buf;
		t.size = data->d_size;
		return t;
	}
	fail(path, "no .text section");
	return t;
}

/* objdump's disassembly of .text (from start to end), as a pipe. */
static FILE *run_objdump(const char *path, uint64_t start, uint64_t end, pid_t *pid)
{
	char from[40], to[40];
	int fds[2];

	snprintf(from, sizeof from, "--start-address=%#llx", (unsigned long long)start);
	snprintf(to, sizeof to, "--stop-address=%#llx", (unsigned long long)end);
	if (pipe(fds) != 0 || (*pid = fork()) < 0)
		fail("objdump", strerror(errno));
	if (*pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execlp("objdump", "objdump", "-d", "-z", "-M", "intel64", "--insn-width=15",
		       "-j", ".text", from, to, path, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	return fdopen(fds[0], "r");
}

/* One instruction line: "  addr:\tb0 b1 ...\ttext". */
struct objdump_insn {
	uint64_t addr;
	unsigned len;
	int bad;                /* objdump prints "(bad)" as the mnemonic */
	int bad_operand;        /* or as an operand */
	const char *text;
};

/* objdump's text after the prefix names it prints before a mnemonic. */
static const char *skip_prefixes(const char *text)
{
	static const char *const names[] = {
		"lock", "repz", "repnz", "rep", "cs", "ds", "es", "ss", "fs", "gs",
		"data16", "addr32", "bnd", "notrack", "xacquire", "xrelease",
	};

	for (;;) {
		size_t n = strcspn(text, " \t");
		int prefix = n >= 3 && strncmp(text, "rex", 3) == 0 && (n == 3 || text[3] == '.');
		for (size_t i = 0; !prefix && i < sizeof names / sizeof names[0]; i++)
			prefix = strlen(names[i]) == n && strncmp(text, names[i], n) == 0;
		if (!prefix)
			return text;
		text += n;
		text += strspn(text, " \t");
	}
}

static int parse_line(char *line, struct objdump_insn *oi)
{
	char *p = line, *end;

	while (*p == ' ')
		p++;
	oi->addr = strtoull(p, &end, 16);
	if (end == p || end[0] != ':' || end[1] != '\t')
		return 0;
	p = end + 2;
	oi->len = 0;
	while (isxdigit((unsigned char)p[0]) && isxdigit((unsigned char)p[1])) {
		oi->len++;
		p += 2;
		while (*p == ' ')
			p++;
	}
	if (*p == '\t')
		p++;
	p[strcspn(p, "\n")] = 0;
	oi->text = p;
	/* ".byte": an instruction cut off by the end of the section */
	oi->bad = strncmp(skip_prefixes(p), "(bad)", 5) == 0 || strncmp(p, ".byte", 5) == 0;
	oi->bad_operand = !oi->bad && strstr(p, "(bad)");
	return oi->len > 0;
}

/* Where the decoder and objdump differ by design. */
enum divergence {
	DIV_NONE,
	DIV_PREFIX,     /* objdump prints prefixes that reach no opcode (a REX
	                 * before another prefix) alone; the CPU ignores them */
	DIV_FWAIT,      /* objdump folds fwait into the next x87 instruction */
	DIV_SREG,       /* objdump decodes mov with segment register 6 or 7 (#UD) */
	DIV_VECTOR,     /* VEX/EVEX: decoded for length, opcode not validated */
	DIV_VEX_PREFIX, /* objdump takes 66, f2, f3, lock or REX before VEX or
	                 * EVEX, which raise #UD */
	DIV_COUNT
};

static const char *const divergence_names[DIV_COUNT] = {
	"", "prefix", "fwait", "sreg", "vector", "vex-prefix",
};

/* The first byte after legacy prefixes and REX. */
static uint8_t first_opcode_byte(const uint8_t *code, size_t avail)
{
	static const uint8_t prefixes[] = {
		0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67,
	};

	for (size_t i = 0; i < avail && i < 15; i++)
		if (!memchr(prefixes, code[i], sizeof prefixes) && (code[i] & 0xf0) != 0x40)
			return code[i];
	return 0;
}

static enum divergence classify(const struct objdump_insn *oi, const uint8_t *code,
				size_t avail, int len, const struct x86_insn *insn)
{
	uint8_t first = first_opcode_byte(code, avail);

	if (len != (int)oi->len && *skip_prefixes(oi->text) == 0)
		return DIV_PREFIX;
	if (len == X86_DECODE_INVALID && !oi->bad &&
	    (first == 0xc4 || first == 0xc5 || first == 0x62))
		return DIV_VEX_PREFIX;
	if (len > 0 && insn->mnem == X86_FWAIT && (int)oi->len > len)
		return DIV_FWAIT;
	if (len == X86_DECODE_INVALID && strstr(oi->text, "%?"))
		return DIV_SREG;
	if (len > 0 && (oi->bad || oi->bad_operand) && insn->encoding != X86_ENC_LEGACY)
		return DIV_VECTOR;
	return DIV_NONE;
}

struct totals {
	unsigned long insns, mismatches, bad_both, bad_objdump_only, gaps;
	unsigned long divergences[DIV_COUNT];
	double decode_seconds;
};

static void show(const char *what, const struct text *t, const struct objdump_insn *oi, int ours)
{
	printf("%s at %#llx: objdump %u bytes \"%s\", decoder %d:", what,
	       (unsigned long long)oi->addr, oi->len, oi->text, ours);
	for (unsigned i = 0; i < 15 && oi->addr - t->addr + i < t->size; i++)
		printf(" %02x", t->bytes[oi->addr - t->addr + i]);
	printf("\n");
}

static void compare_insn(const struct text *t, const struct objdump_insn *oi, struct totals *tot)
{
	struct x86_insn insn;
	size_t off = oi->addr - t->addr;
	double start = now();
	int len = x86_decode(t->bytes + off, t->size - off, oi->addr, &insn);

	tot->decode_seconds += now() - start;
	enum divergence div = classify(oi, t->bytes + off, t->size - off, len, &insn);
	if (div != DIV_NONE) {
		tot->divergences[div]++;
		return;
	}
	if (oi->bad) {
		if (len < 0)
			tot->bad_both++;
		else if (++tot->bad_objdump_only <= MAX_SHOWN)
			show("objdump (bad), decoded", t, oi, len);
		return;
	}
	tot->insns++;
	if (skew_every && tot->insns % skew_every == 0)
		len++;
	if (oi->bad_operand && len < 0)
		return;         /* objdump's length for what it cannot decode */
	if (len != (int)oi->len && ++tot->mismatches <= MAX_SHOWN)
		show("length mismatch", t, oi, len);
}

static int compare(const char *path, uint64_t from, uint64_t to)
{
	struct text t = read_text(path);
	struct totals tot = { 0 };
	pid_t pid;
	uint64_t end = t.addr + t.size;
	if (from < t.addr)
		from = t.addr;
	if (to > end)
		to = end;
	FILE *in = run_objdump(path, from, to, &pid);
	char line[1024];
	uint64_t next = from;
	double start = now();

	while (fgets(line, sizeof line, in)) {
		struct objdump_insn oi;
		if (!parse_line(line, &oi))
			continue;
		if (oi.addr < t.addr || oi.addr - t.addr >= t.size)
			fail(path, "objdump address outside .text");
		if (oi.addr != next && ++tot.gaps <= MAX_SHOWN)
			printf("objdump skipped from %#llx to %#llx\n", (unsigned long long)next,
			       (unsigned long long)oi.addr);
		next = oi.addr + oi.len;
		compare_insn(&t, &oi, &tot);
	}
	fclose(in);
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail(path, "objdump failed");
	if (next < to)
		tot.gaps++;
	printf("%s: %lu instructions, %lu mismatches, %lu (bad) agreed, "
	       "%lu decoded where objdump says (bad), %lu gaps; by design:",
	       path, tot.insns, tot.mismatches, tot.bad_both, tot.bad_objdump_only, tot.gaps);
	for (int i = DIV_NONE + 1; i < DIV_COUNT; i++)
		printf(" %s %lu", divergence_names[i], tot.divergences[i]);
	printf("; decoding %.2f s, with objdump %.2f s\n", tot.decode_seconds, now() - start);
	return tot.mismatches || tot.bad_objdump_only || tot.gaps || !tot.insns;
}

/* Random bytes placed right before an unmapped page: a read past avail
 * faults. Results must be a length in 1..min(avail, 15) or an error. */
static int fuzz(unsigned long n, unsigned seed)
{
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *mem = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);
	unsigned long counts[3] = { 0 }, wrong = 0;

	if (mem == MAP_FAILED || mprotect(mem + page, page, PROT_NONE) != 0)
		fail("fuzz", strerror(errno));
	srandom(seed);
	for (unsigned long i = 0; i < n; i++) {
		size_t avail = 1 + (size_t)random() % 20;
		uint8_t *code = mem + page - avail;
		struct x86_insn insn;
		for (size_t k = 0; k < avail; k++)
			code[k] = (uint8_t)random();
		int len = x86_decode(code, avail, 0x1000, &insn);
		if (len == X86_DECODE_INVALID)
			counts[1]++;
		else if (len == X86_DECODE_TRUNCATED)
			counts[2]++;
		else if (len >= 1 && len <= 15 && (size_t)len <= avail && insn.len == len &&
			 insn.mnem < X86_NUM_MNEMS && insn.nops <= 4)
			counts[0]++;
		else if (++wrong <= MAX_SHOWN)
			printf("bad result %d for %zu bytes at iteration %lu\n", len, avail, i);
	}
	printf("fuzz: %lu decoded, %lu invalid, %lu truncated, %lu wrong\n", counts[0],
	       counts[1], counts[2], wrong);
	return wrong != 0;
}

struct histogram {
	unsigned long mnem[X86_NUM_MNEMS];
	unsigned long vector;           /* VEX, EVEX, XOP (BMI counts as integer) */
	unsigned long total, undecodable;
	unsigned long lifted;           /* what the x86-64 lifter takes */
	unsigned long unlifted[X86_NUM_MNEMS];  /* what it does not, by mnemonic */
};

static void count_text(const struct text *t, struct histogram *h)
{
	for (size_t off = 0; off < t->size;) {
		struct x86_insn insn;
		int len = x86_decode(t->bytes + off, t->size - off, t->addr + off, &insn);
		if (len < 0) {
			h->undecodable++;
			off++;
			continue;
		}
		h->total++;
		if (x86_lifter_supports(&insn))
			h->lifted++;
		else
			h->unlifted[insn.mnem]++;
		if (insn.encoding != X86_ENC_LEGACY && x86_mnem_class(insn.mnem) != X86_CLASS_INT)
			h->vector++;
		else
			h->mnem[insn.mnem]++;
		off += (size_t)len;
	}
}

static const unsigned long *sort_counts;

static int by_count(const void *a, const void *b)
{
	unsigned long x = sort_counts[*(const int *)a];
	unsigned long y = sort_counts[*(const int *)b];

	return x < y ? 1 : x > y ? -1 : 0;
}

static double percent(unsigned long part, unsigned long whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

static void print_lower(const char *name)
{
	for (; *name; name++)
		putchar(tolower((unsigned char)*name));
}

/* The 30 commonest mnemonics by counts, as shares of total. */
static void print_commonest(const char *title, const unsigned long *counts, unsigned long total)
{
	int order[X86_NUM_MNEMS];

	for (int m = 0; m < X86_NUM_MNEMS; m++)
		order[m] = m;
	sort_counts = counts;
	qsort(order, X86_NUM_MNEMS, sizeof order[0], by_count);
	printf("%s:", title);
	for (int i = 0; i < 30 && counts[order[i]]; i++) {
		printf(" ");
		print_lower(x86_mnem_name(order[i]));
		printf(" %.2f%%", percent(counts[order[i]], total));
	}
	printf("\n");
}

static int stats(int n, char **paths)
{
	static const char *const class_names[] = {
		[X86_CLASS_OTHER] = "other", [X86_CLASS_INT] = "integer",
		[X86_CLASS_SYS] = "system", [X86_CLASS_SSE] = "sse/mmx",
		[X86_CLASS_AVX] = "avx", [X86_CLASS_X87] = "x87",
	};
	static struct histogram h;
	unsigned long classes[6] = { 0 };

	for (int i = 0; i < n; i++) {
		struct text t = read_text(paths[i]);
		count_text(&t, &h);
	}
	for (int m = 0; m < X86_NUM_MNEMS; m++)
		classes[x86_mnem_class(m)] += h.mnem[m];
	printf("%lu instructions in %d files, %lu undecodable bytes skipped\n", h.total, n,
	       h.undecodable);
	printf("families:");
	for (int c = X86_CLASS_INT; c <= X86_CLASS_X87; c++)
		if (c != X86_CLASS_AVX)         /* all VEX encoded: counted below */
			printf(" %s %.2f%%", class_names[c], percent(classes[c], h.total));
	printf(" vex/evex/xop %.2f%%\n", percent(h.vector, h.total));
	print_commonest("commonest", h.mnem, h.total);
	print_commonest("commonest not lifted", h.unlifted, h.total);
	printf("lifted: %.2f%%\n", percent(h.lifted, h.total));
	return 0;
}

/* "setcc legacy 3": the mnemonic, encoding and length of hex, or the
 * decoder's error. */
static int name(int n, char **hex)
{
	static const char *const encodings[] = { "legacy", "vex", "evex", "xop" };

	for (int i = 0; i < n; i++) {
		uint8_t code[16];
		size_t len = 0;
		unsigned byte;
		struct x86_insn in;

		for (const char *p = hex[i]; len < sizeof code && sscanf(p, "%2x", &byte) == 1; p += 2)
			code[len++] = (uint8_t)byte;
		int r = x86_decode(code, len, 0, &in);
		if (r <= 0) {
			printf("%s: error %d\n", hex[i], r);
			continue;
		}
		print_lower(x86_mnem_name(in.mnem));
		printf(" %s %d\n", encodings[in.encoding], r);
	}
	return 0;
}

static int random_bytes(unsigned long n, unsigned seed)
{
	srandom(seed);
	for (unsigned long i = 0; i < n; i++)
		putchar((int)(random() & 0xff));
	return fflush(stdout) != 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "compare") == 0)
		return compare(argv[2], 0, UINT64_MAX);
	if (argc == 5 && strcmp(argv[1], "compare") == 0)
		return compare(argv[2], strtoull(argv[3], NULL, 0), strtoull(argv[4], NULL, 0));
	if (argc >= 3 && strcmp(argv[1], "stats") == 0)
		return stats(argc - 2, argv + 2);
	if (argc == 3 && strcmp(argv[1], "miscount") == 0) {
		skew_every = 1000;
		return compare(argv[2], 0, UINT64_MAX);
	}
	if (argc >= 3 && strcmp(argv[1], "name") == 0)
		return name(argc - 2, argv + 2);
	if (argc == 4 && strcmp(argv[1], "bytes") == 0)
		return random_bytes(strtoul(argv[2], NULL, 0), (unsigned)strtoul(argv[3], NULL, 0));
	if (argc == 4 && strcmp(argv[1], "fuzz") == 0)
		return fuzz(strtoul(argv[2], NULL, 0), (unsigned)strtoul(argv[3], NULL, 0));
	fprintf(stderr, "usage: x86-decode-check compare FILE [START END] | stats FILE... | "
		"name HEX... | miscount FILE | fuzz N SEED | bytes N SEED\n");
	return 2;
}
