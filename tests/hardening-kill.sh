#!/bin/sh
# SIGKILL in the middle of writing a catalogue: the previous catalogue must
# be intact afterwards (byte for byte, and msgfmt -c still accepts it).  A
# killed run may leave its temporary file (NAME.tmp-XXXXXX) beside the
# catalogue; doc/limits.md says so.
. "$top_srcdir/tests/common.sh"

# A large article: the bundled one, 150 times (about 1.6 MB, 10,000 units),
# segmented with ICU's breaks only (fast; the rules do not matter here).
# A sanitizer build is some 10 to 30 times slower: a tenth of it there.
copies=150
if "$top_builddir/libtool" --mode=execute ldd "$TERCUME" 2>/dev/null | grep -q libasan; then copies=15; fi
i=0
while [ $i -lt $copies ]; do cat "$ARTICLE"; i=$((i + 1)); done >"$T/big.txt"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header segmentsubflows="yes" cascade="no"/><body><languagerules><languagerule languagerulename="none"/></languagerules><maprules/></body></srx>\n' >"$T/none.srx"
check "the large article segments" "$TERCUME" segment --srx "$T/none.srx" -o "$T/big.seg" "$T/big.txt" 2>/dev/null
# Four times as large for XLIFF, which libxml2 writes much faster.
cat "$T/big.txt" "$T/big.txt" "$T/big.txt" "$T/big.txt" >"$T/big4.txt"
check "the larger article segments" "$TERCUME" segment --srx "$T/none.srx" -o "$T/big4.seg" "$T/big4.txt" 2>/dev/null
rm -f "$T/big.txt" "$T/big4.txt"

# kill_test FORMAT EXT SEGMENTS VALIDATOR...: exports to a previous catalogue
# prev.EXT and kills the export at points spread over one export's time;
# the previous catalogue must come out intact and still valid.
now() { date +%s%N | cut -c1-13; }
kill_test() {
	fmt=$1; ext=$2; seg=$3; shift 3
	prev="$T/prev.$ext"
	"$TERCUME" convert --segments "$SEGMENTS" "$top_srcdir/po/ru.po" --to "$fmt" -o "$prev"
	cp "$prev" "$T/prev.orig"
	check "$fmt: the previous catalogue is valid to begin with" "$@" "$prev"
	check "$fmt: an export that is not killed succeeds" \
		"$TERCUME" export --lang ru --to "$fmt" -o "$T/full.$ext" "$seg"
	# Timed a second time, with the files in the cache.
	t0=$(now)
	"$TERCUME" export --lang ru --to "$fmt" -o "$T/full.$ext" "$seg"
	t1=$(now)
	ms=$((t1 - t0))
	echo "# $fmt: one export of the large article takes $ms ms"
	hits=0
	# A second, denser round when no kill fell in the write phase (the
	# machine got faster or slower than the timing run).
	for pct in 10 25 40 55 65 75 85 92 97 r 30 35 40 45 50 55 60 65 70 75 80 85 90 95; do
		if [ $pct = r ]; then
			[ $hits -gt 0 ] && break
			continue
		fi
		delay=$((ms * pct / 100))
		"$TERCUME" export --force --lang ru --to "$fmt" -o "$prev" "$seg" 2>/dev/null &
		pid=$!
		sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		status=$?
		if ls "$T" | grep -q "^prev\\.$ext\\.tmp-"; then
			hits=$((hits + 1))
			rm -f "$T/prev.$ext.tmp-"*
		fi
		# The previous catalogue, or (finished, or killed after the
		# rename) the whole new one: never anything in between.
		checks=$((checks + 1))
		if cmp -s "$prev" "$T/prev.orig"; then
			pass "$fmt: killed at ${pct}% (${delay} ms, status $status): the previous catalogue is intact"
		elif cmp -s "$prev" "$T/full.$ext"; then
			pass "$fmt: killed at ${pct}% (${delay} ms, status $status): the new catalogue is in place, whole"
		else
			fail "$fmt: killed at ${pct}% (${delay} ms, status $status): the catalogue is neither the old nor the new one"
		fi
		check "$fmt: killed at ${pct}%: it is valid" "$@" "$prev"
		cp "$T/prev.orig" "$prev"
	done
	echo "# $fmt: $hits kills fell in the write phase (a temporary file was left)"
	check "$fmt: at least one kill fell while the catalogue was being written" test $hits -gt 0
}

kill_test po po "$T/big.seg" msgfmt -c -o /dev/null
if command -v xmllint >/dev/null 2>&1; then
	kill_test xliff20 xlf "$T/big4.seg" xmllint --noout
else
	skip "XLIFF: xmllint not installed"
fi
finish
