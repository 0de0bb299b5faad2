#!/bin/sh
# No step may be quadratic in the size of the article: segment and merge on
# pathological inputs, each at two sizes, must take at most about twice the
# CPU time (and peak memory) at twice the size.  The bounds are generous
# (3x + 0.5 s, best of two runs) so that a loaded machine does not make the
# test fail, while quadratic growth (4x) on these sizes does.
. "$top_srcdir/tests/common.sh"

# Under valgrind (make check-valgrind) every run is tens of times slower and
# the timings mean nothing.
if [ -n "${CHECKER:-}" ]; then
	echo "SKIP: timing test, not under CHECKER"
	exit 77
fi
# Under ASan and UBSan likewise (the normal build of the same suite runs
# it): the 4 MB HTML and Markdown cases alone took over twenty minutes.
if [ -n "${TERCUME_SANITIZED:-}" ]; then
	echo "SKIP: timing test, not in the sanitizer build (the normal build runs it)"
	exit 77
fi
if [ ! -x /usr/bin/time ]; then
	echo "SKIP: GNU time (/usr/bin/time, Debian package 'time') not installed"
	exit 77
fi

# measure FILE CMD...: CPU seconds (user + system, best of two runs) and
# peak RSS in KB of CMD, written to FILE as "seconds kb".
measure() {
	out=$1; shift
	best=
	for run in 1 2; do
		if ! /usr/bin/time -f '%U %S %M' -o "$T/time" "$@" >/dev/null 2>"$T/err"; then
			echo "FAIL: $* did not succeed"; sed 's/^/    /' "$T/err"
			echo "999 0" >"$out"
			return
		fi
		now=$(tail -n 1 "$T/time" | awk '{ printf "%.2f %d\n", $1 + $2, $3 }')
		if [ -z "$best" ] || awk -v a="${now% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then
			best=$now
		fi
	done
	echo "$best" >"$out"
}

# linear DESC SMALL LARGE: the second measurement is within 3x + 0.5 s of
# the first, and its peak RSS within 3x.
linear() {
	read -r t1 m1 <"$2"; read -r t2 m2 <"$3"
	echo "# $1: ${t1} s ${m1} KB -> ${t2} s ${m2} KB"
	check "$1: time grows linearly" awk -v a="$t1" -v b="$t2" 'BEGIN { exit !(b < 3 * a + 0.5) }'
	check "$1: memory grows linearly" awk -v a="$m1" -v b="$m2" 'BEGIN { exit !(b < 3 * a) }'
}

# One paragraph of distinct sentences, about 2 MB and 4 MB, on one line.
para() {
	awk -v want="$1" 'BEGIN { while (n < want) { s = sprintf("Sentence number %d of one very long paragraph is here. ", i++)
		printf "%s", s; n += length(s) } print "" }' >"$2"
}
# N identical one-sentence paragraphs: every ID needs its -COUNT suffix.
same() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) print "The cat sat on the mat." }' >"$2"
}
para 2000000 "$T/p1.txt"
para 4000000 "$T/p2.txt"
same 20000 "$T/s1.txt"
same 40000 "$T/s2.txt"

for k in p s; do
	for i in 1 2; do
		measure "$T/$k$i.segment" "$TERCUME" segment --layout line -o "$T/$k$i.seg" "$T/$k$i.txt"
		measure "$T/$k$i.merge" "$TERCUME" merge -o "$T/$k$i.out" "$T/$k$i.seg"
		check "$k$i: merge gives the article back" cmp -s "$T/$k$i.out" "$T/$k$i.txt"
	done
done
n=$(awk 'END { print NR }' "$T/p2.txt")
check "one 4 MB paragraph is one line" test "$n" = 1
sentences=$(grep -o 'is here\.' "$T/p2.txt" | wc -l)
units=$(grep -c '^unit ' "$T/p2.seg")
check "every sentence of the paragraph is a unit ($units of $sentences)" test "$units" = "$sentences"
check "40,000 identical sentences get IDs up to -40000" grep -q '^unit [0-9a-f]\{8\}-40000 ' "$T/s2.seg"

# Every unit edited since the catalogue was made: each unit's old
# translation is found by its place (the entry's context note), which must
# not mean scanning the catalogue once per unit (2.12 s at 20,000 units
# before, 0.37 s at 5,000).
edited() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "Paragraph %d says something here.\n", i }' >"$T/e$2a.txt"
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "Paragraph %d says something else.\n", i }' >"$T/e$2b.txt"
	"$TERCUME" segment --layout line -o "$T/e$2a.seg" "$T/e$2a.txt"
	"$TERCUME" segment --layout line -o "$T/e$2b.seg" "$T/e$2b.txt"
	"$TERCUME" export -l ru -o "$T/e$2.xlf" "$T/e$2a.seg"
	sed -i 's|<source>\(.*\)</source>|<source>\1</source><target>T</target>|; s|state="initial"|state="translated"|' "$T/e$2.xlf"
}
edited 25000 1
edited 50000 2
for i in 1 2; do
	measure "$T/e$i.merge" "$TERCUME" merge --min-coverage 0 -o "$T/e$i.out" "$T/e${i}b.seg" "$T/e$i.xlf"
done
check "every edited unit's old translation is found as stale" \
	grep -q "50000 units, 0 translated, 0 fuzzy used, 50000 kept in English, 50000 stale" "$T/err"

# A PO catalogue of 25,000 and 50,000 units, translated: check reads it,
# merge fills the article from it, update takes one paragraph in ten
# edited (the streaming PO code alone: the audit would add libgettextpo's
# reading and writing to every run).
for i in 1 2; do
	awk '/^msgstr ""$/ && seen++ { print "msgstr \"Т.\""; next } { print }' >"$T/e$i.po" <<-EOF2
	$(TERCUME_PO_AUDIT= "$TERCUME" export -l ru --to po -o - "$T/e${i}a.seg")
	EOF2
	awk '{ if (NR % 10 == 0) sub(/something/, "a thing"); print }' "$T/e${i}a.txt" >"$T/e${i}c.txt"
	cat >"$T/update$i.sh" <<-EOF2
	cp "$T/e${i}a.seg" "$T/u$i.seg" && cp "$T/e$i.po" "$T/u$i.po" &&
		exec "$TERCUME" update --force -s "$T/u$i.seg" "$T/e${i}c.txt" "$T/u$i.po"
	EOF2
	TERCUME_PO_AUDIT= measure "$T/e$i.pocheck" "$TERCUME" check --disable numbers "$T/e$i.po"
	TERCUME_PO_AUDIT= measure "$T/e$i.pomerge" "$TERCUME" merge -o "$T/e$i.pout" "$T/e${i}a.seg" "$T/e$i.po"
	TERCUME_PO_AUDIT= measure "$T/e$i.update" sh "$T/update$i.sh"
done
check "the PO catalogue fills every unit" sh -c "! grep -qv '^Т\.\$' '$T/e2.pout'"
check "update keeps the unedited translations" test "$(grep -c '^msgstr "Т\."$' "$T/u2.po")" -ge 45000

# Marked-up articles (doc/html.md, doc/markdown.md): one paragraph with an
# inline code in every sentence, and Markdown nested deep.
markup() {
	awk -v want="$1" -v k="$3" 'BEGIN {
		f = "Sentence %d has **bold** words. "
		if (k == "html") { f = "Sentence %d has <b>bold</b> words. "; printf "<p>" }
		while (n < want) { s = sprintf(f, i++); printf "%s", s; n += length(s) }
		if (k == "html") print "</p>"; else print "" }' >"$2"
}
markup 2000000 "$T/h1.html" html
markup 4000000 "$T/h2.html" html
markup 2000000 "$T/m1.md" md
markup 4000000 "$T/m2.md" md
awk 'BEGIN { for (i = 0; i < 10000; i++) printf ">"; print " deep" }' >"$T/q1.md"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf ">"; print " deep" }' >"$T/q2.md"
for k in h1.html h2.html m1.md m2.md q1.md q2.md; do
	measure "$T/$k.segment" "$TERCUME" segment -o "$T/$k.seg" "$T/$k"
done
for k in h2.html m2.md; do
	sentences=$(grep -o 'words\.' "$T/$k" | wc -l)
	units=$(grep -c '^unit ' "$T/$k.seg")
	check "$k: 4 MB on one line, every sentence of it a unit ($units of $sentences)" \
		test "$(wc -c <"$T/$k")" -gt 4000000 -a "$units" = "$sentences"
done

# HTML with a titled link in every sentence: each title a unit of its own
# (doc/html.md, "Attributes"), its note found and its translation put back
# into its link's tag by a walk that stays linear.
for i in 1 2; do
	awk -v want=$((i * 1000000)) 'BEGIN { printf "<p>"
		while (n < want) { s = sprintf("Sentence %d has <a href=\"x%d.html\" title=\"Title %d\">a link</a>. ", i, i, i); i++
			printf "%s", s; n += length(s) }
		print "</p>" }' >"$T/t$i.html"
	measure "$T/t$i.segment" "$TERCUME" segment -o "$T/t$i.seg" "$T/t$i.html"
	measure "$T/t$i.export" "$TERCUME" export -l ru -o "$T/t$i.po" "$T/t$i.seg"
	msgen "$T/t$i.po" 2>/dev/null | sed 's/^msgstr "Title \([0-9]*\)"$/msgstr "Заголовок \1"/' >"$T/t$i.ru.po"
	TERCUME_PO_AUDIT= measure "$T/t$i.merge" "$TERCUME" merge -o "$T/t$i.ru.html" "$T/t$i.seg" "$T/t$i.ru.po"
done
check "every link's title translated in the edition" \
	test "$(grep -o 'title="Заголовок [0-9]*"' "$T/t2.ru.html" | wc -l)" = "$(grep -o 'title=' "$T/t2.html" | wc -l)"

# Reading an XLIFF 2.0 catalogue (its validation included) at two sizes:
# a per-element scan of the whole <file> once made check of a 40-article
# catalogue take ten times as long as of a 20-article one.
for i in 1 2; do
	: >"$T/a$i.txt"
	for k in $(seq $((i * 20))); do cat "$ARTICLE" >>"$T/a$i.txt"; echo >>"$T/a$i.txt"; done
	"$TERCUME" segment -o "$T/a$i.seg" "$T/a$i.txt" 2>/dev/null
	"$TERCUME" export -l ru -o "$T/a$i.xlf" "$T/a$i.seg" 2>/dev/null
	measure "$T/a$i.check" "$TERCUME" check "$T/a$i.xlf"
done

linear "check of an XLIFF 2.0 catalogue, 20 -> 40 articles" "$T/a1.check" "$T/a2.check"
linear "segment, one paragraph 2 MB -> 4 MB" "$T/p1.segment" "$T/p2.segment"
linear "segment HTML, one paragraph with codes 2 MB -> 4 MB" "$T/h1.html.segment" "$T/h2.html.segment"
linear "segment HTML, a titled link in every sentence 1 MB -> 2 MB" "$T/t1.segment" "$T/t2.segment"
linear "export HTML, a titled link in every sentence 1 MB -> 2 MB" "$T/t1.export" "$T/t2.export"
linear "merge HTML, every title translated 1 MB -> 2 MB" "$T/t1.merge" "$T/t2.merge"
linear "segment Markdown, one paragraph with codes 2 MB -> 4 MB" "$T/m1.md.segment" "$T/m2.md.segment"
linear "segment Markdown, quotes nested 10,000 -> 20,000 deep" "$T/q1.md.segment" "$T/q2.md.segment"
linear "merge, one paragraph 2 MB -> 4 MB" "$T/p1.merge" "$T/p2.merge"
linear "segment, 20,000 -> 40,000 identical sentences" "$T/s1.segment" "$T/s2.segment"
linear "merge, 20,000 -> 40,000 identical sentences" "$T/s1.merge" "$T/s2.merge"
linear "merge, 25,000 -> 50,000 units all edited" "$T/e1.merge" "$T/e2.merge"
linear "check of a PO catalogue, 25,000 -> 50,000 units" "$T/e1.pocheck" "$T/e2.pocheck"
linear "merge with a PO catalogue, 25,000 -> 50,000 units" "$T/e1.pomerge" "$T/e2.pomerge"
linear "update of a PO catalogue, 25,000 -> 50,000 units, one in ten edited" "$T/e1.update" "$T/e2.update"
finish
