#!/bin/sh
# The exit-code classes of the README in every command (0 done, 1 a gate
# failed, 2 usage or malformed input, 3 a file that cannot be read), the
# JSON report in every outcome, --quiet, language tags, and segment's
# refusal of files that are not articles (doc/cli.md).
. "$top_srcdir/tests/common.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed to parse the JSON reports"
	exit 77
fi

# ---- inputs ----
PO="$top_srcdir/po/ru.po"
mkdir "$T/dir.po" "$T/dir.txt" "$T/dir.seg"
printf '# tercume segments 1\nthis is not a segments file\n' >"$T/bad.seg"
printf 'msgid "a"\nmsgstr "b"\nmsgid\n' >"$T/bad.po"
printf '\376\377\000H\000i\000\n' >"$T/utf16.txt"
# One translation of 69: a partial catalogue, and one with no language.
partial() {
	printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: %s\\n"\n\n' "$1"
	printf 'msgctxt "4c1ea835"\nmsgid "Author: Natig MAMEDZADE"\nmsgstr "Автор: Натиг МАМЕДЗАДЕ"\n'
}
partial ru >"$T/partial.po"
partial "" >"$T/nolang.po"
"$TERCUME" export -l ru -o "$T/empty-ru.po" "$SEGMENTS"
"$TERCUME" tm export -o "$T/ru.tmx" "$PO"
cp "$PO" "$T/ru.po"
cp "$SEGMENTS" "$T/a.seg"
printf '[project]\nsource-lang = en\nbogus = 1\n' >"$T/bad.ini"
PROJECT="$top_srcdir/tercume.ini"
# a project of one untranslated article
mkdir -p "$T/proj/articles" && cp "$ARTICLE" "$T/proj/articles/" &&
	(cd "$T/proj" && "$TERCUME" init -q -l ru 'articles/*.txt' && "$TERCUME" sync -q)

# ---- every command, every class ----
# status DESCRIPTION COMMAND...: the classes, one line each
while IFS='|' read -r want what args; do
	[ -z "$want" ] && continue
	# shellcheck disable=SC2086
	eval "set -- $args"
	expect_status "$want" "$what" "$TERCUME" "$@"
	case $want in
	2|3) stderr_has "^tercume: " "$what: says why" ;;
	esac
done <<EOF
0|segment: done|segment '$ARTICLE'
2|segment: malformed input (UTF-16)|segment '$T/utf16.txt'
2|segment: usage (two articles)|segment '$ARTICLE' '$ARTICLE'
3|segment: missing article|segment '$T/nope.txt'
3|segment: a directory as the article|segment '$T/dir.txt'
0|export: done|export -l ru -o '$T/x.po' '$SEGMENTS'
2|export: malformed segments file|export -o '$T/x.po' '$T/bad.seg'
2|export: usage (no -o)|export '$SEGMENTS'
3|export: missing segments file|export -o '$T/x.po' '$T/nope.seg'
3|export: unwritable output|export -o '$T/dir.seg/sub/x.po' '$SEGMENTS'
0|convert: done|convert -o '$T/x.xlf' '$PO'
2|convert: malformed catalogue|convert -o '$T/x.xlf' '$T/bad.po'
2|convert: usage (a bad --to)|convert --to doc -o '$T/x.xlf' '$PO'
3|convert: missing catalogue|convert -o '$T/x.xlf' '$T/nope.po'
3|convert: a directory as the catalogue|convert -o '$T/x.xlf' '$T/dir.po'
0|merge: done|merge -o '$T/x.txt' '$SEGMENTS' '$PO'
1|merge: gate (--fallback fail)|merge --fallback fail -o '$T/x.txt' '$SEGMENTS' '$T/partial.po'
1|merge: gate (--min-coverage)|merge --min-coverage 50 -o '$T/x.txt' '$SEGMENTS' '$T/partial.po'
2|merge: malformed catalogue|merge -o '$T/x.txt' '$SEGMENTS' '$T/bad.po'
2|merge: malformed segments file|merge '$T/bad.seg'
2|merge: usage (three operands)|merge '$SEGMENTS' '$PO' '$PO'
3|merge: missing segments file|merge '$T/nope.seg'
3|merge: missing catalogue|merge '$SEGMENTS' '$T/nope.po'
0|check: done|check '$PO'
1|check: gate|check --min-coverage 100 '$T/empty-ru.po'
2|check: malformed catalogue|check '$T/bad.po'
3|check: no catalogue and no project file|check -p '$T/nope.ini'
2|check: malformed project file|check -p '$T/bad.ini'
2|check: usage (--max-fuzzy with a catalogue)|check --max-fuzzy 0 '$PO'
0|check: the bundled project|check -p '$PROJECT'
1|check: a project below its threshold|check -p '$T/proj/tercume.ini' --min-coverage ru=100
0|sync: dry run of the bundled project|sync -n -p '$PROJECT'
2|sync: malformed project file|sync -p '$T/bad.ini'
3|sync: missing project file|sync -p '$T/nope.ini'
2|sync: usage (an operand)|sync '$ARTICLE'
0|build: dry run of the bundled project|build -n -p '$PROJECT'
3|build: missing project file|build -p '$T/nope.ini'
0|status: the bundled project|status -p '$PROJECT'
2|status: malformed project file|status -p '$T/bad.ini'
2|init: usage (no language)|init -o '$T/new.ini' '$ARTICLE'
2|init: a bad language|init -l russian -o '$T/new.ini' '$ARTICLE'
3|check: missing catalogue|check '$T/nope.po'
3|check: a directory as the catalogue|check '$T/dir.po'
3|check: missing segments file|check -s '$T/nope.seg' '$PO'
0|update: done|update -n -s '$T/a.seg' '$ARTICLE' '$T/ru.po'
2|update: malformed catalogue|update -n -s '$T/a.seg' '$ARTICLE' '$T/bad.po'
2|update: usage (no -s)|update '$ARTICLE' '$T/ru.po'
3|update: missing article|update -n -s '$T/a.seg' '$T/nope.txt' '$T/ru.po'
3|update: missing catalogue|update -n -s '$T/a.seg' '$ARTICLE' '$T/nope.po'
0|tm: done (export)|tm export -o '$T/x.tmx' '$PO'
0|tm: done (import)|tm import -n '$T/ru.tmx' '$T/empty-ru.po'
2|tm: malformed catalogue|tm export -o '$T/x.tmx' '$T/bad.po'
2|tm: usage (an unknown action)|tm sideways '$PO'
3|tm: missing catalogue|tm export -o '$T/x.tmx' '$T/nope.po'
3|tm: missing memory|tm import -n '$T/nope.tmx' '$T/empty-ru.po'
EOF
check "the failed edition was not written" test ! -e "$T/x.txt" -o "$(head -c 5 "$T/x.txt")" != "Автор"

# ---- --format json: one document on stdout, whatever happens ----
cat >"$T/verify-json.py" <<'PY'
import json, sys
path, command, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(path, encoding="utf-8").read()
doc = json.loads(text)          # exactly one document: trailing text fails
assert doc["command"] == command, doc
assert doc["exit_status"] == status, (doc["exit_status"], status)
assert doc["passed"] is (status == 0), doc
diags = doc["diagnostics"]
assert isinstance(diags, list)
for d in diags:
    assert set(d) == {"severity", "file", "line", "column", "check", "message"}, d
    assert d["severity"] in ("error", "warning", "note"), d
if status in (2, 3):
    assert any(d["severity"] == "error" for d in diags), diags
for want in sys.argv[4:]:
    assert any(want in (d["message"] + " " + str(d["file"])) for d in diags), (want, diags)
PY
while IFS='|' read -r want what cmd args; do
	[ -z "$want" ] && continue
	eval "set -- $args"
	"$TERCUME" "$cmd" --format json "$@" >"$T/report.json" 2>"$T/err"
	got=$?
	check "json: $cmd: $what: exit $want" test "$got" = "$want"
	check "json: $cmd: $what: one JSON document with the status" \
		python3 "$T/verify-json.py" "$T/report.json" "$cmd" "$want"
done <<EOF
0|passed|check|'$PO'
1|failed gate|check|--min-coverage 100 '$T/empty-ru.po'
2|usage error|check|--bogus '$PO'
2|usage error before --format|check|--min-coverage 200 '$PO'
2|malformed|check|'$T/bad.po'
3|missing file|check|'$T/nope.po'
0|written|merge|-o '$T/j.txt' '$SEGMENTS' '$PO'
1|refused|merge|--fallback fail -o '$T/j.txt' '$SEGMENTS' '$T/partial.po'
2|stdout is taken|merge|'$SEGMENTS' '$PO'
2|malformed|merge|-o '$T/j.txt' '$SEGMENTS' '$T/bad.po'
3|missing file|merge|-o '$T/j.txt' '$SEGMENTS' '$T/nope.po'
0|dry run|update|-n -s '$T/a.seg' '$ARTICLE' '$T/ru.po'
2|malformed|update|-n -s '$T/a.seg' '$ARTICLE' '$T/bad.po'
2|usage error|update|--threshold 0 -s '$T/a.seg' '$ARTICLE'
3|missing file|update|-n -s '$T/a.seg' '$ARTICLE' '$T/nope.po'
0|project passed|check|-p '$PROJECT'
1|project gate|check|-p '$T/proj/tercume.ini' --min-coverage ru=100
2|malformed project|check|-p '$T/bad.ini'
3|missing project|check|-p '$T/nope.ini'
0|project|status|-p '$PROJECT'
2|malformed project|status|-p '$T/bad.ini'
3|missing project|status|-p '$T/nope.ini'
EOF
"$TERCUME" check --format json "$T/nope.po" >"$T/report.json" 2>/dev/null
check "json: a missing file is named in the diagnostics" \
	python3 "$T/verify-json.py" "$T/report.json" check 3 "nope.po" "cannot open"
"$TERCUME" merge --min-coverage 0 --format json -o "$T/j.txt" "$SEGMENTS" "$T/partial.po" >"$T/report.json" 2>/dev/null
check "json: merge's warnings are in the document" python3 - "$T/report.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["units"] == 69 and d["translated"] == 1 and d["kept"] == 68, d
assert d["target_lang"] == "ru" and d["refused"] is False, d
assert sum(x["severity"] == "warning" for x in d["diagnostics"]) >= 68, len(d["diagnostics"])
PY
"$TERCUME" update --format json -n -s "$T/a.seg" "$ARTICLE" "$T/ru.po" >"$T/report.json" 2>/dev/null
check "json: update's counts" python3 - "$T/report.json" "$T/ru.po" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = d["catalogues"]
assert d["dry_run"] is True and len(c) == 1 and c[0]["file"] == sys.argv[2], d
assert c[0]["kept"] == 69 and c[0]["new"] == 0 and c[0]["obsolete"] == 0, c
PY

# ---- --quiet: only errors ----
expect_status 0 "merge of a partial catalogue" "$TERCUME" merge --min-coverage 0 -o "$T/q.txt" "$SEGMENTS" "$T/partial.po"
check "without -q: a warning per unit kept in English, and the summary" test "$(grep -c 'warning' "$T/err")" -ge 68
expect_status 0 "merge -q" "$TERCUME" merge --min-coverage 0 -q -o "$T/q2.txt" "$SEGMENTS" "$T/partial.po"
check "merge -q prints nothing" test ! -s "$T/err" -a ! -s "$T/out"
check "merge -q writes the same edition" cmp -s "$T/q.txt" "$T/q2.txt"
expect_status 1 "merge -q --fallback fail" "$TERCUME" merge -q --fallback fail -o "$T/q3.txt" "$SEGMENTS" "$T/partial.po"
check "merge -q keeps the errors" test "$(grep -c ': error: ' "$T/err")" -ge 68
check "merge -q --fallback fail: no warnings" sh -c "! grep -q ': warning: ' '$T/err'"
printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\nmsgctxt "x"\nmsgid "Hello world."\nmsgstr "Привет  мир."\n' >"$T/warn.po"
expect_status 0 "check: a warning" "$TERCUME" check "$T/warn.po"
check "check without -q: the warning and the table" sh -c "grep -q 'warning: \[double-space\]' '$T/out' && grep -q 'tercume check: passed' '$T/out'"
expect_status 0 "check -q" "$TERCUME" check -q "$T/warn.po"
check "check -q prints nothing" test ! -s "$T/out" -a ! -s "$T/err"
expect_status 1 "check -q with a failed gate" "$TERCUME" check -q --werror "$T/warn.po"
check "check -q prints the error" grep -q 'error: \[double-space\]' "$T/out"
check "check -q: no table" sh -c "! grep -q 'tercume check' '$T/out'"
expect_status 0 "update without -q prints its line" "$TERCUME" update -n -s "$T/a.seg" "$ARTICLE" "$T/ru.po"
check "update: one line per catalogue" grep -q 'kept 69' "$T/out"
expect_status 0 "update -q" "$TERCUME" update -q -n -s "$T/a.seg" "$ARTICLE" "$T/ru.po"
check "update -q prints nothing" test ! -s "$T/out" -a ! -s "$T/err"
expect_status 0 "tm import -q" "$TERCUME" tm import -q -n "$T/ru.tmx" "$T/empty-ru.po"
check "tm import -q prints nothing" test ! -s "$T/out" -a ! -s "$T/err"
: >"$T/empty.txt"
expect_status 0 "segment -q of an empty article" "$TERCUME" segment -q -o "$T/empty.seg" "$T/empty.txt"
check "segment -q: no warning" test ! -s "$T/err"

# ---- language tags ----
for tag in 'en US' '' 'russian' 'x-private' 'ru.UTF-8'; do
	expect_status 2 "export -l '$tag' is a usage error" "$TERCUME" export -l "$tag" -o "$T/l.po" "$SEGMENTS"
	stderr_has "^tercume: -l/--lang: '$tag' is not a BCP 47 language tag" "export -l '$tag': names the option"
	check "export -l '$tag': nothing written" test ! -e "$T/l.po"
	expect_status 2 "segment --source-lang '$tag'" "$TERCUME" segment --source-lang "$tag" -o "$T/l.seg" "$ARTICLE"
	stderr_has "^tercume: --source-lang: '$tag' is not" "segment --source-lang '$tag': names the option"
done
expect_status 2 "merge -l russian" "$TERCUME" merge -l russian "$SEGMENTS" "$T/nolang.po"
expect_status 2 "check -l 'en US'" "$TERCUME" check -l 'en US' "$PO"
expect_status 2 "update --source-lang ''" "$TERCUME" update -n --source-lang '' -s "$T/a.seg" "$ARTICLE"
expect_status 0 "export -l ru_RU" "$TERCUME" export -l ru_RU -o "$T/ru_RU.po" "$SEGMENTS"
check "ru_RU is checked as ru-RU and written as gettext writes it, ru_RU" grep -q '^"Language: ru_RU\\n"' "$T/ru_RU.po"
rm -f "$T/ru_RU.xlf"
"$TERCUME" convert "$T/ru_RU.po" --to xliff20 -o "$T/ru_RU.xlf"
check "... and read as ru-RU (XLIFF's trgLang)" grep -q 'trgLang="ru-RU"' "$T/ru_RU.xlf"
expect_status 0 "export -l RU" "$TERCUME" export -l RU -o "$T/RU.po" "$SEGMENTS"
check "RU becomes ru" grep -q '^"Language: ru\\n"' "$T/RU.po"
expect_status 0 "segment --source-lang EN_gb" "$TERCUME" segment --source-lang EN_gb -o "$T/gb.seg" "$ARTICLE"
check "the segments file says en-GB" grep -qx 'lang en-GB' "$T/gb.seg"
expect_status 0 "and reads back" "$TERCUME" merge -o "$T/gb.txt" "$T/gb.seg"
check "byte for byte" cmp -s "$ARTICLE" "$T/gb.txt"

# -l for a catalogue that names no language; never for one that names another.
expect_status 2 "merge of a PO with an empty Language: header" "$TERCUME" merge -o "$T/n.txt" "$SEGMENTS" "$T/nolang.po"
stderr_has "nolang.po: error: the catalogue names no target language.*-l LANG" "says to give -l"
expect_status 0 "merge -l ru of it" "$TERCUME" merge --min-coverage 0 -l ru -o "$T/n.txt" "$SEGMENTS" "$T/nolang.po"
check "the translation is used" grep -q '^Автор: Натиг МАМЕДЗАДЕ' "$T/n.txt"
expect_status 0 "merge -l ru of it, as HTML" "$TERCUME" merge --min-coverage 0 -l ru -o "$T/n.html" "$SEGMENTS" "$T/nolang.po"
check "the page says lang=ru" grep -q '<html lang="ru"' "$T/n.html"
expect_status 2 "merge -l az of a Russian catalogue" "$TERCUME" merge -l az -o "$T/n.txt" "$SEGMENTS" "$PO"
stderr_has "ru.po: error: the catalogue is in 'ru', not 'az'" "says which language it is"
expect_status 0 "check of it warns that the language is unknown" "$TERCUME" check "$T/nolang.po"
stderr_has "nolang.po: warning: the catalogue names no target language" "the warning"
expect_status 0 "check -l ru of it" "$TERCUME" check -l ru "$T/nolang.po"
check "check -l ru: no warning" sh -c "! grep -q warning '$T/err'"
expect_status 2 "check -l az of a Russian catalogue" "$TERCUME" check -l az "$PO"

# ---- segment refuses what is not an article ----
"$TERCUME" export -l az --to xliff12 -o "$T/a12.xlf" "$SEGMENTS"
"$TERCUME" export -l az --to xliff20 -o "$T/a20.xlf" "$SEGMENTS"
"$TERCUME" export -o "$T/a.pot" "$SEGMENTS"
msgcat --no-location "$PO" 2>/dev/null | sed '/^#/d' >"$T/plain.po"
for f in "$PO|PO catalogue" "$T/a.pot|PO catalogue" "$T/plain.po|PO catalogue" \
	 "$T/a12.xlf|XLIFF catalogue" "$T/a20.xlf|XLIFF catalogue" "$T/ru.tmx|TMX translation memory" \
	 "$SEGMENTS|tercume segments file"; do
	file=${f%%|*} what=${f#*|}
	[ -s "$file" ] || continue
	expect_status 2 "segment refuses a $what ($(basename "$file"))" "$TERCUME" segment -o "$T/r.seg" "$file"
	stderr_has "$(basename "$file"): error: this is an? $what, not an article" "names what $(basename "$file") is"
	check "nothing written for $(basename "$file")" test ! -e "$T/r.seg"
done
expect_status 2 "update refuses a catalogue as the article" "$TERCUME" update -n -s "$T/a.seg" "$PO" "$T/ru.po"
stderr_has "this is a PO catalogue, not an article" "update says so"
printf 'Notes on gettext.\n\nmsgid "x" is how a PO file names a message.\n' >"$T/about-po.txt"
expect_status 0 "an article that mentions msgid is still an article" "$TERCUME" segment "$T/about-po.txt"

# ---- the "cannot tell the format" hint names an option that exists ----
: >"$T/cat.txt"
expect_status 2 "merge of a catalogue with no known extension" "$TERCUME" merge "$SEGMENTS" "$T/cat.txt"
stderr_has "name it with --from" "names --from"
check "merge has --from" sh -c "'$TERCUME' merge --help | grep -q -- '--from FMT'"
expect_status 2 "export to a name with no known extension" "$TERCUME" export -o "$T/cat.out" "$SEGMENTS"
stderr_has "name it with --to" "names --to"
check "export has --to" sh -c "'$TERCUME' export --help | grep -q -- '--to FMT'"

# ---- Project-Id-Version comes from the whole name ----
mkdir "$T/pid"
for name in GFDL-1.2 GFDL-1.3 README.md notes.en.txt; do
	printf 'Hello there.\n' >"$T/pid/$name"
	"$TERCUME" segment -o "$T/pid/$name.seg" "$T/pid/$name" &&
		"$TERCUME" export -o "$T/pid/$name.pot" "$T/pid/$name.seg"
done
for pair in "GFDL-1.2|GFDL-1.2" "GFDL-1.3|GFDL-1.3" "README.md|README" "notes.en.txt|notes"; do
	name=${pair%%|*} want=${pair#*|}
	check "Project-Id-Version of $name is $want" grep -qx "\"Project-Id-Version: $want\\\\n\"" "$T/pid/$name.pot"
done

finish
