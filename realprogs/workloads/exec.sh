# shellcheck shell=sh disable=SC2018,SC2019,SC2126 # exercises tr and wc on purpose
# The busybox exec workload, `busybox sh exec.sh INPUT` (INPUT made by
# gen.lua): applets that busybox's shell runs by executing
# /proc/self/exe, so the emulator must exec the guest program again.
input=$1
set -e
echo "lines: $(wc -l <"$input") words: $(wc -w <"$input")"
echo "errors: $(grep -c ERROR "$input")"
cut -d' ' -f4 "$input" | sort | uniq -c | sort -rn | head -n 3
sed -n 's/.*bytes=\([0-9]*\).*/\1/p' "$input" | sort -n | tail -n 2
tr 'a-z' 'A-Z' <"$input" | grep -E 'ZULU|XRAY' | wc -l
echo "gzip: $(gzip -c "$input" | gunzip | md5sum | cut -c1-12)"
mkdir -p tree/a
head -n 20 "$input" >tree/a/head.txt
tail -n 20 "$input" | rev >tree/tail.txt
tar -cf tree.tar tree
rm -r tree
tar -xf tree.tar
cat tree/a/head.txt tree/tail.txt | wc -c
cmp tree/a/head.txt tree/a/head.txt && echo "cmp ok"
od -x tree/a/head.txt | head -n 2
rm -r tree tree.tar
echo finished
