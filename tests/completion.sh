#!/bin/sh
# The bash completion (tercume --bash-completion, installed by the build):
# sourced in bash, its function completes commands, options, formats,
# check names and language tags as the parser takes them.
. "$top_srcdir/tests/common.sh"

command -v bash >/dev/null 2>&1 || { echo "SKIP: no bash"; exit 77; }
script="$top_builddir/completion/tercume"
check "the build wrote the completion" test -s "$script"
"$TERCUME" --bash-completion >"$T/completion" 2>"$T/err"
check "tercume --bash-completion writes it" cmp -s "$script" "$T/completion"
check "bash reads it" bash -n "$T/completion"

# complete 'tercume|merge|--to|': what the function offers for the last
# word of the line (| separates the words; the last may be empty), one
# per line, sorted.
complete() {
	bash -c '. "$1"; s="$2|"; COMP_WORDS=()
		while [[ -n $s ]]; do COMP_WORDS+=("${s%%|*}"); s=${s#*|}; done
		COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
		_tercume; printf "%s\n" "${COMPREPLY[@]}"' sh "$T/completion" "$1" 2>>"$T/cerr" |
		grep . | sort
}
# is DESCRIPTION LINE EXPECTED...: the completion is exactly EXPECTED.
is() {
	d=$1 line=$2; shift 2
	got=$(complete "$line" | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | grep . | sort | tr '\n' ' ')
	check "$d${got:+ (got: $got)}" test "$got" = "$want"
}

commands=$("$TERCUME" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
is "tercume TAB: the commands" "tercume|" $commands help --help --version
is "tercume me TAB: merge" "tercume|me" merge
is "tercume help TAB: the commands" "tercume|help|" $commands
is "merge --to TAB: the edition formats" "tercume|merge|--to|" text html
is "merge --fallback f TAB" "tercume|merge|--fallback|f" fail
is "convert --to= TAB (bash splits at =)" "tercume|convert|--to|=|" po xliff12 xliff20
is "convert --to=x TAB" "tercume|convert|--to|=|x" xliff12 xliff20
is "convert --to=x TAB, = not a word break" "tercume|convert|--to=x" --to=xliff12 --to=xliff20
is "check --werror x: x is not --werror's (an optional argument is --werror=NAME)" \
	"tercume|check|--werror|--q" --quiet
is "check --format TAB" "tercume|check|--format|" text json github junit
is "status --format TAB: no github" "tercume|status|--format|" text json
is "segment --layout TAB" "tercume|segment|--layout|" auto line blank
is "tm TAB: its actions" "tercume|tm|" export import
"$TERCUME" check --list-checks | awk '{ print $1 }' >"$T/checks"
is "check --disable TAB: the checks" "tercume|check|--disable|" $(cat "$T/checks")
is "check --werror= TAB: the checks" "tercume|check|--werror|=|" $(cat "$T/checks")
complete "tercume|export|-l|r" >"$T/ru"
check "export -l r TAB offers ru, ru-RU" sh -c "grep -qx ru '$T/ru' && grep -qx ru-RU '$T/ru'"
check "... and no tag of another language" sh -c "! grep -v '^r' '$T/ru'"
complete "tercume|segment|--source-lang|az-" >"$T/az"
check "segment --source-lang az- TAB offers az-Latn and az-Cyrl" \
	sh -c "grep -qx az-Latn '$T/az' && grep -qx az-Cyrl '$T/az'"
is "--title TEXT: nothing to offer" "tercume|merge|--title|"
mkdir "$T/dir" && : >"$T/dir/one.po" && : >"$T/dir/two.seg"
is "merge TAB: files" "tercume|merge|$T/dir/" "$T/dir/one.po" "$T/dir/two.seg"
is "merge -o TAB: files" "tercume|merge|-o|$T/dir/o" "$T/dir/one.po"
check "no error from bash" test ! -s "$T/cerr"

# Every command's options, exactly as its --help lists them.
for c in $commands; do
	"$TERCUME" "$c" --help | awk '/^Options:/ { on = 1; next } on && /^$/ { exit }
		on && /^ *-/ { s = $0; sub(/^ */, "", s); if (s ~ /^-[A-Za-z],/) { print substr(s, 1, 2); s = substr(s, 5) }
		sub(/[ [=].*/, "", s); print s }' >"$T/opts"
	is "$c -TAB: the options of its --help" "tercume|$c|-" $(cat "$T/opts")
done

# Every word the completion offers for an option is one its parser takes
# (the language tags: every tenth).
refused="" tried=0
for c in $commands; do
	for o in $(awk '/^Options:/ { on = 1; next } on && /^$/ { exit }
		on && /^ *(-[A-Za-z], )?--[a-z-]+(\[=| )[A-Z]/ { s = $0; sub(/^ *(-[A-Za-z], )?--/, "", s); sub(/[ [=].*/, "", s); print s }' <<EOF2
$("$TERCUME" "$c" --help)
EOF2
	); do
		complete "tercume|$c|--$o|=|" >"$T/values"
		[ "$o" = lang ] || [ "$o" = source-lang ] && awk 'NR % 10 == 1' "$T/values" >"$T/v" && mv "$T/v" "$T/values"
		for v in $(cat "$T/values"); do
			case $v in /*) continue ;; esac
			tried=$((tried + 1))
			"$TERCUME" "$c" "--$o=$v" </dev/null >/dev/null 2>"$T/err"
			grep -q "^tercume: \(-./\)\?--$o: " "$T/err" && refused="$refused $c--$o=$v"
		done
	done
done
check "words offered for options were tried ($tried)" test "$tried" -ge 100
check "the parser takes every word offered${refused:+ (refused:$refused)}" test -z "$refused"
finish
