#!/bin/sh
# run-suite.sh — the whole test suite, as the README and CI run it:
#   1. the normal build: make check (warnings are errors here);
#   2. the sanitizer build (ASan + UBSan) in build-san/: make check;
#   3. make check-translations: tercume check --werror over the project
#      (tercume.ini: 100% of po/ru.po and xliff/az.xlf; the project gates
#      its own translations);
#   4. make distcheck (the release tarball builds and passes its tests).
# It ends with one line "N passed, N failed, N skipped" summing every check
# of every test script and program of the runs above; a skip (a test that
# exits 77, or a part of one that cannot run here) is never a pass.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
status=0
summary="$top/build-suite-summary.txt"
skipped_tests="$top/build-suite-skipped.txt"
: >"$summary"
: >"$skipped_tests"

step() { echo; echo "=== $*"; }
# tally DIR: adds up the tests under DIR into $summary (tests/tally.sh).
. "$top/tests/tally.sh"

[ -x ./configure ] || ./autogen.sh >/dev/null || exit 1

step "normal build: make check"
if ! { [ -f Makefile ] || ./configure -q; } || ! make -s -j"$jobs" CFLAGS="-g -O2 -Werror" ||
   ! TERCUME_BIG_TESTS=1 make -s -j"$jobs" check CFLAGS="-g -O2 -Werror"; then
	status=1
	[ -d tests ] && ls tests/*.trs >/dev/null 2>&1 || echo "# 0 passed, 1 failed" >>"$summary"
fi
tally "$top/tests"

step "the translation gate on the project's own catalogues"
if make -s check-translations; then
	echo "# 1 passed, 0 failed" >>"$summary"
else
	echo "# 0 passed, 1 failed" >>"$summary"
	status=1
fi

step "sanitizer build (ASan + UBSan): make check"
# Built out of tree from a clean copy of the distributed sources (make
# distdir), so that it works whether or not the source tree is configured.
rm -rf build-san && mkdir -p build-san
if ! make -s distdir distdir=build-san/src >/dev/null ||
   ! (cd build-san && mkdir -p obj && cd obj && ../src/configure -q --enable-sanitizers &&
      make -s -j"$jobs" && ASAN_OPTIONS=detect_leaks=1 make -s -j"$jobs" check); then
	status=1
	[ -d build-san/obj/tests ] || echo "# 0 passed, 1 failed" >>"$summary"
fi
[ -d build-san/obj/tests ] && tally "$top/build-san/obj/tests"

step "make distcheck"
if ! make -s -j"$jobs" distcheck >build-suite-distcheck.log 2>&1; then
	tail -40 build-suite-distcheck.log
	echo "# 0 passed, 1 failed" >>"$summary"
	status=1
else
	echo "# 1 passed, 0 failed" >>"$summary"
	echo "distcheck: the release tarball builds and passes make check"
fi

passed=$(awk '{p += $2} END {print p + 0}' "$summary")
failed=$(awk '{f += $4} END {print f + 0}' "$summary")
skipped=$(awk '{s += $6} END {print s + 0}' "$summary")
[ "$failed" -eq 0 ] || status=1
echo
if [ -s "$skipped_tests" ]; then
	echo "skipped tests (exit 77; their log says why):"
	sed 's/^/    /' "$skipped_tests"
fi
echo "$passed passed, $failed failed, $skipped skipped ($(wc -l <"$skipped_tests") whole tests, the rest parts of tests)"
exit $status
