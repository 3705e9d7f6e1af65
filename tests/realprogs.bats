#!/usr/bin/env bats
# Real programs built from Debian sources (realprogs/build.sh) run their
# workloads (realprogs/lib.sh) under xlift, static and dynamic; each output
# must be identical to the native x86-64 build's on the same input.
# The programs are built first when they are not (a few minutes, once).

load helpers
# shellcheck source=realprogs/lib.sh
. "$BATS_TEST_DIRNAME/../realprogs/lib.sh"

setup_file() {
	bash "$REALPROGS_DIR/build.sh" >&3 ||
		{ echo "# realprogs/build.sh failed" >&3; return 1; }
	# Every workload's expected output, from the native build.
	local w expected=$BATS_FILE_TMPDIR/expected
	mkdir -p "$expected"
	# shellcheck disable=SC2086 # a list of names
	realprogs_prepare test "$BATS_FILE_TMPDIR/native" $REALPROGS_TEST_WORKLOADS
	for w in $REALPROGS_TEST_WORKLOADS; do
		realprogs_run "$w" test "$BATS_FILE_TMPDIR/native" \
			"$(realprogs_bin native "$(realprogs_program "$w")")" \
			>"$expected/$w" 2>&1 ||
			{ echo "# native $w failed: $(tail -n 3 "$expected/$w")" >&3; return 1; }
	done
}

# check WORKLOAD VARIANT: runs the workload with xlift on the rv64 VARIANT
# build and compares its output with the native one.
check() {
	local w=$1 v=$2 dir=$BATS_FILE_TMPDIR/$1-$2 rc=0
	realprogs_prepare test "$dir" "$w"
	realprogs_run "$w" test "$dir" timeout 300 "$XLIFT" \
		"$(realprogs_bin "$v" "$(realprogs_program "$w")")" >"$dir/output" 2>&1 ||
		rc=$?
	if [ "$rc" -ne 0 ] || ! cmp -s "$BATS_FILE_TMPDIR/expected/$w" "$dir/output"; then
		echo "exit status $rc; diff native xlift:"
		diff "$BATS_FILE_TMPDIR/expected/$w" "$dir/output" | head -n 40
		return 1
	fi
}

@test "lua static" { check lua rv64-static; }
@test "lua dynamic" { check lua rv64-dynamic; }
@test "sqlite3 static" { check sqlite3 rv64-static; }
@test "sqlite3 dynamic" { check sqlite3 rv64-dynamic; }
@test "bzip2 static" { check bzip2 rv64-static; }
@test "bzip2 dynamic" { check bzip2 rv64-dynamic; }
@test "xz static" { check xz rv64-static; }
@test "xz dynamic" { check xz rv64-dynamic; }
@test "zstd static" { check zstd rv64-static; }
@test "zstd dynamic" { check zstd rv64-dynamic; }
@test "gawk static" { check gawk rv64-static; }
@test "gawk dynamic" { check gawk rv64-dynamic; }
@test "busybox sh static" { check busybox rv64-static; }
@test "busybox sh dynamic" { check busybox rv64-dynamic; }
@test "busybox sh exec applets static" { check busybox-exec rv64-static; }
@test "busybox sh exec applets dynamic" { check busybox-exec rv64-dynamic; }
@test "busybox sh spawning 130 short child processes static" { check busybox-spawn rv64-static; }
@test "busybox sh spawning 130 short child processes dynamic" { check busybox-spawn rv64-dynamic; }
