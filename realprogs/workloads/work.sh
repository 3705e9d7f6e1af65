# shellcheck shell=sh disable=SC2003,SC2308 # exercises the expr applet on purpose
# The busybox workload, `busybox sh work.sh INPUT LOOPS` (INPUT made by
# gen.lua): shell arithmetic, strings and pipelines of applets
# that busybox runs in a forked child without exec (NOFORK/NOEXEC), so
# qemu-user, which cannot exec a foreign /proc/self/exe, runs it too.
# exec.sh covers the applets that busybox execs.
input=$1 loops=${2:-100}
set -e

i=0 sum=0 str=""
while [ $i -lt "$loops" ]; do
	sum=$(( (sum * 31 + i) % 1000003 ))
	case $((i % 3)) in
	0) str="${str}a" ;;
	1) str="${str#a}b" ;;
	*) str="${str%b}" ;;
	esac
	i=$((i + 1))
done
echo "loop sum=$sum len=${#str}"

echo "md5: $(md5sum "$input" | cut -d' ' -f1)"
echo "sha256: $(sha256sum "$input" | cut -c1-16)"
awk '{ n++; w += NF; c += length($0) + 1 } END { print "lines", n, "words", w, "chars", c }' "$input"
echo "top services:"
cut -d' ' -f4 "$input" | sort | awk '{ n[$1]++ } END { for (k in n) print n[k], k }' |
	sort -rn | head -n 3
echo "levels:"
awk '{ n[$5]++ } END { for (k in n) print k, n[k] }' "$input" | sort
cut -d' ' -f7 "$input" | cut -d= -f2 | sort -n | awk 'NR == 1 { print "min", $1 } END { print "max", $1 }'
sort -k6,6 -k2,2r "$input" | head -n 3 | md5sum | cut -c1-12
mkdir -p tree/a/b
seq 1 50 >tree/a/nums
head -n 20 "$input" >tree/a/b/head.txt
find tree -type f | sort
echo "expr: $(expr 6 \* 7) $(expr length "$str$sum") $(printf '%05d|%-4s|%x' 42 ab 255)"
seq 1 1000 | paste -sd+ | cut -c1-20
xargs -n 5 echo <tree/a/nums | head -n 2
rm -r tree
echo finished
