#!/bin/sh
# Segmentation of Russian and Azerbaijani news copy (issue 18): the cases of
# tests/data/segmentation/news_{ru,az}.json, written from agency copy (TASS,
# RIA, Report, AZERTAC, APA style) and some verbatim from it, run through the
# library with the built-in SRX rules and with ICU alone.  The Golden Rules
# stay where they are (tests/golden.sh).
. "$top_srcdir/tests/common.sh"

DRIVER="$top_builddir/tests/seg-lines"
CASES="$DATA/segmentation"
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 not installed"
	exit 77
fi

# count LANG [SRX]: the pass count of LANG's cases; the report goes to the log.
count() {
	python3 "$top_srcdir/tests/golden.py" "$DRIVER" "$CASES/news_$1.json" "$@" >"$T/report-$1" 2>&1
	sed 's/^/    /' "$T/report-$1" | grep -v '^    pass ' >&2
	sed -n "s|^$1: \([0-9]*\)/\([0-9]*\) passed\$|\1 \2|p" "$T/report-$1"
}

set -- $(count ru "$DATA/srx/none.srx"); icu_ru=${1:-0}
set -- $(count az "$DATA/srx/none.srx"); icu_az=${1:-0}
set -- $(count ru); ru=${1:-0} ru_n=${2:-0}
set -- $(count az); az=${1:-0} az_n=${2:-0}
echo "news copy, plain ICU:         ru $icu_ru/$ru_n, az $icu_az/$az_n"
echo "news copy, ICU + SRX rules:   ru $ru/$ru_n, az $az/$az_n"
check "the Russian file has its 37 cases" test "$ru_n" -eq 37
check "the Azerbaijani file has its 34 cases" test "$az_n" -eq 34
check "Russian news copy: 37/37 with the built-in rules (got $ru)" test "$ru" -eq 37
check "Azerbaijani news copy: 34/34 with the built-in rules (got $az)" test "$az" -eq 34
check "the rules improve on plain ICU ($icu_ru -> $ru, $icu_az -> $az)" \
	test "$ru" -gt "$icu_ru" -a "$az" -gt "$icu_az"
finish
