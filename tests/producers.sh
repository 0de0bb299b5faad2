#!/bin/sh
# Files that other tools write (issue 12): each made in the test by the
# producer itself, read by tercume, and kept intact through its round trips.
# A producer that is not installed is skipped; with none at all, exit 77.
. "$top_srcdir/tests/common.sh"

have() { command -v "$1" >/dev/null 2>&1; }
skip() { echo "SKIP: $*"; }
# same_po A B: the two PO files hold the same entries, header and comments
same_po() { msgcat "$1" >"$T/same.a" 2>/dev/null && msgcat "$2" >"$T/same.b" 2>/dev/null && cmp -s "$T/same.a" "$T/same.b"; }
RU_EDITION="$top_srcdir/editions/aliyev-putin-2024.ru.txt"

printf 'A tiny article.\n\nIt has a first sentence. It has a second one.\n' >"$T/art.txt"
"$TERCUME" segment -o "$T/art.seg" "$T/art.txt"

# ---- xgettext + msginit: no msgctxt, a plural entry, a header of their own ----
if have xgettext && have msginit && have msgen && have msgfilter; then
	printf '%s\n' '#include <libintl.h>' '#define _(s) gettext(s)' \
		'int f(int n) { _("A tiny article."); _("It has a first sentence.");' \
		'  _("It has a second one."); return printf(ngettext("%d file", "%d files", n), n); }' >"$T/t.c"
	(cd "$T" && xgettext -k_ -o t.pot t.c && msginit -i t.pot -l ru_RU.UTF-8 --no-translator -o ru.po) 2>/dev/null
	msgen "$T/ru.po" | LC_ALL=C.UTF-8 msgfilter --keep-header sed -e 's/^/RU: /' 2>/dev/null |
		sed -e 's/^msgstr\[0\] ""/msgstr[0] "RU: %d file"/' -e 's/^msgstr\[\([12]\)\] ""/msgstr[\1] "RU: %d files"/' >"$T/ru.tmp"
	mv "$T/ru.tmp" "$T/ru.po"
	cp "$T/ru.po" "$T/ru.orig"
	check "xgettext: the catalogue has no msgctxt and a plural entry" \
		sh -c "! grep -q '^msgctxt' '$T/ru.po' && grep -q '^msgid_plural' '$T/ru.po'"
	expect_status 0 "xgettext: tercume reads the template" "$TERCUME" convert "$T/t.pot" -o "$T/t-out.pot"
	check "xgettext: the template comes back intact (header, flags, plural)" same_po "$T/t.pot" "$T/t-out.pot"
	expect_status 0 "msginit: tercume reads the catalogue" "$TERCUME" convert "$T/ru.po" -o "$T/ru-out.po"
	check "msginit: convert PO -> PO keeps it intact" same_po "$T/ru.po" "$T/ru-out.po"
	expect_status 0 "msginit: merge matches the entries to the units by their source text" \
		"$TERCUME" merge --fallback fail "$T/art.seg" "$T/ru.po" -o "$T/art.ru.txt"
	check "msginit: ... and the edition is translated" \
		test "$(cat "$T/art.ru.txt")" = "$(printf 'RU: A tiny article.\n\nRU: It has a first sentence. RU: It has a second one.')"
	expect_status 0 "msginit: check reads it" "$TERCUME" check --min-coverage 100 "$T/ru.po"
	expect_status 0 "msginit: tm export and tm import" sh -c \
		"'$TERCUME' tm export -o '$T/m.tmx' '$T/ru.po' && '$TERCUME' tm import '$T/m.tmx' '$T/ru.po'"
	check "msginit: tm import keeps it intact" same_po "$T/ru.orig" "$T/ru.po"
	expect_status 0 "msginit: update with the article" "$TERCUME" update -s "$T/art.seg" "$T/art.txt" "$T/ru.po"
	stdout_has() { grep -q -- "$1" "$T/out"; }
	check "msginit: update keeps every unit" stdout_has 'kept 3, fuzzy 0, new 0, obsolete 0'
	check "msginit: after update still no msgctxt, the plural entry and the header as they were" sh -c \
		"! grep -q '^msgctxt' '$T/ru.po' && grep -q '^msgstr.1. \"RU: %d files\"' '$T/ru.po' && grep -q '^\"Language-Team: none' '$T/ru.po'"
	check "msginit: the updated file is valid for msgfmt -c" msgfmt -c -o /dev/null "$T/ru.po"
	# no multi-line msgid dumped into an error
	printf 'msgid "two\\n"\n"lines"\nmsgstr ""\n\nmsgid "two\\n"\n"lines"\nmsgstr ""\n' >"$T/dup.po"
	expect_status 2 "a duplicate entry is one error" "$TERCUME" convert "$T/dup.po" -o "$T/dup-out.po"
	check "... on one line, without the msgid" sh -c "[ \$(wc -l <'$T/err') -eq 1 ] && ! grep -q lines '$T/err'"
else
	skip "xgettext/msginit checks: gettext is not installed"
fi

# ---- msgunfmt of Debian's compiled catalogues ----
if have msgunfmt; then
	n=0
	for mo in /usr/share/locale/ru/LC_MESSAGES/adduser.mo /usr/share/locale/ru/LC_MESSAGES/apt.mo \
		/usr/share/locale/ru/LC_MESSAGES/dpkg.mo; do
		[ -f "$mo" ] || continue
		name=$(basename "$mo" .mo)
		msgunfmt "$mo" -o "$T/$name.po" 2>/dev/null || continue
		n=$((n + 1))
		expect_status 0 "msgunfmt $name.mo: tercume reads it" "$TERCUME" convert "$T/$name.po" -o "$T/$name-out.po"
		check "msgunfmt $name.mo: PO -> PO keeps every entry, plural, context and the header" \
			same_po "$T/$name.po" "$T/$name-out.po"
	done
	[ $n -gt 0 ] || skip "msgunfmt checks: no adduser, apt or dpkg catalogue under /usr/share/locale/ru"
	if [ -f "$T/apt.po" ]; then
		check "msgunfmt apt.mo: it has plural entries" grep -q '^msgid_plural' "$T/apt.po"
	fi
else
	skip "msgunfmt checks: gettext is not installed"
fi

# ---- po4a: a template of a text document ----
if have po4a-updatepo && have msginit; then
	(cd "$T" && po4a-updatepo -f text -m art.txt -p po4a.pot && msginit -i po4a.pot -l ru_RU.UTF-8 \
		--no-translator -o po4a-ru.po) >/dev/null 2>&1
	msgen "$T/po4a-ru.po" | LC_ALL=C.UTF-8 msgfilter --keep-header -o "$T/po4a-ru.po" sed -e 's/^/RU: /' 2>/dev/null
	expect_status 0 "po4a: tercume reads po4a's PO" "$TERCUME" convert "$T/po4a-ru.po" -o "$T/po4a-out.po"
	check "po4a: PO -> PO keeps it intact" same_po "$T/po4a-ru.po" "$T/po4a-out.po"
	(cd "$T" && po4a-translate -f text -m art.txt -p po4a-ru.po -l a1.txt -k 0 &&
		po4a-translate -f text -m art.txt -p po4a-out.po -l a2.txt -k 0) >/dev/null 2>&1
	check "po4a: po4a-translate makes the same document from both" sh -c "test -s '$T/a1.txt' && cmp -s '$T/a1.txt' '$T/a2.txt'"
	expect_status 0 "po4a: a one-sentence paragraph is matched by its source" \
		"$TERCUME" merge --min-coverage 0 "$T/art.seg" "$T/po4a-ru.po" -o "$T/po4a.txt"
	check "po4a: ... and translated" sh -c "head -n 1 '$T/po4a.txt' | grep -qx 'RU: A tiny article.'"
else
	skip "po4a checks: po4a is not installed"
fi

# ---- Translate Toolkit: txt2po, pot2po (an empty Language), po2xliff, xliff2po ----
if have txt2po && have pot2po && have po2xliff && have xliff2po; then
	txt2po "$T/art.txt" "$T/txt2po.po" >/dev/null 2>&1
	expect_status 0 "txt2po: tercume reads it" "$TERCUME" convert "$T/txt2po.po" -o "$T/txt2po-out.po"
	check "txt2po: PO -> PO keeps it intact" same_po "$T/txt2po.po" "$T/txt2po-out.po"

	"$TERCUME" export "$T/art.seg" -o "$T/art.pot"
	pot2po -i "$T/art.pot" -o "$T/pot2po.po" >/dev/null 2>&1
	check "pot2po: its PO has an empty Language header" grep -q '^"Language: \\n"' "$T/pot2po.po"
	LC_ALL=C.UTF-8 msgfilter -i "$T/pot2po.po" -o "$T/pot2po.po" --keep-header sed -e 's/.*/RU: &/' 2>/dev/null
	# pot2po's msgfilter leaves msgstr "" for a msgid; fill them from msgen
	msgen "$T/art.pot" | LC_ALL=C.UTF-8 msgfilter --keep-header sed -e 's/^/RU: /' 2>/dev/null |
		sed 's/^"Language: .*\\n"$/"Language: \\n"/' >"$T/pot2po.po"
	expect_status 2 "pot2po: merge without -l says the language is unknown" \
		"$TERCUME" merge "$T/art.seg" "$T/pot2po.po" -o "$T/p.txt"
	stderr_has "names no target language.*-l LANG" \
		"pot2po: ... and how to name it"
	expect_status 0 "pot2po: merge -l ru makes the edition" \
		"$TERCUME" merge -l ru "$T/art.seg" "$T/pot2po.po" -o "$T/p.txt"
	check "pot2po: ... in Russian" grep -q '^RU: A tiny article\.$' "$T/p.txt"
	expect_status 2 "pot2po: merge -l with another language than the file's is refused" \
		"$TERCUME" merge -l az "$T/art.seg" "$T/ru-out.po" -o "$T/p2.txt"
	expect_status 0 "pot2po: check without -l" "$TERCUME" check "$T/pot2po.po"
	stderr_has "names no target language.*-l LANG" "pot2po: check says the language is unknown"
	expect_status 0 "pot2po: check -l ru" "$TERCUME" check -l ru "$T/pot2po.po"
	check "pot2po: ... and then says nothing of it" sh -c "! grep -q 'no target language' '$T/err'"

	# po2xliff writes XLIFF 1.1, with counters for unit ids
	"$TERCUME" export "$T/art.seg" -l ru -o "$T/tt.po"
	msgen "$T/tt.po" | LC_ALL=C.UTF-8 msgfilter --keep-header -o "$T/tt.po" sed -e 's/^/RU: /' 2>/dev/null
	po2xliff -i "$T/tt.po" -o "$T/tt11.xlf" >/dev/null 2>&1
	check "po2xliff: it writes XLIFF 1.1" grep -q 'xliff:document:1.1' "$T/tt11.xlf"
	expect_status 0 "po2xliff: tercume reads XLIFF 1.1" "$TERCUME" convert "$T/tt11.xlf" --to xliff12 -o "$T/tt12.xlf"
	expect_status 0 "po2xliff: its units (no target-language) are matched to the article by their source" \
		"$TERCUME" merge -l ru --fallback fail "$T/art.seg" "$T/tt11.xlf" -o "$T/tt.txt"
	# XLIFF 1.0: its specification (a DTD) has no namespace; some tools
	# write urn:oasis:names:tc:xliff:document:1.0 all the same
	sed 's/ xmlns="urn:oasis:names:tc:xliff:document:1.1"//; s/version="1.1"/version="1.0"/' \
		"$T/tt11.xlf" >"$T/tt10.xlf"
	sed 's/xliff:document:1.1/xliff:document:1.0/; s/version="1.1"/version="1.0"/' \
		"$T/tt11.xlf" >"$T/tt10ns.xlf"
	for f in tt10 tt10ns; do
		expect_status 0 "XLIFF 1.0 ($f): merge matches its units to the article" \
			"$TERCUME" merge -l ru --fallback fail "$T/art.seg" "$T/$f.xlf" -o "$T/$f.txt"
		check "XLIFF 1.0 ($f): ... the same edition as from XLIFF 1.1" cmp -s "$T/tt.txt" "$T/$f.txt"
	done
	sed 's/version="1.1"/version="1.7"/' "$T/tt11.xlf" >"$T/tt17.xlf"
	expect_status 2 "an unknown XLIFF version is refused" "$TERCUME" convert "$T/tt17.xlf" -o "$T/x.po"
	stderr_has "is not a version tercume reads: it reads XLIFF 1.0, 1.1 and 1.2 \\(as xliff12\\), 2.0 and 2.1 \\(as xliff20\\)" \
		"... naming every version that is read"

	# our XLIFF 1.2 through xliff2po and back: IDs, notes and states
	ids=$(grep '^unit ' "$T/art.seg" | cut -d' ' -f2)
	set -- $ids
	{
		printf 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"X-Source-File: %s\\n"\n\n' "$T/art.txt"
		printf '#. paragraph 1\nmsgctxt "%s"\nmsgid "A tiny article."\nmsgstr "Крошечная статья."\n\n' "$1"
		printf '# check the word order\n#. paragraph 2, sentence 1\n#, fuzzy\nmsgctxt "%s"\nmsgid "It has a first sentence."\nmsgstr "В ней первое предложение."\n\n' "$2"
		printf '#. paragraph 2, sentence 2\nmsgctxt "%s"\nmsgid "It has a second one."\nmsgstr ""\n\n' "$3"
		printf '#~ msgctxt "0badc0de"\n#~ msgid "An old sentence."\n#~ msgstr "Старое предложение."\n'
	} >"$T/states.po"
	"$TERCUME" convert "$T/states.po" --to xliff12 -o "$T/states12.xlf"
	xliff2po -i "$T/states12.xlf" -o "$T/states-tt.po" >/dev/null 2>&1
	expect_status 0 "xliff2po: tercume reads its PO (no Language: -l)" "$TERCUME" convert -l ru "$T/states-tt.po" --to xliff20 -o "$T/after.xlf"
	"$TERCUME" convert "$T/states.po" --to xliff20 -o "$T/before.xlf"
	# the unit IDs, states, context notes and comments of the two agree
	summary() { grep -Eo '<unit id="[^"]*"|<segment[^>]*>|<note category="(context|translator)">[^<]*|<file id="[^"]*"' "$1"; }
	check "xliff2po + tercume: IDs, states, context notes and comments survive" \
		sh -c "summary() { grep -Eo '<unit id=\"[^\"]*\"|<segment[^>]*>|<note category=\"(context|translator)\">[^<]*|<file id=\"[^\"]*\"' \"\$1\"; }; summary '$T/before.xlf' >'$T/s1'; summary '$T/after.xlf' >'$T/s2'; cmp -s '$T/s1' '$T/s2' || diff '$T/s1' '$T/s2'"
	check "xliff2po + tercume: the obsolete unit is obsolete again" grep -q '<file id="obsolete"' "$T/after.xlf"
	expect_status 0 "xliff2po + tercume: merge fills the translated unit" \
		"$TERCUME" merge -l ru --min-coverage 0 "$T/art.seg" "$T/states-tt.po" -o "$T/states.txt"
	check "xliff2po + tercume: ... and keeps the fuzzy one out" \
		sh -c "grep -qx 'Крошечная статья.' '$T/states.txt' && grep -q '^It has a first sentence' '$T/states.txt'"
else
	skip "Translate Toolkit checks: translate-toolkit is not installed"
fi

# ---- OmegaT 3.6, console mode: our PO translated from our TMX ----
if have java && [ -f /usr/share/omegat/OmegaT.jar ]; then
	P="$T/omegat"
	mkdir -p "$P/source" "$P/target" "$P/tm/auto" "$P/omegat" "$P/glossary" "$P/dictionary"
	"$TERCUME" export "$SEGMENTS" -l ru -o "$P/source/ru.po"
	"$TERCUME" export "$SEGMENTS" -l ru --to xliff12 -o "$P/source/ru12.xlf"
	"$TERCUME" tm export -o "$P/tm/auto/ru.tmx" "$top_srcdir/po/ru.po"
	cat >"$P/omegat.project" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>EN</source_lang>
    <target_lang>RU</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneRussianTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
EOF
	expect_status 0 "OmegaT: console-translate of our PO and XLIFF 1.2 with our TMX" \
		timeout 600 java -Djava.awt.headless=true -jar /usr/share/omegat/OmegaT.jar "$P" --mode=console-translate
	expect_status 0 "OmegaT: its PO makes the Russian edition, every unit translated" \
		"$TERCUME" merge --fallback fail "$SEGMENTS" "$P/target/ru.po" -o "$T/omegat.ru.txt"
	check "OmegaT: ... the same as the bundled one" cmp -s "$RU_EDITION" "$T/omegat.ru.txt"
	# what doc/xliff.md says: OmegaT 3.6 translates the text of <target>
	# elements, so our XLIFF 1.2 template (no <target>) gets nothing
	check "OmegaT: our XLIFF 1.2 template comes back untranslated (use PO with OmegaT)" \
		sh -c "! grep -q '<target' '$P/target/ru12.xlf'"
else
	skip "OmegaT checks: omegat (Java) is not installed"
fi

# ---- Project-Id-Version from the whole name ----
if [ -f /usr/share/common-licenses/GFDL-1.2 ] && [ -f /usr/share/common-licenses/GFDL-1.3 ]; then
	for v in 1.2 1.3; do
		"$TERCUME" segment -o "$T/gfdl$v.seg" /usr/share/common-licenses/GFDL-$v
		"$TERCUME" export "$T/gfdl$v.seg" -o "$T/gfdl$v.pot"
		check "Project-Id-Version of GFDL-$v is GFDL-$v" grep -q "^\"Project-Id-Version: GFDL-$v\\\\n\"" "$T/gfdl$v.pot"
	done
fi
"$TERCUME" export "$SEGMENTS" -o "$T/a.pot"
check "Project-Id-Version of aliyev-putin-2024.en.txt is aliyev-putin-2024" \
	grep -q '^"Project-Id-Version: aliyev-putin-2024\\n"' "$T/a.pot"
finish
