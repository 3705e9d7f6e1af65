#!/usr/bin/env bats
# XLIFT_PERF_MAP: translated regions named in /tmp/perf-PID.map for perf.

load helpers

setup_file() {
	require_xlift
	build_all STATIC_hello=static:programs/hello.c
}

# Runs xlift in the background to learn its pid; sets $map and $out.
run_with_map() {
	out=$BATS_TEST_TMPDIR/out
	"$XLIFT" --code-store off "$@" >"$out" &
	local pid=$!
	wait "$pid"
	map=/tmp/perf-$pid.map
}

@test "XLIFT_PERF_MAP writes one line per region: address, size, tier and pc" {
	XLIFT_PERF_MAP=1 run_with_map "$STATIC_hello"
	show_diff "$TESTS_DIR/programs/hello.expected" "$(cat "$out")" "output"
	[ -s "$map" ]
	local bad
	bad=$(grep -cvE '^[0-9a-f]+ [0-9a-f]+ xl_(fast|opt)_[0-9a-f]+$' "$map" || true)
	local entry
	entry=$(riscv64-linux-gnu-readelf -h "$STATIC_hello" | awk '/Entry point/ { print $4 }')
	grep -q " xl_fast_${entry#0x}\$" "$map"
	# Sizes are real: no region is empty.
	local empty
	empty=$(awk '$2 == "0"' "$map" | wc -l)
	rm -f "$map"
	[ "$bad" -eq 0 ]
	[ "$empty" -eq 0 ]
}

@test "without XLIFT_PERF_MAP there is no map" {
	run_with_map "$STATIC_hello"
	[ ! -e "$map" ]
}

@test "XLIFT_DUMP_IR=DIR writes each compiled module's IR to DIR, named as in perf's map" {
	local dir=$BATS_TEST_TMPDIR/ir entry
	mkdir "$dir"
	XLIFT_DUMP_IR=$dir XLIFT_PERF_MAP=1 run_with_map "$STATIC_hello"
	show_diff "$TESTS_DIR/programs/hello.expected" "$(cat "$out")" "output"
	entry=$(riscv64-linux-gnu-readelf -h "$STATIC_hello" | awk '/Entry point/ { print $4 }')
	# every region in the map has its module, which LLVM reads back
	local label missing=0
	for label in $(awk '{ print $3 }' "$map"); do
		[ -s "$dir/$label.ll" ] || missing=$((missing + 1))
	done
	rm -f "$map"
	[ "$missing" -eq 0 ]
	[ -s "$dir/xl.dispatch.ll" ]
	llvm-as-19 -o /dev/null "$dir/xl_fast_${entry#0x}.ll"
}
