#!/bin/sh
# tercume merge SEGMENTS CATALOGUE: the fallback policy, thresholds, atomic
# output and the HTML page, through the command line.
. "$top_srcdir/tests/common.sh"

# html_query FILE XPATH: the XPath value in an HTML page, read back by xmllint.
html_query() { xmllint --html --xpath "$2" "$1" 2>/dev/null; }
have_xmllint=yes
command -v xmllint >/dev/null 2>&1 || { have_xmllint=no; skip "HTML read-back: xmllint not installed"; }

# ---- without a catalogue ----
expect_status 0 "merge with no catalogue" "$TERCUME" merge -o "$T/back.txt" "$SEGMENTS"
check "no catalogue: the source byte for byte" cmp -s "$ARTICLE" "$T/back.txt"
expect_status 0 "the source as an HTML page (-o FILE.html)" "$TERCUME" merge -o "$T/src.html" "$SEGMENTS"
check "the page starts with the HTML5 doctype" sh -c "head -1 '$T/src.html' | grep -qx '<!DOCTYPE html>'"
if [ $have_xmllint = yes ]; then
	check "source page: lang en" test "$(html_query "$T/src.html" 'string(/html/@lang)')" = en
	check "source page: three h2 headings" test "$(html_query "$T/src.html" 'count(//h2)')" = 3
	check "source page: 25 paragraphs" test "$(html_query "$T/src.html" 'count(//article/p)')" = 25
fi
expect_status 0 "--to text overrides the .html name" "$TERCUME" merge --to text -o "$T/plain.html" "$SEGMENTS"
check "--to text: the source byte for byte" cmp -s "$ARTICLE" "$T/plain.html"

# ---- usage errors ----
expect_status 2 "an unknown fallback" "$TERCUME" merge --fallback maybe "$SEGMENTS" "$T/x.po"
stderr_has "unknown fallback 'maybe'" "names the bad fallback"
expect_status 2 "a coverage above 100" "$TERCUME" merge --min-coverage 101 "$SEGMENTS" "$T/x.po"
stderr_has "min-coverage: wants a percentage" "explains --min-coverage"
expect_status 2 "an unknown output format" "$TERCUME" merge --to pdf "$SEGMENTS"
expect_status 2 "too many operands" "$TERCUME" merge "$SEGMENTS" "$T/a.po" "$T/b.po"
: >"$T/cat.txt"
expect_status 2 "a catalogue of unknown format" "$TERCUME" merge "$SEGMENTS" "$T/cat.txt"
stderr_has "cat.txt: error: cannot tell the catalogue format" "names the catalogue"

# ---- with a PO catalogue ----
# Everything below needs a PO catalogue: stop early if there is none.
if ! "$TERCUME" export "$SEGMENTS" --lang ru -o "$T/ru.po" 2>/dev/null; then
	fail "a PO catalogue cannot be exported or read"
	finish
	exit $?
fi

expect_status 3 "a missing catalogue" "$TERCUME" merge "$SEGMENTS" "$T/none.po"

# An empty (untranslated) catalogue is refused by default (an edition
# hardly translated at all, issue 12); --min-coverage 0 gives the source
# back, unit by unit.
expect_status 1 "untranslated catalogue: refused by default" "$TERCUME" merge -o "$T/empty.txt" "$SEGMENTS" "$T/ru.po"
stderr_has "0 of its 69 units \(0\.0%\) have a usable translation.*--min-coverage 0" "untranslated: the refusal says why and how"
check "untranslated: nothing written" test ! -e "$T/empty.txt"
expect_status 0 "untranslated catalogue, --min-coverage 0" "$TERCUME" merge --min-coverage 0 -o "$T/empty.txt" "$SEGMENTS" "$T/ru.po"
check "untranslated: the source byte for byte" cmp -s "$ARTICLE" "$T/empty.txt"
stderr_has "ru: 69 units, 0 translated, 0 fuzzy used, 69 kept in English, 0 stale" "untranslated: the summary"
check "untranslated: a warning per unit" test "$(grep -c 'warning: \[untranslated\]' "$T/err")" = 69
stderr_has "ru.po:[0-9]+: warning: \[untranslated\] unit 4c1ea835 \(byline 1\) is not translated" \
	"untranslated: the warning names the catalogue and line"

# A full "translation": every Latin letter becomes a Cyrillic one.
msgen -o "$T/en.po" "$T/ru.po" &&
	msgfilter --keep-header -i "$T/en.po" -o "$T/full.po" sed -e 's/[A-Za-z]/ж/g'
check "a fully translated catalogue is made" test -s "$T/full.po"
expect_status 0 "full catalogue" "$TERCUME" merge -o "$T/full.txt" "$SEGMENTS" "$T/full.po"
stderr_has "ru: 69 units, 69 translated, 0 fuzzy used, 0 kept in English, 0 stale" "full: the summary"
check "full: not one source-language sentence (no Latin letter)" sh -c "! grep -q '[A-Za-z]' '$T/full.txt'"
check "full: the source's lines" test "$(wc -l <"$T/full.txt")" = "$(wc -l <"$ARTICLE")"
check "full: nothing reported but the summary" test "$(grep -c . "$T/err")" = 1

# A fuzzy translation is used only when asked.
sed 's/^msgctxt "d4899fed"/#, fuzzy\n&/' "$T/full.po" >"$T/fuzzy.po"
expect_status 0 "fuzzy, default" "$TERCUME" merge -o "$T/fuzzy.txt" "$SEGMENTS" "$T/fuzzy.po"
check "fuzzy: the source heading is kept" grep -qx 'As Allies' "$T/fuzzy.txt"
stderr_has "fuzzy.po:[0-9]+: warning: \[fuzzy\] unit d4899fed \(heading 1\)" "fuzzy: reported with the entry's line"
stderr_has "68 translated, 0 fuzzy used, 1 kept in English, 0 stale, 1 fuzzy not used" "fuzzy: the summary"
expect_status 0 "fuzzy, --use-fuzzy" "$TERCUME" merge --use-fuzzy -o "$T/fuzzy.txt" "$SEGMENTS" "$T/fuzzy.po"
check "--use-fuzzy: the fuzzy translation is used" sh -c "! grep -q 'As Allies' '$T/fuzzy.txt'"
stderr_has "68 translated, 1 fuzzy used, 0 kept in English" "--use-fuzzy: the summary"

# --fallback fail: exit 1 and nothing written; the previous edition survives.
echo "previous edition" >"$T/keep.txt"
expect_status 1 "--fallback fail with a fuzzy unit" "$TERCUME" merge --fallback fail -o "$T/keep.txt" "$SEGMENTS" "$T/fuzzy.po"
stderr_has "error: \[fuzzy\] unit d4899fed" "fallback fail: the unit is an error"
stderr_has "error: the edition is refused" "fallback fail: the verdict"
check "fallback fail: the previous edition is untouched" grep -qx "previous edition" "$T/keep.txt"
expect_status 0 "--fallback fail with --use-fuzzy" "$TERCUME" merge --fallback fail --use-fuzzy -o "$T/keep.txt" "$SEGMENTS" "$T/fuzzy.po"

# Stale: the recorded source was edited in the catalogue…
sed 's/^msgid "Author: Natig MAMEDZADE"/msgid "Author: Natiq MAMEDZADE"/' "$T/full.po" >"$T/stale.po"
check "a stale catalogue is made" sh -c "! cmp -s '$T/full.po' '$T/stale.po'"
expect_status 0 "stale entry" "$TERCUME" merge -o "$T/stale.txt" "$SEGMENTS" "$T/stale.po"
check "stale: the source byline is kept" sh -c "head -1 '$T/stale.txt' | grep -qx 'Author: Natig MAMEDZADE'"
stderr_has "stale.po:[0-9]+: warning: \[stale\] unit 4c1ea835" "stale: reported with the entry's line"
stderr_has "68 translated, 0 fuzzy used, 1 kept in English, 1 stale" "stale: the summary"
# …or the article was edited after the translation.
sed 's/Natig MAMEDZADE/Natiq MAMEDZADE/' "$ARTICLE" >"$T/edited.txt"
"$TERCUME" segment -o "$T/edited.seg" "$T/edited.txt"
expect_status 0 "article edited after translation" "$TERCUME" merge -o "$T/edited.out" "$T/edited.seg" "$T/full.po"
check "edited: the edited byline stays in English" sh -c "head -1 '$T/edited.out' | grep -qx 'Author: Natiq MAMEDZADE'"
stderr_has "warning: \[stale\] unit [0-9a-f]{8} \(byline 1\) has a stale translation" "edited: the old translation is stale"
stderr_has "1 kept in English, 1 stale$" "edited: stale, not an unknown ID"

# An entry whose ID the article does not know: a warning, or an error with --fallback fail.
cp "$T/full.po" "$T/unknown.po"
printf '\nmsgctxt "deadbeef"\nmsgid "Not from this article."\nmsgstr "Не из этой статьи."\n' >>"$T/unknown.po"
expect_status 0 "unknown ID" "$TERCUME" merge -o "$T/unknown.txt" "$SEGMENTS" "$T/unknown.po"
stderr_has "unknown.po:[0-9]+: warning: \[unknown-id\] unit ID 'deadbeef' is not in the article" "unknown: a warning naming the ID"
stderr_has "69 translated, 0 fuzzy used, 0 kept in English, 0 stale, 1 unknown ID" "unknown: the summary"
check "unknown: the same edition" cmp -s "$T/full.txt" "$T/unknown.txt"
expect_status 1 "unknown ID with --fallback fail" "$TERCUME" merge --fallback fail -o "$T/unknown2.txt" "$SEGMENTS" "$T/unknown.po"
check "unknown, fallback fail: nothing written" test ! -e "$T/unknown2.txt"
# Obsolete entries are ignored.
printf '\n#~ msgctxt "0badf00d"\n#~ msgid "Gone."\n#~ msgstr "Ушло."\n' >>"$T/unknown.po"
expect_status 0 "an obsolete entry" "$TERCUME" merge -o "$T/obsolete.txt" "$SEGMENTS" "$T/unknown.po"
check "obsolete: not reported" sh -c "! grep -q 0badf00d '$T/err'"

# --min-coverage: a threshold not met is exit 1 with nothing written.
expect_status 1 "coverage 0% < 50%" "$TERCUME" merge --min-coverage 50 -o "$T/cov.txt" "$SEGMENTS" "$T/ru.po"
stderr_has "error: the edition is refused: 0.0% of the units are translated, less than the 50.0% required" "coverage: the reason"
check "coverage: nothing written" test ! -e "$T/cov.txt"
expect_status 0 "coverage 98.6% >= 98.5%" "$TERCUME" merge --min-coverage 98.5 -o "$T/cov.txt" "$SEGMENTS" "$T/fuzzy.po"
expect_status 1 "coverage 98.6% < 99%" "$TERCUME" merge --min-coverage 99 -o "$T/cov.txt" "$SEGMENTS" "$T/fuzzy.po"

# An output that cannot be written: exit 3, the previous edition untouched.
long=$(printf '%0250d' 0)
echo "old edition" >"$T/$long"
expect_status 3 "an output whose temporary file cannot be made" "$TERCUME" merge -o "$T/$long" "$SEGMENTS" "$T/full.po"
check "unwritable: the previous edition is untouched" grep -qx "old edition" "$T/$long"
mkdir "$T/ro" && echo "old" >"$T/ro/out.txt" && chmod a-w "$T/ro"
if ! touch "$T/ro/probe" 2>/dev/null; then
	expect_status 3 "an unwritable directory" "$TERCUME" merge -o "$T/ro/out.txt" "$SEGMENTS" "$T/full.po"
	check "unwritable directory: the old edition is untouched" grep -qx old "$T/ro/out.txt"
fi
chmod u+w "$T/ro"

# The edition as an HTML page, read back.
expect_status 0 "HTML edition (--html)" "$TERCUME" merge --html -o "$T/ru.out" "$SEGMENTS" "$T/fuzzy.po"
expect_status 0 "HTML edition (-o FILE.html)" "$TERCUME" merge -o "$T/ru.html" "$SEGMENTS" "$T/fuzzy.po"
check "--html and .html give the same page" cmp -s "$T/ru.out" "$T/ru.html"
check "the page is UTF-8, not character references" sh -c "grep -q 'жжжж' '$T/ru.html' && ! grep -q '&#' '$T/ru.html'"
if [ $have_xmllint = yes ]; then
	check "HTML: lang ru" test "$(html_query "$T/ru.html" 'string(/html/@lang)')" = ru
	check "HTML: the title is the first sentence, shortened" \
		test "$(html_query "$T/ru.html" 'string(/html/head/title)')" = \
		"жж жжжжж 22, жжжжжжжжж жж жжжжжжжжжж жжжжж жжжжжж жжжж ж жжжжжжж жжжжж жж…"
	check "HTML: three h2 headings" test "$(html_query "$T/ru.html" 'count(//h2)')" = 3
	check "HTML: the fuzzy heading in English" test "$(html_query "$T/ru.html" 'string(//h2[1])')" = "As Allies"
	check "HTML: 25 paragraphs" test "$(html_query "$T/ru.html" 'count(//article/p)')" = 25
	check "HTML: the byline" test "$(html_query "$T/ru.html" 'count(//p[@class="byline"])')" = 1
	check "HTML: the label" test "$(html_query "$T/ru.html" 'string(//p[@class="label"])')" = "жжжжжжжжж:"
fi
expect_status 0 "HTML with a chosen title" "$TERCUME" merge --to html --title "Алиев & Путин" "$SEGMENTS" "$T/full.po"
check "the chosen title, escaped" grep -q '<title>Алиев &amp; Путин</title>' "$T/out"

# The same catalogue as XLIFF 2.0 and 1.2 gives the same edition.
if "$TERCUME" convert "$T/fuzzy.po" -o "$T/fuzzy.xlf" 2>/dev/null &&
   "$TERCUME" convert "$T/fuzzy.po" --to xliff12 -o "$T/fuzzy12.xlf" 2>/dev/null; then
	"$TERCUME" merge -o "$T/po.txt" "$SEGMENTS" "$T/fuzzy.po" 2>/dev/null
	expect_status 0 "XLIFF 2.0 catalogue" "$TERCUME" merge -o "$T/x20.txt" "$SEGMENTS" "$T/fuzzy.xlf"
	check "XLIFF 2.0: the same edition as from PO" cmp -s "$T/po.txt" "$T/x20.txt"
	stderr_has "fuzzy.xlf:[0-9]+: warning: \[fuzzy\] unit d4899fed" "XLIFF 2.0: reported with the unit's line"
	expect_status 0 "XLIFF 1.2 catalogue" "$TERCUME" merge -o "$T/x12.txt" "$SEGMENTS" "$T/fuzzy12.xlf"
	check "XLIFF 1.2: the same edition as from PO" cmp -s "$T/po.txt" "$T/x12.txt"
else
	fail "a PO catalogue cannot be converted to XLIFF"
fi
# A wrapped sentence's source bytes stay in the segments file, escaped,
# and are read from it again (issue 15): quotes, backslashes, tabs and CRLF
# come back as they were, and a file read through a pipe, whose bytes are
# copied instead, gives the same editions.
printf 'A "quoted" sentence with a back\\slash and\ta tab that goes on\r\nand on over the line.  Another one\r\n\t  with "more" \\ text, caf\303\251.\r\n\r\nShort.\r\n\r\nA third paragraph that is wrapped\r\nover two lines.  Its second sentence\r\nis wrapped too.\r\n' >"$T/esc.txt"
expect_status 0 "segment a wrapped CRLF article with escapes" "$TERCUME" segment -o "$T/esc.seg" "$T/esc.txt"
check "its raw records have escapes" grep -q '^raw ".*\\t.*\\r\\n' "$T/esc.seg"
expect_status 0 "the source edition" "$TERCUME" merge -o "$T/esc.out" "$T/esc.seg"
check "the source edition is the article, byte for byte" cmp -s "$T/esc.txt" "$T/esc.out"
expect_status 0 "export" "$TERCUME" export -l xx -o "$T/esc.po" "$T/esc.seg"
check "export: a text folded from escaped bytes" \
	grep -q '^"A \\"quoted\\" sentence with a back\\\\slash and\\ta tab that goes on and on over "$' "$T/esc.po"
# every other entry translated: wrapped sentences kept in English beside
# translated ones
awk '/^msgid "/ { k++ } /^msgstr ""$/ && k > 1 && k % 2 { sub(/""/, "\"[xx]\"") } { print }' \
	"$T/esc.po" >"$T/esc-half.po"
expect_status 0 "merge half translated" "$TERCUME" merge -o "$T/esc-half.txt" "$T/esc.seg" "$T/esc-half.po"
check "half translated: the translations are in" grep -q '\[xx\]' "$T/esc-half.txt"
check "half translated: an untranslated wrapped sentence as it was" grep -q '^A third paragraph that is wrapped' "$T/esc-half.txt"
expect_status 0 "merge from a pipe" sh -c "cat '$T/esc.seg' | '$TERCUME' merge -o '$T/esc-pipe.txt' /dev/stdin '$T/esc-half.po'"
check "from a pipe: the same edition" cmp -s "$T/esc-half.txt" "$T/esc-pipe.txt"

finish
