#include "translate/host_cpu.h"
#include "host/self_relocate.h"
#include "util/die.h"
#include "util/write_aside.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <llvm-c/Core.h>
#include <llvm/Config/llvm-config.h>
#include <llvm-c/TargetMachine.h>

static char *name, *features;

/* The start of a small file, NUL-terminated; 0 when it is empty or
 * unreadable. */
static int read_start(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	return 1;
}

/* What a kept answer holds for, "BOOT_ID LLVM X.Y.Z" (another LLVM may
 * name the same CPU otherwise); 0 where /proc is not mounted. */
static int validity(char *out, size_t size)
{
	char boot[64];
	unsigned major, minor, patch;

	if (!read_start("/proc/sys/kernel/random/boot_id", boot, sizeof boot))
		return 0;
	boot[strcspn(boot, "\n")] = 0;
	LLVMGetVersion(&major, &minor, &patch);
	return snprintf(out, size, "%s LLVM %u.%u.%u", boot, major, minor, patch) < (int)size;
}

/* The file: the validity line, the name line, the features line. */
static int read_kept(const char *path, const char *valid)
{
	char buf[16384];

	if (!read_start(path, buf, sizeof buf))
		return 0;
	char *cpu = strchr(buf, '\n');
	char *feat = cpu ? strchr(cpu + 1, '\n') : NULL;
	char *end = feat ? strchr(feat + 1, '\n') : NULL;
	if (!end || end[1])
		return 0;
	*cpu++ = *feat++ = *end = 0;
	if (strcmp(buf, valid) || !*cpu)
		return 0;
	name = strdup(cpu);
	features = strdup(feat);
	return name && features;
}

static int write_kept(FILE *f, const void *valid)
{
	return fprintf(f, "%s\n%s\n%s\n", (const char *)valid, name, features) > 0;
}

void xl_host_cpu_init(const char *store_dir)
{
	char path[4096], valid[128];
	int keepable = store_dir && validity(valid, sizeof valid);

	if (keepable) {
		/* One file a host architecture: an AArch64 xlift under
		 * qemu-aarch64 may share the store of an x86-64 one. */
		keepable = snprintf(path, sizeof path, "%s/host-cpu-%s", store_dir,
				    LLVM_DEFAULT_TARGET_TRIPLE) < (int)sizeof path;
	}
	if (keepable && read_kept(path, valid)) {
		xl_debug("host CPU %s, kept in %s", name, path);
		return;
	}
	free(name);
	free(features);
	xl_self_relocate_deferred();
	name = LLVMGetHostCPUName();
	features = LLVMGetHostCPUFeatures();
	xl_debug("host CPU %s, asked of LLVM", name);
	if (keepable)
		xl_write_aside(path, write_kept, valid);
}

const char *xl_host_cpu_name(void)
{
	return name;
}

const char *xl_host_cpu_features(void)
{
	return features;
}
