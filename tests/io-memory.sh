#!/bin/sh
# Export PO and merge with a PO hold no whole copy of what they read or
# write beside the document (issue 15): export writes the catalogue entry by
# entry, merge lets the catalogue go before it renders and writes the
# edition into its file as it is made, and both read their inputs through
# mappings whose pages go as the readers pass them.  A blank-line article
# of prose-like text at 1 and 3 MB; for each step the peak RSS (GNU time's
# %M) at both sizes gives the resident bytes each byte of the article costs,
# (peak(3 MB) - peak(1 MB)) / 2 MB, free of the fixed part (shared
# libraries, ICU's data).  Measured 2026-12-01 on this text, main -> this
# change: export 8.1 -> 6.1, merge 13.1 -> 12.5 bytes per input byte.  The
# export bound fails main's figure and leaves 15% for another allocator or
# libc; merge's still holds the whole catalogue beside the document (a
# streaming merge is what is left), so its bound only guards against a
# regression.  The goal of issue 15 is 4 for both: lower the bounds as the
# steps get there.  Memory, not time: the figures do not depend on the
# machine's load.
. "$top_srcdir/tests/common.sh"

if [ -n "${CHECKER:-}" ] || [ -n "${TERCUME_SANITIZED:-}" ]; then
	echo "SKIP: peak memory means nothing under a checker or a sanitizer"
	exit 77
fi
# The suite's PO audit (libgettextpo writing and reading every PO as well)
# and libgettextpo itself are no part of what a user runs by default.
unset TERCUME_PO_AUDIT TERCUME_PO
if [ ! -x /usr/bin/time ]; then
	echo "SKIP: GNU time (/usr/bin/time, Debian package 'time') not installed"
	exit 77
fi

# prose BYTES FILE: paragraphs of 2 to 7 sentences, each numbered so that
# none repeats, hard-wrapped at 70 columns.
prose() {
	awk -v want="$1" 'BEGIN {
		srand(42)
		nw = split("a an the on of in at by for with from over under " \
			"river garden window letter evening morning village road " \
			"walked waited answered remembered wrote carried opened " \
			"quietly slowly never always again perhaps together", w, " ")
		while (got < want) {
			p = ""
			ns = 2 + int(rand() * 6)
			for (s = 0; s < ns; s++) {
				t = "Sentence " ++k
				n = 5 + int(rand() * 22)
				for (i = 0; i < n; i++)
					t = t " " w[1 + int(rand() * nw)]
				p = p (s ? " " : "") t (rand() < 0.15 ? "!" : ".")
			}
			print p; print ""
			got += length(p) + 2
		} }' | fmt -w 70 >"$2"
}

# peak FILE CMD...: CMD's peak RSS in KB into FILE (0 when it failed).
peak() {
	out=$1; shift
	if /usr/bin/time -f '%M' -o "$T/time" "$@" >/dev/null 2>"$T/err"; then
		tail -n 1 "$T/time" >"$out"
	else
		echo "FAIL: $* did not succeed"; sed 's/^/    /' "$T/err"
		echo 0 >"$out"
	fi
}

for s in 1 3; do
	prose $((s * 1000000)) "$T/a$s.txt"
	"$TERCUME" segment -q -o "$T/a$s.seg" "$T/a$s.txt" || fail "segment $s MB"
	peak "$T/export.$s" "$TERCUME" export -l ru --to po -o "$T/e$s.po" "$T/a$s.seg"
	awk -f "$top_srcdir/bench/pseudo-translate.awk" "$T/e$s.po" >"$T/t$s.po"
	peak "$T/merge.$s" "$TERCUME" merge -q -o "$T/m$s.txt" "$T/a$s.seg" "$T/t$s.po"
done
check "export wrote every unit" test "$(grep -c '^msgctxt' "$T/e3.po")" -eq \
	"$(grep -c '^unit ' "$T/a3.seg")"
check "merge put the translations in" grep -q '\[xx\] Sentence 1 ' "$T/m3.txt"
check "merge kept the paragraphs: as many blank lines as the article" \
	test "$(grep -c '^$' "$T/m3.txt")" -eq "$(grep -c '^$' "$T/a3.txt")"

in1=$(wc -c <"$T/a1.txt"); in3=$(wc -c <"$T/a3.txt")
# step BOUND: the bytes per input byte of that step.
step() {
	read -r m1 <"$T/$1.1"; read -r m3 <"$T/$1.3"
	f=$(awk -v a="$m1" -v b="$m3" -v i="$in1" -v j="$in3" \
		'BEGIN { printf "%.2f", (b - a) * 1024 / (j - i) }')
	echo "# $1: $m1 KB at $in1 bytes, $m3 KB at $in3 bytes: $f bytes per input byte (bound $2)"
	check "$1: both runs measured" test "$m1" -gt 0 -a "$m3" -gt 0
	check "$1: peak memory per input byte at most $2" awk -v f="$f" -v b="$2" 'BEGIN { exit !(f <= b) }'
}
step export 7
step merge 14
finish
