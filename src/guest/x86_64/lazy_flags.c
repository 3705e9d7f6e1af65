/* The status flags a return or an indirect jump left pending in the CPU
 * state (cc_op), computed as the lifter computes them (flags.c): for
 * code entered with them live, and for signal frames. */
#include "guest/x86_64/state.h"

enum { CC_ADD = 1, CC_SUB = 2, CC_LOGIC = 3 };

static int even_parity(uint64_t res)
{
	return !(__builtin_popcount((unsigned)(res & 0xff)) & 1);
}

void x64_flags_materialize(struct xl_cpu *cpu)
{
	struct x64_regs *regs = X64_REGS(cpu);
	unsigned op = regs->cc_op >> 4, size = regs->cc_op & 15;
	uint64_t a = regs->cc_a, b = regs->cc_b, res = regs->cc_res;
	uint64_t sign = 1ull << (8 * size - 1), f = 0;

	if (!regs->cc_op)
		return;
	if (op == CC_ADD) {
		f |= res < a ? X64_CF : 0;
		f |= ((a ^ res) & (b ^ res) & sign) ? X64_OF : 0;
	} else if (op == CC_SUB) {
		f |= a < b ? X64_CF : 0;
		f |= ((a ^ b) & (a ^ res) & sign) ? X64_OF : 0;
	}
	if (op != CC_LOGIC)
		f |= (a ^ b ^ res) & X64_AF;
	f |= even_parity(res) ? X64_PF : 0;
	f |= res == 0 ? X64_ZF : 0;
	f |= res & sign ? X64_SF : 0;
	regs->rflags = (regs->rflags & ~(uint64_t)X64_STATUS_FLAGS) | f;
	regs->cc_op = 0;
}
