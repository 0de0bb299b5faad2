#!/bin/sh
# One command line (doc/cli.md): every command's --help lists exactly the
# options its parser takes, doc/cli.md's table says the same, usage errors
# are one line and the Try line, and the exit-code classes hold in every
# command.  Both sides are read from the binary.
. "$top_srcdir/tests/common.sh"

commands=$("$TERCUME" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
check "tercume --help lists the eleven commands" test "$(echo $commands)" = "build check convert export init merge segment status sync tm update"

# The options a command's --help lists: "LONG LETTER ARG" per line, - for none.
help_options() {
	"$TERCUME" "$1" --help | awk '
		/^Options:/ { on = 1; next }
		on && /^$/ { exit }
		on && /^(  -[A-Za-z], |      )--[a-z]/ {
			letter = "-"
			if (substr($0, 3, 1) == "-") letter = substr($0, 4, 1)
			s = $0; sub(/^ *(-[A-Za-z], )?--/, "", s)
			name = s; sub(/[ [=].*/, "", name)
			arg = "-"
			if (s ~ /^[a-z-]+\[=/) arg = "opt"
			else if (s ~ /^[a-z-]+ [A-Z]/) arg = "req"
			print name, letter, arg
		}'
}

for c in $commands; do
	help_options "$c" >"$T/opts.$c"
	cut -d' ' -f1 "$T/opts.$c" >>"$T/all-names"
done
sort -u "$T/all-names" >"$T/names"
check "the helps list options" test "$(wc -l <"$T/names")" -ge 20

# An option is accepted when the parser says nothing about it: the run may
# still fail later (missing operands, a bad value), never with "no option".
not_refused() { ! grep -Eq "has no option|takes no argument|needs an argument|ambiguous" "$T/err"; }
for c in $commands; do
	bad=""
	while read -r name letter arg; do
		[ "$name" = help ] && continue
		case $arg in
		req) set -- "--$name=x" ;;
		*) set -- "--$name" ;;
		esac
		"$TERCUME" "$c" "$@" >/dev/null 2>"$T/err" </dev/null
		not_refused || bad="$bad --$name"
		if [ "$letter" != - ]; then
			if [ "$arg" = req ]; then set -- "-$letter" x; else set -- "-$letter"; fi
			"$TERCUME" "$c" "$@" >/dev/null 2>"$T/err" </dev/null
			not_refused || bad="$bad -$letter"
		fi
	done <"$T/opts.$c"
	check "$c: every option its --help lists is parsed${bad:+ (refused:$bad)}" test -z "$bad"

	# Every option of another command, and every letter, that the help
	# does not list is refused as unknown.
	extra=""
	for name in $(cat "$T/names"); do
		grep -q "^$name " "$T/opts.$c" && continue
		"$TERCUME" "$c" "--$name" >/dev/null 2>"$T/err" </dev/null
		grep -q "has no option '--$name'" "$T/err" || extra="$extra --$name"
	done
	for letter in a b c d e f g i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do
		awk -v l="$letter" '$2 == l { found = 1 } END { exit !found }' "$T/opts.$c" && continue
		"$TERCUME" "$c" "-$letter" >/dev/null 2>"$T/err" </dev/null
		grep -q "has no option '-$letter'" "$T/err" || extra="$extra -$letter"
	done
	check "$c: the parser takes nothing its --help does not list${extra:+ (taken:$extra)}" test -z "$extra"

	# A usage error: exit 2, one "tercume:" line and the Try line.
	expect_status 2 "$c: an unknown option is a usage error" "$TERCUME" "$c" --bogus
	check "$c: two lines on stderr" test "$(wc -l <"$T/err")" -eq 2
	check "$c: the first says what, with one prefix" test "$(head -1 "$T/err")" = "tercume: $c has no option '--bogus'"
	check "$c: the second points to the help" test "$(tail -1 "$T/err")" = "Try 'tercume help $c' for more information."
	check "$c: nothing on stdout" test ! -s "$T/out"
	expect_status 2 "$c: a missing argument" "$TERCUME" "$c" "--$(awk '$3 == "req" { print $1; exit }' "$T/opts.$c")"
	stderr_has "^tercume: option '.*' needs an argument" "$c: says an argument is missing"
	"$TERCUME" "$c" -h >"$T/h1"; "$TERCUME" "$c" --help >"$T/h2"; "$TERCUME" help "$c" >"$T/h3"
	check "$c: -h, --help and help $c say the same" sh -c "cmp -s '$T/h1' '$T/h2' && cmp -s '$T/h1' '$T/h3'"
done

# An option of another command gets a hint naming the commands that have it.
expect_status 2 "export --format (the report) is refused" "$TERCUME" export --format po "$SEGMENTS"
stderr_has "export has no option '--format' \(check, merge, update have it\)" "names the commands that have --format"
expect_status 2 "segment -l is refused" "$TERCUME" segment -l ru "$ARTICLE"
stderr_has "the article's is --source-lang" "says that segment's language is --source-lang"
expect_status 2 "an ambiguous abbreviation" "$TERCUME" merge --f x "$SEGMENTS"
stderr_has "'--f' is ambiguous \(--from, --fallback, --format\)" "lists what --f could be"
expect_status 2 "a flag given an argument" "$TERCUME" merge --use-fuzzy=yes "$SEGMENTS"
stderr_has "option '--use-fuzzy' takes no argument" "says the flag takes none"

# doc/cli.md's table: each row's commands are exactly those whose --help
# lists the option.
awk -F'|' '/^\| `/ {
	opt = $2; if (match(opt, /--[a-z-]+/)) name = substr(opt, RSTART + 2, RLENGTH - 2); else next
	cmds = $4; gsub(/ /, "", cmds); print name, cmds }' "$top_srcdir/doc/cli.md" >"$T/doc-table"
check "doc/cli.md has the table" test "$(wc -l <"$T/doc-table")" -ge 20
mismatch=""
for name in $(cat "$T/names"); do
	want=$(for c in $commands; do grep -q "^$name " "$T/opts.$c" && printf '%s\n' "$c"; done | sort | tr '\n' ',')
	got=$(awk -v n="$name" '$1 == n { print $2 }' "$T/doc-table")
	[ "$got" = everycommand ] && got=$(echo $commands | tr ' ' '\n' | sort | tr '\n' ',')
	got=$(printf '%s' "$got" | tr ',' '\n' | grep . | sort | tr '\n' ',')
	[ "$got" = "$want" ] || mismatch="$mismatch --$name(doc:$got help:$want)"
done
check "doc/cli.md's table agrees with every --help${mismatch:+:$mismatch}" test -z "$mismatch"

# The pages --help cites are installed: each is a page of doc/ listed in
# Makefile.am's nobase_doc_DATA, and every page of doc/ is listed there.
for c in $commands; do "$TERCUME" "$c" --help; done | grep -o '/doc/[a-z0-9-]*\.md' | sort -u >"$T/cited"
check "--help cites pages" test "$(wc -l <"$T/cited")" -ge 5
sed -n '/^nobase_doc_DATA/,/[^\\]$/p' "$top_srcdir/Makefile.am" | grep -o 'doc/[a-z0-9-]*\.md' | sort -u >"$T/installed"
missing=""
for p in $(sed 's|^/||' "$T/cited"); do
	[ -f "$top_srcdir/$p" ] && grep -qx "$p" "$T/installed" || missing="$missing $p"
done
check "every page --help cites exists and is installed${missing:+ (not:$missing)}" test -z "$missing"
(cd "$top_srcdir" && ls doc/*.md) | sort >"$T/pages"
check "every page of doc/ is installed" cmp -s "$T/pages" "$T/installed"

finish
