#!/usr/bin/env bats
# Processes: posix_spawn and vfork (clone with CLONE_VM|CLONE_VFORK: the
# child shares the parent's memory until it execs), fork and exec with
# threads around, trees of processes that exec a guest program again;
# syscalls given bad pointers (badptr.c), compared with the x86-64 build;
# a toy JIT (jit.c) whose changed code must be seen however it is changed.
# Outputs are compared with tests/process/*.expected and, for spawn.c,
# with the x86-64 build (qemu-riscv64 loses posix_spawn's exec errors and
# cannot fork a threaded guest, so it is no reference here).
load helpers

setup_file() {
	build_all STATIC_spawn=static:process/spawn.c DYNAMIC_spawn=dynamic:process/spawn.c \
		NATIVE_spawn=native:process/spawn.c \
		STATIC_forks=static:process/forks.c DYNAMIC_forks=dynamic:process/forks.c \
		STATIC_execs=static:process/execs.c NATIVE_execs=native:process/execs.c \
		STATIC_badptr=static:process/badptr.c DYNAMIC_badptr=dynamic:process/badptr.c \
		NATIVE_badptr=native:process/badptr.c
	if [ "$GUEST" = riscv64 ]; then
		build_all STATIC_jit=static:process/jit.c DYNAMIC_jit=dynamic:process/jit.c
	fi
}

setup() {
	require_xlift
}

# spawn_test VAR: runs the spawn program on itself and on a copy of itself
# without execute permission.
spawn_test() {
	local prog=${!1} noexec=$BATS_TEST_TMPDIR/noexec
	cp "$prog" "$noexec"
	chmod 644 "$noexec"
	run_xlift "$prog" "$prog" "$noexec"
	expect_status 0
	show_diff "$TESTS_DIR/process/spawn.expected" "$output" spawn
}

@test "posix_spawn reports exec errors; vfork shares memory (static)" { spawn_test STATIC_spawn; }
@test "posix_spawn reports exec errors; vfork shares memory (dynamic)" { spawn_test DYNAMIC_spawn; }

@test "posix_spawn and vfork: same as x86-64" {
	local noexec=$BATS_TEST_TMPDIR/noexec-native
	cp "$NATIVE_spawn" "$noexec"
	chmod 644 "$noexec"
	run_clean "$NATIVE_spawn" "$NATIVE_spawn" "$noexec"
	local native=$output
	cp "$STATIC_spawn" "$BATS_TEST_TMPDIR/noexec"
	chmod 644 "$BATS_TEST_TMPDIR/noexec"
	run_xlift "$STATIC_spawn" "$STATIC_spawn" "$BATS_TEST_TMPDIR/noexec"
	expect_status 0
	show_diff <(printf '%s\n' "$native") "$output" "native vs xlift:"
}

@test "a tree of 31 processes, each exec'ing /proc/self/exe" {
	run_xlift "$STATIC_forks" tree-top 4
	expect_status 0
	[ "$output" = "tree: 31 processes" ]
}

@test "fork while three threads run; the children start threads" {
	run_xlift "$STATIC_forks" fork-threads
	expect_status 0
	[ "$output" = "fork-threads: 20 children, each ran 4 threads" ]
}

@test "fork in a thread that is not the first; the child exits from it" {
	run_xlift "$DYNAMIC_forks" fork-in-thread
	expect_status 0
	[ "$output" = $'child of a thread: 4 threads made\nfork-in-thread: child status 0' ]
}

@test "exec in a thread ends the other threads" {
	run_xlift "$STATIC_forks" exec-in-thread
	expect_status 0
	[ "$output" = "exec from a thread: new image runs" ]
}

# execs.c runs itself again through every form of exec, by a fixed name.
@test "execve and execveat: guest, host and missing programs, fds, directories" {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	cp "$STATIC_execs" "$BATS_TEST_TMPDIR/bin/execs"
	run_xlift "$BATS_TEST_TMPDIR/bin/execs" "$BATS_TEST_TMPDIR/bin" execs
	expect_status 0
	show_diff "$TESTS_DIR/process/execs.expected" "$output" execs
}

@test "execve and execveat: same as x86-64" {
	local dir=$BATS_TEST_TMPDIR/native
	mkdir -p "$dir"
	cp "$NATIVE_execs" "$dir/execs"
	run_clean "$dir/execs" "$dir" execs
	expect_status 0
	show_diff "$TESTS_DIR/process/execs.expected" "$output" "native execs"
}

# badptr.c prints one line per call: EFAULT where Linux gives it, and
# calls that Linux lets ignore a bad pointer succeed.
@test "bad guest pointers give EFAULT, never a crash: same as x86-64 (static)" {
	check_same_as_native "$NATIVE_badptr" "$STATIC_badptr"
	[ -z "$stderr" ]
	[[ "$output" == *"fstat NULL+8: EFAULT"* ]]
}

@test "bad guest pointers give EFAULT, never a crash: same as x86-64 (dynamic)" {
	check_same_as_native "$NATIVE_badptr" "$DYNAMIC_badptr"
	[ -z "$stderr" ]
}

@test "--strace prints an unreadable string argument as its address" {
	run_xlift --strace "$STATIC_badptr"
	expect_status 0
	[[ "$stderr" == *'openat(-100, 0x8, '*' = -1 EFAULT (Bad address)'* ]]
}

@test "toy JIT: fence.i, riscv_flush_icache, W^X mprotect, munmap; a rewritten loop in another thread (static)" {
	only_for_guest riscv64 "the toy JIT writes riscv64 code"
	check_xlift_output "$STATIC_jit" "$TESTS_DIR/process/jit.expected"
}

@test "toy JIT: dynamic" {
	only_for_guest riscv64 "the toy JIT writes riscv64 code"
	check_xlift_output "$DYNAMIC_jit" "$TESTS_DIR/process/jit.expected"
}

@test "toy JIT: same as $GUEST_REFERENCE_NAME" {
	only_for_guest riscv64 "the toy JIT writes riscv64 code"
	check_same_as_qemu "$STATIC_jit"
}
