#!/usr/bin/env bats
# The x86-64 guest: hand-written static programs without libc (tests/x86/),
# run natively (the oracle: this host is x86-64) and under xlift.

load helpers

setup_file() {
	[ "$(uname -m)" = x86_64 ] || return 0
	require_xlift
	X86_int_subset=$(build_x86 x86/int_subset.S)
	X86_unsupported=$(build_x86 x86/unsupported.S)
	X86_unsupported_vex=$(build_x86 x86/unsupported_vex.S)
	X86_bad_access=$(build_x86 x86/bad_access.S)
	X86_sse=$(build_x86 x86/sse.S)
	X86_cpuid=$(build_x86 x86/cpuid.S)
	X86_x87=$(build_x86 x86/x87.S)
	X86_divide_error=$(build_x86 x86/divide_error.S)
	X86_lock_threads=$(build_x86 x86/lock_threads.S)
	X86_seg_strings=$(build_x86 x86/seg_strings.S)
	export X86_int_subset X86_unsupported X86_unsupported_vex X86_bad_access X86_sse X86_cpuid X86_x87 X86_divide_error \
		X86_lock_threads X86_seg_strings
}

setup() {
	[ "$(uname -m)" = x86_64 ] || skip "x86-64 guests are compared with a native run: not an x86-64 host"
}

# build_x86 SRC: assembles tests/SRC into a static x86-64 program without
# libc, cached by a hash of source and compiler; prints its path.
build_x86() {
	local src=$TESTS_DIR/$1 key out
	key=$( { cat "$src" "$(dirname "$src")"/*.inc; gcc --version | head -1; } | sha1sum | cut -c1-12)
	out=$XLIFT_TEST_BUILD/$(basename "$src" .S)-x86_64-$key
	if [ ! -x "$out" ]; then
		gcc -nostdlib -static -o "$out.tmp.$$" "$src" >&2 || return 1
		mv -f "$out.tmp.$$" "$out"
	fi
	echo "$out"
}

@test "integer subset: output and exit status as natively" {
	run_clean "$X86_int_subset"
	local native_status=$status native_output=$output
	[ "$native_status" -eq 45 ]
	run_xlift "$X86_int_subset"
	echo "$stderr"
	[ "$status" -eq "$native_status" ]
	[ "$output" = "$native_output" ]
	[ -z "$stderr" ]
}

@test "integer subset: the same from the code store on a second run" {
	local store=$BATS_TEST_TMPDIR/store
	run_xlift --code-store "$store" "$X86_int_subset"
	local first=$output
	[ "$status" -eq 45 ]
	ls "$store"/*.o >/dev/null
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$X86_int_subset"
	[ "$status" -eq 45 ]
	[ "$output" = "$first" ]
	! grep -q 'translated region' <<<"$stderr"
}

# dies_of_unsupported PROG MNEMONIC BYTES: PROG dies of SIGILL after one
# line naming BYTES and the address objdump gives its MNEMONIC.
dies_of_unsupported() {
	run_xlift_fails "$1"
	[ "$status" -eq $((128 + 4)) ]
	local addr
	addr=$(objdump -d "$1" | awk -v m="$2" '$0 ~ "\t" m " " { sub(":", "", $1); print $1 }')
	[ -n "$addr" ]
	[[ "$stderr" == *"0x$3 at 0x$addr"* ]]
	[ "$(wc -l <<<"$stderr")" -eq 1 ]
}

@test "an unsupported instruction: its bytes and address, then SIGILL" {
	dies_of_unsupported "$X86_unsupported" rdrand 0fc7f0
}

@test "an unsupported VEX instruction (kmovw, setcc's opcode): its bytes and address, then SIGILL" {
	dies_of_unsupported "$X86_unsupported_vex" kmovw c5f893c1
}

@test "a bad memory access: SIGSEGV naming the address and the instruction's pc" {
	run_xlift_fails "$X86_bad_access"
	[ "$status" -eq $((128 + 11)) ]
	local addr
	addr=$(nm "$X86_bad_access" | awk '$3 == "bad_access" { sub("^0*", "", $1); print $1 }')
	[ -n "$addr" ]
	[[ "$stderr" == *"guest access to 0x10 at 0x$addr"* ]]
}

# divide_error_at SYMBOL [ARG]: xlift dies of SIGFPE, as the native run
# does, naming the divide's address.
divide_error_at() {
	local addr
	addr=$(nm "$X86_divide_error" | awk -v s="$1" '$3 == s { sub("^0*", "", $1); print $1 }')
	[ -n "$addr" ]
	shift
	run_clean "$X86_divide_error" "$@"
	[ "$status" -eq $((128 + 8)) ]
	run_xlift_fails "$X86_divide_error" "$@"
	echo "$stderr"
	[ "$status" -eq $((128 + 8)) ]
	[[ "$stderr" == *"divide error "*" at 0x$addr (Floating point exception)"* ]]
}

@test "fs/gs movs, lods, rep movs, repe cmps, addr32 lods use the arch_prctl base; stos, scas ignore it" {
	same_bytes_as_native "$X86_seg_strings" 7
}

@test "div by zero: SIGFPE at the divide" {
	divide_error_at divide_by_zero
}

@test "idiv with a quotient out of range: SIGFPE at the divide" {
	divide_error_at divide_overflow big
}

@test "lock inc, xadd, cmpxchg, dec and xchg are atomic across two threads" {
	run_clean "$X86_lock_threads"
	[ "$status" -eq 0 ]
	run_xlift "$X86_lock_threads"
	echo "$stderr"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

# The raw result bytes a program writes, as hex lines; the exit status last.
hex_output() {
	bash -c 'exec 3>&- 4>&-; "$@" | od -An -tx1 -v; echo "status ${PIPESTATUS[0]}"' - "$@"
}

# same_bytes_as_native PROG MIN_LINES: the program's raw output under xlift
# is the native one, which has at least MIN_LINES lines of hex.
same_bytes_as_native() {
	local native lifted
	native=$(hex_output "$1")
	[[ "$native" == *"status 0" ]]
	[ "$(wc -l <<<"$native")" -gt "$2" ]
	lifted=$(hex_output "$XLIFT" "$1" 2>"$BATS_TEST_TMPDIR/stderr")
	cat "$BATS_TEST_TMPDIR/stderr"
	diff <(echo "$native") <(echo "$lifted")
	[ ! -s "$BATS_TEST_TMPDIR/stderr" ]
}

@test "SSE/SSE2: every result register as natively, rounding modes and flags included" {
	same_bytes_as_native "$X86_sse" 900
}

@test "x87: loads, stores, arithmetic, fcomi flags, integer stores in each rounding mode" {
	same_bytes_as_native "$X86_x87" 200
}

@test "cpuid reports the baseline features xlift emulates; rdtsc goes forward" {
	local words
	words=$(bash -c 'exec 3>&- 4>&-; "$@" | od -An -tx4 -v' - "$XLIFT" "$X86_cpuid")
	echo "$words"
	read -r -a w <<<"$(tr '\n' ' ' <<<"$words")"
	[ "${w[0]}" = 00000007 ]                                       # max leaf
	[ "${w[1]}${w[3]}${w[2]}" = 756e654749656e696c65746e ]          # GenuineIntel
	[ "${w[6]}" = 00c02000 ]      # leaf 1 ecx: cx16 movbe popcnt, no SSE3 or later
	(( (0x${w[7]} & 0x06000000) == 0x06000000 ))                   # sse, sse2
	[ "${w[8]}${w[9]}${w[10]}${w[11]}" = 00000000000000000000000000000000 ]  # leaf 7
	(( 0x${w[12]} >= 0x80000004 ))
	[ "${w[18]}" = 00000021 ]                                      # lahf_lm, abm (lzcnt)
	(( (0x${w[19]} & (1 << 29)) != 0 ))                            # long mode
	[[ "$(bash -c 'exec 3>&- 4>&-; "$@"' - "$XLIFT" "$X86_cpuid" | tr -d '\0' | tr -cd '[:print:]')" == *"xlift x86-64 baseline CPU"* ]]
	[ "${w[32]}" = 00000101 ]                                      # rdtsc, rdtscp forward
}
