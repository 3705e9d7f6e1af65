/* The image in a program's pack (translate/store_pack.c): every object of
 * the pack placed once, when the pack is written, into one block of code
 * that a later run maps from the file as it is, relocating nothing. Each
 * object refers to the runtime only through its own GOT slots and stubs,
 * which lie in the image's data part at a fixed distance from its code and
 * which a run fills in when it first uses the object. Linking hundreds of
 * objects anew was about half of every warm start, in every process of a
 * shell script; now the code is shared through the page cache. */
#ifndef XL_PACK_IMAGE_H
#define XL_PACK_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "translate/object_link.h"

/* The image's offset in the pack file is a multiple of this, as is its
 * code part within the image: whole pages for every host page size. */
#define XL_IMAGE_ALIGN 65536

struct xl_image_input {
	const uint8_t *data;
	size_t size;
	uint32_t index;                 /* out: its place in the image from 1, or 0 */
};

/* The image of the n objects (those that can be placed: others get index
 * 0, and a pack's other entries are not objects at all), malloc'ed, of
 * *size bytes; NULL when none can be placed. */
uint8_t *xl_image_build(struct xl_image_input *in, size_t n, size_t *size);

/* The image in the pack mapped at image (size bytes), which is at file
 * offset offset of fd: maps its code into the code arena for this run. A
 * malformed image, or none that can be mapped, leaves the run without. */
void xl_image_open(const uint8_t *image, size_t size, int fd, uint64_t offset);

/* Links the object at index (from 1) of the open image: fills its slots
 * and finds its n functions. 0, or -1 with *error saying why not (no
 * image, a damaged entry, a symbol the runtime lacks). */
int xl_image_link(uint32_t index, struct xl_linked_function *functions, unsigned n,
		  const char **error);

#endif
