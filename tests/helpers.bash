# Shared helpers for the xlift bats suites.
#
# Environment (all optional):
#   XLIFT           the xlift binary (default: ../src/xlift next to tests/)
#   GUEST           the guest the C test programs are built for: riscv64
#                   (the default) or x86_64 (run.sh's SUITE:x86_64)
#   X86_64_CC       x86-64 C compiler (default gcc on an x86-64 host, else
#                   x86_64-linux-gnu-gcc); X86_64_CXX likewise
#   QEMU_X86_64     reference emulator on other hosts (default qemu-x86_64)
#   RISCV64_CC      riscv64 C compiler (default riscv64-linux-gnu-gcc)
#   RISCV64_CXX     riscv64 C++ compiler (default: RISCV64_CC with gcc -> g++)
#   QEMU_RISCV64    reference emulator (default qemu-riscv64; "no" = absent)
#   XLIFT_TEST_BUILD  cache directory for compiled test programs
#                   (default $BATS_TMPDIR/xlift-test-build-$UID); programs are
#                   named by a hash of source, flags and compiler, so a cache
#                   hit is always the right binary.
#   XLIFT_TEST_CODE_STORE  xlift's code store for the tests
#                   (default $XLIFT_TEST_BUILD/code-store)

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
XLIFT=${XLIFT:-$TESTS_DIR/../src/xlift}
RISCV64_CC=${RISCV64_CC:-riscv64-linux-gnu-gcc}
RISCV64_CXX=${RISCV64_CXX:-${RISCV64_CC%gcc}g++}
QEMU_RISCV64=${QEMU_RISCV64:-qemu-riscv64}
RISCV64_SYSROOT=${RISCV64_SYSROOT:-/usr/riscv64-linux-gnu}
XLIFT_TEST_BUILD=${XLIFT_TEST_BUILD:-${BATS_TMPDIR:-/tmp}/xlift-test-build-$(id -u)}
export XLIFT RISCV64_CC RISCV64_CXX QEMU_RISCV64 RISCV64_SYSROOT XLIFT_TEST_BUILD
GUEST=${GUEST:-riscv64}
unset XLIFT_SYSROOT

# Per guest: GUEST_CC, GUEST_CXX and GUEST_FLAGS build its programs,
# GUEST_SYSROOT holds its dynamic loader and libraries, GUEST_REFERENCE
# runs a program for comparison (empty: directly, on this machine's own
# CPU) and GUEST_REFERENCE_NAME names that reference in messages.
case "$GUEST" in
riscv64)
	GUEST_CC=$RISCV64_CC GUEST_CXX=$RISCV64_CXX GUEST_FLAGS=(-march=rv64gc -mabi=lp64d)
	GUEST_SYSROOT=$RISCV64_SYSROOT
	GUEST_REFERENCE=("$QEMU_RISCV64" -L "$GUEST_SYSROOT")
	GUEST_REFERENCE_NAME=qemu-riscv64 ;;
x86_64)
	if [ "$(uname -m)" = x86_64 ]; then
		X86_64_CC=${X86_64_CC:-gcc} GUEST_SYSROOT=/ GUEST_REFERENCE=() GUEST_REFERENCE_NAME="a native run"
	else
		X86_64_CC=${X86_64_CC:-x86_64-linux-gnu-gcc} GUEST_SYSROOT=/usr/x86_64-linux-gnu
		GUEST_REFERENCE=("${QEMU_X86_64:-qemu-x86_64}" -L "$GUEST_SYSROOT")
		GUEST_REFERENCE_NAME=qemu-x86_64
	fi
	X86_64_CXX=${X86_64_CXX:-${X86_64_CC%gcc}g++}
	GUEST_CC=$X86_64_CC GUEST_CXX=$X86_64_CXX GUEST_FLAGS=()
	# xlift's default sysroot is riscv64's: x86-64 programs load the host's
	export XLIFT_SYSROOT=$GUEST_SYSROOT ;;
*) echo "helpers.bash: unknown GUEST $GUEST (riscv64 or x86_64)" >&2; exit 1 ;;
esac
export GUEST

bats_require_minimum_version 1.5.0

# Keep the environment of every guest small and stable.
unset XLIFT_SET_ENV XLIFT_UNSET_ENV XLIFT_ARGV0 XLIFT_STRACE XLIFT_DEBUG
# Translated code goes to a store of the tests' own, not the user's cache.
export XLIFT_CODE_STORE=${XLIFT_TEST_CODE_STORE:-$XLIFT_TEST_BUILD/code-store}
mkdir -p "$XLIFT_TEST_BUILD"

# build_prog VARIANT SRC [EXTRA_FLAGS...]
# Compiles tests/SRC (a .c or .cc file) for the guest and prints the path
# of the cached binary. VARIANT: static | dynamic | native (x86-64 host build,
# for comparing portable output).
build_prog() {
	local variant=$1 src=$TESTS_DIR/$2
	shift 2
	local cc flags=(-O2 -Wall -Werror "$@")
	case "$src" in
	*.cc) cc=$GUEST_CXX; [ "$variant" = native ] && cc=g++ ;;
	*) cc=$GUEST_CC; [ "$variant" = native ] && cc=gcc ;;
	esac
	case "$variant" in
	static) flags+=(-static "${GUEST_FLAGS[@]}") ;;
	dynamic) flags+=("${GUEST_FLAGS[@]}") ;;
	native) ;;
	*) echo "build_prog: unknown variant $variant" >&2; return 1 ;;
	esac
	local key
	# the key covers the headers a test may include: rv64/ and its own folder's
	key=$( { cat "$src" "$TESTS_DIR"/rv64/*.h "$(dirname "$src")"/*.h 2>/dev/null
		echo "$cc ${flags[*]}"; "$cc" --version | head -1; } |
		sha1sum | cut -c1-12)
	local base
	base=$(basename "$src"); base=${base%.*}
	local out=$XLIFT_TEST_BUILD/$base-$variant-$key
	if [ ! -x "$out" ]; then
		mkdir -p "$XLIFT_TEST_BUILD"
		"$cc" "${flags[@]}" -I"$TESTS_DIR/rv64" -o "$out.tmp.$$" "$src" -lm >&2 ||
			{ echo "build_prog: cannot compile $src ($variant)" >&2; return 1; }
		mv -f "$out.tmp.$$" "$out"
	fi
	echo "$out"
}

# build_all VAR=VARIANT:SRC[:FLAGS] ... (in setup_file)
# Builds several programs, two at a time, and exports each path as VAR so
# the tests of the file see it.
build_all() {
	local spec var rest variant src flags pids=() vars=() i=0
	local tmp
	tmp=$(mktemp -d)
	for spec in "$@"; do
		var=${spec%%=*}; rest=${spec#*=}
		variant=${rest%%:*}; rest=${rest#*:}
		src=${rest%%:*}; flags=
		[ "$src" != "$rest" ] && flags=${rest#*:}
		# shellcheck disable=SC2086
		build_prog "$variant" "$src" $flags >"$tmp/$i" &
		pids+=($!); vars+=("$var"); i=$((i + 1))
		if [ $((i % 2)) -eq 0 ]; then wait "${pids[@]}" || true; fi
	done
	wait "${pids[@]}" || true
	for i in "${!vars[@]}"; do
		local path
		path=$(cat "$tmp/$i")
		[ -n "$path" ] || { rm -rf "$tmp"; echo "build_all: ${vars[$i]} failed" >&2; return 1; }
		export "${vars[$i]}=$path"
	done
	rm -rf "$tmp"
}

require_xlift() {
	[ -x "$XLIFT" ] || { echo "xlift not built: $XLIFT" >&2; return 1; }
}

# run_xlift ARGS...: bats `run` of xlift, stderr kept apart in $stderr.
# run_clean CMD [ARGS...]: bats' run, with the descriptors bats keeps open
# for itself (3, 4) closed, so the program sees what it would in a shell.
run_clean() {
	run --separate-stderr bash -c 'exec 3>&- 4>&-; exec "$0" "$@"' "$@"
}

run_xlift() {
	run_clean "$XLIFT" "$@"
}

# run_xlift_fails ARGS...: the same, for a run that must exit non-zero
# (any non-zero status, 127 included, is expected here).
run_xlift_fails() {
	run ! --separate-stderr "$XLIFT" "$@"
}

# has_qemu: true when the guest's reference runner is there (a native run
# always is).
has_qemu() {
	[ "${#GUEST_REFERENCE[@]}" -eq 0 ] ||
		{ [ "${GUEST_REFERENCE[0]}" != no ] && command -v "${GUEST_REFERENCE[0]}" >/dev/null 2>&1; }
}

# skip_without_qemu: skip the current test, saying why.
skip_without_qemu() {
	has_qemu || skip "$GUEST_REFERENCE_NAME is not installed: no reference comparison"
}

# only_for_guest GUEST WHY: skips the test for any other guest, saying why.
only_for_guest() {
	[ "$GUEST" = "$1" ] || skip "$1 only: $2"
}

# guest_expected DIR/NAME: tests/DIR/NAME.GUEST.expected where the guest's
# output differs (uname, hwcap, cpuinfo), else tests/DIR/NAME.expected.
guest_expected() {
	local f=$TESTS_DIR/$1
	if [ -e "$f.$GUEST.expected" ]; then echo "$f.$GUEST.expected"; else echo "$f.expected"; fi
}

# show_diff EXPECTED_FILE ACTUAL_STRING LABEL: fails with a unified diff.
show_diff() {
	local expected=$1 actual=$2 label=$3
	if ! diff -u --label "$label expected" --label "$label actual" \
		"$expected" <(printf '%s\n' "$actual") >"$BATS_TEST_TMPDIR/diff"; then
		head -n 60 "$BATS_TEST_TMPDIR/diff"
		return 1
	fi
}

# expect_status N: fails naming the actual status and stderr.
expect_status() {
	if [ "$status" -ne "$1" ]; then
		echo "exit status $status, expected $1"
		echo "stderr: ${stderr:-}"
		echo "stdout (first lines):"; printf '%s\n' "$output" | head -n 20
		return 1
	fi
}

# check_xlift_output PROG EXPECTED_FILE [ARGS...]
# Runs PROG under xlift: exit status 0 and stdout equal to EXPECTED_FILE.
check_xlift_output() {
	local prog=$1 expected=$2
	shift 2
	run_xlift "$prog" "$@"
	expect_status 0
	show_diff "$expected" "$output" xlift
}

# check_same_as_qemu PROG [ARGS...]
# Runs PROG under the guest's reference (qemu-riscv64; an x86-64 program
# natively) and xlift; stdout and exit status must match, but for lines
# matching the regular expression $SAME_BUT (when set) in either.
check_same_as_qemu() {
	skip_without_qemu
	local prog=$1 but=${SAME_BUT:-^\b$}
	shift
	run_clean "${GUEST_REFERENCE[@]}" "$prog" "$@"
	local qstatus=$status
	printf '%s\n' "$output" | grep -Ev -- "$but" >"$BATS_TEST_TMPDIR/qemu.out"
	run_xlift "$prog" "$@"
	expect_status "$qstatus"
	show_diff "$BATS_TEST_TMPDIR/qemu.out" "$(printf '%s\n' "$output" | grep -Ev -- "$but")" \
		"$GUEST_REFERENCE_NAME vs xlift:"
}

# check_same_as_native NATIVE_PROG PROG [ARGS...]
# The x86-64 build and the riscv64 build under xlift print the same.
check_same_as_native() {
	local native=$1 prog=$2
	shift 2
	run_clean "$native" "$@"
	local nstatus=$status
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/native.out"
	run_xlift "$prog" "$@"
	expect_status "$nstatus"
	show_diff "$BATS_TEST_TMPDIR/native.out" "$output" "native vs xlift:"
}

# expect_one_error_line: stderr is exactly one line, starting with "xlift:".
expect_one_error_line() {
	local n
	n=$(printf '%s' "$stderr" | grep -c '' || true)
	if [ "$n" -ne 1 ] || [[ "$stderr" != xlift:* ]]; then
		echo "expected one stderr line starting with 'xlift:', got $n lines:"
		printf '%s\n' "$stderr"
		return 1
	fi
}

# expect_failure_no_crash: non-zero exit status, and not a crash of xlift
# (SIGSEGV 139, SIGABRT 134, SIGBUS 135, SIGFPE 136, SIGILL 132).
expect_failure_no_crash() {
	if [ "$status" -eq 0 ]; then
		echo "expected a non-zero exit status"; return 1
	fi
	case "$status" in
	132 | 134 | 135 | 136 | 139)
		echo "xlift crashed: status $status; stderr: $stderr"; return 1 ;;
	esac
}

# --- binfmt_misc (tests/binfmt*.bats, packaging, chroot) ---------------------
BINFMT_DIR=/proc/sys/fs/binfmt_misc

# require_binfmt: skips the test unless binfmt_misc is mounted (mounting it
# when it can) and writable, as entries can only be added as root. Then
# waits for the machine-wide lock of such tests, held until the test ends:
# the kernel's entries are global, and the entry one test adds (in this or
# another checkout) would run the programs another test starts.
require_binfmt() {
	[ -e "$BINFMT_DIR/register" ] ||
		mount -t binfmt_misc binfmt_misc "$BINFMT_DIR" 2>/dev/null ||
		skip "binfmt_misc is not mounted and cannot be mounted here"
	[ -w "$BINFMT_DIR/register" ] || skip "binfmt_misc entries can only be added as root"
	exec {BINFMT_LOCK_FD}>>"${TMPDIR:-/tmp}/xlift-binfmt-tests.lock"
	flock -w 900 "$BINFMT_LOCK_FD" || { echo "binfmt test lock: timed out" >&2; return 1; }
}

# binfmt_test_prefix: a prefix for entry names no other run uses.
binfmt_test_prefix() {
	echo "xlift-test-$$-$RANDOM"
}

# remove_binfmt_entries PREFIX: removes every entry whose name starts with it.
remove_binfmt_entries() {
	local e
	for e in "$BINFMT_DIR/$1"*; do
		[ -e "$e" ] && echo -1 >"$e"
	done
	return 0
}
