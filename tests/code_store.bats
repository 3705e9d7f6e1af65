#!/usr/bin/env bats
# The code store: translated regions kept on disk (--code-store,
# XLIFT_CODE_STORE, default $XDG_CACHE_HOME/xlift) and reused by later runs.

load helpers

setup_file() {
	require_xlift
	build_all STATIC_hello=static:programs/hello.c STATIC_args=static:programs/args.c \
		DYNAMIC_hello=dynamic:programs/hello.c STATIC_hot=static:programs/hot.c \
		STATIC_exec=static:programs/exec.c STATIC_words=static:programs/words.c
}

# Regions the run compiled (XLIFT_DEBUG logs each one).
compiled_regions() {
	grep -c 'translated region' <<<"$stderr" || true
}

@test "a second run takes every region from the store" {
	local store=$BATS_TEST_TMPDIR/store
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	local first=$output
	[ "$(compiled_regions)" -gt 10 ]
	ls "$store"/*.o >/dev/null

	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	[ "$output" = "$first" ]
	[ "$(compiled_regions)" -eq 0 ]
}

@test "LLVM is set up only by a run that compiles" {
	local store=$BATS_TEST_TMPDIR/store
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	grep -E 'LLVM initialised: [1-9][0-9]* static constructors run' <<<"$stderr"
	# its data relocated first (host/self_relocate.c), where the link
	# packs relative relocations
	if readelf -d "$XLIFT" | grep -q '(RELR)'; then
		grep -E "LLVM's data relocated: [1-9][0-9]{4,} relocations" <<<"$stderr"
		[ "$(grep -n "LLVM's data relocated" <<<"$stderr" | cut -d: -f1)" -lt \
			"$(grep -n 'LLVM initialised' <<<"$stderr" | cut -d: -f1)" ]
	fi
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	[ "$(compiled_regions)" -eq 0 ]
	! grep 'LLVM initialised' <<<"$stderr"
	! grep "LLVM's data relocated" <<<"$stderr"
}

@test "the host CPU's name and features are asked of LLVM once a boot, then kept in the store" {
	local store=$BATS_TEST_TMPDIR/store boot
	boot=$(cat /proc/sys/kernel/random/boot_id) || skip "no /proc/sys/kernel/random/boot_id: /proc is not mounted"
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	grep -q 'host CPU .*, asked of LLVM' <<<"$stderr"
	# one file a host architecture, named by LLVM's triple
	local kept=("$store"/host-cpu-*-linux-gnu)
	[ "${#kept[@]}" -eq 1 ] && [ -f "${kept[0]}" ]
	[ "$(sed -n 1p "${kept[0]}")" = "$boot LLVM $(llvm-config-19 --version)" ]
	[ "$(wc -l <"${kept[0]}")" -eq 3 ]
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	grep -q "host CPU .*, kept in ${kept[0]}" <<<"$stderr"
	# Another boot's answer, or a damaged file, is asked again and
	# replaced; the same answer gives the same keys: nothing compiles.
	sed -i 1s/^/x/ "${kept[0]}"
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	grep -q 'host CPU .*, asked of LLVM' <<<"$stderr"
	[ "$(compiled_regions)" -eq 0 ]
	[ "$(sed -n 1p "${kept[0]}")" = "$boot LLVM $(llvm-config-19 --version)" ]
	head -c 20 "${kept[0]}" >"${kept[0]}.cut" && mv "${kept[0]}.cut" "${kept[0]}"
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	grep -q 'host CPU .*, asked of LLVM' <<<"$stderr"
	[ "$(compiled_regions)" -eq 0 ]
	[ "$(wc -l <"${kept[0]}")" -eq 3 ]
}

@test "a region hot in one run goes to the optimiser at first sight in the next" {
	local store=$BATS_TEST_TMPDIR/store mark
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hot"
	expect_status 0
	local first=$output
	ls "$store"/*.hot >/dev/null
	# as if the run had ended before its optimiser got to them (and
	# without the program's pack, which holds the optimised code too)
	for mark in "$store"/*.hot; do
		rm -f "${mark%.hot}.o"
	done
	rm "$store"/*.pack
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hot"
	expect_status 0
	[ "$output" = "$first" ]
	grep -q 'hot in an earlier run' <<<"$stderr"
}

@test "what a fork child found reaches the program's pack" {
	local store=$BATS_TEST_TMPDIR/store
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hot" fork
	expect_status 0
	local first=$output
	# the child's hot region was compiled optimised, and both the child
	# and its parent merged their news into the pack
	grep -q 'translated region .* (optimised)' <<<"$stderr"
	[ "$(grep -c 'code store pack .* written' <<<"$stderr")" -eq 2 ]
	rm "$store"/*.o "$store"/*.hot
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hot" fork
	expect_status 0
	[ "$output" = "$first" ]
	[ "$(compiled_regions)" -eq 0 ]
}

@test "what a run found before it exec'd reaches its program's pack" {
	local store=$BATS_TEST_TMPDIR/store
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_exec" "$STATIC_hello"
	expect_status 0
	local first=$output
	# one pack for exec, written at its execve, one for hello, which
	# the exec'd xlift kept in the same store
	[ "$(grep -c 'code store pack .* written' <<<"$stderr")" -eq 2 ]
	[ "$(ls "$store"/*.pack | wc -l)" -eq 2 ]
	rm "$store"/*.o
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_exec" "$STATIC_hello"
	expect_status 0
	[ "$output" = "$first" ]
	[ "$(compiled_regions)" -eq 0 ]
}

@test "dynamically linked programs hit the store too" {
	local store=$BATS_TEST_TMPDIR/store
	run_xlift --code-store "$store" "$DYNAMIC_hello"
	expect_status 0
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$DYNAMIC_hello"
	expect_status 0
	show_diff "$TESTS_DIR/programs/hello.expected" "$output" "second run"
	[ "$(compiled_regions)" -eq 0 ]
}

@test "damaged objects in the store are dropped and compiled again" {
	local store=$BATS_TEST_TMPDIR/store objects i=0 o
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	local first=$output regions
	regions=$(compiled_regions)
	rm "$store"/*.pack
	# Each object damaged its own way: truncated, another machine's
	# header, a section table pointing outside the file, random bytes.
	objects=("$store"/*.o)
	for o in "${objects[@]}"; do
		case $((i++ % 4)) in
		0) truncate -s 100 "$o" ;;
		1) printf '\x28\x00' | dd of="$o" bs=1 seek=18 conv=notrunc status=none ;;
		2) printf '\xff\xff\xff\x7f' | dd of="$o" bs=1 seek=40 conv=notrunc status=none ;;
		3) head -c 4096 /dev/urandom >"$o" ;;
		esac
	done
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	[ "$output" = "$first" ]
	grep -q 'code store object .* dropped: not an ELF64 relocatable object' <<<"$stderr"
	grep -q 'dropped: an object for another machine' <<<"$stderr"
	grep -q 'dropped: a bad section table' <<<"$stderr"
	# Every region was compiled again, and the store mended.
	[ "$(compiled_regions)" -eq "$regions" ]
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	[ "$output" = "$first" ]
	[ "$(compiled_regions)" -eq 0 ]
}

@test "a program's pack serves its next run without the per-region files" {
	local store=$BATS_TEST_TMPDIR/store
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$DYNAMIC_hello"
	expect_status 0
	local first=$output
	grep -q 'code store pack .* written' <<<"$stderr"
	rm "$store"/*.o "$store"/*.hot 2>/dev/null || true
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$DYNAMIC_hello"
	expect_status 0
	[ "$output" = "$first" ]
	[ "$(compiled_regions)" -eq 0 ]
	# Nothing new: the pack stays as it is.
	! grep -q 'code store pack .* written' <<<"$stderr"
	# Another program has a pack of its own.
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_args" one
	expect_status 0
	[ "$(ls "$store"/*.pack | wc -l)" -eq 2 ]
}

# seed_store STORE PROG: PROG's first run, into STORE; sets first (its
# output) and pack (the program's pack).
seed_store() {
	run_xlift --code-store "$1" "$2"
	expect_status 0
	first=$output
	pack=$(echo "$1"/*.pack)
}

# rerun_from_store STORE PROG FIRST PATTERN: PROG's run from STORE prints
# FIRST, compiles nothing and logs PATTERN.
rerun_from_store() {
	XLIFT_DEBUG=1 run_xlift --code-store "$1" "$2"
	expect_status 0
	[ "$output" = "$3" ]
	[ "$(compiled_regions)" -eq 0 ]
	grep -q "$4" <<<"$stderr"
}

# The pack's image: header field 2 (its offset), then the image's own
# header (48 bytes) and its table of objects (64 bytes each).
image_offset() {
	od -An -tu8 -j16 -N8 "$1" | tr -d ' '
}

@test "a pack's image serves the next run: its code mapped, not linked anew" {
	local store=$BATS_TEST_TMPDIR/store first pack
	XLIFT_DEBUG=1 seed_store "$store" "$DYNAMIC_hello"
	! grep -q 'image of' <<<"$stderr"
	rerun_from_store "$store" "$DYNAMIC_hello" "$first" \
		'code store pack: an image of [1-9][0-9]* objects mapped'
	! grep -q 'without the image' <<<"$stderr"
	[ "$(image_offset "$pack")" -gt 0 ]
}

@test "faults in code from the image name their guest instruction" {
	local store=$BATS_TEST_TMPDIR/store
	run_xlift --code-store "$store" "$STATIC_words"
	expect_status 0
	show_diff "$(guest_expected programs/words)" "$output" "first run"
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_words"
	expect_status 0
	[ "$(compiled_regions)" -eq 0 ]
	grep -q 'image of' <<<"$stderr"
	show_diff "$(guest_expected programs/words)" "$output" "from the image"
}

@test "a damaged image is not used, its objects are linked as before" {
	local store=$BATS_TEST_TMPDIR/store first pack image
	seed_store "$store" "$STATIC_hello"
	image=$(image_offset "$pack")
	[ "$image" -gt 0 ]
	# its header, then its entries
	printf 'garbage!' | dd of="$pack" bs=1 seek="$image" conv=notrunc status=none
	rerun_from_store "$store" "$STATIC_hello" "$first" 'its image ignored: malformed'
	# written anew, with an image that serves
	rerun_from_store "$store" "$STATIC_hello" "$first" 'image of'
	! grep -q 'without the image' <<<"$stderr"
	image=$(image_offset "$pack")
	head -c 4096 /dev/zero | tr '\0' '\377' |
		dd of="$pack" bs=1 seek=$((image + 48)) conv=notrunc status=none
	rerun_from_store "$store" "$STATIC_hello" "$first" 'linked without the image: a damaged image entry'
}

@test "a damaged pack is ignored, and written anew" {
	local store=$BATS_TEST_TMPDIR/store first pack damage
	seed_store "$store" "$STATIC_hello"
	# shorter than a header, entries beyond its end, random bytes
	for damage in 0 1 2; do
		case $damage in
		0) truncate -s 12 "$pack" ;;
		1) truncate -s 100 "$pack" ;;
		2) dd if=/dev/urandom of="$pack" bs=64 count=1 conv=notrunc status=none ;;
		esac
		XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
		expect_status 0
		[ "$output" = "$first" ]
		grep -q "code store pack $pack ignored: " <<<"$stderr"
		grep -q "code store pack $pack written" <<<"$stderr"
		[ "$(compiled_regions)" -eq 0 ]
	done
	rm "$store"/*.o
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	[ "$output" = "$first" ]
	[ "$(compiled_regions)" -eq 0 ]
}

@test "other code at the same addresses is not taken from the store" {
	local store=$BATS_TEST_TMPDIR/store
	run_xlift --code-store "$store" "$STATIC_hello"
	expect_status 0
	run_xlift --code-store "$store" "$STATIC_args" one two
	expect_status 0
	[[ "$output" == *"argc=3"* ]]
}

@test "XLIFT_CODE_STORE picks the store, 'off' stores nothing" {
	local store=$BATS_TEST_TMPDIR/store
	XLIFT_CODE_STORE=$store run_xlift "$STATIC_hello"
	expect_status 0
	ls "$store"/*.o >/dev/null

	local cache=$BATS_TEST_TMPDIR/cache
	XDG_CACHE_HOME=$cache XLIFT_CODE_STORE=off run_xlift "$STATIC_hello"
	expect_status 0
	[ ! -e "$cache/xlift" ]
}

@test "the default store is \$XDG_CACHE_HOME/xlift" {
	local cache=$BATS_TEST_TMPDIR/cache
	mkdir "$cache"
	unset XLIFT_CODE_STORE
	XDG_CACHE_HOME=$cache run_xlift "$STATIC_hello"
	expect_status 0
	ls "$cache"/xlift/*.o >/dev/null
}
