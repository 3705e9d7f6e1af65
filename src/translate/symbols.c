#include "translate/symbols.h"
#include "runtime/code_cache.h"
#include "translate/translate.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Helpers are named by their distance from this function: fixed within a
 * build of the static-PIE interpreter wherever it is loaded. */
static uintptr_t image_anchor(void)
{
	return (uintptr_t)&image_anchor;
}

void xl_symbol_helper(char name[XL_SYMBOL_MAX], const void *fn)
{
	snprintf(name, XL_SYMBOL_MAX, "xl.helper.%" PRIxPTR, (uintptr_t)fn - image_anchor());
}

void xl_symbol_slot(char name[XL_SYMBOL_MAX], uint64_t pc)
{
	snprintf(name, XL_SYMBOL_MAX, "xl.slot.%" PRIx64, pc);
}

void xl_symbol_heat(char name[XL_SYMBOL_MAX], uint64_t pc)
{
	snprintf(name, XL_SYMBOL_MAX, "xl.heat.%" PRIx64, pc);
}

/* Library functions LLVM's code generator may call: a static interpreter
 * has no dynamic symbol table to find them in. */
static uint64_t library_function(const char *name)
{
	static const struct { const char *name; void *addr; } functions[] = {
		{ "memcpy", (void *)memcpy }, { "memmove", (void *)memmove },
		{ "memset", (void *)memset }, { "fma", (void *)fma },
		{ "fmaf", (void *)fmaf }, { "sqrt", (void *)sqrt },
		{ "sqrtf", (void *)sqrtf }, { "rint", (void *)rint },
		{ "rintf", (void *)rintf }, { "floor", (void *)floor },
		{ "floorf", (void *)floorf }, { "ceil", (void *)ceil },
		{ "ceilf", (void *)ceilf }, { "roundeven", (void *)roundeven },
		{ "roundevenf", (void *)roundevenf },
	};

	for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
		if (!strcmp(name, functions[i].name))
			return (uintptr_t)functions[i].addr;
	return 0;
}

/* The digits xl_symbol_* print: strtoull, with its locale and its
 * overflow rules, was a tenth of linking a stored object. */
static int parse_hex(const char *s, uint64_t *v)
{
	unsigned n = 0;

	for (*v = 0; s[n]; n++) {
		unsigned c = (unsigned char)s[n], d;
		if (c - '0' < 10)
			d = c - '0';
		else if (c - 'a' < 6)
			d = c - 'a' + 10;
		else
			return 0;
		*v = *v << 4 | d;
	}
	return n > 0 && n <= 16;
}

uint64_t xl_symbol_resolve(const char *name)
{
	uint64_t v;

	if (!strncmp(name, "xl.helper.", 10) && parse_hex(name + 10, &v))
		return image_anchor() + v;
	if (!strncmp(name, "xl.slot.", 8) && parse_hex(name + 8, &v))
		return (uintptr_t)&xl_cache_entry(v)->code;
	if (!strncmp(name, "xl.heat.", 8) && parse_hex(name + 8, &v))
		return (uintptr_t)&xl_cache_entry(v)->heat;
	if (!strcmp(name, XL_DISPATCH_STUB))
		return (uintptr_t)xl_cache_untranslated();
	return library_function(name);
}
