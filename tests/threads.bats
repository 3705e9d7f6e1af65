#!/usr/bin/env bats
# Guest threads: clone with CLONE_VM/CLONE_THREAD and clone3, thread exit
# and CLONE_CHILD_CLEARTID (pthread_join), TLS, futexes, robust lists,
# sched_* and membarrier. Outputs are compared with tests/threads/*.expected,
# with qemu-riscv64 where installed, and for futex.c with the x86-64 build.
load helpers

MODES=(counters pingpong tls detached many main-exits robust)

setup_file() {
	build_all STATIC_pthreads=static:threads/pthreads.c \
		DYNAMIC_pthreads=dynamic:threads/pthreads.c \
		STATIC_futex=static:threads/futex.c NATIVE_futex=native:threads/futex.c:-pthread \
		STATIC_sigprobe=static:threads/sigprobe.c
}

setup() {
	require_xlift
}

expected() {
	echo "$TESTS_DIR/threads/$1.expected"
}

# Every mode prints the same whatever the interleaving; main-exits ends
# with the status of its last thread.
check_mode() {
	local variant=$1 mode=$2 prog=STATIC_pthreads status=0 iterations=2000
	[ "$variant" = dynamic ] && prog=DYNAMIC_pthreads
	case "$mode" in main-exits | leader-exits) status=7 ;; esac
	case "$mode" in counters | pingpong) iterations=20000 ;; esac
	run_xlift "${!prog}" "$mode" 8 "$iterations"
	expect_status "$status"
	show_diff "$(expected "pthreads-$mode")" "$output" "$mode"
}

@test "pthreads: atomic and mutex counters, 8 threads x 20000 (static)" { check_mode static counters; }
@test "pthreads: atomic and mutex counters, 8 threads x 20000 (dynamic)" { check_mode dynamic counters; }
@test "pthreads: condition variable ping-pong" { check_mode static pingpong; }
@test "pthreads: thread-local storage (static)" { check_mode static tls; }
@test "pthreads: thread-local storage (dynamic)" { check_mode dynamic tls; }
@test "pthreads: 2000 detached threads" { check_mode static detached; }
@test "pthreads: 2000 short-lived joined threads" { check_mode dynamic many; }
@test "pthreads: the first thread exits, the last one sets the status" { check_mode static main-exits; }
@test "pthreads: the first thread ends by the exit syscall; the others translate and copy on" { check_mode static leader-exits; }
@test "pthreads: a robust mutex of an exited thread is EOWNERDEAD" { check_mode static robust; }

@test "pthreads: threads translating at once, no code store" {
	run_xlift --code-store off "$STATIC_pthreads" counters 8 20000
	expect_status 0
	show_diff "$(expected pthreads-counters)" "$output" counters
}

@test "pthreads: same as $GUEST_REFERENCE_NAME" {
	skip_without_qemu
	local mode
	for mode in "${MODES[@]}"; do
		check_same_as_qemu "$STATIC_pthreads" "$mode" 8 2000
	done
}

@test "futex, set_robust_list, sched_*, membarrier: expected output" {
	run_xlift "$STATIC_futex"
	expect_status 0
	show_diff "$(expected futex)" "$output" futex
}

@test "futex, set_robust_list, sched_*, membarrier: same as x86-64" {
	check_same_as_native "$NATIVE_futex" "$STATIC_futex"
}

# glibc's pthread_cancel sends SIGCANCEL (signal 32) with tgkill: it needs
# guest signal delivery, so it runs last and only where that exists.
@test "pthreads: pthread_cancel of a thread blocked in pause" {
	run_xlift "$STATIC_sigprobe"
	[ "$status" -eq 0 ] || skip "xlift does not deliver guest signals yet: pthread_cancel needs SIGCANCEL"
	check_mode static cancel
}
