# shellcheck shell=sh
# The busybox spawn workload, `busybox sh spawn.sh N CHILD...`: N iterations,
# each starting CHILD (busybox as the runner starts it: the native build,
# `xlift busybox` or `qemu-riscv64 busybox`) as a new process in a command
# substitution, and every tenth a pipeline of three more: N * 1.3 short
# processes, so the run time is dominated by process start-up.
n=$1
shift
set -e
i=0
sum=0
chars=0
children=0
while [ "$i" -lt "$n" ]; do
	v=$("$@" expr "$i" % 7 + 1)
	sum=$((sum + v))
	children=$((children + 1))
	if [ $((i % 10)) -eq 0 ]; then
		c=$("$@" echo "line $i" | "$@" tr 0-9 a-j | "$@" wc -c)
		chars=$((chars + c))
		children=$((children + 3))
	fi
	i=$((i + 1))
done
echo "children: $children sum: $sum chars: $chars"
