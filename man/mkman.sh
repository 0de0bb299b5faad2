#!/bin/sh
# mkman.sh HELP2MAN TERCUME OUTDIR PAGE... — the manual pages (PAGE: a
# file name, its folder ignored), made with
# help2man from the program's own help, so that they cannot disagree with it:
#   tercume.1          from 'tercume --help' (and man/tercume.h2m);
#   tercume-CMD.1      from 'tercume CMD --help' (and man/command.h2m).
# Run in the C locale: the pages are English.
set -eu
help2man=$1 tercume=$2 out=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tercume-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C
export LC_ALL
unset LANGUAGE || :

commands=$("$tercume" --help | awk '/^Commands:/ { on = 1; next }
	on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
[ -n "$commands" ] || { echo "mkman.sh: '$tercume --help' lists no commands" >&2; exit 1; }

# SEE ALSO of every page: the others.
see_also() {
	self=$1 list="" sep=""
	for p in tercume $(for c in $commands; do echo "tercume-$c"; done); do
		[ "$p" = "$self" ] && continue
		list="$list$sep\\fB$p\\fR(1)"
		sep=", "
	done
	printf '[SEE ALSO]\n%s\n.PP\n' "$list"
	printf 'The full manual, as Markdown pages: README.md and doc/*.md in the\n'
	printf "package's documentation folder (\\\\fItercume \\\\-\\\\-help\\\\fR names it).\n"
}

for page; do
	page=${page##*/}
	name=${page%.1}
	case $name in
	tercume)
		{ cat "$here/tercume.h2m"; see_also tercume; } >"$tmp/include"
		desc=$("$tercume" --help | sed -n 2p | sed 's/ *$//')
		# "Segment articles, ..." as a NAME line: lower case, no full stop.
		desc=$(printf '%s %s' "$desc" "$("$tercume" --help | sed -n 3p)" |
			sed 's/^S/s/; s/\.$//')
		"$help2man" --no-info --section=1 --name="$desc" --include="$tmp/include" \
			--output="$tmp/$page" "$tercume"
		;;
	tercume-*)
		cmd=${name#tercume-}
		case " $(echo $commands) " in *" $cmd "*) ;; *)
			echo "mkman.sh: $cmd is not a command of '$tercume --help'" >&2; exit 1 ;;
		esac
		# A program named tercume-CMD, for help2man's NAME and title.
		# --version: "tercume-CMD (tercume) VERSION" and the rest.
		printf '#!/bin/sh\nif [ "${1:-}" = --version ]; then "%s" --version | sed "1s/^tercume /%s (tercume) /"; exit; fi\nexec "%s" %s "$@"\n' \
			"$tercume" "$name" "$tercume" "$cmd" >"$tmp/$name"
		chmod +x "$tmp/$name"
		desc=$("$tercume" --help | awk -v c="$cmd" '$1 == c && /^  [a-z]/ {
			sub(/^  [a-z]+ +/, ""); print; exit }')
		{ cat "$here/command.h2m"; see_also "$name"; } >"$tmp/include"
		"$help2man" --no-info --section=1 --name="$desc" --include="$tmp/include" \
			--output="$tmp/$page" "$tmp/$name"
		;;
	*) echo "mkman.sh: no rule for $page" >&2; exit 1 ;;
	esac
	mv "$tmp/$page" "$out/$page"
done
