#!/usr/bin/env bats
# The packages: dpkg-buildpackage builds packaging/debian and rpmbuild
# packaging/rpm/xlift.spec from a copy of the source tree (side by side);
# installing either registers xlift with binfmt_misc so that a riscv64
# program runs as ./prog; removing it removes the entry and every file.
# Needs root, binfmt_misc, debhelper and rpm.
load helpers

PKG_ENTRY=xlift-riscv64

# copy_source DEST: the source tree's files (tracked and new ones where it
# is a git checkout; a dist tree is copied whole).
copy_source() {
	local top=$TESTS_DIR/..
	mkdir -p "$1"
	if git -C "$top" rev-parse --show-toplevel >/dev/null 2>&1; then
		git -C "$top" ls-files -co --exclude-standard | tar -C "$top" -cf - -T - |
			tar -C "$1" -xf -
	else
		cp -a "$top/." "$1"
	fi
}

# source_key DIR: names the content of a source tree.
source_key() {
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-12)
}

# cached_build NAME KEY CMD...: runs CMD (which leaves its packages in
# the current directory's parent) unless packages built from a tree of
# that KEY are kept in XLIFT_TEST_BUILD; prints where they are.
cached_build() {
	local name=$1 out=$XLIFT_TEST_BUILD/$1-$2 log=$BATS_FILE_TMPDIR/$1.log
	shift 2
	if [ ! -d "$out" ]; then
		"$@" >"$log" 2>&1 || { tail -n 40 "$log" >&2; return 1; }
	fi
	echo "$out"
}

# build_deb SRC OUT: dpkg-buildpackage in a copy of SRC, .deb into OUT.
build_deb() {
	local dir=$BATS_FILE_TMPDIR/deb/xlift-0.1.0
	mkdir -p "$dir" && cp -a "$1/." "$dir" && cp -a "$dir/packaging/debian" "$dir/debian"
	(cd "$dir" && DEB_BUILD_OPTIONS="parallel=2 nocheck" dpkg-buildpackage -b -us -uc) &&
		mkdir -p "$2.tmp" && mv "$dir"/../xlift_*.deb "$2.tmp/" && mv "$2.tmp" "$2"
}

# build_rpm SRC OUT: rpmbuild from a tarball of SRC, .rpm into OUT. The
# BuildRequires name RPM distributions' packages: not checked on Debian.
build_rpm() {
	local top=$BATS_FILE_TMPDIR/rpm
	mkdir -p "$top/SOURCES" && cp -a "$1" "$top/xlift-0.1.0" &&
		tar -C "$top" -czf "$top/SOURCES/xlift-0.1.0.tar.gz" xlift-0.1.0 &&
		rpmbuild -bb --nodeps --define "_topdir $top" --define "_smp_mflags -j2" \
			--define "debug_package %{nil}" "$1/packaging/rpm/xlift.spec" &&
		mkdir -p "$2.tmp" && mv "$top"/RPMS/*/xlift-*.rpm "$2.tmp/" && mv "$2.tmp" "$2"
}

setup_file() {
	[ "$(id -u)" -eq 0 ] || { export SKIP_WHY="installing a package needs root"; return 0; }
	local src=$BATS_FILE_TMPDIR/src key pids=()
	copy_source "$src"
	key=$(source_key "$src")
	if command -v dpkg-buildpackage >/dev/null && [ -e /usr/share/debhelper ]; then
		cached_build deb "$key" build_deb "$src" "$XLIFT_TEST_BUILD/deb-$key" \
			>"$BATS_FILE_TMPDIR/deb.dir" &
		pids+=($!)
	fi
	if command -v rpmbuild >/dev/null; then
		cached_build rpm "$key" build_rpm "$src" "$XLIFT_TEST_BUILD/rpm-$key" \
			>"$BATS_FILE_TMPDIR/rpm.dir" &
		pids+=($!)
	fi
	build_all HELLO=static:programs/hello.c PROBE=dynamic:programs/binfmt_probe.c
	local pid
	for pid in "${pids[@]}"; do wait "$pid" || return 1; done
	export DEB RPM
	[ -s "$BATS_FILE_TMPDIR/deb.dir" ] && DEB=$(ls "$(cat "$BATS_FILE_TMPDIR/deb.dir")"/xlift_*.deb)
	[ -s "$BATS_FILE_TMPDIR/rpm.dir" ] && RPM=$(ls "$(cat "$BATS_FILE_TMPDIR/rpm.dir")"/xlift-*.rpm)
	return 0
}

setup() {
	[ -z "${SKIP_WHY:-}" ] || skip "$SKIP_WHY"
	WORK=$BATS_TEST_TMPDIR
}

need_deb() {
	[ -n "${DEB:-}" ] || skip "dpkg-buildpackage or debhelper is not installed"
}

need_rpm() {
	[ -n "${RPM:-}" ] || skip "rpmbuild is not installed"
}

# not_installed: skips where xlift is installed (by a package or by hand)
# or an entry of the packages' name exists: the test would replace them.
not_installed() {
	[ ! -e /usr/bin/xlift ] || skip "/usr/bin/xlift exists on this machine"
	[ ! -e "$BINFMT_DIR/$PKG_ENTRY" ] ||
		skip "an entry $PKG_ENTRY exists already (xlift --binfmt unregister removes it)"
}

# check_prog_runs: through the installed package's entry, ./hello prints
# what it should and ./probe sees its argv[0].
check_prog_runs() {
	run cat "$BINFMT_DIR/$PKG_ENTRY"
	expect_status 0
	[ "${lines[0]}" = enabled ]
	[ "${lines[1]}" = "interpreter /usr/bin/xlift" ]
	[ "${lines[2]}" = "flags: POCF" ]
	cp "$HELLO" "$WORK/hello"
	cp "$PROBE" "$WORK/probe"
	run_clean bash -c 'cd "$0" && ./hello' "$WORK"
	expect_status 0
	show_diff "$TESTS_DIR/programs/hello.expected" "$output" "./hello"
	run_clean bash -c 'cd "$0" && exec -a myname ./probe one' "$WORK"
	expect_status 0
	[ "${lines[0]}" = "argv[0]=myname" ]
	[ "${lines[1]}" = "argv[1]=one" ]
	[[ "$output" == *"exe=$WORK/probe"* ]]
	run /usr/bin/xlift --binfmt status riscv64
	[[ "$output" == *"riscv64: $PKG_ENTRY enabled, interpreter /usr/bin/xlift, flags POCF"* ]]
}

# check_all_gone FILE...: the entry and every FILE but directories are gone.
check_all_gone() {
	[ ! -e "$BINFMT_DIR/$PKG_ENTRY" ] || { echo "entry $PKG_ENTRY left"; false; }
	local f
	for f in "$@"; do
		[ -d "$f" ] || [ ! -e "$f" ] || { echo "left behind: $f"; false; }
	done
}

# The package a test installed is removed after it, also when it failed,
# and so is the entry it registered.
teardown() {
	case "${INSTALLED:-}" in
	deb) dpkg --purge xlift >/dev/null 2>&1 || true ;;
	rpm) rpm -e --nodeps xlift >/dev/null 2>&1 || true ;;
	esac
	if [ -n "${INSTALLED:-}" ]; then
		[ ! -e "$BINFMT_DIR/$PKG_ENTRY" ] || echo -1 >"$BINFMT_DIR/$PKG_ENTRY"
		rm -f "/var/lib/binfmts/$PKG_ENTRY"
	fi
	return 0
}

# install_deb [VAR=VALUE...]: dpkg -i of the package built, in that
# environment.
install_deb() {
	not_installed
	INSTALLED=deb
	run env "$@" dpkg -i "$DEB"
	expect_status 0
}

@test "the .deb holds xlift, its man page and binfmt files, none for the host's architecture" {
	need_deb
	run dpkg-deb -c "$DEB"
	expect_status 0
	local f
	for f in ./usr/bin/xlift ./usr/share/man/man1/xlift.1.gz \
		./usr/lib/binfmt.d/xlift-riscv64.conf ./usr/share/binfmts/xlift-riscv64 \
		./usr/share/user-tmpfiles.d/xlift.conf; do
		[[ "$output" == *" $f"* ]] || { echo "missing $f"; false; }
	done
	[[ "$output" != *x86_64* ]]
}

@test "dpkg -i registers xlift: ./prog runs through the kernel; purge leaves nothing" {
	need_deb
	require_binfmt
	install_deb XLIFT_REGISTER_BINFMT=yes
	check_prog_runs
	local files
	files=$(dpkg -L xlift)
	run dpkg --purge xlift
	expect_status 0
	check_all_gone $files
	[ -z "$(ls /var/lib/binfmts 2>/dev/null | grep xlift)" ]
	[ ! -e /var/lib/xlift ]
	! dpkg-query -W xlift 2>/dev/null | grep -q .
}

@test "inside a container, installing the .deb changes no binfmt_misc entry" {
	need_deb
	require_binfmt
	command -v systemd-detect-virt >/dev/null && systemd-detect-virt -q -c ||
		skip "not a container"
	install_deb
	[[ "$output" == *"inside a container"* ]]
	[ ! -e "$BINFMT_DIR/$PKG_ENTRY" ]
	run dpkg --purge xlift
	expect_status 0
}

@test "the .rpm holds the same files; %post applies the binfmt.d file (%binfmt_apply)" {
	need_rpm
	run rpm -qlp "$RPM"
	expect_status 0
	local f
	# (Debian's rpm does not compress man pages.)
	for f in /usr/bin/xlift '/usr/share/man/man1/xlift\.1\(\.gz\)\?' \
		/usr/lib/binfmt.d/xlift-riscv64.conf /usr/share/binfmts/xlift-riscv64 \
		/usr/share/user-tmpfiles.d/xlift.conf; do
		printf '%s\n' "$output" | grep -qx "$f" || { echo "missing $f"; false; }
	done
	run rpm -qp --scripts "$RPM"
	[[ "$output" == *"systemd-binfmt xlift-riscv64.conf"* ]]
	[[ "$output" == *"xlift --binfmt unregister riscv64"* ]]
}

@test "rpm -i registers xlift: ./prog runs through the kernel; rpm -e leaves nothing" {
	need_rpm
	require_binfmt
	[ -x /usr/lib/systemd/systemd-binfmt ] || skip "systemd-binfmt (which %binfmt_apply runs) is missing"
	not_installed
	INSTALLED=rpm
	run rpm -i --nodeps "$RPM"
	expect_status 0
	check_prog_runs
	local files
	files=$(rpm -ql xlift)
	run rpm -e xlift
	expect_status 0
	check_all_gone $files
}
