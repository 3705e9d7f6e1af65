#include "translate/pack_image.h"
#include "translate/code_memory.h"
#include "translate/pc_map.h"
#include "translate/symbols.h"
#include "util/die.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The image: this header, its tables, then at code_offset the code part
 * (code_size bytes, mapped executable) and the data part (data_size
 * bytes: the objects' GOT slots and stubs as placed, copied into the
 * code arena right behind the code). Native byte order, as the pack. */
#define IMAGE_MAGIC "xlimg02"

struct image_header {
	char magic[8];
	uint64_t code_offset, code_size, data_size;
	uint32_t nobjects, nfixups, nfunctions, strings;
};

/* Offsets of code and data from their part's start; of the object's pc
 * map (checked when placed) from its code; of fixups from its data and of
 * functions from its code. */
struct image_object {
	uint64_t code, code_size, data, data_size, pc_map, pc_map_size;
	uint32_t fixup, nfixups, function, nfunctions;
};

/* The slot at holds the symbol's address + addend. */
struct image_fixup {
	uint64_t at;
	int64_t addend;
	uint64_t value;
	uint32_t kind, unused;
};

struct image_function {
	uint64_t offset, size;
	uint32_t name, unused;
};

/* ---- building, when the pack is written ---- */

struct table {
	uint8_t *bytes;
	size_t used, cap;
};

/* Appends n bytes: their offset, or SIZE_MAX when out of memory. */
static size_t append(struct table *t, const void *data, size_t n)
{
	if (t->used + n > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 4096;
		while (cap < t->used + n)
			cap *= 2;
		uint8_t *b = realloc(t->bytes, cap);
		if (!b)
			return SIZE_MAX;
		t->bytes = b;
		t->cap = cap;
	}
	memcpy(t->bytes + t->used, data, n);
	t->used += n;
	return t->used - n;
}

struct builder {
	struct table fixups, functions, strings;
	int failed;
};

static uint32_t add_string(struct builder *b, const char *s)
{
	size_t at = append(&b->strings, s, strlen(s) + 1);

	b->failed |= at == SIZE_MAX || at > UINT32_MAX;
	return (uint32_t)at;
}

static void add_fixup(void *arg, uint64_t at, const struct xl_symbol *symbol, int64_t addend)
{
	struct builder *b = arg;
	struct image_fixup f = { at, addend, symbol->value, symbol->kind, 0 };

	b->failed |= append(&b->fixups, &f, sizeof f) == SIZE_MAX;
}

static void add_function(void *arg, const char *name, uint64_t offset, uint64_t size)
{
	struct builder *b = arg;
	struct image_function f = { offset, size, add_string(b, name), 0 };

	b->failed |= append(&b->functions, &f, sizeof f) == SIZE_MAX;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Where each object goes: measured first, as the code part's size fixes
 * the distance of every object's code from its slots. */
static size_t lay_out(struct xl_image_input *in, size_t n, struct image_object *objects,
		      uint64_t *code_size, uint64_t *data_size)
{
	size_t placed = 0;
	uint64_t code = 0, data = 0;

	for (size_t i = 0; i < n; i++) {
		struct xl_object_layout l;
		const char *error;
		in[i].index = 0;
		if (xl_object_measure(in[i].data, in[i].size, &l, &error) ||
		    l.code_align > XL_IMAGE_ALIGN)
			continue;
		code = align_up(code, l.code_align);
		objects[placed] = (struct image_object){ .code = code, .code_size = l.code_size,
							 .data = data, .data_size = l.data_size };
		code += l.code_size;
		data += l.data_size;
		in[i].index = (uint32_t)++placed;
	}
	*code_size = align_up(code, XL_IMAGE_ALIGN);
	*data_size = data;
	return placed;
}

/* Places the objects into parts (code, then data), filling in their
 * tables; an object that turns out not to be placeable gets index 0 and
 * leaves a hole. */
static void place(struct xl_image_input *in, size_t n, struct image_object *objects,
		  uint8_t *parts, uint64_t code_size, struct builder *b)
{
	for (size_t i = 0; i < n; i++) {
		if (!in[i].index)
			continue;
		struct image_object *o = &objects[in[i].index - 1];
		size_t fixups = b->fixups.used, functions = b->functions.used;
		struct xl_object_placement p = { .code = parts + o->code,
						 .data = parts + code_size + o->data,
						 .fixup = add_fixup, .function = add_function,
						 .arg = b };
		const char *error;
		if (xl_object_place(in[i].data, in[i].size, &p, &error)) {
			xl_debug("code store pack: an object left out of the image: %s", error);
			b->fixups.used = fixups;
			b->functions.used = functions;
			memset(o, 0, sizeof *o);
			in[i].index = 0;
			continue;
		}
		o->pc_map = p.pc_map;
		o->pc_map_size = p.pc_map_size;
		o->fixup = (uint32_t)(fixups / sizeof(struct image_fixup));
		o->nfixups = (uint32_t)((b->fixups.used - fixups) / sizeof(struct image_fixup));
		o->function = (uint32_t)(functions / sizeof(struct image_function));
		o->nfunctions = (uint32_t)((b->functions.used - functions) /
					   sizeof(struct image_function));
	}
}

static uint8_t *assemble(const struct image_object *objects, size_t nobjects,
			 const struct builder *b, const uint8_t *parts, uint64_t code_size,
			 uint64_t data_size, size_t *size)
{
	struct image_header h = { IMAGE_MAGIC, 0, code_size, data_size, (uint32_t)nobjects,
				  (uint32_t)(b->fixups.used / sizeof(struct image_fixup)),
				  (uint32_t)(b->functions.used / sizeof(struct image_function)),
				  (uint32_t)b->strings.used };
	size_t tables = sizeof h + nobjects * sizeof *objects + b->fixups.used +
			b->functions.used + b->strings.used;

	h.code_offset = align_up(tables, XL_IMAGE_ALIGN);
	*size = h.code_offset + code_size + data_size;
	uint8_t *image = calloc(1, *size), *at = image;
	if (!image)
		return NULL;
	memcpy(at, &h, sizeof h);
	at += sizeof h;
	memcpy(at, objects, nobjects * sizeof *objects);
	at += nobjects * sizeof *objects;
	memcpy(at, b->fixups.bytes, b->fixups.used);
	at += b->fixups.used;
	memcpy(at, b->functions.bytes, b->functions.used);
	at += b->functions.used;
	memcpy(at, b->strings.bytes, b->strings.used);
	memcpy(image + h.code_offset, parts, code_size + data_size);
	return image;
}

uint8_t *xl_image_build(struct xl_image_input *in, size_t n, size_t *size)
{
	struct image_object *objects = calloc(n ? n : 1, sizeof *objects);
	struct builder b = { 0 };
	uint64_t code_size = 0, data_size = 0;
	uint8_t *image = NULL, *parts = NULL;

	size_t placed = objects ? lay_out(in, n, objects, &code_size, &data_size) : 0;
	/* Page-aligned, as the image will be mapped: ADRP's page distances
	 * must come out the same. */
	size_t parts_size = code_size + align_up(data_size, XL_IMAGE_ALIGN);
	if (placed && (parts = aligned_alloc(XL_IMAGE_ALIGN, parts_size))) {
		memset(parts, 0, parts_size);
		place(in, n, objects, parts, code_size, &b);
		if (!b.failed)
			image = assemble(objects, placed, &b, parts, code_size, data_size, size);
	}
	for (size_t i = 0; !image && i < n; i++)
		in[i].index = 0;
	free(parts);
	free(objects);
	free(b.fixups.bytes);
	free(b.functions.bytes);
	free(b.strings.bytes);
	return image;
}

/* ---- using it, in a later run ---- */

static struct {
	const struct image_header *h;
	const struct image_object *objects;
	const struct image_fixup *fixups;
	const struct image_function *functions;
	const char *strings;
	const uint8_t *data;            /* the data part as placed, in the pack */
	uint8_t *code;                  /* the code part, mapped; its slots follow */
} image;

static int check_header(const struct image_header *h, size_t size)
{
	uint64_t tables = sizeof *h + (uint64_t)h->nobjects * sizeof(struct image_object) +
			  (uint64_t)h->nfixups * sizeof(struct image_fixup) +
			  (uint64_t)h->nfunctions * sizeof(struct image_function) + h->strings;

	return size >= sizeof *h && !memcmp(h->magic, IMAGE_MAGIC, sizeof h->magic) &&
	       h->code_offset % XL_IMAGE_ALIGN == 0 && h->code_size % XL_IMAGE_ALIGN == 0 &&
	       tables <= h->code_offset && h->code_offset <= size &&
	       h->code_size <= size - h->code_offset &&
	       h->data_size <= size - h->code_offset - h->code_size &&
	       h->code_size + h->data_size < (UINT64_C(1) << 28);
}

void xl_image_open(const uint8_t *blob, size_t size, int fd, uint64_t offset)
{
	const struct image_header *h = (const struct image_header *)blob;

	if (!check_header(h, size)) {
		xl_debug("code store pack: its image ignored: malformed");
		return;
	}
	uint8_t *code = xl_code_alloc(h->code_size + h->data_size, XL_IMAGE_ALIGN);
	if (mmap(code, h->code_size, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd,
		 (off_t)(offset + h->code_offset)) == MAP_FAILED) {
		xl_debug("code store pack: its image ignored: cannot be mapped");
		return;
	}
	/* The slots of the objects a run links lie all over the data part:
	 * backed in one call instead of a fault per page. */
	(void)madvise(code + h->code_size, h->data_size, MADV_POPULATE_WRITE);
	image.h = h;
	image.objects = (const struct image_object *)(h + 1);
	image.fixups = (const struct image_fixup *)(image.objects + h->nobjects);
	image.functions = (const struct image_function *)(image.fixups + h->nfixups);
	image.strings = (const char *)(image.functions + h->nfunctions);
	image.data = blob + h->code_offset + h->code_size;
	image.code = code;
	xl_debug("code store pack: an image of %u objects mapped", h->nobjects);
}

static const char *string(uint32_t at)
{
	if (at >= image.h->strings || !memchr(image.strings + at, 0, image.h->strings - at))
		return NULL;
	return image.strings + at;
}

static int within(uint64_t start, uint64_t len, uint64_t size)
{
	return start <= size && len <= size - start;
}

static const char *check_object(const struct image_object *o)
{
	if (!within(o->code, o->code_size, image.h->code_size) ||
	    !within(o->data, o->data_size, image.h->data_size) || o->data % 8 ||
	    !within(o->pc_map, o->pc_map_size, o->code_size) ||
	    !within(o->fixup, o->nfixups, image.h->nfixups) ||
	    !within(o->function, o->nfunctions, image.h->nfunctions))
		return "a damaged image entry";
	for (uint32_t i = 0; i < o->nfunctions; i++) {
		const struct image_function *f = &image.functions[o->function + i];
		if (!string(f->name) || !within(f->offset, f->size, o->code_size))
			return "a damaged image entry";
	}
	return NULL;
}

static const char *fill_slots(const struct image_object *o)
{
	uint8_t *data = image.code + image.h->code_size + o->data;

	memcpy(data, image.data + o->data, o->data_size);
	for (uint32_t i = 0; i < o->nfixups; i++) {
		const struct image_fixup *f = &image.fixups[o->fixup + i];
		if (f->at % 8 || !within(f->at, 8, o->data_size))
			return "a damaged image entry";
		uint64_t v = xl_symbol_address(&(struct xl_symbol){ f->value, f->kind });
		if (!v)
			return "a symbol the runtime does not define";
		v += (uint64_t)f->addend;
		memcpy(data + f->at, &v, sizeof v);
	}
	xl_code_publish(data, o->data_size);
	return NULL;
}

static const char *find_functions(const struct image_object *o, struct xl_linked_function *f,
				  unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		f[k].code = NULL;
		for (uint32_t i = 0; i < o->nfunctions && !f[k].code; i++) {
			const struct image_function *fn = &image.functions[o->function + i];
			if (!strcmp(string(fn->name), f[k].name)) {
				f[k].code = image.code + o->code + fn->offset;
				f[k].size = fn->size;
			}
		}
		if (!f[k].code)
			return "a function missing";
	}
	return NULL;
}

int xl_image_link(uint32_t index, struct xl_linked_function *functions, unsigned n,
		  const char **error)
{
	const struct image_object *o = index && image.h && index <= image.h->nobjects ?
					       &image.objects[index - 1] : NULL;
	uint8_t *code = o ? image.code + o->code : NULL;

	*error = o ? check_object(o) : "not in the image";
	if (!*error)
		*error = find_functions(o, functions, n);
	if (!*error)
		*error = fill_slots(o);
	if (!*error && o->pc_map_size)
		xl_pc_map_add(code + o->pc_map, o->pc_map_size, code, code + o->code_size);
	return *error ? -1 : 0;
}
