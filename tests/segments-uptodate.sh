#!/bin/sh
# The committed segments file is what 'tercume segment' makes of the article now.
. "$top_srcdir/tests/common.sh"

(cd "$top_srcdir" && "$TERCUME" segment -o "$T/now.seg" articles/aliyev-putin-2024.en.txt)
check "segments/aliyev-putin-2024.seg is up to date (run 'make segments' if not)" \
	cmp -s "$T/now.seg" "$SEGMENTS"
check "every unit has an 8-hex-digit ID" sh -c \
	"! grep '^unit ' '$SEGMENTS' | grep -Ev '^unit [0-9a-f]{8}(-[0-9]+)? line [0-9]+ \"'"
finish
