#!/bin/sh
# A 200 MB article (the bundled one, 20,000 times): segmented, merged back
# byte for byte, within the memory bound of doc/limits.md.  It takes about
# a minute on two cores and 500 MB of disk, so it runs only when
# TERCUME_BIG_TESTS=1 (tests/run-suite.sh sets it for the normal build).
. "$top_srcdir/tests/common.sh"

if [ "${TERCUME_BIG_TESTS:-0}" != 1 ]; then
	echo "SKIP: the 200 MB article: set TERCUME_BIG_TESTS=1 to run it"
	exit 77
fi
if ! /usr/bin/time -f %M -o "$T/probe" true 2>/dev/null; then
	echo "SKIP: /usr/bin/time (Debian package time) not installed"
	exit 77
fi
# within_bound KB INPUT-BYTES FACTOR: KB <= FACTOR * input + 50 MB.
within_bound() {
	[ "$1" -le $(( ($2 * $3 + 50 * 1048576) / 1024 )) ]
}
printf '<?xml version="1.0" encoding="UTF-8"?>\n<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header segmentsubflows="yes" cascade="no"/><body><languagerules><languagerule languagerulename="none"/></languagerules><maprules/></body></srx>\n' >"$T/none.srx"
i=0
while [ $i -lt 100 ]; do cat "$ARTICLE"; i=$((i + 1)); done >"$T/chunk.txt"
i=0
while [ $i -lt 200 ]; do cat "$T/chunk.txt"; i=$((i + 1)); done >"$T/big.txt"
rm -f "$T/chunk.txt"
size=$(wc -c <"$T/big.txt")
check "the article is over 200 MB" test "$size" -gt 209715200
sum=$(cksum <"$T/big.txt")
check "200 MB: segmented" /usr/bin/time -f %M -o "$T/seg.kb" \
	"$TERCUME" segment --srx "$T/none.srx" -o "$T/big.seg" "$T/big.txt" 2>"$T/err"
rm -f "$T/big.txt"
check "200 MB: merged" sh -c "/usr/bin/time -f %M -o '$T/merge.kb' '$TERCUME' merge '$T/big.seg' | cksum >'$T/merged.sum'"
check "200 MB: merged back byte for byte" test "$(cat "$T/merged.sum")" = "$sum"
seg_kb=$(cat "$T/seg.kb"); merge_kb=$(cat "$T/merge.kb")
echo "# $size bytes: segment peak $seg_kb KB, merge peak $merge_kb KB"
check "200 MB: segment within 6 x input + 50 MB ($seg_kb KB)" within_bound "$seg_kb" "$size" 6
check "200 MB: merge within 6 x input + 50 MB ($merge_kb KB)" within_bound "$merge_kb" "$size" 6
finish
