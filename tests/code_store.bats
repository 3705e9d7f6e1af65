#!/usr/bin/env bats
# The code store: translated regions kept on disk (--code-store,
# XLIFT_CODE_STORE, default $XDG_CACHE_HOME/xlift) and reused by later runs.

load helpers

setup_file() {
	require_xlift
	build_all STATIC_hello=static:programs/hello.c STATIC_args=static:programs/args.c \
		DYNAMIC_hello=dynamic:programs/hello.c STATIC_hot=static:programs/hot.c
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

@test "a region hot in one run goes to the optimiser at first sight in the next" {
	local store=$BATS_TEST_TMPDIR/store mark
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hot"
	expect_status 0
	local first=$output
	ls "$store"/*.hot >/dev/null
	# as if the run had ended before its optimiser got to them
	for mark in "$store"/*.hot; do
		rm -f "${mark%.hot}.o"
	done
	XLIFT_DEBUG=1 run_xlift --code-store "$store" "$STATIC_hot"
	expect_status 0
	[ "$output" = "$first" ]
	grep -q 'hot in an earlier run' <<<"$stderr"
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
