#!/bin/sh
# Conformance: the pragmatic-segmenter "Golden Rules" for English and
# Russian, run through the library with its built-in SRX rules.  The data
# stays out of the repository: it is read from ../shared/segmentation beside
# the source tree, and the test is skipped when it is not there.
# Target (issue 6): at least 48/52 English and 42/42 Russian.
. "$top_srcdir/tests/common.sh"

GOLDEN="$top_srcdir/../shared/segmentation"
DRIVER="$top_builddir/tests/seg-lines"
if [ ! -f "$GOLDEN/golden_en.json" ] || [ ! -f "$GOLDEN/golden_ru.json" ]; then
	echo "SKIP: $GOLDEN/golden_en.json and golden_ru.json are not present"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 not installed"
	exit 77
fi

# count LANG [SRX]: the pass count of LANG's file; the report goes to the log.
count() {
	python3 "$top_srcdir/tests/golden.py" "$DRIVER" "$GOLDEN/golden_$1.json" "$@" >"$T/report-$1" 2>&1
	sed 's/^/    /' "$T/report-$1" | grep -v '^    pass ' >&2
	sed -n "s|^$1: \([0-9]*\)/\([0-9]*\) passed\$|\1 \2|p" "$T/report-$1"
}

set -- $(count en "$DATA/srx/none.srx"); icu_en=${1:-0}
set -- $(count ru "$DATA/srx/none.srx"); icu_ru=${1:-0}
# The built-in rules as a user of the build tree gets them: no
# TERCUME_SRX_DIR (make check sets it to data/srx), so the installed folder
# if there is one, else the rules compiled into the library.
set -- $(unset TERCUME_SRX_DIR; count en); en=${1:-0} en_n=${2:-0}
set -- $(unset TERCUME_SRX_DIR; count ru); ru=${1:-0} ru_n=${2:-0}
# Only the compiled-in copy (a rules folder without the files), and only
# the folder data/srx: the same counts.
mkdir "$T/empty"
set -- $(TERCUME_SRX_DIR="$T/empty" count en); in_en=${1:-0}
set -- $(TERCUME_SRX_DIR="$T/empty" count ru); in_ru=${1:-0}
set -- $(TERCUME_SRX_DIR="$top_srcdir/data/srx" count en); dir_en=${1:-0}
set -- $(TERCUME_SRX_DIR="$top_srcdir/data/srx" count ru); dir_ru=${1:-0}
installed=none
[ -d "${pkgdatadir:-/nonexistent}/srx" ] && installed="$pkgdatadir/srx"
echo "golden rules, plain ICU:         en $icu_en/$en_n, ru $icu_ru/$ru_n"
echo "golden rules, ICU + SRX rules:   en $en/$en_n, ru $ru/$ru_n (TERCUME_SRX_DIR unset; installed rules: $installed)"
echo "golden rules, compiled-in rules: en $in_en/$en_n, ru $in_ru/$ru_n"
echo "golden rules, data/srx folder:   en $dir_en/$en_n, ru $dir_ru/$ru_n"
check "the compiled-in rules score as data/srx does (en $in_en, $dir_en; ru $in_ru, $dir_ru)" \
	test "$in_en" -eq "$dir_en" -a "$in_ru" -eq "$dir_ru"
check "English: the compiled-in rules pass at least 48/52 (got $in_en)" test "$in_en" -ge 48
check "the English file has its 52 cases" test "$en_n" -eq 52
check "the Russian file has its 42 cases" test "$ru_n" -eq 42
check "English: at least 48/52 pass with the built-in rules (got $en)" test "$en" -ge 48
check "Russian: 42/42 pass with the built-in rules (got $ru)" test "$ru" -eq 42
check "the rules improve on plain ICU for English ($icu_en -> $en)" test "$en" -gt "$icu_en"
finish
