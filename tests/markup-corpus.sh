#!/bin/sh
# HTML and Markdown articles nobody here wrote: every *.md, *.markdown,
# *.html and *.htm under /usr/share/doc (those Debian keeps compressed
# too, unpacked), plus this repository's own Markdown.  tests/markup-check
# reads each with tercume and measures the targets of doc/html.md and
# doc/markdown.md: byte-exact round trip, a pseudo-translated edition with
# the source's element structure, no unit that is only markup, no sentence
# split inside a code.  A file that is not UTF-8 must be refused with a
# clear error (exit 2).  The figures are printed.
. "$top_srcdir/tests/common.sh"
CHECKER_BIN="$top_builddir/tests/markup-check"

list="$T/list"
: >"$list"
if [ -d /usr/share/doc ]; then
	find /usr/share/doc -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.html' \
		-o -name '*.htm' \) >>"$list"
	mkdir "$T/gz"
	find /usr/share/doc -type f \( -name '*.md.gz' -o -name '*.markdown.gz' \
		-o -name '*.html.gz' -o -name '*.htm.gz' \) | while read -r f; do
		out="$T/gz/$(echo "$f" | tr / _)"
		out=${out%.gz}
		zcat "$f" >"$out" 2>/dev/null && echo "$out"
	done >>"$list"
fi
# The sanitizer build (ASan + UBSan runs the reader about 20 times slower)
# takes every eighth file of the corpus, and says so.
if [ -n "${TERCUME_SANITIZED:-}" ]; then
	awk 'NR % 8 == 1' "$list" >"$list.sample" && mv "$list.sample" "$list"
	echo "# sanitizer build: every eighth file of /usr/share/doc"
fi
debian=$(wc -l <"$list")
find "$top_srcdir" -name '*.md' -not -path '*/.git/*' -not -path '*/fuzz/corpus/*' \
	-not -path '*/build*' >>"$list"
total=$(wc -l <"$list")
html=$(grep -ci '\.html*$' "$list")
if [ "$debian" -eq 0 ]; then
	echo "SKIP: no HTML or Markdown under /usr/share/doc"
	exit 77
fi
echo "# corpus: $total files, $debian from /usr/share/doc ($html HTML, $((total - html)) Markdown in all)"
tr '\n' '\0' <"$list" | xargs -0 "$CHECKER_BIN" >"$T/report"
grep -v '^ok ' "$T/report" | grep -v 'not read' | head -50
summary=$(tail -n 1 "$T/report")
echo "$summary"
unread=$(grep -c ': not read$' "$T/report")
read_ok=$(echo "$summary" | sed -n 's/.*round trip \([0-9]*\)\/\([0-9]*\).*/\1 \2/p')
set -- $read_ok
check "every article read is rebuilt byte for byte ($1 of $2)" test "$1" = "$2"
structure=$(echo "$summary" | sed -n 's/.*structure \([0-9]*\)\/\([0-9]*\).*/\1 \2/p')
set -- $structure
check "every pseudo-translated edition has its source's structure ($1 of $2)" test "$1" = "$2"
check "no unit is only markup" grep -q 'only-markup units 0,' "$T/report"
check "no sentence is split inside a code" grep -q 'split in a code 0,' "$T/report"
check "most of the corpus is read ($unread refused)" test "$unread" -lt $((total / 20))
# what was not read is refused with a clear error: not UTF-8
grep ': not read$' "$T/report" | sed 's/^FAIL \(.*\): not read$/\1/' | while read -r f; do
	"$TERCUME" segment "$f" >/dev/null 2>"$T/err"
	echo "$? $f $(head -n 1 "$T/err")"
done >"$T/refused"
sed 's/^/# refused: /' "$T/refused"
check "each file not read is refused with exit 2 and a message naming its line" \
	sh -c '! grep -v "^2 .*:[0-9]*:[0-9]*: error: " "$1"' - "$T/refused"
finish
