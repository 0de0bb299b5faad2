#!/bin/sh
# Never lose a translator's work (issue 12, "Work that is lost today",
# cases 1-4): export over a translated catalogue, a command writing over
# its own input, a stale segments file, an update with the wrong catalogue.
. "$top_srcdir/tests/common.sh"

PO="$top_srcdir/po/ru.po"
AZ="$top_srcdir/xliff/az.xlf"
translated() { msgfmt --statistics -o /dev/null "$1" 2>&1 | sed -n 's/^\([0-9]*\) translated.*/\1/p'; }

cp "$ARTICLE" "$T/a.txt"
"$TERCUME" segment -o "$T/a.seg" "$T/a.txt"
# a translated catalogue of this copy of the article: "RU: " and the source
"$TERCUME" export "$T/a.seg" -l ru -o "$T/mine.po"
msgen "$T/mine.po" | msgfilter --keep-header -o "$T/mine.po" sed -e 's/^/RU: /'

# ---- case 1: export onto an existing catalogue ----
cp "$PO" "$T/ru.po"
expect_status 2 "case 1: export over a translated PO catalogue is refused" \
	"$TERCUME" export "$T/a.seg" -l ru -o "$T/ru.po"
stderr_has "holds 69 translations.*'tercume update'.*--force" "case 1: the refusal names update and --force"
check "case 1: the PO catalogue is untouched" cmp -s "$PO" "$T/ru.po"
check "case 1: msgfmt --statistics still counts 69 translated" test "$(translated "$T/ru.po")" = 69
cp "$AZ" "$T/az.xlf"
expect_status 2 "case 1: export over a translated XLIFF 2.0 catalogue is refused" \
	"$TERCUME" export "$T/a.seg" -l az -o "$T/az.xlf"
check "case 1: the XLIFF catalogue is untouched" cmp -s "$AZ" "$T/az.xlf"
"$TERCUME" convert "$PO" --to xliff12 -o "$T/ru12.xlf"
cp "$T/ru12.xlf" "$T/ru12.orig"
expect_status 2 "case 1: export over a translated XLIFF 1.2 catalogue is refused" \
	"$TERCUME" export "$T/a.seg" -l ru --to xliff12 -o "$T/ru12.xlf"
check "case 1: the XLIFF 1.2 catalogue is untouched" cmp -s "$T/ru12.orig" "$T/ru12.xlf"
printf 'not a catalogue\n' >"$T/notes.po"
expect_status 2 "case 1: export over a file that is no catalogue is refused" \
	"$TERCUME" export "$T/a.seg" -o "$T/notes.po"
check "case 1: that file is untouched" grep -q '^not a catalogue$' "$T/notes.po"
expect_status 0 "case 1: a template may be exported again over itself" sh -c \
	"'$TERCUME' export '$T/a.seg' -o '$T/a.pot' && '$TERCUME' export '$T/a.seg' -o '$T/a.pot'"
# An XLIFF template is looked through a piece of 64 KiB at a time for a
# <target>: one that lies across the end of the first piece is found.
"$TERCUME" export "$T/a.seg" -l ru -o "$T/t.xlf"
end=$(grep -b -o '</source>' "$T/t.xlf" | head -n 1 | cut -d: -f1)
end=$((end + 9))	# where the first unit's <target> goes
pad=$((65536 - 3 - end))	# so that "<target" starts 3 bytes before 64 KiB
if [ "$end" -gt 0 ] && [ "$pad" -gt 8 ]; then
	{
		head -n 1 "$T/t.xlf"
		printf '<!--'; head -c $((pad - 8)) /dev/zero | tr '\0' x; printf -- '-->\n'
		tail -n +2 "$T/t.xlf" | head -c $((end - $(head -n 1 "$T/t.xlf" | wc -c)))
		printf '<target>Перевод.</target>'
		tail -c +$((end + 1)) "$T/t.xlf"
	} >"$T/t2.xlf"
	check "case 1: the planted <target> starts 3 bytes before 64 KiB" \
		test "$(grep -b -o '<target>' "$T/t2.xlf" | head -n 1 | cut -d: -f1)" = 65533
	cp "$T/t2.xlf" "$T/t2.orig"
	expect_status 2 "case 1: export over an XLIFF with a <target> across 64 KiB is refused" \
		"$TERCUME" export "$T/a.seg" -l ru -o "$T/t2.xlf"
	stderr_has "holds 1 translation" "case 1: ... for its one translation"
	check "case 1: ... and the file is untouched" cmp -s "$T/t2.orig" "$T/t2.xlf"
else
	fail "case 1: no </source> early in the XLIFF export to plant a <target> after"
fi
expect_status 0 "case 1: --force replaces a translated catalogue" \
	"$TERCUME" export --force "$T/a.seg" -l ru -o "$T/ru.po"
check "case 1: ... and then it is a fresh one" test "$(translated "$T/ru.po")" = 0

# ---- case 2: no command writes over one of its own inputs ----
cp "$PO" "$T/ru.po"
ln "$T/a.txt" "$T/hard.txt"
ln -s "$T/a.txt" "$T/soft.txt"
cp "$T/a.txt" "$T/a.orig"
expect_status 2 "case 2: merge -o the article it was segmented from" \
	"$TERCUME" merge "$T/a.seg" "$T/ru.po" -o "$T/a.txt"
stderr_has "refusing to write over" "case 2: merge says why"
expect_status 2 "case 2: merge -o a hard link to the article" \
	"$TERCUME" merge "$T/a.seg" "$T/ru.po" -o "$T/hard.txt"
expect_status 2 "case 2: merge -o a symbolic link to the article" \
	"$TERCUME" merge "$T/a.seg" "$T/ru.po" -o "$T/soft.txt"
expect_status 2 "case 2: merge -o its catalogue" "$TERCUME" merge "$T/a.seg" "$T/ru.po" -o "$T/ru.po"
expect_status 2 "case 2: merge -o its segments file" "$TERCUME" merge "$T/a.seg" -o "$T/a.seg"
expect_status 2 "case 2: segment -o its article" "$TERCUME" segment -o "$T/hard.txt" "$T/a.txt"
expect_status 2 "case 2: export -o its segments file" "$TERCUME" export "$T/a.seg" --to po -o "$T/a.seg"
expect_status 2 "case 2: export -o its article" "$TERCUME" export "$T/a.seg" --force --to po -o "$T/a.txt"
expect_status 2 "case 2: convert -o its input" "$TERCUME" convert "$T/ru.po" -o "$T/ru.po"
ln -s "$T/ru.po" "$T/ru-link.po"
expect_status 2 "case 2: convert -o a link to its input" "$TERCUME" convert "$T/ru.po" -o "$T/ru-link.po"
expect_status 2 "case 2: update -s the article" "$TERCUME" update -s "$T/a.txt" "$T/a.txt" "$T/ru.po"
expect_status 2 "case 2: update with the article as a catalogue" "$TERCUME" update -s "$T/a.seg" "$T/a.txt" "$T/hard.txt"
expect_status 2 "case 2: update with the segments file as a catalogue" "$TERCUME" update -s "$T/a.seg" "$T/a.txt" "$T/a.seg"
"$TERCUME" tm export -o "$T/m.tmx" "$T/ru.po"
cp "$T/m.tmx" "$T/m.orig"
expect_status 2 "case 2: tm export -o one of its catalogues" "$TERCUME" tm export -o "$T/ru.po" "$T/ru.po"
expect_status 2 "case 2: tm import with the memory as a catalogue" "$TERCUME" tm import "$T/m.tmx" "$T/m.tmx"
check "case 2: the article is untouched" cmp -s "$T/a.orig" "$T/a.txt"
check "case 2: the catalogue is untouched" cmp -s "$PO" "$T/ru.po"
check "case 2: the memory is untouched" cmp -s "$T/m.orig" "$T/m.tmx"
check "case 2: the segments file still reads" sh -c "'$TERCUME' merge '$T/a.seg' | cmp -s - '$T/a.txt'"
expect_status 0 "case 2: merge to another file works" "$TERCUME" merge "$T/a.seg" "$T/ru.po" -o "$T/ru.txt"

# ---- case 1 for the other commands: no output replaces a translator's work ----
# (a catalogue with translations, of another language or article, or a
# memory: segment, merge and tm export refuse it; export has --force)
cp "$PO" "$T/w.po"; cp "$AZ" "$T/w.xlf"; cp "$T/m.tmx" "$T/w.tmx"
for c in "segment -o $T/w.po $T/a.txt" "segment -o $T/w.xlf $T/a.txt" "segment -o $T/w.tmx $T/a.txt" \
	"merge $T/a.seg $T/mine.po -o $T/w.po" "merge $T/a.seg $T/mine.po -o $T/w.xlf" \
	"merge --to html $T/a.seg $T/mine.po -o $T/w.tmx" \
	"tm export -o $T/w.po $T/mine.po" "tm export -o $T/w.xlf $T/mine.po"; do
	set -- $c
	out=$(echo "$c" | sed 's/.*-o \([^ ]*\).*/\1/')
	expect_status 2 "case 1: $1 -o a file that holds a translator's work (${out##*/}) is refused" "$TERCUME" $c
	stderr_has "${out##*/}: error: refusing to write .* over a catalogue.*name another output" \
		"case 1: ... $1 says why"
done
check "case 1: the PO catalogue is untouched" cmp -s "$PO" "$T/w.po"
check "case 1: the XLIFF catalogue is untouched" cmp -s "$AZ" "$T/w.xlf"
check "case 1: the memory is untouched" cmp -s "$T/m.tmx" "$T/w.tmx"
"$TERCUME" export "$T/a.seg" -o "$T/w.pot"
expect_status 0 "case 1: segment -o a template replaces it (nothing is lost)" \
	"$TERCUME" segment -o "$T/w.pot" "$T/a.txt"
expect_status 0 "case 1: tm export -o a memory makes it again" "$TERCUME" tm export -o "$T/w.tmx" "$T/mine.po"
expect_status 0 "case 1: merge -o an earlier edition replaces it" "$TERCUME" merge "$T/a.seg" "$T/ru.po" -o "$T/ru.txt"
# convert makes a catalogue again in another format (make article: po/ru.po
# -> xliff/ru.xlf), but never over another language's, nor over one with a
# translation its input has not
expect_status 2 "case 1: convert -o a catalogue of another language is refused" \
	"$TERCUME" convert "$T/mine.po" --to xliff20 -o "$T/w.xlf"
stderr_has "w.xlf: error: the catalogue exists and holds translations into 'az', not 'ru'; refusing to replace it" \
	"case 1: ... convert names both languages"
check "case 1: ... and the Azerbaijani catalogue is untouched" cmp -s "$AZ" "$T/w.xlf"
"$TERCUME" convert "$T/mine.po" -o "$T/mine.xlf"
"$TERCUME" export "$T/a.seg" -l ru -o "$T/fresh.po"
cp "$T/mine.xlf" "$T/mine.orig"
expect_status 2 "case 1: convert -o a catalogue with translations its input has not is refused" \
	"$TERCUME" convert "$T/fresh.po" -o "$T/mine.xlf"
stderr_has "has a translation of unit '[0-9a-f]*', which .*fresh.po has not" "case 1: ... convert names the unit"
check "case 1: ... and that catalogue is untouched" cmp -s "$T/mine.orig" "$T/mine.xlf"
expect_status 0 "case 1: convert makes the same catalogue again in another format" \
	"$TERCUME" convert "$T/mine.po" -o "$T/mine.xlf"
expect_status 0 "case 1: ... and back" "$TERCUME" convert "$T/mine.xlf" -o "$T/mine2.po"
expect_status 0 "case 1: ... and over it again" "$TERCUME" convert "$T/mine.xlf" -o "$T/mine2.po"

# ---- case 3: the segments file records the article it was made from ----
check "case 3: the segments file records the article's size and digest" \
	grep -Eq "^digest fnv1a-64 [0-9a-f]{16} size $(wc -c <"$T/a.txt" | tr -d ' ')\$" "$T/a.seg"
sed 's/The prompt departure/The swift departure/' "$T/a.orig" >"$T/a.txt"
for cmd in "merge $T/a.seg $T/ru.po -o $T/stale.txt" "export $T/a.seg -l ru -o $T/stale.po" \
	"check --segments $T/a.seg $T/ru.po" "convert --segments $T/a.seg $T/ru.po -o $T/stale.xlf" \
	"merge $T/a.seg"; do
	# shellcheck disable=SC2086
	expect_status 2 "case 3: the article changed: ${cmd%% *} refuses the stale segments file" "$TERCUME" $cmd
	stderr_has "a\.txt: error: the article has changed since .*a\.seg was made from it; run 'tercume update -s" \
		"case 3: ${cmd%% *} says to run tercume update"
done
check "case 3: no stale edition was written" test ! -e "$T/stale.txt"
# the same size, one byte different
sed 's/The prompt departure/The prompt Departure/' "$T/a.orig" >"$T/a.txt"
expect_status 2 "case 3: a change that keeps the size is noticed" "$TERCUME" merge "$T/a.seg" "$T/ru.po" -o "$T/stale.txt"
expect_status 0 "case 3: after 'tercume update' the merge works" sh -c \
	"'$TERCUME' update -s '$T/a.seg' '$T/a.txt' '$T/mine.po' >/dev/null && '$TERCUME' merge '$T/a.seg' '$T/mine.po' -o '$T/stale.txt'"
cp "$T/a.orig" "$T/a.txt"
"$TERCUME" segment -o "$T/a.seg" "$T/a.txt"
# A version 1 file (no digest record) still reads, and is checked too.
sed -e '1s/segments 2/segments 1/' -e '/^digest /d' "$T/a.seg" >"$T/v1.seg"
expect_status 0 "case 3: a version 1 segments file still reads" "$TERCUME" merge -o "$T/v1.txt" "$T/v1.seg"
check "case 3: ... and rebuilds its article" cmp -s "$T/a.txt" "$T/v1.txt"
sed 's/The prompt departure/The swift departure/' "$T/a.orig" >"$T/a.txt"
expect_status 2 "case 3: a version 1 file's changed article is noticed too" "$TERCUME" merge "$T/v1.seg"
cp "$T/a.orig" "$T/a.txt"
sed 's/^skel "\\n"$/skel "\\n\\n"/' "$T/a.seg" >"$T/edited.seg"
expect_status 2 "case 3: a hand-edited skeleton no longer matches the digest" "$TERCUME" merge "$T/edited.seg"
stderr_has "edited\.seg:4: error: the file does not rebuild the article its digest records" "case 3: the error names the digest line"
mv "$T/a.txt" "$T/away.txt"
expect_status 0 "case 3: an article that cannot be found is not compared" "$TERCUME" merge -o "$T/away.out" "$T/a.seg"
mv "$T/away.txt" "$T/a.txt"

# ---- case 4: update refuses a catalogue of another article ----
cp "$PO" "$T/ru.po"
printf 'Another article.\n\nIt has nothing in common with the first one. Really nothing.\n' >"$T/other.txt"
"$TERCUME" segment -o "$T/other.seg" "$T/other.txt"
"$TERCUME" export "$T/other.seg" -l ru -o "$T/other.po"
msgen "$T/other.po" | msgfilter --keep-header -o "$T/other.po" sed -e 's/^/RU: /'
cp "$T/other.po" "$T/other.orig"
expect_status 2 "case 4: update refuses a catalogue made from another article" \
	"$TERCUME" update -s "$T/a.seg" "$T/a.txt" "$T/other.po"
stderr_has "other\.po: error: the catalogue was made from .*other\.txt, not from .*a\.txt.*--force" \
	"case 4: the refusal names both articles and --force"
check "case 4: the catalogue is untouched" cmp -s "$T/other.orig" "$T/other.po"
check "case 4: the segments file is untouched" sh -c "'$TERCUME' merge '$T/a.seg' | cmp -s - '$T/a.txt'"
# no recorded article: the loss of most translations gives it away
grep -v '^"X-Source-File' "$T/other.orig" >"$T/nosource.po"
cp "$T/nosource.po" "$T/nosource.orig"
expect_status 2 "case 4: update refuses to make most translations obsolete" \
	"$TERCUME" update -s "$T/a.seg" "$T/a.txt" "$T/nosource.po"
stderr_has "updating would make 3 of its 3 translations obsolete" "case 4: the refusal counts them"
check "case 4: that catalogue is untouched" cmp -s "$T/nosource.orig" "$T/nosource.po"
expect_status 2 "case 4: with the article's own catalogue beside it, nothing is written" \
	"$TERCUME" update -s "$T/a.seg" "$T/a.txt" "$T/mine.po" "$T/other.po"
check "case 4: ... so the other one is still untouched" cmp -s "$T/other.orig" "$T/other.po"
expect_status 0 "case 4: the article's own catalogue updates" \
	"$TERCUME" update -s "$T/a.seg" "$T/a.txt" "$T/mine.po"
expect_status 0 "case 4: --force updates it all the same" \
	"$TERCUME" update --force -s "$T/a.seg" "$T/a.txt" "$T/other.po"
check "case 4: ... and its translations are obsolete, not lost" \
	test "$(grep -c '^#~ msgstr "RU: ' "$T/other.po")" = 3
finish
