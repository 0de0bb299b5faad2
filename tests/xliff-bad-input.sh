#!/bin/sh
# Damaged and hostile XLIFF: one error naming file and line, exit status 2,
# the output file left as it was, and nothing read through an entity.
. "$top_srcdir/tests/common.sh"

echo "previous output" >"$T/out.xlf"
# bad NAME LINE MESSAGE-PATTERN [FORMAT]: NAME.xlf must be refused at LINE.
bad() {
	name=$1; line=$2; pattern=$3; from=${4:-}
	if [ -n "$from" ]; then
		expect_status 2 "$name: refused" "$TERCUME" convert "$T/$name.xlf" --from "$from" -o "$T/out.xlf" --to xliff20
	else
		expect_status 2 "$name: refused" "$TERCUME" convert "$T/$name.xlf" -o "$T/out.xlf" --to xliff20
	fi
	stderr_has "^tercume: [^ ]*/$name.xlf:$line(:[0-9]+)?: error: $pattern" "$name: names file and line"
	check "$name: one error" test "$(wc -l <"$T/err")" -eq 1
	check "$name: the output is untouched" grep -qx "previous output" "$T/out.xlf"
}

head20='<?xml version="1.0" encoding="UTF-8"?>'
root20='<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="az">'
root12='<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
unit20='<unit id="u1"><segment><source>Hello.</source></segment></unit>'

# A good file first: the checks below fail for their own reason only.
printf '%s\n%s\n<file id="f1">\n%s\n</file>\n</xliff>\n' "$head20" "$root20" "$unit20" >"$T/good.xlf"
expect_status 0 "a minimal good file converts" "$TERCUME" convert "$T/good.xlf" -o "$T/good-out.xlf"

# Truncated: the file stops inside an element.
"$TERCUME" export "$SEGMENTS" --lang az --to xliff20 -o "$T/full.xlf"
head -n 20 "$T/full.xlf" >"$T/truncated.xlf"
bad truncated 21 "malformed XML"
head -c 700 "$T/full.xlf" >"$T/cut.xlf"
bad cut "[0-9]+" "malformed XML"

# An external entity pointing at a local file: never read.
SECRET="tercume-secret-$$-token"
echo "$SECRET" >"$T/secret.txt"
printf '%s\n<!DOCTYPE xliff [\n<!ENTITY xxe SYSTEM "file://%s/secret.txt">\n]>\n%s\n<file id="f1">\n<unit id="u1"><segment><source>&xxe;</source></segment></unit>\n</file>\n</xliff>\n' \
	"$head20" "$T" "$root20" >"$T/xxe.xlf"
bad xxe 2 "a DOCTYPE declaration is not accepted"
check "xxe: the file's content appears nowhere" sh -c "! grep -rq '$SECRET' '$T/out' '$T/err' '$T/out.xlf'"
# The same in XLIFF 1.2, and through an entity in an attribute.
printf '%s\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "%s/secret.txt">]>\n%s\n<file original="&xxe;" source-language="en" datatype="plaintext"><body/></file>\n</xliff>\n' \
	"$head20" "$T" "$root12" >"$T/xxe12.xlf"
bad xxe12 2 "a DOCTYPE declaration is not accepted"
check "xxe12: the file's content appears nowhere" sh -c "! grep -rq '$SECRET' '$T/out' '$T/err' '$T/out.xlf'"

# Billion laughs: refused before a single entity is declared, at once.
{
	printf '%s\n<!DOCTYPE xliff [\n<!ENTITY lol "lol">\n' "$head20"
	prev=lol
	for i in 1 2 3 4 5 6 7 8 9; do
		printf '<!ENTITY lol%s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">\n' "$i" $prev $prev $prev $prev $prev $prev $prev $prev $prev $prev
		prev=lol$i
	done
	printf ']>\n%s\n<file id="f1">\n<unit id="u1"><segment><source>&lol9;</source></segment></unit>\n</file>\n</xliff>\n' "$root20"
} >"$T/laughs.xlf"
bad laughs 2 "a DOCTYPE declaration is not accepted"
check "laughs: nothing was expanded" sh -c "! grep -q lollol '$T/err'"

# An external DTD (not loaded, and refused).
echo '<!ENTITY ext "from the DTD">' >"$T/ext.dtd"
printf '%s\n<!DOCTYPE xliff SYSTEM "file://%s/ext.dtd">\n%s\n<file id="f1">\n%s\n</file>\n</xliff>\n' "$head20" "$T" "$root20" "$unit20" >"$T/extdtd.xlf"
bad extdtd 2 "a DOCTYPE declaration is not accepted"
# An undeclared entity is malformed XML.
printf '%s\n%s\n<file id="f1">\n<unit id="u1"><segment><source>&nope;</source></segment></unit>\n</file>\n</xliff>\n' "$head20" "$root20" >"$T/undeclared.xlf"
bad undeclared 4 "malformed XML"

# Wrong namespace, wrong version, the wrong XLIFF for --from.
sed 's/document:2.0/document:9.9/' "$T/good.xlf" >"$T/namespace.xlf"
bad namespace 2 "<xliff version=\"2.0\"> in namespace 'urn:oasis:names:tc:xliff:document:9.9' is not a version tercume reads: it reads XLIFF 1.0, 1.1 and 1.2 \\(as xliff12\\), 2.0 and 2.1 \\(as xliff20\\)"
sed 's/version="2.0"/version="2.2"/' "$T/good.xlf" >"$T/version.xlf"
bad version 2 "<xliff version=\"2.2\"> in namespace 'urn:oasis:names:tc:xliff:document:2.0' is not a version tercume reads: it reads XLIFF 1.0, 1.1"
printf '%s\n%s\n<file original="a" source-language="en" datatype="plaintext"><body>\n<trans-unit id="u1"><source>Hi.</source></trans-unit>\n</body></file>\n</xliff>\n' \
	"$head20" "$root12" >"$T/is12.xlf"
bad is12 2 "this is XLIFF 1.2, not XLIFF 2.x: read it as xliff12" xliff20
sed 's/version="1.2"/version="2.0"/' "$T/is12.xlf" >"$T/mixed.xlf"
bad mixed 2 "<xliff version=\"2.0\"> in namespace 'urn:oasis:names:tc:xliff:document:1.2' is not a version tercume reads"

# Duplicate IDs, a target without a source, a missing id.
printf '%s\n%s\n<file id="f1">\n%s\n%s\n</file>\n</xliff>\n' "$head20" "$root20" "$unit20" "$unit20" >"$T/dup.xlf"
bad dup 5 "<unit id='u1'> is used twice in this <file> \\(first on line 4\\)"
printf '%s\n%s\n<file original="a" source-language="en" datatype="plaintext"><body>\n<trans-unit id="u1"><source>Hi.</source></trans-unit>\n<trans-unit id="u1"><source>Hi.</source></trans-unit>\n</body></file>\n</xliff>\n' \
	"$head20" "$root12" >"$T/dup12.xlf"
# (the 1.2 schema's K_unit_id key where the schema is found, else the reader)
bad dup12 5 "(duplicate unit ID 'u1'|not valid XLIFF 1.2 .*Duplicate key-sequence \\['u1'\\] in key identity-constraint 'K_unit_id')"
printf '%s\n%s\n<file id="f1">\n<unit id="u1">\n<segment><target>Salam.</target></segment>\n</unit>\n</file>\n</xliff>\n' "$head20" "$root20" >"$T/nosource.xlf"
bad nosource 5 "(<segment> of unit 'u1' has 0 <source> elements|not valid XLIFF 2.0 .*Element 'target': This element is not expected\\. Expected is \\( source \\))"
printf '%s\n%s\n<file original="a" source-language="en" target-language="az" datatype="plaintext"><body>\n<trans-unit id="u1">\n<target>Salam.</target>\n</trans-unit>\n</body></file>\n</xliff>\n' \
	"$head20" "$root12" >"$T/nosource12.xlf"
bad nosource12 "(4|5)" "(unit 'u1' has no <source>|not valid XLIFF 1.2 .*Element 'target': This element is not expected\\. Expected is \\( source \\))"
printf '%s\n%s\n<file id="f1">\n<unit><segment><source>Hi.</source></segment></unit>\n</file>\n</xliff>\n' "$head20" "$root20" >"$T/noid.xlf"
bad noid 4 "(<unit> has no id|not valid XLIFF 2.0 .*Element 'unit': The attribute 'id' is required but missing)"

# Inline elements are not read (tercume writes plain text only).
# tercume's inline-code markers (U+FDD0..U+FDEF) as text, or as a <cp>
printf '%s\n%s\n<file id="f1">\n<unit id="u1"><segment>\n<source>Hi &#xFDD1;<ph id="1"/>.</source></segment></unit>\n</file>\n</xliff>\n' "$head20" "$root20" >"$T/reserved.xlf"
bad reserved 5 "<source> holds the character U\+FDD1, one of the noncharacters"
printf '%s\n%s\n<file id="f1">\n<unit id="u1"><segment>\n<source>Hi <cp hex="0000"/>.</source></segment></unit>\n</file>\n</xliff>\n' "$head20" "$root20" >"$T/reserved-cp.xlf"
bad reserved-cp 5 "<cp hex='0000'> is U\+0000, which tercume cannot hold"
printf '%s\n%s\n<file original="a" source-language="en" datatype="plaintext"><body>\n<trans-unit id="u1"><source>Hi\n<g id="1">th&#xFDD3;ere</g>.</source></trans-unit>\n</body></file>\n</xliff>\n' \
	"$head20" "$root12" >"$T/inline12.xlf"
bad inline12 5 "<g> holds the character U\\+FDD3, one of the noncharacters"
# A 1.2 file with translations but no target-language cannot become 2.0;
# the error names the unit in the input.
printf '%s\n%s\n<file original="a" source-language="en" datatype="plaintext"><body>\n<trans-unit id="u1"><source>Hi.</source>\n<target state="translated">Salam.</target></trans-unit>\n</body></file>\n</xliff>\n' \
	"$head20" "$root12" >"$T/notarget.xlf"
bad notarget 4 "unit 'u1' has a translation but the catalogue has no target language"
# A Change Tracking item for an attribute its element does not have
# (XLIFF 2.1 §5.6.5.6: content, or the name of an attribute); content and
# an attribute the note has read.
ctr='xmlns:ctr="urn:oasis:names:tc:xliff:changetracking:2.0"'
for prop in content category priority; do
	printf '%s\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" %s version="2.0" srcLang="en" trgLang="az">\n<file id="f1">\n<unit id="u1"><ctr:changeTrack><ctr:revisions appliesTo="note" ref="n1"><ctr:revision>\n<ctr:item property="%s">old</ctr:item>\n</ctr:revision></ctr:revisions></ctr:changeTrack>\n<notes><note id="n1" category="c">Note.</note></notes><segment><source>Hi.</source></segment></unit>\n</file>\n</xliff>\n' \
		"$head20" "$ctr" "$prop" >"$T/ctr-$prop.xlf"
done
expect_status 0 "ctr:item property=content reads" "$TERCUME" convert "$T/ctr-content.xlf" -o "$T/ctr-out.xlf"
expect_status 0 "ctr:item property=category (an attribute of the note) reads" \
	"$TERCUME" convert "$T/ctr-category.xlf" -o "$T/ctr-out.xlf"
bad ctr-priority 5 "property='priority' of <ctr:item> is neither content nor an attribute of the <note id='n1'>"
# The reader checks a unit as soon as it has read it, so what a <file> or
# <group> names further on waits for the end of that scope: a file-level
# <ctr:revisions ref> and a sub-flow that name a later unit (or an element
# of one) are valid, and one that names nothing is refused, with its line.
for ref in "u2 translate" "s2 content" "g1 id" "u2 name" "nope content"; do
	set -- $ref
	printf '%s
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" %s version="2.0" srcLang="en" trgLang="az">
<file id="f1">
<ctr:changeTrack><ctr:revisions appliesTo="source" ref="%s">
<ctr:revision><ctr:item property="%s">old</ctr:item></ctr:revision>
</ctr:revisions></ctr:changeTrack>
<unit id="u1"><segment><source>One.</source></segment></unit>
<group id="g1"><unit id="u2" translate="no"><segment id="s2"><source>Two.</source></segment></unit></group>
</file>
</xliff>
' \
		"$head20" "$ctr" "$1" "$2" >"$T/ctr-later-$1-$2.xlf"
done
for ok in u2-translate s2-content g1-id; do
	expect_status 0 "a file's ctr:revisions naming ${ok%-*} (later in the file) reads" \
		"$TERCUME" convert "$T/ctr-later-$ok.xlf" -o "$T/ctr-out.xlf"
done
bad ctr-later-u2-name 5 "property='name' of <ctr:item> is neither content nor an attribute of the <unit id='u2'>"
bad ctr-later-nope-content 4 "ref='nope' of <ctr:revisions> names no element of the file it is in"
for ref in u2 nope; do
	printf '%s
%s
<file id="f1">
<unit id="u1"><originalData><data id="d1">[</data></originalData><segment><source><ph id="1" dataRef="d1" subFlows="%s"/> One.</source></segment></unit>
<unit id="u2"><segment><source>Two.</source></segment></unit>
</file>
</xliff>
' \
		"$head20" "$root20" "$ref" >"$T/flow-$ref.xlf"
done
expect_status 0 "a sub-flow naming a later unit reads" "$TERCUME" convert "$T/flow-u2.xlf" -o "$T/flow-out.xlf"
bad flow-nope 4 "subFlows on <ph> names 'nope', which is not the id of a unit of this <file>"
# XLIFF 1.2 that the schema refuses but tercume reads (a count-type of
# another tool): the warning says what is not written back.
printf '%s\n%s\n<file original="a" source-language="en" target-language="ru" datatype="plaintext">\n<header><tool tool-id="t" tool-name="T"/></header><body>\n<trans-unit id="u1"><source>Hi.</source><target state="translated">Привет.</target>\n<count-group name="u1"><count count-type="word">1</count></count-group></trans-unit>\n</body></file>\n</xliff>\n' \
	"$head20" "$root12" >"$T/count12.xlf"
expect_status 0 "XLIFF 1.2 with an unknown count-type reads" "$TERCUME" convert "$T/count12.xlf" -o "$T/count-out.xlf" --to xliff12
if grep -q "schemas were not found" "$T/err"; then
	skip "the XLIFF 1.2 schema is not installed: no schema warning to read"
else
	stderr_has "count12.xlf:6: warning: not valid XLIFF 1.2 .*does not write back the rest \\(<header>, <seg-source>, other elements\\)" \
		"... and its warning says that the rest is not written back"
fi
# A missing file is an I/O error (3).
expect_status 3 "a missing file" "$TERCUME" convert "$T/missing.xlf" -o "$T/out.xlf"
stderr_has "missing.xlf" "the missing file is named"

# Bytes the declared encoding cannot decode (found by fuzz-xliff20):
# libxml2's own "encoding error" must not reach stderr, only tercume's.
printf '<?xml version="1.0" encoding="UTF-7"?>\n<xliff xmlns="ur\000\000\000<f' >"$T/encoding.xlf"
bad encoding 2 "malformed XML"
finish
