#!/bin/sh
# make-corpus.sh OUTDIR SIZE... — builds benchmark articles of real English
# prose from Debian packages: Jane Austen's six novels (r-cran-janeaustenr,
# read through Rscript) and the King James Bible (bible-kjv, the 'bible'
# program over bible-kjv-text).
#
# For each SIZE (in MB, 1 MB = 1,000,000 bytes) it writes two articles with
# the same paragraphs:
#   OUTDIR/article-SIZE.line.txt    one paragraph per line
#   OUTDIR/article-SIZE.blank.txt   paragraphs separated by blank lines,
#                                   hard-wrapped at 72 columns (fmt)
# The prose is about 8.2 MB; a larger article repeats it with its paragraphs
# joined in groups, so that no paragraph repeats, though every sentence of a
# 100 MB article comes about twelve times.  Articles are cut at a paragraph
# boundary once they reach SIZE.
set -eu
export LC_ALL=C
[ $# -ge 2 ] || { echo "usage: $0 OUTDIR SIZE..." >&2; exit 2; }
out=$1; shift
mkdir -p "$out"
src="$out/prose.line.txt"

if [ ! -s "$src" ]; then
	command -v Rscript >/dev/null || { echo "$0: Rscript missing (apt-get install r-cran-janeaustenr)" >&2; exit 3; }
	command -v bible >/dev/null || { echo "$0: bible missing (apt-get install bible-kjv)" >&2; exit 3; }
	# Austen: the novels as printed, hard-wrapped, blank lines between
	# paragraphs; folded to one paragraph per line.
	Rscript -e 'suppressMessages(library(janeaustenr)); b <- austen_books(); for (k in levels(b$book)) { writeLines(paste0("@@BOOK ", k)); writeLines(b$text[b$book == k]) }' \
		>"$out/austen.raw"
	awk '
		/^@@BOOK / { flush(); print; next }
		/^[ \t]*$/ { flush(); next }
		{ sub(/^[ \t]+/, ""); sub(/[ \t\r]+$/, ""); p = p == "" ? $0 : p " " $0 }
		function flush() { if (p != "") print p; p = "" }
		END { flush() }' "$out/austen.raw" >"$out/austen.par"
	# The Bible: a heading per chapter ("Genesis 1"), its verses in
	# paragraphs of up to four verses, verse numbers dropped.
	bible -l0 gen1:1-rev22:21 >"$out/kjv.raw"
	awk '
		/^[ \t]*$/ { next }
		/^ *[0-9]+ / { sub(/^ *[0-9]+ +/, ""); p = p == "" ? $0 : p " " $0
			if (++n == 4) flush(); next }
		{ flush(); print }
		function flush() { if (p != "") print p; p = ""; n = 0 }
		END { flush() }' "$out/kjv.raw" >"$out/kjv.par"
	# Interleave: each Austen novel is followed by a sixth of the Bible,
	# so that even the 1 MB article has both kinds of prose.
	awk -v kjvfile="$out/kjv.par" '
		BEGIN { while ((getline l < kjvfile) > 0) kjv[++nk] = l; part = 0 }
		/^@@BOOK / { if (seen++) kjvpart(); next }
		{ print }
		END { kjvpart(); while (done < nk) print kjv[++done] }
		function kjvpart(   stop) { part++; stop = int(nk * part / 6)
			while (done < stop) print kjv[++done] }' "$out/austen.par" >"$src.tmp"
	mv "$src.tmp" "$src"
	rm -f "$out/austen.raw" "$out/kjv.raw" "$out/austen.par" "$out/kjv.par"
fi

for size in "$@"; do
	line="$out/article-$size.line.txt"
	blank="$out/article-$size.blank.txt"
	[ -s "$line" ] && [ -s "$blank" ] && continue
	# The prose once as it is; then again and again with its paragraphs
	# joined in groups (2 at offsets 0 and 1, 3 at offsets 0, 1 and 2,
	# ...): the sentences repeat but every paragraph is new.  (Tools that
	# merge identical paragraphs, txt2po for one, slow down quadratically
	# with duplicates, which real articles do not have.)
	awk -v want="$((size * 1000000))" -v src="$src" '
		BEGIN { while ((getline l < src) > 0) p[++n] = l
			g = 1; off = 0
			while (got < want) {
				i = 1
				if (off > 0) { emit(1, off); i = off + 1 }
				for (; i <= n && got < want; i += g)
					emit(i, i + g - 1 <= n ? i + g - 1 : n)
				if (++off >= g) { g++; off = 0 }
			} }
		function emit(a, b,   s, j) { s = p[a]
			for (j = a + 1; j <= b; j++) s = s " " p[j]
			print s; got += length(s) + 1 }' </dev/null >"$line.tmp"
	# The same paragraphs, hard-wrapped, a blank line between them.
	awk 'NR > 1 { print "" } { print }' "$line.tmp" | fmt -w 72 >"$blank.tmp"
	# fmt only changes spacing: the words must be the same.
	a=$(tr -s ' \n' '\n\n' <"$line.tmp" | cksum)
	b=$(tr -s ' \n' '\n\n' <"$blank.tmp" | cksum)
	[ "$a" = "$b" ] || { echo "$0: fmt changed the words of $blank" >&2; exit 1; }
	mv "$line.tmp" "$line"
	mv "$blank.tmp" "$blank"
done
