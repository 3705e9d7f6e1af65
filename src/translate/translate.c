/* Region translation and the two stubs that connect C and region code. */
#include "translate/translate.h"
#include "translate/jit.h"
#include "translate/code_store.h"
#include "translate/lift.h"
#include "translate/object_link.h"
#include "translate/pack_image.h"
#include "translate/perf_map.h"
#include "runtime/code_cache.h"
#include "runtime/code_pages.h"
#include "runtime/guest_mem.h"
#include "runtime/dispatch.h"
#include "util/die.h"

#include <pthread.h>
#include <string.h>
#include <stdlib.h>
#include <llvm-c/Analysis.h>

static const struct guest_arch *guest;
static void *dispatch_stub;
static void (*enter_stub)(struct xl_cpu *);
static int verify_ir;
/* Finding, storing and linking code for a key happen as one step. */
static pthread_mutex_t link_lock = PTHREAD_MUTEX_INITIALIZER;

static void lift_init(struct xl_lift *l, LLVMModuleRef mod, const char *name, enum xl_tier tier)
{
	LLVMContextRef c = xl_jit_context();

	l->ctx = c;
	l->mod = mod;
	l->arch = guest;
	l->tier = tier;
	l->i1 = LLVMInt1TypeInContext(c);
	l->i8 = LLVMInt8TypeInContext(c);
	l->i16 = LLVMInt16TypeInContext(c);
	l->i32 = LLVMInt32TypeInContext(c);
	l->i64 = LLVMInt64TypeInContext(c);
	l->i128 = LLVMInt128TypeInContext(c);
	l->f32 = LLVMFloatTypeInContext(c);
	l->f64 = LLVMDoubleTypeInContext(c);
	l->ptr = LLVMPointerTypeInContext(c, 0);
	l->vd = LLVMVoidTypeInContext(c);

	LLVMTypeRef params[1 + XL_CARRIED_REGS];
	params[0] = l->ptr;
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		params[i + 1] = l->i64;
	l->region_type = LLVMFunctionType(l->vd, params, 1 + XL_CARRIED_REGS, 0);
	l->b = LLVMCreateBuilderInContext(c);
	l->fn = LLVMAddFunction(mod, name, l->region_type);
	LLVMSetFunctionCallConv(l->fn, XL_CC_PRESERVE_NONE);
	l->cpu = LLVMGetParam(l->fn, 0);
	LLVMPositionBuilderAtEnd(l->b, LLVMAppendBasicBlockInContext(c, l->fn, "entry"));
}

static LLVMModuleRef new_module(const char *name)
{
	LLVMModuleRef mod = LLVMModuleCreateWithNameInContext(name, xl_jit_context());
	xl_jit_prepare_module(mod);
	return mod;
}

/* label: the module's name in messages and IR dumps. */
static LLVMMemoryBufferRef emit(struct xl_lift *l, const char *label)
{
	LLVMDisposeBuilder(l->b);
	if (verify_ir && LLVMVerifyModule(l->mod, LLVMPrintMessageAction, NULL)) {
		LLVMDumpModule(l->mod);
		xl_die("internal error: invalid IR in %s", label);
	}
	return xl_jit_emit(l->mod, l->tier, label);
}

/* Links an object LLVM has just compiled, and disposes of it. */
static void link_compiled(LLVMMemoryBufferRef object, struct xl_linked_function *f, unsigned n)
{
	const char *error;

	if (xl_object_link((const uint8_t *)LLVMGetBufferStart(object), LLVMGetBufferSize(object),
			   f, n, &error))
		xl_die("internal error: cannot link translated code: %s", error);
	LLVMDisposeMemoryBuffer(object);
}

/* Links the code store's object for key, from the pack's image when it
 * is there: 1, or 0 when there is none or it cannot be linked (damaged,
 * it goes). */
static int link_stored(const struct xl_code_key *key, enum xl_store_ask ask,
		       struct xl_linked_function *f, unsigned n)
{
	struct xl_stored_object object;
	const char *error = NULL;

	if (!xl_code_store_load(key, ask, &object))
		return 0;
	if (object.image && !xl_image_link(object.image, f, n, &error))
		return 1;
	if (error) {
		xl_debug("code store object %s linked without the image: %s", f[0].name, error);
		xl_code_store_renew(key, &object);
	}
	if (xl_object_link(object.data, object.size, f, n, &error)) {
		xl_debug("code store object %s dropped: %s", f[0].name, error);
		xl_code_store_drop(key);
	}
	xl_code_store_release(&object);
	return !error;
}

/* Both stubs load the carried registers from the CPU state, ask the
 * dispatcher for the code of cpu->pc and jump there. The dispatch stub is
 * itself region-shaped: untranslated exits and IBTC misses tail-call it. */
static void build_stubs(const struct xl_code_key *key, struct xl_linked_function *stubs,
			unsigned n)
{
	struct xl_lift l;
	LLVMModuleRef mod = new_module("stubs");

	lift_init(&l, mod, XL_DISPATCH_STUB, XL_TIER_OPT);
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		LLVMBuildStore(l.b, xl_lift_carried(&l, i), xl_lift_cpu_field(&l, guest->carried[i]));
	LLVMValueRef carried[XL_CARRIED_REGS];
	LLVMValueRef code = xl_lift_call(&l, xl_dispatch_lookup, l.ptr, &l.cpu, 1);
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		carried[i] = LLVMBuildLoad2(l.b, l.i64, xl_lift_cpu_field(&l, guest->carried[i]), "");
	LLVMValueRef args[1 + XL_CARRIED_REGS] = { l.cpu };
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		args[i + 1] = carried[i];
	LLVMValueRef call = LLVMBuildCall2(l.b, l.region_type, code, args, 1 + XL_CARRIED_REGS, "");
	LLVMSetInstructionCallConv(call, XL_CC_PRESERVE_NONE);
	LLVMSetTailCallKind(call, LLVMTailCallKindMustTail);
	LLVMBuildRetVoid(l.b);

	LLVMTypeRef enter_type = LLVMFunctionType(l.vd, &l.ptr, 1, 0);
	LLVMValueRef enter = LLVMAddFunction(mod, "xl.enter", enter_type);
	LLVMPositionBuilderAtEnd(l.b, LLVMAppendBasicBlockInContext(l.ctx, enter, "entry"));
	l.cpu = LLVMGetParam(enter, 0);
	args[0] = l.cpu;
	code = xl_lift_call(&l, xl_dispatch_lookup, l.ptr, &l.cpu, 1);
	for (unsigned i = 0; i < XL_CARRIED_REGS; i++)
		args[i + 1] = LLVMBuildLoad2(l.b, l.i64, xl_lift_cpu_field(&l, guest->carried[i]), "");
	call = LLVMBuildCall2(l.b, l.region_type, code, args, 1 + XL_CARRIED_REGS, "");
	LLVMSetInstructionCallConv(call, XL_CC_PRESERVE_NONE);
	LLVMBuildUnreachable(l.b);

	LLVMMemoryBufferRef object = emit(&l, XL_DISPATCH_STUB);
	xl_code_store_save(key, LLVMGetBufferStart(object), LLVMGetBufferSize(object));
	link_compiled(object, stubs, n);
}

/* The stubs depend only on the build and the host, like every object in
 * the code store: a program's start finds them there instead of
 * compiling them again. */
static void link_stubs(void)
{
	struct xl_code_key key;
	static const char name[] = "stubs";
	struct xl_linked_function stubs[] = { { .name = XL_DISPATCH_STUB }, { .name = "xl.enter" } };

	xl_code_key_init(&key, XL_TIER_OPT);
	xl_code_key_add(&key, name, sizeof name);
	if (!link_stored(&key, XL_ASK_ALL, stubs, 2))
		build_stubs(&key, stubs, 2);
	dispatch_stub = stubs[0].code;
	enter_stub = (void (*)(struct xl_cpu *))stubs[1].code;
}

void xl_translate_init(const struct guest_arch *arch, const char *store_dir,
		       const struct stat *program)
{
	guest = arch;
	verify_ir = getenv("XLIFT_VERIFY_IR") != NULL;
	xl_perf_map_init();
	xl_code_store_init(store_dir, arch->name, program);
	link_stubs();
	xl_cache_init(dispatch_stub);
}

void xl_translate_finish(void)
{
	xl_code_store_finish();
}

void xl_stub_enter(struct xl_cpu *cpu)
{
	enter_stub(cpu);
	__builtin_unreachable();
}

void xl_lift_cover(struct xl_lift *l, uint64_t pc, unsigned len)
{
	if (l->ncover == l->cover_cap) {
		unsigned cap = l->cover_cap ? 2 * l->cover_cap : 64;
		struct xl_code_range *c = realloc(l->cover, cap * sizeof *c);
		if (!c)
			xl_die("out of memory");
		l->cover = c;
		l->cover_cap = cap;
	}
	l->cover[l->ncover++] = (struct xl_code_range){ pc, len };
}

static int by_pc(const void *a, const void *b)
{
	const struct xl_code_range *x = a, *y = b;

	return (x->pc > y->pc) - (x->pc < y->pc);
}

/* The cover sorted, its overlapping and adjacent pieces joined. */
static void join_cover(struct xl_lift *l)
{
	unsigned n = 0;

	qsort(l->cover, l->ncover, sizeof *l->cover, by_pc);
	for (unsigned i = 0; i < l->ncover; i++) {
		struct xl_code_range r = l->cover[i];
		uint64_t last_end = n ? l->cover[n - 1].pc + l->cover[n - 1].len : 0;
		if (n && r.pc <= last_end) {
			if (r.pc + r.len > last_end)
				l->cover[n - 1].len = r.pc + r.len - l->cover[n - 1].pc;
		} else {
			l->cover[n++] = r;
		}
	}
	l->ncover = n;
}

/* Both keys from the region's entry and the bytes of its cover: 1, or 0
 * when some of them cannot be read now (the keys then cover those that
 * can). */
static int cover_keys(struct xl_lift *l, const struct xl_code_range *cover, size_t n)
{
	struct xl_code_key bytes;
	const uint8_t *p;
	int readable = 1;

	xl_code_key_init(&bytes, XL_TIER_FAST);
	for (size_t i = 0; i < n; i++) {
		xl_code_key_add(&bytes, &cover[i], sizeof cover[i]);
		for (uint64_t at = cover[i].pc, end = at + cover[i].len; at < end && readable;) {
			uint64_t page_left = 4096 - (at & 4095);
			size_t got = xl_code_read(at, end - at < page_left ? end - at : page_left, &p);
			xl_code_key_add(&bytes, p, got);
			readable = got > 0;
			at += got;
		}
	}
	xl_code_key_init(&l->key, l->tier);
	xl_code_key_init(&l->opt_key, XL_TIER_OPT);
	/* Regions that differ only in where they start (a loop entered at
	 * two points) cover the same instructions: the entry is in the key. */
	for (int i = 0; i < 2; i++) {
		struct xl_code_key *k = i ? &l->opt_key : &l->key;
		xl_code_key_add(k, &l->pc, sizeof l->pc);
		xl_code_key_add(k, &bytes, sizeof bytes);
	}
	return readable;
}

/* Code for key, linked by tier from an object for the region at pc: found
 * by key from now on, and named in perf's map. */
static void *remember(const struct xl_code_key *key, const struct xl_linked_function *f,
		      uint64_t pc, enum xl_tier tier)
{
	xl_code_store_remember(key, f->code);
	xl_perf_map_add(f->code, f->size, pc, tier);
	return f->code;
}

static void *find_code(const struct xl_code_key *key, enum xl_store_ask ask, uint64_t pc,
		       enum xl_tier tier)
{
	char name[40];
	struct xl_linked_function f = { .name = name };

	pthread_mutex_lock(&link_lock);
	void *code = xl_code_store_linked(key);
	if (!code) {
		xl_code_key_name(key, name);
		if (link_stored(key, ask, &f, 1))
			code = remember(key, &f, pc, tier);
	}
	pthread_mutex_unlock(&link_lock);
	return code;
}

/* Code stored for l's keys: code that was hot in an earlier run starts
 * out optimised. */
static void *find_reusable(struct xl_lift *l)
{
	void *code = find_code(&l->opt_key, l->tier == XL_TIER_OPT ? XL_ASK_ALL : XL_ASK_PACK,
			       l->pc, XL_TIER_OPT);
	if (!code && l->tier != XL_TIER_OPT)
		code = find_code(&l->key, XL_ASK_ALL, l->pc, l->tier);
	return code;
}

int xl_lift_reuse(struct xl_lift *l)
{
	size_t n;

	join_cover(l);
	int readable = cover_keys(l, l->cover, l->ncover);
	const struct xl_code_range *stored = xl_code_store_cover(l->pc, &n);
	if (readable && !l->cover_inexact &&
	    (!stored || n != l->ncover || memcmp(stored, l->cover, n * sizeof *stored)))
		xl_code_store_save_cover(l->pc, l->cover, l->ncover);
	l->reused = find_reusable(l);
	return l->reused != NULL;
}

/* The region at pc as its cover in the program's pack says, when its
 * bytes are what they were and code for them is stored: found without
 * decoding a single instruction. */
static void *reuse_by_cover(struct xl_lift *l)
{
	size_t n;
	const struct xl_code_range *cover = xl_code_store_cover(l->pc, &n);

	if (!cover || !cover_keys(l, cover, n) || !(l->reused = find_reusable(l)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		for (uint64_t page = cover[i].pc >> 12; page <= (cover[i].pc + cover[i].len - 1) >> 12;
		     page++)
			xl_code_pages_add(page << 12);
	return l->reused;
}

static void *discard(struct xl_lift *l, void *code)
{
	LLVMDisposeBuilder(l->b);
	LLVMDisposeModule(l->mod);
	return code;
}

/* The optimised-tier key of every fast-tier region, by pc, for marking
 * the region once it turns hot; the newest first. */
#define HOT_KEY_BITS 12

static struct hot_key {
	uint64_t pc;
	struct xl_code_key key;
	struct hot_key *next;
} *hot_keys[1u << HOT_KEY_BITS];
static pthread_mutex_t hot_keys_lock = PTHREAD_MUTEX_INITIALIZER;

static struct hot_key **hot_bucket(uint64_t pc)
{
	return &hot_keys[(pc >> 1) & ((1u << HOT_KEY_BITS) - 1)];
}

static void remember_hot_key(uint64_t pc, const struct xl_code_key *key)
{
	struct hot_key *k = malloc(sizeof *k);

	if (!k)
		xl_die("out of memory");
	k->pc = pc;
	k->key = *key;
	pthread_mutex_lock(&hot_keys_lock);
	k->next = *hot_bucket(pc);
	*hot_bucket(pc) = k;
	pthread_mutex_unlock(&hot_keys_lock);
}

void xl_translate_mark_hot(uint64_t pc)
{
	struct xl_code_key key;
	struct hot_key *k;

	pthread_mutex_lock(&hot_keys_lock);
	for (k = *hot_bucket(pc); k && k->pc != pc; k = k->next)
		;
	if (k)
		key = k->key;
	pthread_mutex_unlock(&hot_keys_lock);
	if (k)
		xl_code_store_mark(&key);
}

/* What the fast tier keeps of a region it translated, reused or not. */
static void note_fast(const struct xl_lift *l, int *was_hot)
{
	if (l->tier != XL_TIER_FAST)
		return;
	remember_hot_key(l->pc, &l->opt_key);
	*was_hot = !xl_code_store_linked(&l->opt_key) && xl_code_store_marked(&l->opt_key);
}

void *xl_translate(uint64_t pc, enum xl_tier tier, int *was_hot)
{
	struct xl_lift l = { .pc = pc, .tier = tier };
	char name[40], label[XL_CODE_LABEL_MAX];

	if (reuse_by_cover(&l)) {
		note_fast(&l, was_hot);
		xl_debug("region 0x%llx from the code store by its cover at %p",
			 (unsigned long long)pc, l.reused);
		return l.reused;
	}
	lift_init(&l, new_module("region"), "region", tier);
	int lifted = guest->lift_region(&l, pc);
	free(l.cover);
	if (lifted < 0)
		return discard(&l, NULL);
	note_fast(&l, was_hot);
	if (l.reused) {
		xl_debug("region 0x%llx from the code store at %p", (unsigned long long)pc, l.reused);
		return discard(&l, l.reused);
	}

	xl_code_key_name(&l.key, name);
	LLVMSetValueName2(l.fn, name, strlen(name));
	xl_code_label(label, pc, l.tier);
	LLVMMemoryBufferRef object = emit(&l, label);
	/* Another thread may have linked the same key meanwhile. */
	pthread_mutex_lock(&link_lock);
	void *code = xl_code_store_linked(&l.key);
	if (code) {
		LLVMDisposeMemoryBuffer(object);
	} else {
		struct xl_linked_function f = { .name = name };
		xl_code_store_save(&l.key, LLVMGetBufferStart(object), LLVMGetBufferSize(object));
		link_compiled(object, &f, 1);
		code = remember(&l.key, &f, pc, tier);
	}
	pthread_mutex_unlock(&link_lock);
	xl_debug("translated region 0x%llx (%s) at %p", (unsigned long long)pc,
		 tier == XL_TIER_FAST ? "fast" : "optimised", code);
	return code;
}
