#!/bin/sh
# Inline markup from real producers (issue 13): PO made with Translate
# Toolkit's html2po and po4a's xhtml module from an HTML page of
# /usr/share/doc keeps its markup as text (tercume reads it, converts it to
# XLIFF and TMX and back, writes it back intact, and merges with it through
# po4a); and a PO that carries tercume's codes in the notation goes through
# gettext's own tools (msgfmt, msgmerge, msgcat) and Translate Toolkit's
# pocount with its codes kept.  A producer that is not installed is
# skipped; with none at all, exit 77.
. "$top_srcdir/tests/common.sh"

have() { command -v "$1" >/dev/null 2>&1; }
same_po() { msgcat "$1" >"$T/same.a" 2>/dev/null && msgcat "$2" >"$T/same.b" 2>/dev/null && cmp -s "$T/same.a" "$T/same.b"; }
# the same, but for po4a's "#, no-wrap" flag, which libgettextpo has no call
# to read or write (so tercume cannot keep it)
same_po_wrapless() {
	msgcat --no-wrap "$1" 2>/dev/null | sed -e '/^#, no-wrap$/d' -e 's/^\(#, .*\), no-wrap/\1/' >"$T/same.a" &&
	msgcat --no-wrap "$2" 2>/dev/null | sed -e '/^#, no-wrap$/d' -e 's/^\(#, .*\), no-wrap/\1/' >"$T/same.b" &&
	cmp -s "$T/same.a" "$T/same.b"
}
ran=0

# An HTML page with inline markup in its paragraphs: the first, in sorted
# order, of which html2po makes at least 3 msgids with an <a>, <code>, <b>,
# <em>, <i>, <tt> or <strong> inside, written in lower case (po4a keeps
# those inline).
page=
if have html2po; then
	for f in $(find /usr/share/doc -name '*.html' -size -200k 2>/dev/null | LC_ALL=C sort | head -60); do
		html2po --progress=none "$f" "$T/probe.pot" >/dev/null 2>&1 || continue
		if [ "$(grep -c '^msgid ".*<\(a\|code\|b\|em\|i\|tt\|strong\)[ >]' "$T/probe.pot")" -ge 3 ] &&
		   [ "$(grep -c '<\(a \|code\|em>\|tt>\|strong>\)' "$f")" -ge 3 ]; then
			page=$f
			break
		fi
	done
fi

# ---- Translate Toolkit: html2po ----
if [ -n "$page" ]; then
	ran=1
	echo "# page: $page"
	# one entry per text (html2po's msgctxt for repeats holds file positions,
	# which are no XLIFF IDs)
	html2po --progress=none --duplicates=merge "$page" "$T/tt.pot" 2>/dev/null
	check "html2po: msgids with inline markup" \
		test "$(grep -c '^msgid ".*<\(a\|code\|b\|em\|i\|tt\|strong\)[ >]' "$T/tt.pot")" -ge 3
	expect_status 0 "html2po: tercume reads it" "$TERCUME" convert "$T/tt.pot" -o "$T/tt-out.pot"
	check "html2po: written back intact, the markup text as it was" same_po "$T/tt.pot" "$T/tt-out.pot"
	check "html2po: no code listing invented (the markup is text there)" \
		sh -c "! grep -q '^#\. code <' '$T/tt-out.pot'"
	expect_status 0 "html2po: to XLIFF 2.0" "$TERCUME" convert "$T/tt.pot" -o "$T/tt.xlf"
	expect_status 0 "html2po: and back to PO" "$TERCUME" convert "$T/tt.xlf" -o "$T/tt-back.pot"
	check "html2po: PO -> XLIFF -> PO keeps every msgid" sh -c \
		"msgcat --no-wrap '$T/tt.pot' | grep '^msgid' | sort >'$T/ids.a' &&
		 msgcat --no-wrap '$T/tt-back.pot' | grep '^msgid' | sort >'$T/ids.b' &&
		 cmp -s '$T/ids.a' '$T/ids.b'"
	# a translation: the markup copied, the words marked
	(cd "$T" && msginit -i tt.pot -l ru_RU.UTF-8 --no-translator -o tt-init.po) >/dev/null 2>&1
	msgen "$T/tt-init.po" | LC_ALL=C.UTF-8 msgfilter --keep-header sed -e 's/^/RU: /' >"$T/tt-ru.po" 2>/dev/null
	expect_status 0 "html2po: check reads the translation" "$TERCUME" check --disable spelling "$T/tt-ru.po"
	check "html2po: ... and the placeholders check finds no lost tag" \
		sh -c "! grep -q '\[placeholders\]' '$T/out'"
	expect_status 0 "html2po: tm export of the translation" "$TERCUME" tm export -o "$T/tt.tmx" "$T/tt-ru.po"
	check "html2po: the memory holds the markup as text" grep -q '&lt;\(a\|code\|b\|em\|i\|tt\|strong\)[ &]' "$T/tt.tmx"
	expect_status 0 "html2po: convert of the translation" "$TERCUME" convert "$T/tt-ru.po" -o "$T/tt-ru-out.po"
	check "html2po: translation written back intact" same_po "$T/tt-ru.po" "$T/tt-ru-out.po"
	if have po2html; then
		po2html --progress=none -t "$page" -i "$T/tt-ru.po" -o "$T/a1.html" >/dev/null 2>&1
		po2html --progress=none -t "$page" -i "$T/tt-ru-out.po" -o "$T/a2.html" >/dev/null 2>&1
		check "html2po: po2html makes the same page from both" sh -c "test -s '$T/a1.html' && cmp -s '$T/a1.html' '$T/a2.html'"
	fi
else
	echo "SKIP: html2po (translate-toolkit), or an HTML page with inline markup under /usr/share/doc"
fi

# ---- po4a: the xhtml module ----
if [ -n "$page" ] && have po4a-updatepo && have po4a-translate; then
	ran=1
	(cd "$T" && po4a-updatepo -f xhtml -M UTF-8 -m "$page" -p po4a.pot) >/dev/null 2>&1
	check "po4a: a template with markup in its msgids" grep -q '^msgid ".*<' "$T/po4a.pot"
	(cd "$T" && msginit -i po4a.pot -l ru_RU.UTF-8 --no-translator -o po4a-init.po) >/dev/null 2>&1
	msgen "$T/po4a-init.po" | LC_ALL=C.UTF-8 msgfilter --keep-header sed -e 's/^/RU: /' >"$T/po4a-ru.po" 2>/dev/null
	expect_status 0 "po4a: tercume reads po4a's PO" "$TERCUME" convert "$T/po4a-ru.po" -o "$T/po4a-out.po"
	check "po4a: PO -> PO keeps it intact (but for #, no-wrap)" same_po_wrapless "$T/po4a-ru.po" "$T/po4a-out.po"
	expect_status 0 "po4a: to XLIFF 1.2 and back" sh -c \
		"'$TERCUME' convert --to xliff12 '$T/po4a-ru.po' -o '$T/po4a.xlf' &&
		 '$TERCUME' convert '$T/po4a.xlf' -o '$T/po4a-back.po'"
	(cd "$T" && po4a-translate -f xhtml -M UTF-8 -m "$page" -p po4a-ru.po -l a1.html -k 0 &&
		po4a-translate -f xhtml -M UTF-8 -m "$page" -p po4a-back.po -l a2.html -k 0) >/dev/null 2>&1
	check "po4a: po4a-translate makes the same page from po4a's PO and from tercume's" \
		sh -c "test -s '$T/a1.html' && cmp -s '$T/a1.html' '$T/a2.html'"
else
	echo "SKIP: po4a (po4a-updatepo, po4a-translate)"
fi

# ---- tercume's own codes through other tools ----
cat >"$T/codes.po" <<'EOF'
msgid ""
msgstr ""
"Project-Id-Version: codes\n"
"PO-Revision-Date: 1970-01-01 00:00+0000\n"
"Last-Translator: \n"
"Language-Team: \n"
"Language: ru\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"X-Source-Language: en\n"

#. paragraph 1
#. code <1> open data="<a href=\"guide.html\">" type="link"
#. code </1> close data="</a>"
#. code <2/> ph data="<br>"
msgctxt "u1"
msgid "Read <1>the guide</1> now.<2/>"
msgstr "Прочтите <1>руководство</1> сейчас.<2/>"

#. paragraph 2
#. code <1> open data="<b>"
#. code </1> close data="</b>"
msgctxt "u2"
msgid "A <1>bold</1> claim about <<1>."
msgstr "Смелое <1>заявление</1> о <<1>."
EOF
if have msgfmt && have msgmerge && have msgcat; then
	ran=1
	check "gettext: msgfmt -c accepts the notation" msgfmt -c -o /dev/null "$T/codes.po"
	expect_status 0 "tercume reads the codes" "$TERCUME" check --disable spelling,typography "$T/codes.po"
	check "... and finds them kept" sh -c "! grep -q '\[codes\]' '$T/out'"
	msgcat "$T/codes.po" >"$T/codes-cat.po"
	"$TERCUME" convert "$T/codes.po" -o "$T/codes-back.po" 2>"$T/err"
	check "msgcat and tercume write the same file" cmp -s "$T/codes-cat.po" "$T/codes-back.po"
	# a translator's update: msgmerge with the template keeps the listing
	msgattrib --clear-fuzzy --no-wrap "$T/codes.po" | sed -e '/^msgstr "[^"]/s/.*/msgstr ""/' >"$T/codes.pot"
	msgmerge -q --no-fuzzy-matching "$T/codes.po" "$T/codes.pot" -o "$T/codes-merged.po"
	check "msgmerge keeps the code listing" test "$(grep -c '^#\. code <' "$T/codes-merged.po")" = 5
	expect_status 0 "tercume reads msgmerge's output" "$TERCUME" convert "$T/codes-merged.po" -o "$T/codes-m2.po"
	check "... with the same codes" sh -c "grep '^#\. code' '$T/codes-merged.po' >'$T/l.a'; grep '^#\. code' '$T/codes-m2.po' >'$T/l.b'; cmp -s '$T/l.a' '$T/l.b'"
	# a translator who drops a closing code is caught
	sed -e 's|msgstr "Прочтите <1>руководство</1>|msgstr "Прочтите <1>руководство|' "$T/codes.po" >"$T/broken.po"
	expect_status 1 "check: a dropped closing code fails the gate" "$TERCUME" check --disable spelling,typography "$T/broken.po"
	check "naming the file, line and code" grep -Eq "broken.po:[0-9]+: error: \[codes\] .*</1>" "$T/out"
	expect_status 0 "to TMX with the codes" "$TERCUME" tm export -o "$T/codes.tmx" "$T/codes.po"
	check "the memory's <bpt> holds the link" grep -q '<bpt i="1" x="1" type="link">&lt;a href=&quot;guide.html&quot;&gt;</bpt>' "$T/codes.tmx"
	if have pocount; then
		check "Translate Toolkit's pocount reads the notation" sh -c "pocount '$T/codes.po' >'$T/count' 2>&1 && grep -q 'Translated: *2' '$T/count'"
	fi
else
	echo "SKIP: gettext (msgfmt, msgmerge, msgcat)"
fi

if [ "$ran" = 0 ]; then
	echo "SKIP: no producer installed"
	exit 77
fi
finish
