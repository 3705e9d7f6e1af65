#!/usr/bin/env bats
# Differential test of the x86-64 integer lifter: tests/x86/diff_gen.c
# writes a program that runs each instruction form over rows of edge-value
# inputs and records every register, the defined flags and a memory window
# (how it picks the inputs: the comment at its top). The records of a
# native run, the oracle on this x86-64 host, and of a run under xlift must
# be the same.

load helpers

setup_file() {
	[ "$(uname -m)" = x86_64 ] || return 0
	require_xlift
	local src=$TESTS_DIR/x86/diff_gen.c key dir
	key=$( { cat "$src"; gcc --version | head -1; } | sha1sum | cut -c1-12)
	dir=$XLIFT_TEST_BUILD/x86-diff-$key
	if [ ! -x "$dir/prog" ]; then
		mkdir -p "$dir.tmp.$$"
		gcc -std=gnu11 -O1 -Wall -Wextra -Werror -o "$dir.tmp.$$/gen" "$src" >&2 &&
			"$dir.tmp.$$/gen" asm >"$dir.tmp.$$/prog.S" &&
			"$dir.tmp.$$/gen" names >"$dir.tmp.$$/names" &&
			gcc -nostdlib -static -no-pie -o "$dir.tmp.$$/prog" "$dir.tmp.$$/prog.S" >&2 || return 1
		rm -f "$dir.tmp.$$/prog.S"
		rm -rf "$dir"
		mv "$dir.tmp.$$" "$dir"
	fi
	X86_DIFF=$dir
	export X86_DIFF
}

setup() {
	[ "$(uname -m)" = x86_64 ] || skip "the oracle is the native CPU: not an x86-64 host"
}

# hex_records OUT CMD...: the records CMD writes, one line of hex a case.
hex_records() {
	local out=$1
	shift
	bash -c 'exec 3>&- 4>&-; "$@" | od -An -tx8 -w200 -v' - "$@" >"$out"
}

@test "every case: registers, defined flags and memory window as natively" {
	local native=$BATS_TEST_TMPDIR/native lifted=$BATS_TEST_TMPDIR/lifted cases
	cases=$(wc -l <"$X86_DIFF/names")
	[ "$cases" -gt 10000 ]
	hex_records "$native" "$X86_DIFF/prog"
	# the program ran to its end: a whole record for every case
	[ "$(wc -l <"$native")" -eq "$cases" ]
	[ -z "$(awk 'NF != 25 { print; exit }' "$native")" ]
	hex_records "$lifted" "$XLIFT" "$X86_DIFF/prog" 2>"$BATS_TEST_TMPDIR/stderr"
	cat "$BATS_TEST_TMPDIR/stderr"
	# a difference names the case: instruction and row
	cmp -s "$native" "$lifted" || diff <(paste -d' ' "$X86_DIFF/names" "$native") \
		<(paste -d' ' "$X86_DIFF/names" "$lifted") | head -40
	cmp -s "$native" "$lifted"
	[ ! -s "$BATS_TEST_TMPDIR/stderr" ]
}
