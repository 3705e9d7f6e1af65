#!/usr/bin/env bats
# Guest signals (tests/signals/): handlers, masks and frames (basics.c),
# asynchronous delivery into busy loops and blocking syscalls (async.c),
# faults turned into guest signals (faults.c), and a fault injected into
# xlift itself (inject_fault.c, a host program). Each program runs one test
# per argument; tests/signals/NAME.expected holds each test's output under
# a "== TEST" line. Where the output does not depend on the architecture
# it is also compared with the x86-64 build of the same source, else with
# the guest's reference run (qemu-riscv64; an x86-64 program natively).
load helpers

setup_file() {
	build_all BASICS=static:signals/basics.c ASYNC=static:signals/async.c \
		ASYNC_DYN=dynamic:signals/async.c FAULTS=static:signals/faults.c \
		FAULTS_DYN=dynamic:signals/faults.c NATIVE_BASICS=native:signals/basics.c \
		NATIVE_ASYNC=native:signals/async.c NATIVE_FAULTS=native:signals/faults.c \
		INJECT_FAULT=native:signals/inject_fault.c
}

setup() {
	require_xlift
}

# section PROGRAM TEST: the expected output of one test.
section() {
	awk -v want="== $2" '/^== / { on = ($0 == want); next } on' "$TESTS_DIR/signals/$1.expected" \
		>"$BATS_TEST_TMPDIR/$1-$2.expected"
	echo "$BATS_TEST_TMPDIR/$1-$2.expected"
}

# expect PROGRAM_NAME PATH TEST: xlift prints the recorded output.
expect() {
	check_xlift_output "$2" "$(section "$1" "$3")" "$3"
}

@test "delivery order of unblocked signals, handler masks, sigpending" {
	expect basics "$BASICS" order
}
@test "delivery order: same as x86-64" { check_same_as_native "$NATIVE_BASICS" "$BASICS" order; }
@test "handler on the alternate stack (SA_ONSTACK, SS_ONSTACK)" {
	expect basics "$BASICS" altstack
	check_same_as_native "$NATIVE_BASICS" "$BASICS" altstack
}
@test "SA_NODEFER, SA_RESETHAND, SIG_IGN" {
	expect basics "$BASICS" flags
	check_same_as_native "$NATIVE_BASICS" "$BASICS" flags
}
@test "SA_RESTART restarts a read cut short by a timer; without it EINTR" {
	expect basics "$BASICS" restart
	check_same_as_native "$NATIVE_BASICS" "$BASICS" restart
}
@test "ucontext of SIGILL: pc, registers, FP state; rt_sigreturn restores a changed register" {
	expect basics "$BASICS" context
}
@test "ucontext of SIGILL: same as $GUEST_REFERENCE_NAME" { check_same_as_qemu "$BASICS" context; }
@test "ebreak raises SIGTRAP (TRAP_BRKPT) to a handler that skips it" {
	only_for_guest riscv64 "ebreak is riscv64's (x86-64's int3: x86_abi.bats)"
	expect basics "$BASICS" ebreak
	check_same_as_qemu "$BASICS" ebreak
}

@test "setitimer interrupts a busy loop and an empty endless loop" {
	expect async "$ASYNC" timer
}
@test "timer_create (SIGEV_SIGNAL) interrupts a busy loop with its si_value" {
	expect async "$ASYNC" posix_timer
}
@test "a child's kill interrupts the parent's read(); SIGCHLD handler" {
	expect async "$ASYNC" child
	check_same_as_native "$NATIVE_ASYNC" "$ASYNC" child
}
@test "a child's kill interrupts the parent's read(): dynamic" {
	expect async "$ASYNC_DYN" child
}
@test "rt_sigsuspend waits for a signal and restores the mask" {
	expect async "$ASYNC" suspend
	check_same_as_qemu "$ASYNC" suspend
}
@test "sigtimedwait: timeout, and a queued signal with its value" {
	expect async "$ASYNC" timedwait
	check_same_as_native "$NATIVE_ASYNC" "$ASYNC" timedwait
}
@test "signalfd reads a blocked signal" {
	expect async "$ASYNC" signalfd
	check_same_as_native "$NATIVE_ASYNC" "$ASYNC" signalfd
}
@test "tgkill and pidfd_send_signal" {
	expect async "$ASYNC" direct
}
@test "SA_RESETHAND, then death by the same signal (status 143)" {
	run_xlift "$ASYNC" exit
	expect_status 143
	[ "$output" = "first SIGTERM handled" ]
}

@test "SIGSEGV handler: si_addr and si_code exact, siglongjmp recovers 20000 times" {
	expect faults "$FAULTS" segv
	check_same_as_native "$NATIVE_FAULTS" "$FAULTS" segv
}
@test "SIGSEGV handler: dynamic" { expect faults "$FAULTS_DYN" segv; }
@test "SIGBUS past the end of a mapped file, si_addr exact" {
	expect faults "$FAULTS" sigbus
	check_same_as_native "$NATIVE_FAULTS" "$FAULTS" sigbus
}
@test "SIGSEGV ucontext: pc of the faulting load and sp exact after sp moved" {
	expect faults "$FAULTS" context
	check_same_as_qemu "$FAULTS" context
}
@test "SIGSEGV ucontext: the pc of each kind of faulting access exact (loads, stores, atomics, vectors)" {
	expect faults "$FAULTS" access
	check_same_as_qemu "$FAULTS" access
}
@test "SIGSEGV ucontext: the pc of faulting x87 loads and stores exact" {
	only_for_guest x86_64 "x87 is x86-64's"
	expect faults "$FAULTS" access_x87
	check_same_as_qemu "$FAULTS" access_x87
}
@test "a fault without a handler kills with SIGSEGV (status 139) and one line" {
	run_xlift "$FAULTS" die
	expect_status 139
	[ "$output" = "about to fault" ]
	expect_one_error_line
}
@test "a fault inside xlift is never the guest's: clear message, guest handler not run" {
	run_clean "$INJECT_FAULT" "$XLIFT" "$FAULTS" not_guest
	[ "$status" -ne 77 ] || skip "no fault injection here: $stderr"
	expect_status 139
	[ -z "$output" ]
	expect_one_error_line
	[[ "$stderr" == "xlift: internal error: "* ]]
}
@test "a handler that returns to retry a faulted access: one clear line, no wrong run" {
	run -127 --separate-stderr "$XLIFT" "$FAULTS" retry
	[ -z "$output" ]
	expect_one_error_line
}
