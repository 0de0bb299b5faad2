#!/bin/sh
# HTML and Markdown side by side: tercume, po4a (po4a-updatepo -f xhtml; -f text -o
# markdown) and Translate Toolkit (html2po; it has no Markdown converter in
# Debian bookworm) on the same files from /usr/share/doc — every K-th of the
# HTML and Markdown files tests/markup-corpus.sh reads, N of each (default
# 50).  For each tool: files read (exit 0 and a catalogue), units (msgids),
# units with raw markup (a tag of a common element, a character reference,
# Markdown's ](, ** or a `code` pair left in the text: the heuristic of
# tests/markup-check.c, the same for every tool, on the msgid; tercume's
# inline codes are <1>…</1>, which it does not count) and CPU seconds.
# Usage: bench/markup-bench.sh TERCUME [N]   Prints a Markdown table.
set -u
TERCUME=${1:?usage: markup-bench.sh TERCUME [N]}
N=${2:-50}
T=$(mktemp -d "${TMPDIR:-/tmp}/markup-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

sample() {
	find /usr/share/doc -type f \( "$@" \) | LC_ALL=C sort >"$T/all"
	total=$(wc -l <"$T/all")
	step=$((total / N)); [ "$step" -lt 1 ] && step=1
	awk -v s="$step" -v n="$N" 'NR % s == 0 && c < n { print; c++ }' "$T/all"
}
sample -name '*.html' -o -name '*.htm' >"$T/html"
sample -name '*.md' -o -name '*.markdown' >"$T/md"

# raw PO...: "units raw" over the msgids of the PO files
raw() {
	python3 - "$@" <<'EOF'
import re, sys
tags = "a b i em strong code span br img p div tt li ul ol sup sub kbd var pre td tr h1 h2 h3 small u font".split()
tag = re.compile(r"</?(%s)[ >/]" % "|".join(tags), re.I)
ref = re.compile(r"&(#|[a-z])[#a-z0-9]+;")
def ids(path):
    cur, state = None, None
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("msgid "):
            cur, state = [line[6:]], "id"
        elif line.startswith('"') and state == "id":
            cur.append(line)
        else:
            if state == "id":
                yield "".join(s[1:-1] for s in cur).encode().decode("unicode_escape", "replace")
            state = None
    if state == "id":
        yield "".join(s[1:-1] for s in cur)
units = rawn = 0
for p in sys.argv[1:]:
    for m in ids(p):
        if m == "":
            continue
        units += 1
        if tag.search(m) or ref.search(m) or "](" in m or "**" in m or re.search(r"`[^`]*`", m):
            rawn += 1
print(units, rawn)
EOF
}

# run TOOL KIND: KIND is html or md; one catalogue per file in $T/TOOL-KIND/
run() {
	tool=$1 kind=$2 out=$T/$1-$2 ok=0 n=0
	mkdir -p "$out"
	start=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
	while read -r f; do
		n=$((n + 1))
		po=$out/$n.po
		case $tool in
		tercume)
			"$TERCUME" segment -q -o "$out/$n.seg" "$f" 2>/dev/null &&
				"$TERCUME" export -q -o "$po" "$out/$n.seg" 2>/dev/null ;;
		po4a)
			if [ "$kind" = html ]; then
				po4a-updatepo -f xhtml -M UTF-8 -m "$f" -p "$po" >/dev/null 2>&1
			else
				po4a-updatepo -f text -o markdown -M UTF-8 -m "$f" -p "$po" >/dev/null 2>&1
			fi ;;
		html2po)
			html2po -i "$f" -o "$po" >/dev/null 2>&1 ;;
		esac && [ -s "$po" ] && ok=$((ok + 1)) || rm -f "$po"
	done <"$T/$kind"
	end=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
	tick=$(getconf CLK_TCK)
	set -- $(raw "$out"/*.po 2>/dev/null || echo 0 0)
	echo "| $tool | $kind | $ok / $n | $1 | $2 | $(awk -v a="$start" -v b="$end" -v t="$tick" 'BEGIN { printf "%.1f", (b - a) / t }') |"
}

echo "| tool | files | read | units | units with raw markup | CPU s |"
echo "|---|---|---|---|---|---|"
for kind in html md; do
	run tercume $kind
	run po4a $kind
	[ $kind = html ] && run html2po $kind
done
