#!/bin/sh
# An article or a catalogue read from a pipe (/dev/stdin) is read whole.
# The CLI looks at the head of an input to refuse a catalogue given as an
# article and to tell XLIFF 1.2 from 2.0; that look opened the file once
# more and read 4 KiB of it, which from a pipe is gone: the article lost
# its first 4 KiB without a word.  Each check below compares a pipe with
# the same bytes read from the file (the article is 10 KB, more than the
# 4 KiB looked at).
. "$top_srcdir/tests/common.sh"

[ "$(wc -c <"$ARTICLE")" -gt 4096 ] || fail "the article is over 4 KiB (the test needs it)"

"$TERCUME" segment "$ARTICLE" >"$T/file.list" 2>"$T/err"
cat "$ARTICLE" | "$TERCUME" segment /dev/stdin >"$T/pipe.list" 2>"$T/err"
check "segment from a pipe lists the units of the file" cmp -s "$T/file.list" "$T/pipe.list"
check "... and there are units" test "$(grep -c . "$T/pipe.list")" -gt 10

"$TERCUME" segment -q -o "$T/file.seg" "$ARTICLE"
cat "$ARTICLE" | "$TERCUME" segment -q -o "$T/pipe.seg" /dev/stdin
check "segment -o from a pipe records the digest and size of the whole article" \
	test "$(grep '^digest ' "$T/file.seg")" = "$(grep '^digest ' "$T/pipe.seg")"

"$TERCUME" convert -q -o "$T/file.po" "$top_srcdir/xliff/az.xlf"
cat "$top_srcdir/xliff/az.xlf" | "$TERCUME" convert -q --from xliff20 -o "$T/pipe.po" /dev/stdin
check "convert --from xliff20 from a pipe: the PO of the file" cmp -s "$T/file.po" "$T/pipe.po"

# Without --from, a pipe has no name to tell its format by: one error.
cat "$top_srcdir/xliff/az.xlf" >"$T/az.xlf"
expect_status 2 "convert from a pipe without --from" sh -c \
	'cat "$1" | "$2" convert -o "$3" /dev/stdin' sh "$T/az.xlf" "$TERCUME" "$T/x.po"
stderr_has "name it with --from" "says to name the format"
finish
