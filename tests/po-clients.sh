#!/bin/sh
# The PO files tercume writes are read by the independent PO clients: GNU
# gettext (msgfmt, msgcat, msgmerge) and Translate Toolkit (pocount,
# po2xliff); gettext's own tools leave them byte for byte as they are.
. "$top_srcdir/tests/common.sh"

have() { command -v "$1" >/dev/null 2>&1; }
# skip TOOL WHAT: prints a SKIP line when TOOL is missing; true when present.
need() { if have "$1"; then return 0; fi; skip "$2 ($1 not installed)"; return 1; }

expect_status 0 "export a template" "$TERCUME" export "$SEGMENTS" -o "$T/x.pot"
expect_status 0 "export a Russian catalogue" "$TERCUME" export "$SEGMENTS" --lang ru -o "$T/ru.po"
expect_status 0 "export an Azerbaijani catalogue" "$TERCUME" export "$SEGMENTS" --lang az -o "$T/az.po"
expect_status 0 "export the template again" "$TERCUME" export "$SEGMENTS" -o "$T/x2.pot"
check "exporting twice gives the same bytes" cmp -s "$T/x.pot" "$T/x2.pot"
check "69 entries keyed by msgctxt" test "$(grep -c '^msgctxt "[0-9a-f]\{8\}\(-[0-9]*\)\{0,1\}"$' "$T/ru.po")" = 69
check "the template has an empty Language" grep -qx '"Language: \\n"' "$T/x.pot"
check "the template has no Plural-Forms" sh -c "! grep -q Plural-Forms '$T/x.pot'"
check "Language: ru" grep -qx '"Language: ru\\n"' "$T/ru.po"
check "Project-Id-Version from the article's name" grep -qx '"Project-Id-Version: aliyev-putin-2024\\n"' "$T/ru.po"
# The Plural-Forms line, unwrapped by msgcat.
plural() { msgcat --no-wrap "$1" | grep '^"Plural-Forms:'; }
if need msgcat "Plural-Forms checks"; then
	check "ru has 3 plural forms" test "$(plural "$T/ru.po")" = \
		'"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"'
	check "az has 2 plural forms" test "$(plural "$T/az.po")" = '"Plural-Forms: nplurals=2; plural=(n != 1);\n"'
fi

# A sample with every state, notes and a previous source, through tercume.
cat >"$T/sample.po" <<'EOF'
msgid ""
msgstr ""
"Language: ru\n"
"Content-Type: text/plain; charset=UTF-8\n"
"X-Source-Language: en\n"

# The translator's note.
# xliff-state: signed-off
#. paragraph 1, sentence 1
#: articles/aliyev-putin-2024.en.txt:2
msgctxt "08e6177b"
msgid "On April 22, President of Azerbaijan Ilham Aliyev paid a working visit to Moscow."
msgstr "22 апреля президент Азербайджана Ильхам Алиев посетил Москву с рабочим визитом."

#. byline 1
#: articles/aliyev-putin-2024.en.txt:1
#, fuzzy
#| msgid "Author: Natiq MAMEDZADE"
msgctxt "4c1ea835"
msgid "Author: Natig MAMEDZADE"
msgstr "Автор: Натиг МАМЕДЗАДЕ"

#. paragraph 1, sentence 2
#: articles/aliyev-putin-2024.en.txt:2
msgctxt "d6ece7b4"
msgid "The talks underscored the robust level of bilateral ties."
msgstr ""

#~ msgctxt "0badc0de"
#~ msgid "A unit that left the article."
#~ msgstr "Ушедшая фраза."
EOF
expect_status 0 "convert the sample PO to PO" "$TERCUME" convert "$T/sample.po" -o "$T/sample-out.po"
expect_status 0 "convert it again" "$TERCUME" convert "$T/sample-out.po" -o "$T/sample-again.po"
check "PO to PO is stable" cmp -s "$T/sample-out.po" "$T/sample-again.po"
check "the fuzzy flag and previous msgid survive" grep -qx '#| msgid "Author: Natiq MAMEDZADE"' "$T/sample-out.po"
check "the format state survives" grep -qx '# xliff-state: signed-off' "$T/sample-out.po"
check "the obsolete entry survives" grep -qx '#~ msgctxt "0badc0de"' "$T/sample-out.po"
expect_status 0 "convert the exported catalogue PO to PO" "$TERCUME" convert "$T/ru.po" -o "$T/ru-again.po"
check "the exported catalogue converts to the same bytes" cmp -s "$T/ru.po" "$T/ru-again.po"

if need msgfmt "msgfmt checks"; then
	for f in x.pot ru.po az.po sample-out.po; do
		check "msgfmt -c --check-format accepts $f" msgfmt -c --check-format -o /dev/null "$T/$f"
	done
	stats() { LC_ALL=C msgfmt --statistics -o /dev/null "$1" 2>&1; }
	check "msgfmt counts 69 untranslated in ru.po" test "$(stats "$T/ru.po")" = "0 translated messages, 69 untranslated messages."
	check "msgfmt counts 69 untranslated in the template" test "$(stats "$T/x.pot")" = "0 translated messages, 69 untranslated messages."
	check "msgfmt counts the sample's states" test "$(stats "$T/sample-out.po")" = \
		"1 translated message, 1 fuzzy translation, 1 untranslated message."
	if need msgen "a fully translated catalogue"; then
		msgen "$T/ru.po" -o "$T/full.po"
		expect_status 0 "read a catalogue translated by msgen" "$TERCUME" convert "$T/full.po" -o "$T/full-out.po"
		check "msgfmt counts 69 translated after tercume" test "$(stats "$T/full-out.po")" = "69 translated messages."
	fi
fi
if need msgcat "msgcat idempotence"; then
	for f in x.pot ru.po az.po sample-out.po; do
		msgcat "$T/$f" -o "$T/cat.po"
		check "msgcat leaves $f byte-identical" cmp -s "$T/$f" "$T/cat.po"
	done
fi
if need msgmerge "msgmerge checks"; then
	msgmerge -q "$T/sample-out.po" "$T/x.pot" -o "$T/merged.po" 2>"$T/merge.err"
	check "msgmerge runs" test -s "$T/merged.po"
	check "msgmerge keeps msgctxt (69 live entries)" test "$(grep -c '^msgctxt ' "$T/merged.po")" = 69
	check "msgmerge keeps the translation under its ID" grep -q '^msgstr "Автор: Натиг МАМЕДЗАДЕ"' "$T/merged.po"
	check "msgmerge keeps the format state comment" grep -qx '# xliff-state: signed-off' "$T/merged.po"
	expect_status 0 "tercume reads what msgmerge made" "$TERCUME" convert "$T/merged.po" -o "$T/merged-out.po"
fi
if need pocount "Translate Toolkit checks"; then
	check "pocount reports 69 units" sh -c "pocount --csv '$T/ru.po' | grep -q '^[^,]*ru.po, *0, *0, *0, *0, *0, *69, *[0-9]*, *69,'"
	check "pocount reads the sample's states" sh -c "pocount --csv '$T/sample-out.po' | grep -q 'sample-out.po, *1, *[0-9]*, *[0-9]*, *1, *[0-9]*, *1, *[0-9]*, *3,'"
fi
if need po2xliff "Translate Toolkit po2xliff"; then
	check "po2xliff converts the catalogue" po2xliff --progress=none "$T/ru.po" "$T/ru.xlf"
	check "po2xliff sees 69 units" test "$(grep '<trans-unit' "$T/ru.xlf" | grep -vc x-gettext-domain-header)" = 69
fi
finish
