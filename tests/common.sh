# common.sh — sourced by the shell tests.  Each test runs in its own
# temporary directory; `fail` records a failure, `finish` sets the status.
set -u
: "${top_srcdir:?run the tests through make check}"
: "${TERCUME:?run the tests through make check}"
ARTICLE="$top_srcdir/articles/aliyev-putin-2024.en.txt"
SEGMENTS="$top_srcdir/segments/aliyev-putin-2024.seg"
DATA="$top_srcdir/tests/data"
T=$(mktemp -d "${TMPDIR:-/tmp}/tercume-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
# make check CHECKER='valgrind -q --error-exitcode=99 --leak-check=full':
# every "$TERCUME" of the tests runs under the checker.
if [ -n "${CHECKER:-}" ]; then
	mkdir "$T/.checker"
	# Through libtool: the uninstalled tercume is a libtool wrapper script
	# (it runs with the uninstalled shared libtercume); the checker must run
	# the program it wraps.
	printf '#!/bin/sh\nexec '"'"'%s'"'"' --mode=execute %s '"'"'%s'"'"' "$@"\n' \
		"$top_builddir/libtool" "$CHECKER" "$TERCUME" >"$T/.checker/tercume"
	chmod +x "$T/.checker/tercume"
	TERCUME="$T/.checker/tercume"
fi
failures=0
checks=0
skips=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# check DESCRIPTION COMMAND...: the command must succeed.
check() { d=$1; shift; checks=$((checks + 1)); if "$@"; then pass "$d"; else fail "$d"; fi; }
# expect_status N DESCRIPTION COMMAND...: runs COMMAND, its exit status must be N.
expect_status() {
	want=$1; d=$2; shift 2; checks=$((checks + 1))
	"$@" >"$T/out" 2>"$T/err"; got=$?
	if [ "$got" = "$want" ]; then pass "$d"; else fail "$d (exit $got, want $want)"; sed 's/^/    /' "$T/err"; fi
}
# stderr_has PATTERN DESCRIPTION: the last expect_status's stderr matches.
stderr_has() { checks=$((checks + 1)); if grep -Eq -- "$1" "$T/err"; then pass "$2"; else fail "$2: stderr lacks /$1/"; sed 's/^/    /' "$T/err"; fi; }
# skip WHAT: a part of the test that cannot run here (a tool is missing):
# counted apart, never as passed.  A whole test that cannot run exits 77.
skip() { echo "SKIP: $*"; skips=$((skips + 1)); }
# finish: "# P passed, F failed[, S skipped]" (tests/run-suite.sh adds them
# up) and the status: 0, 1 on a failure, 1 when no check ran at all (a test
# that checks nothing must not pass), 77 when nothing ran because every
# part was skipped.
finish() {
	if [ "$checks" -eq 0 ] && [ "$skips" -eq 0 ]; then
		checks=1
		fail "no check ran"
	fi
	if [ "$skips" -gt 0 ]; then
		echo "# $((checks - failures)) passed, $failures failed, $skips skipped"
	else
		echo "# $((checks - failures)) passed, $failures failed"
	fi
	[ "$checks" -eq 0 ] && [ "$failures" -eq 0 ] && exit 77
	[ "$failures" -eq 0 ]
}
