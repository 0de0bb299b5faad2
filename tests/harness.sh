#!/bin/sh
# The test harness is honest: a test that checks nothing fails, one that
# cannot run is a SKIP (exit 77) and never a pass, and the suite's total
# (tests/tally.sh, used by tests/run-suite.sh) counts skips apart.
. "$top_srcdir/tests/common.sh"

# script NAME BODY: a test script sourcing common.sh.
script() { printf '. "$top_srcdir/tests/common.sh"\n%s\n' "$2" >"$T/$1.sh"; }
# runs NAME STATUS DESC: the script exits STATUS; its output is in $T/out.
runs() { expect_status "$2" "$3" sh "$T/$1.sh"; }
counts() { grep '^# [0-9]* passed' "$T/out"; }

script none 'finish'
runs none 1 "a test with no check fails"
check "and counts one failure" test "$(counts)" = "# 0 passed, 1 failed"
script allskip 'skip "no tool"; skip "no other tool"; finish'
runs allskip 77 "a test whose every part is skipped is a SKIP"
check "its line counts no pass" test "$(counts)" = "# 0 passed, 0 failed, 2 skipped"
script some 'skip "no tool"; check "a check" true; finish'
runs some 0 "a test with a skipped part and a passing check passes"
check "and its line counts the skip apart" test "$(counts)" = "# 1 passed, 0 failed, 1 skipped"
script failing 'check "a check" false; finish'
runs failing 1 "a failed check fails the test"

# The two tests that passed with nothing checked.
sed 's|/usr/bin/time|/nonexistent/time|g' "$top_srcdir/tests/linear-growth.sh" >"$T/lg.sh"
expect_status 77 "linear-growth.sh without GNU time is a SKIP" sh "$T/lg.sh"
check "and prints no count of passes" sh -c "! grep -q '^# [0-9]* passed' '$T/out'"
expect_status 77 "hardening-big.sh without TERCUME_BIG_TESTS is a SKIP" \
	env -u TERCUME_BIG_TESTS sh "$top_srcdir/tests/hardening-big.sh"
check "and prints no count of passes" sh -c "! grep -q '^# [0-9]* passed' '$T/out'"

# A C test program with no check.
expect_status 1 "a tap.h program that ran no check fails" "$top_builddir/tests/tap-empty"
check "and counts one failure" grep -qx '# 0 passed, 1 failed' "$T/out"

# The suite's total, on made-up results.
mkdir -p "$T/b/tests"
result() { printf ':test-result: %s\n' "$2" >"$T/b/tests/$1.trs"; printf '%b' "$3" >"$T/b/tests/$1.log"; }
result pass PASS 'ok: x\n# 3 passed, 0 failed, 1 skipped\n'
result skip SKIP 'SKIP: no tool\n# 1 passed, 0 failed\n'
result died FAIL 'Segmentation fault\n'
result nocount FAIL '# 2 passed, 0 failed\n'
result failed FAIL '# 4 passed, 2 failed\n'
summary=$T/summary skipped_tests=$T/skipped top=$T/b
: >"$summary"; : >"$skipped_tests"
. "$top_srcdir/tests/tally.sh"
tally "$T/b/tests"
total=$(awk '{p += $2; f += $4; s += $6} END {print p + 0, f + 0, s + 0}' "$summary")
check "the total: 9 passed, 4 failed, 2 skipped (got $total)" test "$total" = "9 4 2"
check "the skipped test is named" grep -qx 'tests/skip' "$skipped_tests"
finish
