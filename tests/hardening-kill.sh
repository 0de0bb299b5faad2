#!/bin/sh
# SIGKILL in the middle of writing a catalogue: the previous catalogue must
# be intact afterwards (byte for byte, and msgfmt -c still accepts it).  A
# killed run may leave its temporary file (NAME.tmp-XXXXXX) beside the
# catalogue; doc/limits.md says so.
. "$top_srcdir/tests/common.sh"

# A large article: the bundled one, 150 times (about 1.6 MB, 10,000 units),
# segmented with ICU's breaks only (fast; the rules do not matter here).
i=0
while [ $i -lt 150 ]; do cat "$ARTICLE"; i=$((i + 1)); done >"$T/big.txt"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header segmentsubflows="yes" cascade="no"/><body><languagerules><languagerule languagerulename="none"/></languagerules><maprules/></body></srx>\n' >"$T/none.srx"
check "the large article segments" "$TERCUME" segment --srx "$T/none.srx" -o "$T/big.seg" "$T/big.txt"

# The previous catalogue: the project's Russian one.
cp "$top_srcdir/po/ru.po" "$T/prev.po"
cp "$T/prev.po" "$T/prev.orig"

# How long one export of the large article takes, in milliseconds.
now() { date +%s%N | cut -c1-13; }
t0=$(now)
check "an export that is not killed succeeds" "$TERCUME" export --lang ru -o "$T/full.po" "$T/big.seg"
t1=$(now)
ms=$((t1 - t0))
echo "# one export of $(grep -c '^msgctxt' "$T/full.po") units takes $ms ms"

# Kill exports to prev.po at points spread over that time.
hits=0
for pct in 10 25 40 55 65 75 85 92 97; do
	delay=$((ms * pct / 100))
	"$TERCUME" export --lang ru -o "$T/prev.po" "$T/big.seg" 2>/dev/null &
	pid=$!
	sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	status=$?
	if ls "$T" | grep -q '^prev\.po\.tmp-'; then
		hits=$((hits + 1))
		rm -f "$T"/prev.po.tmp-*
	fi
	if [ $status -eq 0 ]; then
		# Finished before the kill: the new catalogue is in place; put
		# the old one back for the next round.
		check "killed at ${pct}%: finished first, the catalogue is whole" cmp -s "$T/prev.po" "$T/full.po"
		cp "$T/prev.orig" "$T/prev.po"
		continue
	fi
	check "killed at ${pct}% (${delay} ms): the previous catalogue is intact" cmp -s "$T/prev.po" "$T/prev.orig"
	check "killed at ${pct}%: msgfmt -c accepts it" msgfmt -c -o /dev/null "$T/prev.po"
done
echo "# $hits kills fell in the write phase (a temporary file was left)"
check "at least one kill fell while the catalogue was being written" test $hits -gt 0
finish
