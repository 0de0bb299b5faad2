#!/bin/sh
# The CLI's help, version, usage errors and the exit-code contract.
. "$top_srcdir/tests/common.sh"

expect_status 0 "--help exits 0" "$TERCUME" --help
check "--help lists segment and merge" grep -q '^  segment' "$T/out"
check "--help states the exit codes" grep -q 'Exit status' "$T/out"
expect_status 0 "--version exits 0" "$TERCUME" --version
check "--version names the program" grep -q '^tercume [0-9]' "$T/out"
expect_status 0 "help segment" "$TERCUME" help segment
check "help segment shows its usage" grep -q '^Usage: tercume segment' "$T/out"
expect_status 0 "segment --help" "$TERCUME" segment --help
check "segment --help documents --layout" grep -q -- '--layout' "$T/out"
expect_status 0 "a unique prefix finds the command" "$TERCUME" seg --help
expect_status 2 "no command is a usage error" "$TERCUME"
expect_status 2 "unknown command" "$TERCUME" frobnicate
stderr_has "unknown command 'frobnicate'" "names the unknown command"
expect_status 2 "unknown option" "$TERCUME" segment --bogus "$ARTICLE"
stderr_has "Try 'tercume help segment'" "points to the help"
expect_status 2 "missing operand" "$TERCUME" segment
expect_status 3 "a missing file is an I/O error" "$TERCUME" segment "$T/nope.txt"
stderr_has "nope.txt: error: cannot open" "names the missing file"
# help2man and an 80-column terminal: no line of a command's help is wider
for c in segment export convert merge check update tm init sync build status; do
	"$TERCUME" $c --help >"$T/help" 2>&1
	check "$c --help fits in 80 columns" sh -c "! awk 'length > 80' '$T/help' | grep -q ."
done
if [ -w /dev/full ]; then
	expect_status 3 "a full stdout is an error, not silence" sh -c "\"$TERCUME\" --help >/dev/full"
fi
finish
