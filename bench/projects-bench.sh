#!/bin/sh
# projects-bench.sh — a project of 1,000 articles in 2 languages (issue 16):
# tercume sync, build and check, each with -j 1 and -j 2, side by side with
# po4a running the same job from one po4a.cfg.  Not part of make check;
# `make bench` and `make bench-projects` run it.  bench/RESULTS.md has the
# figures and how to read them.
#
# Environment:
#   TERCUME         the tercume program (default: ./tercume)
#   BENCH_DIR       working directory (default: bench-work); this uses
#                   BENCH_DIR/projects and BENCH_DIR/corpus
#   BENCH_ARTICLES  number of articles (default 1000)
#   BENCH_PO4A=0    leave po4a out
#   BENCH_CAP       seconds before a step is stopped (default 14400: po4a's
#                   first sync of 1,000 articles took over an hour of wall
#                   time on a loaded machine)
#   BENCH_REPS      runs of each tercume step, the median is reported
#                   (default 3; po4a runs once)
#   BENCH_PARTS     what to run (default "tercume po4a callgrind")
#   BENCH_APPEND=1  keep BENCH_DIR/projects and add to its results (to run
#                   the parts at different times)
#
# The articles are the bench corpus (bench/make-corpus.sh: Austen and the
# King James Bible from Debian packages) cut into pieces of about 4,000
# bytes at paragraph boundaries, paragraphs separated by blank lines, 100
# to a directory.  Russian is kept in PO, Azerbaijani in XLIFF 2.0 (po4a:
# both PO); editions are plain text (po4a makes no HTML; the HTML build is
# measured on its own line).  Translations are pseudo-translations
# (bench/pseudo-translate.awk), made between the steps and not measured.
#
# The machine may be shared: the load average is recorded before each step,
# and CPU time (user + system) is reported beside the wall time; compare
# tools by CPU time, and -j 1 with -j 2 by wall time with the load in view.
set -u
export LC_ALL=C.UTF-8
here=$(cd "$(dirname "$0")" && pwd)
TERCUME=${TERCUME:-./tercume}
case $TERCUME in /*) ;; *) TERCUME=$(pwd)/$TERCUME ;; esac
N=${BENCH_ARTICLES:-1000}
CAP=${BENCH_CAP:-14400}
REPS=${BENCH_REPS:-3}
B=${BENCH_DIR:-$(pwd)/bench-work}
mkdir -p "$B" && B=$(cd "$B" && pwd)
W=$B/projects
OUT=$W/results.txt
PSEUDO="$here/pseudo-translate.awk"
export TERCUME_SRX_DIR="${TERCUME_SRX_DIR:-$here/../data/srx}"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 3; }
[ -x "$TERCUME" ] || { echo "bench: $TERCUME missing (make first)" >&2; exit 3; }
PO4A=${BENCH_PO4A:-1}
if [ "$PO4A" = 1 ] && ! command -v po4a >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y --no-install-recommends po4a >/dev/null 2>&1 || true
	fi
	command -v po4a >/dev/null 2>&1 || { echo "bench: po4a missing, left out"; PO4A=0; }
fi

PARTS=${BENCH_PARTS:-tercume po4a callgrind}
part() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
if [ "${BENCH_APPEND:-0}" = 1 ] && [ -s "$W/results.tsv" ] && [ -d "$W/src/articles" ]; then
	APPEND=1
else
	APPEND=0
	rm -rf "$W" && mkdir -p "$W"
fi
sh "$here/make-corpus.sh" "$B/corpus" 1 >/dev/null || exit 3

# ---- the articles ----------------------------------------------------------
if [ $APPEND = 0 ]; then
mkdir -p "$W/src/articles"
awk -v n="$N" -v dir="$W/src/articles" '
	BEGIN { k = 0; size = 0 }
	length($0) > 3000 { next }		# a paragraph longer than an article
	{
		if (size == 0) {
			k++
			if (k > n) exit
			d = sprintf("%s/%03d", dir, int((k - 1) / 100))
			if (!(d in made)) { system("mkdir -p " d); made[d] = 1 }
			f = sprintf("%s/a%05d.en.txt", d, k)
		} else
			printf "\n" > f
		print > f
		size += length($0) + 2
		if (size >= 4000) { close(f); size = 0 }
	}' "$B/corpus/prose.line.txt"
cat >"$W/src/tercume.ini" <<'EOF'
[project]
source-lang = en
languages = ru az
articles = articles/*/*.en.txt
layout = blank
[build]
formats = txt
[lang "az"]
catalogue = xliff/{name}.{lang}.xlf
EOF
{
	printf '[po4a_langs] ru az\n'
	printf '[po4a_paths] po4a/pot/$master.pot $lang:po4a/po/$master.$lang.po\n'
	printf '[options] --master-charset UTF-8 --localized-charset UTF-8 --keep 0\n'
	for f in "$W/src/articles"/*/*.en.txt; do
		rel=${f#"$W/src/"}
		m=$(basename "$f" .en.txt)
		printf '[type: text] %s $lang:po4a/out/$lang/%s.txt pot=%s\n' "$rel" "$m" "$m"
	done
} >"$W/src/po4a.cfg"
printf 'step\ttool\tjobs\twall\tcpu\tuser\tsys\trss_kb\tload1\tstatus\n' >"$W/results.tsv"
fi
n_made=$(find "$W/src/articles" -name '*.en.txt' | wc -l)
bytes=$(cat "$W/src/articles"/*/*.en.txt | wc -c)

# ---- measuring ---------------------------------------------------------------
# measure STEP TOOL JOBS DIR CMD...: one run in DIR
measure() {
	m_step=$1 m_tool=$2 m_jobs=$3 m_dir=$4; shift 4
	load=$(cut -d' ' -f1 /proc/loadavg)
	(cd "$m_dir" && timeout "$CAP" /usr/bin/time -f '%e %U %S %M' -o "$W/time" "$@" \
		>"$W/last.out" 2>"$W/last.err")
	rc=$?
	read -r wall user sys rss <"$W/time" 2>/dev/null || { wall=- user=0 sys=0 rss=0; }
	cpu=$(echo "$user $sys" | awk '{ printf "%.2f", $1 + $2 }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$m_step" "$m_tool" "$m_jobs" "$wall" \
		"$cpu" "$user" "$sys" "$rss" "$load" "$rc" >>"$W/results.tsv"
	printf '  %-28s %-7s -j %s  %7ss wall %7ss cpu  load %s%s\n' "$m_step" "$m_tool" "$m_jobs" \
		"$wall" "$cpu" "$load" "$([ "$rc" = 0 ] || echo "  (exit $rc)")"
}

# pseudo-translates every catalogue of a tercume tree
translate() {
	(cd "$1" && for po in po/*.ru.po; do
		awk -f "$PSEUDO" "$po" >"$po.t" && mv "$po.t" "$po"
	done && for x in xliff/*.az.xlf; do
		b=$(basename "$x" .az.xlf)
		"$TERCUME" convert -q "$x" -o "$x.po" && awk -f "$PSEUDO" "$x.po" >"$x.t.po" &&
			"$TERCUME" convert -q --segments "segments/$b.seg" "$x.t.po" -o "$x" && rm -f "$x.po" "$x.t.po"
	done)
}

# changes one sentence of every 20th article (5%)
change() {
	(cd "$1" && find articles -name '*.en.txt' | LC_ALL=C sort | awk 'NR % 20 == 0' |
		while read -r f; do
			awk 'NR == 1 && !done { if (sub(/ the /, " that ")) done = 1; else $0 = "So: " $0; done = 1 } { print }' \
				"$f" >"$f.t" && mv "$f.t" "$f"
		done)
}

echo "bench: $n_made articles, $bytes bytes, in $W (nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg))"

fresh() {	# fresh FROM TO
	rm -rf "$2" && cp -a "$1" "$2"
}
cmp_trees() { diff -r -q "$1" "$2" >/dev/null && echo same || echo DIFFERENT; }
[ -d "$W/src.t" ] || { fresh "$W/src" "$W/src.t" && rm -f "$W/src.t/po4a.cfg"; }
units=$(cat "$W/units" 2>/dev/null || echo 0)

# ---- tercume ---------------------------------------------------------------------
if part tercume; then
# Each step runs REPS times (from a fresh copy of the tree it starts from),
# -j 1 and -j 2 taking turns; the table has the medians.
r=0
while [ $r -lt "$REPS" ]; do
	r=$((r + 1))
	for j in 1 2; do
		fresh "$W/src.t" "$W/t$j"
		measure "sync from scratch" tercume $j "$W/t$j" "$TERCUME" sync -q -j $j
	done
done
echo "  -j 1 and -j 2 trees after sync: $(cmp_trees "$W/t1" "$W/t2")"
units=$(cat "$W/t1"/segments/*.seg | grep -c '^unit ')
echo "$units" >"$W/units"
echo "  units: $units"
translate "$W/t1"
fresh "$W/t1" "$W/t.translated"
r=0
while [ $r -lt "$REPS" ]; do
	r=$((r + 1))
	for j in 1 2; do
		fresh "$W/t.translated" "$W/t$j"
		measure "build (txt)" tercume $j "$W/t$j" "$TERCUME" build -q -j $j
	done
done
echo "  editions: $(find "$W/t1/editions" -type f | wc -l)"
fresh "$W/t1" "$W/t.built"
r=0
while [ $r -lt "$REPS" ]; do
	r=$((r + 1))
	for j in 1 2; do
		fresh "$W/t.built" "$W/t$j"
		change "$W/t$j"
		sleep 1; touch "$W/stamp"
		measure "sync after 5% changed" tercume $j "$W/t$j" "$TERCUME" sync -q -j $j
		[ $r = 1 ] && echo "  files written: $(find "$W/t$j/segments" "$W/t$j/po" "$W/t$j/xliff" -type f -newer "$W/stamp" | wc -l) (4 per changed article: $(( n_made / 20 * 4 )))"
		measure "build after 5% changed" tercume $j "$W/t$j" "$TERCUME" build -q -j $j
		[ $r = 1 ] && echo "  editions written: $(find "$W/t$j/editions" -type f -newer "$W/stamp" | wc -l) (2 per changed article)"
		measure "check" tercume $j "$W/t$j" "$TERCUME" check -q -j $j
		measure "sync, nothing changed" tercume $j "$W/t$j" "$TERCUME" sync -q -j $j
	done
done
echo "  -j 1 and -j 2 trees after the cycle: $(cmp_trees "$W/t1" "$W/t2")"
r=0
while [ $r -lt "$REPS" ]; do
	r=$((r + 1))
	for j in 1 2; do
		fresh "$W/t.translated" "$W/t$j.h"
		sed -i 's/^formats = txt$/formats = txt html/' "$W/t$j.h/tercume.ini"
		measure "build (txt + html)" tercume $j "$W/t$j.h" "$TERCUME" build -q -j $j
	done
done

fi

# ---- po4a --------------------------------------------------------------------------
if [ "$PO4A" = 1 ] && part po4a; then
	rm -rf "$W/p" && cp -a "$W/src" "$W/p" && rm -f "$W/p/tercume.ini"
	mkdir -p "$W/p/po4a/pot" "$W/p/po4a/po"
	measure "sync from scratch" po4a 1 "$W/p" po4a --no-translations po4a.cfg
	for po in "$W/p"/po4a/po/*.po; do awk -f "$PSEUDO" "$po" >"$po.t" && mv "$po.t" "$po"; done
	measure "build (txt)" po4a 1 "$W/p" po4a --no-update po4a.cfg
	change "$W/p"
	measure "sync after 5% changed" po4a 1 "$W/p" po4a --no-translations po4a.cfg
	measure "build after 5% changed" po4a 1 "$W/p" po4a --no-update po4a.cfg
	measure "check" po4a 1 "$W/p" sh -c 'for po in po4a/po/*.po; do msgfmt -c --statistics -o /dev/null "$po" 2>/dev/null || exit 1; done'
fi

# ---- what -j 2 can gain: the serial share, counted with callgrind ------------------
# libgettextpo is not reentrant, so PO reads and writes take turns (po.c's
# lock).  On a shared machine wall times say little about a speed-up; the
# share of instructions spent inside the lock (callgrind, -j 1, on the first
# 100 articles) bounds it: at most 2 / (1 + s) on 2 cores (Amdahl).
amdahl() {	# amdahl STEP DIR CMD...
	a_step=$1 a_dir=$2; shift 2
	(cd "$a_dir" && valgrind --tool=callgrind --callgrind-out-file="$W/cg.out" "$@" >/dev/null 2>&1)
	callgrind_annotate --inclusive=yes "$W/cg.out" 2>/dev/null | awk -v step="$a_step" '
		/PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
		/po\.c:po_(read|write) / { gsub(",", "", $1); po += $1 }
		END { s = total ? po / total : 0
		      printf "%s\t%.3f\t%.2f\n", step, s, 2 / (1 + s) }' >>"$W/amdahl.tsv"
}
if part callgrind && command -v valgrind >/dev/null 2>&1 && command -v callgrind_annotate >/dev/null 2>&1; then
	: >"$W/amdahl.tsv"
	fresh "$W/src.t" "$W/c"
	find "$W/c/articles" -mindepth 1 -maxdepth 1 -type d ! -name 000 -exec rm -rf {} +
	sed -i 's|^articles = articles/\*/\*.en.txt$|articles = articles/000/*.en.txt|' "$W/c/tercume.ini"
	amdahl "sync from scratch" "$W/c" "$TERCUME" sync -q
	translate "$W/c"
	amdahl "build (txt)" "$W/c" "$TERCUME" build -q
	change "$W/c"
	amdahl "sync after 5% changed" "$W/c" "$TERCUME" sync -q
	amdahl "build after 5% changed" "$W/c" "$TERCUME" build -q
	amdahl "check" "$W/c" "$TERCUME" check -q
	echo "  serial share (inside the PO lock) and the -j 2 bound, callgrind on 100 articles:"
	awk -F'\t' '{ printf "    %-26s %5.1f%%  at most %.2fx\n", $1, 100 * $2, $3 }' "$W/amdahl.tsv"
fi

# ---- the table -----------------------------------------------------------------------
awk -F'\t' -v out="$OUT" -v n="$n_made" -v units="$units" -v reps="$REPS" '
	NR == 1 { next }
	{ key = $1 "\t" $2 "\t" $3
	  nw[key]++; w[key, nw[key]] = $4; c[key, nw[key]] = $5
	  if (!($1 in seen)) { seen[$1] = 1; steps[++ns] = $1 } }
	function median(arr, key, k,   i, j, t, v) {
		for (i = 1; i <= k; i++) v[i] = arr[key, i] + 0
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
	}
	function W(key) { return key in nw ? median(w, key, nw[key]) : -1 }
	function C(key) { return key in nw ? median(c, key, nw[key]) : -1 }
	function f(v) { return v < 0 ? "-" : sprintf("%.2f", v) }
	function row(s,   a, b, p) {
		a = s "\ttercume\t1"; b = s "\ttercume\t2"; p = s "\tpo4a\t1"
		printf "%-24s %8s %8s %8s %8s %6s %9s %9s %7s\n", s, f(W(a)), f(W(b)), f(C(a)), f(C(b)), \
			(W(b) > 0 ? sprintf("%.2f", W(a) / W(b)) : "-"), f(W(p)), f(C(p)), \
			(C(p) > 0 && C(a) > 0 ? sprintf("%.1f", C(p) / C(a)) : "-") > out
	}
	END {
		printf "%d articles x 2 languages, %d units; tercume: median of %d runs\n", n, units, reps > out
		printf "%-24s %8s %8s %8s %8s %6s %9s %9s %7s\n", "step", "wall -j1", "wall -j2", \
			"cpu -j1", "cpu -j2", "j1/j2", "po4a wall", "po4a cpu", "po4a/t" > out
		for (i = 1; i <= ns; i++) row(steps[i])
		split("sync from scratch|build (txt)|sync after 5% changed|build after 5% changed|check", cyc, "|")
		for (i = 1; i <= 5; i++) { k = cyc[i]
			tw1 += W(k "\ttercume\t1"); tw2 += W(k "\ttercume\t2")
			tc1 += C(k "\ttercume\t1"); tc2 += C(k "\ttercume\t2")
			if (W(k "\tpo4a\t1") >= 0) { pw += W(k "\tpo4a\t1"); pc += C(k "\tpo4a\t1"); np++ } }
		printf "%-24s %8.2f %8.2f %8.2f %8.2f %6s %9s %9s %7s\n", "full cycle", tw1, tw2, tc1, tc2, \
			(tw2 > 0 ? sprintf("%.2f", tw1 / tw2) : "-"), np ? f(pw) : "-", np ? f(pc) : "-", \
			(tc1 > 0 && pc > 0 ? sprintf("%.1f", pc / tc1) : "-") > out
		printf "(seconds; cpu = user + system; j1/j2 = wall -j1 / wall -j2; po4a/t = po4a cpu / tercume -j1 cpu;\n" > out
		printf " full cycle = the first five steps; load averages per run in results.tsv)\n" > out
	}' "$W/results.tsv"
if [ -s "$W/amdahl.tsv" ]; then
	{
		echo
		echo "serial share of the work (inside the PO lock: libgettextpo is not reentrant) and the"
		echo "most -j 2 can gain from it on 2 cores, 2 / (1 + s); callgrind, -j 1, the first 100 articles:"
		awk -F'\t' '{ printf "  %-24s %5.1f%%  at most %.2fx\n", $1, 100 * $2, $3 }' "$W/amdahl.tsv"
	} >>"$OUT"
fi
cat "$OUT"
