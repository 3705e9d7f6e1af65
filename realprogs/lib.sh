# shellcheck shell=bash disable=SC2034 # variables are for the sourcing scripts
# Shared by realprogs/build.sh, tests/realprogs.bats and bench/run.sh: the
# list of real programs, where their builds live, and the fixed workloads
# they run.  Source it from bash; it defines variables and functions only.

REALPROGS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REALPROGS_TOP=$(dirname "$REALPROGS_DIR")
# Where sources are unpacked and binaries built; CI keeps it between runs.
REALPROGS_CACHE=${REALPROGS_CACHE:-$REALPROGS_TOP/build/realprogs}
REALPROGS_WORKLOADS=$REALPROGS_DIR/workloads
RV64_SYSROOT=${RV64_SYSROOT:-/usr/riscv64-linux-gnu}

# Program names as installed in $REALPROGS_CACHE/<variant>/bin.
REALPROGS="lua sqlite3 bzip2 xz zstd gawk busybox"
# Workloads: one per program, plus busybox-exec (applets run through an exec
# of /proc/self/exe), which qemu-user cannot run, so only tests use it, and
# busybox-spawn (1,300 short child processes), which the bench times too.
REALPROGS_TEST_WORKLOADS="$REALPROGS busybox-exec busybox-spawn"
REALPROGS_BENCH_WORKLOADS="$REALPROGS busybox-spawn"
# native is the x86-64 reference; the two rv64 builds come from one compile.
REALPROGS_VARIANTS="native rv64-static rv64-dynamic"

# realprogs_package PROG: the Debian source package that PROG is built from.
realprogs_package() {
	case $1 in
	lua) echo lua5.4 ;;
	xz) echo xz-utils ;;
	zstd) echo libzstd ;;
	*) echo "$1" ;;
	esac
}

# realprogs_program WORKLOAD: the program that a workload runs.
realprogs_program() {
	echo "${1%-*}"
}

# realprogs_bin VARIANT PROG: path of a built program.  build.sh also makes
# a static `hello` (native and rv64-static) for the startup benchmark.
realprogs_bin() {
	echo "$REALPROGS_CACHE/$1/bin/$2"
}

# realprogs_built PROG: true when every variant of PROG exists.
realprogs_built() {
	local v
	for v in $REALPROGS_VARIANTS; do
		[ -x "$(realprogs_bin "$v" "$1")" ] || return 1
	done
}

# Workload sizes.  "test" is small enough for `make check-realprogs`; "bench"
# makes each native run last roughly 0.5-2 s on a CI machine (2 cores).
# realprogs_scale SIZE WORKLOAD: the one number that scales a workload: the
# scale of work.lua, the rows of work.sql, the iterations of spawn.sh, else
# the lines of generated input.
realprogs_scale() {
	case $1:$2 in
	test:lua) echo 1 ;;
	test:busybox-spawn) echo 100 ;;
	test:sqlite3) echo 2000 ;;
	test:*) echo 4000 ;;
	bench:lua) echo 20 ;;
	bench:sqlite3) echo 250000 ;;
	bench:bzip2) echo 130000 ;;
	bench:xz) echo 35000 ;;
	bench:zstd) echo 400000 ;;
	bench:gawk) echo 400000 ;;
	bench:busybox) echo 120000 ;;
	bench:busybox-spawn) echo 1000 ;;
	*)
		echo "realprogs_scale: unknown $1:$2" >&2
		return 1
		;;
	esac
}

# realprogs_prepare SIZE DIR WORKLOAD...: generates into DIR (once) the
# input files those workloads read: input-LINES.txt, deterministic text
# from workloads/gen.lua run by the native lua build.  Its output for fewer
# lines is a prefix of that for more, so it runs once, for the most lines.
realprogs_prepare() {
	local size=$1 dir=$2 w n max=0
	shift 2
	mkdir -p "$dir"
	for w in "$@"; do
		case $w in lua | sqlite3 | busybox-spawn) continue ;; esac
		n=$(realprogs_scale "$size" "$w")
		[ -s "$dir/input-$n.txt" ] && continue
		[ "$n" -gt "$max" ] && max=$n
	done
	[ "$max" -gt 0 ] || return 0
	"$(realprogs_bin native lua)" "$REALPROGS_WORKLOADS/gen.lua" "$max" \
		>"$dir/input-$max.tmp"
	for w in "$@"; do
		case $w in lua | sqlite3 | busybox-spawn) continue ;; esac
		n=$(realprogs_scale "$size" "$w")
		[ -s "$dir/input-$n.txt" ] ||
			head -n "$n" "$dir/input-$max.tmp" >"$dir/input-$n.txt"
	done
	rm -f "$dir/input-$max.tmp"
}

# realprogs_run WORKLOAD SIZE DIR CMD...: runs a workload in DIR (prepared
# by realprogs_prepare) with CMD... as the program (for example
# `xlift .../rv64-static/bin/lua`), printing only deterministic output.
# Its exit status is non-zero when the program failed.
realprogs_run() {
	local prog=$1 dir=$3 w=$REALPROGS_WORKLOADS cmd n input child
	n=$(realprogs_scale "$2" "$1") || return
	input=input-$n.txt
	shift 3
	# The command by its full path: the busybox workloads change PATH.
	cmd=$(command -v "$1") || {
		echo "realprogs_run: $1: not found" >&2
		return 127
	}
	shift
	set -- "$cmd" "$@"
	(
		cd "$dir" || exit 1
		export LC_ALL=C TZ=UTC
		case $prog in
		lua) "$@" "$w/work.lua" "$n" ;;
		sqlite3)
			rm -f work.db
			{
				printf 'CREATE TEMP TABLE param(n);\n'
				printf 'INSERT INTO param VALUES(%d);\n' "$n"
				cat "$w/work.sql"
			} | "$@" -bail work.db
			;;
		bzip2) realprogs_roundtrip "$input" -9 "$@" ;;
		xz) realprogs_roundtrip "$input" "-6 -T1" "$@" ;;
		# Threads are not emulated yet: keep zstd on one (--single-thread).
		zstd) realprogs_roundtrip "$input" "-9 --single-thread" "$@" --no-asyncio ;;
		gawk) "$@" -f "$w/work.awk" "$input" ;;
		busybox | busybox-exec | busybox-spawn)
			# An empty PATH: the shell must find every command in busybox.
			mkdir -p empty-path
			export PATH=$PWD/empty-path
			case $prog in
			busybox) "$@" sh "$w/work.sh" "$input" $((n / 10)) ;;
			busybox-exec) "$@" sh "$w/exec.sh" "$input" ;;
			busybox-spawn)
				# The children: the command without what times or limits it.
				child=("$@")
				while :; do
					case ${child[0]} in
					timed) child=("${child[@]:1}") ;;
					*/timeout) child=("${child[@]:2}") ;;
					*) break ;;
					esac
				done
				"$@" sh "$w/spawn.sh" "$n" "${child[@]}"
				;;
			esac
			;;
		*)
			echo "realprogs_run: unknown program $prog" >&2
			exit 1
			;;
		esac
	)
}

# realprogs_roundtrip FILE OPTIONS CMD...: compresses FILE with CMD and the
# compression OPTIONS (one string, split at spaces), decompresses the result
# with CMD, and prints the checksums of the compressed and restored data.
realprogs_roundtrip() {
	local file=$1 opts rc
	read -ra opts <<<"$2"
	shift 2
	"$@" "${opts[@]}" -c <"$file" >"$file.packed" || return
	printf 'packed: %s\n' "$(cksum <"$file.packed")"
	"$@" -dc <"$file.packed" >"$file.unpacked" || return
	printf 'unpacked: %s\n' "$(cksum <"$file.unpacked")"
	cmp -s "$file" "$file.unpacked" && echo 'roundtrip: identical'
	rc=$?
	rm -f "$file.packed" "$file.unpacked"
	return "$rc"
}
