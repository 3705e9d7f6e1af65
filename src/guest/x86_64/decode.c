/* x86-64 decoder: prefixes, opcode maps, ModRM/SIB/displacement,
 * immediates. What an opcode means is in the tables (opcode.h); this file
 * knows only how instructions are laid out in bytes. */
#include "guest/x86_64/decode.h"
#include "guest/x86_64/opcode.h"

#include <string.h>

enum { X86_MAX_LEN = 15 };
enum { REX_B = 1, REX_X = 2, REX_R = 4, REX_W = 8 };

struct x86_dstate {
	const uint8_t *code;
	size_t avail;
	size_t pos;             /* may run past avail: then truncated is set */
	int truncated;
	struct x86_insn *insn;
	uint8_t rex;            /* REX.WRXB, from REX or VEX/EVEX */
	uint8_t last_rep;       /* the last of f2/f3, or 0 */
	uint8_t pp;             /* VEX/EVEX implied prefix: 0 none, 1 66, 2 f3, 3 f2 */
	uint8_t opsize_taken;   /* 66 served as a mandatory prefix */
};

static const char *const mnem_names[X86_NUM_MNEMS] = {
#define X(name, class) #name,
#include "guest/x86_64/mnemonics.def"
#undef X
};

static const uint8_t mnem_classes[X86_NUM_MNEMS] = {
#define X(name, class) X86_CLASS_##class,
#include "guest/x86_64/mnemonics.def"
#undef X
};

const char *x86_mnem_name(enum x86_mnem mnem)
{
	return mnem < X86_NUM_MNEMS ? mnem_names[mnem] : "?";
}

enum x86_mnem_class x86_mnem_class(enum x86_mnem mnem)
{
	return mnem < X86_NUM_MNEMS ? mnem_classes[mnem] : X86_CLASS_OTHER;
}

/* n little-endian bytes; past the end reads as zero and marks truncation. */
static uint64_t take(struct x86_dstate *d, unsigned n)
{
	uint64_t v = 0;

	if (d->pos + n > d->avail) {
		d->truncated = 1;
		d->pos += n;
		return 0;
	}
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)d->code[d->pos + i] << (8 * i);
	d->pos += n;
	return v;
}

static int64_t sext(uint64_t v, unsigned bytes)
{
	unsigned shift = 64 - 8 * bytes;

	return bytes >= 8 ? (int64_t)v : (int64_t)(v << shift) >> shift;
}

static unsigned modrm_mod(const struct x86_insn *in) { return in->modrm >> 6; }
static unsigned modrm_reg(const struct x86_insn *in) { return (in->modrm >> 3) & 7; }
static unsigned modrm_rm(const struct x86_insn *in) { return in->modrm & 7; }

/* Legacy prefixes and REX. A REX byte counts only right before the
 * opcode: a legacy prefix after it cancels it. */
static int read_prefixes(struct x86_dstate *d)
{
	static const uint8_t seg_of[8] = { X86_ES, X86_CS, X86_SS, X86_DS };
	struct x86_insn *in = d->insn;

	for (;;) {
		if (d->pos >= X86_MAX_LEN)
			return X86_DECODE_INVALID;
		if (d->pos >= d->avail)
			return X86_DECODE_TRUNCATED;
		uint8_t b = d->code[d->pos];
		switch (b) {
		case 0xf0: in->prefixes |= X86_PFX_LOCK; break;
		case 0xf2: in->prefixes |= X86_PFX_REPNE; d->last_rep = b; break;
		case 0xf3: in->prefixes |= X86_PFX_REP; d->last_rep = b; break;
		case 0x26: case 0x2e: case 0x36: case 0x3e: in->mem.seg = seg_of[(b >> 3) & 3]; break;
		case 0x64: in->mem.seg = X86_FS; break;
		case 0x65: in->mem.seg = X86_GS; break;
		case 0x66: in->prefixes |= X86_PFX_OPSIZE; break;
		case 0x67: in->prefixes |= X86_PFX_ADDRSIZE; break;
		default:
			if ((b & 0xf0) != 0x40)
				return 0;
			in->rex = b;
			d->pos++;
			continue;
		}
		in->rex = 0;
		d->pos++;
	}
}

/* The memory operand after a ModRM byte whose mod is not 3. */
static void read_address(struct x86_dstate *d)
{
	struct x86_insn *in = d->insn;
	struct x86_mem *m = &in->mem;
	unsigned mod = modrm_mod(in), rm = modrm_rm(in);

	m->scale = 1;
	m->addr_size = in->prefixes & X86_PFX_ADDRSIZE ? 4 : 8;
	if (rm == 4) {
		uint8_t sib = (uint8_t)take(d, 1);
		unsigned index = ((sib >> 3) & 7) | (d->rex & REX_X ? 8 : 0);

		m->scale = (uint8_t)(1 << (sib >> 6));
		if (index != 4)
			m->index = (uint8_t)index;
		if ((sib & 7) == 5 && mod == 0)
			m->disp = sext(take(d, 4), 4);
		else
			m->base = (uint8_t)((sib & 7) | (d->rex & REX_B ? 8 : 0));
	} else if (rm == 5 && mod == 0) {
		m->rip_relative = 1;
		m->disp = sext(take(d, 4), 4);
	} else {
		m->base = (uint8_t)(rm | (d->rex & REX_B ? 8 : 0));
	}
	if (mod == 1)
		m->disp = sext(take(d, 1), 1);
	else if (mod == 2)
		m->disp = sext(take(d, 4), 4);
}

static void read_modrm(struct x86_dstate *d)
{
	struct x86_insn *in = d->insn;

	if (in->has_modrm)
		return;
	in->modrm = (uint8_t)take(d, 1);
	in->has_modrm = 1;
	if (modrm_mod(in) != 3)
		read_address(d);
}

/* Index into a PFX node's sub-forms: none, 66, f3, f2. The last of f2/f3
 * wins over 66, which then stays an operand size prefix. */
static unsigned mandatory_prefix(struct x86_dstate *d, int opsize_only)
{
	struct x86_insn *in = d->insn;

	if (in->encoding != X86_ENC_LEGACY)
		return d->pp;
	if (d->last_rep) {
		in->prefixes &= (uint8_t)~(X86_PFX_REP | X86_PFX_REPNE);
		return d->last_rep == 0xf3 ? 2 : 3;
	}
	if ((in->prefixes & X86_PFX_OPSIZE) && !opsize_only) {
		d->opsize_taken = 1;
		return 1;
	}
	return 0;
}

/* Walks the table tree down to an instruction form, or NULL. */
static const struct x86_form *resolve(struct x86_dstate *d, const struct x86_form *f)
{
	struct x86_insn *in = d->insn;

	for (;;) {
		switch (f->kind) {
		case X86_FK_INSN:
			return f;
		case X86_FK_PFX:
			f = &f->sub[mandatory_prefix(d, f->flags & X86_FF_66_OPSIZE)];
			break;
		case X86_FK_W:
			f = &f->sub[d->rex & REX_W ? 1 : 0];
			break;
		case X86_FK_GROUP:
			read_modrm(d);
			f = &f->sub[modrm_reg(in)];
			break;
		case X86_FK_MODSPLIT:
			read_modrm(d);
			f = &f->sub[modrm_mod(in) == 3];
			break;
		case X86_FK_RM:
			read_modrm(d);
			f = &f->sub[modrm_rm(in)];
			break;
		default:
			return NULL;
		}
	}
}

static uint8_t operand_size(const struct x86_dstate *d, const struct x86_form *f)
{
	if ((f->flags & X86_FF_F64) || (d->rex & REX_W))
		return 8;
	if ((d->insn->prefixes & X86_PFX_OPSIZE) && !d->opsize_taken)
		return 2;
	return f->flags & X86_FF_D64 ? 8 : 4;
}

static void set_reg(struct x86_operand *op, enum x86_reg_class cls, unsigned reg, unsigned size)
{
	op->kind = X86_OPK_REG;
	op->reg_class = (uint8_t)cls;
	op->reg = (uint8_t)reg;
	op->size = (uint8_t)size;
}

/* A general register; byte registers 4-7 are ah..bh unless a REX is there. */
static void set_gpr(const struct x86_dstate *d, struct x86_operand *op, unsigned reg,
		    unsigned size)
{
	if (size == 1 && reg >= 4 && reg < 8 && !d->insn->rex)
		set_reg(op, X86_RC_GPR8H, reg - 4, 1);
	else
		set_reg(op, X86_RC_GPR, reg, size);
}

static void set_mem(struct x86_operand *op, unsigned size)
{
	op->kind = X86_OPK_MEM;
	op->size = (uint8_t)size;
}

static void set_imm(struct x86_operand *op, int64_t value, unsigned size)
{
	op->kind = X86_OPK_IMM;
	op->imm = value;
	op->size = (uint8_t)size;
}

static unsigned reg_field(const struct x86_dstate *d)
{
	return modrm_reg(d->insn) | (d->rex & REX_R ? 8 : 0);
}

static unsigned rm_field(const struct x86_dstate *d)
{
	return modrm_rm(d->insn) | (d->rex & REX_B ? 8 : 0);
}

/* Bytes an E, M, W or Q operand accesses. */
static unsigned rm_size(const struct x86_dstate *d, enum x86_ospec spec)
{
	unsigned v = d->insn->opsize, y = d->rex & REX_W ? 8 : 4;

	switch (spec) {
	case OS_Eb: case OS_Mb: case OS_Wb: return 1;
	case OS_Ew: case OS_Mw: case OS_Ww: return 2;
	case OS_Ed: case OS_Md: case OS_Wd: case OS_Qd: return 4;
	case OS_Eq: case OS_Mq: case OS_Wq: case OS_Qq: return 8;
	case OS_Ev: case OS_Mv: return v;
	case OS_Ey: case OS_My: return y;
	case OS_Mt: return 10;
	case OS_Mx: case OS_Wx: return 16;
	case OS_Mp: return v + 2;
	default: return 0;
	}
}

/* Operands encoded by ModRM.rm; returns -1 when mod is not allowed. */
static int rm_operand(const struct x86_dstate *d, enum x86_ospec spec, struct x86_operand *op)
{
	int is_reg = modrm_mod(d->insn) == 3;
	unsigned size = rm_size(d, spec);

	if (!is_reg) {
		if (spec == OS_Ry || spec == OS_Rq || spec == OS_Ux || spec == OS_Nq)
			return -1;
		set_mem(op, size);
		return 0;
	}
	switch (spec) {
	case OS_Eb: case OS_Ew: case OS_Ed: case OS_Eq: case OS_Ev: case OS_Ey:
		set_gpr(d, op, rm_field(d), size);
		return 0;
	case OS_Ry:
		set_reg(op, X86_RC_GPR, rm_field(d), d->rex & REX_W ? 8 : 4);
		return 0;
	case OS_Rq:
		set_reg(op, X86_RC_GPR, rm_field(d), 8);
		return 0;
	case OS_Ux: case OS_Wx: case OS_Wq: case OS_Wd: case OS_Ww: case OS_Wb:
		set_reg(op, X86_RC_XMM, rm_field(d), 16);
		return 0;
	case OS_Nq: case OS_Qq: case OS_Qd:
		set_reg(op, X86_RC_MMX, modrm_rm(d->insn), 8);
		return 0;
	default:                /* M*: memory only */
		return -1;
	}
}

/* Operands encoded by ModRM.reg. */
static int reg_operand(const struct x86_dstate *d, enum x86_ospec spec, struct x86_operand *op)
{
	unsigned v = d->insn->opsize;

	switch (spec) {
	case OS_Gb: set_gpr(d, op, reg_field(d), 1); return 0;
	case OS_Gw: set_gpr(d, op, reg_field(d), 2); return 0;
	case OS_Gd: set_gpr(d, op, reg_field(d), 4); return 0;
	case OS_Gv: set_gpr(d, op, reg_field(d), v); return 0;
	case OS_Gy: set_gpr(d, op, reg_field(d), d->rex & REX_W ? 8 : 4); return 0;
	case OS_Cq: set_reg(op, X86_RC_CR, reg_field(d), 8); return 0;
	case OS_Dq: set_reg(op, X86_RC_DR, reg_field(d), 8); return 0;
	case OS_Vx: set_reg(op, X86_RC_XMM, reg_field(d), 16); return 0;
	case OS_Pq: set_reg(op, X86_RC_MMX, modrm_reg(d->insn), 8); return 0;
	case OS_Sw:
		if (modrm_reg(d->insn) > X86_GS)
			return -1;
		set_reg(op, X86_RC_SEG, modrm_reg(d->insn), 2);
		return 0;
	default:
		return -1;
	}
}

/* Immediates, branch displacements and moffs, read in operand order
 * (which is their order in the encoding). */
static void imm_operand(struct x86_dstate *d, enum x86_ospec spec, struct x86_operand *op)
{
	struct x86_insn *in = d->insn;
	unsigned v = in->opsize, z = v == 2 ? 2 : 4;

	switch (spec) {
	case OS_Ib: set_imm(op, (int64_t)take(d, 1), 1); break;
	case OS_Ibs: set_imm(op, sext(take(d, 1), 1), v); break;
	case OS_Iw: set_imm(op, (int64_t)take(d, 2), 2); break;
	case OS_Iz: set_imm(op, sext(take(d, z), z), v); break;
	case OS_Iv: set_imm(op, (int64_t)take(d, v), v); break;
	case OS_Jb: op->kind = X86_OPK_REL; in->target = (uint64_t)sext(take(d, 1), 1); break;
	/* near branches are 64-bit forms: always rel32; xbegin has rel16 */
	case OS_Jz: op->kind = X86_OPK_REL; in->target = (uint64_t)sext(take(d, z), z); break;
	default:                /* Ob, Ov */
		set_mem(op, spec == OS_Ob ? 1 : v);
		in->mem.addr_size = in->prefixes & X86_PFX_ADDRSIZE ? 4 : 8;
		in->mem.scale = 1;
		in->mem.disp = (int64_t)take(d, in->mem.addr_size);
		break;
	}
}

static int uses_modrm(enum x86_ospec spec)
{
	return (spec >= OS_Eb && spec <= OS_Pq) || spec == OS_STi;
}

static int decode_operand(struct x86_dstate *d, enum x86_ospec spec, struct x86_operand *op)
{
	struct x86_insn *in = d->insn;
	unsigned v = in->opsize, low = (in->opcode & 7) | (d->rex & REX_B ? 8 : 0);

	if (spec >= OS_Eb && spec <= OS_Qd)
		return rm_operand(d, spec, op);
	if (spec >= OS_Gb && spec <= OS_Pq)
		return reg_operand(d, spec, op);
	switch (spec) {
	case OS_Zb: set_gpr(d, op, low, 1); break;
	case OS_Zv: set_gpr(d, op, low, v); break;
	case OS_Zy: set_gpr(d, op, low, d->rex & REX_W ? 8 : 4); break;
	case OS_AL: set_gpr(d, op, X86_RAX, 1); break;
	case OS_rAX: set_gpr(d, op, X86_RAX, v); break;
	case OS_eAX: set_gpr(d, op, X86_RAX, v == 2 ? 2 : 4); break;
	case OS_CL: set_gpr(d, op, X86_RCX, 1); break;
	case OS_DX: set_gpr(d, op, X86_RDX, 2); break;
	case OS_ONE: set_imm(op, 1, 1); break;
	case OS_FS: set_reg(op, X86_RC_SEG, X86_FS, 2); break;
	case OS_GS: set_reg(op, X86_RC_SEG, X86_GS, 2); break;
	case OS_ST0: set_reg(op, X86_RC_ST, 0, 10); break;
	case OS_STi: set_reg(op, X86_RC_ST, modrm_rm(in), 10); break;
	case OS_XMM0: set_reg(op, X86_RC_XMM, 0, 16); break;
	default: imm_operand(d, spec, op); break;
	}
	return 0;
}

/* fcmovCC: da /0-3 are b, e, be, u; db /0-3 their negations. */
static uint8_t fcmov_cond(const struct x86_insn *in)
{
	static const uint8_t cond[4] = { 0x2, 0x4, 0x6, 0xa };

	return (uint8_t)(cond[modrm_reg(in) & 3] | (in->opcode == 0xdb));
}

/* The first general register or memory operand gives the operation size. */
static void set_operation_size(struct x86_insn *in, const struct x86_form *f)
{
	if (f->flags & X86_FF_BYTE) {
		in->opsize = 1;
		return;
	}
	for (unsigned i = 0; i < in->nops; i++) {
		const struct x86_operand *op = &in->op[i];
		if (op->kind == X86_OPK_MEM ||
		    (op->kind == X86_OPK_REG &&
		     (op->reg_class == X86_RC_GPR || op->reg_class == X86_RC_GPR8H))) {
			if (op->size == 1)
				in->opsize = 1;
			return;
		}
	}
}

/* 3DNow! operations: the suffix bytes that name one. */
static int is_3dnow_suffix(uint8_t b)
{
	static const uint8_t valid[] = {
		0x0c, 0x0d, 0x1c, 0x1d, 0x8a, 0x8e, 0x90, 0x94, 0x96, 0x97, 0x9a, 0x9e,
		0xa0, 0xa4, 0xa6, 0xa7, 0xaa, 0xae, 0xb0, 0xb4, 0xb6, 0xb7, 0xbb, 0xbf,
	};

	return memchr(valid, b, sizeof valid) != NULL;
}

static int decode_form(struct x86_dstate *d, const struct x86_form *f)
{
	struct x86_insn *in = d->insn;

	in->mnem = f->mnem;
	in->opsize = operand_size(d, f);
	if (f->flags & X86_FF_MOD_IGNORED) {
		in->modrm = (uint8_t)(take(d, 1) | 0xc0);
		in->has_modrm = 1;
	}
	for (unsigned i = 0; i < 4 && f->op[i]; i++)
		if (uses_modrm(f->op[i]))
			read_modrm(d);
	for (unsigned i = 0; i < 4 && f->op[i]; i++) {
		if (decode_operand(d, f->op[i], &in->op[i]) < 0)
			return X86_DECODE_INVALID;
		in->nops++;
	}
	set_operation_size(in, f);
	if (in->mnem == X86_AMD3DNOW && !is_3dnow_suffix((uint8_t)in->op[2].imm))
		return X86_DECODE_INVALID;
	if (f->flags & X86_FF_COND)
		in->cond = in->opcode & 15;
	else if (in->mnem == X86_FCMOVCC)
		in->cond = fcmov_cond(in);
	return 0;
}

/* 90 with REX.B is not nop but xchg r8, rax. */
static const struct x86_form xchg_r8 = I2(XCHG, Zv, rAX);

static int decode_legacy(struct x86_dstate *d)
{
	struct x86_insn *in = d->insn;
	const struct x86_form *map = x86_map_1byte;

	in->opcode = (uint8_t)take(d, 1);
	if (in->opcode == 0x0f) {
		in->map = X86_MAP_0F;
		map = x86_map_0f;
		in->opcode = (uint8_t)take(d, 1);
		if (in->opcode == 0x38 || in->opcode == 0x3a) {
			in->map = in->opcode == 0x38 ? X86_MAP_0F38 : X86_MAP_0F3A;
			map = in->opcode == 0x38 ? x86_map_0f38 : x86_map_0f3a;
			in->opcode = (uint8_t)take(d, 1);
		}
	}
	const struct x86_form *f = resolve(d, &map[in->opcode]);
	if (f && f->mnem == X86_NOP && in->map == X86_MAP_1BYTE && (d->rex & REX_B))
		f = &xchg_r8;
	if (!f)
		return X86_DECODE_INVALID;
	return decode_form(d, f);
}

/* VEX-only operations where the opcode means something else (or nothing)
 * in the legacy maps. reg 8: any ModRM.reg. */
struct x86_vex_only {
	uint8_t map, opcode, pp, reg;
	uint16_t mnem;
};

static const struct x86_vex_only vex_only[] = {
	{ 2, 0xf2, 0, 8, X86_ANDN },
	{ 2, 0xf3, 0, 1, X86_BLSR }, { 2, 0xf3, 0, 2, X86_BLSMSK }, { 2, 0xf3, 0, 3, X86_BLSI },
	{ 2, 0xf5, 0, 8, X86_BZHI }, { 2, 0xf5, 3, 8, X86_PDEP }, { 2, 0xf5, 2, 8, X86_PEXT },
	{ 2, 0xf6, 3, 8, X86_MULX },
	{ 2, 0xf7, 0, 8, X86_BEXTR }, { 2, 0xf7, 1, 8, X86_SHLX }, { 2, 0xf7, 2, 8, X86_SARX },
	{ 2, 0xf7, 3, 8, X86_SHRX },
	{ 3, 0xf0, 3, 8, X86_RORX },
};

static uint16_t vex_mnem(struct x86_dstate *d)
{
	static const struct x86_form *const maps[4] = {
		NULL, x86_map_0f, x86_map_0f38, x86_map_0f3a,
	};
	struct x86_insn *in = d->insn;

	if (in->map == X86_MAP_0F && in->opcode == 0x77)
		return in->vex_l ? X86_VZEROALL : X86_VZEROUPPER;
	for (size_t i = 0; i < sizeof vex_only / sizeof vex_only[0]; i++) {
		const struct x86_vex_only *v = &vex_only[i];
		if (v->map == in->map && v->opcode == in->opcode && v->pp == d->pp &&
		    (v->reg == 8 || v->reg == modrm_reg(in)))
			return v->mnem;
	}
	if (in->map == 2 && in->opcode >= 0xf0)
		return X86_UNKNOWN;
	const struct x86_form *f = resolve(d, &maps[in->map][in->opcode]);
	if (!f)
		return X86_UNKNOWN;
	/* only vector instructions (and vldmxcsr/vstmxcsr) have VEX forms of
	 * their legacy opcodes: VEX 0f 90-93 is kmov, not setcc */
	if (x86_mnem_class(f->mnem) != X86_CLASS_SSE && f->mnem != X86_LDMXCSR &&
	    f->mnem != X86_STMXCSR)
		return X86_UNKNOWN;
	for (unsigned i = 0; i < 4; i++)
		if (f->op[i] == OS_Pq || f->op[i] == OS_Qq || f->op[i] == OS_Nq)
			return X86_UNKNOWN;     /* MMX has no VEX form */
	return f->mnem;
}

/* VEX, EVEX and XOP share the layout after their prefix: opcode, ModRM
 * (except vzeroupper/vzeroall), SIB, displacement, and an immediate: a
 * byte in map 3, XOP map 8 and for a few map 1 opcodes, four bytes in XOP
 * map 10. */
static int decode_vector_body(struct x86_dstate *d)
{
	static const uint8_t map1_imm[] = { 0x70, 0x71, 0x72, 0x73, 0xc2, 0xc4, 0xc5, 0xc6 };
	struct x86_insn *in = d->insn;
	unsigned imm = in->map == X86_MAP_0F3A || in->map == X86_MAP_XOP8;

	in->opcode = (uint8_t)take(d, 1);
	if (in->map == X86_MAP_0F)
		for (size_t i = 0; i < sizeof map1_imm; i++)
			imm |= in->opcode == map1_imm[i];
	if (in->map == X86_MAP_XOPA)
		imm = 4;
	if (!(in->map == X86_MAP_0F && in->opcode == 0x77))
		read_modrm(d);
	take(d, imm);
	in->mnem = in->encoding == X86_ENC_VEX ? vex_mnem(d) : X86_UNKNOWN;
	return 0;
}

/* 66, f2, f3, lock or REX before VEX, EVEX or XOP raise #UD. */
static int vector_prefix_allowed(const struct x86_insn *in)
{
	return !in->rex &&
	       !(in->prefixes & (X86_PFX_OPSIZE | X86_PFX_REP | X86_PFX_REPNE | X86_PFX_LOCK));
}

/* A VEX prefix: c5 (two bytes) or c4 (three); XOP (8f) is laid out as c4
 * with maps 8-10. */
static int decode_vex(struct x86_dstate *d, uint8_t first)
{
	struct x86_insn *in = d->insn;
	uint8_t b1 = (uint8_t)take(d, 1), b2 = b1, map = 1;

	if (!vector_prefix_allowed(in))
		return X86_DECODE_INVALID;
	in->encoding = first == 0x8f ? X86_ENC_XOP : X86_ENC_VEX;
	d->rex = b1 & 0x80 ? 0 : REX_R;
	if (first != 0xc5) {
		b2 = (uint8_t)take(d, 1);
		map = b1 & 0x1f;
		d->rex |= (b1 & 0x40 ? 0 : REX_X) | (b1 & 0x20 ? 0 : REX_B) | (b2 & 0x80 ? REX_W : 0);
	}
	if (d->truncated)
		return X86_DECODE_TRUNCATED;
	if (in->encoding == X86_ENC_VEX ? map < 1 || map > 3 : map < 8 || map > 10)
		return X86_DECODE_INVALID;
	in->map = map;
	in->vex_w = (d->rex & REX_W) != 0;
	in->vex_reg = (~b2 >> 3) & 15;
	in->vex_l = (b2 >> 2) & 1;
	d->pp = b2 & 3;
	return decode_vector_body(d);
}

/* An EVEX prefix: 62 and three payload bytes (AVX-512). */
static int decode_evex(struct x86_dstate *d)
{
	struct x86_insn *in = d->insn;
	uint8_t p0 = (uint8_t)take(d, 1), p1 = (uint8_t)take(d, 1), p2 = (uint8_t)take(d, 1);
	uint8_t map = p0 & 7;

	if (!vector_prefix_allowed(in))
		return X86_DECODE_INVALID;
	if (d->truncated)
		return X86_DECODE_TRUNCATED;
	if (!(p1 & 4) || (p0 & 8) || map == 0 || map == 4 || map == 7)
		return X86_DECODE_INVALID;
	in->encoding = X86_ENC_EVEX;
	/* maps 5 and 6 (FP16) have no legacy equivalent: no immediate */
	in->map = map <= 3 ? map : X86_MAP_0F38;
	d->rex = (p0 & 0x80 ? 0 : REX_R) | (p0 & 0x40 ? 0 : REX_X) | (p0 & 0x20 ? 0 : REX_B) |
		 (p1 & 0x80 ? REX_W : 0);
	in->vex_w = (d->rex & REX_W) != 0;
	in->vex_reg = (uint8_t)(((~p1 >> 3) & 15) | (p2 & 8 ? 0 : 16));
	in->vex_l = (p2 >> 5) & 3;
	d->pp = p1 & 3;
	return decode_vector_body(d);
}

int x86_decode(const uint8_t *code, size_t avail, uint64_t pc, struct x86_insn *insn)
{
	struct x86_dstate d = { .code = code, .avail = avail, .insn = insn };

	memset(insn, 0, sizeof *insn);
	insn->pc = pc;
	insn->mem.base = insn->mem.index = X86_NOREG;
	insn->mem.seg = X86_NOSEG;
	int err = read_prefixes(&d);
	if (err)
		return err;
	d.rex = insn->rex & 15;
	uint8_t first = code[d.pos];
	/* 8f is pop Ev, or XOP when the map field is 8 or more */
	int xop = first == 0x8f && d.pos + 1 < avail && (code[d.pos + 1] & 0x1f) >= 8;
	if (first == 0xc4 || first == 0xc5 || first == 0x62 || xop) {
		d.pos++;
		err = first == 0x62 ? decode_evex(&d) : decode_vex(&d, first);
	} else {
		err = decode_legacy(&d);
	}
	if (d.truncated)
		return X86_DECODE_TRUNCATED;
	if (err)
		return err;
	if (d.pos > X86_MAX_LEN)
		return X86_DECODE_INVALID;
	insn->len = (uint8_t)d.pos;
	for (unsigned i = 0; i < insn->nops; i++)
		if (insn->op[i].kind == X86_OPK_REL)
			insn->target += pc + insn->len;
	return insn->len;
}
