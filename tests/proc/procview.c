/* The process's own /proc files and identity calls, as the guest sees
 * them. Prints facts that hold on a riscv64 (or x86-64) Linux machine.
 * Usage: procview ARGS... (run by a fixed name, "procview") */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <unistd.h>

static size_t read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = 0;
	return n;
}

static void show_exe(void)
{
	char paths[4][64], targets[4][4096];
	int same = 1;

	snprintf(paths[0], 64, "/proc/self/exe");
	snprintf(paths[1], 64, "/proc/%d/exe", getpid());
	snprintf(paths[2], 64, "/proc/thread-self/exe");
	snprintf(paths[3], 64, "/proc/self/task/%d/exe", gettid());
	for (int i = 0; i < 4; i++) {
		ssize_t n = readlink(paths[i], targets[i], sizeof targets[i] - 1);
		targets[i][n > 0 ? n : 0] = 0;
		same &= !strcmp(targets[i], targets[0]);
	}
	const char *slash = strrchr(targets[0], '/');
	printf("exe: %s, the same through pid, thread-self and task: %s\n",
	       slash ? slash + 1 : targets[0], same ? "yes" : "no");
}

static void show_cmdline(void)
{
	char buf[4096];
	size_t n = read_file("/proc/self/cmdline", buf, sizeof buf);
	const char *base = strrchr(buf, '/');

	for (size_t i = 0; i < n; i++)
		if (!buf[i])
			buf[i] = '|';
	printf("cmdline: %s\n", base ? base + 1 : buf);
}

/* Lines of maps that contain addr; the last one's name. */
static int maps_holding(const char *maps, uintptr_t addr, char *name, size_t size)
{
	int found = 0;

	for (const char *line = maps; *line;) {
		const char *eol = strchr(line, '\n');
		unsigned long start, end;
		int at = 0;
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &start, &end, &at) >= 2 &&
		    start <= addr && addr < end) {
			found++;
			snprintf(name, size, "%.*s", (int)(eol - line - at), line + at);
		}
		line = eol ? eol + 1 : line + strlen(line);
	}
	return found;
}

static void show_maps(void)
{
	static char maps[1 << 16], by_pid[1 << 16], path[64];
	char name[4096];
	int local;

	read_file("/proc/self/maps", maps, sizeof maps);
	snprintf(path, sizeof path, "/proc/%d/maps", getpid());
	read_file(path, by_pid, sizeof by_pid);
	printf("maps: the same through the pid: %s\n", strcmp(maps, by_pid) ? "no" : "yes");
	int code = maps_holding(maps, (uintptr_t)show_maps, name, sizeof name);
	const char *slash = strrchr(name, '/');
	printf("maps: code in %d mapping of %s\n", code, slash ? slash + 1 : name);
	int stack = maps_holding(maps, (uintptr_t)&local, name, sizeof name);
	printf("maps: stack in %d mapping named %s\n", stack, name);
	printf("maps: mentions xlift: %s\n", strstr(maps, "xlift") ? "yes" : "no");
}

static void show_auxv(void)
{
	uint64_t auxv[128][2];
	char *buf = (char *)auxv;
	size_t n = read_file("/proc/self/auxv", buf, sizeof auxv) / 16;
	int matches = 0, total = 0;

	for (size_t i = 0; i < n && auxv[i][0]; i++) {
		total++;
#if defined(__x86_64__)
		/* x86-64's glibc answers AT_HWCAP with its own bits, not the kernel's */
		if (auxv[i][0] == AT_HWCAP) {
			matches++;
			continue;
		}
#endif
		matches += getauxval(auxv[i][0]) == auxv[i][1];
	}
	printf("auxv: %s, every entry as getauxval says: %s, ends with AT_NULL: %s\n",
	       total > 10 ? "many entries" : "few entries", matches == total ? "yes" : "no",
	       n > (size_t)total && auxv[total][0] == 0 ? "yes" : "no");
}

/* Field number `field` (from 1) of a stat line. */
static unsigned long long stat_field(const char *stat, int field)
{
	const char *p = strrchr(stat, ')');

	for (int f = 2; p && f < field; f++)
		p = strchr(p + 1, ' ');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

static void show_stat(void)
{
	char stat[2048], comm[64];
	int local;

	read_file("/proc/self/stat", stat, sizeof stat);
	sscanf(strchr(stat, '('), "(%63[^)])", comm);
	unsigned long long start_stack = stat_field(stat, 28);
	unsigned long long arg_start = stat_field(stat, 48), arg_end = stat_field(stat, 49);
	printf("stat: pid matches %s, comm %s\n",
	       strtol(stat, NULL, 10) == getpid() ? "yes" : "no", comm);
	printf("stat: stack below startstack: %s, close to it: %s\n",
	       (uintptr_t)&local < start_stack ? "yes" : "no",
	       start_stack - (uintptr_t)&local < (1u << 20) ? "yes" : "no");
	printf("stat: arguments at arg_start: %s\n",
	       arg_end > arg_start && !strcmp((const char *)(uintptr_t)arg_start,
					      program_invocation_name) ? "yes" : "no");
}

static void show_cpuinfo(void)
{
	static char info[1 << 16];
	int processors = 0;

	read_file("/proc/cpuinfo", info, sizeof info);
	for (const char *p = info; (p = strstr(p, "processor\t:")); p++)
		processors++;
#if defined(__x86_64__)
	/* the baseline every x86-64 CPU has */
	const char *isa = strstr(info, "\nflags\t\t: fpu ");
	const char *names = "flags fpu ...";
	if (isa && !strstr(isa, " sse2 "))
		isa = NULL;
#else
	const char *isa = strstr(info, "\nisa\t\t: rv64imafdc");
	const char *names = "isa rv64imafdc...";
#endif
	printf("cpuinfo: one processor per cpu: %s, %s: %s\n",
	       processors == sysconf(_SC_NPROCESSORS_ONLN) ? "yes" : "no", names, isa ? "yes" : "no");
}

static void show_identity(void)
{
	struct utsname u;
	char name[16] = "", comm[64], status[4096];

	uname(&u);
	printf("uname -m: %s, personality: %#x\n", u.machine, personality(0xffffffff));
	prctl(PR_SET_NAME, "renamed");
	prctl(PR_GET_NAME, name);
	read_file("/proc/self/comm", comm, sizeof comm);
	read_file("/proc/self/status", status, sizeof status);
	printf("prctl name: %s, comm: %.*s, status: %s\n", name, (int)strcspn(comm, "\n"), comm,
	       strstr(status, "Name:\trenamed\n") ? "renamed" : "other");
}

static void *in_thread(void *arg)
{
	char stat[2048], path[64], comm[64];

	read_file("/proc/thread-self/stat", stat, sizeof stat);
	snprintf(path, sizeof path, "/proc/self/task/%d/comm", gettid());
	prctl(PR_SET_NAME, "worker");
	read_file(path, comm, sizeof comm);
	printf("thread: thread-self/stat is the thread's: %s, its comm: %.*s\n",
	       strtol(stat, NULL, 10) == gettid() ? "yes" : "no", (int)strcspn(comm, "\n"), comm);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	show_exe();
	show_cmdline();
	show_maps();
	show_auxv();
	show_stat();
	show_cpuinfo();
	show_identity();
	pthread_create(&t, NULL, in_thread, NULL);
	pthread_join(t, NULL);
	return 0;
}
