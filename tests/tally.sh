# tally.sh — sourced by tests/run-suite.sh (and tests/harness.sh, which
# tests it).  tally DIR appends to the file $summary one line
# "# P passed, F failed[, S skipped]" per test under DIR, and to
# $skipped_tests the name of each skipped test; $top is cut off the names.
# It reads automake's .trs (the result) and .log (the "# N passed, M failed[, S skipped]" line of tests/common.sh and
# tests/tap.h): a test that PASSed or FAILed adds its counts; one that
# died before printing them, or FAILed with no failed check, adds one
# failure; a skipped test (exit 77) adds one skip and none of its counts.
tally() {
	for trs in $(find "$1" -name '*.trs' -path '*tests/*' | sort); do
		log=${trs%.trs}.log
		name=${log#"$top"/}
		name=${name%.log}
		result=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
		line=$(grep '^# [0-9]* passed, [0-9]* failed' "$log" 2>/dev/null | tail -n 1)
		case $result in
		SKIP)
			echo "# 0 passed, 0 failed, 1 skipped" >>"$summary"
			echo "$name" >>"$skipped_tests" ;;
		PASS)
			[ -n "$line" ] && echo "$line" >>"$summary" ;;
		*)
			# shellcheck disable=SC2086 # split into its words on purpose
			set -- $line
			if [ -z "$line" ] || [ "${4:-0}" -eq 0 ]; then
				echo "# ${2:-0} passed, 1 failed" >>"$summary"
			else
				echo "$line" >>"$summary"
			fi ;;
		esac
	done
}

