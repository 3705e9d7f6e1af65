/* A program's pack in the code store: one file holding the objects and
 * hot marks of every region the program's runs used, sorted by key, so
 * that a start maps one file instead of opening one per region (three
 * lookups a region: the optimised object, the fast one, the hot mark).
 * Every run that ends (fork children too) with regions the pack lacked
 * merges them into the pack on disk. Objects it lacks may still be in the
 * per-key files of code_store.c, which runs of other programs and runs
 * still going fill too. */
#ifndef XL_STORE_PACK_H
#define XL_STORE_PACK_H

#include <stddef.h>
#include <stdint.h>
#include "translate/code_store.h"

/* Maps the pack at path, written by this very build; a missing or
 * malformed one leaves the program without a pack until this run writes
 * it. */
void xl_pack_open(const char *path);
/* Whether this run found a pack. */
int xl_pack_known(void);
/* key's object in the pack (8-byte aligned, mapped for the whole run),
 * or NULL; and, unless image is NULL, its index in the pack's image
 * (translate/pack_image.h), or 0. */
const uint8_t *xl_pack_object(const struct xl_code_key *key, size_t *size, uint32_t *image);
int xl_pack_hot(const struct xl_code_key *key);

/* What this run adds for the next pack. */
void xl_pack_note_object(const struct xl_code_key *key, const void *data, size_t size);
void xl_pack_note_hot(const struct xl_code_key *key);
/* key's object cannot be linked: the next pack leaves it out. */
void xl_pack_note_dropped(const struct xl_code_key *key);

/* The run ends: merges what it added into the pack on disk. */
void xl_pack_write(void);

#endif
