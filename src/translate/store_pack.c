#include "translate/store_pack.h"
#include "translate/pack_image.h"
#include "util/die.h"
#include "util/write_aside.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The file: a header, the entries sorted by key, then the objects, each
 * at an 8-byte aligned offset, then the image of the objects
 * (translate/pack_image.c). Native byte order: the pack's name holds
 * the build's salt, so only this build reads what it wrote. */
#define PACK_MAGIC "xlpack2"
/* A run keeps at most this much news for the pack; the rest stays in the
 * per-key files. */
#define NEWS_MAX_BYTES (64u << 20)

enum { ENTRY_OBJECT = 1, ENTRY_HOT = 2, ENTRY_DROPPED = 4 };

struct pack_header {
	char magic[8];
	uint64_t entries;
	uint64_t image, image_size;     /* offset 0: none */
};

struct pack_entry {
	struct xl_code_key key;
	uint64_t offset;
	uint32_t size;
	uint32_t flags;
	uint32_t image;                 /* the object's index in the image, or 0 */
	uint32_t unused;
};

/* A pack file as mapped. Keys are hashes, spread evenly over their first
 * word: its top index_bits bits pick a bucket of about one entry, whose
 * entries are first[bucket] up to first[bucket + 1] (NULL when out of
 * memory: the whole table is bisected). Probing a dozen entries by
 * bisection, each probe a cache miss behind a mispredicted branch, for
 * the three or four lookups of every region a start runs was a twelfth
 * of its time. */
struct pack {
	const uint8_t *map;
	size_t size;
	const struct pack_entry *entries;
	size_t n;
	uint32_t *first;
	unsigned index_bits;
};

static char *pack_path;
static struct pack start;               /* as this run found it */

/* This run's news, in the order they came. */
struct news {
	struct xl_code_key key;
	uint32_t flags;
	uint32_t size;
	uint8_t *data;
};
static struct news *news;
static size_t nnews, news_cap, news_bytes;
static pid_t news_pid;                  /* a fork child starts with none */
static pthread_mutex_t news_lock = PTHREAD_MUTEX_INITIALIZER;

static int key_cmp(const struct xl_code_key *a, const struct xl_code_key *b)
{
	for (int i = 0; i < 2; i++)
		if (a->h[i] != b->h[i])
			return a->h[i] < b->h[i] ? -1 : 1;
	return 0;
}

static const char *check_pack(struct pack *p)
{
	const struct pack_header *h = (const struct pack_header *)p->map;

	if (p->size < sizeof *h || memcmp(h->magic, PACK_MAGIC, sizeof h->magic))
		return "not a pack";
	if (h->entries > (p->size - sizeof *h) / sizeof(struct pack_entry))
		return "entries beyond its end";
	p->entries = (const struct pack_entry *)(p->map + sizeof *h);
	p->n = h->entries;
	for (size_t i = 0; i < p->n; i++) {
		const struct pack_entry *e = &p->entries[i];
		if (i && key_cmp(&p->entries[i - 1].key, &e->key) >= 0)
			return "entries out of order";
		if ((e->flags & ENTRY_OBJECT) &&
		    (e->offset % 8 || e->offset > p->size || e->size > p->size - e->offset))
			return "an object beyond its end";
	}
	if (h->image && (h->image % XL_IMAGE_ALIGN || h->image > p->size ||
			 h->image_size > p->size - h->image))
		return "an image beyond its end";
	return NULL;
}

/* A start reads most of the entries and objects (the covers at least):
 * one populating call instead of a fault per few pages (a third of a
 * short run's faults). Not the image, whose code is mapped elsewhere and
 * of which a run reads only what it links. */
static void populate(const struct pack *p)
{
	const struct pack_header *h = (const struct pack_header *)p->map;
	size_t end = p->size >= sizeof *h && h->image && h->image < p->size ? h->image : p->size;

	madvise((void *)p->map, end, MADV_POPULATE_READ);
}

static void index_pack(struct pack *p)
{
	unsigned bits = 1;

	while (bits < 32 && (UINT64_C(1) << bits) < p->n)
		bits++;
	p->index_bits = bits;
	if (p->n > UINT32_MAX || !(p->first = malloc(((UINT64_C(1) << bits) + 1) * sizeof *p->first)))
		return;
	size_t e = 0;
	for (uint64_t b = 0; b <= UINT64_C(1) << bits; b++) {
		while (e < p->n && p->entries[e].key.h[0] >> (64 - bits) < b)
			e++;
		p->first[b] = (uint32_t)e;
	}
}

static void unmap_pack(struct pack *p)
{
	if (p->map)
		munmap((void *)p->map, p->size);
	free(p->first);
	*p = (struct pack){ 0 };
}

/* Maps the pack at path, and for this run its image when with_image: 1,
 * or 0 when there is none or a malformed one (*p empty). */
static int map_pack(const char *path, struct pack *p, int with_image)
{
	struct stat st;

	*p = (struct pack){ 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (!fstat(fd, &st) && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			p->map = m;
			p->size = (size_t)st.st_size;
			populate(p);
		}
	}
	const char *error = p->map ? check_pack(p) : NULL;
	if (error) {
		xl_debug("code store pack %s ignored: %s", path, error);
		unmap_pack(p);
	}
	if (p->map)
		index_pack(p);
	const struct pack_header *h = (const struct pack_header *)p->map;
	if (with_image && p->map && h->image)
		xl_image_open(p->map + h->image, h->image_size, fd, h->image);
	close(fd);
	return p->map != NULL;
}

void xl_pack_open(const char *path)
{
	pack_path = strdup(path);
	news_pid = getpid();
	map_pack(path, &start, 1);
}

int xl_pack_known(void)
{
	return start.map != NULL;
}

static const struct pack_entry *find(const struct xl_code_key *key)
{
	const struct pack_entry *entries = start.entries;
	size_t lo = 0, hi = start.n;

	if (start.first) {
		uint64_t b = key->h[0] >> (64 - start.index_bits);
		lo = start.first[b];
		hi = start.first[b + 1];
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(&entries[mid].key, key);
		if (!c)
			return &entries[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const uint8_t *xl_pack_object(const struct xl_code_key *key, size_t *size, uint32_t *image)
{
	const struct pack_entry *e = find(key);

	if (!e || !(e->flags & ENTRY_OBJECT))
		return NULL;
	*size = e->size;
	if (image)
		*image = e->image;
	return start.map + e->offset;
}

int xl_pack_hot(const struct xl_code_key *key)
{
	const struct pack_entry *e = find(key);

	return e && (e->flags & ENTRY_HOT);
}

/* A fork child's copy of its parent's news is the parent's to write. */
static void forget_inherited_news(void)
{
	if (news_pid == getpid())
		return;
	for (size_t i = 0; i < nnews; i++)
		free(news[i].data);
	nnews = news_bytes = 0;
	news_pid = getpid();
}

static void note(const struct xl_code_key *key, uint32_t flags, const void *data, size_t size)
{
	if (!pack_path)
		return;
	pthread_mutex_lock(&news_lock);
	forget_inherited_news();
	if (data && (size > UINT32_MAX || news_bytes + size > NEWS_MAX_BYTES))
		goto out;
	if (nnews == news_cap) {
		size_t cap = news_cap ? 2 * news_cap : 256;
		struct news *n = realloc(news, cap * sizeof *n);
		if (!n)
			goto out;
		news = n;
		news_cap = cap;
	}
	struct news *n = &news[nnews];
	n->key = *key;
	n->flags = flags;
	n->size = (uint32_t)size;
	n->data = NULL;
	if (data && !(n->data = malloc(size)))
		goto out;
	if (data)
		memcpy(n->data, data, size);
	news_bytes += size;
	nnews++;
out:
	pthread_mutex_unlock(&news_lock);
}

void xl_pack_note_object(const struct xl_code_key *key, const void *data, size_t size)
{
	note(key, ENTRY_OBJECT, data, size);
}

void xl_pack_note_hot(const struct xl_code_key *key)
{
	note(key, ENTRY_HOT, NULL, 0);
}

void xl_pack_note_dropped(const struct xl_code_key *key)
{
	note(key, ENTRY_DROPPED, NULL, 0);
}

/* One entry of the pack being written: the old pack's entries and the
 * news, in that order (seq), merged per key. */
struct item {
	struct xl_code_key key;
	size_t seq;
	uint32_t flags, size;
	const uint8_t *data;
};

static int by_key_then_seq(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = key_cmp(&x->key, &y->key);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Merges the items of each key, in order: a drop forgets the object, a
 * later object replaces it, a hot mark stays. Returns the number of
 * entries left with an object or a mark. */
static size_t merge(struct item *items, size_t n)
{
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		struct item it = items[i];
		if (!out || key_cmp(&items[out - 1].key, &it.key))
			items[out++] = (struct item){ .key = it.key };
		struct item *m = &items[out - 1];
		if (it.flags & ENTRY_DROPPED) {
			m->flags &= ~(uint32_t)ENTRY_OBJECT;
			m->data = NULL;
			m->size = 0;
		}
		if (it.flags & ENTRY_OBJECT) {
			m->flags |= ENTRY_OBJECT;
			m->data = it.data;
			m->size = it.size;
		}
		m->flags |= it.flags & ENTRY_HOT;
		/* The key's last item: nothing left of it, no entry. */
		if (!m->flags && (i + 1 == n || key_cmp(&it.key, &items[i + 1].key)))
			out--;
	}
	return out;
}

/* The pack to write: its entries, and the image of their objects (the
 * index of item i's object in it is placed[i].index). */
struct contents {
	const struct item *items;
	size_t n;
	const struct xl_image_input *placed;
	const uint8_t *image;
	size_t image_size;
};

static int pad(FILE *f, uint64_t n)
{
	for (; n; n--)
		if (putc(0, f) == EOF)
			return 0;
	return 1;
}

static int write_pack(FILE *f, const void *arg)
{
	const struct contents *c = arg;
	const struct item *items = c->items;
	struct pack_header h = { PACK_MAGIC, c->n, 0, c->image_size };
	uint64_t offset = sizeof h + c->n * sizeof(struct pack_entry);

	for (size_t i = 0; i < c->n; i++)
		if (items[i].flags & ENTRY_OBJECT)
			offset += (items[i].size + 7) & ~7u;
	if (c->image)
		h.image = (offset + XL_IMAGE_ALIGN - 1) & ~(uint64_t)(XL_IMAGE_ALIGN - 1);
	offset = sizeof h + c->n * sizeof(struct pack_entry);
	int ok = fwrite(&h, sizeof h, 1, f) == 1;
	for (size_t i = 0; i < c->n && ok; i++) {
		struct pack_entry e = { items[i].key, 0, items[i].size, items[i].flags,
					c->placed[i].index, 0 };
		if (items[i].flags & ENTRY_OBJECT) {
			e.offset = offset;
			offset += (items[i].size + 7) & ~7u;
		}
		ok = fwrite(&e, sizeof e, 1, f) == 1;
	}
	for (size_t i = 0; i < c->n && ok; i++)
		if (items[i].flags & ENTRY_OBJECT)
			ok = fwrite(items[i].data, 1, items[i].size, f) == items[i].size &&
			     pad(f, -items[i].size & 7u);
	if (ok && c->image)
		ok = pad(f, h.image - offset) &&
		     fwrite(c->image, 1, c->image_size, f) == c->image_size;
	return ok;
}

/* The pack's objects placed into its image. */
static void build_image(struct contents *c, struct xl_image_input *placed)
{
	for (size_t i = 0; i < c->n; i++)
		placed[i] = (struct xl_image_input){ c->items[i].flags & ENTRY_OBJECT ? c->items[i].data : NULL,
						     c->items[i].size, 0 };
	c->placed = placed;
	c->image = xl_image_build(placed, c->n, &c->image_size);
}

/* The pack on disk now (another process may have written it since this
 * run began) merged with this run's news, written aside and renamed: a
 * reader never sees half a pack. */
static void write_merged(void)
{
	struct pack now;

	map_pack(pack_path, &now, 0);
	struct item *items = malloc((now.n + nnews) * sizeof *items);
	size_t n = 0;
	for (size_t i = 0; items && i < now.n; i++, n++)
		items[n] = (struct item){ now.entries[i].key, n, now.entries[i].flags,
					  now.entries[i].size, now.map + now.entries[i].offset };
	for (size_t i = 0; items && i < nnews; i++, n++)
		items[n] = (struct item){ news[i].key, n, news[i].flags, news[i].size, news[i].data };
	struct xl_image_input *placed = items ? malloc((n ? n : 1) * sizeof *placed) : NULL;
	if (placed) {
		qsort(items, n, sizeof *items, by_key_then_seq);
		struct contents c = { items, merge(items, n), NULL, NULL, 0 };
		build_image(&c, placed);
		if (xl_write_aside(pack_path, write_pack, &c))
			xl_debug("code store pack %s written: %zu entries, an image of %zu bytes",
				 pack_path, c.n, c.image_size);
		free((void *)c.image);
	}
	free(placed);
	free(items);
	unmap_pack(&now);
}

void xl_pack_write(void)
{
	char lock_path[4200];

	if (!pack_path)
		return;
	pthread_mutex_lock(&news_lock);
	forget_inherited_news();
	if (nnews) {
		/* Runs that end at once (a shell's children) merge in turn,
		 * none losing what another added. */
		snprintf(lock_path, sizeof lock_path, "%s.lock", pack_path);
		int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (lock >= 0 && !flock(lock, LOCK_EX))
			write_merged();
		if (lock >= 0)
			close(lock);
	}
	for (size_t i = 0; i < nnews; i++)
		free(news[i].data);
	nnews = news_bytes = 0;
	pthread_mutex_unlock(&news_lock);
}
