/* The RV64 register file, as it sits in struct xl_cpu.regs. */
#ifndef XL_RV64_STATE_H
#define XL_RV64_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "runtime/cpu.h"

struct rv64_regs {
	uint64_t x[32];
	uint64_t f[32];                 /* NaN-boxed singles, doubles */
	uint64_t fflags;                /* accrued flags not (yet) in the host env */
	uint64_t frm;
	uint64_t reserved_addr;         /* LR/SC reservation; ~0 when none */
	uint64_t reserved_value;
};

#define RV64_REGS(cpu) ((struct rv64_regs *)(cpu)->regs)
#define RV64_OFF(field) (offsetof(struct xl_cpu, regs) + offsetof(struct rv64_regs, field))
#define RV64_X_OFF(i) (RV64_OFF(x) + 8 * (size_t)(i))
#define RV64_F_OFF(i) (RV64_OFF(f) + 8 * (size_t)(i))

enum { RV_RA = 1, RV_SP = 2, RV_GP = 3, RV_TP = 4, RV_A0 = 10, RV_A7 = 17 };

/* fcsr as the guest reads and writes it (csr.c): the saved flags merged
 * with those accrued in the host's FP environment, which a write sets. */
uint64_t rv_fcsr(struct rv64_regs *regs);
void rv_set_fcsr(struct rv64_regs *regs, uint64_t fcsr);

/* fflags bits */
enum { RV_NX = 1, RV_UF = 2, RV_OF = 4, RV_DZ = 8, RV_NV = 16 };

#endif
