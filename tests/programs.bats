#!/usr/bin/env bats
# C and C++ programs (tests/programs/), each built static and dynamic for
# the guest (GUEST, helpers.bash; the dynamic ones load their libc from its
# sysroot). Outputs are compared with tests/programs/*.expected (or
# NAME.GUEST.expected), with the guest's reference run (qemu-riscv64; an
# x86-64 program natively), and, for programs whose output does not depend
# on the architecture, with the same source built for this x86-64 host.
load helpers

PROGRAMS=(hello args fileio procs exec mem timing sysinfo exitcode killself words)
PORTABLE=(hello fileio mem timing words)

setup_file() {
	local specs=() p v
	for p in "${PROGRAMS[@]}"; do
		for v in static dynamic; do
			specs+=("${v^^}_$p=$v:programs/$p.c")
		done
	done
	specs+=("STATIC_cxx=static:programs/cxx.cc" "DYNAMIC_cxx=dynamic:programs/cxx.cc")
	for p in "${PORTABLE[@]}" procs; do
		specs+=("NATIVE_$p=native:programs/$p.c")
	done
	specs+=("NATIVE_cxx=native:programs/cxx.cc")
	build_all "${specs[@]}"
}

setup() {
	require_xlift
}

# prog VARIANT NAME: path of a built program.
prog() {
	local var=${1^^}_$2
	echo "${!var}"
}

# named_copy PATH NAME: the program under a fixed file name (argv[0],
# AT_EXECFN and /proc/self/exe are printed by some tests).
named_copy() {
	cp "$1" "$BATS_TEST_TMPDIR/$2"
	echo "$BATS_TEST_TMPDIR/$2"
}

expected() {
	guest_expected "programs/$1"
}

# --- outputs against the recorded expectations -----------------------------

@test "hello: static" { check_xlift_output "$(prog static hello)" "$(expected hello)"; }
@test "hello: dynamic" { check_xlift_output "$(prog dynamic hello)" "$(expected hello)"; }
@test "hello: same as x86-64" { check_same_as_native "$NATIVE_hello" "$(prog static hello)"; }
@test "hello: same as $GUEST_REFERENCE_NAME (static)" { check_same_as_qemu "$(prog static hello)"; }
@test "hello: same as $GUEST_REFERENCE_NAME (dynamic)" { check_same_as_qemu "$(prog dynamic hello)"; }

args_test() {
	local p
	p=$(named_copy "$(prog "$1" args)" args)
	XLT_A=1 XLT_B="x y" check_xlift_output "$p" "$(expected args)" one "two words" ""
}
@test "argv, envp, auxv: static" { args_test static; }
@test "argv, envp, auxv: dynamic" { args_test dynamic; }
@test "argv, envp, auxv: same as $GUEST_REFERENCE_NAME" {
	# An x86-64 guest sees the CPU xlift emulates, not the host's: glibc
	# sets AT_HWCAP's bit 2 where AVX-512 is usable, so on such a host that
	# line differs from the native run's (the tests above check it).
	local but=
	[ "$GUEST" = x86_64 ] && but='^AT_HWCAP '
	XLT_A=1 SAME_BUT=$but check_same_as_qemu "$(named_copy "$(prog static args)" args)" a "b c"
}

fileio_test() {
	mkdir "$BATS_TEST_TMPDIR/dir"
	check_xlift_output "$(prog "$1" fileio)" "$(expected fileio)" "$BATS_TEST_TMPDIR/dir"
}
@test "file I/O: static" { fileio_test static; }
@test "file I/O: dynamic" { fileio_test dynamic; }
@test "file I/O: same as x86-64" {
	mkdir "$BATS_TEST_TMPDIR/dir"
	check_same_as_native "$NATIVE_fileio" "$(prog static fileio)" "$BATS_TEST_TMPDIR/dir"
}
@test "file I/O: same as $GUEST_REFERENCE_NAME" {
	mkdir "$BATS_TEST_TMPDIR/dir"
	check_same_as_qemu "$(prog dynamic fileio)" "$BATS_TEST_TMPDIR/dir"
}

# procs execs hello: qemu-riscv64 cannot run a foreign execve target without
# binfmt_misc, so the reference here is the expected file (which the x86-64
# build reproduces with the x86-64 hello).
@test "pipes, fork, waitpid, exec: static" {
	check_xlift_output "$(prog static procs)" "$(expected procs)" "$(prog static hello)"
}
@test "pipes, fork, waitpid, exec: dynamic" {
	check_xlift_output "$(prog dynamic procs)" "$(expected procs)" "$(prog dynamic hello)"
}
@test "pipes, fork, waitpid, exec: x86-64 build agrees with the expectation" {
	run "$NATIVE_procs" "$NATIVE_hello"
	expect_status 0
	show_diff "$(expected procs)" "$output" x86-64
}

# execve of a guest program must run it under xlift again even where
# binfmt_misc has no entry for it (an x86-64 guest's x86-64 children too). XLIFT_STRACE is inherited by the
# new program: its exit_group(7) in the trace shows xlift ran it (qemu
# through binfmt_misc would not trace it).
exec_test() {
	XLIFT_STRACE=1 run_xlift "$(prog "$1" exec)" "$(prog "$1" exitcode)" 7
	expect_status 7
	[[ "$output" == *"atexit handler ran"* ]] || { echo "exec'd program did not run: $output"; false; }
	[[ "$stderr" == *"exit_group(7)"* ]] || { echo "no exit_group(7) in the trace: $stderr"; false; }
}
@test "execve of another $GUEST program without binfmt_misc: static" { exec_test static; }
@test "execve of another $GUEST program without binfmt_misc: dynamic" { exec_test dynamic; }

@test "mmap, munmap, mremap, brk, big mallocs: static" { check_xlift_output "$(prog static mem)" "$(expected mem)"; }
@test "mmap, munmap, mremap, brk, big mallocs: dynamic" { check_xlift_output "$(prog dynamic mem)" "$(expected mem)"; }
@test "mmap, munmap, mremap, brk, big mallocs: same as x86-64" { check_same_as_native "$NATIVE_mem" "$(prog static mem)"; }
@test "mmap, munmap, mremap, brk, big mallocs: same as $GUEST_REFERENCE_NAME" { check_same_as_qemu "$(prog dynamic mem)"; }

@test "misaligned words read byte by byte, and into an unreadable page: static" {
	check_xlift_output "$(prog static words)" "$(expected words)"
}
@test "misaligned words read byte by byte, and into an unreadable page: dynamic" {
	check_xlift_output "$(prog dynamic words)" "$(expected words)"
}
@test "misaligned words read byte by byte, and into an unreadable page: same as x86-64" {
	check_same_as_native "$NATIVE_words" "$(prog static words)"
}
@test "a word read byte by byte (lbu, sll, or) is one load once translated" {
	only_for_guest riscv64 "an rv64gc compiler reads a misaligned word byte by byte"
	local dir=$BATS_TEST_TMPDIR/ir
	mkdir "$dir"
	# an empty store: everything is compiled, so every module is dumped
	XLIFT_DUMP_IR=$dir run_xlift --code-store off "$(prog static words)"
	expect_status 0
	show_diff "$(expected words)" "$output" xlift
	grep -l 'load volatile i64, ptr .*, align 1' "$dir"/xl_*.ll | xargs grep -l '%word' >/dev/null
}

@test "clock_gettime, nanosleep: static" { check_xlift_output "$(prog static timing)" "$(expected timing)"; }
@test "clock_gettime, nanosleep: dynamic" { check_xlift_output "$(prog dynamic timing)" "$(expected timing)"; }
@test "clock_gettime, nanosleep: same as x86-64" { check_same_as_native "$NATIVE_timing" "$(prog dynamic timing)"; }

@test "uname, getrandom, /proc/self/exe: static" {
	check_xlift_output "$(named_copy "$(prog static sysinfo)" sysinfo)" "$(expected sysinfo)"
}
@test "uname, getrandom, /proc/self/exe: dynamic" {
	check_xlift_output "$(named_copy "$(prog dynamic sysinfo)" sysinfo)" "$(expected sysinfo)"
}
@test "uname, getrandom, /proc/self/exe: same as $GUEST_REFERENCE_NAME" {
	check_same_as_qemu "$(named_copy "$(prog static sysinfo)" sysinfo)"
}
@test "readlink /proc/self/exe names the guest program, not xlift" {
	local p
	p=$(named_copy "$(prog static sysinfo)" my-guest-prog)
	run_xlift "$p"
	expect_status 0
	[[ "$output" == *"/proc/self/exe basename == argv[0] basename: 1"* ]]
}

@test "C++ exceptions, iostreams, static constructors, STL: static" {
	run_xlift "$(prog static cxx)"
	expect_status 0
	show_diff "$TESTS_DIR/programs/cxx.expected" "$output" xlift
	[ "$stderr" = "to stderr" ]
}
@test "C++ exceptions, iostreams, static constructors, STL: dynamic" {
	check_xlift_output "$(prog dynamic cxx)" "$TESTS_DIR/programs/cxx.expected"
}
@test "C++: same as x86-64" { check_same_as_native "$NATIVE_cxx" "$(prog dynamic cxx)"; }
@test "C++: same as $GUEST_REFERENCE_NAME" { check_same_as_qemu "$(prog dynamic cxx)"; }

# --- exit status and death by signal ----------------------------------------

exit_test() {
	local v
	for v in static dynamic; do
		run_xlift "$(prog $v exitcode)" "$1"
		expect_status "$2"
		[ "$output" = "atexit handler ran" ]
	done
}
@test "exit(42) -> status 42" { exit_test 42 42; }
@test "exit(0), exit(1), exit(255), exit(256) -> 0, 1, 255, 0" {
	exit_test 0 0
	exit_test 1 1
	exit_test 255 255
	exit_test 256 0
}

signal_test() {
	local v
	for v in static dynamic; do
		run_xlift "$(prog $v killself)" "$1"
		expect_status "$2"
		[ "$output" = "raising $1" ]
	done
}
@test "raise(SIGTERM) kills xlift with SIGTERM (status 143)" { signal_test 15 143; }
@test "raise(SIGKILL) kills xlift with SIGKILL (status 137)" { signal_test 9 137; }
@test "raise(SIGUSR1) kills xlift with SIGUSR1 (status 138)" { signal_test 10 138; }
@test "death by signal: same status as $GUEST_REFERENCE_NAME" { check_same_as_qemu "$(prog static killself)" 15; }
