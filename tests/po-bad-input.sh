#!/bin/sh
# Malformed PO files: one error naming file and line, exit status 2, and an
# existing output file left as it was.
. "$top_srcdir/tests/common.sh"

# bad NAME LINE PATTERN: convert $T/NAME must fail with status 2 and one
# error "tercume: FILE:LINE[:COL]: error: …PATTERN…".
bad() {
	name=$1; line=$2; pattern=$3
	echo "previous" >"$T/existing.po"
	expect_status 2 "$name is refused" "$TERCUME" convert "$T/$name" -o "$T/existing.po" --to po
	stderr_has "^tercume: $T/$name:$line(:[0-9]+)?: error: .*$pattern" "$name: file and line named"
	checks=$((checks + 1))
	if [ "$(grep -c 'error:' "$T/err")" = 1 ]; then pass "$name: one error"; else fail "$name: one error"; cat "$T/err"; fi
	check "$name: the existing output is untouched" grep -qx previous "$T/existing.po"
	check "$name: no temporary file is left" sh -c "! ls '$T' | grep -q 'existing.po.tmp'"
}

printf 'msgctxt "a"\nmsgid "abc\nmsgstr ""\n' >"$T/unterminated.po"
bad unterminated.po 3 "end-of-line within string"
printf 'msgctxt "a"\nmsgid "a\\qb"\nmsgstr ""\n' >"$T/escape.po"
bad escape.po 2 "invalid control sequence"
printf '# A Latin-1 catalogue\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgctxt "a"\nmsgid "caf\351"\nmsgstr ""\n' >"$T/latin1.po"
bad latin1.po 3 "charset ISO-8859-1"
# plural entries and entries without msgctxt read since issue 12 (tests/producers.sh)
printf 'msgctxt "a"\nmsgid "x"\nmsgstr ""\n\nmsgctxt "a"\nmsgid "x"\nmsgstr ""\n' >"$T/duplicate.po"
bad duplicate.po 6 "duplicate message definition"
# in a tercume catalogue (X-Source-File) msgctxt is the unit ID; elsewhere a
# msgctxt naming two msgids is gettext's context (tests/producers.sh)
printf 'msgid ""\nmsgstr "X-Source-File: a.txt\\n"\n\nmsgctxt "a"\nmsgid "x"\nmsgstr ""\n\nmsgctxt "a"\nmsgid "y"\nmsgstr ""\n' >"$T/duplicate-id.po"
bad duplicate-id.po 10 "unit ID 'a' occurs twice"
printf 'This is an article,\nnot a catalogue.\n' >"$T/prose.po"
bad prose.po 1 "unknown"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$T/binary.po"
bad binary.po 1 "syntax error"
printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgctxt "a"\nmsgid "caf\351"\nmsgstr ""\n' >"$T/bad-utf8.po"
bad bad-utf8.po 6 "invalid multibyte sequence"
printf 'msgctxt "a"\nmsgid "x\000y"\nmsgstr ""\n' >"$T/nul.po"
bad nul.po 2 "NUL byte in a PO file"
printf '#.\nmsgctxt "a"\nmsgid "x"\nmsgstr ""\n' >"$T/empty-note.po"
check "an empty #. line is no error" "$TERCUME" convert "$T/empty-note.po" -o "$T/empty-note.xlf" --to xliff20

# A file that cannot be read is an I/O error.
echo "previous" >"$T/existing.po"
expect_status 3 "a missing PO file" "$TERCUME" convert "$T/missing.po" -o "$T/existing.po"
stderr_has "missing.po: error: cannot open" "the missing file is named"
check "the existing output is untouched" grep -qx previous "$T/existing.po"
# A full disk (a file size limit stands in for it): libgettextpo does not
# notice the short write, tercume does, and the previous file survives.
echo "previous" >"$T/existing.po"
expect_status 3 "a write that runs out of space" sh -c \
	"trap '' XFSZ; ulimit -f 4 && exec \"$TERCUME\" export --force --lang ru -o '$T/existing.po' '$SEGMENTS'"
stderr_has "error: cannot write" "the failed write is reported"
check "the previous file survives a failed write" grep -qx previous "$T/existing.po"
check "no temporary file is left after a failed write" sh -c "! ls '$T' | grep -q 'existing.po.tmp'"
finish
