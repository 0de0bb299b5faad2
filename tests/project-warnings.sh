#!/bin/sh
# sync and build over a whole project show at most 10 warnings of one
# check on one file, then one note with the count of the rest (a first
# build, nothing translated yet, would say "not translated" once per unit
# of every article); a single merge still shows every one; the counts and
# the exit status are those of all of them.
. "$top_srcdir/tests/common.sh"

P=$T/p
mkdir -p "$P/articles"
# 25 sentences, one line each: 25 units, none translated.
i=1
while [ $i -le 25 ]; do echo "Sentence number $i is here."; i=$((i + 1)); done >"$P/articles/long.en.txt"
printf 'A short one. And another.\n' >"$P/articles/short.en.txt"
cd "$P" || exit 1
expect_status 0 "init" "$TERCUME" init -l ru 'articles/*.en.txt'
expect_status 0 "sync" "$TERCUME" sync
expect_status 0 "build, nothing translated" "$TERCUME" build
n=$(grep -c '^tercume: po/long.ru.po:[0-9]*: warning: \[untranslated\]' "$T/err")
check "the first 10 warnings of the long article are shown (got $n)" test "$n" -eq 10
stderr_has '^tercume: po/long\.ru\.po: note: \[untranslated\] 15 more warnings like these not shown \(tercume merge shows them all\)$' \
	"one note counts the other 15"
n=$(grep -c '^tercume: po/short.ru.po:[0-9]*: warning: \[untranslated\]' "$T/err")
check "the short article's 2 warnings are all shown (got $n)" test "$n" -eq 2
check "... with no note" sh -c "! grep -q 'short.ru.po: note:' '$T/err'"
check "the editions are written" sh -c "test -s editions/long.ru.txt && test -s editions/short.ru.txt"
expect_status 0 "merge of the one edition" "$TERCUME" merge --min-coverage 0 segments/long.seg po/long.ru.po -o "$T/long.ru.txt"
n=$(grep -c 'warning: \[untranslated\]' "$T/err")
check "... shows all 25 warnings (got $n)" test "$n" -eq 25
check "... and the same edition" cmp -s "$T/long.ru.txt" editions/long.ru.txt
for cmd in sync build; do
	"$TERCUME" $cmd --help >"$T/help" 2>&1
	check "$cmd --help says that the first 10 warnings of a check are shown" \
		grep -q 'the first 10 are shown' "$T/help"
done
finish
