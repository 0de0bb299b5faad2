#!/bin/sh
# segment, then merge with no catalogue, gives every input back byte for byte.
. "$top_srcdir/tests/common.sh"

roundtrip() {
	name=$1; file=$2; shift 2
	expect_status 0 "$name: segment" "$TERCUME" segment "$@" -o "$T/s.seg" "$file"
	expect_status 0 "$name: merge" "$TERCUME" merge -o "$T/back" "$T/s.seg"
	check "$name: byte-identical" cmp -s "$file" "$T/back"
}
roundtrip "the article" "$ARTICLE"
roundtrip "blank-line layout, CRLF, BOM" "$DATA/wrapped-crlf-bom.txt"
: >"$T/empty.txt"
roundtrip "an empty file" "$T/empty.txt"
printf '  \n\n\t\n' >"$T/space.txt"
roundtrip "only whitespace" "$T/space.txt"
printf 'One line. With a final newline.\n\n\n' >"$T/final.txt"
roundtrip "trailing blank lines" "$T/final.txt"
roundtrip "forced line layout on a wrapped file" "$DATA/wrapped-crlf-bom.txt" --layout line

# The wrapped file really is read as paragraphs: its hard wraps fold.
"$TERCUME" segment "$DATA/wrapped-crlf-bom.txt" >"$T/list"
check "wrapped sentences are one unit each" \
	grep -q 'paragraph 1, sentence 1 .*Permission is hereby granted, free of charge, to any person obtaining a copy of this software\.$' "$T/list"
check "the merge writes stdout without -o" sh -c "\"$TERCUME\" merge '$SEGMENTS' | cmp -s - '$ARTICLE'"
finish
