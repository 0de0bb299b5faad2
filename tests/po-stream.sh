#!/bin/sh
# The streaming PO reader and writer (src/formats/po-stream.c) against libgettextpo
# (TERCUME_PO=gettextpo): the same bytes written, the same catalogues read,
# and gettext's own msgcat leaves the files as they are.  The rest of the
# suite runs with TERCUME_PO_AUDIT=1 (every PO read and written by both,
# compared); fuzz/fuzz-po-diff.c compares them on any bytes.
. "$top_srcdir/tests/common.sh"

unset TERCUME_PO_AUDIT
ru=$top_srcdir/po/ru.po
both() {	# both NAME.EXT ARGS...: the command with each implementation; outputs s-NAME.EXT, g-NAME.EXT
	name=$1; shift
	"$TERCUME" "$@" -o "$T/s-$name" >/dev/null 2>"$T/s-$name.err"; s=$?
	TERCUME_PO=gettextpo "$TERCUME" "$@" -o "$T/g-$name" >/dev/null 2>"$T/g-$name.err"; g=$?
	check "$name: both exit 0" test "$s$g" = 00
	check "$name: the same bytes" cmp -s "$T/s-$name" "$T/g-$name"
}
both template.pot export "$SEGMENTS"
both export-ru.po export "$SEGMENTS" --lang ru
both convert-ru.po convert --to po "$ru"
both xliff12.xlf convert --to xliff12 "$ru"
both xliff-back.po convert --to po "$T/s-xliff12.xlf"
check "the Russian catalogue comes back byte for byte" cmp -s "$ru" "$T/s-convert-ru.po"

# A file of other producers' features: plural entries, no msgctxt, format
# flags, a header with comments, obsolete and previous entries, long lines.
cat >"$T/other.po" <<'EOF2'
# Header comment.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: other 1.0\n"
"Language: ru\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

#: src/a.c:12 src/b.c:7
#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d файл"
msgstr[1] "%d файла"
msgstr[2] "%d файлов"

#. a note for translators
#, fuzzy, python-format
#| msgid "A long previous source sentence that the wrapping must break somewhere."
msgid "A long source sentence that the wrapping must break somewhere, twice over, by the rules."
msgstr "Длинное предложение, которое перенос должен разорвать где-то, дважды, по правилам."

msgid "tab\there \"quoted\" back\\slash\n"
msgstr ""

#~ msgid "gone"
#~ msgstr "ушло"
EOF2
both other.po convert --to po "$T/other.po"
if command -v msgcat >/dev/null 2>&1; then
	for f in s-template.pot s-export-ru.po s-convert-ru.po s-other.po s-xliff-back.po; do
		msgcat -o "$T/cat.po" "$T/$f" 2>/dev/null
		check "msgcat leaves $f as it is" cmp -s "$T/cat.po" "$T/$f"
	done
else
	skip "msgcat checks (gettext not installed)"
fi
check "other.po keeps its plural forms" grep -q '^msgstr\[2\] "%d файлов"$' "$T/s-other.po"
check "other.po keeps its flags" grep -qx '#, fuzzy, python-format' "$T/s-other.po"

# Reading: the same catalogue (the audit compares every field) and the same
# first error, line and column.
for f in "$ru" "$T/other.po" "$T/s-export-ru.po"; do
	TERCUME_PO_AUDIT=1 "$TERCUME" check "$f" >/dev/null 2>"$T/err"
	check "$(basename "$f"): both readers read the same catalogue" sh -c "! grep -q 'PO audit' '$T/err'"
done
printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgctxt "a"\nmsgid "x\\q"\nmsgstr "y"\n' >"$T/bad.po"
expect_status 2 "a bad escape: refused" "$TERCUME" check "$T/bad.po"
cp "$T/err" "$T/bad.s"
expect_status 2 "a bad escape: refused by libgettextpo" env TERCUME_PO=gettextpo "$TERCUME" check "$T/bad.po"
check "the same error, line and column" cmp -s "$T/bad.s" "$T/err"
stderr_has 'bad\.po:6:[0-9]+: error: invalid control sequence' "the error names the line"

# A file in another charset goes to libgettextpo, which reads it as before.
printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "y"\n' >"$T/latin1.po"
expect_status 2 "ISO-8859-1: refused, as before" "$TERCUME" check "$T/latin1.po"
stderr_has 'latin1\.po:[0-9]+: error: the header declares charset ISO-8859-1' "the charset error names the header's line"
# libgettextpo writes through a pipe: a write that runs out of space is
# seen there too (a file size limit stands in for a full disk).
echo previous >"$T/existing.po"
expect_status 3 "libgettextpo: a write that runs out of space" sh -c \
	"trap '' XFSZ; ulimit -f 4 && TERCUME_PO=gettextpo exec \"$TERCUME\" export --force --lang ru -o '$T/existing.po' '$SEGMENTS'"
stderr_has "error: cannot write" "libgettextpo: the failed write is reported"
check "libgettextpo: the previous file survives a failed write" grep -qx previous "$T/existing.po"
finish
