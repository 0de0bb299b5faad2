#!/bin/sh
# Projects on the command line (doc/project.md): init, a bad project file,
# sync (incremental: a second run rewrites nothing), the memory across
# articles, build, status and check with thresholds per language, JSON and
# GitHub reports.
. "$top_srcdir/tests/common.sh"

P=$T/p
mkdir -p "$P/articles/world"
printf 'The summit opened in Moscow on Monday. Prices rose by 5%% in March.\n\nThe talks lasted three hours.\n' \
	>"$P/articles/one.en.txt"
printf 'Baku and Moscow have jointly conveyed that the talks went well. Nothing else was said.\n' \
	>"$P/articles/two.en.txt"
printf 'A quiet week in the capital. The markets were closed on Friday.\n' \
	>"$P/articles/world/three.en.txt"
cd "$P" || exit 1

# ---- init ----
expect_status 0 "init writes a project file" "$TERCUME" init -l ru,az 'articles/*.en.txt' 'articles/*/*.en.txt'
check "it is tercume.ini" test -s tercume.ini
check "it names the languages" grep -q '^languages = ru az$' tercume.ini
cp tercume.ini "$T/first.ini"
expect_status 2 "init does not write over an existing file" "$TERCUME" init -l de articles/one.en.txt
stderr_has "tercume.ini: error: exists; not written over without --force" "says why"
check "the file is unchanged" cmp -s tercume.ini "$T/first.ini"
expect_status 2 "init: an article that is not there" "$TERCUME" init -o "$T/x.ini" -l ru nope.txt
stderr_has "articles: nope.txt: No such file" "names the missing article"
check "nothing is written for it" test ! -e "$T/x.ini"
expect_status 2 "init: a bad language" "$TERCUME" init -o "$T/x.ini" -l russian articles/one.en.txt
stderr_has "'russian' is not a BCP 47 language tag" "names the bad language"
expect_status 0 "init --force writes over" "$TERCUME" init --force -l ru -l az 'articles/*.en.txt' 'articles/*/*.en.txt'
check "…the same file" cmp -s tercume.ini "$T/first.ini"
# the Azerbaijani translator works in XLIFF
write_project() {
	cat >tercume.ini <<EOF
[project]
source-lang = en
languages = ru az
articles = articles/*.en.txt
    articles/*/*.en.txt
[build]
fallback = ${1:-source}
[lang "az"]
catalogue = xliff/{name}.{lang}.xlf
EOF
}
write_project

# ---- a bad project file: one error naming file, line and key ----
cp tercume.ini "$T/good.ini"
printf '[project]\nsource-lang = en\nlanguages = ru\narticles = articles/one.en.txt\n[paths]\ncatalogue = po/{nmae}.po\n' >"$T/bad.ini"
expect_status 2 "a bad placeholder" "$TERCUME" sync -p "$T/bad.ini"
stderr_has "bad.ini:6: error: \[paths\] catalogue: unknown placeholder '\{nmae\}'" "file, line and key"
check "one line of error" test "$(wc -l <"$T/err")" -eq 1
printf '[project]\nsource-lang = en\nlanguages = ru\narticles = articles/*.de.txt\n' >"$T/bad.ini"
expect_status 2 "a pattern that matches nothing" "$TERCUME" status -p "$T/bad.ini"
stderr_has "bad.ini:4: error: \[project\] articles: articles/\*.de.txt matches no file" "names the pattern"
expect_status 3 "no project file" "$TERCUME" sync -p "$T/none.ini"
stderr_has "none.ini: error: cannot open" "names the file"

# ---- options of the work over a project ----
expect_status 2 "--shard 5/4" "$TERCUME" sync --shard 5/4
stderr_has "--shard: wants K/N with 1 <= K <= N" "says what it wants"
expect_status 2 "--shard 0/4" "$TERCUME" build --shard 0/4
expect_status 2 "--shard 1" "$TERCUME" status --shard 1
expect_status 2 "-j x" "$TERCUME" sync -j x
stderr_has "wants a number of threads" "says what it wants"
expect_status 2 "sync takes no operand" "$TERCUME" sync articles/one.en.txt
expect_status 0 "status --files" "$TERCUME" status --files
check "lists every file of the project" test "$(wc -l <"$T/out")" -eq $((3 * (2 + 2 * 3)))
check "…the segments file of each article" grep -qx 'segments/three.seg' "$T/out"
check "…and its editions" grep -qx 'editions/three.az.html' "$T/out"

# ---- sync ----
expect_status 0 "sync from scratch" "$TERCUME" sync
check "three new articles" grep -q '^sync: 3 articles: 3 new, 0 changed, 0 incomplete, 0 unchanged; 12 files written$' "$T/out"
for f in segments/one.seg po/one.pot po/one.ru.po xliff/one.az.xlf segments/three.seg xliff/three.az.xlf; do
	check "sync made $f" test -s "$f"
done
check "the az catalogue is XLIFF 2.0" grep -q 'urn:oasis:names:tc:xliff:document:2.0' xliff/two.az.xlf
check "the segments file names the article" grep -q '^source "articles/world/three.en.txt"$' segments/three.seg
# the template is what export makes of the segments file
"$TERCUME" export -o "$T/one.pot" segments/one.seg
check "the template is export's" cmp -s "$T/one.pot" po/one.pot
# the catalogue is what update makes of a new one
"$TERCUME" export -l ru -o "$T/one.ru.po" segments/one.seg
"$TERCUME" update -q -s "$T/one.seg" articles/one.en.txt "$T/one.ru.po"
check "the catalogue is update's" cmp -s "$T/one.ru.po" po/one.ru.po

list_files() { find segments po xliff editions -type f 2>/dev/null | LC_ALL=C sort; }
sums() { list_files | while read -r f; do cksum "$f"; done; }
sums >"$T/sums1"
sleep 1
touch "$T/stamp"
expect_status 0 "sync again" "$TERCUME" sync
check "nothing changed" grep -q '^sync: 3 articles: 0 new, 0 changed, 0 incomplete, 3 unchanged; 0 files written$' "$T/out"
check "no file was rewritten (time stamps)" test -z "$(find segments po xliff -type f -newer "$T/stamp")"
sums >"$T/sums2"
check "no file changed" cmp -s "$T/sums1" "$T/sums2"

# a translator translates one article; another article is corrected
awk -f "$top_srcdir/bench/pseudo-translate.awk" po/one.ru.po >"$T/t.po" && mv "$T/t.po" po/one.ru.po
"$TERCUME" tm export -o "$T/one.tmx" po/one.ru.po >/dev/null 2>&1
sleep 1
touch "$T/stamp"
printf 'Baku and Moscow have jointly announced that the talks went well. Nothing else was said.\n' \
	>articles/two.en.txt
expect_status 0 "sync after a correction" "$TERCUME" sync
check "only the corrected article changed" grep -q '^sync: 3 articles: 0 new, 1 changed, 0 incomplete, 2 unchanged; 4 files written$' "$T/out"
check "its line says what update did" grep -q '^articles/two.en.txt: changed, 2 units; ru kept 1, fuzzy 0, new 1, obsolete 0; az kept 1' "$T/out"
check "only its files were written" test "$(find segments po xliff -type f -newer "$T/stamp" | LC_ALL=C sort | tr '\n' ' ')" = \
	"po/two.pot po/two.ru.po segments/two.seg xliff/two.az.xlf "
check "the translated catalogue was not touched" test -z "$(find po/one.ru.po -newer "$T/stamp")"

# ---- the memory: a new article gets the other articles' translations ----
printf 'The summit opened in Moscow on Monday. The summit opened in Moscow on Tuesday.\n' >articles/four.en.txt
expect_status 0 "sync a new article" "$TERCUME" sync
check "one new article" grep -q '^sync: 4 articles: 1 new, 0 changed' "$T/out"
check "filled from the memory: one exact, one fuzzy" \
	grep -q '^articles/four.en.txt: new, 2 units; ru kept 0, fuzzy 1, new 0, obsolete 0 (from the memory: 1 exact, 1 fuzzy); az kept 0, fuzzy 0, new 2, obsolete 0$' "$T/out"
check "the exact match is translated" grep -q 'msgstr "\[xx\] The summit opened in Moscow on Monday."' po/four.ru.po
check "the close one is a fuzzy suggestion" grep -q '^#| msgid "The summit opened in Moscow on Monday."' po/four.ru.po
check "the memory keeps to its language" sh -c '! grep -q "\[xx\]" xliff/four.az.xlf'
# as update --tm does with a memory of the other article
rm -f "$T/four.seg"
"$TERCUME" export -l ru -o "$T/four.ru.po" segments/four.seg
sed -i 's/^"Language: .*/"Language: ru\\n"/' "$T/four.ru.po"
"$TERCUME" update -q --tm "$T/one.tmx" -s "$T/four.seg" articles/four.en.txt "$T/four.ru.po"
check "…as update --tm fills it" sh -c "grep -v '^#:' '$T/four.ru.po' | grep -c '^msgstr \"\[xx\]' | grep -qx 2"

# ---- dry run ----
cp articles/two.en.txt "$T/two.txt"
printf 'Something else entirely.\n' >articles/two.en.txt
touch "$T/stamp"
expect_status 0 "sync --dry-run" "$TERCUME" sync --dry-run
check "says the article changed" grep -q '^articles/two.en.txt: changed' "$T/out"
check "writes nothing" test -z "$(find segments po xliff -type f -newer "$T/stamp")"
# until sync runs, the article's segments are stale
expect_status 2 "build refuses an article changed since its segments" "$TERCUME" build -q -n --force
stderr_has "articles/two.en.txt: error: the article has changed since segments/two.seg was made from it; run 'tercume sync'" "says to sync"
expect_status 1 "check fails it" "$TERCUME" check -q
check "…naming it" grep -q '^po/two.ru.po: error: \[changed\] articles/two.en.txt has changed since segments/two.seg' "$T/out"
expect_status 0 "status shows it" "$TERCUME" status
check "…on its rows" grep -q '^articles/two.en.txt .*(article changed: run tercume sync)$' "$T/out"
# a catalogue of another article where this one's should be
cp po/two.ru.po "$T/two.ru.po"
cp po/one.ru.po po/two.ru.po
expect_status 2 "sync refuses a catalogue made from another article" "$TERCUME" sync
stderr_has "po/two.ru.po: error: the catalogue was made from articles/one.en.txt, not from articles/two.en.txt" "names both articles"
check "…and leaves it alone" cmp -s po/one.ru.po po/two.ru.po
cp "$T/two.ru.po" po/two.ru.po
cp "$T/two.txt" articles/two.en.txt

# ---- a catalogue that is not the project's language ----
cp po/one.ru.po "$T/keep.po"
sed -i 's/^"Language: ru\\n"/"Language: de\\n"/' po/one.ru.po
cp po/one.ru.po "$T/de.po"
cp segments/one.seg "$T/one-before.seg"
printf 'The summit opened.\n' >articles/one.en.txt
expect_status 2 "a catalogue in another language stops that article" "$TERCUME" sync
stderr_has "po/one.ru.po: error: the catalogue is for de, but the project has it for ru" "names the catalogue"
check "and nothing of it is written" sh -c "cmp -s '$T/de.po' po/one.ru.po && cmp -s '$T/one-before.seg' segments/one.seg"
cp "$T/keep.po" po/one.ru.po
printf 'The summit opened in Moscow on Monday. Prices rose by 5%% in March.\n\nThe talks lasted three hours.\n' \
	>articles/one.en.txt
expect_status 0 "sync again" "$TERCUME" sync

# ---- build ----
expect_status 0 "build" "$TERCUME" build
check "16 editions" grep -q '^build: 16 editions made: 16 written, 0 unchanged, 0 refused$' "$T/out"
check "the Russian edition of the translated article" \
	grep -qx '\[xx\] The summit opened in Moscow on Monday. \[xx\] Prices rose by 5% in March.' editions/one.ru.txt
check "an HTML edition" grep -q '<html lang="az"' editions/one.az.html
"$TERCUME" merge segments/one.seg po/one.ru.po -o "$T/one.ru.html" 2>/dev/null
check "the HTML edition is merge's" cmp -s "$T/one.ru.html" editions/one.ru.html
touch "$T/stamp"
expect_status 0 "build again" "$TERCUME" build
check "everything up to date" grep -q '^build: 0 editions made' "$T/out"
check "no edition touched" test -z "$(find editions -type f -newer "$T/stamp")"
sleep 1
awk -f "$top_srcdir/bench/pseudo-translate.awk" po/two.ru.po >"$T/t.po" && mv "$T/t.po" po/two.ru.po
expect_status 0 "build after a translation" "$TERCUME" build
check "only its two editions" grep -q '^build: 2 editions made: 2 written' "$T/out"
write_project fail
expect_status 1 "fallback fail: untranslated editions are refused" "$TERCUME" build --force -q
stderr_has "po/three.ru.po:[0-9]+: error: " "names the untranslated unit"
check "a refused edition is not written" grep -q 'A quiet week' editions/three.ru.txt
write_project

# ---- status ----
expect_status 0 "status" "$TERCUME" status
check "a table per language" sh -c "grep -qx 'ru' '$T/out' && grep -qx 'az' '$T/out'"
check "a row per article" grep -Eq '^articles/one.en.txt +3 +3 +0 +0 +0 +100.0' "$T/out"
check "a table per article" grep -Eq '^articles/world/three.en.txt +2 +0.0 +0.0$' "$T/out"
expect_status 0 "status --format json" "$TERCUME" status --format json
check "…is JSON" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["command"]=="status" and len(d["languages"])==2 and len(d["languages"][0]["catalogues"])==4' "$T/out"

# ---- check over the project ----
expect_status 1 "check: 100% in Russian fails" "$TERCUME" check --min-coverage ru=100
check "names the catalogue below it" grep -q '^po/three.ru.po: error: \[coverage\] ru: 0.0% of the units translated, below the minimum of 100%' "$T/out"
check "the verdict" grep -q '^tercume check: FAILED (8 catalogues of 4 articles' "$T/out"
check "no Azerbaijani threshold, no Azerbaijani failure" sh -c "! grep -q 'xliff/.*coverage' '$T/out'"
expect_status 0 "check: 0% passes" "$TERCUME" check --min-coverage 0
expect_status 1 "check: at most 0 fuzzy" "$TERCUME" check --max-fuzzy ru=0
check "names the fuzzy catalogue" grep -q '^po/four.ru.po: error: \[fuzzy\] ru: 1 fuzzy unit, more than the maximum of 0' "$T/out"
expect_status 2 "check: a language the project lacks" "$TERCUME" check --min-coverage de=50
stderr_has "the project has no language 'de'" "names it"
expect_status 2 "a threshold per language needs a project" "$TERCUME" check --min-coverage ru=50 po/one.ru.po
expect_status 1 "check --format json" "$TERCUME" check --min-coverage ru=100,az=0 --format json
check "…a JSON document with every catalogue" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["command"] == "check" and d["passed"] is False and d["exit_status"] == 1
ru = d["languages"][0]
assert ru["lang"] == "ru" and ru["min_coverage"] == 100
assert [c["article"] for c in ru["catalogues"]] == ["articles/four.en.txt", "articles/one.en.txt", "articles/two.en.txt", "articles/world/three.en.txt"]
assert [c["passed"] for c in ru["catalogues"]] == [False, True, True, False], ru
assert any(f["check"] == "coverage" and f["file"] == "po/three.ru.po" for f in d["findings"])
' "$T/out"
expect_status 1 "check --format github" "$TERCUME" check --min-coverage ru=100 --format github
check "an annotation per failed catalogue (% escaped)" grep -q '^::error file=po/three.ru.po,title=tercume check \[coverage\]::ru: 0.0%25 of the units' "$T/out"
check "the verdict as an annotation" grep -q '^::error::tercume check: FAILED' "$T/out"
# the project's own thresholds
printf '[lang "ru"]\nmin-coverage = 50\n' >>tercume.ini
expect_status 1 "check with the project's min-coverage" "$TERCUME" check
check "…applied to Russian" grep -q '^po/three.ru.po: error: \[coverage\] ru: 0.0% of the units translated, below the minimum of 50%' "$T/out"
expect_status 1 "a missing catalogue fails the gate" sh -c 'rm xliff/three.az.xlf && "$1" check' sh "$TERCUME"
check "names it" grep -q '^xliff/three.az.xlf: error: \[missing-catalogue\]' "$T/out"
check "status shows it missing" sh -c '"$1" status | grep -q "^articles/world/three.en.txt missing (xliff/three.az.xlf)"' sh "$TERCUME"
expect_status 0 "sync makes it again" "$TERCUME" sync
check "…the only file written" grep -q '1 incomplete, 3 unchanged; 1 file written$' "$T/out"
finish
