/* Shared state of the x86-64 lifter while it builds one region. */
#ifndef XL_X64_LIFT_H
#define XL_X64_LIFT_H

#include "guest/region_exits.h"
#include "guest/x86_64/decode.h"

struct x64_region;

/* The last flag-setting operation, known at lift time. While the
 * descriptor is valid a reader computes what it needs from the operation
 * itself (cmp + jcc becomes one icmp). Its flags are stored to the rflags
 * alloca later (pending), and only those still live then: a jcc reading
 * them from the descriptor does not keep them alive. */
enum x64_flag_op { X64_FLAGS_STORED, X64_FLAGS_ADD, X64_FLAGS_SUB, X64_FLAGS_LOGIC };

struct x64_flags {
	enum x64_flag_op op;
	LLVMValueRef a, b, res;         /* iN at the operation's size */
	LLVMValueRef cf;                /* i1 carry */
	int carry_kept;                 /* inc/dec: cf is the one from before */
	int carry_in;                   /* adc/sbb: res is not a op b alone */
};

struct x64_lift {
	struct xl_lift *l;
	LLVMBuilderRef b;
	LLVMValueRef gpr[16];           /* allocas */
	LLVMValueRef rflags;            /* alloca, i64 */
	LLVMValueRef cc_op;             /* alloca, i32: the state's cc_op */
	uint32_t written;               /* gpr bits; X64_WRITTEN_FLAGS */
	const struct x64_region *region;
	LLVMBasicBlockRef *blocks;      /* one per instruction */
	struct xl_exits exits;
	struct x64_flags flags;
	int pending;                    /* the descriptor's flags are not stored yet */
	uint16_t live_in, live_out;     /* status flags live at the instruction lifted */
};

#define X64_WRITTEN_FLAGS (1u << 16)

/* The guest_arch hook: lifts the region at pc. */
int x64_lift_region(struct xl_lift *l, uint64_t pc);

LLVMValueRef x64_const(struct x64_lift *x, uint64_t v);    /* i64 */
LLVMValueRef x64_gpr(struct x64_lift *x, unsigned reg);     /* i64 */
void x64_set_gpr(struct x64_lift *x, unsigned reg, LLVMValueRef v);

/* The block that continues at pc: inside the region, or a region exit
 * (exits are x->exits); a jump from `from` back into the region counts
 * loop heat. */
LLVMBasicBlockRef x64_block_at(struct x64_lift *x, uint64_t pc);
LLVMBasicBlockRef x64_jump_target(struct x64_lift *x, uint64_t from, uint64_t to);
/* Where a direct call goes on: its leaf's code in the region (the leaf
 * was pulled in), or the exit to its target. */
LLVMBasicBlockRef x64_call_target(struct x64_lift *x, const struct x86_insn *in);
/* Ends the block with a return to target: the continuation of a call in
 * the region, or the indirect exit. */
void x64_return(struct x64_lift *x, LLVMValueRef target);
/* xl_exits_call, then the registers reloaded and the lazy flags forgotten. */
LLVMValueRef x64_runtime_call(struct x64_lift *x, uint64_t pc, const void *fn,
			      LLVMTypeRef ret, LLVMValueRef *args, unsigned nargs);
/* Ends the block with a guest fault at the instruction. */
void x64_raise(struct x64_lift *x, const struct x86_insn *in, int signo);

/* Lazy flags (flags.c). cf: NULL, or the carry to keep (inc, dec). */
void x64_flags_set(struct x64_lift *x, enum x64_flag_op op, LLVMValueRef a, LLVMValueRef b,
		   LLVMValueRef res, LLVMValueRef cf);
/* adc, sbb: res = a op b op cf_in, cf the carry out. */
void x64_flags_set_with_carry(struct x64_lift *x, enum x64_flag_op op, LLVMValueRef a,
			      LLVMValueRef b, LLVMValueRef res, LLVMValueRef cf);
LLVMValueRef x64_flags_carry(struct x64_lift *x);           /* i1 */
LLVMValueRef x64_flags_cond(struct x64_lift *x, unsigned cc); /* i1 */
/* Flags written directly: the bit of i1; PF ZF SF of a result (as i64
 * rflags bits); the stored rflags with the bits in mask replaced by bits,
 * unless keep (an i1, or NULL) holds; the stored rflags as they are. */
LLVMValueRef x64_flag_bit(struct x64_lift *x, LLVMValueRef i1, uint64_t bit);
LLVMValueRef x64_flags_of_result(struct x64_lift *x, LLVMValueRef res);
void x64_flags_store(struct x64_lift *x, uint64_t mask, LLVMValueRef bits, LLVMValueRef keep);
LLVMValueRef x64_flags_load(struct x64_lift *x);
/* The flags are no longer known at lift time (a join point follows). */
void x64_flags_forget(struct x64_lift *x);
/* Stores the pending flags that mask names (status flag bits); those live
 * after the instruction (before it ends its block: jcc); all of them. */
void x64_flags_flush(struct x64_lift *x, uint16_t mask);
void x64_flags_settle(struct x64_lift *x);
void x64_flags_commit(struct x64_lift *x);
/* Before a return or an indirect jump: a pending operation's flags go to
 * the state's cc fields uncomputed (x64_flags_materialize computes them
 * where they are read); flags of other kinds are stored. */
void x64_flags_leave_pending(struct x64_lift *x);

/* The status flags an instruction reads and those it certainly writes
 * (flag_use.c); lifted: 0 for an instruction that raises a fault. */
struct x64_flag_use {
	uint16_t reads, kills;
};
void x64_flag_use(const struct x86_insn *in, int lifted, struct x64_flag_use *u);

/* Operands (lift_int.c): the address a memory operand names, with its
 * segment base; a register, memory or immediate operand's value at size
 * bytes; a write of v, a 32-bit register write clearing the upper half. */
LLVMValueRef x64_memory_pointer(struct x64_lift *x, const struct x86_insn *in);
/* a plus the base of in's fs or gs override, if it has one. */
LLVMValueRef x64_segment_address(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef a);
/* Guest memory at address a (i64). */
LLVMValueRef x64_guest_pointer(struct x64_lift *x, LLVMValueRef a);
/* Accesses through such a pointer, unaligned, each faulting as the guest
 * instruction in (xl_lift_guest_access). */
LLVMValueRef x64_guest_load(struct x64_lift *x, const struct x86_insn *in, LLVMTypeRef t,
			    LLVMValueRef ptr);
void x64_guest_store(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef v,
		     LLVMValueRef ptr);
/* Sequentially consistent atomicrmw and cmpxchg there: the old value; the
 * old value and whether it matched. */
LLVMValueRef x64_guest_rmw(struct x64_lift *x, const struct x86_insn *in, LLVMAtomicRMWBinOp op,
			   LLVMValueRef ptr, LLVMValueRef v);
LLVMValueRef x64_guest_cmpxchg(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef ptr,
			       LLVMValueRef expected, LLVMValueRef desired);
LLVMValueRef x64_read_op(struct x64_lift *x, const struct x86_insn *in,
			 const struct x86_operand *op, unsigned size);
void x64_write_op(struct x64_lift *x, const struct x86_insn *in,
		  const struct x86_operand *op, LLVMValueRef v);

/* A general register as an operand of size bytes. */
struct x86_operand x64_gpr_operand(unsigned reg, unsigned size);
/* A push of v (its size) and a pop of size bytes at in (lift_int.c). */
void x64_push(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef v);
LLVMValueRef x64_pop(struct x64_lift *x, const struct x86_insn *in, unsigned size);

/* Lifts an instruction x86_lifter_supports() accepts (lift_int.c). */
void x64_lift_int(struct x64_lift *x, const struct x86_insn *in);
/* Shifts and rotates (lift_shift.c); mul, imul, div, idiv (lift_muldiv.c):
 * 0 when the instruction is none of theirs. */
int x64_lift_shift(struct x64_lift *x, const struct x86_insn *in);
int x64_lift_muldiv(struct x64_lift *x, const struct x86_insn *in);
/* pushf popf lahf sahf clc stc cmc cld std (lift_flag_ops.c): the same. */
int x64_lift_flag_ops(struct x64_lift *x, const struct x86_insn *in);
/* bt bts btr btc bsf bsr bswap movbe (lift_bits.c): the same. */
int x64_lift_bits(struct x64_lift *x, const struct x86_insn *in);
/* xchg xadd cmpxchg cmpxchg8b/16b (lift_atomic.c); movs stos lods cmps
 * scas with their rep forms (lift_string.c): the same. */
int x64_lift_atomic(struct x64_lift *x, const struct x86_insn *in);
int x64_lift_string(struct x64_lift *x, const struct x86_insn *in);
/* lock neg (in): the old value at ptr (of type t), negated there atomically. */
LLVMValueRef x64_atomic_negate(struct x64_lift *x, const struct x86_insn *in, LLVMValueRef ptr,
			       LLVMTypeRef t);
/* SSE/SSE2, ldmxcsr/stmxcsr (lift_sse.c); x87 (lift_x87.c); cpuid, rdtsc
 * (cpuid.c): 0 when the instruction is none of theirs. */
int x64_lift_sse(struct x64_lift *x, const struct x86_insn *in);
int x64_lift_x87(struct x64_lift *x, const struct x86_insn *in);
/* Shared by the SSE and x87 lifters (lift_sse.c): a call of the LLVM
 * intrinsic name overloaded on one type; rflags as comisd leaves them for
 * a, b; a float (scalar or vector) to signed integers of type it, rounded
 * by rc (i32 0-3: nearest, down, up, zero; NULL: toward zero), NaN or out
 * of range giving the integer indefinite 0x80...0. */
LLVMValueRef x64_intrinsic(struct x64_lift *x, const char *name, LLVMTypeRef overload,
			   LLVMValueRef *args, unsigned nargs);
void x64_set_compare_flags(struct x64_lift *x, LLVMValueRef a, LLVMValueRef b);
LLVMValueRef x64_fp_to_int(struct x64_lift *x, LLVMValueRef v, LLVMTypeRef it, LLVMValueRef rc);
int x64_lift_cpuid(struct x64_lift *x, const struct x86_insn *in);

#endif
