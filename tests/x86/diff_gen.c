/* Generator of the x86-64 differential test (tests/x86_diff.bats).
 *
 *   diff_gen asm    an assembly program without libc
 *   diff_gen names  one line per case: the instruction and the row number
 *
 * The program runs one instruction form (an instruction with its operand
 * sizes and registers) over a table of input rows. For each row it loads
 * every general register, rflags and an 8-qword memory window from the
 * row, runs the instruction, and writes a 200-byte record: the 16
 * registers (rsp as its distance from the stack pointer at entry), rflags
 * with only the bits the manual defines for that row, and the window. The
 * test runs it natively and under xlift and compares the records.
 *
 * How inputs are chosen: an operand of n bits takes each edge value of
 * that width (0, 1, 2, the largest positive, the sign bit alone, the sign
 * bit plus one, all ones, all ones minus one, 0101..., 1010...) and three
 * random values; an instruction of two operands takes every pair of
 * those. Shift and rotate counts are 0, 1, 2, width-1, width, width+1,
 * 31, 32, 33, 63, 64, 65, 127, 255 and 256 (cl is 0), by cl and as an
 * immediate. Bits of a register outside the operand, every other
 * register, the flags going in (CF PF AF ZF SF OF, DF where the
 * instruction reads it) and the memory window are random. Random values
 * come from a xorshift generator with a fixed seed, so the program is the
 * same on every run. Rows whose result the manual leaves undefined
 * (16-bit shld/shrd by more than 16, a dividend that raises #DE) are left
 * out; flags it leaves undefined are masked out of the record. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11 };
enum {
	CF = 1 << 0, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, DF = 1 << 10,
	OF = 1 << 11,
	STATUS = CF | PF | AF | ZF | SF | OF,
	ALL = STATUS | DF,
};

/* A row: q[0..15] the registers (q[RSP]: the mask of defined flags),
 * q[16] rflags, q[17..24] the memory window. The record has the same
 * layout. */
enum { ROW_QWORDS = 25, FLAGS_Q = 16, WINDOW_Q = 17, WINDOW_QWORDS = 8, MAX_ROWS = 4096 };
struct row { uint64_t q[ROW_QWORDS]; };

static const char *const reg_names[4][16] = {
	{ "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
	  "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b" },
	{ "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
	  "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w" },
	{ "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	  "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d" },
	{ "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	  "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" },
};

static int names_mode;
static int n_forms;
static char form_text[256], form_setup[256];
static struct row rows[MAX_ROWS];
static int n_rows;
static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint64_t random64(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static unsigned log2_size(unsigned size)
{
	return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
}

static const char *reg(unsigned r, unsigned size)
{
	return reg_names[log2_size(size)][r];
}

static char suffix(unsigned size)
{
	return "bwlq"[log2_size(size)];
}

static uint64_t width_mask(unsigned size)
{
	return size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

enum { N_EDGES = 13 };

/* Edge value i of a size-byte operand (the last three random). */
static uint64_t edge(int i, unsigned size)
{
	uint64_t m = width_mask(size), sign = 1ull << (8 * size - 1);
	uint64_t v[N_EDGES] = { 0, 1, 2, sign - 1, sign, sign + 1, m, m - 1,
				0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull,
				random64(), random64(), random64() };
	return v[i] & m;
}

/* v in the low size bytes of a random register value. */
static uint64_t in_reg(uint64_t v, unsigned size)
{
	uint64_t m = width_mask(size);

	return (random64() & ~m) | (v & m);
}

static void form(const char *setup, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(form_text, sizeof form_text, fmt, ap);
	va_end(ap);
	snprintf(form_setup, sizeof form_setup, "%s", setup);
	n_rows = 0;
}

/* A row of random registers, status flags and memory, all flags defined. */
static struct row *new_row(void)
{
	struct row *r = &rows[n_rows++];

	if (n_rows > MAX_ROWS) {
		fprintf(stderr, "diff_gen: more than %d rows in %s\n", MAX_ROWS, form_text);
		exit(1);
	}
	for (int i = 0; i < ROW_QWORDS; i++)
		r->q[i] = random64();
	r->q[RSP] = ALL;
	r->q[FLAGS_Q] &= STATUS;
	return r;
}

static void set_mem(struct row *r, uint64_t v)
{
	r->q[WINDOW_Q + 2] = v;
}

/* Emits the form and its rows (a form whose rows are all undefined is
 * left out). */
/* A new row with v as the destination: in rbx, or in memory. */
static struct row *row_with_dest(int in_memory, uint64_t v)
{
	struct row *r = new_row();

	if (in_memory)
		set_mem(r, v);
	else
		r->q[RBX] = v;
	return r;
}

static void end_form(void)
{
	if (n_rows == 0)
		return;
	int k = n_forms++;

	if (names_mode) {
		for (int i = 0; i < n_rows; i++)
			printf("%s%s%s%s #%d\n", form_text, *form_setup ? " [" : "", form_setup,
			       *form_setup ? "]" : "", i);
		return;
	}
	printf("\t.data\n\t.balign 8\nrows_%d:\n", k);
	for (int i = 0; i < n_rows; i++) {
		printf("\t.quad ");
		for (int j = 0; j < ROW_QWORDS; j++)
			printf("%s0x%" PRIx64, j ? "," : "", rows[i].q[j]);
		printf("\n");
	}
	printf("\t.text\n"
	       "\tmov base_rsp(%%rip), %%rsp\n"
	       "\tlea rows_%d(%%rip), %%rax\n"
	       "\tmov %%rax, row(%%rip)\n"
	       "\tmovl $%d, left(%%rip)\n"
	       "head_%d:\n"
	       "\tmov base_rsp(%%rip), %%rsp\n"
	       "\tcall load_row\n"
	       "\t%s\n"
	       "\t%s\n"
	       "\tcall save_row\n"
	       "\tjnz head_%d\n", k, n_rows, k, form_setup, form_text, k);
}

/* The destination operand: a register, or the memory window's qword 2. */
static const char *dest(int in_memory, unsigned r, unsigned size)
{
	static char buf[32];

	snprintf(buf, sizeof buf, in_memory ? "mem(%%rip)" : "%%%s", reg(r, size));
	return buf;
}

/* ---- shifts and rotates ---- */

static const unsigned counts[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127,
				   255, 256 };
#define N_COUNTS (sizeof counts / sizeof counts[0])

static int is_rotate(const char *op)
{
	return op[0] == 'r';
}

/* The flags defined after op by count (masked as the CPU masks it). */
static uint64_t shift_defined(const char *op, unsigned size, unsigned count)
{
	unsigned masked = count & (size == 8 ? 63 : 31);
	uint64_t m = ALL;

	if (masked == 0)
		return m;
	if (masked != 1)
		m &= ~(uint64_t)OF;
	if (is_rotate(op))
		return m;
	m &= ~(uint64_t)AF;
	if ((!strcmp(op, "shl") || !strcmp(op, "shr")) && masked >= 8 * size)
		m &= ~(uint64_t)CF;
	return m;
}

static void shift_rows(const char *op, unsigned size, int in_memory, const unsigned *cs,
		       unsigned n_cs)
{
	for (unsigned c = 0; c < n_cs; c++)
		for (int e = 0; e < N_EDGES; e++) {
			struct row *r = row_with_dest(in_memory, in_reg(edge(e, size), size));
			r->q[RCX] = (r->q[RCX] & ~0xffull) | (cs[c] & 0xff);
			r->q[RSP] = shift_defined(op, size, cs[c]);
		}
}

static void shifts(void)
{
	static const char *const ops[] = { "shl", "shr", "sar", "rol", "ror", "rcl", "rcr" };
	static const unsigned one = 1;

	for (unsigned o = 0; o < 7; o++)
		for (unsigned size = 1; size <= 8; size *= 2)
			for (int mem = 0; mem < 2; mem++) {
				const char *d = dest(mem, RBX, size);
				form("", "%s%c $1, %s", ops[o], suffix(size), d);
				shift_rows(ops[o], size, mem, &one, 1);
				end_form();
				form("", "%s%c %%cl, %s", ops[o], suffix(size), d);
				shift_rows(ops[o], size, mem, counts, N_COUNTS);
				end_form();
				for (unsigned c = 0; c < N_COUNTS; c++) {
					if (counts[c] > 255 || (mem && c % 3))
						continue;
					form("", "%s%c $%u, %s", ops[o], suffix(size), counts[c], d);
					shift_rows(ops[o], size, mem, &counts[c], 1);
					end_form();
				}
			}
}

/* shld/shrd dst, rdx, count: every destination edge with three sources. */
static void double_shift_rows(unsigned size, int in_memory, const unsigned *cs, unsigned n_cs,
			      const char *op)
{
	for (unsigned c = 0; c < n_cs; c++) {
		unsigned masked = cs[c] & (size == 8 ? 63 : 31);
		if (size == 2 && masked > 16)
			continue;
		for (int e = 0; e < N_EDGES; e++)
			for (int s = 0; s < 3; s++) {
				struct row *r = new_row();
				uint64_t v = in_reg(edge(e, size), size);
				static const int sources[3] = { 6, 9, 12 };
				if (in_memory)
					set_mem(r, v);
				else
					r->q[RBX] = v;
				r->q[RDX] = in_reg(edge(sources[s], size), size);
				r->q[RCX] = (r->q[RCX] & ~0xffull) | (cs[c] & 0xff);
				r->q[RSP] = shift_defined(op, size, cs[c]);
			}
	}
}

static void double_shifts(void)
{
	static const char *const ops[] = { "shld", "shrd" };

	for (unsigned o = 0; o < 2; o++)
		for (unsigned size = 2; size <= 8; size *= 2)
			for (int mem = 0; mem < 2; mem++) {
				const char *d = dest(mem, RBX, size);
				form("", "%s%c %%cl, %%%s, %s", ops[o], suffix(size), reg(RDX, size), d);
				double_shift_rows(size, mem, counts, N_COUNTS, ops[o]);
				end_form();
				for (unsigned c = 0; c < N_COUNTS; c += 2) {
					if (counts[c] > 255)
						continue;
					form("", "%s%c $%u, %%%s, %s", ops[o], suffix(size), counts[c],
					     reg(RDX, size), d);
					double_shift_rows(size, mem, &counts[c], 1, ops[o]);
					end_form();
				}
			}
}

/* ---- multiplication and division ---- */

/* Rows of every pair of edges: a in register ra, b in rb (or memory). */
static void pair_rows(unsigned size, unsigned ra, unsigned rb, int b_in_memory, uint64_t defined)
{
	for (int i = 0; i < N_EDGES; i++)
		for (int j = 0; j < N_EDGES; j++) {
			struct row *r = new_row();
			r->q[ra] = in_reg(edge(i, size), size);
			if (b_in_memory)
				set_mem(r, in_reg(edge(j, size), size));
			else
				r->q[rb] = in_reg(edge(j, size), size);
			r->q[RSP] = defined;
		}
}

static void multiplies(void)
{
	static const char *const ops[] = { "mul", "imul" };
	static const int64_t imms[] = { 0, 1, -1, 2, 127, -128, 0x12345, -0x80000000ll };

	for (unsigned o = 0; o < 2; o++)
		for (unsigned size = 1; size <= 8; size *= 2)
			for (int mem = 0; mem < 2; mem++) {
				form("", "%s%c %s", ops[o], suffix(size), dest(mem, RBX, size));
				pair_rows(size, RAX, RBX, mem, CF | OF | DF);
				end_form();
			}
	for (unsigned size = 2; size <= 8; size *= 2)
		for (int mem = 0; mem < 2; mem++) {
			form("", "imul%c %s, %%%s", suffix(size), dest(mem, RBX, size), reg(RSI, size));
			pair_rows(size, RSI, RBX, mem, CF | OF | DF);
			end_form();
			for (unsigned k = 0; k < sizeof imms / sizeof imms[0]; k++) {
				int64_t imm = size == 2 ? (int16_t)imms[k] : imms[k];
				form("", "imul%c $%" PRId64 ", %s, %%%s", suffix(size), imm,
				     dest(mem, RBX, size), reg(RSI, size));
				pair_rows(size, RSI, RBX, mem, CF | OF | DF);
				end_form();
			}
		}
}

/* Whether hi:lo / d fits (no #DE) for size-byte operands. */
static int divides(uint64_t hi, uint64_t lo, uint64_t d, unsigned size, int sign)
{
	unsigned bits = 8 * size;
	uint64_t m = width_mask(size);

	hi &= m;
	lo &= m;
	d &= m;
	if (d == 0)
		return 0;
	if (!sign) {
		unsigned __int128 n = ((unsigned __int128)hi << bits) | lo;
		return (n / d) >> bits == 0;
	}
	__int128 n = (__int128)(((unsigned __int128)hi << bits) | lo);
	n = (__int128)((unsigned __int128)n << (128 - 2 * bits)) >> (128 - 2 * bits);
	__int128 sd = (__int128)((unsigned __int128)d << (128 - bits)) >> (128 - bits);
	if (sd == -1 && n == -(__int128)((unsigned __int128)1 << (2 * bits - 1)))
		return 0;
	__int128 q = n / sd, lim = (__int128)1 << (bits - 1);
	return q >= -lim && q < lim;
}

static void division_rows(unsigned size, int mem, int sign)
{
	for (int h = 0; h < N_EDGES; h++)
		for (int l = 0; l < N_EDGES; l += 2)
			for (int d = 0; d < N_EDGES; d++) {
				uint64_t hi = edge(h, size), lo = edge(l, size), dv = edge(d, size);
				if (!divides(hi, lo, dv, size, sign))
					continue;
				struct row *r = new_row();
				if (size == 1) {
					r->q[RAX] = in_reg(hi << 8 | lo, 2);
				} else {
					r->q[RAX] = in_reg(lo, size);
					r->q[RDX] = in_reg(hi, size);
				}
				if (mem)
					set_mem(r, in_reg(dv, size));
				else
					r->q[RBX] = in_reg(dv, size);
				r->q[RSP] = DF;
			}
}

static void divisions(void)
{
	static const char *const ops[] = { "div", "idiv" };

	for (unsigned o = 0; o < 2; o++)
		for (unsigned size = 1; size <= 8; size *= 2)
			for (int mem = 0; mem < 2; mem++) {
				form("", "%s%c %s", ops[o], suffix(size), dest(mem, RBX, size));
				division_rows(size, mem, o);
				end_form();
			}
}

/* ---- carries, sign extension, bits ---- */

/* op src, dst (or op dst alone) over every pair of edges: dst in rbx or
 * memory, src in rdx. */
static void binary(const char *op, unsigned size, int mem, uint64_t defined)
{
	form("", "%s%c %%%s, %s", op, suffix(size), reg(RDX, size), dest(mem, RBX, size));
	for (int i = 0; i < N_EDGES; i++)
		for (int j = 0; j < N_EDGES; j++) {
			struct row *r = row_with_dest(mem, in_reg(edge(i, size), size));
			r->q[RDX] = in_reg(edge(j, size), size);
			r->q[RSP] = defined;
		}
	end_form();
}

static void unary(const char *op, unsigned size, int mem, uint64_t defined)
{
	form("", "%s%c %s", op, suffix(size), dest(mem, RBX, size));
	for (int i = 0; i < N_EDGES; i++)
		for (int k = 0; k < 4; k++) {
			struct row *r = row_with_dest(mem, in_reg(edge(i, size), size));
			r->q[RSP] = defined;
		}
	end_form();
}

static void carries(void)
{
	static const char *const ops[] = { "adc", "sbb" };

	for (unsigned o = 0; o < 2; o++)
		for (unsigned size = 1; size <= 8; size *= 2)
			for (int mem = 0; mem < 2; mem++)
				binary(ops[o], size, mem, ALL);
	for (unsigned size = 1; size <= 8; size *= 2) {
		form("", "adc%c $-1, %%%s", suffix(size), reg(RBX, size));
		for (int i = 0; i < N_EDGES; i++)
			new_row()->q[RBX] = in_reg(edge(i, size), size);
		end_form();
	}
}

static void sign_extensions(void)
{
	static const char *const ops[] = { "cbw", "cwde", "cdqe", "cwd", "cdq", "cqo" };
	static const unsigned sizes[] = { 2, 4, 8, 2, 4, 8 };

	for (unsigned o = 0; o < 6; o++) {
		form("", "%s", ops[o]);
		for (int i = 0; i < N_EDGES; i++) {
			unsigned from = o < 3 ? sizes[o] / 2 : sizes[o];
			new_row()->q[RAX] = in_reg(edge(i, from), from);
		}
		end_form();
	}
}

/* bt*: bit offsets in a register (for memory, -128..383: the window
 * around mem), as immediates, against a register or memory. */
static void bit_tests(void)
{
	static const char *const ops[] = { "bt", "bts", "btr", "btc" };
	static const int offsets[] = { 0, 1, 7, 15, 16, 31, 32, 63, 64, 100, 255, 383, -1, -8,
				       -65, -128 };
	static const unsigned imms[] = { 0, 1, 15, 16, 31, 32, 63, 64, 200 };

	for (unsigned o = 0; o < 4; o++)
		for (unsigned size = 2; size <= 8; size *= 2) {
			for (int mem = 0; mem < 2; mem++) {
				form("", "%s%c %%%s, %s", ops[o], suffix(size), reg(RDX, size),
				     dest(mem, RBX, size));
				for (unsigned i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
					struct row *r = new_row();
					r->q[RDX] = in_reg((uint64_t)(int64_t)offsets[i], size);
					if (!mem && i % 2)
						r->q[RDX] = random64();
					r->q[RSP] = CF | ZF | DF;
				}
				end_form();
				for (unsigned i = 0; i < sizeof imms / sizeof imms[0]; i++) {
					form("", "%s%c $%u, %s", ops[o], suffix(size), imms[i],
					     dest(mem, RBX, size));
					for (int k = 0; k < 4; k++)
						new_row()->q[RSP] = CF | ZF | DF;
					end_form();
				}
			}
			form("", "lock %s%c %%%s, mem(%%rip)", ops[o], suffix(size), reg(RDX, size));
			for (unsigned i = 0; o && i < sizeof offsets / sizeof offsets[0]; i++) {
				struct row *r = new_row();
				r->q[RDX] = in_reg((uint64_t)(int64_t)offsets[i], size);
				r->q[RSP] = CF | ZF | DF;
			}
			end_form();
		}
}

/* bsf, bsr (zero sources included); popcnt, lzcnt; bswap; movbe both
 * ways. */
static void bit_order(void)
{
	static const char *const scans[] = { "bsf", "bsr" };

	for (unsigned o = 0; o < 2; o++)
		for (unsigned size = 2; size <= 8; size *= 2)
			for (int mem = 0; mem < 2; mem++) {
				form("", "%s%c %s, %%%s", scans[o], suffix(size), dest(mem, RDX, size),
				     reg(RBX, size));
				for (int i = 0; i < N_EDGES; i++) {
					struct row *r = new_row();
					uint64_t v = in_reg(edge(i, size), size);
					if (mem)
						set_mem(r, v);
					else
						r->q[RDX] = v;
					r->q[RSP] = ZF | DF;
				}
				end_form();
			}
	/* popcnt: every flag defined; lzcnt: CF and ZF. Sources: the edge
	 * values and random ones shifted right by 0..width-1, so every count
	 * of leading zeros occurs. */
	static const char *const counts_op[] = { "popcnt", "lzcnt" };
	static const uint64_t count_defined[] = { ALL, CF | ZF | DF };
	for (unsigned o = 0; o < 2; o++)
		for (unsigned size = 2; size <= 8; size *= 2)
			for (int mem = 0; mem < 2; mem++) {
				form("", "%s%c %s, %%%s", counts_op[o], suffix(size),
				     dest(mem, RDX, size), reg(RBX, size));
				for (unsigned i = 0; i < N_EDGES + 8 * size; i++) {
					uint64_t v = i < N_EDGES ? edge(i, size)
						: random64() >> (64 - 8 * size + i - N_EDGES);
					struct row *r = new_row();
					if (mem)
						set_mem(r, in_reg(v, size));
					else
						r->q[RDX] = in_reg(v, size);
					r->q[RSP] = count_defined[o];
				}
				end_form();
			}
	/* "rep bsf" is tzcnt where the CPU has BMI1: the same for nonzero
	 * sources, the flags aside */
	for (unsigned size = 2; size <= 8; size *= 2) {
		form("", "rep bsf%c %%%s, %%%s", suffix(size), reg(RDX, size), reg(RBX, size));
		for (int i = 0; i < N_EDGES; i++) {
			uint64_t v = edge(i, size);
			if (v)
				new_row()->q[RDX] = in_reg(v, size);
		}
		for (int i = 0; i < n_rows; i++)
			rows[i].q[RSP] = DF;
		end_form();
	}
	for (unsigned size = 4; size <= 8; size *= 2)
		unary("bswap", size, 0, ALL);
	for (unsigned size = 2; size <= 8; size *= 2) {
		form("", "movbe%c mem(%%rip), %%%s", suffix(size), reg(RBX, size));
		for (int k = 0; k < 8; k++)
			new_row();
		end_form();
		form("", "movbe%c %%%s, mem(%%rip)", suffix(size), reg(RBX, size));
		for (int k = 0; k < 8; k++)
			new_row();
		end_form();
	}
}

/* ---- exchanges and lock ---- */

/* cmpxchg rows: the accumulator equal to the destination in half. */
static void compare_exchange(unsigned size, int mem, const char *lock)
{
	form("", "%scmpxchg%c %%%s, %s", lock, suffix(size), reg(RDX, size), dest(mem, RBX, size));
	for (int i = 0; i < N_EDGES; i++)
		for (int k = 0; k < 4; k++) {
			uint64_t d = in_reg(edge(i, size), size);
			struct row *r = row_with_dest(mem, d);
			if (k % 2)
				r->q[RAX] = in_reg(d, size);
		}
	end_form();
}

static void compare_exchange_double(const char *op)
{
	int wide = op[7] == '1';

	form("", "%s mem(%%rip)", op);
	for (int k = 0; k < 32; k++) {
		struct row *r = new_row();
		if (k % 2 == 0)
			continue;
		uint64_t lo = r->q[WINDOW_Q + 2], hi = r->q[WINDOW_Q + 3];
		r->q[RAX] = wide ? lo : in_reg(lo, 4);
		r->q[RDX] = wide ? hi : in_reg(lo >> 32, 4);
	}
	end_form();
}

static void exchanges(void)
{
	for (unsigned size = 1; size <= 8; size *= 2)
		for (int mem = 0; mem < 2; mem++) {
			binary("xchg", size, mem, ALL);
			binary("xadd", size, mem, ALL);
			compare_exchange(size, mem, "");
		}
	for (unsigned size = 1; size <= 8; size *= 2) {
		compare_exchange(size, 1, "lock ");
		binary("lock xadd", size, 1, ALL);
		binary("lock adc", size, 1, ALL);
		binary("lock sbb", size, 1, ALL);
		binary("lock add", size, 1, ALL);
		binary("lock xor", size, 1, ALL);
		unary("lock inc", size, 1, ALL);
		unary("lock dec", size, 1, ALL);
		unary("lock neg", size, 1, ALL);
		unary("lock not", size, 1, ALL);
	}
	form("", "xchgq %%r8, %%rax");
	new_row();
	end_form();
	form("", "xchgw %%r9w, %%ax");
	new_row();
	end_form();
	form("", "xchgl %%eax, %%eax");
	new_row();
	end_form();
	compare_exchange_double("cmpxchg8b");
	compare_exchange_double("cmpxchg16b");
	compare_exchange_double("lock cmpxchg16b");
}

/* ---- loops, leave, strings ---- */

static void loops(void)
{
	static const char *const ops[] = { "loop", "loope", "loopne", "jrcxz", "jecxz" };
	static const uint64_t counts_in[] = { 0, 1, 2, 0x100000000ull, 0x100000001ull, ~0ull };

	for (unsigned o = 0; o < 5; o++) {
		form("", "%s 1f; mov $1, %%r11d; 1:", ops[o]);
		for (unsigned c = 0; c < 6; c++)
			for (int k = 0; k < 4; k++)
				new_row()->q[RCX] = counts_in[c];
		end_form();
	}
	/* a loop whose first instruction reads the flags the loop's last
	 * flag-setting instruction left, and those of the cmp before it
	 * on the first pass */
	form("movzbl %cl, %ecx", "cmp %%rdx, %%rbx; 2: adc %%rdx, %%r9; loop 2b");
	for (int k = 0; k < 24; k++)
		new_row();
	end_form();
	form("movzbl %cl, %ecx", "cmp %%rdx, %%rbx; 2: adc %%rdx, %%r9; loopne 2b");
	for (int k = 0; k < 24; k++)
		new_row()->q[RDX] = k % 2 ? 0 : random64();
	end_form();
	form("lea -64(%rsp), %rbp; mov %r8, (%rbp)", "leave");
	for (int k = 0; k < 4; k++)
		new_row();
	end_form();
}

/* String operations, by element size and DF: rsi walks the window's
 * first 24 bytes, rdi the 24 from byte 32, up or down; rep counts 0-3.
 * For cmps the two areas are equal but for one byte in most rows, for
 * scas rax holds one of the elements in most rows, so repe and repne
 * stop at different places. The addr32 (67) forms run with random upper
 * halves in rsi, rdi and rcx, which only esi, edi and ecx may see (the
 * program is linked without PIE, so the window is below 4 GiB). */
static void string_rows(const char *op, unsigned size, int rep, int addr32)
{
	for (int k = 0; k < 24; k++) {
		struct row *r = new_row();
		uint8_t *w = (uint8_t *)&r->q[WINDOW_Q];
		uint64_t high = addr32 ? random64() << 32 : 0;
		/* What a rep with a count of 0 leaves in the upper halves is
		 * the core's: Intel's fast rep movsb (FSRM) clears them, other
		 * forms and AMD keep them. Those rows have none to keep. */
		if (addr32 && rep && k % 4 == 0) {
			high = 0;
			r->q[12] &= ~0xffffffffull;     /* r12: rsi's and rdi's */
		}
		r->q[RCX] = rep ? high | (uint64_t)(k % 4) : random64();
		if (!strcmp(op, "cmps")) {
			memcpy(w + 32, w, 24);
			if (k % 5)
				w[32 + random64() % 24] ^= 1;
		}
		if (!strcmp(op, "scas") && k % 5) {
			uint64_t e = 0;
			memcpy(&e, w + 32 + size * (random64() % (24 / size)), size);
			r->q[RAX] = in_reg(e, size);
		}
	}
}

/* Every string form, with the 67 prefix (addr32) or without. */
static void string_forms(int addr32)
{
	static const char *const ops[] = { "movs", "stos", "lods", "cmps", "scas" };
	static const char *const reps[] = { "", "rep ", "repe ", "repne " };
	static const char *const garbage = "; shl $32, %r12; or %r12, %rsi; or %r12, %rdi";
	char setup[192];

	for (unsigned o = 0; o < 5; o++)
		for (unsigned size = 1; size <= 8; size *= 2)
			for (int df = 0; df < 2; df++)
				for (unsigned p = 0; p < 4; p++) {
					int compares = o >= 3;
					if ((p >= 2) != compares && p != 0)
						continue;
					snprintf(setup, sizeof setup,
						 "lea window+%u(%%rip), %%rsi; lea window+%u(%%rip), %%rdi%s",
						 df ? 24 - size : 0, df ? 56 - size : 32,
						 addr32 ? garbage : "");
					form(setup, "%s%s%s%c", addr32 ? "addr32 " : "", reps[p], ops[o],
					     suffix(size));
					string_rows(ops[o], size, p != 0, addr32);
					for (int i = 0; i < n_rows; i++)
						rows[i].q[FLAGS_Q] |= df ? DF : 0;
					end_form();
				}
}

static void strings(void)
{
	string_forms(0);
	string_forms(1);
	form("", "std; cld");
	new_row();
	end_form();
}

/* ---- flag instructions ---- */

static void flag_rows(uint64_t defined)
{
	for (int i = 0; i < 64; i++) {
		struct row *r = new_row();
		r->q[FLAGS_Q] = random64() & ALL;
		r->q[R11] = random64() & ALL;
		r->q[RSP] = defined;
	}
}

static void flag_ops(void)
{
	static const char *const simple[] = { "clc", "stc", "cmc", "cld", "std", "sahf", "lahf" };

	for (unsigned i = 0; i < sizeof simple / sizeof simple[0]; i++) {
		form("", "%s", simple[i]);
		flag_rows(ALL);
		end_form();
	}
	form("", "pushfq; popq %%r11");
	flag_rows(ALL);
	end_form();
	form("", "pushq %%r11; popfq");
	flag_rows(ALL);
	end_form();
	form("", "pushfw; popw %%r11w");
	flag_rows(ALL);
	end_form();
}

static void prologue(void)
{
	printf("\t.text\n\t.globl _start\n_start:\n\tmov %%rsp, base_rsp(%%rip)\n");
}

/* load_row and save_row use only instructions the differential test
 * does not test alone (mov, lea, push, pop, call, ret, and, add, dec,
 * syscall) besides pushf/popf. */
static void epilogue(void)
{
	static const int loads[] = { RAX, RCX, RDX, RBX, RBP, RSI, RDI, R8, R9, R10, R11, 12, 13, 14 };

	printf("\tmov $60, %%eax\n\txor %%edi, %%edi\n\tsyscall\n\n");
	printf("load_row:\n\tmov row(%%rip), %%r15\n");
	for (int i = 0; i < WINDOW_QWORDS; i++)
		printf("\tmov %d(%%r15), %%rax\n\tmov %%rax, window+%d(%%rip)\n",
		       8 * (WINDOW_Q + i), 8 * i);
	for (unsigned i = 0; i < sizeof loads / sizeof loads[0]; i++)
		printf("\tmov %d(%%r15), %%%s\n", 8 * loads[i], reg(loads[i], 8));
	printf("\tpushq %d(%%r15)\n\tpopfq\n\tmov %d(%%r15), %%r15\n\tret\n\n",
	       8 * FLAGS_Q, 8 * 15);
	printf("save_row:\n\tpushfq\n\tpopq out+%d(%%rip)\n", 8 * FLAGS_Q);
	for (int i = 0; i < 16; i++)
		if (i != RSP)
			printf("\tmov %%%s, out+%d(%%rip)\n", reg((unsigned)i, 8), 8 * i);
	printf("\tlea 8(%%rsp), %%rax\n\tsub base_rsp(%%rip), %%rax\n\tmov %%rax, out+%d(%%rip)\n",
	       8 * RSP);
	printf("\tmov row(%%rip), %%r15\n\tmov %d(%%r15), %%rax\n\tand %%rax, out+%d(%%rip)\n",
	       8 * RSP, 8 * FLAGS_Q);
	for (int i = 0; i < WINDOW_QWORDS; i++)
		printf("\tmov window+%d(%%rip), %%rax\n\tmov %%rax, out+%d(%%rip)\n",
		       8 * i, 8 * (WINDOW_Q + i));
	printf("\tmov $1, %%eax\n\tmov $1, %%edi\n\tlea out(%%rip), %%rsi\n\tmov $%d, %%edx\n"
	       "\tsyscall\n\taddq $%d, row(%%rip)\n\tdecl left(%%rip)\n\tret\n\n",
	       8 * ROW_QWORDS, 8 * ROW_QWORDS);
	printf("\t.bss\n\t.balign 16\nwindow:\t.skip 16\nmem:\t.skip %d\n"
	       "out:\t.skip %d\nbase_rsp:\t.skip 8\nrow:\t.skip 8\nleft:\t.skip 8\n",
	       8 * (WINDOW_QWORDS - 2), 8 * ROW_QWORDS);
}

int main(int argc, char **argv)
{
	if (argc != 2 || (strcmp(argv[1], "asm") && strcmp(argv[1], "names"))) {
		fprintf(stderr, "usage: diff_gen asm|names\n");
		return 2;
	}
	names_mode = !strcmp(argv[1], "names");
	if (!names_mode)
		prologue();
	shifts();
	double_shifts();
	multiplies();
	divisions();
	carries();
	sign_extensions();
	bit_tests();
	bit_order();
	exchanges();
	loops();
	strings();
	flag_ops();
	if (!names_mode)
		epilogue();
	return 0;
}
