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
static const struct {
	const char *name;
	void *addr;
} library[] = {
	{ "memcpy", (void *)memcpy }, { "memmove", (void *)memmove },
	{ "memset", (void *)memset }, { "fma", (void *)fma },
	{ "fmaf", (void *)fmaf }, { "sqrt", (void *)sqrt },
	{ "sqrtf", (void *)sqrtf }, { "rint", (void *)rint },
	{ "rintf", (void *)rintf }, { "floor", (void *)floor },
	{ "floorf", (void *)floorf }, { "ceil", (void *)ceil },
	{ "ceilf", (void *)ceilf }, { "roundeven", (void *)roundeven },
	{ "roundevenf", (void *)roundevenf },
};
#define NLIBRARY (sizeof library / sizeof library[0])

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

int xl_symbol_parse(const char *name, struct xl_symbol *symbol)
{
	static const struct {
		const char *prefix;
		size_t len;
		enum xl_symbol_kind kind;
	} numbered[] = {
		{ "xl.helper.", 10, XL_SYMBOL_HELPER },
		{ "xl.slot.", 8, XL_SYMBOL_SLOT },
		{ "xl.heat.", 8, XL_SYMBOL_HEAT },
	};

	for (size_t i = 0; i < sizeof numbered / sizeof numbered[0]; i++)
		if (!strncmp(name, numbered[i].prefix, numbered[i].len)) {
			symbol->kind = numbered[i].kind;
			return parse_hex(name + numbered[i].len, &symbol->value);
		}
	*symbol = (struct xl_symbol){ 0, XL_SYMBOL_DISPATCH };
	if (!strcmp(name, XL_DISPATCH_STUB))
		return 1;
	symbol->kind = XL_SYMBOL_LIBRARY;
	for (symbol->value = 0; symbol->value < NLIBRARY; symbol->value++)
		if (!strcmp(name, library[symbol->value].name))
			return 1;
	return 0;
}

uint64_t xl_symbol_address(const struct xl_symbol *symbol)
{
	switch (symbol->kind) {
	case XL_SYMBOL_HELPER:
		return image_anchor() + symbol->value;
	case XL_SYMBOL_SLOT:
		return (uintptr_t)&xl_cache_entry(symbol->value)->code;
	case XL_SYMBOL_HEAT:
		return (uintptr_t)&xl_cache_entry(symbol->value)->heat;
	case XL_SYMBOL_DISPATCH:
		return (uintptr_t)xl_cache_untranslated();
	case XL_SYMBOL_LIBRARY:
		return symbol->value < NLIBRARY ? (uintptr_t)library[symbol->value].addr : 0;
	}
	return 0;
}

uint64_t xl_symbol_resolve(const char *name)
{
	struct xl_symbol symbol;

	return xl_symbol_parse(name, &symbol) ? xl_symbol_address(&symbol) : 0;
}
