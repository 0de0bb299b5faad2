#!/bin/sh
# XLIFF with inline codes made by real producers, read, converted and
# written back (doc/xliff.md, "XLIFF 1.2 from other tools"):
#   - Translate Toolkit's odf2xliff on an OpenDocument text with bold
#     spans, a line break and a link: XLIFF 1.1 with <g> codes;
#   - Translate Toolkit's html2po on an HTML page of /usr/share/doc, then
#     po2xliff: XLIFF 1.1, the HTML markup as text.
# No Okapi tool is installable here (doc/xliff.md).  Skips (77) without
# Translate Toolkit.
. "$top_srcdir/tests/common.sh"

if ! command -v odf2xliff >/dev/null 2>&1 || ! command -v po2xliff >/dev/null 2>&1 ||
   ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: Translate Toolkit (odf2xliff, po2xliff) or python3 is missing"
	exit 77
fi
SCHEMAS=$top_srcdir/../shared/schemas

# tercume reads XLIFF 1.1 where it reads the 1.2 shape (branch "safe");
# where it does not yet, the same file in the 1.2 namespace is read, and the
# test says so.
read_1x() {
	if "$TERCUME" convert "$1" --to xliff20 -o "$2" 2>"$T/err"; then
		return 0
	fi
	if grep -q "1.1" "$T/err"; then
		echo "note: this tercume refuses XLIFF 1.1; reading $(basename "$1") in the 1.2 namespace"
		sed 's|urn:oasis:names:tc:xliff:document:1.1|urn:oasis:names:tc:xliff:document:1.2|; s|version="1.1"|version="1.2"|' \
			"$1" >"$1.12"
		cp "$1.12" "$1"
		"$TERCUME" convert "$1" --to xliff20 -o "$2" 2>"$T/err"
		return
	fi
	return 1
}

# --- odf2xliff: an ODT made here (zip of content.xml, meta, styles, manifest)
python3 - "$T/doc.odt" <<'EOF'
import sys, zipfile
content = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2">
<office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>
<office:body><office:text>
<text:p>The <text:span text:style-name="T1">quick</text:span> brown fox<text:line-break/>jumps over the <text:a xlink:href="http://example.org">lazy dog</text:a>.</text:p>
<text:p>Second paragraph with <text:span text:style-name="T1">bold</text:span> text.</text:p>
</office:text></office:body></office:document-content>'''
z = zipfile.ZipFile(sys.argv[1], 'w')
z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text')
z.writestr('content.xml', content)
z.writestr('meta.xml', '<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:meta/></office:document-meta>')
z.writestr('styles.xml', '<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>')
z.writestr('META-INF/manifest.xml', '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
z.close()
EOF
odf2xliff "$T/doc.odt" "$T/odf.xlf" >/dev/null 2>&1
check "odf2xliff wrote <g> codes" grep -q '<g id="0">quick</g>' "$T/odf.xlf"
check "odf2xliff's file reads, converted to XLIFF 2.0" read_1x "$T/odf.xlf" "$T/odf20.xlf"
check "its bold span is a <pc>" grep -q '<pc id="0">quick</pc>' "$T/odf20.xlf"
check "its empty <g/> (the line break) is a pair around nothing" grep -q '<pc id="1"></pc>' "$T/odf20.xlf"
if [ -d "$SCHEMAS/xliff-2.0" ] && command -v xmllint >/dev/null 2>&1; then
	check "the 2.0 file is valid against the OASIS schemas" xmllint --nonet --noout \
		--schema "$SCHEMAS/xliff-2.0/local_driver_core_plus_modules.xsd" "$T/odf20.xlf"
fi
expect_status 0 "back to XLIFF 1.2" "$TERCUME" convert "$T/odf20.xlf" --to xliff12 -o "$T/odf12.xlf"
check "the codes are <g> again" grep -q '<g id="0">quick</g> brown fox<g id="1"></g>jumps over the <g id="2">lazy dog</g>' "$T/odf12.xlf"
expect_status 0 "1.2 -> 2.0 again" "$TERCUME" convert "$T/odf12.xlf" --to xliff20 -o "$T/odf20b.xlf"
check "1.2 -> 2.0 -> 1.2 -> 2.0 is byte for byte the same" cmp -s "$T/odf20.xlf" "$T/odf20b.xlf"
expect_status 0 "to PO" "$TERCUME" convert "$T/odf20.xlf" -o "$T/odf.po"
expect_status 0 "and back from PO" "$TERCUME" convert "$T/odf.po" --to xliff20 -o "$T/odf20c.xlf"
check "PO keeps every code" cmp -s "$T/odf20.xlf" "$T/odf20c.xlf"

# --- html2po and po2xliff on an HTML page of the system's documentation
html=
for f in /usr/share/doc/base-passwd/users-and-groups.html /usr/share/doc/*/*.html; do
	[ -f "$f" ] && { html=$f; break; }
done
if [ -n "$html" ]; then
	html2po "$html" "$T/page.po" >/dev/null 2>&1
	po2xliff "$T/page.po" "$T/page.xlf" >/dev/null 2>&1
	units=$(grep -c '<trans-unit' "$T/page.xlf")
	check "po2xliff wrote units ($units)" test "$units" -gt 1
	check "po2xliff's file reads, converted to XLIFF 2.0" read_1x "$T/page.xlf" "$T/page20.xlf"
	# every unit but the PO header's
	check "every unit read" test "$(grep -c '<unit ' "$T/page20.xlf")" -eq $((units - 1))
	expect_status 0 "back to XLIFF 1.2" "$TERCUME" convert "$T/page20.xlf" --to xliff12 -o "$T/page12.xlf"
	check "the markup stays text (html2po leaves it so)" grep -q '&lt;a href=' "$T/page12.xlf"
else
	echo "note: no HTML page under /usr/share/doc: html2po part not run"
fi
finish
