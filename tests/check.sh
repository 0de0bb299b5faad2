#!/bin/sh
# tercume check: the exit-status contract, the coverage gate, each check on a
# planted defect and on a clean unit, counts against msgfmt --statistics, and
# the JSON and GitHub outputs.
. "$top_srcdir/tests/common.sh"

# ---- what needs no catalogue reader ----
expect_status 0 "--help" "$TERCUME" check --help
check "--help names the exit statuses" grep -q "Exit status" "$T/out"
expect_status 0 "--list-checks" "$TERCUME" check --list-checks
for c in numbers quotes quote-style end-punctuation whitespace double-space identical \
	placeholders typography terms spelling urls brackets missing extra stale; do
	check "--list-checks lists $c with a severity" grep -Eq "^$c +(error|warning) " "$T/out"
done
# no catalogue: the project's (tests/project.sh); with no project here, a
# missing input (3) that says what to do
expect_status 3 "no catalogue and no project file" sh -c 'cd "$1" && shift && "$@"' sh "$T" "$TERCUME" check
stderr_has "no project here: write one with 'tercume init'" "says what is missing"
expect_status 3 "a missing file is an I/O error" "$TERCUME" check "$T/nope.po"
stderr_has "nope.po: error: cannot open: No such file" "names the missing file"
: >"$T/empty.po"
expect_status 2 "an unknown check" "$TERCUME" check --disable numbers,nosuch "$T/empty.po"
stderr_has "unknown check 'nosuch'" "names the unknown check"
expect_status 2 "an unknown check for --werror" "$TERCUME" check --werror=nosuch "$T/empty.po"
expect_status 2 "a coverage above 100" "$TERCUME" check --min-coverage 120 "$T/empty.po"
stderr_has "from 0 to 100" "says the range"
expect_status 2 "a coverage that is no number" "$TERCUME" check --min-coverage lots "$T/empty.po"
expect_status 2 "an unknown output format" "$TERCUME" check --format xml "$T/empty.po"
expect_status 3 "a missing segments file" "$TERCUME" check --segments "$T/nope.seg" "$T/empty.po"
stderr_has "nope.seg" "names the segments file"

# ---- with PO files ----
# Everything below needs a PO catalogue: stop early if there is none.
if ! "$TERCUME" export -l ru -o "$T/article.po" "$SEGMENTS" >/dev/null 2>&1 ||
   ! "$TERCUME" check "$T/article.po" >/dev/null 2>&1; then
	fail "a PO catalogue cannot be exported or read"
	finish
	exit $?
fi

# po FILE LANG: a PO file with a header and the entries on stdin.
po() {
	{
		printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
		printf '"Language: %s\\n"\n"X-Source-Language: en\\n"\n\n' "$2"
		cat
	} >"$1"
}

# ~ is a no-break space, as Russian typesetting puts one in «22 апреля».
po "$T/clean.po" ru <<'EOF'
#. paragraph 1, sentence 1
msgctxt "u1"
msgid "On April 22, he said: \"Trade reached 2,000 tonnes."
msgstr "22~апреля он сказал: «Товарооборот достиг 2 000 тонн."

#. paragraph 1, sentence 2
msgctxt "u2"
msgid "It grew by 3.5 percent.\""
msgstr "Он вырос на 3,5 процента»."

#. paragraph 2
msgctxt "u3"
msgid "Is it the \"first\" step?"
msgstr "Это «первый» шаг?"
EOF
sed -i 's/~/\xc2\xa0/g' "$T/clean.po"
expect_status 0 "a clean catalogue passes" "$TERCUME" check "$T/clean.po"
check "with no finding" sh -c "! grep -q ': \(error\|warning\): ' '$T/out'"
check "and a summary table" grep -Eq "clean.po +3 +3 +0 +0 +0 " "$T/out"
check "and the verdict" grep -q "^tercume check: passed" "$T/out"
expect_status 0 "a clean catalogue passes with --werror" "$TERCUME" check --werror "$T/clean.po"

# One planted defect per check, one unit each.
po "$T/defects.po" ru <<'EOF'
#. paragraph 1
msgctxt "numbers"
msgid "It cost 2,000 dollars."
msgstr "Это стоило 200 долларов."

#. paragraph 2
msgctxt "quotes"
msgid "He said \"yes\"."
msgstr "Он сказал «да."

#. paragraph 3
msgctxt "quote-style"
msgid "He said \"no\"."
msgstr "Он сказал “нет”."

#. paragraph 4
msgctxt "end-punctuation"
msgid "Is it true?"
msgstr "Это правда."

#. paragraph 5
msgctxt "whitespace"
msgid "It is late."
msgstr "Уже поздно. "

#. paragraph 6
msgctxt "double-space"
msgid "It is early."
msgstr "Ещё  рано."

#. paragraph 7
msgctxt "identical"
msgid "Vladimir Putin"
msgstr "Vladimir Putin"

#. paragraph 8
msgctxt "placeholders"
msgid "Read <b>this</b>."
msgstr "Прочтите это."
EOF
expect_status 1 "planted defects fail the gate" "$TERCUME" check "$T/defects.po"
for c in numbers quotes placeholders; do
	check "[$c] is an error, compiler style" grep -Eq "defects.po:[0-9]+: error: \[$c\] " "$T/out"
done
for c in quote-style end-punctuation whitespace double-space identical; do
	check "[$c] is a warning, compiler style" grep -Eq "defects.po:[0-9]+: warning: \[$c\] " "$T/out"
done
check "8 checks found something" test "$(grep -o '^[^ ]*defects.po:[0-9]*: [a-z]*: \[[a-z-]*\]' "$T/out" | sed 's/.*\[//' | sort -u | wc -l)" = 8
check "findings in the order of the file" sh -c "grep -o '^[^ ]*defects.po:[0-9]*' '$T/out' | cut -d: -f2 | sort -n -c"
check "the verdict says FAILED" grep -q "^tercume check: FAILED" "$T/out"
expect_status 0 "errors disabled leave warnings: pass" \
	"$TERCUME" check --disable numbers,quotes --disable placeholders "$T/defects.po"
check "the disabled checks are silent" sh -c "! grep -Eq '\[(numbers|quotes|placeholders)\]' '$T/out'"
expect_status 1 "--werror makes warnings fatal" \
	"$TERCUME" check --disable numbers,quotes,placeholders --werror "$T/defects.po"
check "as errors" grep -Eq "error: \[identical\]" "$T/out"
expect_status 1 "--werror=NAME makes one check fatal" \
	"$TERCUME" check --disable numbers,quotes,placeholders --werror=identical "$T/defects.po"
check "that one is an error" grep -Eq "error: \[identical\]" "$T/out"
check "the others stay warnings" grep -Eq "warning: \[double-space\]" "$T/out"

# Coverage: 2 translated, 1 fuzzy, 1 untranslated, 1 obsolete.
po "$T/partial.po" ru <<'EOF'
msgctxt "a"
msgid "One two three four five six."
msgstr "Раз два три четыре пять шесть."

msgctxt "b"
msgid "Seven."
msgstr "Семь."

#, fuzzy
msgctxt "c"
msgid "Eight nine."
msgstr "Восемь."

msgctxt "d"
msgid "Ten eleven."
msgstr ""

#~ msgctxt "e"
#~ msgid "Twelve."
#~ msgstr "Двенадцать."
EOF
expect_status 0 "coverage 50% meets --min-coverage 50" "$TERCUME" check --min-coverage 50 "$T/partial.po"
expect_status 1 "coverage 50% fails --min-coverage 50.1" "$TERCUME" check --min-coverage 50.1 "$T/partial.po"
check "the coverage finding says why" grep -q "partial.po: error: \[coverage\] 50.0% of the units translated, below the minimum of 50.1%" "$T/out"
expect_status 0 "by words 7 of 11 (63.6%) meets 63" "$TERCUME" check --by-words --min-coverage 63 "$T/partial.po"
expect_status 1 "by words 63.6% fails 64%" "$TERCUME" check --by-words --min-coverage 64% "$T/partial.po"
check "the words row" grep -Eq "partial.po +4 +2 +1 +1 +1 +11 +7 +2 +2 +50.0 +63.6 " "$T/out"
expect_status 1 "each file must meet the minimum" "$TERCUME" check --min-coverage 100 "$T/clean.po" "$T/partial.po"
check "the failing file is named" grep -q "partial.po: error: \[coverage\]" "$T/out"
check "the passing one is not" sh -c "! grep -q 'clean.po: error: \[coverage\]' '$T/out'"
expect_status 3 "a missing file among good ones is status 3" "$TERCUME" check "$T/clean.po" "$T/nope.po"

# JSON: parsed, counts compared with the text table and with the files.
expect_status 1 "--format json" "$TERCUME" check --format json --min-coverage 100 \
	"$T/clean.po" "$T/partial.po" "$T/defects.po"
cp "$T/out" "$T/report.json"
check "the JSON document parses" python3 -m json.tool "$T/report.json" /dev/null
cat >"$T/verify-report.py" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
f = {x["file"].rsplit("/", 1)[-1]: x for x in r["files"]}
p = f["partial.po"]
assert r["tercume_check"] == 1 and r["passed"] is False and r["exit_status"] == 1, r
assert r["min_coverage"] == 100 and r["coverage_basis"] == "units"
assert p["units"] == {"total": 4, "translated": 2, "fuzzy": 1, "untranslated": 1, "obsolete": 1}, p
assert p["words"] == {"total": 11, "translated": 7, "fuzzy": 2, "untranslated": 2, "obsolete": 1}, p
assert p["coverage"] == {"units": 50.0, "words": 63.6} and p["coverage_passed"] is False
assert f["clean.po"]["coverage_passed"] is True and f["clean.po"]["errors"] == 0
assert f["clean.po"]["target_lang"] == "ru" and f["clean.po"]["source_lang"] == "en"
for k in ("units", "words"):
    for s in ("total", "translated", "fuzzy", "untranslated", "obsolete"):
        assert r["total"][k][s] == sum(x[k][s] for x in r["files"]), (k, s)
checks = sorted(set(x["check"] for x in r["findings"] if x["file"].endswith("defects.po")))
assert checks == sorted(["numbers", "quotes", "quote-style", "end-punctuation", "whitespace",
                         "double-space", "identical", "placeholders"]), checks
assert [x["check"] for x in r["findings"] if x["file"].endswith("partial.po")] == ["coverage"]
n = next(x for x in r["findings"] if x["check"] == "numbers")
assert n["unit"] == "numbers" and n["line"] > 0 and n["severity"] == "error", n
assert "2,000" in n["message"], n
assert r["total"]["errors"] == sum(x["severity"] == "error" for x in r["findings"])
assert r["total"]["warnings"] == sum(x["severity"] == "warning" for x in r["findings"])
assert r["segments"] is None and p["segments"] is None
EOF
check "the JSON counts are right" python3 "$T/verify-report.py" "$T/report.json"

# GitHub Actions workflow commands.
expect_status 1 "--format github" "$TERCUME" check --format github "$T/defects.po"
check "errors as ::error with file and line" \
	grep -Eq "^::error file=[^,]*defects.po,line=[0-9]+,title=tercume check \[numbers\]::the number 2%2C000|^::error file=[^,]*defects.po,line=[0-9]+,title=tercume check \[numbers\]::the number 2,000" "$T/out"
check "warnings as ::warning" grep -Eq "^::warning file=[^,]*defects.po,line=[0-9]+,title=tercume check \[identical\]::" "$T/out"
check "the verdict as ::error" grep -q "^::error::tercume check: FAILED" "$T/out"

# Messages stay English whatever the locale.
expect_status 1 "under a Russian locale" env LC_ALL=ru_RU.UTF-8 LANGUAGE=ru "$TERCUME" check "$T/defects.po"
check "the messages are English" grep -q "error: \[numbers\] the number 2,000 of the source is not in the translation" "$T/out"

# Counts agree with msgfmt --statistics on every PO file.
cat >"$T/msgfmt.py" <<'EOF'
import json, re, sys
text = open(sys.argv[1]).read()
def n(word):
    m = re.search(r"(\d+) " + word, text)
    return int(m.group(1)) if m else 0
u = json.load(open(sys.argv[2]))["files"][0]["units"]
want = (n("translated"), n("fuzzy"), n("untranslated"))
got = (u["translated"], u["fuzzy"], u["untranslated"])
print("# msgfmt:", want, "tercume:", got)
sys.exit(0 if want == got and "translated" in text else 1)
EOF
if command -v msgfmt >/dev/null 2>&1; then
	for f in clean partial defects article; do
		LC_ALL=C msgfmt --statistics -o /dev/null "$T/$f.po" >/dev/null 2>"$T/msgfmt.txt"
		"$TERCUME" check --format json "$T/$f.po" >"$T/$f.json"
		check "$f.po: counts agree with msgfmt --statistics" python3 "$T/msgfmt.py" "$T/msgfmt.txt" "$T/$f.json"
	done
else
	skip "msgfmt checks: msgfmt not installed"
fi

# ---- the glossary, the dictionary and notes (issue 18) ----
GLOSSARY="$DATA/glossary/test.tbx"
DICTS="$DATA/hunspell"
po "$T/terms.po" ru <<'EOF'
#. paragraph 1
msgctxt "t1"
msgid "Peacekeepers left Garabagh."
msgstr "Миротворцы покинули Гарабах."

#. paragraph 2
msgctxt "t2"
msgid "They were in Khankendi."
msgstr "Они были в~Ханкенди."
EOF
sed -i 's/~/\xc2\xa0/g' "$T/terms.po"
expect_status 1 "--glossary: a deprecated term fails the gate" \
	"$TERCUME" check --glossary "$GLOSSARY" --disable spelling "$T/terms.po"
check "[terms] is an error naming the wanted term" \
	grep -Eq "terms.po:[0-9]+: error: \[terms\] the source has \"Garabagh\".*\"Карабах\"" "$T/out"
check "[terms] and the deprecated one" grep -q "which the glossary marks deprecated" "$T/out"
check "the inflected name (Ханкенди) is no finding: 2 [terms] lines, both the first unit's" \
	test "$(grep -c '\[terms\]' "$T/out")" = 2
expect_status 0 "without --glossary, no terms" "$TERCUME" check --disable spelling "$T/terms.po"
expect_status 3 "a missing glossary is an I/O error (status 3, as a missing catalogue)" "$TERCUME" check --glossary "$T/nope.tbx" "$T/terms.po"
stderr_has "nope.tbx: error: cannot open" "names the missing glossary"
printf '<tbx><text><body><conceptEntry id="x"/></body></text></tbx>\n' >"$T/bad.tbx"
expect_status 2 "a bad glossary is an input error" "$TERCUME" check --glossary "$T/bad.tbx" "$T/terms.po"
stderr_has "bad.tbx:1: error: .*no language section" "names the file and line"
expect_status 1 "--dictionary-dir: spelling with a given dictionary" \
	"$TERCUME" check --werror --dictionary-dir "$DICTS" --disable terms,typography "$T/terms.po"
check "[spelling] names the unknown words" grep -q "not in the ru_RU dictionary or the glossary: \"Миротворцы\"" "$T/out"
expect_status 0 "the glossary's words are spelt right" \
	"$TERCUME" check --dictionary-dir "$DICTS" --glossary "$GLOSSARY" --disable terms,typography "$T/terms.po"
check "Ханкенди is in the glossary" sh -c "! grep -q 'Ханкенди\"' '$T/out'"
po "$T/az.po" az <<'EOF'
msgctxt "a1"
msgid "In Garabagh."
msgstr "Qarabağda."
EOF
expect_status 0 "Azerbaijani: no dictionary is no failure, even with --werror" \
	"$TERCUME" check --werror --dictionary-dir "$DICTS" "$T/az.po"
check "a note says the spelling is not checked" \
	grep -Eq "az.po: note: \[spelling\] no hunspell dictionary for az \(looked for az_AZ.dic, az.dic in .*hunspell\)" "$T/out"
check "the verdict counts it" grep -q "passed (1 file, 0 errors, 0 warnings, 1 note)" "$T/out"
expect_status 0 "the note in JSON" "$TERCUME" check --format json --dictionary-dir "$DICTS" "$T/az.po"
check "severity note, counted" python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
assert [f['severity'] for f in r['findings']] == ['note'], r['findings']
assert r['files'][0]['notes'] == 1 and r['files'][0]['errors'] == 0, r['files'][0]
" "$T/out"
expect_status 0 "the note for GitHub" "$TERCUME" check --format github --dictionary-dir "$DICTS" "$T/az.po"
check "as ::notice" grep -q "^::notice file=[^,]*az.po,title=tercume check \[spelling\]::no hunspell" "$T/out"
expect_status 0 "--disable spelling: no note" "$TERCUME" check --disable spelling --dictionary-dir "$DICTS" "$T/az.po"
check "none" sh -c "! grep -q 'note:' '$T/out'"

# ---- against the article ----
expect_status 0 "a fresh export matches its article" "$TERCUME" check --segments "$SEGMENTS" "$T/article.po"
check "nothing missing, extra or stale" grep -q "0 missing, 0 extra, 0 stale" "$T/out"
expect_status 1 "an untranslated export fails --min-coverage 100" \
	"$TERCUME" check --min-coverage 100 --segments "$SEGMENTS" "$T/article.po"
awk 'BEGIN { RS = ""; ORS = "\n\n" } !/msgctxt "4c1ea835"/' "$T/article.po" >"$T/missing.po"
expect_status 1 "a unit missing from the catalogue" "$TERCUME" check --segments "$SEGMENTS" "$T/missing.po"
check "[missing] names the unit" grep -Eq "missing.po: error: \[missing\] unit 4c1ea835 \(articles/aliyev-putin-2024.en.txt line 1\)" "$T/out"
sed 's/Natig MAMEDZADE/Natiq MAMEDZADE/' "$T/article.po" >"$T/stale.po"
expect_status 1 "a source that changed" "$TERCUME" check --segments "$SEGMENTS" "$T/stale.po"
check "[stale] names the unit" grep -Eq "stale.po:[0-9]+: error: \[stale\] the source of unit 4c1ea835" "$T/out"
{ cat "$T/article.po"; printf '\nmsgctxt "deadbeef"\nmsgid "Gone."\nmsgstr ""\n'; } >"$T/extra.po"
expect_status 0 "a unit the article lost is a warning" "$TERCUME" check --segments "$SEGMENTS" "$T/extra.po"
check "[extra] names the unit" grep -Eq "extra.po:[0-9]+: warning: \[extra\] unit deadbeef" "$T/out"
expect_status 1 "and an error with --werror" "$TERCUME" check --werror --segments "$SEGMENTS" "$T/extra.po"

# ---- XLIFF: the same counts ----
if "$TERCUME" convert -o "$T/partial.xlf" "$T/partial.po" >/dev/null 2>&1 &&
   "$TERCUME" check "$T/partial.xlf" >/dev/null 2>&1; then
	"$TERCUME" convert --to xliff12 -o "$T/partial12.xlf" "$T/partial.po"
	expect_status 0 "XLIFF 2.0 and 1.2 are checked" "$TERCUME" check "$T/partial.xlf" "$T/partial12.xlf"
	check "XLIFF 2.0 counts as the PO" grep -Eq "partial.xlf +4 +2 +1 +1 +1 +11 +7 +2 +2 " "$T/out"
	check "XLIFF 1.2 counts as the PO" grep -Eq "partial12.xlf +4 +2 +1 +1 +1 +11 +7 +2 +2 " "$T/out"
else
	fail "a PO catalogue cannot be converted to XLIFF"
fi
# ---- each check of issue 18 found on its defect, and silent with --disable ----
{
	printf 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
	printf 'msgctxt "t1"\nmsgid "They met on April 22."\nmsgstr "Они встретились 22 апреля."\n\n'
	printf 'msgctxt "u1"\nmsgid "See https://president.az/en for the text."\nmsgstr "Текст на\302\240https://president.ru/ru."\n\n'
	printf 'msgctxt "b1"\nmsgid "The USSR (its successor) left."\nmsgstr "СССР (его преемник ушел."\n'
} >"$T/new-checks.po"
for c in typography urls brackets; do
	expect_status 1 "[$c] found on its planted defect" "$TERCUME" check --werror --disable spelling "$T/new-checks.po"
	check "[$c] ... in the report" grep -q "\\[$c\\]" "$T/out"
	expect_status 0 "--disable $c" "$TERCUME" check --werror --disable spelling,typography,urls,brackets "$T/new-checks.po"
	"$TERCUME" check --disable "spelling,$c" "$T/new-checks.po" >"$T/report" 2>&1
	check "--disable $c: no [$c], the others still there" sh -c \
		"! grep -q '\\[$c\\]' '$T/report' && test \$(grep -c '\\[\\(typography\\|urls\\|brackets\\)\\]' '$T/report') -ge 2"
done
finish
