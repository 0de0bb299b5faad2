#!/bin/sh
# The plain-text layout on real files nobody here wrote (doc/merge.md,
# "Layout"): Debian's common licences, the ls man page as man renders it,
# Debian READMEs.  Each is read into the units a translator expects, merges
# back byte for byte, and its pseudo-translated edition (bench/
# pseudo-translate.awk) keeps its centred, short and listed lines line for
# line, breaks no URL or e-mail address, and stays within the source's
# width.  A file that is not on this machine is skipped.
. "$top_srcdir/tests/common.sh"

LICENSES=/usr/share/common-licenses
# units NAME: the units of $T/NAME.seg, one a line.
units() { sed -n 's/^unit [^ ]* line [0-9]* "\(.*\)"$/\1/p' "$T/$1.seg"; }
# has_unit NAME TEXT: TEXT is a whole unit of NAME.
has_unit() { units "$1" | grep -qxF -- "$2"; }
# unit_starts NAME PREFIX: a unit of NAME starts with PREFIX.
unit_starts() { units "$1" | grep -qF -- "$2" && units "$1" | grep -F -- "$2" | grep -q "^$2"; }
not() { ! "$@"; }
# width FILE: the widest line, in characters.
width() { LC_ALL=C.UTF-8 awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }' "$1"; }

# prepare NAME FILE: segments FILE, merges it back, and merges a pseudo-
# translation of it into $T/NAME.ed ("[xx] " before every unit).
prepare() {
	name=$1 file=$2
	cp "$file" "$T/$name.txt"
	expect_status 0 "$name: segment" "$TERCUME" segment -o "$T/$name.seg" "$T/$name.txt"
	expect_status 0 "$name: merge without a catalogue" "$TERCUME" merge -o "$T/$name.back" "$T/$name.seg"
	check "$name: the merge is the file byte for byte" cmp -s "$T/$name.back" "$T/$name.txt"
	"$TERCUME" export -l ru -o "$T/$name.po" "$T/$name.seg" 2>/dev/null
	awk -f "$top_srcdir/bench/pseudo-translate.awk" "$T/$name.po" >"$T/$name.xx.po"
	expect_status 0 "$name: merge a pseudo-translation" \
		"$TERCUME" merge -o "$T/$name.ed" "$T/$name.seg" "$T/$name.xx.po"
	# Every URL and e-mail address of the source is whole on one line.
	grep -oE '(https?|ftp)://[^ >)"]+|[A-Za-z0-9._+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+' "$T/$name.txt" |
		sort -u >"$T/$name.urls"
	# (whole: not followed on its line by more of a URL)
	[ -s "$T/$name.urls" ] || echo "-" >"$T/$name.urls"
	broken=$(awk 'NR == FNR { url[FNR] = $0; n = FNR; next }
		{ for (i = 1; i <= n; i++) { p = index($0, url[i])
			if (p > 0 && substr($0, p + length(url[i]), 1) !~ /[^ >)"]/) ok[i] = 1 } }
		END { for (i = 1; i <= n; i++) if (!ok[i] && url[i] != "-") print url[i] }' "$T/$name.urls" "$T/$name.ed")
	check "$name: no URL or e-mail address is broken ($(grep -c -v '^-$' "$T/$name.urls") of them${broken:+; broken: $broken})" \
		test -z "$broken"
	# A re-wrapped paragraph stays within the source's width, and so
	# does a line kept line for line, without its "[xx] "s.
	sed 's/\[xx\] //g' "$T/$name.ed" >"$T/$name.bare"
	w=$(width "$T/$name.txt") we=$(width "$T/$name.bare")
	check "$name: the edition, without its '[xx] 's, is no wider than the source ($we, $w)" \
		test "$we" -le "$w"
}

# ---- Debian's common licences ----
if [ -d "$LICENSES" ] && [ -f "$LICENSES/Apache-2.0" ]; then
	for f in "$LICENSES"/*; do
		[ -f "$f" ] && [ ! -L "$f" ] && prepare "$(basename "$f")" "$f"
	done
	# Apache-2.0: the centred three-line title, each line a unit and
	# centred in the edition around the source's middle.
	check "Apache-2.0: 'Apache License' is a unit" has_unit Apache-2.0 "Apache License"
	check "Apache-2.0: 'Version 2.0, January 2004' is a unit" has_unit Apache-2.0 "Version 2.0, January 2004"
	check "Apache-2.0: the URL is a unit" has_unit Apache-2.0 "http://www.apache.org/licenses/"
	sed -n '2,4p' "$T/Apache-2.0.txt" >"$T/title.src"
	sed -n '2,4p' "$T/Apache-2.0.ed" >"$T/title.ed"
	check "Apache-2.0: the edition's title is three lines" \
		test "$(sed 's/^ *//' "$T/title.ed")" = "$(sed 's/^ */[xx] /' "$T/title.src")"
	# The middle of each line (twice: indent + end) moves by at most one.
	middles() { awk '{ match($0, /^ */); printf "%d\n", 2 * RLENGTH + (length($0) - RLENGTH) }' "$1"; }
	middles "$T/title.src" >"$T/title.src.m"
	middles "$T/title.ed" >"$T/title.ed.m"
	check "Apache-2.0: each title line keeps its middle (within one column)" \
		awk 'NR == FNR { m[FNR] = $1; next } { d = m[FNR] - $1; if (d < -1 || d > 1) bad = 1 } END { exit bad }' \
		"$T/title.src.m" "$T/title.ed.m"
	# GPL-2: the copyright notice goes line by line.
	check "GPL-2: the copyright line is a unit" \
		has_unit GPL-2 "Copyright (C) 1989, 1991 Free Software Foundation, Inc.,"
	check "GPL-2: the address is a unit" \
		has_unit GPL-2 "51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA"
	check "GPL-2: the address is a line of the edition" \
		grep -qx ' \[xx\] 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA' "$T/GPL-2.ed"
	check "GPL-3: the notice line ending in a URL is a unit" \
		has_unit GPL-3 "Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>"
	# BSD: the numbered list after "are met:", each item a unit of its own
	# with its number.
	check "BSD: the list's first item is a unit with its number" \
		unit_starts BSD "1. Redistributions of source code must retain"
	check "BSD: the list's third item is one unit, not '3.' alone" not has_unit BSD "3."
	# MPL-2.0: underlined headings; the underline follows the translation.
	check "MPL-2.0: the underlined title is a unit without its underline" \
		has_unit MPL-2.0 "Mozilla Public License Version 2.0"
	check "MPL-2.0: the underline is as wide as the translated title" \
		awk 'NR == 1 { n = length($0) } NR == 2 { exit !($0 ~ /^=+$/ && length($0) == n) }' "$T/MPL-2.0.ed"
else
	skip "common licences: $LICENSES is not there (Debian package base-files)"
fi

# ---- a man page as man renders it ----
if command -v man >/dev/null 2>&1 && MANWIDTH=80 man ls >"$T/ls.man" 2>/dev/null && [ -s "$T/ls.man" ]; then
	prepare man-ls "$T/ls.man"
	check "man ls: NAME is a unit of its own" has_unit man-ls "NAME"
	check "man ls: 'ls - list directory contents' is a unit of its own" \
		has_unit man-ls "ls - list directory contents"
	check "man ls: an option's name is a unit of its own" has_unit man-ls "-a, --all"
	check "man ls: and its description another" has_unit man-ls "do not ignore entries starting with ."
	check "man ls: 'Exit status:' is a unit of its own" has_unit man-ls "Exit status:"
	# The block and the two after it, in the source and in the edition.
	at=$(grep -n 'Exit status:' "$T/man-ls.txt" | head -n 1 | cut -d: -f1)
	ed_at=$(grep -n 'Exit status:' "$T/man-ls.ed" | head -n 1 | cut -d: -f1)
	sed -n "${at:-1},$((${at:-1} + 5))p" "$T/man-ls.txt" | sed 's/^\( *\)\([^ ]\)/\1[xx] \2/' >"$T/exit.want"
	sed -n "${ed_at:-1},$((${ed_at:-1} + 5))p" "$T/man-ls.ed" >"$T/exit.got"
	check "man ls: the 'Exit status:' block is kept line for line" \
		sh -c "test -n '$at' && test -n '$ed_at' && cmp -s '$T/exit.want' '$T/exit.got'"
else
	skip "man page: man ls does not render here (Debian packages man-db, groff-base, coreutils' manual)"
fi

# ---- Debian READMEs ----
for f in /usr/share/doc/base-files/README /usr/share/doc/base-passwd/README \
	 /usr/share/doc/gettext/README /usr/share/doc/autoconf/README; do
	if [ -f "$f" ]; then
		prepare "readme-$(basename "$(dirname "$f")")" "$f"
	else
		skip "$f is not installed"
	fi
done
if [ -f "$T/readme-gettext.seg" ]; then
	check "gettext README: 'Report bugs' is a unit of its own" has_unit readme-gettext "Report bugs"
	check "gettext README: a list item is a unit, without its bullet" \
		has_unit readme-gettext "or by email to <bug-gettext@gnu.org>."
	check "gettext README: the table of files is a row a line" \
		has_unit readme-gettext "DEPENDENCIES - list of prerequisite packages, to be installed before this one"
	check "gettext README: the table stays a row a line in the edition" \
		test "$(grep -c '^\[xx\] [A-Z]* *- ' "$T/readme-gettext.ed")" -ge 5
fi
if [ -f "$T/readme-base-files.seg" ]; then
	check "base-files README: the underlined title is a unit without its underline" \
		has_unit readme-base-files "Frequently Asked Questions about base-files"
fi
finish
