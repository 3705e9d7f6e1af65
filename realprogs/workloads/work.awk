# The gawk workload: a report over the generated log (gen.lua): counts per
# level and service, byte sums, word frequencies, regex filters, sorting.
{
	level[$5]++
	service[$4]++
	split($7, kv, "=")
	bytes[$4] += kv[2]
	split($8, ms, "=")
	lat = ms[2] + 0
	if (lat > maxlat) { maxlat = lat; maxline = NR }
	total += lat
	for (i = 9; i <= NF; i++) words[$i]++
	if ($0 ~ /ERROR.*(timeout|retry)/) errors++
	hour[substr($2, 1, 2)]++
	user = $6
	sub(/^user/, "", user)
	if (user % 97 == 0) special[toupper($4) "-" user]++
}
END {
	PROCINFO["sorted_in"] = "@ind_str_asc"
	for (k in level) printf "level %-6s %d\n", k, level[k]
	for (k in service) printf "service %-6s %d bytes=%d\n", k, service[k], bytes[k]
	PROCINFO["sorted_in"] = "@val_num_desc"
	n = 0
	for (k in words) { if (++n > 10) break; printf "word %s %d\n", k, words[k] }
	PROCINFO["sorted_in"] = "@ind_num_asc"
	for (h in hour) printf "hour %s %d\n", h, hour[h]
	printf "lines %d errors %d maxlat %.3f at %d mean %.4f\n", NR, errors, maxlat, maxline, total / NR
	m = asorti(special, keys)
	printf "special %d first %s last %s\n", m, keys[1], keys[m]
	s = sprintf("%s", "The Quick Brown Fox")
	gsub(/[aeiou]/, "<&>", s)
	print s, length(s), index(s, "Br"), tolower(substr(s, 5, 9))
	printf "%5.2e %x %o %c %10.4s|\n", 12345.678, 255, 8, 65, "abcdefgh"
}
