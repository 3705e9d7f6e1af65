/* Zicsr: the floating-point CSRs and the user counters. fflags accrue in
 * the host FP environment while translated code runs, so a read merges the
 * host's flags with those saved in the register file. */
#include "guest/riscv64/rv_lift.h"
#include "guest/riscv64/fp_helpers.h"
#include "guest/riscv64/state.h"
#include "host/fpenv.h"
#include "host/host.h"

#include <time.h>

enum { CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
       CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02 };

enum csr_access { CSR_WRITE, CSR_SET, CSR_CLEAR, CSR_READ };

/* The timer the guest sees runs at 10 MHz, like common RISC-V boards. */
static uint64_t timer_ticks(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100u;
}

static uint64_t fflags(struct rv64_regs *regs)
{
	return regs->fflags | rv_fp_flags_from_host(host_fpenv_flags(host_fpenv_get()));
}

static void set_fp_state(struct rv64_regs *regs, uint64_t flags, uint64_t frm)
{
	regs->fflags = flags & 0x1f;
	regs->frm = frm & 7;
	host_fpenv_set(host_fpenv_with(host_fpenv_get(), 0, rv_fp_host_rounding((uint32_t)regs->frm)));
}

uint64_t rv_fcsr(struct rv64_regs *regs)
{
	return regs->frm << 5 | fflags(regs);
}

void rv_set_fcsr(struct rv64_regs *regs, uint64_t fcsr)
{
	set_fp_state(regs, fcsr, fcsr >> 5);
}

static uint64_t csr_read(struct rv64_regs *regs, uint32_t csr)
{
	switch (csr) {
	case CSR_FFLAGS: return fflags(regs);
	case CSR_FRM: return regs->frm;
	case CSR_FCSR: return rv_fcsr(regs);
	case CSR_TIME: return timer_ticks();
	default: return xl_host_cycles();       /* cycle, instret */
	}
}

static void csr_write(struct rv64_regs *regs, uint32_t csr, uint64_t v)
{
	switch (csr) {
	case CSR_FFLAGS: set_fp_state(regs, v, regs->frm); break;
	case CSR_FRM: set_fp_state(regs, fflags(regs), v); break;
	case CSR_FCSR: rv_set_fcsr(regs, v); break;
	}
}

static uint64_t rv_csr_access(struct xl_cpu *cpu, uint32_t csr, uint32_t access, uint64_t v)
{
	struct rv64_regs *regs = RV64_REGS(cpu);
	uint64_t old = csr_read(regs, csr);

	switch (access) {
	case CSR_WRITE: csr_write(regs, csr, v); break;
	case CSR_SET: csr_write(regs, csr, old | v); break;
	case CSR_CLEAR: csr_write(regs, csr, old & ~v); break;
	}
	return old;
}

static int is_counter(uint32_t csr)
{
	return csr == CSR_CYCLE || csr == CSR_TIME || csr == CSR_INSTRET;
}

int rv_lift_csr(struct rv_lift *r, const struct rv_insn *in)
{
	enum csr_access access;
	int immediate = in->op >= RV_CSRRWI;

	switch (in->op) {
	case RV_CSRRW: case RV_CSRRWI: access = CSR_WRITE; break;
	case RV_CSRRS: case RV_CSRRSI: access = CSR_SET; break;
	case RV_CSRRC: case RV_CSRRCI: access = CSR_CLEAR; break;
	default: return -1;
	}
	/* Set and clear with x0 (or zimm 0) only read. */
	if (access != CSR_WRITE && in->rs1 == 0)
		access = CSR_READ;
	if (!(in->csr >= CSR_FFLAGS && in->csr <= CSR_FCSR) && !is_counter(in->csr))
		return -1;
	if (is_counter(in->csr) && access != CSR_READ)
		return -1;              /* the counters are read-only */
	LLVMValueRef args[] = {
		r->l->cpu, LLVMConstInt(r->l->i32, in->csr, 0), LLVMConstInt(r->l->i32, access, 0),
		immediate ? rv_const(r, (uint64_t)in->imm) : rv_x(r, in->rs1),
	};
	rv_set_x(r, in->rd, xl_lift_call(r->l, rv_csr_access, r->l->i64, args, 4));
	return 0;
}
