#!/usr/bin/env bats
# Malformed programs and bad command lines: xlift rejects them with exactly
# one error line starting with "xlift:" and a non-zero status, and never
# crashes (no SIGSEGV/SIGABRT/SIGBUS/SIGFPE/SIGILL of xlift itself).
# Also: an illegal instruction in the guest (SIGILL, status 132, message
# naming the bytes and the address) and an unknown system call (ENOSYS,
# the program carries on).
load helpers

setup_file() {
	build_all HELLO_STATIC=static:programs/hello.c HELLO_DYNAMIC=dynamic:programs/hello.c \
		ILLEGAL=static:programs/illegal.c ENOSYS_STATIC=static:programs/enosys.c \
		ENOSYS_DYNAMIC=dynamic:programs/enosys.c
}

setup() {
	require_xlift
}

# rejected ARGS...: xlift refuses with one error line, no crash.
rejected() {
	run_xlift_fails "$@"
	expect_failure_no_crash
	expect_one_error_line
	[ -z "$output" ] || { echo "unexpected stdout: $output"; false; }
}

# patched_copy OFFSET HEXBYTES: hello with bytes overwritten at OFFSET.
patched_copy() {
	local f=$BATS_TEST_TMPDIR/patched
	cp "$HELLO_STATIC" "$f"
	printf "$2" | dd of="$f" bs=1 seek="$1" conv=notrunc status=none
	echo "$f"
}

@test "truncated ELF (first 100 bytes)" {
	head -c 100 "$HELLO_STATIC" >"$BATS_TEST_TMPDIR/truncated"
	chmod +x "$BATS_TEST_TMPDIR/truncated"
	rejected "$BATS_TEST_TMPDIR/truncated"
}

@test "truncated ELF (program headers present, segments cut off)" {
	head -c 4096 "$HELLO_STATIC" >"$BATS_TEST_TMPDIR/truncated"
	rejected "$BATS_TEST_TMPDIR/truncated"
}

@test "empty file" {
	: >"$BATS_TEST_TMPDIR/empty"
	rejected "$BATS_TEST_TMPDIR/empty"
}

@test "corrupt ELF header: e_phoff far beyond the end of the file" {
	rejected "$(patched_copy 32 '\x00\x00\x00\xf0\xff\x00\x00\x00')"
}

@test "corrupt ELF header: e_phnum huge" {
	rejected "$(patched_copy 56 '\xff\xff')"
}

@test "corrupt ELF header: 32-bit class" {
	rejected "$(patched_copy 4 '\x01')"
}

@test "wrong machine: an AArch64 ELF header" {
	rejected "$(patched_copy 18 '\xb7\x00')"     # e_machine = EM_AARCH64
}

@test "not a program: a $GUEST object file (ET_REL)" {
	"$GUEST_CC" -c -o "$BATS_TEST_TMPDIR/hello.o" "$TESTS_DIR/programs/hello.c"
	rejected "$BATS_TEST_TMPDIR/hello.o"
}

@test "not a program: a text file" {
	printf 'hello\nworld\n' >"$BATS_TEST_TMPDIR/text"
	chmod +x "$BATS_TEST_TMPDIR/text"
	rejected "$BATS_TEST_TMPDIR/text"
}

@test "not a program: a directory" {
	rejected "$BATS_TEST_TMPDIR"
}

@test "missing program file" {
	rejected "$BATS_TEST_TMPDIR/does-not-exist"
}

@test "dynamic program with -L pointing at an empty directory (no interpreter)" {
	# xlift falls back to the host's interpreter (as in a chroot of the guest)
	[ "$GUEST" = "$(uname -m)" ] && skip "this host's own interpreter serves the $GUEST guest"
	mkdir "$BATS_TEST_TMPDIR/empty-sysroot"
	rejected -L "$BATS_TEST_TMPDIR/empty-sysroot" "$HELLO_DYNAMIC"
	[[ "$stderr" == *ld-linux* ]] || { echo "error does not name the interpreter: $stderr"; false; }
}

@test "unknown option" {
	rejected --no-such-option "$HELLO_STATIC"
}

@test "unknown short option" {
	rejected -Q "$HELLO_STATIC"
}

@test "missing option argument: -L at the end" {
	rejected -L
}

@test "missing option argument: -E at the end" {
	rejected -E
}

@test "missing option argument: -0 at the end" {
	rejected -0
}

@test "no program given" {
	rejected
}

# illegal_test WHICH BYTES: the guest prints the instruction's address, then
# executes it; xlift dies of SIGILL with one "xlift:" line naming both.
illegal_test() {
	run_xlift "$ILLEGAL" "$1"
	expect_status 132
	local addr=${output%%$'\n'*} msg
	msg=$(printf '%s\n' "$stderr" | grep '^xlift:' || true)
	[ -n "$msg" ] || { echo "no 'xlift:' line on stderr: $stderr"; false; }
	local flat
	flat=$(printf '%s' "$msg" | tr -d ' ' | tr 'A-F' 'a-f')
	[[ "$flat" == *"$addr"* ]] || { echo "message does not name address $addr: $msg"; false; }
	[[ "$flat" == *"$2"* ]] || { echo "message does not name the bytes $2: $msg"; false; }
	[[ "$output" != *survived* ]]
}

# programs/illegal.c: riscv64's .word 0xffffffff and .word 0; x86-64's ff ff
# (ff /7) and ud2
@test "illegal instruction \"ones\": SIGILL (132), message with bytes and address" {
	if [ "$GUEST" = x86_64 ]; then illegal_test ones ff; else illegal_test ones ffffffff; fi
}

@test "illegal instruction \"zero\": SIGILL (132), message with bytes and address" {
	if [ "$GUEST" = x86_64 ]; then illegal_test zero 0f0b; else illegal_test zero 0000; fi
}

@test "illegal instruction: same status as $GUEST_REFERENCE_NAME" {
	check_same_as_qemu "$ILLEGAL" ones
}

@test "unknown syscall 999 returns -1 ENOSYS, the program continues: static" {
	check_xlift_output "$ENOSYS_STATIC" "$TESTS_DIR/programs/enosys.expected"
}

@test "unknown syscall 999 returns -1 ENOSYS, the program continues: dynamic" {
	check_xlift_output "$ENOSYS_DYNAMIC" "$TESTS_DIR/programs/enosys.expected"
}

@test "unknown syscall 999 is reported under --strace" {
	run_xlift --strace "$ENOSYS_STATIC"
	expect_status 0
	[[ "$stderr" == *999* ]] || { echo "syscall 999 not in the trace: $stderr"; false; }
}
