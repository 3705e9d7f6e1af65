/* What a guest lifter gets from the generic translator: the LLVM function of
 * the region being built, and the ways to leave it. */
#ifndef XL_LIFT_H
#define XL_LIFT_H

#include <stdint.h>
#include <llvm-c/Core.h>
#include "guest/guest.h"
#include "translate/code_store.h"
#include "translate/jit.h"

/* Upper bound of guest instructions lifted into one region. */
#define XL_REGION_MAX_INSNS 2000

struct xl_lift {
	LLVMContextRef ctx;
	LLVMModuleRef mod;
	LLVMBuilderRef b;
	LLVMValueRef fn;                /* preserve_none void (ptr cpu, i64 x11) */
	LLVMValueRef cpu;
	LLVMTypeRef i1, i8, i16, i32, i64, i128, f32, f64, ptr, vd;
	LLVMTypeRef region_type;
	const struct guest_arch *arch;
	enum xl_tier tier;
	uint64_t pc;                    /* the region's entry */
	struct xl_code_key key;         /* what the region's code depends on */
	struct xl_code_key opt_key;     /* the same for the optimised tier */
	void *reused;                   /* code found for key, if any */
	/* the guest code the keys cover, and whether some instruction in it
	 * could not be decoded whole (the key then holds for this run only:
	 * the bytes after it may read otherwise once they can be read) */
	struct xl_code_range *cover;
	unsigned ncover, cover_cap;
	int cover_inexact;
};

/* Carried register i as the region received it. */
LLVMValueRef xl_lift_carried(struct xl_lift *l, unsigned i);
/* Pointer to the byte at offset in struct xl_cpu. */
LLVMValueRef xl_lift_cpu_field(struct xl_lift *l, size_t offset);
/* A constant of an integer type. */
LLVMValueRef xl_lift_const(LLVMTypeRef t, uint64_t v);

/* The guest lifter names every instruction the region's code depends on
 * (lifted, or looked at beyond its exits), then asks whether code for
 * their bytes exists: when it does, l->reused holds it and the region need
 * not be lifted. The program's pack keeps the cover, so that its next run
 * finds the code by the bytes alone, without decoding them. */
void xl_lift_cover(struct xl_lift *l, uint64_t pc, unsigned len);
int xl_lift_reuse(struct xl_lift *l);

/* Region exits. The caller has stored the non-carried registers; carried
 * holds the values of the carried registers. Both end the current block. */
void xl_lift_exit_direct(struct xl_lift *l, uint64_t target, LLVMValueRef *carried);
void xl_lift_exit_indirect(struct xl_lift *l, LLVMValueRef target, LLVMValueRef *carried);

/* Ends the block on the way into the code at pc (a region entry or a loop
 * header): in the fast tier it counts, queues pc for the optimiser when pc
 * turns hot, and from then on goes to hot now and then; else to cont. */
void xl_lift_heat(struct xl_lift *l, uint64_t pc, LLVMBasicBlockRef cont, LLVMBasicBlockRef hot);

/* Safe points for signals (runtime/signal.h). Ends the block: to leave
 * when a signal is pending, else to cont. */
void xl_lift_safe_point(struct xl_lift *l, LLVMBasicBlockRef cont, LLVMBasicBlockRef leave);
/* The same at the entry of the region at pc, before it changed any state:
 * leaves for the dispatcher, which delivers. The builder ends up in cont. */
void xl_lift_entry_safe_point(struct xl_lift *l, uint64_t pc, LLVMBasicBlockRef cont);
/* Makes access (a load, store, cmpxchg or atomicrmw of guest memory) the
 * guest instruction at pc's: a host fault there is the guest's at pc
 * (translate/pc_map.h). Volatile, so that LLVM keeps it one access: a load
 * whose value goes unused still faults, and no stores are merged. */
LLVMValueRef xl_lift_guest_access(struct xl_lift *l, LLVMValueRef access, uint64_t pc);

/* A call of a C function of the runtime: fn's type is ret (args...). */
LLVMValueRef xl_lift_call(struct xl_lift *l, const void *fn, LLVMTypeRef ret,
			  LLVMValueRef *args, unsigned nargs);

#endif
