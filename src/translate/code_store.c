#include "translate/code_store.h"
#include "translate/host_cpu.h"
#include "translate/store_pack.h"
#include "util/die.h"
#include "util/write_aside.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *store_dir;
static struct xl_code_key build_salt;

/* ---- keys: two independent 64-bit lanes, FNV-1a for bytes, a word at a
 * time multiplied and folded for the bulk (a start hashes every guest
 * instruction it runs) ---- */

static void mix(struct xl_code_key *key, const unsigned char *p, size_t len)
{
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, p, sizeof w);
		key->h[0] = (key->h[0] ^ w) * 0x9e3779b97f4a7c15ull;
		key->h[0] ^= key->h[0] >> 32;
		key->h[1] = (key->h[1] ^ w) * 0xc2b2ae3d27d4eb4full + 0x165667b19e3779f9ull;
		key->h[1] ^= key->h[1] >> 29;
	}
	for (size_t i = 0; i < len; i++) {
		key->h[0] = (key->h[0] ^ p[i]) * 0x100000001b3ull;
		key->h[1] = (key->h[1] ^ p[i]) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
	}
}

void xl_code_key_add(struct xl_code_key *key, const void *data, size_t len)
{
	mix(key, data, len);
}

void xl_code_key_init(struct xl_code_key *key, enum xl_tier tier)
{
	*key = build_salt;
	mix(key, (const unsigned char *)&tier, sizeof tier);
}

/* "r." and 32 hex digits, by hand: snprintf was 6% of a warm start,
 * which names two keys a region. */
void xl_code_key_name(const struct xl_code_key *key, char name[40])
{
	static const char digits[] = "0123456789abcdef";

	name[0] = 'r';
	name[1] = '.';
	for (int i = 0; i < 32; i++)
		name[2 + i] = digits[key->h[i / 16] >> (60 - 4 * (i % 16)) & 15];
	name[34] = 0;
}

/* The GNU build ID of xlift itself: objects name helpers by their place
 * in this very build. */
static int add_build_id(struct dl_phdr_info *info, size_t size, void *data)
{
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
		if (ph->p_type != PT_NOTE)
			continue;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)p;
			const char *desc = p + sizeof *n + ((n->n_namesz + 3) & ~3u);
			if (n->n_type == NT_GNU_BUILD_ID) {
				mix(data, (const unsigned char *)desc, n->n_descsz);
				return 1;
			}
			p = desc + ((n->n_descsz + 3) & ~3u);
		}
	}
	return 1;                       /* the main program comes first */
}

static void init_salt(const char *guest)
{
	const char *cpu = xl_host_cpu_name(), *features = xl_host_cpu_features();

	build_salt = (struct xl_code_key){ { 0xcbf29ce484222325ull, 0x84222325cbf29ce4ull } };
	dl_iterate_phdr(add_build_id, &build_salt);
	/* Code of one guest is never another's, even for the same bytes. */
	mix(&build_salt, (const unsigned char *)guest, strlen(guest) + 1);
	mix(&build_salt, (const unsigned char *)cpu, strlen(cpu));
	mix(&build_salt, (const unsigned char *)features, strlen(features));
}

/* ---- code linked in this run ---- */

#define LINKED_BITS 12

static struct linked {
	struct xl_code_key key;
	void *code;
	struct linked *next;
} *linked[1u << LINKED_BITS];
static pthread_mutex_t linked_lock = PTHREAD_MUTEX_INITIALIZER;

static struct linked **bucket(const struct xl_code_key *key)
{
	return &linked[key->h[0] >> (64 - LINKED_BITS)];
}

void *xl_code_store_linked(const struct xl_code_key *key)
{
	void *code = NULL;

	pthread_mutex_lock(&linked_lock);
	for (struct linked *l = *bucket(key); l && !code; l = l->next)
		if (!memcmp(&l->key, key, sizeof *key))
			code = l->code;
	pthread_mutex_unlock(&linked_lock);
	return code;
}

void xl_code_store_remember(const struct xl_code_key *key, void *code)
{
	struct linked *l = malloc(sizeof *l);

	if (!l)
		xl_die("out of memory for the code store");
	l->key = *key;
	l->code = code;
	pthread_mutex_lock(&linked_lock);
	l->next = *bucket(key);
	*bucket(key) = l;
	pthread_mutex_unlock(&linked_lock);
}

/* ---- the store on disk: one object file per key ---- */

static void key_path(const struct xl_code_key *key, const char *suffix, char *path, size_t size)
{
	snprintf(path, size, "%s/%016" PRIx64 "%016" PRIx64 "%s", store_dir, key->h[0], key->h[1],
		 suffix);
}

/* A program's pack is named by the build's salt and the file's identity:
 * a program replaced (another inode, size or time) gets a new one. */
static void open_pack(const struct stat *program)
{
	struct xl_code_key key = build_salt;
	const uint64_t identity[] = { program->st_dev, program->st_ino, (uint64_t)program->st_size,
				      (uint64_t)program->st_mtim.tv_sec,
				      (uint64_t)program->st_mtim.tv_nsec };
	char path[4096];

	mix(&key, (const unsigned char *)identity, sizeof identity);
	key_path(&key, ".pack", path, sizeof path);
	xl_pack_open(path);
}

void xl_code_store_init(const char *dir, const char *guest, const struct stat *program)
{
	if (dir && mkdir(dir, 0755) && errno != EEXIST) {
		xl_debug("code store %s unusable: %s", dir, strerror(errno));
		dir = NULL;
	}
	xl_host_cpu_init(dir);
	init_salt(guest);
	if (!dir)
		return;
	store_dir = strdup(dir);
	if (store_dir && program)
		open_pack(program);
}

void xl_code_store_finish(void)
{
	xl_pack_write();
}

/* Open, fstat, read, close and nothing else (a miss is one failed open),
 * as a program's start may load thousands of objects. Objects are renamed
 * into place whole, so one read of the file's size reads all of it. */
static uint8_t *read_object(const struct xl_code_key *key, size_t *size)
{
	char path[4096];
	struct stat st;
	uint8_t *data = NULL;

	key_path(key, ".o", path, sizeof path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (!fstat(fd, &st) && st.st_size > 0 && (data = malloc((size_t)st.st_size)) &&
	    read(fd, data, (size_t)st.st_size) != st.st_size) {
		free(data);
		data = NULL;
	}
	close(fd);
	*size = data ? (size_t)st.st_size : 0;
	return data;
}

int xl_code_store_load(const struct xl_code_key *key, enum xl_store_ask ask,
		       struct xl_stored_object *object)
{
	*object = (struct xl_stored_object){ NULL, 0, NULL, 0 };
	if (!store_dir)
		return 0;
	object->data = xl_pack_object(key, &object->size, &object->image);
	if (!object->data && (ask == XL_ASK_ALL || !xl_pack_known())) {
		object->data = object->owned = read_object(key, &object->size);
		if (object->data)
			xl_pack_note_object(key, object->data, object->size);
	}
	return object->data != NULL;
}

void xl_code_store_renew(const struct xl_code_key *key, const struct xl_stored_object *object)
{
	xl_pack_note_object(key, object->data, object->size);
}

void xl_code_store_release(struct xl_stored_object *object)
{
	free(object->owned);
}

void xl_code_store_drop(const struct xl_code_key *key)
{
	char path[4096];

	if (!store_dir)
		return;
	key_path(key, ".o", path, sizeof path);
	unlink(path);
	xl_pack_note_dropped(key);
}

struct bytes {
	const void *data;
	size_t size;
};

static int write_bytes(FILE *f, const void *arg)
{
	const struct bytes *b = arg;

	return fwrite(b->data, 1, b->size, f) == b->size;
}

void xl_code_store_save(const struct xl_code_key *key, const void *object, size_t size)
{
	char path[4096];

	if (!store_dir)
		return;
	key_path(key, ".o", path, sizeof path);
	xl_write_aside(path, write_bytes, &(struct bytes){ object, size });
	xl_pack_note_object(key, object, size);
}

static void cover_key(uint64_t pc, struct xl_code_key *key)
{
	static const char name[] = "cover";

	*key = build_salt;
	mix(key, (const unsigned char *)name, sizeof name);
	mix(key, (const unsigned char *)&pc, sizeof pc);
}

const struct xl_code_range *xl_code_store_cover(uint64_t pc, size_t *n)
{
	struct xl_code_key key;
	size_t size;

	if (!store_dir)
		return NULL;
	cover_key(pc, &key);
	const uint8_t *data = xl_pack_object(&key, &size, NULL);
	if (!data || !size || size % sizeof(struct xl_code_range))
		return NULL;
	*n = size / sizeof(struct xl_code_range);
	return (const struct xl_code_range *)data;
}

void xl_code_store_save_cover(uint64_t pc, const struct xl_code_range *cover, size_t n)
{
	struct xl_code_key key;

	if (!store_dir)
		return;
	cover_key(pc, &key);
	xl_pack_note_object(&key, cover, n * sizeof *cover);
}

void xl_code_store_mark(const struct xl_code_key *key)
{
	char path[4096];

	if (!store_dir)
		return;
	key_path(key, ".hot", path, sizeof path);
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	xl_pack_note_hot(key);
}

int xl_code_store_marked(const struct xl_code_key *key)
{
	char path[4096];

	if (!store_dir)
		return 0;
	if (xl_pack_hot(key))
		return 1;
	if (xl_pack_known())
		return 0;
	key_path(key, ".hot", path, sizeof path);
	return access(path, F_OK) == 0;
}
