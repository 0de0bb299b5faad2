#!/bin/sh
# tercume update on an edited copy of the bundled article, and TMX memories
# read back by Translate Toolkit.
. "$top_srcdir/tests/common.sh"

# ---- what needs no catalogue format ----
cp "$ARTICLE" "$T/a.txt"
"$TERCUME" segment -o "$T/a.seg" "$T/a.txt"
cp "$T/a.seg" "$T/a.seg.orig"
expect_status 2 "update without a segments file is a usage error" "$TERCUME" update "$T/a.txt"
expect_status 2 "a threshold above 100 is refused" "$TERCUME" update -s "$T/a.seg" -t 101 "$T/a.txt"
stderr_has "percentage from 1 to 100" "the threshold error says what is allowed"
expect_status 2 "tm needs an action" "$TERCUME" tm
expect_status 2 "tm export needs -o" "$TERCUME" tm export "$T/x.po"
expect_status 2 "tm rejects an unknown action" "$TERCUME" tm frobnicate
expect_status 3 "a missing article is an I/O error" "$TERCUME" update -s "$T/a.seg" "$T/missing.txt"
check "and the segments file is left alone" cmp -s "$T/a.seg" "$T/a.seg.orig"

XLIFF=yes

# A translated catalogue: every translation is "RU: " and its source.
"$TERCUME" export "$T/a.seg" --lang ru -o "$T/ru.po"
msgen "$T/ru.po" | msgfilter --keep-header -o "$T/ru.po" sed -e 's/^/RU: /'
cp "$T/ru.po" "$T/ru.orig.po"
cats="$T/ru.po"
if [ "$XLIFF" = yes ]; then
	"$TERCUME" convert "$T/ru.po" --to xliff12 -o "$T/ru.xlf"
	"$TERCUME" convert "$T/ru.po" --to xliff20 -o "$T/ru.xliff"
	cats="$cats $T/ru.xlf $T/ru.xliff"
fi
"$TERCUME" tm export -o "$T/old.tmx" "$T/ru.po"

edited_old="The prompt departure of Russian peacekeeping units from Azerbaijani soil signifies the nation's ultimate liberation from foreign military presence."
edited_new="The swift departure of Russian peacekeeping units from Azerbaijani soil signifies the nation's ultimate liberation from foreign military presence."
deleted="Economic collaboration stands as a pivotal facet of Azerbaijan's strategic discourse."
inserted="A new paragraph was added after publication."
moved="This meeting marked the first encounter between Ilham Aliyev and Vladimir Putin since their respective re-elections"

# Fix a word in one sentence, insert a paragraph, delete a sentence, move a
# paragraph (line 4 goes to the end).
awk -v ins="$inserted It has two sentences." '
	NR == 14 { sub(/The prompt departure/, "The swift departure") }
	NR == 19 { sub(/^Economic collaboration stands as a pivotal facet of Azerbaijan.s strategic discourse\. /, "") }
	NR == 4 { moved = $0; next }
	{ print }
	NR == 17 { print ins }
	NR == 27 { print moved }' "$ARTICLE" >"$T/a.txt"
check "the test edits took" sh -c "grep -q 'The swift departure' '$T/a.txt' && ! grep -q 'Economic collaboration stands' '$T/a.txt' && tail -n 2 '$T/a.txt' | grep -q '^This meeting marked'"

# shellcheck disable=SC2086
expect_status 0 "update the edited article" "$TERCUME" update -s "$T/a.seg" "$T/a.txt" $cats
cp "$T/out" "$T/summary"
check "one summary line per catalogue: kept 67, fuzzy 1, new 2, obsolete 1" \
	sh -c "[ \$(grep -c ': kept 67, fuzzy 1, new 2, obsolete 1\$' '$T/summary') = $(echo $cats | wc -w) ]"
check "the segments file follows the article" sh -c "\"$TERCUME\" merge '$T/a.seg' | cmp -s - '$T/a.txt'"
check "the PO file is valid for msgfmt" msgfmt -c -o /dev/null "$T/ru.po"

msgcat --no-wrap "$T/ru.orig.po" | grep '^msgid "' | sed 's/^msgid "\(.*\)"$/\1/' | grep -v '^$' | sort -u >"$T/old-ids"
msgattrib --no-wrap --translated --no-fuzzy --no-obsolete "$T/ru.po" | grep '^msgid "' |
	sed 's/^msgid "\(.*\)"$/\1/' | grep -v '^$' | sort -u >"$T/kept-ids"
printf '%s\n' "$edited_old" "$deleted" | sed 's/"/\\"/g' | sort >"$T/gone"
check "every untouched translation survives" sh -c "comm -23 '$T/old-ids' '$T/gone' | cmp -s - '$T/kept-ids'"
own_translations() {
	msgattrib --no-wrap --translated --no-fuzzy --no-obsolete "$T/ru.po" |
		awk '/^msgid "[^"]/ { id = substr($0, 8) }
		     /^msgstr "[^"]/ { n++; if (substr($0, 9) != "RU: " id) bad++ }
		     END { exit (bad > 0 || n < 60) }'
}
check "each keeps its own translation" own_translations
moved_kept() { msgattrib --no-wrap --translated --no-fuzzy "$T/ru.po" | grep -qF "msgstr \"RU: $moved"; }
check "the moved paragraph's unit is kept" moved_kept
msgattrib --no-wrap --only-fuzzy "$T/ru.po" >"$T/fuzzy.po"
check "the edited sentence is fuzzy" grep -qF "msgid \"$edited_new\"" "$T/fuzzy.po"
check "with its previous source" grep -qF "#| msgid \"$edited_old\"" "$T/fuzzy.po"
check "and the old translation as suggestion" grep -qF "msgstr \"RU: $edited_old\"" "$T/fuzzy.po"
check "and the similarity score" grep -Eq "^# fuzzy-match: [0-9]+%$" "$T/fuzzy.po"
deleted_obsolete() { msgattrib --no-wrap --only-obsolete "$T/ru.po" | grep -qF "RU: $deleted"; }
inserted_new() { msgattrib --no-wrap --untranslated "$T/ru.po" | grep -qF "msgid \"$inserted\""; }
check "the deleted sentence is obsolete" deleted_obsolete
check "the inserted sentences are untranslated" inserted_new
if [ "$XLIFF" = yes ]; then
	alt_trans() {
		xmllint --xpath "count(//*[local-name()='alt-trans']/*[local-name()='source'][.=\"$edited_old\"])" "$T/ru.xlf" | grep -qx 1
	}
	check "XLIFF 1.2: the edited unit has an alt-trans with its previous source" alt_trans
	check "XLIFF 1.2: with its match-quality" grep -Eq "<alt-trans match-quality=\"[0-9]+\"" "$T/ru.xlf"
	check "XLIFF 2.0: the edited unit has a match with its similarity" \
		grep -Eq "<mtc:match ref=\"#s1\" similarity=\"[0-9]+\" type=\"other\" subType=\"tercume:previous\">" "$T/ru.xliff"
	check "XLIFF 2.0: the deleted unit is kept" grep -qF "RU: $deleted" "$T/ru.xliff"
fi

# merge without --use-fuzzy keeps the source text of the edited unit
if "$TERCUME" merge --help | grep -q -- --use-fuzzy; then
	"$TERCUME" merge -o "$T/ed.txt" "$T/a.seg" "$T/ru.po" 2>/dev/null
	check "merge keeps the source of the fuzzy unit" grep -qF "$edited_new" "$T/ed.txt"
	no_suggestion() { ! grep -qF "RU: $edited_old" "$T/ed.txt"; }
	check "and does not use its suggestion" no_suggestion
	check "the untouched units are translated" grep -qF "RU: $moved" "$T/ed.txt"
else
	fail "merge with a catalogue does not work"
fi

# idempotent
mkdir "$T/before"
# shellcheck disable=SC2086
cp $cats "$T/a.seg" "$T/before/"
# shellcheck disable=SC2086
expect_status 0 "update again" "$TERCUME" update -s "$T/a.seg" "$T/a.txt" $cats
check "the second run reports nothing to do" sh -c "! grep -v ': kept 70, fuzzy 0, new 0, obsolete 0\$' '$T/out'"
for f in $cats "$T/a.seg"; do
	check "the second run leaves $(basename "$f") byte for byte" cmp -s "$f" "$T/before/$(basename "$f")"
done

# --no-fuzzy, and a bad catalogue writes nothing
cp "$T/ru.orig.po" "$T/nf.po"
"$TERCUME" segment -o "$T/nf.seg" "$ARTICLE"
expect_status 0 "update --no-fuzzy" "$TERCUME" update --no-fuzzy -s "$T/nf.seg" "$T/a.txt" "$T/nf.po"
check "no-fuzzy: the edited unit is new and its old translation obsolete" \
	grep -q 'kept 67, fuzzy 0, new 3, obsolete 2$' "$T/out"
cp "$T/ru.orig.po" "$T/good.po"
printf 'msgid "x"\nmsgstr "y"\nmsgid "x"\n' >"$T/bad.po"
"$TERCUME" segment -o "$T/b.seg" "$ARTICLE"
cp "$T/b.seg" "$T/b.seg.orig"
expect_status 2 "a malformed catalogue stops the update" "$TERCUME" update -s "$T/b.seg" "$T/a.txt" "$T/good.po" "$T/bad.po"
stderr_has "bad\\.po:[0-9]+" "the error names the file and line"
check "and nothing was written" sh -c "cmp -s '$T/good.po' '$T/ru.orig.po' && cmp -s '$T/b.seg' '$T/b.seg.orig'"

# ---- TMX ----
"$TERCUME" tm export -o "$T/m.tmx" "$T/ru.orig.po"
check "the memory is well-formed XML" xmllint --noout "$T/m.tmx"
PY=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import translate.storage.tmx' 2>/dev/null; then PY=$p; break; fi
done
if [ -n "$PY" ]; then
	pairs() {
		"$PY" - "$@" <<'EOF'
import sys
from translate.storage import factory
for u in factory.getobject(sys.argv[1]).units:
    if u.isheader() or not u.source or not u.target or u.isfuzzy() or u.isobsolete():
        continue
    print(repr((u.source, u.target)))
EOF
	}
	pairs "$T/m.tmx" | sort -u >"$T/tmx-pairs"
	pairs "$T/ru.orig.po" | sort -u >"$T/po-pairs"
	check "Translate Toolkit reads our TMX back with the same pairs" cmp -s "$T/tmx-pairs" "$T/po-pairs"
	check "and there are pairs to compare" test "$(wc -l <"$T/tmx-pairs")" -gt 60
else
	skip "Translate Toolkit (python3 translate) not installed"
fi

# tm import: a fresh catalogue of the edited article from the old memory
"$TERCUME" export "$T/a.seg" --lang ru -o "$T/fresh.po"
expect_status 0 "tm import" "$TERCUME" tm import "$T/old.tmx" "$T/fresh.po"
check "identical sources are filled as translated, the edited one as fuzzy" \
	grep -q 'fresh.po: 67 translated and 1 fuzzy from' "$T/out"
tm_previous() { msgattrib --no-wrap --only-fuzzy "$T/fresh.po" | grep -qF "#| msgid \"$edited_old\""; }
check "the edited unit's suggestion has its previous source" tm_previous
if command -v po2tmx >/dev/null; then
	po2tmx -l ru "$T/ru.orig.po" "$T/tt.tmx" >/dev/null 2>&1
	"$TERCUME" export "$T/a.seg" --lang ru -o "$T/fresh2.po"
	expect_status 0 "tm import reads Translate Toolkit's po2tmx output" "$TERCUME" tm import --no-fuzzy "$T/tt.tmx" "$T/fresh2.po"
	check "with the same result" grep -q 'fresh2.po: 67 translated and 0 fuzzy' "$T/out"
else
	skip "po2tmx not installed"
fi
"$TERCUME" export "$T/a.seg" --lang ru -o "$T/fresh3.po"
cp "$T/fresh3.po" "$T/fresh3.orig"
printf '<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="en"><seg>x</tuv></tu>\n</body></tmx>\n' >"$T/bad.tmx"
expect_status 2 "a malformed memory is an input error" "$TERCUME" tm import "$T/bad.tmx" "$T/fresh3.po"
stderr_has "bad\\.tmx:4:[0-9]+: error" "naming the file, line and column"
check "and the catalogue is untouched" cmp -s "$T/fresh3.po" "$T/fresh3.orig"
expect_status 0 "update --tm" "$TERCUME" update -n --tm "$T/old.tmx" -s "$T/a.seg" "$T/a.txt" "$T/fresh3.po"
check "update --tm reports what the memory gave" grep -q 'from the memory: 67 exact, 1 fuzzy' "$T/out"
check "and --dry-run writes nothing" cmp -s "$T/fresh3.po" "$T/fresh3.orig"
finish
