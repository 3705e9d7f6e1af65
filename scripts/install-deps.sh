#!/bin/sh
# Installs every Debian package that building and testing xlift needs.
# Idempotent; for a fresh Debian 12 machine, run as root.
set -eu

packages="
  build-essential autoconf automake pkg-config file
  llvm-19-dev libelf-dev libseccomp-dev libzstd-dev zlib1g-dev
  gcc-riscv64-linux-gnu g++-riscv64-linux-gnu libc6-dev-riscv64-cross
  qemu-user bats time
"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
