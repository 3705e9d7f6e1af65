/* /proc as the guest sees it. The host's files for this process describe
 * xlift: its executable, its mappings, its arguments. The guest reads
 * versions made for it instead, in a memfd opened in place of the file.
 * Guests are 64-bit: argv, envp and auxv entries are 8 bytes. */
#include "linux/proc.h"
#include "linux/syscall.h"
#include "linux/path.h"
#include "linux/ranges.h"

#include <ctype.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>

/* Where the guest's first stack keeps its arguments, environment and
 * auxiliary vector, as the kernel's mm fields say it for /proc. */
static struct {
	uint64_t start_stack;
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t auxv, auxv_size;
} stack;

static uint64_t guest_word(uint64_t addr)
{
	return *XL_PTR(const uint64_t *, addr);
}

/* The end of the strings a NULL-terminated vector points to. */
static uint64_t strings_end(uint64_t vector, uint64_t first)
{
	uint64_t end = first;

	for (; guest_word(vector); vector += 8)
		end = guest_word(vector) + strlen(XL_PTR(const char *, guest_word(vector))) + 1;
	return end;
}

void xl_proc_start(const char *program, uint64_t sp)
{
	uint64_t argv = sp + 8, envp = argv + 8 * (guest_word(sp) + 1), auxv = envp;

	while (guest_word(auxv))
		auxv += 8;
	auxv += 8;
	stack.start_stack = sp;
	stack.arg_start = guest_word(argv);
	stack.arg_end = strings_end(argv, stack.arg_start);
	stack.env_start = guest_word(envp) ? guest_word(envp) : stack.arg_end;
	stack.env_end = strings_end(envp, stack.env_start);
	stack.auxv = auxv;
	while (guest_word(auxv))
		auxv += 16;
	stack.auxv_size = auxv + 16 - stack.auxv;
	const char *slash = strrchr(program, '/');
	prctl(PR_SET_NAME, slash ? slash + 1 : program);
}

/* Skips a number that is this process's pid (or, with any_task, the tid
 * of one of its threads). */
static const char *skip_own_id(const char *s, int any_task)
{
	char *end, task[48];
	struct stat st;

	if (!isdigit((unsigned char)*s))
		return NULL;
	long id = strtol(s, &end, 10);
	if (!any_task)
		return id == getpid() ? end : NULL;
	snprintf(task, sizeof task, "/proc/self/task/%ld", id);
	return stat(task, &st) == 0 ? end : NULL;
}

const char *xl_proc_own_entry(const char *path)
{
	const char *s;

	if (strncmp(path, "/proc/", 6) != 0)
		return NULL;
	s = path + 6;
	if (!strncmp(s, "self/", 5))
		s += 4;
	else if (!strncmp(s, "thread-self/", 12))
		s += 11;
	else if (!(s = skip_own_id(s, 0)))
		return NULL;
	if (!strncmp(s, "/task/", 6) && !(s = skip_own_id(s + 6, 1)))
		return NULL;
	return *s == '/' ? s + 1 : NULL;
}

/* maps: the host's lines for guest memory only; the guest's stack is
 * labelled as the kernel labels the main thread's. */
static int write_maps(int out, const char *path)
{
	FILE *in = fopen(path, "re");
	char line[4096];

	if (!in)
		return -errno;
	while (fgets(line, sizeof line, in)) {
		uint64_t start, end;
		int name_at = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %*s %*s %*s%n", &start, &end, &name_at) < 2 ||
		    !name_at || !xl_ranges_guest_may_change(start, end))
			continue;
		while (line[name_at] == ' ')
			name_at++;
		if (start <= stack.start_stack && stack.start_stack < end && line[name_at] == '\n')
			dprintf(out, "%-73.*s[stack]\n", name_at, line); /* the kernel's column */
		else
			dprintf(out, "%s", line);
	}
	fclose(in);
	return 0;
}

/* Fields of /proc/PID/stat (numbered from 1, as in proc(5)) that name
 * addresses of the process's memory layout. */
enum { STAT_STARTCODE = 26, STAT_ENDCODE = 27, STAT_STARTSTACK = 28,
       STAT_START_DATA = 45, STAT_END_DATA = 46, STAT_START_BRK = 47,
       STAT_ARG_START = 48, STAT_ARG_END = 49, STAT_ENV_START = 50, STAT_ENV_END = 51 };

static int stat_field_value(int field, uint64_t *value)
{
	switch (field) {
	/* xlift does not track these; the kernel too shows 0 to readers
	 * that may not trace the process. */
	case STAT_STARTCODE: case STAT_ENDCODE: case STAT_START_DATA: case STAT_END_DATA:
		*value = 0; return 1;
	case STAT_STARTSTACK: *value = stack.start_stack; return 1;
	case STAT_START_BRK: *value = xl_proc.brk_start; return 1;
	case STAT_ARG_START: *value = stack.arg_start; return 1;
	case STAT_ARG_END: *value = stack.arg_end; return 1;
	case STAT_ENV_START: *value = stack.env_start; return 1;
	case STAT_ENV_END: *value = stack.env_end; return 1;
	default: return 0;
	}
}

/* stat: the host's line (state, times, the comm that xl_proc_start
 * set), with the guest's layout in the address fields. */
static int write_stat(int out, const char *path)
{
	char line[2048];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	ssize_t len = read(fd, line, sizeof line - 1);
	close(fd);
	if (len <= 0)
		return len < 0 ? -errno : -EIO;
	line[len] = 0;
	char *comm_end = strrchr(line, ')'), *save;
	if (!comm_end)
		return -EIO;
	/* Fields 1 and 2 (pid, comm) end at the comm's last ')'. */
	dprintf(out, "%.*s", (int)(comm_end + 1 - line), line);
	int field = 3;
	for (char *f = strtok_r(comm_end + 1, " \n", &save); f; f = strtok_r(NULL, " \n", &save), field++) {
		uint64_t value;
		if (stat_field_value(field, &value))
			dprintf(out, " %" PRIu64, value);
		else
			dprintf(out, " %s", f);
	}
	dprintf(out, "\n");
	return 0;
}

static int write_guest_memory(int out, uint64_t start, uint64_t end)
{
	size_t len = end > start ? end - start : 0;

	return write(out, XL_PTR(const void *, start), len) == (ssize_t)len ? 0 : -EIO;
}

static int write_cpuinfo(int out, const char *path)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	for (long cpu = 0; cpu < (n > 0 ? n : 1); cpu++)
		xl_proc.arch->write_cpuinfo(out, (unsigned)cpu);
	return 0;
}

static int write_cmdline(int out, const char *path)
{
	return write_guest_memory(out, stack.arg_start, stack.arg_end);
}

static int write_environ(int out, const char *path)
{
	return write_guest_memory(out, stack.env_start, stack.env_end);
}

static int write_auxv(int out, const char *path)
{
	return write_guest_memory(out, stack.auxv, stack.auxv + stack.auxv_size);
}

typedef int proc_writer(int out, const char *path);

static const struct { const char *entry; proc_writer *write; } own_files[] = {
	{ "maps", write_maps }, { "stat", write_stat }, { "cmdline", write_cmdline },
	{ "environ", write_environ }, { "auxv", write_auxv },
};

/* The writer of the guest's version of the /proc file at path, or NULL. */
static proc_writer *find_writer(const char *path)
{
	const char *entry = xl_proc_own_entry(path);

	/* A guest that does not describe its CPU sees the host's. */
	if (!strcmp(path, "/proc/cpuinfo"))
		return xl_proc.arch->write_cpuinfo ? write_cpuinfo : NULL;
	for (size_t i = 0; entry && i < sizeof own_files / sizeof own_files[0]; i++)
		if (!strcmp(entry, own_files[i].entry))
			return own_files[i].write;
	return NULL;
}

/* openat(dirfd, path, flags, mode): a /proc file xlift makes for the
 * guest is a memfd with its contents, open for reading. */
long xl_sys_openat(struct xl_syscall *sc)
{
	struct xl_guest_path path;
	int flags = (int)(sc->a[2] = xl_open_flags_to_host(sc->a[2]));
	proc_writer *write_file;
	long err = xl_path_from_guest(sc->a[1], &path);

	if (err)
		return err;
	if (!path.host || (flags & O_ACCMODE) != O_RDONLY || !(write_file = find_writer(path.guest)))
		return xl_sys_call_with_path(sc, 1, path.host);
	int fd = memfd_create(path.guest, flags & O_CLOEXEC ? MFD_CLOEXEC : 0);
	if (fd < 0)
		return -errno;
	err = write_file(fd, path.guest);
	if (!err && lseek(fd, 0, SEEK_SET) < 0)
		err = -errno;
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}
