#!/bin/sh
# HTML and Markdown articles through the command line (doc/html.md,
# doc/markdown.md): segment picks the reader by name or --from, merge
# rebuilds them byte for byte and writes their editions in their own
# format (lang and dir on <html>, the source's structure), and bad input
# gets a clear error or a bounded run.
. "$top_srcdir/tests/common.sh"
M="$DATA/markup"
MC="$top_builddir/tests/markup-check"

for f in article.html article.md; do
	expect_status 0 "$f: segmented" "$TERCUME" segment -o "$T/$f.seg" "$M/$f"
	check "$f: the segments file says its format" grep -Eq '^format (html|markdown)$' "$T/$f.seg"
	expect_status 0 "$f: merged back" "$TERCUME" merge -o "$T/$f.back" "$T/$f.seg"
	check "$f: byte for byte" cmp -s "$T/$f.back" "$M/$f"
	"$TERCUME" segment "$M/$f" >"$T/$f.units"
done
check "HTML: a link is a pair of codes in its sentence" \
	grep -q 'This page has a <1>guide</1>\.$' "$T/article.html.units"
check "HTML: character references decoded, white space folded" \
	grep -qF "It is short$(printf '\302\240')— two sentences and a <1>bold phrase</1>." "$T/article.html.units"
check "HTML: <title> is a heading" grep -q 'heading 1 *A small test page$' "$T/article.html.units"
check "HTML: meta description and alt are units" \
	sh -c 'grep -q "A page that tercume’s tests translate\." "$1" && grep -q "label.*The logo$" "$1"' - "$T/article.html.units"
check "HTML: a link's title inside a sentence is a unit of its own (label)" \
	grep -q 'label [0-9]* *The guide$' "$T/article.html.units"
check "HTML: a link around a whole list item is skeleton" grep -q 'paragraph [0-9]* *Second item$' "$T/article.html.units"
check "HTML: pre, script, style, comments and translate=no are skeleton" \
	sh -c '! grep -Eq "make|document.title|color|a comment|Brand Name" "$1"' - "$T/article.html.units"
check "HTML: 12 units" test "$(wc -l <"$T/article.html.units")" = 12
check "Markdown: emphasis and links are codes" \
	grep -q 'This file has a <1>guide</1>\.$' "$T/article.md.units"
check "Markdown: inline code is a placeholder" \
	grep -q 'It is short, with <1>two sentences</1> and <2/>\.$' "$T/article.md.units"
check "Markdown: the front matter's title is a unit, the rest skeleton" \
	sh -c 'grep -q "heading 1 *A small test page$" "$1" && ! grep -q "layout" "$1"' - "$T/article.md.units"
check "Markdown: heading marks, list markers, quote marks, pipes, code blocks are skeleton" \
	sh -c '! grep -Eq "^[0-9a-f-]+ +[a-z]+ [0-9]+(, sentence [0-9]+)? +[-#>|]|make" "$1"' - "$T/article.md.units"
check "Markdown: a quote's two lines are one sentence" \
	grep -q 'A quote that spans two lines\.$' "$T/article.md.units"
check "Markdown: image alt text is a unit" grep -q 'The logo$' "$T/article.md.units"
check "Markdown: a link's title is a unit of its own" grep -q 'label 1 *The guide$' "$T/article.md.units"
check "Markdown: 14 units" test "$(wc -l <"$T/article.md.units")" = 14

# --from
cp "$M/article.md" "$T/article.txt"
expect_status 0 "--from markdown reads a .txt as Markdown" "$TERCUME" segment --from markdown "$T/article.txt"
check "--from markdown: the same units" cmp -s "$T/out" "$T/article.md.units"
expect_status 0 "a .txt is text by default" "$TERCUME" segment "$T/article.txt"
check "text: the marks stay in the units" grep -q '# Testing \*tercume\*' "$T/out"
expect_status 2 "--from bogus is a usage error" "$TERCUME" segment --from rtf "$M/article.md"
stderr_has "unknown article format 'rtf'" "--from bogus: the message names it"

# Editions: a catalogue translated (msgen copies each source), two units changed.
for f in article.html article.md; do
	"$TERCUME" export -l ru -o "$T/$f.po" "$T/$f.seg" 2>/dev/null
	msgen "$T/$f.po" | sed 's/^msgstr "A small test page"$/msgstr "Небольшая «тестовая» страница"/;
		s/^msgstr "This page has a <1>guide<\/1>\."$/msgstr "На этой странице есть <1>руководство<\/1> \& <<b>."/;
		s/^msgstr "This file has a <1>guide<\/1>\."$/msgstr "В этом файле есть <1>руководство<\/1> *и* [скобки]."/' >"$T/$f.ru.po"
done
expect_status 0 "HTML: the Russian edition" "$TERCUME" merge -o "$T/ed.ru.html" "$T/article.html.seg" "$T/article.html.ru.po"
check "HTML edition: lang set on <html>" grep -q '^<html lang="ru">$' "$T/ed.ru.html"
check "HTML edition: <title> translated" grep -q '<title>Небольшая «тестовая» страница</title>' "$T/ed.ru.html"
check "HTML edition: the link kept, the text escaped" \
	grep -q '<p>На этой странице есть <a href="https://example.org/guide.html" title="The guide">руководство</a> &amp; &lt;b&gt;\.' "$T/ed.ru.html"
check "HTML edition: an unchanged unit keeps its references as written" \
	grep -q 'short&nbsp;&mdash; two sentences' "$T/ed.ru.html"
check "HTML edition: the skeleton is the source's" grep -q '<script>if (a < b) document.title = "x";</script>' "$T/ed.ru.html"
check "HTML edition: parsed back, the source's structure" "$MC" --same-structure html "$M/article.html" "$T/ed.ru.html"
"$TERCUME" export -l ar -o "$T/ar.po" "$T/article.html.seg" 2>/dev/null
msgen "$T/ar.po" >"$T/ar2.po"
expect_status 0 "HTML: an Arabic edition" "$TERCUME" merge -o "$T/ed.ar.html" "$T/article.html.seg" "$T/ar2.po"
check "HTML edition: dir=rtl for Arabic" grep -q '^<html lang="ar" dir="rtl">$' "$T/ed.ar.html"
expect_status 0 "Markdown: the Russian edition" "$TERCUME" merge -o "$T/ed.ru.md" "$T/article.md.seg" "$T/article.md.ru.po"
check "Markdown edition: the title in the front matter" grep -q '^title: Небольшая «тестовая» страница$' "$T/ed.ru.md"
check "Markdown edition: markup in the translation escaped" \
	grep -q '^В этом файле есть \[руководство\](https://example.org/guide.html "The guide") \\\*и\\\* \\\[скобки\\\]\.' "$T/ed.ru.md"
check "Markdown edition: rendered, the source's structure" "$MC" --same-structure markdown "$M/article.md" "$T/ed.ru.md"
expect_status 2 "merge --to html of an HTML article is a usage error" \
	"$TERCUME" merge --to html -o "$T/x.html" "$T/article.html.seg" "$T/article.html.ru.po"
stderr_has "edition of a html article is a html document" "--to: the message says why"
expect_status 0 "merge -o NAME.txt of a Markdown article writes Markdown" \
	"$TERCUME" merge -o "$T/ed.txt" "$T/article.md.seg" "$T/article.md.ru.po"
check "... the same Markdown" cmp -s "$T/ed.txt" "$T/ed.ru.md"

# What is a unit and what is skeleton, case by case (doc/html.md), and
# character references: decoded for the translator, written back in a
# translated unit as the source wrote them.
cat >"$T/units.html" <<'EOF'
<!DOCTYPE html>
<html><head><title>Units</title>
<meta name="description" content="What the page is about.">
<meta name="keywords" content="skeleton, keywords"></head>
<body>
<p>Ten&nbsp;km &mdash; &#8220;far&#8221;. Tom &amp; Jerry ran.</p>
<form title="The form"><input placeholder="Your name"><button aria-label="Close"><img src="x.png" alt="A cross"></button></form>
<p translate="no">Brand Name stays.</p>
<p>Kept <span translate="no">Brand Name</span> inside.</p>
<pre>make install</pre>
<p><!-- a comment --></p>
</body></html>
EOF
expect_status 0 "units.html: segmented" "$TERCUME" segment -o "$T/units.seg" "$T/units.html"
"$TERCUME" segment "$T/units.html" >"$T/units.units"
nbsp=$(printf '\302\240')
for u in "heading 1 *Units" "label [0-9]* *What the page is about\." \
	"paragraph 1, sentence 1 *Ten${nbsp}km — “far”\." "paragraph 1, sentence 2 *Tom & Jerry ran\." \
	"label [0-9]* *The form" "label [0-9]* *Your name" "label [0-9]* *Close" "label [0-9]* *A cross" \
	"paragraph 2 *Kept <1/> inside\."; do
	check "units.html: a unit /$u\$/" grep -q "$u\$" "$T/units.units"
done
check "units.html: keywords, translate=no, pre and comments are skeleton" \
	sh -c '! grep -Eq "keywords|Brand|make install|comment" "$1"' - "$T/units.units"
check "units.html: 9 units" test "$(wc -l <"$T/units.units")" = 9
"$TERCUME" export -l ru -o "$T/units.po" "$T/units.seg" 2>/dev/null
msgen "$T/units.po" | sed "s/^msgstr \"Ten${nbsp}km — “far”\.\"$/msgstr \"Десять${nbsp}км — “далеко”.\"/;
	s/^msgstr \"Tom & Jerry ran\.\"$/msgstr \"Том \& Джерри \\\\\"убежали\\\\\".\"/;
	s/^msgstr \"Close\"$/msgstr \"Закрыть \& \\\\\"окно\\\\\"\"/" >"$T/units.ru.po"
expect_status 0 "units.html: a Russian edition" "$TERCUME" merge -o "$T/units.ru.html" "$T/units.seg" "$T/units.ru.po"
check "edition: the references of a translated sentence as the source wrote them" \
	grep -q '<p>Десять&nbsp;км &mdash; &#8220;далеко&#8221;\. Том &amp; Джерри "убежали"\.</p>' "$T/units.ru.html"
check "edition: an attribute's unit escaped for its quotes" \
	grep -q 'aria-label="Закрыть &amp; &quot;окно&quot;"' "$T/units.ru.html"
check "edition: the skeleton kept" \
	sh -c 'grep -q "<p translate=\"no\">Brand Name stays.</p>" "$1" && grep -q "<pre>make install</pre>" "$1"' - "$T/units.ru.html"

# update keeps an HTML article an HTML article (the reader of its segments
# file): unchanged units keep their translations, an edited one is fuzzy.
cp "$M/article.html" "$T/upd.html"
"$TERCUME" segment -o "$T/upd.seg" "$T/upd.html" 2>/dev/null
"$TERCUME" export -l ru -o "$T/upd.po" "$T/upd.seg" 2>/dev/null
msgen "$T/upd.po" >"$T/upd.ru.po"
sed -i 's/This page has a/This page now has a/' "$T/upd.html"
expect_status 0 "update of an edited HTML article" "$TERCUME" update -s "$T/upd.seg" "$T/upd.html" "$T/upd.ru.po"
check "update: the segments file is still HTML's" grep -q '^format html$' "$T/upd.seg"
check "update: one unit fuzzy, the rest kept" grep -q 'kept 11, fuzzy 1, new 0' "$T/out"
check "update: the edited unit's codes are the notation's" \
	grep -q '^msgid "This page now has a <1>guide</1>\."$' "$T/upd.ru.po"

# Bad input: a clear error or a bounded run, never a crash.
printf '<p>caf\351</p>\n' >"$T/latin1.html"
expect_status 2 "invalid UTF-8 is refused" "$TERCUME" segment "$T/latin1.html"
stderr_has 'latin1.html:1:[0-9]+: error: invalid UTF-8' "invalid UTF-8: file, line and column"
head -c 3000 /bin/sh >"$T/binary.md"
expect_status 2 "binary input is refused" "$TERCUME" segment "$T/binary.md"
stderr_has 'binary.md:[0-9]+:[0-9]+: error: ' "binary input: the message names the place"
head -c 700 "$M/article.html" >"$T/truncated.html"
expect_status 0 "truncated HTML is read" "$TERCUME" segment -o "$T/truncated.seg" "$T/truncated.html"
"$TERCUME" merge "$T/truncated.seg" >"$T/truncated.back"
check "truncated HTML: byte for byte" cmp -s "$T/truncated.back" "$T/truncated.html"
printf '<p>Bold <b>and <i>italic</b> crossed</i>. Next.<table>stray text<tr><td>cell</table><p>one<p>two<li>three\n' >"$T/malformed.html"
expect_status 0 "malformed HTML is read as a browser reads it" "$TERCUME" segment -o "$T/malformed.seg" "$T/malformed.html"
"$TERCUME" merge "$T/malformed.seg" >"$T/malformed.back"
check "malformed HTML: byte for byte" cmp -s "$T/malformed.back" "$T/malformed.html"
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "<div>"; print "deep" }' >"$T/deep.html"
expect_status 2 "HTML nested 10,000 deep is refused" "$TERCUME" segment "$T/deep.html"
stderr_has 'deep.html:1: error: the markup nests more than 4096 elements deep' "deep HTML: the message says the limit"
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "<b>"; print "deep" }' >"$T/deepb.html"
expect_status 2 "10,000 open <b> are refused" "$TERCUME" segment "$T/deepb.html"
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "<p>x<br>"; print "" }' >"$T/flat.html"
expect_status 0 "10,000 unclosed <p> (not nested) are read" "$TERCUME" segment -o "$T/flat.seg" "$T/flat.html"
for kind in quote list emphasis link; do
	awk -v k=$kind 'BEGIN { for (i = 0; i < 10000; i++) {
		if (k == "quote") printf ">"; else if (k == "list") printf "%*s- \n", i, "";
		else if (k == "emphasis") printf "*a "; else printf "[" }
		print " deep text." }' >"$T/deep-$kind.md"
	expect_status 0 "Markdown, 10,000 deep ($kind): read" "$TERCUME" segment -o "$T/deep-$kind.seg" "$T/deep-$kind.md"
	"$TERCUME" merge "$T/deep-$kind.seg" >"$T/deep-$kind.back"
	check "Markdown, 10,000 deep ($kind): byte for byte" cmp -s "$T/deep-$kind.back" "$T/deep-$kind.md"
done
finish
