/* Loading a guest ELF program: every check that turns a bad file into one
 * error line comes first, then the mappings the kernel's ELF loader makes. */
#include "loader/loader.h"
#include "linux/path.h"
#include "linux/ranges.h"
#include "util/die.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Where a position-independent program goes when that range is free: the
 * kernel's ELF_ET_DYN_BASE for a 39-bit (Sv39) address space, so guests see
 * addresses their own kernel could have given them. Its interpreter goes
 * where the guest's mmap calls go, as with the kernel. */
#define PIE_BASE 0x2aaaaaa000ull

/* Guest addresses are host addresses: both hosts' user space is 47 bits. */
#define GUEST_ADDR_LIMIT (1ull << 47)

/* One ELF file being loaded: the program or its interpreter. */
struct elf_file {
	const char *path;               /* as named in messages */
	int fd;
	Elf *elf;
	const char *image;              /* the whole file, mapped by libelf */
	size_t size;
	GElf_Ehdr ehdr;
	GElf_Phdr *phdrs;
	size_t phnum;
	const struct guest_arch *arch;
	uint64_t lo, hi;                /* page-aligned span of the PT_LOADs */
	uint64_t align;                 /* the largest PT_LOAD alignment */
	uint64_t base;                  /* load bias: address minus link address */
};

static uint64_t page_size(void)
{
	return (uint64_t)sysconf(_SC_PAGESIZE);
}

static uint64_t align_down(uint64_t x, uint64_t align)
{
	return x & ~(align - 1);
}

static uint64_t align_up(uint64_t x, uint64_t align)
{
	return align_down(x + align - 1, align);
}

/* Names for the machines people are most likely to hand us by mistake. */
static const char *machine_name(uint16_t machine)
{
	switch (machine) {
	case EM_386: return "i386";
	case EM_ARM: return "ARM";
	case EM_X86_64: return "x86-64";
	case EM_AARCH64: return "AArch64";
	case EM_PPC64: return "PowerPC64";
	case EM_S390: return "s390";
	case EM_MIPS: return "MIPS";
	case EM_RISCV: return "RISC-V";
	case EM_LOONGARCH: return "LoongArch";
	default: return "unknown";
	}
}

/* Why an ELF identification can't be a guest program, or NULL. */
static const char *ident_problem(const unsigned char *ident)
{
	if (memcmp(ident, ELFMAG, SELFMAG) != 0)
		return "not an ELF file";
	if (ident[EI_CLASS] != ELFCLASS64)
		return "not a 64-bit ELF file (only 64-bit guests are supported)";
	if (ident[EI_DATA] != ELFDATA2LSB)
		return "not a little-endian ELF file";
	return NULL;
}

static int is_program_type(uint16_t type)
{
	return type == ET_EXEC || type == ET_DYN;
}

const struct guest_arch *xl_elf_guest(int fd)
{
	/* Both hosts are little-endian like every guest: the header can be
	 * read as it is. */
	Elf64_Ehdr eh;

	if (pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh)
		return NULL;
	if (ident_problem(eh.e_ident) || !is_program_type(eh.e_type))
		return NULL;
	return guest_for_machine(eh.e_machine);
}

static void check_header(struct elf_file *f)
{
	const char *problem;

	if (elf_kind(f->elf) != ELF_K_ELF || f->size < EI_NIDENT)
		xl_die("%s: not an ELF file", f->path);
	if ((problem = ident_problem((const unsigned char *)f->image)))
		xl_die("%s: %s", f->path, problem);
	if (!gelf_getehdr(f->elf, &f->ehdr))
		xl_die("%s: truncated ELF file", f->path);
	if (!is_program_type(f->ehdr.e_type))
		xl_die("%s: not an executable (ELF type %u)", f->path, f->ehdr.e_type);
	f->arch = guest_for_machine(f->ehdr.e_machine);
	if (!f->arch)
		xl_die("%s: ELF machine %u (%s) is not a supported guest", f->path,
		       f->ehdr.e_machine, machine_name(f->ehdr.e_machine));
	if (f->arch->check_elf_flags &&
	    (problem = f->arch->check_elf_flags(f->ehdr.e_flags)))
		xl_die("%s: %s", f->path, problem);
}

static int inside_file(const struct elf_file *f, uint64_t offset, uint64_t len)
{
	return offset <= f->size && len <= f->size - offset;
}

static void read_program_headers(struct elf_file *f)
{
	if (f->ehdr.e_phnum == 0)
		xl_die("%s: no program headers", f->path);
	/* libelf counts no headers when they lie beyond the end of the file. */
	if (elf_getphdrnum(f->elf, &f->phnum) != 0 || f->phnum == 0)
		xl_die("%s: truncated ELF file", f->path);
	if (f->ehdr.e_phentsize != sizeof(Elf64_Phdr))
		xl_die("%s: bad program header size %u", f->path, f->ehdr.e_phentsize);
	if (!inside_file(f, f->ehdr.e_phoff, f->phnum * sizeof(Elf64_Phdr)))
		xl_die("%s: truncated ELF file", f->path);
	f->phdrs = calloc(f->phnum, sizeof *f->phdrs);
	if (!f->phdrs)
		xl_die("%s: out of memory for program headers", f->path);
	for (size_t i = 0; i < f->phnum; i++) {
		GElf_Phdr *ph = &f->phdrs[i];

		if (!gelf_getphdr(f->elf, (int)i, ph) ||
		    !inside_file(f, ph->p_offset, ph->p_filesz))
			xl_die("%s: truncated ELF file", f->path);
	}
}

/* Checks one PT_LOAD (number i) and widens the span to cover it. */
static void add_load_segment(struct elf_file *f, size_t i, const GElf_Phdr *ph)
{
	uint64_t page = page_size();

	if (ph->p_filesz > ph->p_memsz)
		xl_die("%s: segment %zu has more file than memory bytes", f->path, i);
	if (ph->p_vaddr >= GUEST_ADDR_LIMIT || ph->p_memsz > GUEST_ADDR_LIMIT - ph->p_vaddr)
		xl_die("%s: segment %zu lies outside the address space", f->path, i);
	/* mmap needs the file offset and the address to agree within a page. */
	if (ph->p_align & (ph->p_align - 1) || (ph->p_vaddr - ph->p_offset) % page)
		xl_die("%s: segment %zu is misaligned", f->path, i);
	if (align_down(ph->p_vaddr, page) < f->lo)
		f->lo = align_down(ph->p_vaddr, page);
	if (align_up(ph->p_vaddr + ph->p_memsz, page) > f->hi)
		f->hi = align_up(ph->p_vaddr + ph->p_memsz, page);
	if (ph->p_align > f->align)
		f->align = ph->p_align;
}

static void check_load_segments(struct elf_file *f)
{
	f->align = page_size();
	f->lo = UINT64_MAX;
	for (size_t i = 0; i < f->phnum; i++)
		if (f->phdrs[i].p_type == PT_LOAD)
			add_load_segment(f, i, &f->phdrs[i]);
	if (f->hi <= f->lo)
		xl_die("%s: no loadable segments", f->path);
}

/* Opens the ELF file at fd and checks everything that can be checked
 * before mapping it. */
static void elf_open(struct elf_file *f, int fd, const char *path)
{
	*f = (struct elf_file){ .path = path, .fd = fd };
	elf_version(EV_CURRENT);
	f->elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!f->elf)
		xl_die("%s: not an ELF file", path);
	f->image = elf_rawfile(f->elf, &f->size);
	check_header(f);
	read_program_headers(f);
	check_load_segments(f);
}

static void elf_close(struct elf_file *f)
{
	elf_end(f->elf);
	free(f->phdrs);
}

/* The PT_INTERP path of f, pointing into its image; NULL for a static program. */
static const char *interpreter_name(const struct elf_file *f)
{
	for (size_t i = 0; i < f->phnum; i++) {
		const GElf_Phdr *ph = &f->phdrs[i];
		const char *name = f->image + ph->p_offset;

		if (ph->p_type != PT_INTERP)
			continue;
		if (ph->p_filesz < 2 || strnlen(name, ph->p_filesz) != ph->p_filesz - 1)
			xl_die("%s: bad interpreter path", f->path);
		return name;
	}
	return NULL;
}

/* Opens the interpreter under the sysroot, else on the host (as inside a
 * chroot of the guest's own distribution); *found is the path it opened. */
static int open_interpreter(const char *name, const char *sysroot,
			    const char *prog, const char **found)
{
	char in_sysroot[PATH_MAX];
	int fd;

	if (sysroot && xl_sysroot_path(in_sysroot, sysroot, name) == 0) {
		fd = open(in_sysroot, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			*found = strdup(in_sysroot);
			if (!*found)
				xl_die("out of memory");
			return fd;
		}
	}
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		*found = name;
		return fd;
	}
	if (sysroot)
		xl_die("%s: interpreter %s not found in sysroot %s (use -L or XLIFT_SYSROOT)",
		       prog, name, sysroot);
	xl_die("%s: interpreter %s not found (use -L or XLIFT_SYSROOT)", prog, name);
}

/* Reserves the whole span of f's segments, so that mapping them one by one
 * can clobber nothing else, registers it as guest memory and sets f->base.
 * A fixed-address program must get its link addresses; a
 * position-independent file goes to hint when that is free (0: no hint),
 * else where the guest's other mappings go (ranges.h), the same address in
 * every run. */
static void reserve_span(struct elf_file *f, uint64_t hint)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	uint64_t len = f->hi - f->lo;
	long at;

	if (f->ehdr.e_type == ET_EXEC) {
		at = xl_ranges_map_at(f->lo, len, PROT_NONE, flags, -1, 0);
		if (at < 0)
			xl_die("%s: cannot map its segments at 0x%" PRIx64 "-0x%" PRIx64 ": %s",
			       f->path, f->lo, f->hi,
			       at == -EEXIST ? "range in use by xlift" : strerror((int)-at));
	} else {
		at = xl_ranges_map(hint, len, f->align, PROT_NONE, flags, -1, 0);
		if (at < 0)
			xl_die("%s: cannot reserve 0x%" PRIx64 " bytes of address space: %s",
			       f->path, len, strerror((int)-at));
	}
	f->base = (uint64_t)at - f->lo;
}

/* The translator reads guest code, so executable segments stay readable. */
static int segment_prot(uint32_t p_flags)
{
	int prot = 0;

	if (p_flags & PF_R)
		prot |= PROT_READ;
	if (p_flags & PF_W)
		prot |= PROT_WRITE;
	if (p_flags & PF_X)
		prot |= PROT_EXEC | PROT_READ;
	return prot;
}

static void map_fixed(const struct elf_file *f, uint64_t addr, uint64_t len,
		      int prot, int flags, int fd, uint64_t offset)
{
	if (mmap((void *)addr, len, prot, flags | MAP_FIXED, fd, (off_t)offset) == MAP_FAILED)
		xl_die("%s: cannot map 0x%" PRIx64 " bytes at 0x%" PRIx64 ": %s",
		       f->path, len, addr, strerror(errno));
}

/* Maps one PT_LOAD: its file bytes, then zeros up to p_memsz (the bss). */
static void map_segment(const struct elf_file *f, const GElf_Phdr *ph)
{
	uint64_t page = page_size();
	uint64_t start = f->base + ph->p_vaddr;
	uint64_t file_end = start + ph->p_filesz;
	uint64_t mem_end = align_up(start + ph->p_memsz, page);
	uint64_t anon_start = align_down(start, page);
	int prot = segment_prot(ph->p_flags);

	if (ph->p_filesz) {
		/* The page holding the end of the file bytes holds whatever
		 * follows them in the file: zero that part when it is bss. */
		int bss_tail = ph->p_memsz > ph->p_filesz && file_end % page;

		map_fixed(f, anon_start, align_up(file_end, page) - anon_start,
			  bss_tail ? prot | PROT_WRITE : prot, MAP_PRIVATE, f->fd,
			  ph->p_offset - (start - anon_start));
		anon_start = align_up(file_end, page);
		if (bss_tail) {
			memset((void *)file_end, 0, anon_start - file_end);
			if (!(prot & PROT_WRITE))
				mprotect((void *)align_down(file_end, page), page, prot);
		}
	}
	if (mem_end > anon_start)
		map_fixed(f, anon_start, mem_end - anon_start, prot,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* Maps all of f's segments inside its reserved span. */
static void map_elf(struct elf_file *f, uint64_t hint)
{
	reserve_span(f, hint);
	for (size_t i = 0; i < f->phnum; i++)
		if (f->phdrs[i].p_type == PT_LOAD)
			map_segment(f, &f->phdrs[i]);
	xl_debug("%s mapped at 0x%" PRIx64 "-0x%" PRIx64, f->path,
		 f->base + f->lo, f->base + f->hi);
}

/* Where the program headers are in guest memory (AT_PHDR): PT_PHDR says so,
 * else they are found inside a PT_LOAD; 0 when they are not loaded. */
static uint64_t phdr_address(const struct elf_file *f)
{
	uint64_t off = f->ehdr.e_phoff;
	uint64_t len = f->phnum * sizeof(Elf64_Phdr);

	for (size_t i = 0; i < f->phnum; i++)
		if (f->phdrs[i].p_type == PT_PHDR)
			return f->base + f->phdrs[i].p_vaddr;
	for (size_t i = 0; i < f->phnum; i++) {
		const GElf_Phdr *ph = &f->phdrs[i];

		if (ph->p_type == PT_LOAD && off >= ph->p_offset &&
		    off + len <= ph->p_offset + ph->p_filesz)
			return f->base + ph->p_vaddr + (off - ph->p_offset);
	}
	return 0;
}

static void open_interpreter_elf(struct elf_file *interp, const struct elf_file *prog,
				 const char *sysroot)
{
	const char *path;
	const char *name = interpreter_name(prog);
	int fd = open_interpreter(name, sysroot, prog->path, &path);

	elf_open(interp, fd, path);
	if (interp->arch != prog->arch)
		xl_die("%s: interpreter %s is for another machine", prog->path, path);
}

void xl_load_program(int fd, const char *path, const char *sysroot, struct xl_image *img)
{
	struct elf_file prog, interp;
	int dynamic;

	elf_open(&prog, fd, path);
	dynamic = interpreter_name(&prog) != NULL;
	if (dynamic)
		open_interpreter_elf(&interp, &prog, sysroot);

	map_elf(&prog, PIE_BASE);
	*img = (struct xl_image){
		.arch = prog.arch,
		.entry = prog.base + prog.ehdr.e_entry,
		.prog_entry = prog.base + prog.ehdr.e_entry,
		.phdr = phdr_address(&prog),
		.phent = sizeof(Elf64_Phdr),
		.phnum = prog.phnum,
		.brk_start = prog.base + prog.hi,
	};
	if (dynamic) {
		map_elf(&interp, 0);
		img->entry = interp.base + interp.ehdr.e_entry;
		img->interp_base = interp.base;
		close(interp.fd);
		elf_close(&interp);
	}
	elf_close(&prog);
}
