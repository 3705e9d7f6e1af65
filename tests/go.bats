#!/usr/bin/env bats
# The Go runtime as a guest: tests/go/main.go, built for the guest
# (linux/riscv64 or linux/amd64) by Debian's golang-go at test time, runs
# under xlift and prints what its native x86-64 build prints. Go exercises threads (one M
# per P), futexes, sigaltstack on every thread, SIGSEGV handlers that
# redirect the pc (recovered nil-pointer panics) and SIGURG preemption.
load helpers

# build_go GOARCH: builds tests/go for linux/GOARCH once per source and Go
# version, with Go's caches under the test build directory (works as root
# on a fresh machine, no network), and prints the binary's path.
build_go() {
	local arch=$1 key out
	key=$( { cat "$TESTS_DIR"/go/main.go "$TESTS_DIR"/go/go.mod; go version; } |
		sha1sum | cut -c1-12)
	out=$XLIFT_TEST_BUILD/go-$arch-$key
	if [ ! -x "$out" ]; then
		(cd "$TESTS_DIR/go" &&
			GOOS=linux GOARCH=$arch CGO_ENABLED=0 GOPROXY=off GOFLAGS=-mod=mod \
				GOCACHE=$XLIFT_TEST_BUILD/go-cache GOPATH=$XLIFT_TEST_BUILD/go-path \
				go build -o "$out.tmp.$$" .) >&2 ||
			{ echo "build_go: cannot build tests/go for $arch" >&2; return 1; }
		mv -f "$out.tmp.$$" "$out"
	fi
	echo "$out"
}

setup_file() {
	command -v go >/dev/null 2>&1 || return 0
	local goarch=riscv64
	[ "$GUEST" = x86_64 ] && goarch=amd64
	GO_GUEST=$(build_go $goarch) && GO_NATIVE=$(build_go amd64) || return 1
	export GO_GUEST GO_NATIVE
}

setup() {
	require_xlift
	command -v go >/dev/null 2>&1 ||
		skip "golang-go is not installed (scripts/install-deps.sh): no Go compiler"
}

@test "go: goroutines on 4 Ps, channels and a WaitGroup" {
	check_same_as_native "$GO_NATIVE" "$GO_GUEST" goroutines
}

@test "go: time.Sleep, time.After, timers and tickers" {
	check_same_as_native "$GO_NATIVE" "$GO_GUEST" timers
}

@test "go: nil-pointer panics recovered through the SIGSEGV handler" {
	check_same_as_native "$GO_NATIVE" "$GO_GUEST" panics
}

@test "go: a loop without calls is preempted asynchronously (SIGURG)" {
	run_clean timeout 120 "$XLIFT" "$GO_GUEST" preemption
	expect_status 0
	[ "$output" = "preempted: true" ]
}

@test "go: every mode in one process" {
	check_same_as_native "$GO_NATIVE" "$GO_GUEST" goroutines timers panics preemption
}
