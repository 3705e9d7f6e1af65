/* The kernel's binfmt_misc file system: reading, adding and removing the
 * entries that name an interpreter for files whose first bytes match. */
#ifndef XL_BINFMT_ENTRY_H
#define XL_BINFMT_ENTRY_H

#include <limits.h>
#include <stddef.h>
#include "guest/guest.h"

#define XL_BINFMT_DIR "/proc/sys/fs/binfmt_misc"
/* e_ident, e_type and e_machine: what tells one ELF machine from another. */
#define XL_BINFMT_MAGIC_LEN 20
/* The kernel's limit on magic and mask (BINPRM_BUF_SIZE). */
#define XL_BINFMT_MAGIC_MAX 256

/* One entry, as its file in XL_BINFMT_DIR shows it. */
struct xl_binfmt_entry {
	char name[NAME_MAX + 1];
	int enabled;
	char interpreter[PATH_MAX];
	char flags[8];
	size_t offset;
	size_t magic_len;               /* 0: the entry matches an extension */
	unsigned char magic[XL_BINFMT_MAGIC_MAX];
	unsigned char mask[XL_BINFMT_MAGIC_MAX];
};

/* The magic and mask that match the guest's executables: any OS ABI byte,
 * ET_EXEC or ET_DYN (the bytes qemu's entries use). */
void xl_binfmt_guest_magic(const struct guest_arch *arch,
			   unsigned char magic[XL_BINFMT_MAGIC_LEN],
			   unsigned char mask[XL_BINFMT_MAGIC_LEN]);

/* Whether the entry matches the guest's executables. */
int xl_binfmt_matches(const struct xl_binfmt_entry *e, const struct guest_arch *arch);

/* 0 when binfmt_misc is mounted (mounting it first when mount is set), else
 * -errno. */
int xl_binfmt_open(int mount);
/* Whether the kernel uses its entries at all (its status file). */
int xl_binfmt_enabled(void);

/* Reads the named entry; 0, or -errno (-ENOENT: there is none). */
int xl_binfmt_read(const char *name, struct xl_binfmt_entry *e);
/* Calls fn for every entry; 0, or -errno when the list can't be read. */
int xl_binfmt_each(void (*fn)(const struct xl_binfmt_entry *e, void *data), void *data);

/* Adds an entry for the guest's executables; 0, or -errno. */
int xl_binfmt_add(const char *name, const struct guest_arch *arch,
		  const char *interpreter, const char *flags);
/* Removes the named entry; 0, or -errno. */
int xl_binfmt_remove(const char *name);

#endif
