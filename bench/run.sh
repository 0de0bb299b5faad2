#!/bin/sh
# run.sh — side-by-side benchmark of tercume and its peers (`make bench`).
# Not part of `make check`.  See bench/RESULTS.md for what it measures.
#
# Environment:
#   TERCUME       the tercume program (default: ./tercume)
#   ICU_FLOOR     the bench/icu-floor program (default: built here with cc)
#   BENCH_SIZES   article sizes in MB (default "1 10"; "1 10 100" for all)
#   BENCH_PEERS_MAX  the largest size the peers run at (default 10: at
#                 100 MB only tercume and the floor are measured)
#   BENCH_REPS    runs per step, the median is reported (default 3; a step
#                 whose first run takes over 60 s runs once)
#   BENCH_CAP     seconds before a peer is stopped (default 300)
#   BENCH_DIR     working directory: corpus, outputs (default bench-work)
#   BENCH_OUT     the table is written here too (default BENCH_DIR/results.txt)
#   BENCH_NO_INSTALL=1   do not apt-get install the peers when run as root
#   BENCH_PEERS=0 measure tercume and the floor only; with
#   BENCH_PEERS_TSV=FILE the peers' rows of an earlier run's results.tsv
#                 (same sizes, same machine) join the table
#   BENCH_ONLY    the steps to measure, by the names of the table (e.g.
#                 "segment segment-norules"); the floor is always measured,
#                 the peers only when one of theirs is named.  Default: all
#   TERCUME_SRX_DIR  the built-in SRX rules (default: data/srx of this
#                 source tree, for an uninstalled build)
#
# Every path is found from the current directory and this script's, so a
# copy of a built tree benchmarks itself.
set -u
export LC_ALL=C.UTF-8
here=$(cd "$(dirname "$0")" && pwd)
TERCUME=${TERCUME:-./tercume}
case $TERCUME in /*) ;; *) TERCUME=$(pwd)/$TERCUME ;; esac
case ${ICU_FLOOR:-} in ''|/*) ;; *) ICU_FLOOR=$(pwd)/$ICU_FLOOR ;; esac
# An uninstalled tercume finds its built-in rules only through this.
if [ -z "${TERCUME_SRX_DIR:-}" ] && [ -d "$here/../data/srx" ]; then
	TERCUME_SRX_DIR=$(cd "$here/../data/srx" && pwd)
fi
export TERCUME_SRX_DIR
NO_RULES="$here/../tests/data/srx/none.srx"
ONLY=${BENCH_ONLY:-}
# want STEP...: one of the steps is to be measured.
want() {
	[ -z "$ONLY" ] && return 0
	for w in "$@"; do
		case " $ONLY " in *" $w "*) return 0 ;; esac
	done
	return 1
}
SIZES=${BENCH_SIZES:-"1 10"}
REPS=${BENCH_REPS:-3}
CAP=${BENCH_CAP:-300}
W=${BENCH_DIR:-$(pwd)/bench-work}
mkdir -p "$W" && W=$(cd "$W" && pwd)
OUT=${BENCH_OUT:-$W/results.txt}
TSV=$W/results.tsv
PSEUDO="$here/pseudo-translate.awk"

# ---- peers: installed when we may -------------------------------------
if [ "$(id -u)" = 0 ] && [ "${BENCH_NO_INSTALL:-}" != 1 ]; then
	need= pkgs="time r-cran-janeaustenr bible-kjv"
	want txt2po posegment po2txt pocount po2xliff msgfmt-stats msgcat msgmerge updatepo translate gettextize &&
		pkgs="translate-toolkit po4a gettext $pkgs"
	for p in $pkgs; do
		dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
	done
	if [ -n "$need" ]; then
		echo "bench: installing$need"
		apt-get install -y --no-install-recommends $need >"$W/apt.log" 2>&1 ||
			{ apt-get update >>"$W/apt.log" 2>&1 &&
			  apt-get install -y --no-install-recommends $need >>"$W/apt.log" 2>&1; } ||
			echo "bench: apt-get install failed (see $W/apt.log); going on with what is there"
	fi
fi
[ -x "$TERCUME" ] || { echo "bench: $TERCUME missing (make first)" >&2; exit 3; }
# An uninstalled build's ./tercume is libtool's wrapper script: a shell and
# a sed run before the program at every step, about 10 ms of CPU (a sixth
# of the ICU floor at 10 MB) that an installed tercume does not spend.  The
# program itself is measured, with its library from the build.
t_dir=$(dirname "$TERCUME")
if grep -q 'libtool wrapper' "$TERCUME" 2>/dev/null && [ -x "$t_dir/.libs/tercume" ]; then
	LD_LIBRARY_PATH=$t_dir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
	TERCUME=$t_dir/.libs/tercume
fi
have() { command -v "$1" >/dev/null 2>&1; }

# Every step runs under rusage (rusage.c): GNU time's CPU seconds have two
# decimals, too coarse beside the floor's 0.06 s.
case ${RUSAGE:-} in ''|/*) ;; *) RUSAGE=$(pwd)/$RUSAGE ;; esac
if [ -z "${RUSAGE:-}" ]; then
	RUSAGE=$W/rusage
	cc -O2 -o "$RUSAGE" "$here/rusage.c" || { echo "bench: cannot build rusage" >&2; exit 3; }
fi
if [ -z "${ICU_FLOOR:-}" ]; then
	ICU_FLOOR=$W/icu-floor
	cc -O2 -o "$ICU_FLOOR" "$here/icu-floor.c" $(pkg-config --cflags --libs icu-uc) ||
		{ echo "bench: cannot build icu-floor" >&2; exit 3; }
fi

# ---- the corpus ----------------------------------------------------------
sh "$here/make-corpus.sh" "$W/corpus" $SIZES || exit 3

# A second version of each article for `update`: one paragraph in ten
# changed by a word, the same hard wrapping rules.
make_v2() {
	[ -s "$W/corpus/article-$1.v2.blank.txt" ] && return 0
	awk 'NR % 10 == 0 { sub(/ the /, " that ") } { print }' \
		"$W/corpus/article-$1.line.txt" >"$W/corpus/article-$1.v2.line.txt"
	awk 'NR > 1 { print "" } { print }' "$W/corpus/article-$1.v2.line.txt" |
		LC_ALL=C fmt -w 72 >"$W/corpus/article-$1.v2.blank.txt"
}

# ---- measuring -----------------------------------------------------------
# measure SIZE LAYOUT TOOL STEP BYTES UNITS CMD...: runs CMD REPS times
# (once if it takes over 60 s), each under `timeout CAP`, and appends
# "size layout tool step wall rss bytes cpu units" to the TSV.  wall is the
# median in seconds, ">CAP" when stopped, "fail:N" on exit status N; rss is
# the median peak RSS in KB; cpu the median user + system seconds.  Output goes to $W/last.out and $W/last.err.
measure() {
	m_size=$1 m_layout=$2 m_tool=$3 m_step=$4 m_bytes=$5 m_units=$6; shift 6
	[ "$m_tool" = floor ] || want "$m_step" || return 1
	: >"$W/times"
	m_status=ok i=0
	while [ $i -lt "$REPS" ]; do
		i=$((i + 1))
		"$RUSAGE" "$W/time.1" timeout "$CAP" "$@" >"$W/last.out" 2>"$W/last.err"
		rc=$?
		if [ $rc = 124 ]; then m_status=">$CAP"; break; fi
		if [ $rc != 0 ] && ! { [ "$m_step" = check ] && [ $rc = 1 ]; }; then
			m_status="fail:$rc"; break
		fi
		tail -n 1 "$W/time.1" >>"$W/times"
		t=$(tail -n 1 "$W/time.1" | cut -d' ' -f1)
		if awk -v t="$t" 'BEGIN { exit !(t > 60) }'; then break; fi
	done
	if [ $m_status = ok ]; then
		wall=$(sort -n -k1,1 "$W/times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
		rss=$(sort -n -k2,2 "$W/times" | awk '{ a[NR] = $2 } END { print a[int((NR + 1) / 2)] }')
		cpu=$(awk '{ print $3 + $4 }' "$W/times" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	else
		wall=$m_status
		rss=- cpu=-
	fi
	# The units come last: a caller may fill them in afterwards.
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$m_size" "$m_layout" "$m_tool" "$m_step" \
		"$wall" "$rss" "$m_bytes" "$cpu" "$m_units" >>"$TSV"
	printf '  %-10s %-26s %-6s %8s s %8s KB\n' "$m_tool" "$m_step" "$m_layout" "$wall" "$rss"
	[ $m_status = ok ]
}
# na SIZE LAYOUT TOOL STEP WHY: a step that cannot run.
na() {
	printf '%s\t%s\t%s\t%s\tn/a\t-\t-\t-\t-\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$TSV"
	printf '  %-10s %-26s %-6s n/a (%s)\n' "$3" "$4" "$2" "$5"
}
bytes() { wc -c <"$1" | tr -d ' '; }
seg_units() { grep -c '^unit ' "$1"; }
po_units() { grep -c '^msgid ' "$1" | awk '{ print $1 - 1 }'; }

# probe NAME CMD...: runs CMD once (as a warm-up); succeeds when it exits 0
# (or 1 for check: a failed gate is still a check).
probe() {
	p_step=$1; shift
	"$@" >"$W/probe.out" 2>"$W/probe.err"; rc=$?
	[ $rc = 0 ] || { [ "$p_step" = check ] && [ $rc = 1 ]; }
}
# try_forms STEP FORM...: the first form (a command line, words split on
# spaces, no word with a space) that works; its words are left in $form.
# A merge must have used the catalogue.
try_forms() {
	t_step=$1; shift
	for f in "$@"; do
		# shellcheck disable=SC2086
		if probe "$t_step" $f; then
			case $t_step in
			merge) grep -q '\[xx\]' "$W/t/merged.txt" 2>/dev/null || continue ;;
			esac
			form=$f
			return 0
		fi
	done
	return 1
}

NA="not available in this build"
: >"$TSV"
: >"$W/catalogues"
echo "bench: tercume $("$TERCUME" --version | head -n 1 | cut -d' ' -f2) ($TERCUME), sizes: $SIZES MB, $REPS runs, cap $CAP s"
# Are the built-in SRX rules in use?  ICU alone splits after "U.S.".
printf 'I work for the U.S. Government in Virginia. It is nice.\n' >"$W/rules.txt"
if [ "$("$TERCUME" segment "$W/rules.txt" 2>/dev/null | wc -l)" = 2 ]; then
	RULES="built-in SRX rules (en)"
else
	RULES="NO SRX RULES (ICU's breaks alone: TERCUME_SRX_DIR=$TERCUME_SRX_DIR)"
	echo "bench: WARNING: segment runs without the built-in SRX rules" >&2
fi
LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
echo "bench: segment with $RULES; load average $LOAD"
for size in $SIZES; do
	make_v2 "$size"
	C=$W/corpus
	blank=$C/article-$size.blank.txt
	line=$C/article-$size.line.txt
	nb=$(bytes "$blank"); nl=$(bytes "$line")
	rm -rf "$W/t" "$W/p" && mkdir -p "$W/t" "$W/p"
	T=$W/t P=$W/p
	echo "== $size MB ($nb bytes blank layout, $nl bytes line layout)"

	# -- the floor
	measure "$size" blank floor read "$nb" - "$ICU_FLOOR" read "$blank"
	measure "$size" line floor icu-sentences "$nl" - "$ICU_FLOOR" icu "$line" &&
		sed -i "\$s/-\$/$(cut -d' ' -f1 "$W/last.out")/" "$TSV"
	measure "$size" blank floor icu-sentences "$nb" - "$ICU_FLOOR" icu "$blank" &&
		sed -i "\$s/-\$/$(cut -d' ' -f1 "$W/last.out")/" "$TSV"

	# -- tercume
	"$TERCUME" segment --layout line -o "$T/line.seg" "$line" &&
		measure "$size" line tercume segment "$nl" "$(seg_units "$T/line.seg")" \
			"$TERCUME" segment --layout line -o "$T/line.seg" "$line"
	"$TERCUME" segment --layout blank -o "$T/a.seg" "$blank" || { echo "bench: tercume segment failed" >&2; exit 1; }
	units=$(seg_units "$T/a.seg")
	measure "$size" blank tercume segment "$nb" "$units" "$TERCUME" segment --layout blank -o "$T/a.seg" "$blank"
	# the same without rules: ICU's breaks alone (what the rules cost)
	if want segment-norules && [ -f "$NO_RULES" ]; then
		"$TERCUME" segment --layout blank --srx "$NO_RULES" -o "$T/n.seg" "$blank" 2>/dev/null &&
			measure "$size" blank tercume segment-norules "$nb" "$(seg_units "$T/n.seg")" \
				"$TERCUME" segment --layout blank --srx "$NO_RULES" -o "$T/n.seg" "$blank"
	fi
	if measure "$size" blank tercume merge-source "$nb" "$units" "$TERCUME" merge -o "$T/source.txt" "$T/a.seg"; then
		cmp -s "$T/source.txt" "$blank" || echo "bench: WARNING: merge did not give the article back"
	fi
	# The rest needs the catalogues: skipped when none of its steps is wanted.
	want export-po export-xliff12 export-xliff20 merge merge-xliff20 check update convert-xliff12 \
		convert-po txt2po posegment po2txt pocount po2xliff msgfmt-stats msgcat msgmerge \
		msgmerge-exact updatepo translate gettextize ||
		continue
	for fmt in po xliff12 xliff20; do
		ext=po; [ $fmt = po ] || ext=$fmt.xlf
		if probe export "$TERCUME" export -l xx --to $fmt -o "$T/a.$ext" "$T/a.seg"; then
			measure "$size" blank tercume "export-$fmt" "$nb" "$units" \
				"$TERCUME" export -l xx --to $fmt -o "$T/a.$ext" "$T/a.seg"
		else
			na "$size" blank tercume "export-$fmt" "$NA"
		fi
	done
	# The translated catalogue for merge, check and update: the PO
	# export pseudo-translated, or, in a build without PO, the XLIFF 1.2
	# export with a <target> after each <source>.
	have_po=0 have_cat=0 CAT=
	if [ -s "$T/a.po" ]; then
		awk -f "$PSEUDO" "$T/a.po" >"$T/t.po" && have_po=1 have_cat=1 CAT=$T/t.po
	elif [ -s "$T/a.xliff12.xlf" ]; then
		sed -E 's|^( *)<source>(.*)</source>$|&\n\1<target state="translated">[xx] \2</target>|' \
			"$T/a.xliff12.xlf" >"$T/t.xlf" && have_cat=1 CAT=$T/t.xlf
	fi
	[ -n "$CAT" ] && echo "$size" "${CAT##*.}" >>"$W/catalogues"
	if [ $have_cat = 1 ] && try_forms merge \
		"$TERCUME merge -o $T/merged.txt $T/a.seg $CAT" \
		"$TERCUME merge -c $CAT -o $T/merged.txt $T/a.seg" \
		"$TERCUME merge --catalog $CAT -o $T/merged.txt $T/a.seg"; then
		# shellcheck disable=SC2086
		measure "$size" blank tercume merge "$nb" "$units" $form
	else
		na "$size" blank tercume merge "$NA"
	fi
	# The same translations from XLIFF 2.0 (converted, not timed): PO is
	# to be within 1.5x of it (issue 15).  The edition must be the same.
	if [ $have_po = 1 ] && "$TERCUME" convert -q --to xliff20 -o "$T/t20.xlf" "$T/t.po" &&
		probe merge "$TERCUME" merge -o "$T/merged20.txt" "$T/a.seg" "$T/t20.xlf"; then
		measure "$size" blank tercume merge-xliff20 "$nb" "$units" \
			"$TERCUME" merge -o "$T/merged20.txt" "$T/a.seg" "$T/t20.xlf"
		cmp -s "$T/merged20.txt" "$T/merged.txt" ||
			echo "bench: WARNING: merge from XLIFF 2.0 and from PO gave different editions"
	else
		na "$size" blank tercume merge-xliff20 "$NA"
	fi
	if [ $have_cat = 1 ] && try_forms check \
		"$TERCUME check $CAT" \
		"$TERCUME check $T/a.seg $CAT"; then
		# shellcheck disable=SC2086
		measure "$size" blank tercume check "$nb" "$units" $form
	else
		na "$size" blank tercume check "$NA"
	fi
	# update rewrites its segments file and catalogue in place: each run
	# starts from fresh copies (the copying is timed too, a few ms).  The
	# new version is another file (article-N.v2), which update refuses as
	# another article without --force.
	cat >"$W/update-run.sh" <<-'EOF'
	#!/bin/sh
	# update-run.sh TERCUME SEGMENTS CATALOGUE NEW-ARTICLE DIR
	cp "$2" "$5/u.seg" && cp "$3" "$5/u.${3##*.}" &&
		exec "$1" update --force -s "$5/u.seg" "$4" "$5/u.${3##*.}" >/dev/null
	EOF
	v2=$C/article-$size.v2.blank.txt
	if [ $have_cat = 1 ] && probe update sh "$W/update-run.sh" "$TERCUME" "$T/a.seg" "$CAT" "$v2" "$T"; then
		measure "$size" blank tercume update "$nb" "$units" sh "$W/update-run.sh" "$TERCUME" "$T/a.seg" "$CAT" "$v2" "$T"
	else
		na "$size" blank tercume update "$NA"
	fi
	if [ $have_po = 1 ] && probe convert "$TERCUME" convert --to xliff12 -o "$T/t.xlf" "$T/t.po"; then
		measure "$size" blank tercume convert-xliff12 "$nb" "$units" \
			"$TERCUME" convert --to xliff12 -o "$T/t.xlf" "$T/t.po"
	else
		na "$size" blank tercume convert-xliff12 "$NA"
	fi
	if [ $have_po = 1 ] && probe convert "$TERCUME" convert --to po -o "$T/t2.po" "$T/t.po"; then
		measure "$size" blank tercume convert-po "$nb" "$units" \
			"$TERCUME" convert --to po -o "$T/t2.po" "$T/t.po"
	else
		na "$size" blank tercume convert-po "$NA"
	fi

	[ "${BENCH_PEERS:-1}" = 0 ] && continue
	# The peers take minutes at 10 MB (po2txt and po4a-gettextize reach
	# the cap): larger sizes are tercume's only.
	[ "$size" -le "${BENCH_PEERS_MAX:-10}" ] || continue
	want txt2po posegment po2txt pocount po2xliff msgfmt-stats msgcat msgmerge msgmerge-exact \
		updatepo translate gettextize ||
		continue
	# -- Translate Toolkit: paragraphs, then sentences
	v2=$C/article-$size.v2.blank.txt
	if have txt2po && have posegment; then
		measure "$size" blank ttk txt2po "$nb" - txt2po --progress=none -i "$blank" -o "$P/a.po" &&
			sed -i "\$s/-\$/$(po_units "$P/a.po")/" "$TSV"
		measure "$size" blank ttk posegment "$nb" - posegment --progress=none -i "$P/a.po" -o "$P/seg.po" &&
			sed -i "\$s/-\$/$(po_units "$P/seg.po")/" "$TSV"
	else
		na "$size" blank ttk txt2po "translate-toolkit not installed"
	fi
	# posegment writes one entry per occurrence: identical sentences
	# become duplicate messages, which gettext rejects.  The peers below
	# get the catalogue with duplicates merged (msguniq, not timed).
	have_ppo=0
	if [ -s "$P/seg.po" ] && have msguniq; then
		msguniq --use-first -o "$P/uniq.po" "$P/seg.po" 2>/dev/null &&
			awk -f "$PSEUDO" "$P/uniq.po" >"$P/t.po" && have_ppo=1
	fi
	punits=-; [ $have_ppo = 1 ] && punits=$(po_units "$P/t.po")
	if [ $have_ppo = 1 ] && have po2txt; then
		measure "$size" blank ttk po2txt "$nb" "$punits" po2txt --progress=none -i "$P/t.po" -t "$blank" -o "$P/out.txt"
		measure "$size" blank ttk pocount "$nb" "$punits" pocount "$P/t.po"
		measure "$size" blank ttk po2xliff "$nb" "$punits" po2xliff --progress=none -i "$P/t.po" -o "$P/t.xlf"
	else
		na "$size" blank ttk po2txt "no catalogue from txt2po+posegment"
	fi
	# -- gettext
	if [ $have_ppo = 1 ] && have msgfmt; then
		measure "$size" blank gettext msgfmt-stats "$nb" "$punits" msgfmt --statistics -o /dev/null "$P/t.po"
		measure "$size" blank gettext msgcat "$nb" "$punits" msgcat -o "$P/cat.po" "$P/t.po"
		if txt2po --progress=none -i "$v2" -o "$P/v2p.po" && posegment --progress=none -i "$P/v2p.po" -o "$P/v2s.po" &&
			msguniq --use-first -o "$P/v2.pot" "$P/v2s.po" 2>/dev/null; then
			measure "$size" blank gettext msgmerge "$nb" "$punits" msgmerge -q -o "$P/merged.po" "$P/t.po" "$P/v2.pot"
			# exact matches only: update is to be no slower (issue 15)
			measure "$size" blank gettext msgmerge-exact "$nb" "$punits" \
				msgmerge -q -N -o "$P/merged-n.po" "$P/t.po" "$P/v2.pot"
		else
			na "$size" blank gettext msgmerge "no new template"
		fi
	else
		na "$size" blank gettext msgfmt-stats "gettext or the peer catalogue missing"
	fi
	# -- po4a: the text module (paragraphs, no sentences).  po4a-updatepo
	# extracts the catalogue, po4a-translate writes the edition, and
	# po4a-gettextize pairs the article with that edition to rebuild a
	# translated catalogue (its job: taking over existing translations).
	if have po4a-updatepo; then
		rm -f "$P/po4a.pot"
		if measure "$size" blank po4a updatepo "$nb" - po4a-updatepo -f text -M UTF-8 -m "$blank" -p "$P/po4a.pot"; then
			sed -i "\$s/-\$/$(po_units "$P/po4a.pot")/" "$TSV"
			awk -f "$PSEUDO" "$P/po4a.pot" >"$P/po4a.po"
			pu=$(po_units "$P/po4a.po")
			measure "$size" blank po4a translate "$nb" "$pu" \
				po4a-translate -f text -M UTF-8 -m "$blank" -p "$P/po4a.po" -l "$P/po4a.txt" -k 0
			if [ -s "$P/po4a.txt" ]; then
				measure "$size" blank po4a gettextize "$nb" "$pu" \
					po4a-gettextize -f text -M UTF-8 -L UTF-8 -m "$blank" -l "$P/po4a.txt" -p "$P/po4a-gt.po"
			else
				na "$size" blank po4a gettextize "needs po4a-translate's edition"
			fi
		else
			na "$size" blank po4a translate "needs po4a-updatepo's catalogue"
		fi
	else
		na "$size" blank po4a updatepo "po4a not installed"
	fi
done

# ---- the table -----------------------------------------------------------
if [ "${BENCH_PEERS:-1}" = 0 ] && [ -n "${BENCH_PEERS_TSV:-}" ]; then
	awk -F '\t' -v sizes=" $SIZES " '$3 != "tercume" && $3 != "floor" && index(sizes, " " $1 " ")' \
		"$BENCH_PEERS_TSV" >>"$TSV"
	echo "bench: peers' figures from $BENCH_PEERS_TSV"
fi
{
	echo "tercume benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -m)"
	echo "medians of $REPS runs (1 run when over 60 s); peers capped at $CAP s; RSS = peak resident set"
	echo "ratio = peer wall time / tercume's for the same job, cpu ratio the same on user + system time (higher: tercume faster)"
	echo "tercume's translated catalogue (merge, check, update): $(awk '{ printf "%s%s MB: %s", (NR > 1 ? ", " : ""), $1, $2 }' "$W/catalogues")"
	echo "segment: $RULES; load average at the start $LOAD"
	echo
	awk -F '\t' -f "$here/table.awk" "$TSV"
} >"$OUT"
echo
cat "$OUT"
echo
echo "bench: table written to $OUT"
