#!/bin/sh
# The SRX matching engine segments exactly as its reference engine (the
# plain way of asking ICU, which tercume used before rule summaries; srx.c,
# doc/srx.md), on real prose and on adversarial rules:
#   - prose from Debian packages: the licence texts of base-files (English),
#     the Russian and Azerbaijani message catalogues installed on the system,
#     and, when r-cran-janeaustenr and bible-kjv are installed, the 1 MB
#     benchmark article of Austen and the King James Bible in both layouts;
#   - the bundled article, and the Golden Rules texts when ../shared has them;
#   - random paragraphs of the tokens the rules look at, where the rules'
#     verdict at every position and the extra breaks are compared too (-x);
#   - the built-in rules, every rule file of tests/data/srx and
#     fuzz/corpus/srx, for en, ru and az.
# tests/srx-equiv (tests/srx-equiv.c) does the comparing.
. "$top_srcdir/tests/common.sh"

EQ="$top_builddir/tests/srx-equiv"
# Under a checker every run is many times slower: fewer random paragraphs,
# and no 1 MB articles.
quick=; [ -n "${CHECKER:-}" ] && quick=1
n_random=300; n_exhaustive=60
[ -n "$quick" ] && n_random=40 n_exhaustive=10

# same DESC ARGS...: both engines agree (srx-equiv exits 0); its summary
# goes to the log, and into $T/last.
same() {
	d=$1; shift
	${CHECKER:-} "$EQ" "$@" >"$T/last" 2>"$T/err"
	rc=$?
	sed 's/^/    /' "$T/last" "$T/err"
	check "$d" test "$rc" = 0
}
# summarised: the "E of X expressions summarised" of the last run.
summarised() { sed -n 's/.* \([0-9]*\) of \([0-9]*\) expressions summarised.*/\1 \2/p' "$T/last"; }

# ---- prose ----
prose_en=
for f in /usr/share/common-licenses/GPL-3 /usr/share/common-licenses/GPL-2 \
	/usr/share/common-licenses/LGPL-2.1 /usr/share/common-licenses/Apache-2.0 \
	/usr/share/common-licenses/MPL-2.0 /usr/share/common-licenses/GFDL-1.3 \
	/usr/share/common-licenses/Artistic; do
	[ -f "$f" ] && prose_en="$prose_en $f"
done
check "the licence texts of base-files are there" test -n "$prose_en"
# catalogues LANG: the translations of the installed message catalogues,
# a paragraph each, up to 300 kB.
catalogues() {
	python3 - "$1" <<-'EOF'
	import gettext, glob, re, sys
	out, size = [], 0
	for f in sorted(glob.glob("/usr/share/locale/%s/LC_MESSAGES/*.mo" % sys.argv[1])):
	    try:
	        cat = gettext.GNUTranslations(open(f, "rb"))._catalog
	    except Exception:
	        continue
	    for k, v in cat.items():
	        if k and isinstance(v, str):
	            v = re.sub(r"\n\s*\n", "\n", v).strip()
	            if len(v) > 20 and size < 300000:
	                out.append(v)
	                size += len(v.encode("utf-8"))
	sys.stdout.write("\n\n".join(out) + "\n")
	EOF
}
prose_ru= prose_az=
if command -v python3 >/dev/null 2>&1; then
	catalogues ru >"$T/ru.txt" && [ -s "$T/ru.txt" ] && prose_ru=$T/ru.txt
	catalogues az >"$T/az.txt" && [ -s "$T/az.txt" ] && prose_az=$T/az.txt
fi
echo "# Russian catalogues: $(wc -c <"$T/ru.txt" 2>/dev/null || echo 0) bytes, Azerbaijani: $(wc -c <"$T/az.txt" 2>/dev/null || echo 0) bytes"
bench=
if [ -z "$quick" ] && command -v Rscript >/dev/null 2>&1 && command -v bible >/dev/null 2>&1 &&
	sh "$top_srcdir/bench/make-corpus.sh" "$T/corpus" 1 >/dev/null 2>&1; then
	bench=1
else
	echo "# the 1 MB benchmark article is left out (r-cran-janeaustenr and bible-kjv, or a checker)"
fi
golden=
if [ -f "$top_srcdir/../shared/segmentation/golden_en.json" ] && command -v python3 >/dev/null 2>&1; then
	for l in en ru; do
		python3 -c 'import json, sys
print("\n\n".join(c["text"] for c in json.load(open(sys.argv[1], encoding="utf-8"))))' \
			"$top_srcdir/../shared/segmentation/golden_$l.json" >"$T/golden-$l.txt"
	done
	golden=1
fi

# Paragraphs past the rules' 256-unit windows: long runs of spaces, full
# stops, initials, bullets, list markers.
awk 'BEGIN {
	s = "Start"; for (i = 0; i < 1500; i++) s = s " "; print s "end.\n"
	s = "Dots"; for (i = 0; i < 700; i++) s = s "."; print s " Then.\n"
	s = ""; for (i = 0; i < 400; i++) s = s "A. "; print s "Smith.\n"
	s = ""; for (i = 0; i < 300; i++) s = s "\342\200\242   "; print s "x\n"
	s = ""; for (i = 1; i < 120; i++) s = s i ". Item " i " "; print s "\n"
	s = ""; for (i = 0; i < 200; i++) s = s "U.S.  "; print s "How\n"
	s = ""; for (i = 0; i < 300; i++) s = s "word.Next "; print s
}' >"$T/long.txt"

# ---- the built-in rules ----
same "en, built-in rules: licence texts, paragraphs between blank lines" $prose_en
set -- $(summarised)
check "en: every expression of the built-in rules is summarised ($1 of $2)" test "${1:-0}" = "${2:-x}"
same "en, built-in rules: licence texts, a paragraph a line" -L line $prose_en
same "en, built-in rules: the bundled article" "$ARTICLE"
same "en, built-in rules: the bundled article, a paragraph a line" -L line "$ARTICLE"
if [ -n "$bench" ]; then
	same "en, built-in rules: the 1 MB benchmark article, hard-wrapped" "$T/corpus/article-1.blank.txt"
	same "en, built-in rules: the 1 MB benchmark article, a paragraph a line" -L line "$T/corpus/article-1.line.txt"
	check "the engine asks ICU far less than the reference engine on prose" \
		awk '{ for (i = 1; i < NF; i++) if ($i == "calls") a = $(i + 1); b = $NF; sub(/\)/, "", b); exit !(a * 20 < b) }' "$T/last"
fi
if [ -n "$golden" ]; then
	same "en, built-in rules: the Golden Rules texts" "$T/golden-en.txt"
	same "ru, built-in rules: the Golden Rules texts" -l ru "$T/golden-ru.txt"
fi
if [ -n "$prose_ru" ]; then
	same "ru, built-in rules: Russian message catalogues" -l ru "$prose_ru"
	set -- $(summarised)
	check "ru: every expression of the built-in rules is summarised ($1 of $2)" test "${1:-0}" = "${2:-x}"
fi
[ -n "$prose_az" ] && same "az, built-in rules: Azerbaijani message catalogues" -l az "$prose_az"
same "az, built-in rules: English and Russian prose" -l az $prose_en ${prose_ru:-}
set -- $(summarised)
check "az: every expression of the built-in rules is summarised ($1 of $2)" test "${1:-0}" = "${2:-x}"
same "en, built-in rules: long paragraphs, every position" -x "$T/long.txt"
same "en, adversarial.srx: long paragraphs, every position" -s "$DATA/srx/adversarial.srx" -x "$T/long.txt"
for l in en ru az; do
	same "$l, built-in rules: $n_random random paragraphs" -l "$l" -r "1:$n_random"
	same "$l, built-in rules: $n_exhaustive random paragraphs, every position" -l "$l" -x -r "2:$n_exhaustive"
done

# ---- other rule files, adversarial ones among them ----
: >"$T/seen"
for f in "$DATA"/srx/*.srx "$top_srcdir"/fuzz/corpus/srx/*.srx; do
	# a file the reader refuses has nothing to compare; a copy was compared
	printf 'x\n' >"$T/x.txt"
	"$TERCUME" segment --srx "$f" "$T/x.txt" >/dev/null 2>&1 || continue
	sum=$(cksum <"$f")
	grep -qxF "$sum" "$T/seen" && continue
	echo "$sum" >>"$T/seen"
	b=$(basename "$f")
	for l in en ru az; do
		same "$l, $b: prose and random paragraphs" -l "$l" -s "$f" -r "3:$n_random" \
			/usr/share/common-licenses/GPL-3 ${prose_ru:-}
		same "$l, $b: random paragraphs, every position" -l "$l" -s "$f" -x -r "4:$n_exhaustive"
	done
done
same "en, adversarial.srx: the bundled article, every position" -s "$DATA/srx/adversarial.srx" -x "$ARTICLE"
set -- $(summarised)
check "adversarial.srx: some expressions are left to ICU, most are summarised ($1 of $2)" \
	test "${1:-0}" -lt "${2:-0}" -a "${1:-0}" -gt $((${2:-0} / 2))

# ---- the comparison can fail ----
"$EQ" -D "$DATA/srx/none.srx" $prose_en >/dev/null 2>"$T/err"
check "srx-equiv finds the difference between the rules and no rules" test $? = 1
check "and says where" grep -q 'paragraph [0-9]*: the engines differ' "$T/err"
printf 'one\n' >"$T/one.txt"
"$EQ" -l en -s /nonexistent.srx "$T/one.txt" >/dev/null 2>&1
check "srx-equiv refuses a missing rule file" test $? = 2
finish
