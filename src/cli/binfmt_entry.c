#include "cli/binfmt_entry.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define REGISTER_FILE XL_BINFMT_DIR "/register"
#define STATUS_FILE XL_BINFMT_DIR "/status"

/* An ELF header's first bytes for the guest, e_type ET_EXEC. */
static void guest_header(const struct guest_arch *arch, unsigned char hdr[XL_BINFMT_MAGIC_LEN])
{
	memset(hdr, 0, XL_BINFMT_MAGIC_LEN);
	memcpy(hdr, ELFMAG, SELFMAG);
	hdr[EI_CLASS] = ELFCLASS64;
	hdr[EI_DATA] = ELFDATA2LSB;
	hdr[EI_VERSION] = EV_CURRENT;
	hdr[EI_NIDENT] = ET_EXEC;
	hdr[EI_NIDENT + 2] = (unsigned char)arch->elf_machine;
	hdr[EI_NIDENT + 3] = (unsigned char)(arch->elf_machine >> 8);
}

void xl_binfmt_guest_magic(const struct guest_arch *arch,
			   unsigned char magic[XL_BINFMT_MAGIC_LEN],
			   unsigned char mask[XL_BINFMT_MAGIC_LEN])
{
	guest_header(arch, magic);
	memset(mask, 0xff, XL_BINFMT_MAGIC_LEN);
	mask[EI_OSABI] = 0;
	/* ET_EXEC (2) and ET_DYN (3) differ in bit 0 only. */
	mask[EI_NIDENT] = 0xfe;
}

static int matches_header(const struct xl_binfmt_entry *e, const unsigned char *hdr)
{
	if (e->offset + e->magic_len > XL_BINFMT_MAGIC_LEN)
		return 0;
	for (size_t i = 0; i < e->magic_len; i++)
		if ((hdr[e->offset + i] & e->mask[i]) != (e->magic[i] & e->mask[i]))
			return 0;
	return 1;
}

int xl_binfmt_matches(const struct xl_binfmt_entry *e, const struct guest_arch *arch)
{
	unsigned char hdr[XL_BINFMT_MAGIC_LEN];

	if (!e->magic_len)
		return 0;
	guest_header(arch, hdr);
	if (matches_header(e, hdr))
		return 1;
	hdr[EI_NIDENT] = ET_DYN;
	return matches_header(e, hdr);
}

int xl_binfmt_open(int mount_it)
{
	if (access(REGISTER_FILE, F_OK) == 0)
		return 0;
	if (!mount_it)
		return -ENOENT;
	if (mount("binfmt_misc", XL_BINFMT_DIR, "binfmt_misc", 0, NULL) != 0)
		return -errno;
	return 0;
}

int xl_binfmt_enabled(void)
{
	char word[16] = "";
	FILE *f = fopen(STATUS_FILE, "re");

	if (!f)
		return 0;
	if (fscanf(f, "%15s", word) != 1)
		word[0] = 0;
	fclose(f);
	return strcmp(word, "enabled") == 0;
}

static size_t parse_hex(const char *text, unsigned char *out)
{
	size_t n = 0;
	unsigned byte;

	while (n < XL_BINFMT_MAGIC_MAX && sscanf(text + 2 * n, "%2x", &byte) == 1)
		out[n++] = (unsigned char)byte;
	return n;
}

/* One line of an entry file: "enabled", "interpreter PATH", "flags: PO",
 * "offset N", "magic HEX", "mask HEX" or "extension .EXT". */
static void parse_line(char *line, struct xl_binfmt_entry *e)
{
	char *value = strchr(line, ' ');

	line[strcspn(line, "\n")] = 0;
	if (strcmp(line, "enabled") == 0)
		e->enabled = 1;
	if (!value)
		return;
	*value++ = 0;
	if (strcmp(line, "interpreter") == 0)
		snprintf(e->interpreter, sizeof e->interpreter, "%s", value);
	else if (strcmp(line, "flags:") == 0)
		snprintf(e->flags, sizeof e->flags, "%s", value);
	else if (strcmp(line, "offset") == 0)
		e->offset = strtoul(value, NULL, 10);
	else if (strcmp(line, "magic") == 0)
		e->magic_len = parse_hex(value, e->magic);
	else if (strcmp(line, "mask") == 0)
		parse_hex(value, e->mask);
}

int xl_binfmt_read(const char *name, struct xl_binfmt_entry *e)
{
	char path[sizeof XL_BINFMT_DIR + NAME_MAX + 1], line[PATH_MAX + 32];
	FILE *f;

	*e = (struct xl_binfmt_entry){ 0 };
	memset(e->mask, 0xff, sizeof e->mask);
	snprintf(e->name, sizeof e->name, "%s", name);
	snprintf(path, sizeof path, "%s/%s", XL_BINFMT_DIR, name);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof line, f))
		parse_line(line, e);
	fclose(f);
	return 0;
}

int xl_binfmt_each(void (*fn)(const struct xl_binfmt_entry *e, void *data), void *data)
{
	DIR *dir = opendir(XL_BINFMT_DIR);
	struct xl_binfmt_entry e;
	struct dirent *d;

	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' || strcmp(d->d_name, "register") == 0 ||
		    strcmp(d->d_name, "status") == 0)
			continue;
		if (xl_binfmt_read(d->d_name, &e) == 0)
			fn(&e, data);
	}
	closedir(dir);
	return 0;
}

/* Writes text to one of binfmt_misc's files in a single write, as the
 * kernel expects. */
static int write_control(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = (ssize_t)strlen(text), n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, text, (size_t)len);
	err = n == len ? 0 : n < 0 ? -errno : -EIO;
	close(fd);
	return err;
}

/* Bytes as \xHH escapes, which the kernel decodes in magic and mask. */
static char *escape_bytes(char *out, const unsigned char *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out += sprintf(out, "\\x%02x", bytes[i]);
	return out;
}

int xl_binfmt_add(const char *name, const struct guest_arch *arch,
		  const char *interpreter, const char *flags)
{
	unsigned char magic[XL_BINFMT_MAGIC_LEN], mask[XL_BINFMT_MAGIC_LEN];
	char line[2 * 4 * XL_BINFMT_MAGIC_LEN + NAME_MAX + PATH_MAX + 32], *p = line;

	/* ':' separates the fields of the line; the kernel has no escape. */
	if (strchr(name, ':') || strchr(name, '/') || strchr(interpreter, ':') ||
	    strlen(name) > NAME_MAX || strlen(interpreter) >= PATH_MAX)
		return -EINVAL;
	xl_binfmt_guest_magic(arch, magic, mask);
	p += sprintf(p, ":%s:M::", name);
	p = escape_bytes(p, magic, sizeof magic);
	*p++ = ':';
	p = escape_bytes(p, mask, sizeof mask);
	sprintf(p, ":%s:%s", interpreter, flags);
	return write_control(REGISTER_FILE, line);
}

int xl_binfmt_remove(const char *name)
{
	char path[sizeof XL_BINFMT_DIR + NAME_MAX + 1];

	if (strchr(name, '/'))
		return -EINVAL;
	snprintf(path, sizeof path, "%s/%s", XL_BINFMT_DIR, name);
	return write_control(path, "-1");
}
