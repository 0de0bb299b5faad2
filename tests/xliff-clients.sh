#!/bin/sh
# Our XLIFF 1.2 and 2.0 files as other tools see them: the OASIS schemas,
# Symfony's copies of them (Debian php-symfony-translation), and Translate
# Toolkit's xliff2po and pocount.
. "$top_srcdir/tests/common.sh"

units=$(grep -c '^unit ' "$SEGMENTS")
expect_status 0 "export XLIFF 2.0" "$TERCUME" export "$SEGMENTS" --lang az --to xliff20 -o "$T/az.xlf"
expect_status 0 "export XLIFF 1.2" "$TERCUME" export "$SEGMENTS" --lang az --to xliff12 -o "$T/az12.xlf"
expect_status 0 "export an XLIFF 2.0 template" "$TERCUME" export "$SEGMENTS" --to xliff20 -o "$T/tpl.xlf"
expect_status 0 "export an XLIFF 1.2 template" "$TERCUME" export "$SEGMENTS" --to xliff12 -o "$T/tpl12.xlf"
expect_status 0 "the translated samples" "$top_builddir/tests/test-xliff" --write-samples "$T"
expect_status 0 "convert the 2.0 sample to 1.2" "$TERCUME" convert "$T/sample20.xlf" --to xliff12 -o "$T/conv12.xlf"
expect_status 0 "convert the 1.2 sample to 2.0" "$TERCUME" convert "$T/sample12.xlf" --to xliff20 -o "$T/conv20.xlf"
V12="az12.xlf tpl12.xlf sample12.xlf conv12.xlf"
V20="az.xlf tpl.xlf sample20.xlf conv20.xlf"

# The export holds every unit once: the 2.0 schema does not check unique IDs.
ids() { grep -o "<$1 id=\"[^\"]*\"" "$2" | sort; }
check "2.0 export: one unit per segment" test "$(ids unit "$T/az.xlf" | wc -l)" -eq "$units"
check "2.0 export: unit IDs are unique" test -z "$(ids unit "$T/az.xlf" | uniq -d)"
check "1.2 export: one trans-unit per segment" test "$(ids trans-unit "$T/az12.xlf" | wc -l)" -eq "$units"
check "1.2 export: unit IDs are unique" test -z "$(ids trans-unit "$T/az12.xlf" | uniq -d)"
# In the samples each <file> holds unique IDs (the obsolete file may reuse a live one).
per_file_unique() {
	awk '/<file /{f++} match($0, /<(trans-)?unit id="[^"]*"/) { k = f " " substr($0, RSTART, RLENGTH); if (seen[k]++) d++ } END { exit d > 0 }' "$1"
}
for f in sample12.xlf sample20.xlf; do
	check "$f: unit IDs unique within each file" per_file_unique "$T/$f"
done
# XLIFF 1.2 -> 2.0 -> 1.2 keeps everything 1.2 holds, byte for byte; and back again.
expect_status 0 "convert the 1.2 sample to 2.0 and back" "$TERCUME" convert "$T/conv20.xlf" --to xliff12 -o "$T/back12.xlf"
check "1.2 -> 2.0 -> 1.2 is byte-identical" cmp -s "$T/sample12.xlf" "$T/back12.xlf"
expect_status 0 "convert the 2.0 conversion to 2.0 again" "$TERCUME" convert "$T/conv20.xlf" --to xliff20 -o "$T/again20.xlf"
check "2.0 -> 2.0 is byte-identical" cmp -s "$T/conv20.xlf" "$T/again20.xlf"

# ---- the OASIS schemas (shared/schemas) ----
S="$top_srcdir/../shared/schemas"
valid() { xmllint --nonet --noout --schema "$1" "$2" >"$T/xmllint.out" 2>&1 || { cat "$T/xmllint.out"; false; }; }
invalid() { ! xmllint --nonet --noout --schema "$1" "$2" >/dev/null 2>&1; }
if ! command -v xmllint >/dev/null 2>&1; then
	skip "schema checks: xmllint not installed (apt-get install libxml2-utils)"
elif [ ! -d "$S" ]; then
	skip "OASIS schema checks: $S is absent"
else
	for f in $V12; do
		check "$f valid against the XLIFF 1.2 strict schema" valid "$S/xliff-1.2/xliff-core-1.2-strict.xsd" "$T/$f"
		check "$f valid against the XLIFF 1.2 transitional schema" valid "$S/xliff-1.2/xliff-core-1.2-transitional.xsd" "$T/$f"
	done
	for f in $V20; do
		check "$f valid against the XLIFF 2.0 core schema" valid "$S/xliff-2.0/xliff_core_2.0.xsd" "$T/$f"
		check "$f valid against XLIFF 2.0 core + modules" valid "$S/xliff-2.0/local_driver_core_plus_modules.xsd" "$T/$f"
		check "$f valid against the XLIFF 2.1 core schema" valid "$S/xliff-2.1/xliff_core_2.0.xsd" "$T/$f"
		check "$f valid against XLIFF 2.1 core + modules" valid "$S/xliff-2.1/local_driver_core_plus_modules.xsd" "$T/$f"
	done
	# The checks can fail: damaged copies are refused.
	sed 's/state="needs-review-l10n"/state="needs-love"/' "$T/sample12.xlf" >"$T/bad12.xlf"
	check "a bad 1.2 state fails the strict schema" invalid "$S/xliff-1.2/xliff-core-1.2-strict.xsd" "$T/bad12.xlf"
	sed 's/subType="tercume:previous"/subType="previous"/' "$T/sample20.xlf" >"$T/bad20.xlf"
	check "a bad mtc:match subType fails core + modules" invalid "$S/xliff-2.0/local_driver_core_plus_modules.xsd" "$T/bad20.xlf"
	sed '0,/state="translated"/s//state="done"/' "$T/sample20.xlf" >"$T/bad20state.xlf"
	check "a bad 2.0 state fails the core schema" invalid "$S/xliff-2.0/xliff_core_2.0.xsd" "$T/bad20state.xlf"
fi

# ---- Symfony's schemas (php-symfony-translation) ----
SY=/usr/share/php/Symfony/Component/Translation/Resources/schemas
if ! command -v xmllint >/dev/null 2>&1; then
	skip "Symfony schema checks: xmllint not installed"
elif [ ! -f "$SY/xliff-core-2.0.xsd" ]; then
	skip "Symfony schema checks: php-symfony-translation not installed"
else
	# They import xml.xsd by URL: an XML catalog maps it to the local copy.
	cat >"$T/catalog.xml" <<EOF
<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <uri name="http://www.w3.org/2001/xml.xsd" uri="file://$SY/xml.xsd"/>
  <!-- the 2.0 schema imports informativeCopiesOf3rdPartySchemas/w3c/xml.xsd beside itself, which Debian does not ship -->
  <system systemId="$SY/informativeCopiesOf3rdPartySchemas/w3c/xml.xsd" uri="file://$SY/xml.xsd"/>
</catalog>
EOF
	XML_CATALOG_FILES="$T/catalog.xml"
	export XML_CATALOG_FILES
	for f in $V12; do
		check "$f valid against Symfony's XLIFF 1.2 strict schema" valid "$SY/xliff-core-1.2-strict.xsd" "$T/$f"
	done
	for f in $V20; do
		check "$f valid against Symfony's XLIFF 2.0 schema" valid "$SY/xliff-core-2.0.xsd" "$T/$f"
	done
	sed 's/state="needs-review-l10n"/state="needs-love"/' "$T/sample12.xlf" >"$T/bad12.xlf"
	check "a bad 1.2 state fails Symfony's strict schema" invalid "$SY/xliff-core-1.2-strict.xsd" "$T/bad12.xlf"
	sed '0,/state="translated"/s//state="done"/' "$T/sample20.xlf" >"$T/bad20state.xlf"
	check "a bad 2.0 state fails Symfony's 2.0 schema" invalid "$SY/xliff-core-2.0.xsd" "$T/bad20state.xlf"
	unset XML_CATALOG_FILES
fi

# ---- Translate Toolkit ----
xcount() { xmllint --nonet --xpath "count($1)" "$2"; }
count_units() { xcount "//*[local-name()='trans-unit']" "$1"; }
count_targets() { xcount "//*[local-name()='trans-unit']/*[local-name()='target'][string-length() > 0]" "$1"; }
if ! command -v xliff2po >/dev/null 2>&1 || ! command -v pocount >/dev/null 2>&1; then
	skip "Translate Toolkit checks: xliff2po/pocount not installed (apt-get install translate-toolkit)"
else
	for f in az12.xlf sample12.xlf; do
		expect_status 0 "xliff2po reads $f" xliff2po -i "$T/$f" -o "$T/$f.po"
		msgcat --no-wrap "$T/$f.po" >"$T/$f.nowrap.po"
		msgids=$(grep -c '^msgid "[^"]' "$T/$f.nowrap.po")
		msgstrs=$(grep -c '^msgstr "[^"]' "$T/$f.nowrap.po")
		check "xliff2po: $f gives one msgid per unit ($msgids)" test "$msgids" -eq "$(count_units "$T/$f")"
		check "xliff2po: $f gives one msgstr per translation ($msgstrs)" test "$msgstrs" -eq "$(count_targets "$T/$f")"
	done
	# The other way: po2xliff's file (XLIFF 1.1; the same in the 1.2 namespace).
	printf '%s\n' 'msgid ""' 'msgstr ""' '"Content-Type: text/plain; charset=UTF-8\n"' '' \
		'#. paragraph 1, sentence 1' '#: articles/a.txt:2' 'msgctxt "08e6177b"' \
		'msgid "Hello there."' 'msgstr "Salam."' '' '#, fuzzy' 'msgctxt "11111111"' \
		'msgid "New sentence."' 'msgstr "Yeni cümlə."' '' 'msgctxt "22222222"' \
		'msgid "Untranslated."' 'msgstr ""' >"$T/tt.po"
	expect_status 0 "po2xliff writes XLIFF" po2xliff -i "$T/tt.po" -o "$T/tt11.xlf"
	expect_status 0 "po2xliff's XLIFF 1.1 reads (issue 12)" "$TERCUME" convert "$T/tt11.xlf" --to xliff12 -o "$T/tt-out.xlf"
	sed 's/document:1.1/document:1.2/; s/version="1.1"/version="1.2"/' "$T/tt11.xlf" >"$T/tt12.xlf"
	expect_status 0 "po2xliff's units read as XLIFF 1.2" "$TERCUME" convert "$T/tt12.xlf" --to xliff12 -o "$T/tt-out12.xlf"
	check "1.1 and the same in the 1.2 namespace read alike" cmp -s "$T/tt-out.xlf" "$T/tt-out12.xlf"
	check "po2xliff: three units, the PO header left out" \
		test "$(grep -c '<trans-unit ' "$T/tt-out.xlf")" -eq 3
	check "po2xliff: the translation and its state" \
		grep -q '<target state="translated">Salam.</target>' "$T/tt-out.xlf"
	check "po2xliff: the fuzzy one keeps its state, unapproved" \
		grep -q '<target state="needs-translation">Yeni cümlə.</target>' "$T/tt-out.xlf"
	check "po2xliff: the extracted comment is the context" \
		grep -q '<note from="developer">paragraph 1, sentence 1</note>' "$T/tt-out.xlf"
	check "xliff2po: the sample's translations come through" \
		grep -qx 'msgstr "Müəllif: Natiq MƏMMƏDZADƏ"' "$T/sample12.xlf.nowrap.po"
	pocount --csv "$T/az12.xlf" >"$T/pocount.csv" 2>/dev/null
	check "pocount: the export has $units strings, none translated" \
		grep -Eq "az12.xlf, *0, *0, *0, *0, *0, *$units, *[0-9]+, *$units," "$T/pocount.csv"
	# The sample: 4 translated, 2 fuzzy, 2 untranslated; its obsolete units say translate="no".
	pocount --csv "$T/sample12.xlf" >"$T/pocount.csv" 2>/dev/null
	check "pocount: the sample counts 4 translated, 2 fuzzy, 2 untranslated" \
		grep -Eq "sample12.xlf, *4, *[0-9]+, *[0-9]+, *2, *[0-9]+, *2, *[0-9]+, *8," "$T/pocount.csv"
fi
finish
