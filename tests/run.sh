#!/bin/bash
# Runs every bats suite in tests/ (or the suites named as arguments), two at
# a time (XLIFT_TEST_JOBS), prints each suite's TAP results in order and ends
# with one summary line: "N passed, N failed[, N skipped]".
# SUITE.bats:GUEST runs the suite with its C programs built for GUEST
# (helpers.bash), e.g. programs.bats:x86_64.
# Exit status: 0 only when nothing failed.
set -u

tests_dir=$(cd "$(dirname "$0")" && pwd)
jobs=${XLIFT_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
[ "$jobs" -gt 2 ] && jobs=2

if ! command -v bats >/dev/null 2>&1; then
	echo "run.sh: bats is not installed (scripts/install-deps.sh)"
	echo "0 passed, 1 failed"
	exit 1
fi

if [ $# -gt 0 ]; then
	suites=("$@")
else
	suites=("$tests_dir"/*.bats)
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Start the suites, at most $jobs at once.
running=0
for i in "${!suites[@]}"; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	suite=${suites[$i]%%:*} guest=
	[ "$suite" != "${suites[$i]}" ] && guest=${suites[$i]#*:}
	( cd "$tests_dir" && GUEST=${guest:-${GUEST:-riscv64}} bats --tap "$suite" >"$out/$i.tap" 2>&1
	  echo $? >"$out/$i.rc" ) &
	running=$((running + 1))
done
wait

passed=0 failed=0 skipped=0
for i in "${!suites[@]}"; do
	name=$(basename "${suites[$i]}")   # with its :GUEST
	echo "== $name"
	cat "$out/$i.tap"
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$out/$i.tap" | head -1)
	ok=$(grep -c '^ok ' "$out/$i.tap")
	skip=$(grep -c '^ok .* # skip' "$out/$i.tap")
	notok=$(grep -c '^not ok ' "$out/$i.tap")
	# Tests that never reported (a suite that died) count as failed.
	missing=$(( ${plan:-0} - ok - notok ))
	if [ -z "$plan" ] || [ "$missing" -lt 0 ]; then missing=0; fi
	if [ -z "$plan" ] || { [ "$notok" -eq 0 ] && [ "$missing" -eq 0 ] && [ "$(cat "$out/$i.rc")" -ne 0 ]; }; then
		echo "# $name: bats failed (exit $(cat "$out/$i.rc")) without reporting a failed test"
		missing=$((missing + 1))
	fi
	[ "$missing" -gt 0 ] && echo "# $name: $missing test(s) did not report"
	passed=$((passed + ok - skip))
	skipped=$((skipped + skip))
	failed=$((failed + notok + missing))
done

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
