#!/usr/bin/env bats
# Command line options and their XLIFT_* environment twins:
#   --help, --version, -L DIR / XLIFT_SYSROOT, -E VAR=VAL / XLIFT_SET_ENV,
#   -U VAR / XLIFT_UNSET_ENV, -0 ARGV0 / XLIFT_ARGV0, --strace / XLIFT_STRACE.
# The args program prints argv, the XLT_* environment variables and auxv.
load helpers

setup_file() {
	build_all ARGS=static:programs/args.c HELLO_STATIC=static:programs/hello.c \
		HELLO_DYNAMIC=dynamic:programs/hello.c
}

setup() {
	require_xlift
	cp "$ARGS" "$BATS_TEST_TMPDIR/args"
	ARGS=$BATS_TEST_TMPDIR/args
}

# has_line LINE: $output contains exactly this line.
has_line() {
	printf '%s\n' "$output" | grep -qxF -- "$1" || { echo "no line '$1' in: $output"; false; }
}
lacks_line() {
	! printf '%s\n' "$output" | grep -qxF -- "$1" || { echo "unexpected line '$1' in: $output"; false; }
}

@test "--help: usage on stdout naming every option, status 0" {
	run_xlift --help
	expect_status 0
	[[ "$output" == *[Uu]sage* ]]
	local opt
	for opt in -L -E -U -0 --strace --version --help; do
		[[ "$output" == *"$opt"* ]] || { echo "--help does not mention $opt"; false; }
	done
}

@test "--version: name and version number, status 0" {
	run_xlift --version
	expect_status 0
	[[ "$output" =~ xlift.*[0-9]+\.[0-9]+ ]] || { echo "bad version output: $output"; false; }
}

@test "options end at the program name: later arguments go to the guest" {
	run_xlift "$ARGS" --help -E X=1
	expect_status 0
	has_line 'argv[1]="--help"'
	has_line 'argv[2]="-E"'
	has_line 'argv[3]="X=1"'
}

@test "-E VAR=VAL sets guest environment variables (repeatable)" {
	XLT_KEEP=k run_xlift -E XLT_NEW=v -E "XLT_SP=a b" -E XLT_KEEP=changed "$ARGS"
	expect_status 0
	has_line "env XLT_NEW=v"
	has_line "env XLT_SP=a b"
	has_line "env XLT_KEEP=changed"
}

@test "XLIFT_SET_ENV: comma-separated VAR=VAL list" {
	XLIFT_SET_ENV=XLT_ONE=1,XLT_TWO=2 run_xlift "$ARGS"
	expect_status 0
	has_line "env XLT_ONE=1"
	has_line "env XLT_TWO=2"
}

@test "-U VAR removes guest environment variables (repeatable)" {
	XLT_GONE=1 XLT_ALSO=2 XLT_STAYS=3 run_xlift -U XLT_GONE -U XLT_ALSO "$ARGS"
	expect_status 0
	lacks_line "env XLT_GONE=1"
	lacks_line "env XLT_ALSO=2"
	has_line "env XLT_STAYS=3"
}

@test "XLIFT_UNSET_ENV: comma-separated list" {
	XLT_GONE=1 XLT_ALSO=2 XLT_STAYS=3 XLIFT_UNSET_ENV=XLT_GONE,XLT_ALSO run_xlift "$ARGS"
	expect_status 0
	lacks_line "env XLT_GONE=1"
	lacks_line "env XLT_ALSO=2"
	has_line "env XLT_STAYS=3"
}

@test "-0 ARGV0 sets the guest's argv[0]" {
	run_xlift -0 custom-name "$ARGS" x
	expect_status 0
	has_line "argv[0] basename=custom-name"
	has_line 'argv[1]="x"'
	has_line "argc=2"
}

@test "XLIFT_ARGV0 sets the guest's argv[0]" {
	XLIFT_ARGV0=from-env run_xlift "$ARGS"
	expect_status 0
	has_line "argv[0] basename=from-env"
}

@test "without -0 argv[0] is the program path" {
	run_xlift "$ARGS"
	expect_status 0
	has_line "argv[0] basename=args"
}

# strace_check: hello's trace names write(1, ...) = 13 and exit_group(0).
strace_check() {
	expect_status 0
	[ "$output" = "hello, world" ]
	printf '%s\n' "$stderr" | grep -qE '^(\[[^]]*\] *)?write\(1, .*\) = 13$' ||
		{ echo "no 'write(1, ...) = 13' line: $stderr"; false; }
	printf '%s\n' "$stderr" | grep -qE 'exit_group\(0\)' ||
		{ echo "no 'exit_group(0)' line: $stderr"; false; }
}

@test "--strace: one line per syscall with name, arguments and result" {
	run_xlift --strace "$HELLO_STATIC"
	strace_check
}

@test "--strace on a dynamic program shows the loader's syscalls too" {
	run_xlift --strace "$HELLO_DYNAMIC"
	strace_check
	[[ "$stderr" == *openat* ]] || { echo "no openat (libc.so.6) in the trace"; false; }
}

@test "XLIFT_STRACE=1 is --strace" {
	XLIFT_STRACE=1 run_xlift "$HELLO_STATIC"
	strace_check
}

@test "without --strace, stderr stays empty" {
	run_xlift "$HELLO_STATIC"
	expect_status 0
	[ -z "$stderr" ]
}

@test "-L DIR: dynamic program with an explicit sysroot" {
	run_xlift -L "$RISCV64_SYSROOT" "$HELLO_DYNAMIC"
	expect_status 0
	[ "$output" = "hello, world" ]
}

@test "XLIFT_SYSROOT: sysroot from the environment" {
	XLIFT_SYSROOT=$RISCV64_SYSROOT run_xlift "$HELLO_DYNAMIC"
	expect_status 0
	[ "$output" = "hello, world" ]
	mkdir "$BATS_TEST_TMPDIR/empty"
	XLIFT_SYSROOT=$BATS_TEST_TMPDIR/empty run_xlift_fails "$HELLO_DYNAMIC"
	expect_failure_no_crash
	expect_one_error_line
}

@test "-L overrides XLIFT_SYSROOT" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	XLIFT_SYSROOT=$BATS_TEST_TMPDIR/empty run_xlift -L "$RISCV64_SYSROOT" "$HELLO_DYNAMIC"
	expect_status 0
	[ "$output" = "hello, world" ]
}

@test "-E overrides XLIFT_SET_ENV for the same variable" {
	XLIFT_SET_ENV=XLT_V=env run_xlift -E XLT_V=option "$ARGS"
	expect_status 0
	has_line "env XLT_V=option"
}
