#!/bin/sh
# What reading an XLIFF catalogue costs in memory grows with the catalogue
# and no faster than reading the same catalogue from PO (which is read as a
# stream of bytes) does (issue 15, doc/limits.md "Memory").  Peak RSS is
# measured at two sizes, N and 2N units; the figures compared are ratios
# and increments, never absolute sizes, so that the test holds on any
# machine:
#   * convert, merge and check from XLIFF 2.0 and 1.2: at 2N units within
#     3x of N (linear);
#   * convert from XLIFF 2.0: what N more units add to the peak is at most
#     1.5x what they add when the same catalogue is read from PO: 0.9x now
#     that the reader reads a unit at a time; 4.4x when it held the tree of
#     the file without the units read, 6.3x when it held the whole tree.
. "$top_srcdir/tests/common.sh"

if [ -n "${CHECKER:-}" ] || [ -n "${TERCUME_SANITIZED:-}" ]; then
	echo "SKIP: memory test, not under CHECKER or a sanitizer (their own memory counts)"
	exit 77
fi
if [ ! -x /usr/bin/time ]; then
	echo "SKIP: GNU time (/usr/bin/time, Debian package 'time') not installed"
	exit 77
fi

# kb FILE CMD...: peak RSS in KB of CMD (best of two runs), into FILE.
kb() {
	out=$1; shift
	best=
	for run in 1 2; do
		if ! /usr/bin/time -f '%M' -o "$T/time" "$@" >/dev/null 2>"$T/err"; then
			echo "FAIL: $* did not succeed"; sed 's/^/    /' "$T/err"
			echo 999999999 >"$out"
			return
		fi
		now=$(tail -n 1 "$T/time")
		if [ -z "$best" ] || [ "$now" -lt "$best" ]; then best=$now; fi
	done
	echo "$best" >"$out"
}

# An article of N distinct sentences, eight to a paragraph, its catalogues
# translated: PO, XLIFF 2.0, XLIFF 1.2.
make_set() {
	n=$1 k=$2
	awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) {
		printf "Sentence %d of this article says something about item %d. ", i, i * 7
		if (i % 8 == 0) print "\n" } print "" }' >"$T/a$k.txt"
	"$TERCUME" segment -o "$T/a$k.seg" "$T/a$k.txt" || fail "segment a$k"
	"$TERCUME" export -l xx --to po -o "$T/e$k.po" "$T/a$k.seg" || fail "export a$k"
	awk '/^msgid "/ { id = substr($0, 7); print; next }
	     /^msgstr ""$/ && id != "\"\"" { print "msgstr \"[xx] " substr(id, 2); next }
	     { print }' "$T/e$k.po" >"$T/t$k.po"
	"$TERCUME" convert --to xliff20 -o "$T/t$k.20.xlf" "$T/t$k.po" || fail "convert a$k to 2.0"
	"$TERCUME" convert --to xliff12 -o "$T/t$k.12.xlf" "$T/t$k.po" || fail "convert a$k to 1.2"
}
make_set 15000 1
make_set 30000 2
check "the XLIFF 2.0 catalogue has every unit translated" \
	test "$(grep -c '<target>\[xx\] ' "$T/t2.20.xlf")" -ge 30000

for i in 1 2; do
	kb "$T/po$i.convert" "$TERCUME" convert -o "$T/c$i.po" "$T/t$i.po"
	for v in 20 12; do
		kb "$T/x$v-$i.convert" "$TERCUME" convert -o "$T/c$i.$v.po" "$T/t$i.$v.xlf"
		kb "$T/x$v-$i.merge" "$TERCUME" merge -o "$T/m$i.$v.txt" "$T/a$i.seg" "$T/t$i.$v.xlf"
		kb "$T/x$v-$i.check" "$TERCUME" check "$T/t$i.$v.xlf"
	done
done
for v in 20 12; do
	check "XLIFF $v read has every translation" \
		test "$(grep -c '^msgstr "\[xx\] ' "$T/c2.$v.po")" = "$(grep -c '^msgstr "\[xx\] ' "$T/c2.po")"
done
check "merge from XLIFF 2.0 translates" grep -q '^\[xx\] Sentence 1 of' "$T/m2.20.txt"

for v in 20 12; do
	for c in convert merge check; do
		a=$(cat "$T/x$v-1.$c") b=$(cat "$T/x$v-2.$c")
		echo "# $c from XLIFF $v: $a KB at 15,000 units, $b KB at 30,000"
		check "$c from XLIFF $v: memory grows linearly" test "$b" -lt $((3 * a))
	done
done
# 2.0 only: 1.2's tree is bigger (7.5x before, 6.5x now), too close to
# any bound that would catch a regression there.
p1=$(cat "$T/po1.convert") p2=$(cat "$T/po2.convert")
x1=$(cat "$T/x20-1.convert") x2=$(cat "$T/x20-2.convert")
echo "# 15,000 more units add $((p2 - p1)) KB read from PO, $((x2 - x1)) KB from XLIFF 2.0"
check "XLIFF 2.0: 15,000 more units cost at most 1.5x what they cost from PO" \
	test $((2 * (x2 - x1))) -le $((3 * (p2 - p1)))
finish
