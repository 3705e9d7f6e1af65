/* The code store: compiled regions kept on disk, so that the next run of a
 * program (or of any program sharing its libraries at the same addresses)
 * translates nothing it translated before. A region is found by a key over
 * its guest instructions and addresses, the tier, the xlift build and the
 * host CPU. Within a run, keys also find code already linked. */
#ifndef XL_CODE_STORE_H
#define XL_CODE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include "translate/jit.h"

struct xl_code_key {
	uint64_t h[2];
};

/* Opens the store in dir (NULL: no store on disk) for code of guest, and
 * there the pack of the program file program (NULL: none). */
void xl_code_store_init(const char *dir, const char *guest, const struct stat *program);
/* The run ends (exit, exit_group): the program's pack learns its news. */
void xl_code_store_finish(void);

void xl_code_key_init(struct xl_code_key *key, enum xl_tier tier);
void xl_code_key_add(struct xl_code_key *key, const void *data, size_t len);
/* The name of the region function compiled under key. */
void xl_code_key_name(const struct xl_code_key *key, char name[40]);

/* Code for key linked in this run, or NULL. */
void *xl_code_store_linked(const struct xl_code_key *key);
void xl_code_store_remember(const struct xl_code_key *key, void *code);
/* An object found in the store: in the program's pack, or read from its
 * own file (owned, freed by the release); image: its index in the pack's
 * image (translate/pack_image.h), or 0. */
struct xl_stored_object {
	const uint8_t *data;
	size_t size;
	uint8_t *owned;
	uint32_t image;
};

/* Where a lookup looks: the pack, then the key's own file; or, for what
 * every region asks at its first sight in a run (its optimised object,
 * its hot mark), the program's pack alone when there is one. The pack
 * has what the program's earlier runs found, and a failed open per
 * region would be a good part of a short run. */
enum xl_store_ask { XL_ASK_ALL, XL_ASK_PACK };

/* Finds the object stored for key: 1, or 0 when there is none. */
int xl_code_store_load(const struct xl_code_key *key, enum xl_store_ask ask,
		       struct xl_stored_object *object);
void xl_code_store_release(struct xl_stored_object *object);
/* The pack's image failed object: the pack is written anew at the end. */
void xl_code_store_renew(const struct xl_code_key *key, const struct xl_stored_object *object);
void xl_code_store_save(const struct xl_code_key *key, const void *object, size_t size);
/* The object stored for key cannot be linked: it goes. */
void xl_code_store_drop(const struct xl_code_key *key);

/* Guest code a region's key covers, in the program's pack by the
 * region's entry: its last run's cover, or NULL. */
struct xl_code_range {
	uint64_t pc, len;
};
const struct xl_code_range *xl_code_store_cover(uint64_t pc, size_t *n);
void xl_code_store_save_cover(uint64_t pc, const struct xl_code_range *cover, size_t n);

/* Marks on disk: key's code was wanted (a region turned hot) in some run,
 * whether or not it was compiled before that run ended. Asked as
 * XL_ASK_PACK. */
void xl_code_store_mark(const struct xl_code_key *key);
int xl_code_store_marked(const struct xl_code_key *key);

#endif
