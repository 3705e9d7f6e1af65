#!/usr/bin/env bats
# The guest's /proc: exe, cmdline, maps (xlift's own mappings hidden),
# auxv, stat, cpuinfo (the guest CPU), also through /proc/<pid>/,
# /proc/thread-self/ and /proc/self/task/<tid>/; uname, personality and
# prctl names. Compared with tests/proc/procview.expected, or
# procview.GUEST.expected (qemu-riscv64 shows xlift-like details of its
# own here, so it is no reference).
load helpers

setup_file() {
	build_all STATIC_procview=static:proc/procview.c DYNAMIC_procview=dynamic:proc/procview.c \
		DYNAMIC_catfile=dynamic:proc/catfile.c
}

setup() {
	require_xlift
}

# The program prints its own name: run it as "procview".
check_procview() {
	cp "$1" "$BATS_TEST_TMPDIR/procview"
	run_xlift "$BATS_TEST_TMPDIR/procview" a "b c"
	expect_status 0
	show_diff "$(guest_expected proc/procview)" "$output" procview
}

@test "/proc views of the guest (static)" { check_procview "$STATIC_procview"; }
@test "/proc views of the guest (dynamic)" { check_procview "$DYNAMIC_procview"; }

@test "/proc/self/maps lists guest memory only" {
	run_xlift "$DYNAMIC_catfile" /proc/self/maps
	expect_status 0
	[[ "$output" == *"/catfile-dynamic-"* ]]
	[[ "$output" == *"/libc.so.6"* ]]
	[[ "$output" == *"[stack]"* ]]
	! grep -qF "$(realpath "$XLIFT")" <<<"$output"
	# Every line lies below the guest's mmap ceiling, far from xlift.
	local range rest
	while read -r range rest; do
		[ $((16#${range%-*})) -lt $((16#4000000000)) ] || { echo "host line: $range $rest"; return 1; }
	done <<<"$output"
}

@test "/proc/cpuinfo describes the guest's harts" {
	run_xlift "$DYNAMIC_catfile" /proc/cpuinfo
	expect_status 0
	[ "$(grep -c '^processor' <<<"$output")" -eq "$(getconf _NPROCESSORS_ONLN)" ]
	if [ "$GUEST" = x86_64 ]; then
		# the flags are the emulated cpuid's, whatever the host has
		grep -q $'^flags\t\t: fpu .* sse2 ' <<<"$output"
		! grep -qw 'avx\|avx2\|avx512f\|xsave' <<<"$output"
	else
		grep -q $'^isa\t\t: rv64imafdc' <<<"$output"
		! grep -q '^flags' <<<"$output"
	fi
}

@test "/proc files of other processes are the host's" {
	run_xlift "$DYNAMIC_catfile" /proc/1/cmdline
	expect_status 0
	[ "$output" = "$(tr -d '\0' </proc/1/cmdline)" ]
}
