#!/bin/sh
# Issue 12, cases 5-7: an edition hardly translated at all never passes
# silently, review signals of real tools read as what they mean, and our
# XLIFF 1.2 keeps its units in JavaScript readers (the npm xliff package,
# installed into the test's directory; without npm or the registry the npm
# checks are skipped, and with nothing else run the test exits 77).
. "$top_srcdir/tests/common.sh"

AZ="$top_srcdir/xliff/az.xlf"
PO="$top_srcdir/po/ru.po"
AZ_EDITION="$top_srcdir/editions/aliyev-putin-2024.az.txt"
# (a scratch PO, removed first: convert keeps another catalogue's work)
fuzzy_count() { rm -f "$T/count.po"; "$TERCUME" convert "$1" -o "$T/count.po" >/dev/null 2>&1 && msgattrib --only-fuzzy "$T/count.po" | grep -c '^msgctxt'; }
translated_count() { rm -f "$T/count.po"; "$TERCUME" convert "$1" -o "$T/count.po" >/dev/null 2>&1 && msgattrib --translated --no-fuzzy "$T/count.po" | grep -c '^msgctxt'; }

# ---- npm xliff, in a scratch directory ----
npm_ok=no
if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 &&
	(cd "$T" && timeout 300 npm install --no-audit --no-fund --silent --prefix "$T/npm" xliff >"$T/npm.log" 2>&1); then
	npm_ok=yes
	cat >"$T/npm/x.cjs" <<'EOF'
const x = require('xliff');
const fs = require('fs');
const [mode, inp, outp] = process.argv.slice(2);
const s = fs.readFileSync(inp, 'utf8');
(async () => {
  if (mode === 'rt20') {			// read and write back, as an editor would
    fs.writeFileSync(outp, await x.js2xliff(await x.xliff2js(s)));
  } else if (mode === 'rt12') {
    fs.writeFileSync(outp, await x.jsToXliff12(await x.xliff12ToJs(s)));
  } else if (mode === 'units12') {		// what a JavaScript reader keeps
    const js = await x.xliff12ToJs(s);
    console.log('files ' + Object.keys(js.resources).length);
    for (const f of Object.keys(js.resources))
      for (const [k, u] of Object.entries(js.resources[f])) {
        if (u.groupUnits) {
          for (const [k2, u2] of Object.entries(u.groupUnits))
            console.log('obsolete ' + ((u2.additionalAttributes || {}).resname || k2));
        } else
          console.log('unit ' + ((u.additionalAttributes || {}).resname || k));
      }
  }
})().catch(e => { console.error(e); process.exit(1); });
EOF
	npm_xliff() { (cd "$T/npm" && node x.cjs "$@"); }
else
	echo "SKIP: npm xliff checks: npm, node or the registry is unavailable"
	sed 's/^/    /' "$T/npm.log" 2>/dev/null
fi

# ---- case 5: an edition hardly translated at all ----
if [ $npm_ok = yes ]; then
	check "case 5: npm xliff reads and writes our XLIFF 2.0" npm_xliff rt20 "$AZ" "$T/az-npm.xlf"
	check "case 5: ... and writes it without a single state" sh -c "! grep -q 'state=' '$T/az-npm.xlf'"
	expect_status 1 "case 5: merge of the state-less file is refused, not an all-English edition" \
		"$TERCUME" merge "$SEGMENTS" "$T/az-npm.xlf" -o "$T/az-npm.txt"
	stderr_has "0 of its 69 units \\(0\\.0%\\) have a usable translation.*69 units have only a translation marked as needing review.*XLIFF 2\\.0 also state 'initial' or none.*--use-fuzzy" \
		"case 5: the refusal says the targets have no state and what uses them"
	check "case 5: nothing was written" test ! -e "$T/az-npm.txt"
	expect_status 0 "case 5: --use-fuzzy makes the edition" \
		"$TERCUME" merge --use-fuzzy "$SEGMENTS" "$T/az-npm.xlf" -o "$T/az-npm.txt"
	check "case 5: ... the same as the reference edition" cmp -s "$AZ_EDITION" "$T/az-npm.txt"
	check "case 5: a target without a state reads as fuzzy (XLIFF 2.0: state defaults to initial)" \
		test "$(fuzzy_count "$T/az-npm.xlf")" = 69
fi
# almost nothing: 6 of 69 (8.7%) refused, 7 of 69 (10.1%) accepted
"$TERCUME" export "$SEGMENTS" -l ru -o "$T/few.po"
first() { msgcat --no-wrap "$T/few.po" | awk -v max="$1" '/^msgstr ""$/ && prev ~ /^msgid "/ && prev != "msgid \"\"" && n < max { print "msgstr \"x\""; n++; prev = $0; next } { print; prev = $0 }'; }
first 6 >"$T/six.po"
first 7 >"$T/seven.po"
check "case 5: the partial catalogues have 6 and 7 translations" \
	test "$(translated_count "$T/six.po") $(translated_count "$T/seven.po")" = "6 7"
expect_status 1 "case 5: an edition with 6 of 69 units translated is refused" \
	"$TERCUME" merge "$SEGMENTS" "$T/six.po" -o "$T/six.txt"
stderr_has "6 of its 69 units \\(8\\.7%\\).*--min-coverage 0" "case 5: the refusal counts them"
expect_status 0 "case 5: 7 of 69 (10.1%) passes the default floor" \
	"$TERCUME" merge "$SEGMENTS" "$T/seven.po" -o "$T/seven.txt"
expect_status 0 "case 5: --min-coverage 0 takes any edition" \
	"$TERCUME" merge --min-coverage 0 "$SEGMENTS" "$T/six.po" -o "$T/six.txt"

# ---- case 6: review signals of real tools ----
unit20() { # ID SOURCE TARGET ATTRS
	printf '<unit id="%s"><segment %s><source>%s</source><target>%s</target></segment></unit>\n' "$1" "$4" "$2" "$3"
}
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">\n<file id="f1">\n'
	unit20 4c1ea835 "Author: Natig MAMEDZADE" "Автор: Натиг МАМЕДЗАДЕ" 'state="translated" subState="poedit:fuzzy"'
	unit20 08e6177b "x" "y" 'state="translated"'
	printf '</file>\n</xliff>\n'
} >"$T/poedit.xlf"
check "case 6: Poedit's state=\"translated\" subState=\"poedit:fuzzy\" reads as fuzzy" test "$(fuzzy_count "$T/poedit.xlf")" = 1
check "case 6: ... and plain state=\"translated\" as translated" test "$(translated_count "$T/poedit.xlf")" = 1
expect_status 0 "case 6: the Poedit unit is not published" "$TERCUME" merge --min-coverage 0 "$SEGMENTS" "$T/poedit.xlf" -o "$T/poedit.txt"
stderr_has "unit 4c1ea835 \\(byline 1\\) has only a fuzzy translation" "case 6: merge says the Poedit unit needs review"
check "case 6: ... its source stays in the edition" sh -c "head -n 1 '$T/poedit.txt' | grep -qx 'Author: Natig MAMEDZADE'"
expect_status 0 "case 6: the Poedit file converted to XLIFF 2.0" "$TERCUME" convert "$T/poedit.xlf" --to xliff20 -o "$T/poedit2.xlf"
check "case 6: ... keeps Poedit's state and subState" grep -q '<segment state="translated" subState="poedit:fuzzy">' "$T/poedit2.xlf"
expect_status 0 "case 6: the Poedit file converted to PO" "$TERCUME" convert "$T/poedit.xlf" -o "$T/poedit.po"
stderr_has "left out here \\(1 unit: subState\\)" "case 6: ... with a warning that names the subState PO cannot hold"
# npm xliff writes our notes back without their category: PO cannot hold
# them, and the warning names each thing left out once
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">\n<file id="f1">\n'
	for id in 4c1ea835 08e6177b 41838093; do
		printf '<unit id="%s"><notes><note>heading 2</note></notes><segment state="translated" subState="x:y"><source>a</source><target>b</target></segment></unit>\n' "$id"
	done
	printf '</file>\n</xliff>\n'
} >"$T/notes.xlf"
expect_status 0 "case 5: notes without a category converted to PO" "$TERCUME" convert "$T/notes.xlf" -o "$T/notes.po"
stderr_has "left out here \\(3 units: <notes>, subState\\)" "case 5: ... the warning names <notes> and subState once each"

unit12() { # ID SOURCE TARGET UNIT-ATTRS TARGET-ATTRS
	printf '<trans-unit id="%s" %s><source>%s</source><target %s>%s</target></trans-unit>\n' "$1" "$4" "$2" "$5" "$3"
}
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">\n'
	printf '<file original="a.txt" source-language="en" target-language="ru" datatype="plaintext"><body>\n'
	unit12 a1 "One." "Один." 'approved="no"' 'state="translated"'	# Lokalize: not ready
	unit12 a2 "Two." "Два." 'approved="yes"' 'state="signed-off"'	# Lokalize: signed off
	unit12 a3 "Three." "Три." '' 'state="needs-review-translation"'
	unit12 a4 "Four." "Четыре." 'approved="no"' ''
	unit12 a5 "Five." "Пять." 'approved="yes"' 'state="final"'
	unit12 a6 "Six." "Шесть." '' 'state="translated"'
	printf '</body></file>\n</xliff>\n'
} >"$T/lokalize.xlf"
check "case 6: XLIFF 1.2 approved=\"no\" (with state translated, or none) and needs-review read as fuzzy" \
	test "$(fuzzy_count "$T/lokalize.xlf")" = 3
check "case 6: signed-off, final and translated read as translated" test "$(translated_count "$T/lokalize.xlf")" = 3
expect_status 0 "case 6: 1.2 -> 1.2 conversion" "$TERCUME" convert "$T/lokalize.xlf" --to xliff12 -o "$T/lokalize-out.xlf"
check "case 6: ... keeps Lokalize's state=\"translated\" approved=\"no\"" \
	sh -c "grep -A2 'resname=\"a1\"' '$T/lokalize-out.xlf' | grep -q 'approved=\"no\"' && grep -q '<target state=\"translated\">Один.</target>' '$T/lokalize-out.xlf'"
check "case 6: ... and signed-off" grep -q '<target state="signed-off">Два.</target>' "$T/lokalize-out.xlf"
check "case 6: the conversion reads back with the same states" \
	test "$(fuzzy_count "$T/lokalize-out.xlf") $(translated_count "$T/lokalize-out.xlf")" = "3 3"

# ---- case 7: XLIFF 1.2 shapes that every reader keeps ----
cp "$top_srcdir/articles/aliyev-putin-2024.en.txt" "$T/a.txt"
"$TERCUME" segment -o "$T/a.seg" "$T/a.txt"
"$TERCUME" export "$T/a.seg" -l ru -o "$T/ru.po"
msgen "$T/ru.po" | msgfilter --keep-header -o "$T/ru.po" sed -e 's/^/RU: /'
# two sentences deleted: their translations become obsolete
sed -e 's/Economic collaboration stands as a pivotal facet of Azerbaijan.s strategic discourse\. //' \
	-e 's/^As Allies$/As Close Allies/' "$top_srcdir/articles/aliyev-putin-2024.en.txt" >"$T/a.txt"
"$TERCUME" update --no-fuzzy -s "$T/a.seg" "$T/a.txt" "$T/ru.po" >/dev/null
"$TERCUME" convert "$T/ru.po" --to xliff12 -o "$T/ru12.xlf"
grep '^unit ' "$T/a.seg" | cut -d' ' -f2 >"$T/ids"
n=$(wc -l <"$T/ids")
check "case 7: one <file> for live and obsolete units" test "$(grep -c '<file ' "$T/ru12.xlf")" = 1
check "case 7: the bundled article has an all-digit unit ID (41838093)" grep -qx 41838093 "$T/ids"
if [ $npm_ok = yes ]; then
	check "case 7: npm xliff reads our XLIFF 1.2" sh -c "cd '$T/npm' && node x.cjs units12 '$T/ru12.xlf' >'$T/npm-units'"
	check "case 7: npm xliff sees one file" grep -qx 'files 1' "$T/npm-units"
	sed -n 's/^unit //p' "$T/npm-units" >"$T/npm-ids"
	check "case 7: npm xliff keeps all $n units, with their IDs, in article order" cmp -s "$T/ids" "$T/npm-ids"
	check "case 7: ... and the 2 obsolete ones apart" test "$(grep -c '^obsolete ' "$T/npm-units")" = 2
	check "case 7: npm xliff writes it back" npm_xliff rt12 "$T/ru12.xlf" "$T/ru12-npm.xlf"
	expect_status 0 "case 7: tercume reads npm's file" "$TERCUME" convert "$T/ru12-npm.xlf" -o "$T/npm.po"
	msgcat --no-wrap "$T/npm.po" | sed -n 's/^msgctxt "\(.*\)"$/\1/p' | head -n "$n" >"$T/back-ids"
	check "case 7: ... with every ID in order" cmp -s "$T/ids" "$T/back-ids"
	check "case 7: ... and every translation (all but the new heading)" \
		test "$(translated_count "$T/ru12-npm.xlf")" = "$((n - 1))"
	check "case 7: ... and the obsolete ones as obsolete" \
		test "$(msgattrib --only-obsolete "$T/npm.po" | grep -c '^#~ msgctxt')" = 2
fi

# ---- case 7: XLIFF 2.0 keeps its units in order in JavaScript readers ----
# (an all-digit content ID is written id="id-HASH" name="ID")
msgcat --no-wrap "$PO" | sed -n 's/^msgctxt "\(.*\)"$/\1/p' >"$T/ids20"
"$TERCUME" convert "$PO" --to xliff20 -o "$T/ru20.xlf"
check "case 7: XLIFF 2.0 writes the all-digit ID 41838093 as a name beside an id that is not a number" \
	grep -q '<unit id="id-[0-9a-f]*" name="41838093">' "$T/ru20.xlf"
check "case 7: ... and no unit id is all digits" sh -c "! grep -q '<unit id=\"[0-9]*\"' '$T/ru20.xlf'"
rm -f "$T/ru20.po"
"$TERCUME" convert "$T/ru20.xlf" -o "$T/ru20.po"
msgcat --no-wrap "$T/ru20.po" | sed -n 's/^msgctxt "\(.*\)"$/\1/p' >"$T/back20"
check "case 7: tercume reads the ID back from the name, every unit in order" cmp -s "$T/ids20" "$T/back20"
if [ $npm_ok = yes ]; then
	check "case 7: npm xliff reads and writes our XLIFF 2.0" npm_xliff rt20 "$T/ru20.xlf" "$T/ru20-npm.xlf"
	rm -f "$T/ru20-npm.po"
	expect_status 0 "case 7: tercume reads npm's XLIFF 2.0" "$TERCUME" convert "$T/ru20-npm.xlf" -o "$T/ru20-npm.po"
	msgcat --no-wrap "$T/ru20-npm.po" | sed -n 's/^msgctxt "\(.*\)"$/\1/p' >"$T/npm20"
	check "case 7: ... with every unit, its ID and its place kept" cmp -s "$T/ids20" "$T/npm20"
fi
if [ "$checks" -eq 0 ]; then exit 77; fi
finish
