#!/bin/sh
# export, convert and tm export write to standard output with -o -: the
# same bytes as to a file; without a format there is no name to tell it by;
# a full disk under standard output is one error and status 3.
. "$top_srcdir/tests/common.sh"

for f in po xliff12 xliff20; do
	ext=po; [ $f = po ] || ext=xlf
	"$TERCUME" export -l ru --to $f -o "$T/a.$f.$ext" "$SEGMENTS" 2>"$T/err"
	expect_status 0 "export -o - --to $f" "$TERCUME" export -l ru --to $f -o - "$SEGMENTS"
	check "export -o - --to $f: the bytes of the file" cmp -s "$T/out" "$T/a.$f.$ext"
done
expect_status 2 "export -o - without --to" "$TERCUME" export -l ru -o - "$SEGMENTS"
stderr_has "standard output has no file name" "says why"

expect_status 0 "convert -o - --to xliff20" "$TERCUME" convert --to xliff20 -o - "$top_srcdir/po/ru.po"
"$TERCUME" convert -o "$T/ru.xlf" "$top_srcdir/po/ru.po"
check "convert -o -: the bytes of the file" cmp -s "$T/out" "$T/ru.xlf"
expect_status 0 "convert -o - --to po" "$TERCUME" convert --to po -o - "$top_srcdir/xliff/az.xlf"
"$TERCUME" convert -o "$T/az.po" "$top_srcdir/xliff/az.xlf"
check "convert PO to stdout: the bytes of the file" cmp -s "$T/out" "$T/az.po"

expect_status 0 "tm export -o -" "$TERCUME" tm export -o - "$top_srcdir/po/ru.po" "$top_srcdir/xliff/az.xlf"
"$TERCUME" tm export -o "$T/m.tmx" "$top_srcdir/po/ru.po" "$top_srcdir/xliff/az.xlf"
check "tm export -o -: the bytes of the file" cmp -s "$T/out" "$T/m.tmx"

if [ -w /dev/full ]; then
	for cmd in "export -l ru --to po -o - $SEGMENTS" "convert --to xliff20 -o - $top_srcdir/po/ru.po" \
		   "tm export -o - $top_srcdir/po/ru.po"; do
		checks=$((checks + 1))
		# shellcheck disable=SC2086
		"$TERCUME" $cmd >/dev/full 2>"$T/err"; got=$?
		n=$(grep -c . "$T/err")
		if [ "$got" = 3 ] && [ "$n" = 1 ]; then pass "${cmd%% *} to a full stdout: status 3, one error"
		else fail "${cmd%% *} to a full stdout: status $got, $n lines"; sed 's/^/    /' "$T/err"; fi
	done
fi
finish
