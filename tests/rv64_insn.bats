#!/usr/bin/env bats
# Per-instruction tests of the RV64GC lifter. Each tests/rv64/NAME.c prints
# one line per case (instruction, inputs, result in hex, fflags); its output
# under xlift must equal tests/rv64/NAME.expected and, where qemu-riscv64 is
# installed, qemu's output. The .expected files were recorded with
# qemu-riscv64 and their edge cases checked by hand against the RISC-V
# unprivileged spec (see the comment at the top of each .c file for what it
# covers). To record again after changing a test:
#   riscv64-linux-gnu-gcc -static -O2 -Irv64 rv64/NAME.c -o /tmp/t &&
#   qemu-riscv64 /tmp/t > rv64/NAME.expected   # then review the diff
load helpers

TESTS=(int_alu mem_branch muldiv atomic fp_arith fp_cvt fp_misc csr fence_i compressed)

setup_file() {
	local specs=() t
	for t in "${TESTS[@]}"; do
		specs+=("PROG_$t=static:rv64/$t.c")
	done
	build_all "${specs[@]}"
}

setup() {
	require_xlift
}

insn_test() {
	local t=$1 var=PROG_$1
	check_xlift_output "${!var}" "$TESTS_DIR/rv64/$t.expected"
}

insn_qemu() {
	local var=PROG_$1
	check_same_as_qemu "${!var}"
}

@test "RV64I integer ALU, W forms, lui, auipc" { insn_test int_alu; }
@test "RV64I loads, stores, branches, jal, jalr, fences" { insn_test mem_branch; }
@test "RV64M multiply and divide (by zero, INT_MIN/-1)" { insn_test muldiv; }
@test "RV64A lr/sc success and failure, every AMO .w/.d" { insn_test atomic; }
@test "F/D arithmetic under every rounding mode, fflags" { insn_test fp_arith; }
@test "F/D conversions: saturation, rounding modes, NaN" { insn_test fp_cvt; }
@test "F/D sign injection, min/max, compares, fclass, moves, NaN-boxing" { insn_test fp_misc; }
@test "Zicsr: fflags frm fcsr, accrual, cycle time instret" { insn_test csr; }
@test "Zifencei: self-modifying code after fence.i" { insn_test fence_i; }
@test "RVC: every compressed instruction" { insn_test compressed; }

@test "qemu-riscv64 agrees: int_alu" { insn_qemu int_alu; }
@test "qemu-riscv64 agrees: mem_branch" { insn_qemu mem_branch; }
@test "qemu-riscv64 agrees: muldiv" { insn_qemu muldiv; }
@test "qemu-riscv64 agrees: atomic" { insn_qemu atomic; }
@test "qemu-riscv64 agrees: fp_arith" { insn_qemu fp_arith; }
@test "qemu-riscv64 agrees: fp_cvt" { insn_qemu fp_cvt; }
@test "qemu-riscv64 agrees: fp_misc" { insn_qemu fp_misc; }
@test "qemu-riscv64 agrees: csr" { insn_qemu csr; }
@test "qemu-riscv64 agrees: fence_i" { insn_qemu fence_i; }
@test "qemu-riscv64 agrees: compressed" { insn_qemu compressed; }
