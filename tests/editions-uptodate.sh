#!/bin/sh
# The committed template and editions are what the committed segments file
# and catalogues make now (run 'make article' when this fails), and the
# editions are complete: no English sentence is left in them.
. "$top_srcdir/tests/common.sh"

cd "$top_srcdir" || exit 1
E=editions/aliyev-putin-2024
expect_status 0 "export the template" "$TERCUME" export -o "$T/t.pot" "$SEGMENTS"
check "po/aliyev-putin-2024.pot is up to date" cmp -s "$T/t.pot" po/aliyev-putin-2024.pot
for lang in ru az; do
	cat=po/ru.po
	[ $lang = az ] && cat=xliff/az.xlf
	expect_status 0 "$lang: merge with --fallback fail (every unit translated)" \
		"$TERCUME" merge --fallback fail "$SEGMENTS" $cat -o "$T/$lang.txt"
	check "$lang: $E.$lang.txt is up to date" cmp -s "$T/$lang.txt" $E.$lang.txt
	expect_status 0 "$lang: HTML edition" "$TERCUME" merge --fallback fail "$SEGMENTS" $cat -o "$T/$lang.html"
	check "$lang: $E.$lang.html is up to date" cmp -s "$T/$lang.html" $E.$lang.html
	check "$lang: the edition has the source's 27 line breaks" test "$(wc -l <$E.$lang.txt)" -eq 27
	# No sentence of the English article survives into the edition.
	left=$(grep '^unit ' "$SEGMENTS" | sed 's/^unit [^ ]* line [0-9]* "//; s/"$//' |
	       while IFS= read -r s; do grep -qF -- "$s" $E.$lang.txt && echo "$s"; done)
	check "$lang: no English sentence is left" test -z "$left"
done
NB=$(printf '\302\240')	# no-break space
check "ru: Russian quotation marks" grep -q '«' $E.ru.txt
check "ru: the date as Russians write it, unbreakable" grep -q "22${NB}апреля" $E.ru.txt
check "ru: manat amount written out, unbreakable" grep -q "4${NB}млрд манатов" $E.ru.txt
check "ru: a spaced dash keeps to its word" grep -q "визита,${NB}— досрочным" $E.ru.txt
check "ru: HTML edition too" grep -q "22${NB}апреля" $E.ru.html
check "az: Azerbaijani letters" grep -q 'Əliyev' $E.az.txt
check "az: the date as Azerbaijanis write it" grep -q '2020-ci il 10 noyabr' $E.az.txt
check "az: manat amount written out" grep -q '4 milyard manat' $E.az.txt
finish
