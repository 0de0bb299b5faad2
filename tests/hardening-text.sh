#!/bin/sh
# Text input at the edges (doc/limits.md): an empty article, one of white
# space only, UTF-16 in both byte orders, endless input (/dev/zero), files
# over the size limit, one line of 50 MB (segmented and
# merged back byte for byte, within the documented memory bound), and
# catalogue IDs that the segments file does not know.  The other bad text
# (invalid UTF-8, NUL bytes) is in bad-input.sh.
. "$top_srcdir/tests/common.sh"

# An empty article and one of white space only: a warning naming the file,
# and a segments file that gives the article back.
: >"$T/empty.txt"
printf '  \n\n\t \n' >"$T/space.txt"
for name in empty space; do
	expect_status 0 "$name article: segmented" "$TERCUME" segment -o "$T/$name.seg" "$T/$name.txt"
	stderr_has "^tercume: $T/$name.txt:1:1: warning: the article has no text" "$name article: the warning names the file"
	"$TERCUME" merge "$T/$name.seg" >"$T/$name.out" 2>/dev/null
	check "$name article: merged back byte for byte" cmp -s "$T/$name.txt" "$T/$name.out"
done

# UTF-16 in either byte order: a clear error with the iconv hint.
printf '\376\377\000h\000i' >"$T/utf16be.txt"
expect_status 2 "UTF-16 big-endian input" "$TERCUME" segment "$T/utf16be.txt"
stderr_has "utf16be.txt:1:1: error: the file is UTF-16.*iconv -f UTF-16 -t UTF-8" "UTF-16BE: says how to convert it"
echo previous >"$T/keep.seg"
expect_status 2 "UTF-16 input with -o" "$TERCUME" segment -o "$T/keep.seg" "$T/utf16be.txt"
check "UTF-16 input: the previous output survives" grep -qx previous "$T/keep.seg"

# Endless input and files over the limit of 1 GiB: refused, not read for
# ever (a sparse file takes no disk space).
for what in "segment /dev/zero" "merge /dev/zero" "convert --from xliff20 /dev/zero -o $T/zero.po"; do
	# shellcheck disable=SC2086 # split on purpose
	expect_status 2 "$what: refused" timeout 60 "$TERCUME" $what
	stderr_has "^tercume: /dev/zero: error: the file is larger than 1 GiB, the most tercume reads" "$what: says why"
done
expect_status 2 "a PO catalogue from /dev/zero: refused" timeout 60 "$TERCUME" convert --from po /dev/zero -o "$T/zero.xlf"
stderr_has "^tercume: /dev/zero: error: not a regular file" "a PO catalogue from /dev/zero: says why"
check "nothing was written" test ! -e "$T/zero.po" -a ! -e "$T/zero.xlf"
if truncate -s 1100M "$T/huge.txt" 2>/dev/null; then
	expect_status 2 "a 1.1 GB article: refused" "$TERCUME" segment "$T/huge.txt"
	stderr_has "huge.txt: error: the file is larger than 1 GiB" "a 1.1 GB article: says why"
	mv "$T/huge.txt" "$T/huge.po"
	expect_status 2 "a 1.1 GB PO catalogue: refused" "$TERCUME" convert "$T/huge.po" -o "$T/huge.xlf"
	stderr_has "huge.po: error: the file is larger than 1 GiB" "a 1.1 GB PO catalogue: says why"
	rm -f "$T/huge.po"
fi

# peak_kb FILE COMMAND...: runs COMMAND under /usr/bin/time, writes its
# peak resident set size in KB to FILE; fails when COMMAND fails.
peak_kb() {
	out=$1; shift
	/usr/bin/time -f %M -o "$out" "$@"
}
have_time=yes
if ! /usr/bin/time -f %M -o "$T/probe" true 2>/dev/null; then
	have_time=no
	skip "memory bounds: /usr/bin/time (Debian package time) not installed"
elif "$top_builddir/libtool" --mode=execute ldd "$TERCUME" 2>/dev/null | grep -q 'libasan'; then
	have_time=no
	skip "memory bounds: a sanitizer build (ASan's shadow memory does not count)"
elif [ -n "${CHECKER:-}" ]; then
	have_time=no
	skip "memory bounds: under CHECKER (valgrind's own memory counts)"
fi
# within_bound KB INPUT-BYTES FACTOR: KB <= FACTOR * input + 50 MB.
within_bound() {
	[ "$1" -le $(( ($2 * $3 + 50 * 1048576) / 1024 )) ]
}

# One line of 50 MB: the article's sentences joined by spaces, repeated.
# Segmented with ICU's breaks only (the built-in rules are slower; see
# doc/limits.md), merged back, compared.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header segmentsubflows="yes" cascade="no"/><body><languagerules><languagerule languagerulename="none"/></languagerules><maprules/></body></srx>\n' >"$T/none.srx"
tr '\n' ' ' <"$ARTICLE" >"$T/para.txt"
i=0
while [ $i -lt 10 ]; do cat "$T/para.txt" "$T/para.txt" >"$T/x" && mv "$T/x" "$T/para.txt"; i=$((i + 1)); done
: >"$T/line.txt"
i=0
while [ $i -lt 5 ]; do cat "$T/para.txt" >>"$T/line.txt"; i=$((i + 1)); done
rm -f "$T/para.txt"
echo >>"$T/line.txt"
size=$(wc -c <"$T/line.txt")
check "the long line is 50 to 60 MB" test "$size" -gt 52428800 -a "$size" -lt 62914560
check "it is one line" test "$(wc -l <"$T/line.txt")" -eq 1
if [ $have_time = yes ]; then
	check "a 50 MB line: segmented" peak_kb "$T/seg.kb" "$TERCUME" segment --srx "$T/none.srx" -o "$T/line.seg" "$T/line.txt"
	check "a 50 MB line: merged" peak_kb "$T/merge.kb" "$TERCUME" merge -o "$T/line.out" "$T/line.seg"
	seg_kb=$(cat "$T/seg.kb"); merge_kb=$(cat "$T/merge.kb")
	echo "# $size bytes on one line: segment peak $seg_kb KB, merge peak $merge_kb KB"
	check "a 50 MB line: segment within 8 x input + 50 MB ($seg_kb KB)" within_bound "$seg_kb" "$size" 8
	check "a 50 MB line: merge within 6 x input + 50 MB ($merge_kb KB)" within_bound "$merge_kb" "$size" 6
else
	check "a 50 MB line: segmented" "$TERCUME" segment --srx "$T/none.srx" -o "$T/line.seg" "$T/line.txt"
	check "a 50 MB line: merged" "$TERCUME" merge -o "$T/line.out" "$T/line.seg"
fi 2>"$T/err"
check "a 50 MB line: merged back byte for byte" cmp -s "$T/line.txt" "$T/line.out"
rm -f "$T/line.seg" "$T/line.out"
# A 2 MB line with the built-in rules.
head -c 2000000 "$T/line.txt" | sed 's/ [^ ]*$/\n/' >"$T/line2.txt"
rm -f "$T/line.txt"
check "a 2 MB line with the built-in rules: segmented" "$TERCUME" segment -o "$T/line2.seg" "$T/line2.txt"
"$TERCUME" merge "$T/line2.seg" >"$T/line2.out" 2>/dev/null
check "a 2 MB line: merged back byte for byte" cmp -s "$T/line2.txt" "$T/line2.out"
rm -f "$T/line2.seg" "$T/line2.out" "$T/line2.txt"

# IDs that the segments file does not know.
cp "$top_srcdir/po/ru.po" "$T/foreign.po"
printf '\nmsgctxt "deadbeef"\nmsgid "A sentence from another article."\nmsgstr "Чужое предложение."\n' >>"$T/foreign.po"
# libgettextpo places an entry at its msgstr line.
line=$(grep -n '^msgstr "Чужое предложение."' "$T/foreign.po" | cut -d: -f1)
echo previous >"$T/out.xlf"
expect_status 2 "convert --segments: an unknown ID is refused" \
	"$TERCUME" convert --segments "$SEGMENTS" "$T/foreign.po" -o "$T/out.xlf"
stderr_has "^tercume: $T/foreign.po:$line: error: unit ID 'deadbeef' is not in .*aliyev-putin-2024.seg" \
	"convert: the error names the catalogue, the line and the ID"
check "convert: the output is untouched" grep -qx previous "$T/out.xlf"
expect_status 0 "check --segments: an unknown ID is a warning" \
	"$TERCUME" check --segments "$SEGMENTS" "$T/foreign.po"
check "check: it names the catalogue, the line and the ID" \
	grep -Eq "^$T/foreign.po:$line: warning: \\[extra\\] unit deadbeef is no longer in the article" "$T/out"
expect_status 1 "check --werror --segments: it fails the gate" \
	"$TERCUME" check --werror --segments "$SEGMENTS" "$T/foreign.po"
expect_status 0 "merge: an unknown ID is skipped" "$TERCUME" merge "$SEGMENTS" "$T/foreign.po"
stderr_has "^tercume: $T/foreign.po:$line: warning: \\[unknown-id\\] unit ID 'deadbeef' is not in the article" \
	"merge: the warning names the catalogue, the line and the ID"
check "merge: the foreign translation is not in the edition" sh -c "! grep -q 'Чужое' '$T/out'"
# The same in XLIFF.
"$TERCUME" convert --segments "$SEGMENTS" "$top_srcdir/po/ru.po" -o "$T/ru.xlf" --to xliff20
sed 's|</file>|<unit id="deadbeef"><segment state="translated"><source>A sentence from another article.</source><target>Чужое предложение.</target></segment></unit>\n</file>|' \
	"$T/ru.xlf" >"$T/foreign.xlf"
line=$(grep -n 'unit id="deadbeef"' "$T/foreign.xlf" | cut -d: -f1)
expect_status 2 "convert --segments: an unknown ID in XLIFF is refused" \
	"$TERCUME" convert --segments "$SEGMENTS" "$T/foreign.xlf" -o "$T/out.po"
stderr_has "^tercume: $T/foreign.xlf:$line: error: unit ID 'deadbeef' is not in" \
	"convert: the error names the XLIFF file, the line and the ID"
check "convert: no output was written" test ! -e "$T/out.po"
finish
