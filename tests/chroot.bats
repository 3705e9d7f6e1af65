#!/usr/bin/env bats
# A riscv64 root file system without xlift in it: Debian's riscv64 cross
# glibc, busybox built for riscv64 from Debian's source package
# (realprogs/build.sh), and a dynamically linked test program. xlift is
# registered with binfmt_misc with flag F, so the kernel finds it although
# the root doesn't hold it; `chroot ROOT /bin/sh -c SCRIPT` then runs
# shell scripts whose every process is a riscv64 program.
# Part of `make check-realprogs`, which builds busybox.
load helpers

# shellcheck source=../realprogs/lib.sh
. "$TESTS_DIR/../realprogs/lib.sh"

# copy_needed ROOT ELF...: the shared libraries the programs need (and
# those they need), from the cross sysroot into ROOT/lib.
copy_needed() {
	local root=$1 lib todo seen=" "
	shift
	todo=$(readelf -d "$@" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
	while [ -n "$todo" ]; do
		set -- $todo
		todo=
		for lib; do
			[[ "$seen" == *" $lib "* ]] && continue
			seen="$seen$lib "
			cp -L "$RISCV64_SYSROOT/lib/$lib" "$root/lib/$lib" || return 1
			todo="$todo $(readelf -d "$root/lib/$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
		done
	done
}

setup_file() {
	local busybox
	busybox=$(realprogs_bin rv64-dynamic busybox)
	[ -x "$busybox" ] || { export SKIP_WHY="busybox for riscv64 is not built (make check-realprogs builds it)"; return 0; }
	[ "$(id -u)" -eq 0 ] || { export SKIP_WHY="chroot needs root"; return 0; }
	build_all HELLO=dynamic:programs/hello.c PROBE=dynamic:programs/binfmt_probe.c
	export ROOT=$BATS_FILE_TMPDIR/root
	mkdir -p "$ROOT"/{bin,lib,usr/bin,proc,tmp,dev}
	cp "$busybox" "$ROOT/bin/busybox"
	cp "$HELLO" "$ROOT/usr/bin/hello"
	cp "$PROBE" "$ROOT/usr/bin/probe"
	cp -L "$RISCV64_SYSROOT/lib/ld-linux-riscv64-lp64d.so.1" "$ROOT/lib/"
	copy_needed "$ROOT" "$ROOT/bin/busybox" "$ROOT/usr/bin/hello" "$ROOT/usr/bin/probe"
	local applet
	for applet in sh cat echo tr wc sort head grep sed seq ls awk env true false; do
		ln -s busybox "$ROOT/bin/$applet"
	done
}

setup() {
	[ -z "${SKIP_WHY:-}" ] || skip "$SKIP_WHY"
	command -v unshare >/dev/null || skip "unshare (util-linux) is not installed"
	require_binfmt
	PREFIX=$(binfmt_test_prefix)
}

teardown() {
	remove_binfmt_entries "${PREFIX:-none}"
}

# in_root SCRIPT: runs SCRIPT with the root's /bin/sh, chrooted, with /proc
# mounted in a mount namespace of its own (gone when it ends). Translated
# code is kept inside the root.
in_root() {
	run --separate-stderr unshare -m sh -c \
		'mount -t proc proc "$0/proc" && exec chroot "$0" /bin/sh -c "$1"' "$ROOT" "$1"
}

register_f() {
	run "$XLIFT" --binfmt register riscv64 --prefix "$PREFIX" --flags "$1"
	expect_status 0
}

@test "the root holds riscv64 programs only: no xlift, nothing for x86-64" {
	[ -z "$(find "$ROOT" -name 'xlift*')" ]
	local f
	while IFS= read -r f; do
		[[ "$(file -b "$f")" == *RISC-V* ]] || { echo "not riscv64: $f: $(file -b "$f")"; false; }
	done < <(find "$ROOT" -type f)
}

# check_scripts: the scripts' output, with the entry registered.
check_scripts() {
	export XLIFT_CODE_STORE=/tmp/xlift-store
	in_root 'echo hello world | tr a-z A-Z'
	expect_status 0
	[ "$output" = "HELLO WORLD" ]

	in_root 'seq 1 100 | grep 7 | sort -r | head -n 3 | tr "\n" " "'
	expect_status 0
	[ "$output" = "97 87 79 " ]

	in_root 'x=$( (echo a; echo b) | wc -l); y=$(echo "$x" | sed s/2/two/); echo "$y $(( x * 21 ))"'
	expect_status 0
	[ "$output" = "two 42" ]

	in_root 'echo "a b c" | awk "{ print \$2 }"; ls /usr/bin | sort | tr "\n" " "'
	expect_status 0
	[ "${lines[0]}" = b ]
	[ "${lines[1]}" = "hello probe " ]

	in_root 'hello'
	expect_status 0
	show_diff "$TESTS_DIR/programs/hello.expected" "$output" "hello in the chroot"

	in_root 'cd /usr/bin && ./probe x | grep -e ^argv -e ^exe= -e ^execfn='
	expect_status 0
	[ "${lines[0]}" = "argv[0]=./probe" ]
	[ "${lines[1]}" = "argv[1]=x" ]
	[ "${lines[2]}" = "execfn=./probe" ]
	[ "${lines[3]}" = "exe=/usr/bin/probe" ]

	in_root 'env false'
	[ "$status" -eq 1 ]
}

@test "chroot scripts: pipes, subshells, applets, a dynamic program (flag F)" {
	register_f F
	check_scripts
}

@test "chroot scripts under the flags the packages install (POCF)" {
	register_f POCF
	check_scripts
}

@test "without flag F the kernel cannot find xlift inside the root" {
	register_f P
	# (chroot's status when it cannot execute /bin/sh.)
	run -127 --separate-stderr unshare -m sh -c \
		'mount -t proc proc "$0/proc" && exec chroot "$0" /bin/sh -c "echo unreachable"' "$ROOT"
	[ -z "$output" ]
}
