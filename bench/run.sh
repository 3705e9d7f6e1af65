#!/bin/bash
# `make bench`: runs the real programs (realprogs/lib.sh, "bench" size) under
# the native x86-64 build, xlift on the riscv64 build and qemu-riscv64 on the
# same riscv64 build, and, for the x86-64 guest, xlift and qemu-x86_64 on the
# native build itself, interleaved, BENCH_RUNS times each; prints a Markdown
# table per guest of median wall times, peak RSS and ratios (with geometric
# means) and saves them to bench/results.md.  A run that fails or prints other output than
# the native build marks its row FAIL; the benchmark goes on.
#
# Usage: bench/run.sh [XLIFT]
# Environment: BENCH_RUNS (5), BENCH_VARIANT (rv64-dynamic or rv64-static),
#   BENCH_SIZE (bench; "test" makes a quick trial of the script itself),
#   BENCH_TIMEOUT (seconds per run, 600), BENCH_HELLO_RUNS (20),
#   BENCH_OUT (bench/results.md), BENCH_GUESTS ("riscv64 x86_64"),
#   BENCH_COLD (1; 0 leaves the cold runs out, their columns show "-"),
#   BENCH_WARMUP (1: untimed runs of each program that fill xlift's store),
#   QEMU_RISCV64 (qemu-riscv64), QEMU_X86_64 (qemu-x86_64),
#   REALPROGS_CACHE (build/realprogs; inputs go to its bench/ folder).
set -euo pipefail
export LC_ALL=C # EPOCHREALTIME with a decimal point
# shellcheck source=realprogs/lib.sh
. "$(dirname "$0")/../realprogs/lib.sh"

XLIFT=${1:-${XLIFT:-$REALPROGS_TOP/src/xlift}}
RUNS=${BENCH_RUNS:-5}
SIZE=${BENCH_SIZE:-bench}
VARIANT=${BENCH_VARIANT:-rv64-dynamic}
TIMEOUT=${BENCH_TIMEOUT:-600}
HELLO_RUNS=${BENCH_HELLO_RUNS:-20}
OUT=${BENCH_OUT:-$REALPROGS_TOP/bench/results.md}
QEMU=${QEMU_RISCV64:-qemu-riscv64}
QEMU_X86=${QEMU_X86_64:-qemu-x86_64}
GUESTS=${BENCH_GUESTS:-riscv64 x86_64}
COLD=${BENCH_COLD:-1}
WARMUP=${BENCH_WARMUP:-1}
# Per guest, the runners of its table's columns after native. xlift keeps a
# code store of its own here, which its first run fills; xlift-cold starts
# every run with an empty one, so it pays for all its translation, as the
# first run of a program does. The x86-64 guest runs the native build.
GUEST_RUNNERS_riscv64="xlift qemu xlift-cold"
GUEST_RUNNERS_x86_64="x86-xlift x86-qemu x86-xlift-cold"
RUNNERS=native
for guest in $GUESTS; do
	runners=GUEST_RUNNERS_$guest
	[ -n "${!runners:-}" ] || { echo "bench/run.sh: unknown guest $guest in BENCH_GUESTS" >&2; exit 1; }
	for r in ${!runners}; do
		[[ $COLD = 0 && $r = *-cold ]] || RUNNERS="$RUNNERS $r"
	done
done
WORK=$REALPROGS_CACHE/bench-$SIZE
STORE=$WORK/code-store
COLD_STORE=$WORK/cold-code-store
RESULTS=$WORK/results # one file per program and runner: "SECONDS RSS_KB" lines

die() {
	echo "bench/run.sh: $*" >&2
	exit 1
}

# --- measuring ---------------------------------------------------------------

# now_us: the wall clock in microseconds.
now_us() {
	local t=$EPOCHREALTIME
	echo $((10#${t%.*}${t#*.}))
}

# timed CMD...: runs CMD (killed after $TIMEOUT s) and appends its wall time
# in microseconds and peak RSS in KiB to $TIMED_LOG.  A workload may call
# its program several times (compress, decompress): each call adds a line.
# Only shell builtins and full paths here: the busybox workloads empty PATH.
timed() {
	local start rc=0 line rss=0
	: >"$TIMED_LOG.rss"
	start=$(now_us)
	"$TIMEOUT_BIN" "$TIMEOUT" /usr/bin/time -f %M -o "$TIMED_LOG.rss" "$@" || rc=$?
	# time's last line is the RSS (a line about a failure may come first).
	while read -r line; do rss=$line; done <"$TIMED_LOG.rss"
	echo "$(($(now_us) - start)) $rss" >>"$TIMED_LOG"
	return "$rc"
}

# runner_cmd RUNNER PROG [VARIANT]: the command that runs PROG under
# RUNNER: xlift and qemu on the rv64 VARIANT (default $VARIANT), the x86-
# runners on the native build.
runner_cmd() {
	local bin native prog
	prog=$(realprogs_program "$2")
	bin=$(realprogs_bin "${3:-$VARIANT}" "$prog")
	native=$(realprogs_bin native "$prog")
	case $1 in
	native) echo "$native" ;;
	xlift) echo "$XLIFT --code-store $STORE $bin" ;;
	xlift-cold) echo "$XLIFT --code-store $COLD_STORE $bin" ;;
	qemu) echo "$QEMU -L $RV64_SYSROOT $bin" ;;
	x86-xlift) echo "$XLIFT --code-store $STORE -L / $native" ;;
	x86-xlift-cold) echo "$XLIFT --code-store $COLD_STORE -L / $native" ;;
	x86-qemu) echo "$QEMU_X86 $native" ;;
	esac
}

# record BASE: adds the calls of one run ($TIMED_LOG) to BASE.times as
# "SECONDS PEAK_RSS_KB": times add up, the peak RSS is the largest.
record() {
	awk '{ t += $1; if ($2 > m) m = $2 } END { print t / 1e6, m }' "$TIMED_LOG" \
		>>"$1.times"
}

# empty_cold_store: xlift-cold's store, emptied before each of its runs.
empty_cold_store() {
	rm -rf "$COLD_STORE"
	mkdir -p "$COLD_STORE"
}

# measure RUNNER PROG: one timed run of PROG's workload; appends its total
# time and peak RSS to $RESULTS/PROG.RUNNER, or marks it failed.
measure() {
	local runner=$1 prog=$2 base=$RESULTS/$2.$1 cmd rc=0
	[ -e "$base.fail" ] && return 0
	[[ $runner = *xlift-cold ]] && empty_cold_store
	read -ra cmd <<<"$(runner_cmd "$runner" "$prog")"
	TIMED_LOG=$base.calls
	rm -f "$TIMED_LOG"
	realprogs_run "$prog" "$SIZE" "$WORK" timed "${cmd[@]}" >"$base.out" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "exit $rc" >"$base.fail"
	elif ! cmp -s "$base.out" "$RESULTS/$prog.expected"; then
		echo "wrong output" >"$base.fail"
	else
		record "$base"
		return 0
	fi
	echo "bench: $prog under $runner failed: $(cat "$base.fail")" >&2
	tail -n 5 "$base.out" >&2
}

# warm_up RUNNER PROG: one untimed run of PROG's workload, for the code
# store (the optimiser may not get through a run's hot regions before it
# ends: the next run starts with them); a failure shows in the timed runs.
warm_up() {
	local cmd
	read -ra cmd <<<"$(runner_cmd "$1" "$2")"
	realprogs_run "$2" "$SIZE" "$WORK" "${cmd[@]}" >/dev/null 2>&1 || true
}

# measure_hello RUNNER: one timed run of the static hello world.
measure_hello() {
	local base=$RESULTS/hello.$1 cmd
	[ -e "$base.fail" ] && return 0
	[[ $1 = *xlift-cold ]] && empty_cold_store
	read -ra cmd <<<"$(runner_cmd "$1" hello rv64-static)"
	TIMED_LOG=$base.calls
	rm -f "$TIMED_LOG"
	if timed "${cmd[@]}" >"$base.out" 2>&1 && [ "$(cat "$base.out")" = "hello, world" ]; then
		record "$base"
	else
		echo "exit status or output" >"$base.fail"
	fi
}

# --- reporting ---------------------------------------------------------------

# summary PROG RUNNER: "MEDIAN_SECONDS PEAK_RSS_KB", "FAIL REASON", or
# SKIP for a runner left out.
summary() {
	local base=$RESULTS/$1.$2
	if [ -e "$base.fail" ]; then
		echo "FAIL $(cat "$base.fail")"
		return
	fi
	[ -e "$base.times" ] || { echo SKIP; return; }
	sort -g "$base.times" | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
		END { h = int((NR + 1) / 2); med = NR % 2 ? t[h] : (t[h] + t[h + 1]) / 2
		      print med, m }'
}

# table GUEST: the Markdown report of GUEST's runners, from the summaries.
table() {
	local prog r runners=GUEST_RUNNERS_$1
	echo "#### $1 guest"
	echo
	echo "| Program | native (s) | xlift (s) | qemu (s) | xlift/native | xlift/qemu | native RSS (MB) | xlift RSS (MB) | qemu RSS (MB) | xlift cold (s) | cold/native | cold/qemu |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for prog in $REALPROGS_BENCH_WORKLOADS hello; do
		printf '%s' "$prog"
		for r in native ${!runners}; do printf '\t%s' "$(summary "$prog" "$r")"; done
		echo
	done | awk -F'\t' '
	function cell(s, digits,   a) {
		split(s, a, " ")
		return a[1] == "FAIL" ? "FAIL" : a[1] == "SKIP" ? "-" : sprintf("%." digits "f", a[1])
	}
	function rss(s,   a) { split(s, a, " "); return !ok(s) ? "-" : sprintf("%.1f", a[2] / 1024) }
	function ok(s) { return s !~ /^(FAIL|SKIP)/ }
	function ratio(a, b,   x, y) {
		if (!ok(a) || !ok(b)) return "-"
		split(a, x, " "); split(b, y, " ")
		return sprintf("%.2f", x[1] / y[1])
	}
	{
		name = $1 == "hello" ? "hello (static, startup)" : $1
		digits = $1 == "hello" ? 4 : 2
		fail = ok($3) ? "" : " (" substr($3, 6) ")"
		row = sprintf("| %s | %s | %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", name,
			cell($2, digits), cell($3, digits), fail, cell($4, digits),
			ratio($3, $2), ratio($3, $4), rss($2), rss($3), rss($4),
			cell($5, digits), ratio($5, $2), ratio($5, $4))
		if ($1 == "hello") { hello = row; next }
		print row
		if (ok($2) && ok($3)) { split($3, x, " "); split($2, y, " "); ln += log(x[1] / y[1]); n++ }
		if (ok($3) && ok($4)) { split($3, x, " "); split($4, y, " "); lq += log(x[1] / y[1]); q++ }
		if (ok($5) && ok($2)) { split($5, x, " "); split($2, y, " "); lcn += log(x[1] / y[1]); cn++ }
		if (ok($5) && ok($4)) { split($5, x, " "); split($4, y, " "); lcq += log(x[1] / y[1]); cq++ }
		total++
	}
	END {
		printf "| **geometric mean** (%d/%d programs ran) | | | | %s | %s | | | | | %s | %s |\n",
			n, total, n ? sprintf("**%.2f**", exp(ln / n)) : "-",
			q ? sprintf("**%.2f**", exp(lq / q)) : "-",
			cn ? sprintf("%.2f", exp(lcn / cn)) : "-",
			cq ? sprintf("%.2f", exp(lcq / cq)) : "-"
		print hello
	}'
	echo
}

# header: what was measured, where.
header() {
	local cpu qemu_version
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	qemu_version=$("$QEMU" --version | head -n 1)
	echo "Measured $(date -u +%Y-%m-%d) by make bench on $(nproc) cores of $cpu."
	echo "Median wall time of $RUNS interleaved runs (hello: $HELLO_RUNS) and peak RSS."
	echo "riscv64 guest: xlift and ${qemu_version%% (*} run the $VARIANT riscv64 build;"
	echo "native is the x86-64 build of the same source. x86_64 guest: xlift (-L /)"
	echo "and qemu-x86_64 run that native build itself. A ratio below 1 means xlift"
	echo "is faster."
	echo "xlift uses a code store of the benchmark's own, which $WARMUP untimed run(s)"
	echo "of each program fill first (a program's later runs: warm);"
	echo "xlift cold starts every run with an empty store, as a program's first run."
	echo
}

# --- driver ------------------------------------------------------------------

main() {
	local i prog r
	[ -x "$XLIFT" ] || die "no xlift at $XLIFT (build it first: make)"
	command -v "$QEMU" >/dev/null || die "$QEMU not found (scripts/install-deps.sh)"
	command -v "$QEMU_X86" >/dev/null || die "$QEMU_X86 not found (scripts/install-deps.sh)"
	[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package time)"
	# Full paths: the busybox workloads run with an empty PATH.
	TIMEOUT_BIN=$(command -v timeout)
	QEMU=$(command -v "$QEMU")
	QEMU_X86=$(command -v "$QEMU_X86")
	bash "$REALPROGS_DIR/build.sh" >&2
	rm -rf "$RESULTS" "$STORE"
	mkdir -p "$RESULTS"
	# shellcheck disable=SC2086 # a list of names
	realprogs_prepare "$SIZE" "$WORK" $REALPROGS_BENCH_WORKLOADS
	for prog in $REALPROGS_BENCH_WORKLOADS; do
		realprogs_run "$prog" "$SIZE" "$WORK" "$(realprogs_bin native "$(realprogs_program "$prog")")" \
			>"$RESULTS/$prog.expected" 2>&1 || die "native $prog failed"
	done
	for ((i = 1; i <= WARMUP; i++)); do
		echo "bench: warm-up run $i of $WARMUP" >&2
		for prog in $REALPROGS_BENCH_WORKLOADS; do
			for r in $RUNNERS; do
				[[ $r = *xlift ]] && warm_up "$r" "$prog"
			done
		done
	done
	for ((i = 1; i <= RUNS; i++)); do
		echo "bench: run $i of $RUNS" >&2
		for prog in $REALPROGS_BENCH_WORKLOADS; do
			for r in $RUNNERS; do measure "$r" "$prog"; done
		done
	done
	for ((i = 1; i <= HELLO_RUNS; i++)); do
		for r in $RUNNERS; do measure_hello "$r"; done
	done
	{
		header
		for guest in $GUESTS; do table "$guest"; done
	} | tee "$OUT.tmp"
	mv "$OUT.tmp" "$OUT"
}

main "$@"
