#!/usr/bin/env bats
# The host's own x86-64 programs (Debian's, dynamically linked against the
# host's glibc) run as x86-64 guests, with the host root as sysroot; each
# must print the same bytes and exit with the same status as run natively.

load helpers

setup() {
	[ "$(uname -m)" = x86_64 ] || skip "the host's programs are x86-64 only on an x86-64 host"
	require_xlift
	cd "$BATS_TEST_TMPDIR"
	seq 1 4000 | awk '{ printf "%d line %x %s\n", ($1 * 7919) % 1000, $1, ($1 % 3 ? "tcp" : "udp") }' >input.txt
}

# same_as_host PROG ARGS...: PROG's stdout (as a hash: it may be binary)
# and exit status, natively and under xlift -L /.
same_as_host() {
	[ -x "$1" ] || { echo "$1 is not installed (scripts/install-deps.sh)"; return 1; }
	run_clean bash -c '"$@" | sha256sum; exit "${PIPESTATUS[0]}"' sh "$@"
	local native=$output native_status=$status
	run_clean bash -c '"$0" -L / "$@" | sha256sum; exit "${PIPESTATUS[0]}"' "$XLIFT" "$@"
	[ "$status" -eq "$native_status" ] || { echo "status $status, natively $native_status: $stderr"; return 1; }
	[ "$output" = "$native" ] || { echo "output differs from the native run: $stderr"; return 1; }
}

@test "coreutils: sort, sha256sum, ls, find, true and false" {
	same_as_host /usr/bin/sort -k2 -n input.txt
	same_as_host /usr/bin/sha256sum input.txt
	same_as_host /bin/ls -la --time-style=+ "$TESTS_DIR"
	same_as_host /usr/bin/find "$TESTS_DIR" -name '*.bats'
	same_as_host /bin/true
	same_as_host /bin/false
}

@test "bash runs a script with loops, arithmetic, functions and a pipeline" {
	same_as_host /bin/bash -c 'f() { echo $(( $1 * $1 )); }; for i in $(seq 1 50); do f $i; done | tr 0 x; exit 3'
}

@test "a guest that runs xlift itself gets the real xlift, directly and through env" {
	run_clean "$XLIFT" -L / /bin/sh -c '"$0" -L / /bin/echo direct; /usr/bin/env "$0" -L / /bin/echo via env' "$XLIFT"
	echo "$stderr"
	[ "$status" -eq 0 ]
	[ "$output" = "direct
via env" ]
}

@test "a #! script the guest runs has its interpreter (sed -f) run under xlift, not natively" {
	printf '#!/bin/sed -f\ns/tcp/TCP/\n' >edit.sed
	chmod +x edit.sed
	same_as_host /bin/sh -c './edit.sed input.txt'
	run_clean "$XLIFT" --strace -L / /bin/sh -c './edit.sed input.txt'
	expect_status 0
	# only sed opens its script: the shell's execve does not
	grep -Eq '^openat\(-?[0-9]+, "\./edit\.sed", 0x0' <<<"$stderr"
}

@test "sed, grep and gawk over a file" {
	same_as_host /bin/sed -n 's/tcp/TCP/p' input.txt
	same_as_host /bin/grep -c -E '^[0-9]+ line [0-9a-f]*f ' input.txt
	same_as_host /usr/bin/gawk '{ n[$4]++; s += $1 } END { for (k in n) print k, n[k]; print s }' input.txt
}

@test "gzip, xz and bzip2 compress (and decompress) as natively" {
	same_as_host /bin/gzip -9c input.txt
	same_as_host /usr/bin/xz -c input.txt
	same_as_host /bin/bzip2 -c input.txt
	gzip -c input.txt >input.gz
	same_as_host /bin/gzip -dc input.gz
}

@test "sqlite3, perl and python3 run scripts" {
	same_as_host /usr/bin/sqlite3 :memory: 'create table t(a, b); with recursive c(x) as (select 1 union all select x + 1 from c where x < 500) insert into t select x, x * x from c; select count(*), sum(b), max(a) from t;'
	same_as_host /usr/bin/perl -e 'my %h; $h{$_ % 7} += $_ for 1..1000; print map { "$_=$h{$_}\n" } sort keys %h'
	same_as_host /usr/bin/python3 -c 'import hashlib, json; print(json.dumps({str(i): hashlib.sha1(bytes([i])).hexdigest() for i in range(20)}, sort_keys=True))'
}

@test "gcc compiles and links a C program with cc1, as, collect2 and ld all under xlift" {
	printf '#include <stdio.h>\nint main(void) { printf("%%d\\n", 6 * 7); return 0; }\n' >h.c
	run_clean "$XLIFT" --strace -L / /usr/bin/gcc -O2 -o h h.c
	expect_status 0
	# The guest's --strace has calls that only gcc's programs make (the
	# driver makes none of them: strace -f natively says so), so each of
	# them ran under xlift, not natively.
	local call
	for call in '"h\.c", 0x100,' \
		'"[^"]*\.s", 0x241,' \
		'"[^"]*\.s", 0x0,' '"[^"]*\.o", 0x242,' \
		'"[^"]*\.cdtor\.o", 0xc2,' \
		'"[^"]*/S?crt1\.o", 0x0,'; do
		# cc1 reads h.c, writes the .s; as reads it, writes the .o;
		# collect2 makes its cdtor object; ld reads crt1.o
		grep -Eq "^openat\(-?[0-9]+, $call" <<<"$stderr" || { echo "no openat($call"; return 1; }
	done
	run_clean ./h
	[ "$output" = 42 ]
}
