#!/bin/sh
# The manual pages (man/, made by man/mkman.sh with help2man): one per
# command and tercume(1); each renders; tercume(1) lists every command and
# each command's page every option its --help lists; the shipped pages say
# what the program's help says now.
. "$top_srcdir/tests/common.sh"

man="$top_srcdir/man"
commands=$("$TERCUME" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
check "tercume --help lists commands" test -n "$commands"
sed -n '/^MAN_PAGES =/,/[^\\]$/p' "$top_srcdir/Makefile.am" | grep -o 'man/[a-z-]*\.1' | sort >"$T/listed"
{ echo man/tercume.1; for c in $commands; do echo "man/tercume-$c.1"; done; } | sort >"$T/wanted"
check "Makefile.am's MAN_PAGES has a page per command, and tercume.1$(comm -13 "$T/listed" "$T/wanted" | tr '\n' ' ' | sed 's/^./ (add: &/; s/ $/)/')" \
	cmp -s "$T/listed" "$T/wanted"

# render PAGE OUT: the page as text, by man -l or else groff.
if man -l "$man/tercume.1" >/dev/null 2>&1; then
	render() { MANWIDTH=80 man -l "$1" 2>/dev/null | col -bx >"$2" 2>/dev/null || MANWIDTH=80 man -l "$1" >"$2"; }
elif command -v groff >/dev/null 2>&1; then
	render() { groff -man -Tascii -P-cbou "$1" >"$2" 2>/dev/null; }
else
	echo "SKIP: neither man nor groff can render the pages (Debian packages man-db, groff-base)"
	exit 77
fi

for p in $(cat "$T/wanted"); do
	name=$(basename "$p" .1)
	check "$name(1) is there" test -s "$top_srcdir/$p"
	render "$top_srcdir/$p" "$T/$name.txt"
	check "$name(1) renders" grep -q '^NAME' "$T/$name.txt"
	check "$name(1): NAME is $name" sh -c "grep -A1 '^NAME' '$T/$name.txt' | grep -q '^ *$name  *-  *[a-z]'"
done
render "$man/tercume.1" "$T/tercume.txt"
missing=""
for c in $commands; do
	awk '/^   Commands:/ { on = 1; next } on && /^[A-Z]/ { exit } on { print }' "$T/tercume.txt" |
		grep -q "^       $c\( \|$\)" || missing="$missing $c"
done
check "tercume(1) lists every command${missing:+ (not:$missing)}" test -z "$missing"
for c in $commands; do
	# (man hyphenates: compared with spaces, line ends and hyphens removed)
	check "tercume(1)'s SEE ALSO names tercume-$c(1)" \
		sh -c "sed -n '/^SEE ALSO/,\$p' '$T/tercume.txt' | tr -d ' \n‐-' | grep -q 'tercume$c(1)'"
	"$TERCUME" "$c" --help | awk '/^Options:/ { on = 1; next } on && /^$/ { exit }
		on && /^ *-/ { sub(/^ *(-[A-Za-z], )?/, ""); sub(/[ [=].*/, ""); print }' >"$T/opts"
	missing=""
	for o in $(cat "$T/opts"); do
		grep -q -- "^       \(-[A-Za-z], \)\?$o\( \|\[\|$\)" "$T/tercume-$c.txt" || missing="$missing $o"
	done
	check "tercume-$c(1) has each of its $(wc -l <"$T/opts") options${missing:+ (not:$missing)}" test -z "$missing"
done

# The shipped pages are current: made again from this program, they are
# the same but for the date.
if command -v help2man >/dev/null 2>&1; then
	mkdir "$T/new"
	check "man/mkman.sh runs" sh "$man/mkman.sh" help2man "$TERCUME" "$T/new" $(cat "$T/wanted")
	stale=""
	for p in $(cat "$T/wanted"); do
		n=$(basename "$p")
		# the date aside, and the installed manual's folder, which the
		# help names as configured (distcheck's prefix is not the tarball's)
		sed -e '/^\.TH /d' -e 's#\\fI\\,[^ ]*/doc/tercume/#\\fI\\,DOCDIR/#' "$T/new/$n" >"$T/a"
		sed -e '/^\.TH /d' -e 's#\\fI\\,[^ ]*/doc/tercume/#\\fI\\,DOCDIR/#' "$top_srcdir/$p" >"$T/b"
		cmp -s "$T/a" "$T/b" || stale="$stale $n"
	done
	check "the pages say what the help says now${stale:+ (stale:$stale; run make)}" test -z "$stale"
else
	skip "the pages are current: no help2man (Debian package help2man)"
fi
finish
