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
# help2man and an 80-column terminal: no line of a command's help is wider,
# but for the lines that name an installed file, as long as the prefix
# makes them (make distcheck installs under its build folder)
"$TERCUME" --help >"$T/help" 2>&1
docdir=$(sed -n 's|^.*: \(/.*\)/doc/cli\.md$|\1|p' "$T/help" | head -n 1)
check "tercume --help names the installed manual" test -n "$docdir"
fits() { ! awk -v d="$docdir" 'length > 80 && index($0, d) == 0' "$1" | grep -q .; }
for c in segment export convert merge check update tm init sync build status; do
	"$TERCUME" $c --help >"$T/help" 2>&1
	check "$c --help fits in 80 columns" fits "$T/help"
done
"$TERCUME" --help >"$T/help" 2>&1
check "tercume --help fits in 80 columns" fits "$T/help"
# ... and so do its command lines in Russian and Azerbaijani: each
# summary's translation (nls/LANG.po), after the name's 13 columns
sed -n 's/^  [a-z]*  *\([a-z].*\)$/\1/p' "$T/help" >"$T/summaries"
check "tercume --help lists 11 command summaries" test "$(wc -l <"$T/summaries")" -eq 11
for lang in ru az; do
	check "the $lang summaries of tercume --help fit in 80 columns" python3 - "$top_srcdir/nls/$lang.po" "$T/summaries" <<'EOF'
import re, sys
po = open(sys.argv[1], encoding="utf-8").read()
tr = dict(re.findall(r'^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"', po, re.M))
bad = [(s, tr.get(s)) for s in open(sys.argv[2], encoding="utf-8").read().splitlines()
       if not tr.get(s) or 13 + len(tr[s]) > 80]
for s, t in bad:
    print("    %s -> %s" % (s, t))
sys.exit(1 if bad else 0)
EOF
done
if [ -w /dev/full ]; then
	expect_status 3 "a full stdout is an error, not silence" sh -c "\"$TERCUME\" --help >/dev/full"
fi
finish
