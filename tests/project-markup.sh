#!/bin/sh
# Projects of HTML and Markdown articles (doc/project.md, issue 16): on
# pages that Debian's packages ship in /usr/share/doc and a plain-text
# article, one tercume.ini; sync reads each article with the reader tercume
# segment picks and makes what it makes; build writes each marked-up
# article's edition in its own format, what tercume merge writes; status and
# check count the same units; a change is updated as tercume update does; a
# reader's failure is one error naming the file; paths that would clash and
# formats that make no edition of an article are errors naming the key.
. "$top_srcdir/tests/common.sh"

P=$T/p
mkdir -p "$P/pages" "$P/articles"
cp "$ARTICLE" "$P/articles/news.en.txt"
# Real pages nobody here wrote: the first two HTML and two Markdown files
# of /usr/share/doc that tercume segment reads and finds text in, copied
# under names that differ (and with .htm and .markdown for the second).
pick() {	# pick PATTERN MAX: files of /usr/share/doc that segment reads
	find /usr/share/doc -name "$1" -size +1k -size -40k -type f 2>/dev/null | LC_ALL=C sort |
	while read -r f; do
		"$TERCUME" segment "$f" >"$T/units" 2>/dev/null && [ -s "$T/units" ] && echo "$f"
	done | head -n "$2"
}
n=0
for f in $(pick '*.html' 2); do
	n=$((n + 1))
	if [ $n = 1 ]; then cp "$f" "$P/pages/page1.html"; else cp "$f" "$P/pages/page2.htm"; fi
	echo "# HTML article $n: $f"
done
[ $n = 2 ] || { echo "SKIP: fewer than two HTML files in /usr/share/doc"; exit 77; }
n=0
for f in $(pick '*.md' 2); do
	n=$((n + 1))
	if [ $n = 1 ]; then cp "$f" "$P/pages/doc1.md"; else cp "$f" "$P/pages/doc2.markdown"; fi
	echo "# Markdown article $n: $f"
done
[ $n = 2 ] || { echo "SKIP: fewer than two Markdown files in /usr/share/doc"; exit 77; }
cd "$P" || exit 1
ARTS="articles/news.en.txt pages/doc1.md pages/doc2.markdown pages/page1.html pages/page2.htm"

# ---- init: a project file that gives every article its editions ----
expect_status 0 "init on a mix of text, HTML and Markdown" "$TERCUME" init -l ru articles/news.en.txt 'pages/*'
check "it lists the editions in the articles' own format" grep -qx 'formats = txt html source' tercume.ini
expect_status 0 "init on plain text alone" "$TERCUME" init -o text.ini -l ru 'articles/*.en.txt'
check "…writes txt html, as it always did" grep -qx 'formats = txt html' text.ini
rm -f text.ini
expect_status 0 "status --files" "$TERCUME" status --files
for f in editions/news.ru.txt editions/news.ru.html editions/page1.ru.html editions/page2.ru.htm \
	editions/doc1.ru.md editions/doc2.ru.markdown; do
	check "an edition is $f" grep -qx "$f" "$T/out"
done
check "…and no other ($(grep -c '^editions/' "$T/out"))" test "$(grep -c '^editions/' "$T/out")" -eq 6
# the comparisons with update below want no memory across the articles
sed 's/^memory = yes$/memory = no/' tercume.ini >"$T/ini" && mv "$T/ini" tercume.ini

# ---- sync: the units tercume segment makes ----
expect_status 0 "sync from scratch" "$TERCUME" sync
check "five new articles" grep -q '^sync: 5 articles: 5 new, 0 changed, 0 incomplete, 0 unchanged; 15 files written$' "$T/out"
cp "$T/out" "$T/sync1"
for a in $ARTS; do
	b=${a##*/}; name=${b%%.*}
	"$TERCUME" segment -o "$T/$name.seg" "$a" 2>/dev/null
	check "$a: the segments file is segment's (units, IDs, format)" cmp -s "$T/$name.seg" "segments/$name.seg"
	units=$("$TERCUME" segment "$a" 2>/dev/null | wc -l)
	check "$a: sync counts segment's $units units" grep -q "^$a: new, $units units;" "$T/sync1"
	echo "# $a: $units units"
done
check "an HTML article is read as HTML" grep -qx 'format html' segments/page2.seg
check "a Markdown article as Markdown" grep -qx 'format markdown' segments/doc2.seg
check "the text article as text" test -z "$(grep '^format ' segments/news.seg)"
check "no unit of an HTML article holds a tag" test -z "$(grep -E '^msgid ".*<(p|div|a|span)[ >]' po/page1.pot po/page2.pot)"

# on two threads: the same files, byte for byte
mkdir "$T/j2"
cp -R articles pages tercume.ini "$T/j2/"
(cd "$T/j2" && "$TERCUME" sync -q -j 2) >/dev/null 2>&1
check "sync -j 2 writes what -j 1 writes" diff -r segments "$T/j2/segments"
check "…the catalogues too" diff -r po "$T/j2/po"

list_files() { find segments po editions -type f 2>/dev/null | LC_ALL=C sort; }
sums() { list_files | while read -r f; do cksum "$f"; done; }
sums >"$T/sums1"
sleep 1
touch "$T/stamp"
expect_status 0 "sync again" "$TERCUME" sync
check "nothing changed" grep -q '^sync: 5 articles: 0 new, 0 changed, 0 incomplete, 5 unchanged; 0 files written$' "$T/out"
check "no file was rewritten (time stamps)" test -z "$(find segments po -type f -newer "$T/stamp")"
sums >"$T/sums2"
check "no file changed" cmp -s "$T/sums1" "$T/sums2"

# ---- translate every catalogue, then build ----
if ! command -v msgen >/dev/null 2>&1 || ! command -v msgfilter >/dev/null 2>&1; then
	skip "msgen and msgfilter (Debian gettext) to translate the catalogues"
	finish
	exit $?
fi
for a in $ARTS; do
	b=${a##*/}; name=${b%%.*}
	msgen "po/$name.ru.po" | LC_ALL=C.UTF-8 msgfilter --keep-header -o "$T/t.po" sed 's/^/RU: /' &&
		mv "$T/t.po" "po/$name.ru.po"
done
expect_status 0 "build" "$TERCUME" build
check "six editions" grep -q '^build: 6 editions made: 6 written, 0 unchanged, 0 refused$' "$T/out"
ed_of() {	# ed_of ARTICLE: its own-format edition
	b=${1##*/}; name=${b%%.*}
	case $1 in *.txt) echo "editions/$name.ru.txt" ;; *) echo "editions/$name.ru.${b##*.}" ;; esac
}
for a in $ARTS; do
	b=${a##*/}; name=${b%%.*}; ed=$(ed_of "$a")
	"$TERCUME" merge -q -o "$T/merged" "segments/$name.seg" "po/$name.ru.po"
	check "$ed is what tercume merge writes" cmp -s "$T/merged" "$ed"
	check "$ed is translated" grep -q 'RU: ' "$ed"
done
"$TERCUME" merge -q -o "$T/merged.html" segments/news.seg po/news.ru.po
check "the text article's HTML page is merge's" cmp -s "$T/merged.html" editions/news.ru.html
# the HTML editions: the same elements in the same order as their pages
tags() {
	python3 -c '
import html.parser, sys
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs): print("<" + tag)
    def handle_endtag(self, tag): print("</" + tag)
p = P(convert_charrefs=True)
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()' "$1"
}
if command -v python3 >/dev/null 2>&1; then
	for a in pages/page1.html pages/page2.htm; do
		ed=$(ed_of "$a")
		tags "$a" >"$T/tags.src" 2>"$T/err" && tags "$ed" >"$T/tags.ed" 2>>"$T/err"
		check "$ed parses, with the elements of $a" cmp -s "$T/tags.src" "$T/tags.ed"
	done
else
	skip "python3 to parse the HTML editions"
fi
if grep -qi '<html' pages/page1.html; then
	check "page1's edition says it is Russian" test -n "$(tr '\n' ' ' <editions/page1.ru.html | grep -i '<html[^>]* lang="ru"')"
fi
expect_status 0 "build again: nothing to do" "$TERCUME" build
check "…no edition made" grep -q '^build: 0 editions made' "$T/out"

# ---- status and check count the units ----
expect_status 0 "status" "$TERCUME" status
for a in $ARTS; do
	units=$("$TERCUME" segment "$a" 2>/dev/null | wc -l)
	check "status: $a has $units units, all translated" \
		grep -Eq "^$a +$units +$units +0 +0 +0 +100.0 " "$T/out"
done
expect_status 0 "check --min-coverage 100" "$TERCUME" check --min-coverage 100
check "…over five catalogues" grep -q 'passed (5 catalogues of 5 articles, 0 failed' "$T/out"

# ---- a changed HTML article: sync does what update does ----
cp segments/page1.seg "$T/page1.seg"
cp po/page1.ru.po "$T/page1.ru.po"
# one word of the text changes (a word of a unit, not of a tag)
word=$(sed -n 's/^msgid "\([A-Z][a-z][a-z][a-z]*\) .*/\1/p' po/page1.pot | head -n 1)
check "a word to change ($word)" test -n "$word"
sed "s/>$word /> Changed$word /" pages/page1.html >"$T/page1.html"
if cmp -s "$T/page1.html" pages/page1.html; then
	# the unit starts after an inline tag or a blank: change its first word anywhere in text
	sed "0,/$word /s//Changed$word /" pages/page1.html >"$T/page1.html"
fi
check "the article changed" test -n "$(cmp "$T/page1.html" pages/page1.html 2>&1)"
sleep 1
cp "$T/page1.html" pages/page1.html
expect_status 2 "build refuses it before sync" "$TERCUME" build -n --force
stderr_has "pages/page1.html: error: the article has changed since segments/page1.seg" "…says to sync"
expect_status 1 "check: the article changed" "$TERCUME" check
check "…[changed]" grep -q '\[changed\] pages/page1.html' "$T/out"
touch "$T/stamp"
expect_status 0 "sync after the change" "$TERCUME" sync
check "only page1 changed" grep -q '^sync: 5 articles: 0 new, 1 changed, 0 incomplete, 4 unchanged' "$T/out"
check "…its files alone written" test "$(find segments po -type f -newer "$T/stamp" | LC_ALL=C sort | tr '\n' ' ')" = \
	"po/page1.pot po/page1.ru.po segments/page1.seg "
grep '^pages/page1.html: changed' "$T/out" >"$T/line"
check "…kept and fuzzy or new: $(sed 's/.*; ru //' "$T/line")" grep -Eq 'ru kept [1-9][0-9]*, fuzzy [0-9]+, new [0-9]+, obsolete [0-9]+$' "$T/line"
"$TERCUME" update -q -s "$T/page1.seg" pages/page1.html "$T/page1.ru.po"
check "the catalogue is what update makes of the old one" cmp -s "$T/page1.ru.po" po/page1.ru.po
check "the segments file is update's" cmp -s "$T/page1.seg" segments/page1.seg
expect_status 0 "build after sync" "$TERCUME" build
check "page1's edition alone is made again" grep -q '^build: 1 edition made: 1 written' "$T/out"

# ---- a segments file of another reader: the article is read again ----
cp segments/doc1.seg "$T/doc1.seg"
"$TERCUME" segment --from text -o segments/doc1.seg pages/doc1.md 2>/dev/null
expect_status 2 "build: a segments file made with the text reader" "$TERCUME" build -n --force
stderr_has "pages/doc1.md: error: segments/doc1.seg was made with the text reader, the project reads the article as markdown" "…says which reader"
expect_status 0 "status still reads" "$TERCUME" status
check "…and says to sync" grep -q '^pages/doc1.md .*(article changed: run tercume sync)$' "$T/out"
cp "$T/doc1.seg" segments/doc1.seg

# ---- [project] from: every article through one reader ----
sed 's/^layout = auto$/from = text/' tercume.ini >from.ini
expect_status 0 "from = text: status --files" "$TERCUME" status --files -p from.ini
check "…an HTML article read as text has txt and html editions" grep -qx 'editions/page2.ru.txt' "$T/out"
sed 's/^layout = auto$/from = rst/' tercume.ini >from.ini
expect_status 2 "from = an unknown reader" "$TERCUME" status -p from.ini
stderr_has "from.ini:[0-9]+: error: \[project\] from: unknown article format 'rst'" "…names the key"

# ---- a reader's failure: one error naming the file, the others done ----
printf '# Notes\n\nA line \377\376 that is not UTF-8.\n' >pages/bad.md
cp pages/page2.htm pages/extra.htm
expect_status 2 "sync with an article that is not UTF-8" "$TERCUME" sync
stderr_has '^tercume: pages/bad.md:[0-9:]* error: ' "the error names the file"
check "one error line ($(grep -c 'error' "$T/err"))" test "$(grep -c 'error' "$T/err")" -eq 1
check "the others are done" grep -q '^sync: 7 articles: 1 new, 0 changed, 0 incomplete, 5 unchanged, 1 FAILED' "$T/out"
"$TERCUME" segment -o "$T/extra.seg" pages/extra.htm 2>/dev/null
check "…the new one made" cmp -s "$T/extra.seg" segments/extra.seg
check "nothing of the bad one is written" test ! -e segments/bad.seg -a ! -e po/bad.ru.po -a ! -e po/bad.pot
rm pages/bad.md

# ---- paths and formats that cannot be ----
mkdir -p a b
cp pages/page1.html a/x.html
cp articles/news.en.txt b/x.txt
cat >"$T/clash.ini" <<EOF
[project]
source-lang = en
languages = ru
articles = a/x.html b/x.txt
[paths]
segments = segments/{dir}/{name}.seg
template =
catalogue = po/{dir}/{name}.{lang}.po
edition = out/{name}.{lang}.{ext}
EOF
cp "$T/clash.ini" clash.ini
expect_status 2 "an HTML page's and a text article's editions would be one file" "$TERCUME" status -p clash.ini
stderr_has "clash.ini:9: error: \[paths\] edition: out/x.ru.html would be the edition of both a/x.html and b/x.txt" "…names the key and both"
sed 's/^edition = .*/edition = out\/{dir}\/{name}.{lang}.{ext}/' "$T/clash.ini" >clash.ini
printf '[build]\nformats = txt html\n' >>clash.ini
expect_status 0 "with {dir}: an HTML article's html edition is its own" "$TERCUME" status --files -p clash.ini
check "…out/a/x.ru.html" grep -qx 'out/a/x.ru.html' "$T/out"
printf '[project]\nsource-lang = en\nlanguages = ru\narticles = pages/doc1.md\n[build]\nformats = txt html\n' >md.ini
expect_status 2 "a Markdown article and no source edition" "$TERCUME" status -p md.ini
stderr_has "md.ini:6: error: \[build\] formats: pages/doc1.md is a markdown article: add source" "…names the key"
finish
