#!/bin/bash
# Builds the real programs of realprogs/lib.sh from their Debian source
# packages, natively for x86-64 and for riscv64 (static and dynamic, linked
# from the same objects), into $REALPROGS_CACHE/<variant>/bin.  Nothing of
# their code is committed.  What is already built is skipped, so a second
# run costs nothing.
#
# Usage: realprogs/build.sh [PROG...]      (default: every program)
# Environment: REALPROGS_CACHE (default build/realprogs), JOBS.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SRC=$REALPROGS_CACHE/src
WORK=$REALPROGS_CACHE/work
LOGS=$REALPROGS_CACHE/logs
JOBS=${JOBS:-$(nproc)}
CFLAGS_ALL="-O2"

die() {
	echo "realprogs/build.sh: $*" >&2
	exit 1
}

# --- toolchains -------------------------------------------------------------
# The two architectures; rv64 builds once and links twice.

arch_cc() {
	case $1 in
	native) echo gcc ;;
	rv64) echo riscv64-linux-gnu-gcc ;;
	esac
}

# arch_variants ARCH: the variants one compile of ARCH produces.
arch_variants() {
	case $1 in
	native) echo native ;;
	rv64) echo rv64-dynamic rv64-static ;;
	esac
}

# variant_ldflags VARIANT: how a variant links.
variant_ldflags() {
	case $1 in
	rv64-static) echo -static ;;
	*) echo "" ;;
	esac
}

# install_bin FILE VARIANT NAME: places a built program into the cache.
install_bin() {
	mkdir -p "$REALPROGS_CACHE/$2/bin"
	cp "$1" "$REALPROGS_CACHE/$2/bin/$3.tmp"
	mv "$REALPROGS_CACHE/$2/bin/$3.tmp" "$REALPROGS_CACHE/$2/bin/$3"
}

# --- sources -----------------------------------------------------------------

# fetch_source PKG: downloads and unpacks PKG into $SRC, trying every
# version the archive lists, newest first: a mirror may list a security
# update whose files it does not carry.
fetch_source() {
	local pkg=$1 version
	for version in $(apt-cache showsrc "$pkg" | awk '/^Version:/ { print $2 }' |
		sort -u | sort -r -V); do
		(cd "$SRC" && apt-get source -q "$pkg=$version") && return 0
		echo "realprogs: $pkg $version could not be fetched, trying an older version"
	done
	return 1
}

# source_dir PKG: unpacks the Debian source package PKG (once) and prints the
# directory it is in.
source_dir() {
	local pkg=$1 dir
	mkdir -p "$SRC"
	dir=$(find "$SRC" -mindepth 1 -maxdepth 1 -type d -name "$pkg-[0-9]*" | head -n 1)
	if [ -z "$dir" ]; then
		fetch_source "$pkg" >"$LOGS/source-$pkg.log" 2>&1 ||
			die "apt-get source $pkg failed (see $LOGS/source-$pkg.log);" \
				"deb-src entries are needed: run scripts/install-deps.sh as root"
		dir=$(find "$SRC" -mindepth 1 -maxdepth 1 -type d -name "$pkg-[0-9]*" | head -n 1)
	fi
	[ -n "$dir" ] || die "no source directory for $pkg"
	echo "$dir"
}

# --- build recipes -----------------------------------------------------------
# Each build_PROG ARCH SRCDIR BUILDDIR builds PROG for ARCH in BUILDDIR and
# installs every variant of ARCH.

# cc_program ARCH BUILDDIR NAME CFLAGS LIBS SOURCE...: compiles SOURCEs with
# one direct compiler command each ($JOBS at a time) and links NAME.
cc_program() {
	local arch=$1 dir=$2 name=$3 cflags=$4 libs=$5 cc src obj v objs=()
	shift 5
	cc=$(arch_cc "$arch")
	mkdir -p "$dir/obj"
	for src in "$@"; do
		obj=$dir/obj/$(basename "${src%.*}").o
		objs+=("$obj")
		[ -e "$obj" ] && continue
		while [ "$(jobs -pr | wc -l)" -ge "$JOBS" ]; do wait -n; done
		# shellcheck disable=SC2086 # flags are word lists
		$cc $CFLAGS_ALL $cflags -c "$src" -o "$obj" &
	done
	while [ -n "$(jobs -pr)" ]; do wait -n; done
	for obj in "${objs[@]}"; do [ -e "$obj" ] || die "$name: compiling failed"; done
	for v in $(arch_variants "$arch"); do
		# shellcheck disable=SC2046,SC2086
		$cc $(variant_ldflags "$v") -o "$dir/$name-$v" "${objs[@]}" $libs
		install_bin "$dir/$name-$v" "$v" "$name"
	done
}

build_lua() {
	local src srcs=()
	for src in "$2"/src/*.c; do
		[ "${src##*/}" = luac.c ] || srcs+=("$src")
	done
	# Debian's luaconf.h names the library directory through this header.
	mkdir -p "$3"
	printf '#define DEB_HOST_MULTIARCH "%s"\n' "$("$(arch_cc "$1")" -dumpmachine)" \
		>"$3/lua5.4-deb-multiarch.h"
	cc_program "$1" "$3" lua "-I$3 -DLUA_COMPAT_5_3 -DLUA_USE_LINUX" "-lm -ldl" \
		"${srcs[@]}"
}

build_bzip2() {
	local s=$2
	cc_program "$1" "$3" bzip2 "-D_FILE_OFFSET_BITS=64" "" \
		"$s"/{blocksort,huffman,crctable,randtable,compress,decompress,bzlib,bzip2}.c
}

build_zstd() {
	local s=$2
	# programs/Makefile's zstd, minus legacy formats and optional libraries.
	cc_program "$1" "$3" zstd \
		"-I$s/lib -I$s/lib/common -I$s/lib/compress -I$s/lib/dictBuilder
		 -DXXH_NAMESPACE=ZSTD_ -DZSTD_MULTITHREAD -DZSTD_LEGACY_SUPPORT=0
		 -DBACKTRACE_ENABLE=0 -pthread" "-pthread" \
		"$s"/lib/{common,compress,decompress,dictBuilder}/*.c \
		"$s"/lib/decompress/*.S "$s"/programs/*.c
}

# prepare_sqlite3 SRCDIR: generates the amalgamation (sqlite3.c, shell.c)
# once, natively, before the two architectures build from it.
SQLITE_AMALG=$WORK/sqlite3-amalgamation
prepare_sqlite3() {
	[ -s "$SQLITE_AMALG/shell.c" ] && return 0
	mkdir -p "$SQLITE_AMALG"
	(cd "$SQLITE_AMALG" && "$1/configure" --disable-tcl --disable-readline &&
		make sqlite3.c shell.c) >"$LOGS/amalgamation-sqlite3.log" 2>&1 ||
		die "sqlite3 amalgamation failed (see $LOGS/amalgamation-sqlite3.log)"
}

build_sqlite3() {
	local amalg=$SQLITE_AMALG
	cc_program "$1" "$3" sqlite3 \
		"-I$amalg -DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION" \
		"-lpthread -lm" "$amalg/sqlite3.c" "$amalg/shell.c"
}

# configure_in ARCH BUILDDIR SRCDIR ARGS...: runs SRCDIR/configure once,
# out of tree, for ARCH.
configure_in() {
	local arch=$1 dir=$2 src=$3 host=()
	shift 3
	[ "$arch" = rv64 ] && host=(--host=riscv64-linux-gnu)
	mkdir -p "$dir"
	[ -e "$dir/config.status" ] && return 0
	(cd "$dir" && "$src/configure" "${host[@]}" CC="$(arch_cc "$arch")" \
		CFLAGS="$CFLAGS_ALL" "$@")
}

# relink ARCH DIR TARGET FILE NAME STATICFLAG: builds `make TARGET` in DIR
# (FILE is what it makes) once per variant of ARCH, linked statically with
# STATICFLAG where the variant asks for it.
relink() {
	local arch=$1 dir=$2 target=$3 file=$4 name=$5 static=$6 v flags
	for v in $(arch_variants "$arch"); do
		flags=$(variant_ldflags "$v")
		rm -f "$dir/$file"
		make -C "$dir" -j"$JOBS" "$target" LDFLAGS="${flags:+$static}"
		install_bin "$dir/$file" "$v" "$name"
	done
}

build_xz() {
	configure_in "$1" "$3" "$2" --disable-shared --disable-nls --disable-doc \
		--disable-scripts --disable-xzdec --disable-lzmadec \
		--disable-lzmainfo --disable-lzma-links
	make -C "$3/src/liblzma" -j"$JOBS"
	# xz links through libtool, whose flag for a fully static link differs.
	relink "$1" "$3/src/xz" xz xz xz -all-static
}

build_gawk() {
	configure_in "$1" "$3" "$2" --disable-nls --disable-mpfr --disable-pma \
		--disable-extensions --without-readline
	make -C "$3/support" -j"$JOBS"
	relink "$1" "$3" gawk gawk gawk -static
}

# Applets of the busybox build: a shell and the tools its scripts use.
BUSYBOX_APPLETS="BUSYBOX ASH SH_IS_ASH BASENAME CAT CHMOD CMP CP CUT DATE DD DIRNAME
DIFF ECHO ENV EXPR FALSE FIND GREP EGREP GUNZIP GZIP HEAD HEXDUMP LS MD5SUM
MKDIR MV OD PRINTF RM SED SEQ SHA1SUM SHA256SUM SLEEP SORT TAIL TAR TEE TEST
TOUCH TR TRUE UNIQ WC XARGS YES AWK BASE64 REV FOLD NL PASTE EXPAND TAC
FEATURE_SH_MATH FEATURE_SH_MATH_64 ASH_ECHO ASH_PRINTF ASH_TEST
ASH_BASH_COMPAT FEATURE_SORT_BIG FEATURE_FIND_TYPE FEATURE_FIND_PRINT0
FEATURE_TAR_CREATE FEATURE_SEAMLESS_GZ"

# busybox_options VARIANT CROSS_PREFIX: the .config lines of a variant.
busybox_options() {
	local opt
	for opt in $BUSYBOX_APPLETS; do echo "CONFIG_$opt=y"; done
	echo CONFIG_FEATURE_SH_STANDALONE=y
	echo CONFIG_FEATURE_PREFER_APPLETS=y
	echo CONFIG_LFS=y
	[ "$1" = rv64-static ] && echo CONFIG_STATIC=y
	echo "CONFIG_CROSS_COMPILER_PREFIX=\"$2\""
	echo "CONFIG_EXTRA_CFLAGS=\"$CFLAGS_ALL\""
}

build_busybox() {
	local arch=$1 src=$2 v dir cross=""
	[ "$arch" = rv64 ] && cross=riscv64-linux-gnu-
	for v in $(arch_variants "$arch"); do
		dir=$3/$v
		mkdir -p "$dir"
		if [ ! -e "$dir/.config" ]; then
			make -C "$src" O="$dir" allnoconfig >/dev/null
			busybox_options "$v" "$cross" >"$dir/options"
			# Drop allnoconfig's lines for the options set, then append them.
			grep -vwFf <(sed 's/=.*//' "$dir/options") "$dir/.config" \
				>"$dir/.config.new" || true
			cat "$dir/options" >>"$dir/.config.new"
			mv "$dir/.config.new" "$dir/.config"
			# oldconfig asks about the new options' sub-options: take defaults.
			{ yes '' || true; } | make -C "$dir" oldconfig >/dev/null
			# The header the build splits; made here, serially, because
			# a parallel build once ran its split step without it.
			make -C "$dir" silentoldconfig >/dev/null
			[ -e "$dir/include/autoconf.h" ] || die "busybox: no include/autoconf.h in $dir"
		fi
		make -C "$dir" -j"$JOBS" busybox
		install_bin "$dir/busybox" "$v" busybox
	done
}

# build_hello: the static hello world of the startup benchmark.
build_hello() {
	local arch
	for arch in native rv64; do
		[ -x "$(realprogs_bin "${arch/rv64/rv64-static}" hello)" ] && continue
		mkdir -p "$WORK/$arch/hello"
		"$(arch_cc "$arch")" $CFLAGS_ALL -static -o "$WORK/$arch/hello/hello" \
			"$REALPROGS_WORKLOADS/hello.c"
		install_bin "$WORK/$arch/hello/hello" "${arch/rv64/rv64-static}" hello
	done
}

# --- driver ------------------------------------------------------------------

# check_recipe: a changed build.sh invalidates everything it built (the
# unpacked sources stay), so a cache kept by CI never holds stale builds.
check_recipe() {
	local sum stamp=$REALPROGS_CACHE/recipe.sha1 v
	sum=$(sha1sum <"${BASH_SOURCE[0]}")
	[ "$(cat "$stamp" 2>/dev/null)" = "$sum" ] && return 0
	rm -rf "$WORK"
	for v in $REALPROGS_VARIANTS; do rm -rf "${REALPROGS_CACHE:?}/$v"; done
	mkdir -p "$REALPROGS_CACHE"
	echo "$sum" >"$stamp"
}

# arch_built ARCH PROG: true when every variant of ARCH has PROG.
arch_built() {
	local v
	for v in $(arch_variants "$1"); do
		[ -x "$(realprogs_bin "$v" "$2")" ] || return 1
	done
}

# build_one PROG: builds PROG for both architectures side by side, each
# logging to $LOGS/ARCH-PROG.log.
build_one() {
	local prog=$1 src arch pids=() start=$SECONDS failed=""
	src=$(source_dir "$(realprogs_package "$prog")")
	if declare -F "prepare_$prog" >/dev/null; then "prepare_$prog" "$src"; fi
	for arch in native rv64; do
		arch_built "$arch" "$prog" && continue
		"build_$prog" "$arch" "$src" "$WORK/$arch/$prog" \
			>"$LOGS/$arch-$prog.log" 2>&1 &
		pids+=("$!:$arch")
	done
	for p in "${pids[@]}"; do
		wait "${p%%:*}" || failed="$failed ${p#*:}"
	done
	if [ -n "$failed" ]; then
		for arch in $failed; do tail -n 30 "$LOGS/$arch-$prog.log" >&2; done
		die "$prog failed for:$failed (logs in $LOGS)"
	fi
	echo "realprogs: built $prog in $((SECONDS - start)) s"
}

main() {
	local prog progs=("$@") start=$SECONDS
	[ ${#progs[@]} -gt 0 ] || read -ra progs <<<"$REALPROGS"
	check_recipe
	mkdir -p "$LOGS" "$WORK"
	build_hello
	for prog in "${progs[@]}"; do
		realprogs_built "$prog" && continue
		build_one "$prog"
	done
	echo "realprogs: all built in $REALPROGS_CACHE ($((SECONDS - start)) s)"
}

main "$@"
