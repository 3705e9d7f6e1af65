#!/usr/bin/env bats
# The x86-64 guest's Linux ABI: legacy syscalls, x86-64's own structure
# layouts and signal frames. Freestanding C programs (tests/x86/*.c,
# sys.h) run natively (the oracle: this host is x86-64) and under xlift;
# their raw output must be the same bytes.

load helpers

setup_file() {
	[ "$(uname -m)" = x86_64 ] || return 0
	require_xlift
	X86_legacy=$(build_x86_c x86/legacy.c)
	X86_signals=$(build_x86_c x86/signals.c)
	X86_rep_signal=$(build_x86_c x86/rep_signal.c)
	X86_fxsave_image=$(build_x86_c x86/fxsave_image.c)
	X86_area_faults=$(build_x86_c x86/area_faults.c)
	export X86_legacy X86_signals X86_rep_signal X86_fxsave_image X86_area_faults
}

setup() {
	[ "$(uname -m)" = x86_64 ] || skip "x86-64 guests are compared with a native run: not an x86-64 host"
}

# build_x86_c SRC: a static x86-64 program without libc from tests/SRC and
# the headers beside it, cached by a hash of them and the compiler; prints
# its path.
build_x86_c() {
	local src=$TESTS_DIR/$1 key out
	local flags=(-O1 -Wall -Werror -ffreestanding -fno-builtin -nostdlib -static -fno-pie -no-pie
		-fno-stack-protector -fcf-protection=none)
	key=$( { cat "$src" "$(dirname "$src")"/*.h; echo "${flags[*]}"; gcc --version | head -1; } |
		sha1sum | cut -c1-12)
	out=$XLIFT_TEST_BUILD/$(basename "$src" .c)-x86_64-$key
	if [ ! -x "$out" ]; then
		gcc "${flags[@]}" -o "$out.tmp.$$" "$src" >&2 || return 1
		mv -f "$out.tmp.$$" "$out"
	fi
	echo "$out"
}

# native_and_lifted PROG: runs PROG natively and under xlift in the current
# directory; the raw output of both as hex, the exit status last.
native_and_lifted() {
	bash -c 'exec 3>&- 4>&-; "$@" | od -An -tx1 -v; echo "status ${PIPESTATUS[0]}"' - "$1" \
		>"$BATS_TEST_TMPDIR/native"
	bash -c 'exec 3>&- 4>&-; "$@" | od -An -tx1 -v; echo "status ${PIPESTATUS[0]}"' - \
		"$XLIFT" "$1" >"$BATS_TEST_TMPDIR/lifted" 2>"$BATS_TEST_TMPDIR/stderr"
	cat "$BATS_TEST_TMPDIR/stderr"
	[ "$(tail -1 "$BATS_TEST_TMPDIR/native")" = "status 0" ]
	diff "$BATS_TEST_TMPDIR/native" "$BATS_TEST_TMPDIR/lifted"
	[ ! -s "$BATS_TEST_TMPDIR/stderr" ]
}

# A directory with "fixed" (ten bytes, times in 2001) and "link" to it,
# read once so that relatime leaves the link's atime alone from now on:
# relatime updates an atime not later than the ctime, and file times tick
# coarsely, so the read waits for a later tick than the link's creation.
fixed_files() {
	cd "$BATS_TEST_TMPDIR"
	printf 0123456789 >fixed
	touch -d @1000000000 fixed
	ln -s fixed link
	sleep 0.05
	readlink link >/dev/null
}

@test "legacy calls, struct stat and packed epoll events: the bytes of a native run" {
	fixed_files
	native_and_lifted "$X86_legacy"
	# the program's output is substantial: four whole struct stats and more
	[ "$(wc -l <"$BATS_TEST_TMPDIR/native")" -gt 70 ]
	[ ! -e d ]
}

@test "legacy calls under strace: their x86-64 names, no unsupported call" {
	fixed_files
	run_xlift --strace "$X86_legacy"
	[ "$status" -eq 0 ]
	for call in open stat lstat access readlink mkdir creat rename link symlink chmod chown \
		lchown mknod unlink utimes utime futimesat getdents rmdir pipe dup2 poll select \
		epoll_create epoll_wait eventfd signalfd inotify_init fork vfork getpgrp time alarm; do
		grep -q "^\(\[pid *[0-9]*\] \)\?$call(" <<<"$stderr" || { echo "no $call"; false; }
	done
	! grep -q unsupported <<<"$stderr"
}

@test "signal frames: ucontext registers, flags, fxsave area, fault codes as natively" {
	cd "$BATS_TEST_TMPDIR"
	native_and_lifted "$X86_signals"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/native")" -gt 20 ]
}

@test "fxsave and fxrstor: the 512-byte images of the CPU (but for the last x87 instruction's pointers)" {
	native_and_lifted "$X86_fxsave_image"
	# two whole images: 64 lines of od each, and the status
	[ "$(wc -l <"$BATS_TEST_TMPDIR/native")" -eq 65 ]
}

@test "fxsave/fxrstor areas across a bad page and jumps to bad pages fault as on the CPU" {
	native_and_lifted "$X86_area_faults"
	# fxsave faults at all 28 splits, fxrstor where the page is unreadable,
	# and the two jumps: about 50 reports of 16 or 20 bytes
	[ "$(wc -l <"$BATS_TEST_TMPDIR/native")" -ge 58 ]
}

@test "a timer signal interrupts a long rep stosb and rep movsb inside, which then go on exactly" {
	# natively every fact holds (the CPU interrupts a rep): so must it lifted
	run_clean "$X86_rep_signal"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(grep -c ': yes$' <<<"$output")" -eq 5 ]
	native_and_lifted "$X86_rep_signal"
}

@test "faults without a handler: hlt is SIGSEGV, int3 SIGTRAP, ud2 SIGILL, one line each" {
	local src=$BATS_TEST_TMPDIR/trap.S prog=$BATS_TEST_TMPDIR/trap case insn sig text
	for case in "hlt:11:privileged instruction 0xf4" "int3:5:breakpoint 0xcc" \
		"ud2:4:illegal instruction 0x0f0b"; do
		IFS=: read -r insn sig text <<<"$case"
		printf '.globl _start\n_start:\n\t%s\n' "$insn" >"$src"
		gcc -nostdlib -static -o "$prog" "$src"
		run_xlift_fails "$prog"
		echo "$insn: $status $stderr"
		[ "$status" -eq $((128 + sig)) ]
		[[ "$stderr" == "xlift: $text at 0x"* ]]
		[ "$(wc -l <<<"$stderr")" -eq 1 ]
	done
}
