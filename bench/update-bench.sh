#!/bin/sh
# update-bench.sh — tercume update against msgmerge on catalogues of real
# prose with about 10% of the sentences edited.  Not a test: it prints a
# table and exits 0.
#
#   bench/update-bench.sh [SIZE...]        (default: 20000 100000)
#
# Environment: TERCUME (default: ./tercume, else tercume on PATH), WORK (a
# directory to keep the files in; default: a temporary one, removed), EDIT
# (the share of paragraphs edited is chosen so that about EDIT percent of the
# sentences change; default 10).
#
# The prose: Jane Austen's six novels (Debian r-cran-janeaustenr, read with
# Rscript) and the King James Bible (bible-kjv, one verse per paragraph), one
# paragraph per line; sizes beyond the corpus (about 75,000 sentences) repeat
# it.  The edits are those articles get: a word replaced, a word inserted, a
# word deleted, three words cut; only lower-case words inside a sentence are
# touched, so the sentence boundaries stay where they were.
#
# Each tool starts from the same translated catalogue (msgen: the translation
# of a sentence is the sentence, so a fuzzy suggestion is correct exactly
# when its msgstr is the old version of the edited sentence) and the same
# new article:
#   tercume update -s OLD.seg NEW.txt CAT.po
#   msgmerge --previous OLD.po NEW.pot        (fuzzy matching on)
#   msgmerge --previous -N OLD.po NEW.pot     (fuzzy matching off)
# and the table shows the time, the ratio to tercume's, and how many units
# each kept translated, offered as fuzzy (and of those, correctly), left
# new, made obsolete, and dropped (old translations found nowhere in the
# result).
set -eu
LC_ALL=C.UTF-8
export LC_ALL

TERCUME=${TERCUME:-}
if [ -z "$TERCUME" ]; then
	if [ -x ./tercume ]; then TERCUME=$(pwd)/tercume; else TERCUME=$(command -v tercume || true); fi
fi
[ -n "$TERCUME" ] || { echo "update-bench: build tercume first (or set TERCUME)" >&2; exit 2; }
for tool in msgmerge msgen msgcat Rscript bible awk; do
	command -v "$tool" >/dev/null || {
		echo "update-bench: $tool is missing (apt-get install gettext r-cran-janeaustenr bible-kjv)" >&2
		exit 2
	}
done
EDIT=${EDIT:-10}
SIZES=${*:-20000 100000}
if [ -n "${WORK:-}" ]; then
	mkdir -p "$WORK"
	W=$WORK
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/update-bench.XXXXXX")
	trap 'rm -rf "$W"' EXIT
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# ---- the corpus: one paragraph per line ----
if [ ! -s "$W/corpus.txt" ]; then
	Rscript -e 'library(janeaustenr); writeLines(austen_books()$text)' 2>/dev/null |
		awk 'BEGIN { RS = "" } { gsub(/[ \t]*\n[ \t]*/, " "); gsub(/  +/, " "); print }' >"$W/austen.txt"
	bible -l100000 Gen1:1-Rev22:21 2>/dev/null |
		awk '/^ +[0-9]+ / { sub(/^ +[0-9]+ /, ""); print }' >"$W/kjv.txt"
	cat "$W/austen.txt" "$W/kjv.txt" >"$W/corpus.txt"
fi

# The first lines of the corpus (repeated as needed) that hold about n
# units: a guess from the corpus's average, corrected twice.
take() {
	n=$1 out=$2
	lines=$(wc -l <"$W/corpus.txt")
	units=$("$TERCUME" segment --layout line "$W/corpus.txt" | wc -l)
	want=$(awk -v n="$n" -v l="$lines" -v u="$units" 'BEGIN { printf "%d", n * l / u + 1 }')
	for round in 1 2 3; do
		awk -v want="$want" 'NR == FNR { line[++k] = $0; next }
			END { for (i = 0; i < want; i++) print line[i % k + 1] }' "$W/corpus.txt" /dev/null >"$out"
		[ "$round" = 3 ] && break
		got=$("$TERCUME" segment --layout line "$out" | wc -l)
		want=$(awk -v n="$n" -v w="$want" -v g="$got" 'BEGIN { printf "%d", w * n / g + 1 }')
	done
}

# Edits about EDIT% of the sentences: p = EDIT% * units / lines of paragraphs.
edit() {
	in=$1 out=$2 units=$3
	awk -v p="$(awk -v e="$EDIT" -v u="$units" -v l="$(wc -l <"$in")" 'BEGIN { print e / 100 * u / l }')" '
	BEGIN { srand(20240422); kind = 0 }
	function plain(w) { return w ~ /^[a-z]+$/ }
	{
		if (rand() >= p) { print; next }
		n = split($0, w, " ")
		# an inner, plain word with plain neighbours
		for (tries = 0; tries < 20; tries++) {
			i = 2 + int(rand() * (n - 4))
			if (n >= 8 && plain(w[i - 1]) && plain(w[i]) && plain(w[i + 1]) && plain(w[i + 2]))
				break
			i = 0
		}
		if (i == 0) { print; next }
		kind = (kind + 1) % 4
		if (kind == 0) w[i] = (w[i] == "very" ? "truly" : "very")	# a word replaced
		else if (kind == 1) w[i] = w[i] " quite"			# a word inserted
		else if (kind == 2) w[i] = ""					# a word deleted
		else { w[i] = ""; w[i + 1] = ""; w[i + 2] = "" }		# three words cut
		s = ""
		for (j = 1; j <= n; j++) if (w[j] != "") s = s (s == "" ? "" : " ") w[j]
		print s
	}' "$in" >"$out"
}

# msgid and msgstr of every entry, one per line: STATE<TAB>MSGID<TAB>MSGSTR,
# STATE one of translated, fuzzy, untranslated, obsolete.
entries() {
	msgcat --no-wrap "$1" | awk '
	function flush() {
		if (have && id != "") {
			st = obs ? "obsolete" : (str == "" ? "untranslated" : (fz ? "fuzzy" : "translated"))
			print st "\t" id "\t" str
		}
		have = 0; fz = 0; obs = 0; id = ""; str = ""
	}
	/^$/ { flush(); next }
	/^#, .*fuzzy/ { fz = 1 }
	/^(#~ )?msgid "/ { if (/^#~/) obs = 1; sub(/^(#~ )?msgid "/, ""); sub(/"$/, ""); id = $0; have = 1 }
	/^(#~ )?msgstr "/ { sub(/^(#~ )?msgstr "/, ""); sub(/"$/, ""); str = $0 }
	END { flush() }'
}

# kept fuzzy correct new obsolete dropped, for a result against truth pairs
# (new<TAB>old) and the old catalogue's translations.
count() {
	entries "$1" >"$W/res.tsv"
	awk -F '\t' -v truth="$W/truth.tsv" -v old="$W/old.tsv" '
	BEGIN {
		while ((getline l < truth) > 0) { split(l, f, "\t"); t[f[1]] = f[2] }
		while ((getline l < old) > 0) { split(l, f, "\t"); if (f[1] == "translated") o[f[3]] = 1 }
	}
	{ n[$1]++; if ($3 != "") have[$3] = 1 }
	$1 == "fuzzy" && ($2 in t) && t[$2] == $3 { correct++ }
	END {
		for (s in o) if (!(s in have)) dropped++
		printf "%7d %7d %8d %7d %9d %8d\n", n["translated"], n["fuzzy"], correct, n["untranslated"], n["obsolete"], dropped
	}' "$W/res.tsv"
}

printf '%-7s %-28s %8s %7s %7s %7s %8s %7s %9s %8s\n' units tool "time(s)" ratio kept fuzzy correct new obsolete dropped
for size in $SIZES; do
	d=$W/$size
	mkdir -p "$d"
	take "$size" "$d/old.txt"
	"$TERCUME" segment --layout line -o "$d/old.seg" "$d/old.txt"
	"$TERCUME" export "$d/old.seg" --lang xx -o "$d/old.pot"
	units=$(msgcat --no-wrap "$d/old.pot" | grep -c '^msgctxt ')
	msgen -o "$d/old.po" "$d/old.pot"
	edit "$d/old.txt" "$d/new.txt" "$units"
	"$TERCUME" segment --layout line -o "$d/new.seg" "$d/new.txt"
	"$TERCUME" export "$d/new.seg" -o "$d/new.pot"
	# the truth: the units that differ, position by position
	entries "$d/old.pot" | cut -f 2 >"$W/a"
	entries "$d/new.pot" | cut -f 2 >"$W/b"
	if [ "$(wc -l <"$W/a")" -ne "$(wc -l <"$W/b")" ]; then
		echo "update-bench: the edits moved sentence boundaries; the truth is approximate" >&2
	fi
	paste "$W/b" "$W/a" | awk -F '\t' '$1 != $2' >"$W/truth.tsv"
	entries "$d/old.po" >"$W/old.tsv"
	edited=$(wc -l <"$W/truth.tsv")

	cp "$d/old.po" "$d/tercume.po"
	cp "$d/old.seg" "$d/tercume.seg"
	t0=$(now)
	"$TERCUME" update -s "$d/tercume.seg" "$d/new.txt" "$d/tercume.po" >/dev/null
	t1=$(now)
	tt=$(elapsed "$t0" "$t1")
	t0=$(now)
	msgmerge --quiet --previous -o "$d/msgmerge.po" "$d/old.po" "$d/new.pot"
	t1=$(now)
	tm=$(elapsed "$t0" "$t1")
	t0=$(now)
	msgmerge --quiet --previous -N -o "$d/msgmerge-N.po" "$d/old.po" "$d/new.pot"
	t1=$(now)
	tn=$(elapsed "$t0" "$t1")

	echo "# $units units, $edited edited"
	printf '%-7s %-28s %8s %7s %s\n' "$units" "tercume update" "$tt" "1.0" "$(count "$d/tercume.po")"
	printf '%-7s %-28s %8s %7s %s\n' "$units" "msgmerge --previous" "$tm" \
		"$(awk -v a="$tm" -v b="$tt" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')" "$(count "$d/msgmerge.po")"
	printf '%-7s %-28s %8s %7s %s\n' "$units" "msgmerge --previous -N" "$tn" \
		"$(awk -v a="$tn" -v b="$tt" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')" "$(count "$d/msgmerge-N.po")"
done
