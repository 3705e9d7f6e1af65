#!/usr/bin/env bats
# binfmt_misc: `xlift --binfmt register|unregister|status`, and guest
# programs run as ./prog through the kernel under the entry flags P, O, C
# and F, compared with what the x86-64 build of the same program sees when
# it runs natively. Entries get a name no other run uses and are removed
# after every test, also when it fails.
load helpers

setup_file() {
	build_all PROBE=static:programs/binfmt_probe.c \
		PROBE_DYN=dynamic:programs/binfmt_probe.c \
		PROBE_NATIVE=native:programs/binfmt_probe.c \
		FEXEC_NATIVE=native:programs/fexec.c \
		EXEC=static:programs/exec.c
}

setup() {
	require_xlift
	require_binfmt
	PREFIX=$(binfmt_test_prefix)
	ENTRY=$PREFIX-riscv64
	# The same name in two directories: natively the x86-64 build, through
	# xlift the riscv64 build; their outputs differ only in the directory.
	WORK=$BATS_TEST_TMPDIR
	mkdir -p "$WORK/native" "$WORK/rv"
	cp "$PROBE_NATIVE" "$WORK/native/probe"
	cp "$PROBE" "$WORK/rv/probe"
}

teardown() {
	remove_binfmt_entries "$PREFIX"
	[ -z "${NOBODY:-}" ] || rm -rf "$NOBODY"
}

register() {
	run --separate-stderr "$XLIFT" --binfmt register --prefix "$PREFIX" "$@"
	expect_status 0
}

# run_in DIR CMD...: runs CMD in DIR the way a shell would (run_clean).
run_in() {
	local dir=$1
	shift
	run_clean bash -c 'cd "$0" && exec "$@"' "$dir" "$@"
}

# run_probe WHICH: ./probe started with argv[0] "myname" and two arguments.
run_probe() {
	run_in "$WORK/$1" bash -c 'exec -a myname ./probe a "b c"'
}

# native_probe_output: what the x86-64 build prints natively, with the
# riscv64 build's directory.
native_probe_output() {
	run_probe native
	expect_status 0
	printf '%s\n' "${output//$WORK\/native/$WORK/rv}" >"$WORK/native.out"
}

@test "register refuses this machine's own architecture, with one error line" {
	run_xlift_fails --binfmt register x86_64 --prefix "$PREFIX"
	expect_one_error_line
	[[ "$stderr" == *"own architecture"* ]]
	[ ! -e "$BINFMT_DIR/$PREFIX-x86_64" ]
}

@test "--binfmt: an unknown guest, bad flags, a bad action: one error line each" {
	local args
	for args in "register sparc64" "register --flags PX" "register --flags PP" \
		"frobnicate" "" "status --bogus"; do
		# shellcheck disable=SC2086 # word lists
		run_xlift_fails --binfmt $args --prefix "$PREFIX"
		expect_one_error_line
	done
	[ -z "$(ls "$BINFMT_DIR" | grep -F "$PREFIX")" ]
}

@test "register writes qemu's magic and mask, the flags and this xlift; unregister removes it" {
	register riscv64
	[[ "$output" == "$ENTRY: $(realpath "$XLIFT") runs riscv64 programs (flags POCF)" ]]
	run cat "$BINFMT_DIR/$ENTRY"
	[ "${lines[0]}" = enabled ]
	[ "${lines[1]}" = "interpreter $(realpath "$XLIFT")" ]
	[ "${lines[2]}" = "flags: POCF" ]
	[ "${lines[4]}" = "magic 7f454c460201010000000000000000000200f300" ]
	[ "${lines[5]}" = "mask ffffffffffffff00fffffffffffffffffeffffff" ]
	run "$XLIFT" --binfmt unregister --prefix "$PREFIX"
	expect_status 0
	[ "$output" = "$ENTRY: removed" ]
	[ ! -e "$BINFMT_DIR/$ENTRY" ]
	run "$XLIFT" --binfmt unregister --prefix "$PREFIX"
	expect_status 0
	[ "$output" = "$ENTRY: not registered" ]
}

@test "status: 0 when xlift's entry is in use, 1 when it is missing" {
	run "$XLIFT" --binfmt status --prefix "$PREFIX"
	[ "$status" -eq 1 ]
	[[ "$output" == *"riscv64: $ENTRY not registered"* ]]
	[[ "$output" == *"x86_64: this machine's own architecture"* ]]
	register --flags P
	run "$XLIFT" --binfmt status --prefix "$PREFIX"
	expect_status 0
	[[ "$output" == *"riscv64: $ENTRY enabled, interpreter $(realpath "$XLIFT"), flags P"* ]]
	[[ "$output" == *"riscv64: programs run through $ENTRY"* ]]
}

@test "a conflicting entry registered later is reported; registering again puts xlift first" {
	local other=$PREFIX-other
	register --flags P
	# Another interpreter for the same programs (here xlift without P, so
	# that argv[0] tells which entry ran the program).
	printf ':%s:M::\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xf3\\x00:\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:%s:' \
		"$other" "$(realpath "$XLIFT")" >"$BINFMT_DIR/register"
	run "$XLIFT" --binfmt status --prefix "$PREFIX"
	[ "$status" -eq 1 ]
	[[ "$output" == *"also matched by $other (enabled"* ]]
	[[ "$output" == *"programs run through $other"* ]]
	[[ "$output" == *"update-binfmts --disable"* ]]
	run_probe rv
	[ "${lines[0]}" != "argv[0]=myname" ]

	register --flags P
	[[ "$stderr" == *"note: $other"*"also matches riscv64 programs"* ]]
	run_probe rv
	[ "${lines[0]}" = "argv[0]=myname" ]
	run "$XLIFT" --binfmt status --prefix "$PREFIX"
	expect_status 0
}

# check_flags FLAGS: ./probe through the kernel sees what the native build
# sees; without P, argv[0] is lost and the path takes its place.
check_flags() {
	native_probe_output
	register --flags "$1"
	run_probe rv
	expect_status 0
	if [[ "$1" != *P* ]]; then
		local path
		path=$(sed -n 's/^execfn=//p' "$WORK/native.out")
		sed -i "s|^argv\[0\]=myname\$|argv[0]=$path|" "$WORK/native.out"
	fi
	show_diff "$WORK/native.out" "$output" "flags '$1':"
}

@test "./prog through binfmt_misc, no flags: argv[0] is the path" { check_flags ""; }
@test "./prog through binfmt_misc, P: argv, AT_EXECFN, /proc/self/exe as native" { check_flags P; }
@test "./prog through binfmt_misc, O: AT_EXECFD not left open" { check_flags O; }
@test "./prog through binfmt_misc, PO" { check_flags PO; }
@test "./prog through binfmt_misc, C" { check_flags C; }
@test "./prog through binfmt_misc, F" { check_flags F; }
@test "./prog through binfmt_misc, POCF" { check_flags POCF; }

@test "a dynamically linked program through binfmt_misc (POCF)" {
	cp "$PROBE_DYN" "$WORK/rv/probe"
	check_flags POCF
}

# check_fexecve FLAGS: a native program fexecve()s ./probe: the kernel
# names it /dev/fd/N.
check_fexecve() {
	run_in "$WORK/native" "$FEXEC_NATIVE" keep ./probe myname a
	expect_status 0
	[[ "$output" == *"execfn=/dev/fd/"* ]]
	printf '%s\n' "${output//$WORK\/native/$WORK/rv}" >"$WORK/native.out"
	register --flags "$1"
	run_in "$WORK/rv" "$FEXEC_NATIVE" keep ./probe myname a
	expect_status 0
	show_diff "$WORK/native.out" "$output" "fexecve, flags '$1':"
}

@test "fexecve: /dev/fd/N under P" { check_fexecve P; }
@test "fexecve: /dev/fd/N under POCF" { check_fexecve POCF; }

# as_nobody CMD...: runs CMD as user and group nobody, with no code store
# (the tests' store is root's).
as_nobody() {
	run_clean setpriv --reuid=65534 --regid=65534 --clear-groups \
		env XLIFT_CODE_STORE=off "$@"
}

# nobody_dir: a copy of the riscv64 probe where nobody may run it.
nobody_dir() {
	NOBODY=$(mktemp -d /tmp/xlift-binfmt-XXXXXX)
	chmod 755 "$NOBODY"
	cp "$PROBE" "$NOBODY/probe"
}

@test "O: an execute-only program runs; without O, one clear error line" {
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	nobody_dir
	chmod 0111 "$NOBODY/probe"
	register --flags O
	as_nobody "$NOBODY/probe"
	expect_status 0
	[[ "$output" == *"exe=$NOBODY/probe"* ]]
	register --flags ""
	# xlift's status for a program it cannot start.
	run -127 --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		env XLIFT_CODE_STORE=off "$NOBODY/probe"
	expect_one_error_line
	[[ "$stderr" == *"flag O"* ]]
}

@test "C: a set-user-ID program gets its owner's credentials and AT_SECURE" {
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	nobody_dir
	[[ ",$(findmnt -no OPTIONS -T "$NOBODY")," != *,nosuid,* ]] ||
		skip "$NOBODY is on a nosuid mount"
	chmod 4755 "$NOBODY/probe"
	register --flags C
	as_nobody "$NOBODY/probe"
	expect_status 0
	[[ "$output" == *"secure=1"* ]] || { echo "$output"; false; }
	[[ "$output" == *"uid=65534 euid=0 "* ]]
	# Its user's XLIFT_* variables are ignored then.
	as_nobody env XLIFT_STRACE=1 "$NOBODY/probe"
	expect_status 0
	[ -z "$stderr" ]
	# Without C the kernel gives no credentials, and the program is not secure.
	register --flags O
	as_nobody env XLIFT_STRACE=1 "$NOBODY/probe"
	expect_status 0
	[[ "$output" == *"secure=0"* ]]
	[[ "$output" == *"uid=65534 euid=65534 "* ]]
	[[ "$stderr" == *exit_group* ]]
}

@test "under binfmt_misc a guest execs guest programs through the kernel" {
	register --flags POCF
	cp "$EXEC" "$WORK/rv/exec"
	run_in "$WORK/rv" ./exec ./probe a
	expect_status 0
	[ "${lines[0]}" = "exec ./probe" ]
	[ "${lines[1]}" = "argv[0]=./probe" ]
	[ "${lines[2]}" = "argv[1]=a" ]
	[[ "$output" == *"exe=$WORK/rv/probe"* ]]
}

@test "binfmt/ files describe the entry that xlift --binfmt register makes" {
	local src=$TESTS_DIR/../binfmt self
	self=$(realpath "$XLIFT")
	register riscv64
	cp "$BINFMT_DIR/$ENTRY" "$WORK/registered"
	remove_binfmt_entries "$PREFIX"
	grep -v '^#' "$src/xlift-riscv64.conf.in" |
		sed -e "s|^:xlift-riscv64:|:$ENTRY:|" -e "s|@bindir@/xlift|$self|" \
		>"$BINFMT_DIR/register"
	diff -u "$WORK/registered" "$BINFMT_DIR/$ENTRY"
	# binfmt-support's file: the same magic, mask and flags (C, P, F).
	local fields
	IFS=: read -ra fields < <(grep -v '^#' "$src/xlift-riscv64.conf.in")
	grep -qxF "magic ${fields[4]}" "$src/xlift-riscv64.binfmts.in"
	grep -qxF "mask ${fields[5]}" "$src/xlift-riscv64.binfmts.in"
	[ "${fields[7]}" = POCF ]
	grep -qx 'credentials yes' "$src/xlift-riscv64.binfmts.in"
	grep -qx 'preserve yes' "$src/xlift-riscv64.binfmts.in"
	grep -qx 'fix_binary yes' "$src/xlift-riscv64.binfmts.in"
}

@test "man/xlift.1 renders without warnings and names every option of --help" {
	command -v groff >/dev/null || skip "groff is not installed"
	local man=$TESTS_DIR/../man/xlift.1 opt
	run groff -man -ww -z "$man"
	expect_status 0
	[ -z "$output" ]
	for opt in $("$XLIFT" --help | grep -o -- '--\?[a-zA-Z0-9][-a-z]*' | sort -u); do
		grep -qF -- "${opt//-/\\-}" "$man" || { echo "man page lacks $opt"; false; }
	done
}
