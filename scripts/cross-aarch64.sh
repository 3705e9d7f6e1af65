#!/bin/sh
# Builds xlift for AArch64 hosts on this x86-64 machine: build-aarch64/src/xlift,
# which runs under qemu-aarch64 (tests/aarch64_host.bats) or on an AArch64
# machine. Needs gcc/g++-aarch64-linux-gnu and the arm64 package lists
# (scripts/install-deps.sh sets both up). Idempotent: a second run only
# rebuilds what changed. Exit status 2: a prerequisite is missing (the
# message names it), so tests/aarch64_host.bats skips rather than fails.
#
# The arm64 -dev packages of LLVM and the other libraries xlift links are
# downloaded (not installed) and extracted into build-aarch64/sysroot, which
# configure takes as --with-llvm-sysroot. The build runs in a copy of the
# sources (build-aarch64/tree): automake refuses a VPATH build from a source
# tree that is configured itself, as the native build's is.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${XLIFT_AARCH64_BUILD:-$top/build-aarch64}
sysroot=$out/sysroot
tree=$out/tree
packages="llvm-19-dev libelf-dev libseccomp-dev libzstd-dev zlib1g-dev"

unavailable() { echo "cross-aarch64: $*" >&2; exit 2; }

command -v aarch64-linux-gnu-g++ >/dev/null ||
	unavailable "aarch64-linux-gnu-g++ not found: install g++-aarch64-linux-gnu (scripts/install-deps.sh)"
dpkg --print-foreign-architectures | grep -qx arm64 ||
	unavailable "dpkg has no arm64 architecture: run scripts/install-deps.sh"

# The sysroot: one stamp per package version, so a new version is fetched.
mkdir -p "$sysroot/debs"
for p in $packages; do
	version=$(apt-cache policy "$p:arm64" | sed -n 's/^  Candidate: //p')
	[ -n "$version" ] && [ "$version" != "(none)" ] ||
		unavailable "no $p:arm64 in the package lists: run scripts/install-deps.sh"
	stamp="$sysroot/debs/$p.$version.extracted"
	[ -f "$stamp" ] && continue
	rm -f "$sysroot/debs/$p".*.extracted "$sysroot/debs/$p"_*.deb
	(cd "$sysroot/debs" && apt-get download -q "$p:arm64=$version") ||
		unavailable "apt-get download $p:arm64 failed"
	dpkg -x "$sysroot/debs/$p"_*.deb "$sysroot"
	touch "$stamp"
done

# The sources, tracked and new, as in the working tree (tar keeps their
# times, so make rebuilds only what changed).
mkdir -p "$tree"
(cd "$top" && git ls-files -z -co --exclude-standard) |
	(cd "$top" && tar --null -T - -cf -) | tar -C "$tree" -xf -

cd "$tree"
if [ ! -f config.status ]; then
	autoreconf -fi
	./configure --host=aarch64-linux-gnu --with-llvm-sysroot="$sysroot"
fi
make -j2 -C src xlift
echo "cross-aarch64: built $tree/src/xlift"
