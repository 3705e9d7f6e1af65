#!/usr/bin/env bats
# xlift built for AArch64 hosts (scripts/cross-aarch64.sh), run under
# qemu-aarch64 on this machine: riscv64 and x86-64 programs of the other
# suites, compared with their recorded outputs or, for x86-64 programs, a
# native run of the same binary. Run by `make check-aarch64-host`, which
# builds it first; the LLVM JIT under qemu is slow, so it is a handful.
#
# Environment: XLIFT_AARCH64 the AArch64 xlift (default
# ../build-aarch64/tree/src/xlift), QEMU_AARCH64 (default qemu-aarch64).
load helpers

XLIFT_AARCH64=${XLIFT_AARCH64:-$TESTS_DIR/../build-aarch64/tree/src/xlift}
QEMU_AARCH64=${QEMU_AARCH64:-qemu-aarch64}

# Why this machine cannot run the suite; empty when it can.
missing() {
	if [ ! -x "$XLIFT_AARCH64" ]; then
		if ! command -v aarch64-linux-gnu-g++ >/dev/null; then
			echo "g++-aarch64-linux-gnu is not installed: no AArch64 build"
		elif ! dpkg --print-foreign-architectures 2>/dev/null | grep -qx arm64; then
			echo "no arm64 packages for the AArch64 build (scripts/install-deps.sh adds them)"
		else
			echo "no AArch64 xlift at $XLIFT_AARCH64 (make check-aarch64-host builds it)"
		fi
	elif ! command -v "$QEMU_AARCH64" >/dev/null; then
		echo "$QEMU_AARCH64 is not installed (qemu-user)"
	elif ! command -v gcc >/dev/null || [ "$(uname -m)" != x86_64 ]; then
		echo "the x86-64 programs are compared with a native run: not an x86-64 host"
	fi
}

# x86_static SRC [FLAGS...]: tests/SRC built static for this x86-64 host
# (gcc), cached like build_prog's programs.
x86_static() {
	local src=$TESTS_DIR/$1 key out
	shift
	key=$( { cat "$src" "$(dirname "$src")"/*.inc 2>/dev/null; echo "$*"; gcc --version | head -1; } |
		sha1sum | cut -c1-12)
	out=$XLIFT_TEST_BUILD/$(basename "${src%.*}")-x86_64-static-$key
	if [ ! -x "$out" ]; then
		gcc -O2 -static "$@" -o "$out.tmp.$$" "$src" >&2 || return 1
		mv -f "$out.tmp.$$" "$out"
	fi
	echo "$out"
}

setup_file() {
	[ -z "$(missing)" ] || return 0
	build_all HELLO_S=static:programs/hello.c HELLO_D=dynamic:programs/hello.c \
		FILEIO=static:programs/fileio.c FP_ARITH=static:rv64/fp_arith.c \
		FP_MISC=static:rv64/fp_misc.c \
		CSR=static:rv64/csr.c ATOMIC=static:rv64/atomic.c \
		BASICS=static:signals/basics.c ASYNC=static:signals/async.c \
		FAULTS=static:signals/faults.c PTHREADS=static:threads/pthreads.c \
		X86_HELLO_D=native:programs/hello.c
	X86_HELLO_S=$(x86_static programs/hello.c)
	X86_INT=$(x86_static x86/int_subset.S -nostdlib)
	X86_SSE=$(x86_static x86/sse.S -nostdlib)
	X86_X87=$(x86_static x86/x87.S -nostdlib)
	X86_FAULTS=$(x86_static signals/faults.c)
	export X86_HELLO_S X86_INT X86_SSE X86_X87 X86_FAULTS
	# run_xlift runs $XLIFT: here the AArch64 build under qemu, with a
	# code store of this suite's own (so each program is translated here).
	printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$(command -v "$QEMU_AARCH64")" \
		"$(cd "$(dirname "$XLIFT_AARCH64")" && pwd)/$(basename "$XLIFT_AARCH64")" \
		>"$BATS_FILE_TMPDIR/xlift-aarch64"
	chmod +x "$BATS_FILE_TMPDIR/xlift-aarch64"
	export XLIFT_CODE_STORE=$BATS_FILE_TMPDIR/code-store
}

setup() {
	local why
	why=$(missing)
	[ -z "$why" ] || skip "$why"
	XLIFT=$BATS_FILE_TMPDIR/xlift-aarch64
}

# section DIR/PROGRAM TEST: one test's part of a sectioned .expected file.
section() {
	awk -v want="== $2" '/^== / { on = ($0 == want); next } on' "$TESTS_DIR/$1.expected" \
		>"$BATS_TEST_TMPDIR/section.expected"
	echo "$BATS_TEST_TMPDIR/section.expected"
}

# same_as_native PROG STATUS [DE]: xlift's stdout (bytes: some programs
# write raw values) and status are those of a native run, which exits with
# STATUS. With DE, bytes may differ in bit 1 alone: MXCSR's denormal flag,
# which AArch64 does not have (docs/architecture.md, Hosts).
same_as_native() {
	local prog=$1 want=$2 de=${3:-} got=0
	"$prog" >"$BATS_TEST_TMPDIR/native.out" || got=$?
	[ "$got" -eq "$want" ] && [ -s "$BATS_TEST_TMPDIR/native.out" ]
	got=0
	"$XLIFT" "$prog" >"$BATS_TEST_TMPDIR/xlift.out" 2>"$BATS_TEST_TMPDIR/stderr" || got=$?
	cat "$BATS_TEST_TMPDIR/stderr"
	[ "$got" -eq "$want" ]
	[ ! -s "$BATS_TEST_TMPDIR/stderr" ]
	if [ -z "$de" ]; then
		cmp "$BATS_TEST_TMPDIR/native.out" "$BATS_TEST_TMPDIR/xlift.out"
		return
	fi
	[ "$(wc -c <"$BATS_TEST_TMPDIR/native.out")" -eq "$(wc -c <"$BATS_TEST_TMPDIR/xlift.out")" ]
	cmp -l "$BATS_TEST_TMPDIR/native.out" "$BATS_TEST_TMPDIR/xlift.out" |
		awk '{ if (xor(strtonum("0" $2), strtonum("0" $3)) != 2) { print "byte " $1 " differs: " $2 " " $3; bad = 1 } }
		     END { exit bad }' 
}

@test "the build is an AArch64 executable (ELF machine 183)" {
	[ "$(od -An -tu2 -j18 -N2 "$XLIFT_AARCH64" | tr -d ' ')" = 183 ]
}

@test "riscv64 hello: static" {
	check_xlift_output "$HELLO_S" "$(guest_expected programs/hello)"
}

@test "riscv64 hello: dynamic, ld.so and libc from the sysroot" {
	check_xlift_output "$HELLO_D" "$(guest_expected programs/hello)"
}

@test "riscv64 file I/O" {
	mkdir "$BATS_TEST_TMPDIR/dir"
	check_xlift_output "$FILEIO" "$(guest_expected programs/fileio)" "$BATS_TEST_TMPDIR/dir"
}

# tininess_only EXPECTED ACTUAL: the lines are the same but where the
# result is the smallest normal number (either sign, single or double) and
# the actual fflags add UF (0x02): AArch64 detects tininess before
# rounding, RISC-V after (docs/architecture.md, Hosts).
tininess_only() {
	paste -d '\n' "$1" <(printf '%s\n' "$2") | awk '
		NR % 2 { want = $0; next }
		$0 == want { next }
		{
			w = want; a = $0
			sub(/fflags=[0-9a-f]+$/, "", w); sub(/fflags=[0-9a-f]+$/, "", a)
			wf = strtonum("0x" substr(want, length(want) - 1))
			af = strtonum("0x" substr($0, length($0) - 1))
			if (w != a || af != or(wf, 2) || af == wf ||
			    a !~ /= (ffffffff[08]0800000|[08]010000000000000) $/) { print "differs: " $0; bad = 1 }
		}
		END { exit bad }'
	[ "$(wc -l <"$1")" -eq "$(printf '%s\n' "$2" | wc -l)" ]
}

@test "riscv64 F/D arithmetic under every rounding mode, fflags (FPCR, FPSR)" {
	run_xlift "$FP_ARITH"
	expect_status 0
	tininess_only "$TESTS_DIR/rv64/fp_arith.expected" "$output"
}

@test "riscv64 F/D sign injection, min/max, compares, fclass, NaN-boxing" {
	check_xlift_output "$FP_MISC" "$TESTS_DIR/rv64/fp_misc.expected"
}

@test "riscv64 Zicsr: fflags frm fcsr, accrual" {
	check_xlift_output "$CSR" "$TESTS_DIR/rv64/csr.expected"
}

@test "riscv64 lr/sc and AMOs" {
	check_xlift_output "$ATOMIC" "$TESTS_DIR/rv64/atomic.expected"
}

@test "riscv64 signals: SA_RESTART read cut short by a timer, EINTR without" {
	check_xlift_output "$BASICS" "$(section signals/basics restart)" restart
}

@test "riscv64 signals: a timer interrupts busy loops and blocking calls" {
	check_xlift_output "$ASYNC" "$(section signals/async timer)" timer
}

@test "riscv64 signals: a fault's ucontext, pc and sp exact" {
	check_xlift_output "$FAULTS" "$(section signals/faults context)" context
}

@test "riscv64 signals: the pc of each kind of faulting access exact" {
	check_xlift_output "$FAULTS" "$(section signals/faults access)" access
}

@test "riscv64 threads: atomic and mutex counters, 8 threads" {
	run_xlift "$PTHREADS" counters 8 2000
	expect_status 0
	[ "$output" = "atomic 16000 mutex 16000 expected 16000" ]
}

@test "x86-64 hello: static, as natively" {
	same_as_native "$X86_HELLO_S" 0
}

@test "x86-64 hello: dynamic, the host's own ld.so and libc" {
	XLIFT_SYSROOT=/ same_as_native "$X86_HELLO_D" 0
}

@test "x86-64 integer subset: output and exit status as natively" {
	same_as_native "$X86_INT" 45
}

@test "x86-64 SSE/SSE2 with MXCSR rounding and flags, x86's NaNs: bytes as natively but MXCSR.DE" {
	same_as_native "$X86_SSE" 0 DE
}

@test "x86-64 signals: the pc of each kind of faulting access exact" {
	check_xlift_output "$X86_FAULTS" "$(section signals/faults access)" access
}

@test "x86-64 x87: one clear error naming the instruction, not a crash" {
	run_xlift_fails "$X86_X87"
	expect_status 127
	expect_one_error_line
	[[ "$stderr" == "xlift: x87 instruction FLD at 0x"*": the aarch64 host has no 80-bit floating point" ]]
}
