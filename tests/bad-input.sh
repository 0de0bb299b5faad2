#!/bin/sh
# Bad input gets one clear error naming file and line, exit status 2, and
# leaves any output file as it was.
. "$top_srcdir/tests/common.sh"

printf 'Good line.\nBad \300\257 here.\n' >"$T/overlong.txt"
expect_status 2 "overlong UTF-8" "$TERCUME" segment "$T/overlong.txt"
stderr_has "overlong.txt:2:5: error: invalid UTF-8" "names file, line and column"
printf 'A surrogate \355\240\200.\n' >"$T/surrogate.txt"
expect_status 2 "an encoded surrogate" "$TERCUME" segment "$T/surrogate.txt"
stderr_has "surrogate.txt:1:13: error: invalid UTF-8" "names file, line and column"
printf 'Ends badly \342\202' >"$T/truncated.txt"
expect_status 2 "a sequence cut at the end of the file" "$TERCUME" segment "$T/truncated.txt"
stderr_has "truncated.txt:1:12: error: invalid UTF-8" "names file, line and column"
printf 'one\ntwo\000three\n' >"$T/nul.txt"
expect_status 2 "a NUL byte" "$TERCUME" segment "$T/nul.txt"
stderr_has "nul.txt:2:4: error: NUL byte" "names file, line and column"
printf '\377\376h\000i\000' >"$T/utf16.txt"
expect_status 2 "UTF-16 input" "$TERCUME" segment "$T/utf16.txt"
stderr_has "UTF-16.*iconv" "says how to convert it"

# A failed run leaves the previous output untouched.
echo "previous" >"$T/keep.seg"
expect_status 2 "bad input with -o" "$TERCUME" segment -o "$T/keep.seg" "$T/overlong.txt"
check "the previous output survives" grep -qx previous "$T/keep.seg"
mkdir "$T/ro" && echo "old" >"$T/ro/out.seg" && chmod a-w "$T/ro"
if ! touch "$T/ro/probe" 2>/dev/null; then
	expect_status 3 "unwritable directory" "$TERCUME" segment -o "$T/ro/out.seg" "$ARTICLE"
	stderr_has "out.seg: error: cannot create a temporary file" "names the output"
	check "the old file is untouched" grep -qx old "$T/ro/out.seg"
fi
chmod u+w "$T/ro"

# Damaged segments files.
damaged() {
	desc=$1; pattern=$2; sedexpr=$3
	sed "$sedexpr" "$SEGMENTS" >"$T/bad.seg"
	expect_status 2 "segments: $desc" "$TERCUME" merge "$T/bad.seg"
	stderr_has "$pattern" "segments: $desc is reported"
}
damaged "edited text (ID no longer matches)" "bad.seg:8:6: error: unit ID '4c1ea835' does not match its text" \
	's/Natig MAMEDZADE/Natiq MAMEDZADE/'
damaged "a bad ID" "bad.seg:8:6: error: unit ID 'zzzz' does not match" 's/^unit 4c1ea835/unit zzzz/'
damaged "a missing field" "bad.seg:8:[0-9]+: error: expected 'line N'" 's/^unit 4c1ea835 line 1/unit 4c1ea835/'
damaged "blocks out of order" "bad.seg:9:7: error: expected block number" 's/^block 2 /block 3 /'
damaged "an unterminated string" "bad.seg:8:[0-9]+: error: unterminated string" '8s/"$//'
damaged "an unknown escape" "bad.seg:8:[0-9]+: error: unknown escape" '8s/Author/\\qAuthor/'
damaged "a truncated file" "error: the file ends without its tail record" '$d'
damaged "a wrong header" "bad.seg:1:1: error: not a tercume segments file" '1s/2$/9/'
damaged "an unknown record" "bad.seg:8:1: error: unknown record 'unti'" '8s/^unit/unti/'
awk 'NR==8 { a = $0; getline b; getline c; getline d; print d; print b; print c; print a; next } { print }' \
	"$SEGMENTS" >"$T/bad.seg"
expect_status 2 "segments: units out of order" "$TERCUME" merge "$T/bad.seg"
stderr_has "bad.seg:11:[0-9]+: error: units are out of order" "segments: units out of order are reported"
: >"$T/empty.seg"
expect_status 2 "an empty segments file" "$TERCUME" merge "$T/empty.seg"
stderr_has "empty.seg:1:1: error: empty file" "the empty file is named"
finish
