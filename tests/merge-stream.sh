#!/bin/sh
# merge applies a PO catalogue's entries as tercume's own reader reads them,
# never holding the catalogue (issue 15): what it reports, in what order,
# its exit status and the edition are those of the catalogue read whole.
# Each case runs the streaming path (the suite's PO audit off: under it a
# PO file is read whole, by both readers) and is checked against what it
# must say; every valid one also against the same merge through
# libgettextpo's reader (TERCUME_PO=gettextpo), which reads the catalogue
# whole first.
. "$top_srcdir/tests/common.sh"

unset TERCUME_PO_AUDIT TERCUME_PO
cd "$T" || exit 1
mkdir articles
cp "$ARTICLE" articles/
cp "$SEGMENTS" a.seg
cp "$top_srcdir/po/ru.po" ru.po
cp "$top_srcdir/po/aliyev-putin-2024.pot" t.pot
EDITION="$top_srcdir/editions/aliyev-putin-2024.ru.txt"

# the catalogues: each a small change to ru.po
sed '0,/^msgid "Author: Natig MAMEDZADE"/s//msgid "Author: Natig X"/' ru.po >stale.po
sed '0,/^msgctxt "4c1ea835"/s//msgctxt "deadbeef"/' ru.po >unknown.po
{ cat ru.po; printf '\nmsgctxt "4c1ea835"\nmsgid "x"\nmsgstr "y"\n'; } >dup.po
{ cat ru.po; printf '\n#. paragraph 99\nmsgctxt "deadbeef"\nmsgid "x"\nmsgstr "y"\n'; } >unknown2.po
awk '/^msgctxt "08e6177b"/ { print "#, fuzzy" } { print }' ru.po >fuzzy.po
awk '/^msgctxt "d6ece7b4"/ { u = 1 } u && /^msgstr/ { print "msgstr \"\""; u = 2; next }
	u == 2 && /^"/ { next } u == 2 { u = 0 } { print }' ru.po >untr.po
sed 's/^"Language: ru\\n"/"Language: \\n"/' ru.po >nolang.po
grep -v '^msgctxt' ru.po >noctxt.po
awk '/^msgctxt "4c1ea835"/ { u = 1 } u && /^msgstr/ { print "msgstr \"Автор:\\nНатиг\""; u = 0; next }
	{ print }' ru.po >break.po
{ cat ru.po; printf '\n#~ msgctxt "11111111"\n#~ msgid "old"\n#~ msgstr "old"\n\nmsgctxt "22222222"\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n'; } >plural.po
# the header after the entries
awk 'NR <= 17 { h = h $0 "\n"; next } { print } END { printf "\n%s", h }' ru.po >late.po
# invalid after every entry was read: nothing may be written
{ cat ru.po; printf '\nmsgid "x"\n'; } >syntax.po
{ cat ru.po; printf '\n# \000\n'; } >nul.po
# one msgctxt naming two messages in a file that names no article:
# gettext's contexts (the file is read again, whole)
{ grep -v '^"X-Source-File' ru.po; printf '\nmsgctxt "4c1ea835"\nmsgid "x"\nmsgstr "y"\n'; } >ctxt2.po
# an edited sentence: its old translation is found by its place
sed 's/Ilham Aliyev paid a working visit/Ilham Aliyev paid a brief working visit/' \
	articles/aliyev-putin-2024.en.txt >articles/edited.en.txt
"$TERCUME" segment -o e.seg articles/edited.en.txt 2>/dev/null
# a repeated sentence, in a PO without msgctxt: one entry fills both units
printf 'One sentence here. Another one follows.\n\nOne sentence here. A third one.\n' >r.txt
"$TERCUME" segment -o r.seg r.txt 2>/dev/null
"$TERCUME" export -l ru --to po -o r.po r.seg 2>/dev/null
grep -v '^msgctxt' r.po | sed 's/^msgstr ""$/msgstr "X"/' |
	awk '/^#\. paragraph 2, sentence 1/ { skip = 1 } skip && /^$/ { skip = 0; next } !skip' |
	awk '/^msgid "One/ { u = 1 } u && /^msgstr/ { print "msgstr \"A\\nB\""; u = 0; next } { print }' >rep.po

# merge NAME WANT_STATUS ARGS...: merges (-o NAME.out), stderr in NAME.err;
# then the same through libgettextpo's reader, which must agree.
merge() {
	name=$1 want=$2; shift 2
	rm -f "$name.out"
	"$TERCUME" merge -o "$name.out" "$@" >"$name.so" 2>"$name.err"
	got=$?
	check "$name: exit status $want (got $got)" test "$got" = "$want"
	if [ "$want" = 0 ]; then
		check "$name: the edition is written" test -s "$name.out"
		rm -f ref.out
		TERCUME_PO=gettextpo "$TERCUME" merge -o ref.out "$@" >ref.so 2>ref.err
		check "$name: libgettextpo's reader gives the same status" test $? = "$got"
		check "$name: and the same report" cmp -s ref.err "$name.err"
		check "$name: and the same edition" cmp -s ref.out "$name.out"
	else
		check "$name: nothing is written" test ! -e "$name.out"
	fi
}
# says NAME TEXT: NAME.err is exactly TEXT (lines, "tercume: " left out).
says() {
	printf '%s\n' "$2" >"$1.want"
	sed 's/^tercume: //' "$1.err" >"$1.got"
	checks=$((checks + 1))
	if cmp -s "$1.want" "$1.got"; then pass "$1: the report"; else
		fail "$1: the report"; diff "$1.want" "$1.got" | sed 's/^/    /'; fi
}
summary="ru: 69 units, 69 translated, 0 fuzzy used, 0 kept in English, 0 stale"
one_kept="ru: 69 units, 68 translated, 0 fuzzy used, 1 kept in English"

merge plain 0 a.seg ru.po
says plain "$summary"
check "plain: the bundled edition" cmp -s plain.out "$EDITION"
merge late 0 a.seg late.po
says late "$summary"
check "late: the header after the entries gives the same edition" cmp -s late.out "$EDITION"
merge plural 0 a.seg plural.po
says plural "$summary"
merge stale 0 a.seg stale.po
says stale "stale.po:22: warning: [stale] unit 4c1ea835 (byline 1) has a stale translation: the source it was made for no longer matches the unit; the source text is kept
$one_kept, 1 stale"
merge unknown 0 a.seg unknown.po
says unknown "unknown.po:22: warning: [stale] unit 4c1ea835 (byline 1) has a stale translation: the source it was made for no longer matches the unit; the source text is kept
$one_kept, 1 stale"
merge unknown-fail 1 --fallback fail a.seg unknown.po
says unknown-fail "unknown.po:22: error: [stale] unit 4c1ea835 (byline 1) has a stale translation: the source it was made for no longer matches the unit
unknown.po: error: the edition is refused: 1 unit without a usable translation
$one_kept, 1 stale"
merge unknown-id 0 a.seg unknown2.po
says unknown-id "unknown2.po:853: warning: [unknown-id] unit ID 'deadbeef' is not in the article (articles/aliyev-putin-2024.en.txt); the entry is ignored
$summary, 1 unknown ID"
merge unknown-id-fail 1 --fallback fail a.seg unknown2.po
says unknown-id-fail "unknown2.po:853: error: [unknown-id] unit ID 'deadbeef' is not in the article (articles/aliyev-putin-2024.en.txt); the entry is ignored
unknown2.po: error: the edition is refused: 1 unknown ID
$summary, 1 unknown ID"
merge moved 0 e.seg ru.po
says moved "ru.po:31: warning: [stale] unit 1c8e8ef7 (paragraph 1, sentence 1) has a stale translation: the source it was made for no longer matches the unit; the source text is kept
$one_kept, 1 stale"
# an unknown ID whose place is no unit's
merge elsewhere 0 e.seg unknown.po
says elsewhere "unknown.po:22: warning: [stale] unit 4c1ea835 (byline 1) has a stale translation: the source it was made for no longer matches the unit; the source text is kept
unknown.po:31: warning: [stale] unit 1c8e8ef7 (paragraph 1, sentence 1) has a stale translation: the source it was made for no longer matches the unit; the source text is kept
ru: 69 units, 67 translated, 0 fuzzy used, 2 kept in English, 2 stale"
merge dup 2 a.seg dup.po
says dup "dup.po:852: error: unit ID '4c1ea835' occurs twice"
merge fuzzy 0 a.seg fuzzy.po
says fuzzy "fuzzy.po:32: warning: [fuzzy] unit 08e6177b (paragraph 1, sentence 1) has only a fuzzy translation, which is used only when asked for; the source text is kept
$one_kept, 0 stale, 1 fuzzy not used"
merge use-fuzzy 0 --use-fuzzy a.seg fuzzy.po
says use-fuzzy "ru: 69 units, 68 translated, 1 fuzzy used, 0 kept in English, 0 stale"
merge fail 1 --fallback fail a.seg untr.po
says fail "untr.po:41: error: [untranslated] unit d6ece7b4 (paragraph 1, sentence 2) is not translated
untr.po: error: the edition is refused: 1 unit without a usable translation
$one_kept, 0 stale"
merge template 2 a.seg t.pot
says template "t.pot: error: the catalogue is a template (no target language); there is nothing to merge"
merge nolang 2 a.seg nolang.po
says nolang "nolang.po: error: the catalogue names no target language (a PO with an empty Language: header?): say which it is with -l LANG"
merge nolang-l 0 -l ru a.seg nolang.po
says nolang-l "$summary"
check "nolang-l: the bundled edition" cmp -s nolang-l.out "$EDITION"
merge lang-other 2 -l az a.seg ru.po
says lang-other "ru.po: error: the catalogue is in 'ru', not 'az' (-l/--lang)"
merge noctxt 0 a.seg noctxt.po
says noctxt "$summary"
check "noctxt: the bundled edition" cmp -s noctxt.out "$EDITION"
merge break 0 a.seg break.po
says break "break.po:22: warning: [line-break] the translation of unit 4c1ea835 has a line break; it is folded into a space
$summary"
merge repeat 0 r.seg rep.po
check "repeat: both units of the repeated sentence translated" \
	test "$(grep -c 'A B' repeat.out)" = 2
merge ctxt2 0 a.seg ctxt2.po
merge syntax 2 a.seg syntax.po
says syntax "syntax.po:850: error: missing 'msgstr' section"
merge nul 2 a.seg nul.po
says nul "nul.po:850:3: error: NUL byte in a PO file"
# an old edition survives an invalid catalogue
cp "$EDITION" old.txt
"$TERCUME" merge -o old.txt a.seg syntax.po 2>/dev/null
check "syntax: the old edition is left as it was" cmp -s old.txt "$EDITION"

# the JSON report: the language -l gave, the counts
"$TERCUME" merge --format json -l ru -o j.txt a.seg nolang.po >j.json 2>j.err
check "json: exit status 0" test $? = 0
check "json: the language -l gave" grep -q '"target_lang": "ru"' j.json
check "json: the counts" grep -q '"units": 69, "translated": 69' j.json
"$TERCUME" merge --format json -o j2.txt a.seg stale.po >j2.json 2>/dev/null
check "json: a stale unit counted" grep -q '"stale": 1, "broken": 0' j2.json
check "json: its diagnostic" grep -q 'stale.po' j2.json

# Every PO file of the fuzz corpora (the streaming reader's odd cases:
# charsets, escapes, NUL bytes, duplicates, plural forms, a header twice,
# no header): the same report, status and edition as with the catalogue
# read whole (the audit on: tercume's reader and libgettextpo's, which
# must agree).
n=0 differ=
for f in "$top_srcdir"/fuzz/corpus/po/* "$top_srcdir"/fuzz/corpus/po-diff/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	cp "$f" c.po
	for how in whole stream; do
		: >"c.$how.err"; : >"c.$how.out"
		for policy in source fail; do
			rm -f c.out
			if [ $how = whole ]; then
				TERCUME_PO_AUDIT=1 "$TERCUME" merge --fallback $policy -o c.out \
					a.seg c.po >>"c.$how.err" 2>&1
			else
				"$TERCUME" merge --fallback $policy -o c.out a.seg c.po >>"c.$how.err" 2>&1
			fi
			echo "status $?" >>"c.$how.err"
			[ ! -f c.out ] || cat c.out >>"c.$how.out"
		done
	done
	cmp -s c.whole.err c.stream.err && cmp -s c.whole.out c.stream.out ||
		differ="$differ ${f##*/}"
done
check "the fuzz corpora's PO files ($n) are read" test "$n" -gt 50
check "each merges as when read whole${differ:+ (not:$differ)}" test -z "$differ"
finish
