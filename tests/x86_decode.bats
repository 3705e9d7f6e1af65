#!/usr/bin/env bats
# The x86-64 decoder (src/guest/x86_64/decode.c) against objdump: every
# instruction boundary and length in the .text of real programs on this
# machine, random bytes, and random bytes that end at an unmapped page.
# The checker is tests/x86_decode_check.c (built by `make check`).
#
# cc1 is large (20 s of objdump): the suite decodes its first 4 MiB unless
# X86_DECODE_FULL=1.

load helpers

CHECK=${X86_DECODE_CHECK:-$TESTS_DIR/x86-decode-check}

setup() {
	[ -x "$CHECK" ] || skip "the checker is not built: $CHECK (make check builds it)"
	command -v objdump >/dev/null || skip "objdump (binutils) is not installed"
	[ "$(uname -m)" = x86_64 ] || skip "the programs to decode are this machine's: not x86-64"
}

# compare FILE [START END]: every boundary agrees, nothing is left out.
compare() {
	[ -f "$1" ] || skip "$1 is not on this machine"
	run "$CHECK" compare "$@"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *" 0 mismatches, "* ]]
	[[ "$output" != *" 0 instructions,"* ]]
}

text_start() {
	readelf -SW "$1" | awk '$2 == ".text" { print "0x" $4 }'
}

@test "libc.so.6: every instruction's length is objdump's" {
	compare "$(readlink -f /lib/x86_64-linux-gnu/libc.so.6)"
}

@test "python3: every instruction's length is objdump's" {
	compare "$(readlink -f /usr/bin/python3)"
}

@test "perl: every instruction's length is objdump's" {
	compare "$(readlink -f /usr/bin/perl)"
}

@test "coreutils ls and sort: every instruction's length is objdump's" {
	compare /usr/bin/ls
	compare /usr/bin/sort
}

@test "gcc's cc1: every instruction's length is objdump's" {
	local cc1
	cc1=$(ls /usr/lib/gcc/x86_64-linux-gnu/*/cc1 2>/dev/null | head -1)
	[ -n "$cc1" ] || skip "gcc's cc1 is not on this machine"
	if [ "${X86_DECODE_FULL:-0}" = 1 ]; then
		compare "$cc1"
	else
		local start
		start=$(text_start "$cc1")
		compare "$cc1" "$start" $((start + 4 * 1024 * 1024))
	fi
}

@test "random bytes: objdump and the decoder agree on every boundary" {
	command -v objcopy >/dev/null || skip "objcopy (binutils) is not installed"
	local bin=$BATS_TEST_TMPDIR/random.bin obj=$BATS_TEST_TMPDIR/random.o
	for seed in 1 2; do
		"$CHECK" bytes 300000 "$seed" >"$bin"
		objcopy -I binary -O elf64-x86-64 \
			--rename-section .data=.text,contents,alloc,load,readonly,code "$bin" "$obj"
		run "$CHECK" compare "$obj"
		echo "$output"
		[ "$status" -eq 0 ]
		# invalid encodings were met, and agreed on
		[[ "$output" =~ \ ([1-9][0-9]*)\ \(bad\)\ agreed ]]
	done
}

@test "random bytes never make the decoder read past its input" {
	run "$CHECK" fuzz 2000000 7
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *" 0 wrong" ]]
}

@test "the checker reports wrong lengths" {
	# every 1000th length made one too long: each must be reported
	run "$CHECK" miscount /usr/bin/ls
	echo "$output"
	[ "$status" -eq 1 ]
	local insns mismatches
	insns=$(sed -n 's/.*: \([0-9]*\) instructions, .*/\1/p' <<<"$output")
	mismatches=$(sed -n 's/.* instructions, \([0-9]*\) mismatches.*/\1/p' <<<"$output")
	[ "$insns" -gt 1000 ]
	[ "$mismatches" -eq $((insns / 1000)) ]
}

@test "an instruction cut off by the end of .text is truncated, as objdump says" {
	command -v objcopy >/dev/null || skip "objcopy (binutils) is not installed"
	local bin=$BATS_TEST_TMPDIR/cut.bin obj=$BATS_TEST_TMPDIR/cut.o
	printf '\x90\x8b\x05\x00' >"$bin"     # nop; a rip-relative mov, cut short
	objcopy -I binary -O elf64-x86-64 \
		--rename-section .data=.text,contents,alloc,load,readonly,code "$bin" "$obj"
	run "$CHECK" compare "$obj"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *": 1 instructions, 0 mismatches, 3 (bad) agreed,"* ]]
}

@test "VEX forms of non-vector opcodes (kmov, kand) are unknown, not setcc or cmovcc" {
	command -v as >/dev/null || skip "as (binutils) is not installed"
	# each line: the instruction, then what the decoder must call it
	local cases='kmovw %k1,%k2|unknown vex
kmovw %eax,%k1|unknown vex
kmovw %k1,%eax|unknown vex
kandw %k1,%k2,%k3|unknown vex
vmovaps %xmm1,%xmm2|movaps vex
vldmxcsr (%rax)|ldmxcsr vex
vpaddd %ymm1,%ymm2,%ymm3|paddd vex
andn %eax,%ebx,%ecx|andn vex
vaddps %zmm1,%zmm2,%zmm3|unknown evex
setb %al|setcc legacy
cmovb %ecx,%eax|cmovcc legacy'
	cut -d'|' -f1 <<<"$cases" >"$BATS_TEST_TMPDIR/k.s"
	as -o "$BATS_TEST_TMPDIR/k.o" "$BATS_TEST_TMPDIR/k.s"
	local hex
	hex=$(objdump -d "$BATS_TEST_TMPDIR/k.o" | awk -F'\t' '/^ +[0-9a-f]+:/ { gsub(" ", "", $2); print $2 }')
	[ "$(wc -l <<<"$hex")" -eq "$(wc -l <<<"$cases")" ]
	run "$CHECK" name $hex
	echo "$output"
	[ "$status" -eq 0 ]
	diff <(cut -d'|' -f2 <<<"$cases") <(cut -d' ' -f1,2 <<<"$output")
}

@test "stats: every byte of libc, python3, perl decodes; integer code dominates and is lifted" {
	local files=() f
	for f in /lib/x86_64-linux-gnu/libc.so.6 /usr/bin/python3 /usr/bin/perl; do
		[ -f "$f" ] && files+=("$(readlink -f "$f")")
	done
	[ "${#files[@]}" -gt 0 ] || skip "none of the programs is on this machine"
	run "$CHECK" stats "${files[@]}"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *" instructions in ${#files[@]} files, 0 undecodable bytes skipped" ]]
	[[ "${lines[2]}" == "commonest: mov "* ]]
	local integer lifted
	integer=$(sed -n 's/^families: integer \([0-9]*\)\..*/\1/p' <<<"$output")
	[ "$integer" -ge 80 ]
	lifted=$(sed -n 's/^lifted: \([0-9]*\)\..*/\1/p' <<<"$output")
	[ "$lifted" -gt 0 ] && [ "$lifted" -le 100 ]
	# none of the common integer instructions is among those left
	[[ "${lines[3]}" == "commonest not lifted:"* ]]
	local m
	for m in shl shr sar imul div bt bsf xchg cmpxchg adc sbb movs stos; do
		[[ "${lines[3]} " != *" $m "* ]]
	done
}
