#!/bin/sh
# Issue 14's last two pieces.  HTML: the translatable attributes of inline
# elements inside a sentence (a link's title, an image's alt, an input's
# placeholder, an aria-label) are units of their own, and the edition has
# their translations in the tags, as a real HTML parser reads them.
# Markdown: a translated unit writes each character its source wrote as a
# character reference with that reference again, and a CommonMark renderer
# (cmark, else md4c's) shows the characters the translation has.
. "$top_srcdir/tests/common.sh"
M="$top_srcdir/tests/data/markup"
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
command -v msgen >/dev/null || { echo "SKIP: no msgen (gettext)"; exit 77; }

# ---- HTML ----
H="$T/attrs.html"
cp "$M/attrs.html" "$H"
expect_status 0 "segmented" "$TERCUME" segment -o "$T/a.seg" "$H"
"$TERCUME" segment "$H" >"$T/a.units"
for u in "label [0-9]* *The full guide" "label [0-9]* *warning sign" "label [0-9]* *HyperText" \
	"label [0-9]* *Tom & Jerry — the show" "label [0-9]* *your name" \
	"label [0-9]* *Close the window" "label [0-9]* *Second page" \
	"paragraph 1, sentence 1 *See <1>the guide</1>\." "paragraph 1, sentence 2 *An icon <1/> is here\."; do
	check "a unit /$u\$/" grep -q "$u\$" "$T/a.units"
done
check "translate=\"no\" keeps its title" sh -c '! grep -q "Brand title" "$1"' - "$T/a.units"
check "an attribute inside a code has no bytes of its own (raw \"\")" \
	test "$(grep -c '^raw ""$' "$T/a.seg")" = 6
check "the attribute units come after the sentence that holds their code" \
	sh -c 'grep -n "" "$1" | grep -A2 "See <1>the guide" | tail -1 | grep -q "The full guide"' - "$T/a.units"
expect_status 0 "merged without a catalogue" "$TERCUME" merge -o "$T/a.back.html" "$T/a.seg"
check "the article byte for byte" cmp -s "$T/a.back.html" "$H"
expect_status 0 "a second segmentation gives the same IDs" "$TERCUME" segment -o "$T/a2.seg" "$H"
check "the same segments file" cmp -s "$T/a.seg" "$T/a2.seg"

expect_status 0 "exported to PO" "$TERCUME" export -l ru -o "$T/a.po" "$T/a.seg"
check "the note says which element's attribute, and where" \
	grep -qx '#\. the title attribute of <a> in paragraph 1, sentence 1' "$T/a.po"
check "the note of an alt" grep -qx '#\. the alt attribute of <img> in paragraph 1, sentence 2' "$T/a.po"
check "the note of a placeholder" grep -qx '#\. the placeholder attribute of <input> in paragraph 3' "$T/a.po"
check "the code's data in the catalogue are the source's" \
	grep -q '^#\. code <1> open data="<a href=\\"guide.html\\" title=\\"The full guide\\">"' "$T/a.po"

# Translated (sed over msgen's copy): quotes, & and < in the translations;
# the second paragraph's sentence itself is left untranslated.
msgen "$T/a.po" | sed '
	s/^msgstr "See <1>the guide<\/1>\."$/msgstr "См. <1>руководство<\/1>."/
	s/^msgstr "The full guide"$/msgstr "Полное \\"руководство\\" \& <всё>"/
	s/^msgstr "warning sign"$/msgstr "знак '"'"'внимание'"'"'"/
	s/^msgstr "HyperText"$/msgstr "Гипертекст и разметка"/
	s/^msgstr "Tom & Jerry — the show"$/msgstr "Том \& Джерри — шоу"/
	s/^msgstr "your name"$/msgstr "ваше имя"/
	s/^msgstr "Close the window"$/msgstr "Закрыть окно"/
	s/^msgstr "Second page"$/msgstr "Вторая страница"/
	s/^msgstr "Ask <1>HTML<\/1> and <2>the show<\/2> today\."$/msgstr ""/' >"$T/a.ru.po"
expect_status 0 "a Russian edition" "$TERCUME" merge -o "$T/a.ru.html" "$T/a.seg" "$T/a.ru.po"

# What an HTML parser reads in the edition: each element's attributes.
cat >"$T/attrs.py" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.text = []
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("title", "alt", "placeholder", "aria-label"):
                self.out.append("%s %s=%s" % (tag, k, v))
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
print("\n".join(p.out))
print("TEXT " + " ".join("".join(p.text).split()))
PY
python3 "$T/attrs.py" "$T/a.ru.html" >"$T/a.ru.attrs"
for want in 'a title=Полное "руководство" & <всё>' "img alt=знак 'внимание'" \
	'abbr title=Гипертекст и разметка' 'a title=Том & Джерри — шоу' 'input placeholder=ваше имя' \
	'span aria-label=Закрыть окно' 'a title=Вторая страница' 'span title=Brand title'; do
	check "parsed: $want" grep -qxF "$want" "$T/a.ru.attrs"
done
check "parsed: no English attribute left but translate=\"no\"'s" \
	test "$(grep -c 'The full\|warning sign\|=HyperText\|Tom & Jerry\|your name\|Close the\|Second page' "$T/a.ru.attrs")" = 0
check "parsed: the untranslated sentence keeps its text" grep -q 'Ask HTML and the show today\.' "$T/a.ru.attrs"
check "the translated sentence with its code" grep -q '<p>См\. <a href="guide.html" title="Полное &quot;руководство&quot; &amp; &lt;всё&gt;">руководство</a>\.' "$T/a.ru.html"
check "the source's single quotes kept, a quote inside escaped" \
	grep -q "alt='знак &#39;внимание&#39;'" "$T/a.ru.html"
check "an unquoted value gets quotes" grep -q '<abbr title="Гипертекст и разметка">' "$T/a.ru.html"
check "references as the source value wrote them (&amp;, &mdash;)" \
	grep -q 'title="Том &amp; Джерри &mdash; шоу"' "$T/a.ru.html"
check "the rest of an untranslated sentence byte for byte" \
	grep -q '<p>Ask <abbr title="Гипертекст и разметка">HTML</abbr> and <a href="tj.html" title=' "$T/a.ru.html"
if command -v xmllint >/dev/null; then
	check "xmllint --html reads the edition without an error" \
		sh -c 'xmllint --html --noout "$1" 2>&1 | (! grep -q .)' - "$T/a.ru.html"
fi
expect_status 0 "markup-check: the source's structure" \
	"$top_builddir/tests/markup-check" --same-structure html "$H" "$T/a.ru.html"

# The catalogues keep the source's data; the quality check of codes passes.
expect_status 0 "converted to XLIFF 2.0" "$TERCUME" convert -o "$T/a.ru.xlf" "$T/a.ru.po"
check "XLIFF: the code's original data are the source's" \
	grep -q '<data id="d1">&lt;a href=&quot;guide.html&quot; title=&quot;The full guide&quot;&gt;</data>' "$T/a.ru.xlf"
expect_status 0 "merge from XLIFF: the same edition" "$TERCUME" merge -o "$T/a.xlf.html" "$T/a.seg" "$T/a.ru.xlf"
check "the same edition from XLIFF" cmp -s "$T/a.xlf.html" "$T/a.ru.html"
"$TERCUME" check "$T/a.ru.po" >"$T/check.out" 2>&1
check "check: no finding of the codes check" sh -c '! grep -q "\[codes\]" "$1"' - "$T/check.out"

# An untranslated attribute unit refuses as any unit does.
sed '/^msgid "Close the window"$/{n;s/.*/msgstr ""/}' "$T/a.ru.po" >"$T/a.part.po"
expect_status 1 "merge --fallback fail refuses an untranslated attribute" \
	"$TERCUME" merge --fallback fail -o "$T/a.fail.html" "$T/a.seg" "$T/a.part.po"
stderr_has 'unit [0-9a-f]* \(label [0-9]+\) is not translated' "the refusal names the attribute's unit"
check "nothing written on refusal" test ! -e "$T/a.fail.html"
expect_status 0 "merge: an untranslated attribute keeps its source" \
	"$TERCUME" merge -o "$T/a.part.html" "$T/a.seg" "$T/a.part.po"
python3 "$T/attrs.py" "$T/a.part.html" >"$T/a.part.attrs"
check "parsed: the kept attribute is the source's" grep -qxF "span aria-label=Close the window" "$T/a.part.attrs"
check "parsed: the others translated" grep -qxF "input placeholder=ваше имя" "$T/a.part.attrs"

# ---- Markdown ----
D="$T/refs.md"
cp "$M/refs.md" "$D"
expect_status 0 "Markdown: segmented" "$TERCUME" segment -o "$T/m.seg" "$D"
"$TERCUME" export -l ru -o "$T/m.po" "$T/m.seg" 2>/dev/null
msgen "$T/m.po" | sed '
	s/^msgstr "AT&T © guide"$/msgstr "Руководство AT\&T © <b>и<\/b> <нет>"/
	s/^msgstr "The AT&T phone costs €5 — cheap\."$/msgstr "Телефон AT\&T стоит €5 — дёшево \& *просто*."/' >"$T/m.ru.po"
expect_status 0 "Markdown: a Russian edition" "$TERCUME" merge -o "$T/m.ru.md" "$T/m.seg" "$T/m.ru.po"
check "Markdown: references as the source wrote them" \
	grep -qx '# Руководство AT&amp;T &copy; \\<b>и\\</b> <нет>' "$T/m.ru.md"
check "Markdown: &euro; and &mdash; again, & as &amp; (the source's spelling)" \
	grep -qx 'Телефон AT&amp;T стоит &euro;5 &mdash; дёшево &amp; \\\*просто\\\*\.' "$T/m.ru.md"
check "Markdown: an unchanged unit keeps its bytes" grep -qx 'Kept as it is: AT&amp;T\.' "$T/m.ru.md"
if command -v cmark >/dev/null; then
	R="cmark"
	cmark "$T/m.ru.md" >"$T/m.ru.out.html"
else
	R="md4c"
	"$top_builddir/tests/markup-check" --render "$T/m.ru.md" >"$T/m.ru.out.html"
fi
python3 "$T/attrs.py" "$T/m.ru.out.html" >"$T/m.ru.text"
check "Markdown ($R): the rendered text is the translation's characters" \
	grep -qxF 'TEXT Руководство AT&T © <b>и</b> <нет> Телефон AT&T стоит €5 — дёшево & *просто*. Kept as it is: AT&T.' "$T/m.ru.text"
check "Markdown ($R): no element the translation did not have" \
	sh -c '! grep -q "<b>\|<em>" "$1"' - "$T/m.ru.out.html"
# ---- Markdown: link and image titles ----
# An inline link's or image's title is a unit of its own after its block,
# with no bytes in the skeleton; the edition writes the translation into
# the closing code's data with the source's delimiter and Markdown's escapes.
D="$T/titles.md"
cp "$M/titles.md" "$D"
expect_status 0 "titles: segmented" "$TERCUME" segment -o "$T/t.seg" "$D"
"$TERCUME" segment "$D" >"$T/t.units"
for u in "label 1 *The full guide" "label 2 *Warning" "label 3 *Single & quoted" "label 4 *In brackets" \
	"paragraph 1 *See <1>the guide</1> for more\." "paragraph 2 *<1>warning sign</1> is an image\."; do
	check "titles: a unit /$u\$/" grep -q "$u\$" "$T/t.units"
done
check "titles: 9 units (a reference definition's title stays skeleton)" test "$(wc -l <"$T/t.units")" = 9
check "titles: no bytes of their own (raw \"\")" test "$(grep -c '^raw ""$' "$T/t.seg")" = 4
check "titles: the title unit comes after the sentence that holds its code" \
	sh -c 'grep -A1 "See <1>the guide" "$1" | tail -1 | grep -q "The full guide"' - "$T/t.units"
expect_status 0 "titles: merged without a catalogue" "$TERCUME" merge -o "$T/t.back.md" "$T/t.seg"
check "titles: the article byte for byte" cmp -s "$T/t.back.md" "$D"
expect_status 0 "titles: exported to PO" "$TERCUME" export -l ru -o "$T/t.po" "$T/t.seg"
check "titles: the note of a link's title" grep -qx '#\. the title attribute of <a> in paragraph 1' "$T/t.po"
check "titles: the note of an image's title" grep -qx '#\. the title attribute of <img> in paragraph 2' "$T/t.po"
check "titles: the code's data in the catalogue are the source's" \
	grep -q '^#\. code </1> close data="](https://x.org/g \\"The full guide\\")"' "$T/t.po"
msgen "$T/t.po" | msgfilter --keep-header sed \
	-e 's/^The full guide$/Полное "руководство" \& c:\\путь/' -e 's/^Warning$/Внимание AT\&T `код` <b> *x*/' \
	-e "s/^Single & quoted\$/Одинарные 'кавычки' \& ко/" -e 's/^In brackets$/В (скобках)/' \
	-e 's/^See <1>the guide<\/1> for more\.$/См. <1>руководство<\/1>./' >"$T/t.ru.po" 2>/dev/null
expect_status 0 "titles: a Russian edition" "$TERCUME" merge -o "$T/t.ru.md" "$T/t.seg" "$T/t.ru.po"
check "titles: a \" in a \"-title escaped, a backslash doubled" \
	grep -qxF 'См. [руководство](https://x.org/g "Полное \"руководство\" & c:\\путь").' "$T/t.ru.md"
check "titles: & before a letter, backticks, < and * escaped" \
	grep -qF '![warning sign](i.png "Внимание AT\&T \`код\` \<b> \*x\*")' "$T/t.ru.md"
check "titles: single quotes kept, one inside escaped, &amp; as the source wrote it" \
	grep -qF "[quoted](q.html 'Одинарные \\'кавычки\\' &amp; ко')" "$T/t.ru.md"
check "titles: (…) kept, parentheses inside escaped" grep -qF '(<b c.html> (В \(скобках\)))' "$T/t.ru.md"
check "titles: the reference definition untouched" grep -qxF "[id]: https://x.org/r \"A reference's title\"" "$T/t.ru.md"
if command -v cmark >/dev/null; then
	R="cmark"
	cmark "$T/t.ru.md" >"$T/t.ru.out.html"
else
	R="md4c"
	"$top_builddir/tests/markup-check" --render "$T/t.ru.md" >"$T/t.ru.out.html"
fi
python3 "$T/attrs.py" "$T/t.ru.out.html" >"$T/t.ru.attrs"
for want in 'a title=Полное "руководство" & c:\путь' 'img title=Внимание AT&T `код` <b> *x*' "img alt=warning sign" \
	"a title=Одинарные 'кавычки' & ко" 'a title=В (скобках)' "a title=A reference's title"; do
	check "titles ($R): parsed $want" grep -qxF "$want" "$T/t.ru.attrs"
done
check "titles ($R): no English title left but the reference's" \
	test "$(grep -c 'The full\|=Warning$\|Single\|In brackets' "$T/t.ru.attrs")" = 0
expect_status 0 "titles: markup-check: the source's structure" \
	"$top_builddir/tests/markup-check" --same-structure markdown "$D" "$T/t.ru.md"
"$TERCUME" check "$T/t.ru.po" >"$T/t.check.out" 2>&1
check "titles: check: no finding of the codes check" sh -c '! grep -q "\[codes\]" "$1"' - "$T/t.check.out"
expect_status 0 "titles: converted to XLIFF 2.0" "$TERCUME" convert -o "$T/t.ru.xlf" "$T/t.ru.po"
expect_status 0 "titles: merge from XLIFF" "$TERCUME" merge -o "$T/t.xlf.md" "$T/t.seg" "$T/t.ru.xlf"
check "titles: the same edition from XLIFF" cmp -s "$T/t.xlf.md" "$T/t.ru.md"
sed '/^msgid "In brackets"$/{n;s/.*/msgstr ""/}' "$T/t.ru.po" >"$T/t.part.po"
expect_status 0 "titles: an untranslated title keeps its source" \
	"$TERCUME" merge -o "$T/t.part.md" "$T/t.seg" "$T/t.part.po"
check "titles: the kept title byte for byte" grep -qF '(<b c.html> (In brackets))' "$T/t.part.md"
finish
