#!/bin/sh
# make install into a scratch root (DESTDIR): what is installed where, the
# installed program runs with the installed shared library, a small program
# builds against it through pkg-config and runs, and the installed message
# catalogues make the installed tercume speak Russian and Azerbaijani
# (LANGUAGE, in a UTF-8 locale) while the C locale stays English.
. "$top_srcdir/tests/common.sh"

: "${MAKE:=make}" "${prefix:?}" "${libdir:?}" "${bindir:?}" "${includedir:?}"
D="$T/root"
# The sub-make is not a job of the make running the tests.
if ! (cd "$top_builddir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$MAKE" -s install DESTDIR="$D") \
	>"$T/install.log" 2>&1; then
	sed 's/^/    /' "$T/install.log"
	fail "make install DESTDIR=..."
	finish
	exit 1
fi
checks=$((checks + 1)); pass "make install DESTDIR=..."
find "$D" -type f -o -type l | sed "s|^$D||" | sort >"$T/installed"
echo "# installed:"; sed 's/^/#   /' "$T/installed"

has() { checks=$((checks + 1)); if grep -qx -- "$2" "$T/installed"; then pass "$1"; else fail "$1: no $2"; fi; }
has "the program" "$bindir/tercume"
has "the header" "$includedir/tercume.h"
has "the pkg-config file" "$libdir/pkgconfig/tercume.pc"
has "tercume(1)" "$mandir/man1/tercume.1"
has "tercume-merge(1)" "$mandir/man1/tercume-merge.1"
has "the bash completion" "$bashcompletiondir/tercume"
has "the built-in SRX rules, editable" "$pkgdatadir/srx/ru.srx"
has "the manual" "$docdir/doc/cli.md"
if [ "$nls" = yes ]; then
	has "the Russian messages" "$localedir/ru/LC_MESSAGES/tercume.mo"
	has "the Azerbaijani messages" "$localedir/az/LC_MESSAGES/tercume.mo"
fi
shared=$(sed -n "s/^dlname='\(.*\)'$/\1/p" "$top_builddir/libtercume.la")
if [ -n "$shared" ]; then
	has "the shared library ($shared)" "$libdir/$shared"
	check "no internal convenience library installed" sh -c "! grep -q internal '$T/installed'"
fi

# The pages name the manual where it is installed: made with one docdir
# (man/stamp), rewritten by an install with another (man/docdir.sh).
check "tercume-merge(1) names the installed manual" \
	grep -q "$(printf '%s' "$docdir" | sed 's/-/\\\\-/g')/doc/merge.md" "$D$mandir/man1/tercume-merge.1"
D2="$T/root2"
if (cd "$top_builddir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$MAKE" -s install-man install-man-docdir \
	DESTDIR="$D2" docdir=/srv/doc/tercume-x) >"$T/install2.log" 2>&1; then
	checks=$((checks + 1)); pass "make install-man with docdir=/srv/doc/tercume-x"
	check "... its pages name /srv/doc/tercume-x" \
		sh -c "grep -q 'srv/doc/tercume\\\\-x/doc/cli.md' '$D2$mandir/man1/tercume.1' &&
			grep -q 'srv/doc/tercume\\\\-x/doc/merge.md' '$D2$mandir/man1/tercume-merge.1' &&
			! grep -q 'share/doc/tercume/' '$D2$mandir/man1/tercume-merge.1'"
else
	sed 's/^/    /' "$T/install2.log"
	fail "make install-man with docdir=/srv/doc/tercume-x"
fi

# The installed program, with the installed library (not the build's).
export LD_LIBRARY_PATH="$D$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
tercume="$D$bindir/tercume"
expect_status 0 "the installed tercume runs" "$tercume" --version
check "... and says its version" grep -q '^tercume [0-9]' "$T/out"
if [ -n "$shared" ] && command -v ldd >/dev/null 2>&1; then
	ldd "$tercume" >"$T/ldd"
	check "it uses the installed libtercume" grep -q "libtercume.*=> $D$libdir/" "$T/ldd"
fi
expect_status 0 "it segments the article" "$tercume" segment --source-lang en "$ARTICLE"
check "... into its 69 units" test "$(wc -l <"$T/out")" -eq 69

# A program of one's own, built through pkg-config against the install.
if command -v pkg-config >/dev/null 2>&1 && [ -n "${CC:-}" ]; then
	cat >"$T/prog.c" <<'EOC'
#include <stdio.h>
#include <string.h>
#include <tercume.h>

int
main(int argc, char **argv)
{
	tercume_segment_options opts = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_doc *doc;
	char tag[32];

	if (argc != 2 || tercume_lang_canonical("RU_ru", tag, sizeof tag) != TERCUME_OK)
		return 1;
	if (tercume_doc_read_text(&doc, argv[1], &opts, NULL) != TERCUME_OK)
		return 1;
	printf("%s %s %zu\n", tercume_version(), tag, tercume_doc_unit_count(doc));
	tercume_doc_free(doc);
	return 0;
}
EOC
	flags=$(PKG_CONFIG_PATH="$D$libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D" \
		pkg-config --cflags --libs tercume 2>"$T/err")
	check "pkg-config --cflags --libs tercume" test -n "$flags"
	echo "# pkg-config: $flags"
	# A library built with ASan and UBSan needs their runtimes in the
	# program that loads it: the sanitizer build's flags (none otherwise).
	check "a program builds against the installed library" \
		sh -c "$CC ${TERCUME_SANITIZED:-} -o '$T/prog' '$T/prog.c' $flags 2>'$T/cc.err' || { cat '$T/cc.err'; exit 1; }"
	printf 'One sentence. And another one.\n' >"$T/two.txt"
	expect_status 0 "... and runs" "$T/prog" "$T/two.txt"
	check "... with the library's answers" \
		test "$(cat "$T/out")" = "$("$tercume" --version | sed -n '1s/^tercume //p') ru-RU 2"
	# the static library: pkg-config --static names every library it uses
	if [ -f "$D$libdir/libtercume.a" ]; then
		sflags=$(PKG_CONFIG_PATH="$D$libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D" \
			pkg-config --static --cflags --libs tercume 2>"$T/err" | sed "s|-ltercume|$D$libdir/libtercume.a|")
		check "a program links the static library with pkg-config --static --libs tercume" \
			sh -c "$CC ${TERCUME_SANITIZED:-} -o '$T/prog-static' '$T/prog.c' $sflags 2>'$T/cc.err' || { grep -m5 'undefined' '$T/cc.err'; exit 1; }"
		expect_status 0 "... and runs" "$T/prog-static" "$T/two.txt"
	else
		skip "the static library: not built (--disable-static)"
	fi
else
	skip "a program built through pkg-config: no pkg-config or no CC"
fi
# The installed catalogues: the installed tercume speaks Russian and
# Azerbaijani.  gettext ignores LANGUAGE in the C locale, so a UTF-8 one:
# C.UTF-8 (glibc has it built in), else the languages' own.
utf8=""
for l in C.UTF-8 C.utf8 ru_RU.UTF-8 az_AZ.UTF-8; do
	if LC_ALL=$l locale charmap 2>/dev/null | grep -qi '^utf-\?8$' &&
	   locale -a 2>/dev/null | grep -qix "$(echo "$l" | sed 's/UTF-8/utf8/')"; then
		utf8=$l
		break
	fi
done
if [ "$nls" != yes ]; then
	skip "the translations: configured with --disable-nls"
elif [ -z "$utf8" ]; then
	skip "the translations: no UTF-8 locale (C.UTF-8 or ru_RU.UTF-8: Debian package locales)"
else
	echo "# locale: $utf8"
	nbsp=$(printf '\302\240')	# U+00A0, which Russian typesetting puts before a dash
	# The installed program looks where it was installed: the scratch root
	# is not there, TERCUME_LOCALEDIR points at its catalogues.
	ru() { LC_ALL=$utf8 LANGUAGE=ru TERCUME_LOCALEDIR="$D$localedir" "$tercume" "$@"; }
	az() { LC_ALL=$utf8 LANGUAGE=az TERCUME_LOCALEDIR="$D$localedir" "$tercume" "$@"; }
	expect_status 0 "LANGUAGE=ru tercume --help" ru --help
	check "... speaks Russian" grep -q '^Команды:$' "$T/out"
	check "... with the commands' summaries in Russian" grep -q '^  merge      восстановить статью' "$T/out"
	check "... and «ёлочки»" grep -q '«tercume help COMMAND»' "$T/out"
	check "... and still names the commands and options as typed" grep -q '^Использование: tercume \[--help\] \[--version\] COMMAND' "$T/out"
	expect_status 0 "LANGUAGE=ru tercume merge --help" ru merge --help
	check "... the options' help in Russian" grep -q "^  -o, --output FILE  *записать издание в${nbsp}FILE" "$T/out"
	expect_status 0 "LANGUAGE=az tercume merge SEGMENTS xliff/az.xlf" \
		az merge "$SEGMENTS" "$top_srcdir/xliff/az.xlf" -o "$T/az.txt"
	check "... its summary in Azerbaijani, the language named in Azerbaijani" \
		grep -q '^tercume: az: 69 vahid, tərcümə olunmuş – 69, .*, ingilis dilində saxlanılan – 0, köhnəlmiş – 0$' "$T/err"
	check "... and the edition is the bundled one" cmp -s "$T/az.txt" "$top_srcdir/editions/aliyev-putin-2024.az.txt"
	expect_status 2 "LANGUAGE=az tercume merge --bogus" az merge --bogus
	check "... the usage error in Azerbaijani, with straight quotes" \
		test "$(cat "$T/err")" = "$(printf '%s\n' 'tercume: merge əmrinin "--bogus" parametri yoxdur' 'Ətraflı: "tercume help merge".')"
	expect_status 3 "LANGUAGE=ru: a library message (the reader's)" ru segment "$T/nope.txt"
	check "... in Russian, after the FILE: error: prefix" grep -q "^tercume: $T/nope.txt: error: не удаётся открыть: " "$T/err"
	printf 'msgid ""\nmsgstr "Language: ru\\nContent-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "A good day."\nmsgstr "Хороший день"\n' >"$T/bad.po"
	expect_status 1 "LANGUAGE=ru tercume check --werror --format json" ru check --werror --format json "$T/bad.po"
	check "... the JSON keys and check names stay English" \
		sh -c "grep -q '\"passed\": false' '$T/out' && grep -q '\"check\": \"end-punctuation\"' '$T/out'"
	check "... the messages are Russian, with a no-break space before the dash" \
		grep -q "\"message\": \"оригинал кончается точкой, перевод${nbsp}— без знака препинания\"" "$T/out"
	expect_status 1 "LANGUAGE=ru tercume check --werror --format github" ru check --werror --format github "$T/bad.po"
	check "... the workflow commands stay as GitHub reads them" grep -q '^::error file=.*bad.po,line=.*,title=tercume check \[end-punctuation\]::' "$T/out"
	check "... the verdict is Russian" grep -q '^::error::tercume check: НЕ ПРОЙДЕНА (1 файл, 1 ошибка, 0 предупреждений)' "$T/out"
	# The project commands (doc/project.md) speak them too; what scripts
	# read (status --files, JSON, JUnit) is the same in every language.
	P=$T/proj
	mkdir -p "$P/articles"
	printf 'The summit opened in Moscow. The talks lasted three hours.\n' >"$P/articles/one.en.txt"
	printf 'A quiet week in the capital.\n' >"$P/articles/two.en.txt"
	expect_status 0 "LANGUAGE=ru tercume init" sh -c "cd '$P' && LC_ALL=$utf8 LANGUAGE=ru TERCUME_LOCALEDIR='$D$localedir' '$tercume' init -l ru,az 'articles/*.en.txt'"
	check "... says what it wrote in Russian" grep -q "^tercume.ini: 2 статьи, 2 языка; дальше${nbsp}— tercume sync$" "$T/out"
	expect_status 0 "LANGUAGE=az tercume sync" sh -c "cd '$P' && LC_ALL=$utf8 LANGUAGE=az TERCUME_LOCALEDIR='$D$localedir' '$tercume' sync"
	check "... its lines in Azerbaijani" grep -q '^articles/one.en.txt: yeni, 2 vahid; ru: saxlanılan – 0, qeyri-dəqiq – 0, yeni – 2, istifadədən çıxmış – 0' "$T/out"
	check "... and its summary" grep -q '^sync: 2 məqalə: yeni – 2, dəyişmiş – 0, natamam – 0, dəyişməmiş – 0; 8 fayl yazıldı$' "$T/out"
	pr() { (cd "$P" && LC_ALL=$utf8 LANGUAGE=ru TERCUME_LOCALEDIR="$D$localedir" "$tercume" "$@"); }
	pc() { (cd "$P" && LC_ALL=C "$tercume" "$@"); }
	expect_status 0 "LANGUAGE=ru tercume status" pr status
	check "... its tables in Russian, the columns padded by characters" \
		grep -q '^статья              единиц  перев  неточ  непер   уст   един%   слов%$' "$T/out"
	check "... and the total" grep -q '^всего  ' "$T/out"
	pr status --files >"$T/files.ru" 2>&1; pc status --files >"$T/files.c" 2>&1
	check "status --files is the same in Russian" sh -c "test -s '$T/files.c' && cmp -s '$T/files.c' '$T/files.ru'"
	pr status --format json >"$T/json.ru" 2>&1; pc status --format json >"$T/json.c" 2>&1
	check "status --format json is the same in Russian" sh -c "grep -q '\"languages\": \[' '$T/json.c' && cmp -s '$T/json.c' '$T/json.ru'"
	expect_status 1 "LANGUAGE=ru tercume check over the project" pr check --min-coverage 100
	check "... the finding in Russian, after the FILE: error: [check] prefix" \
		grep -q "^po/one.ru.po: error: \[coverage\] ru: переведено 0.0% единиц${nbsp}— меньше минимума в${nbsp}100%$" "$T/out"
	check "... the verdict in Russian" \
		grep -q "^tercume check: НЕ ПРОЙДЕНА (4 каталога для 2 статей, не пройдено${nbsp}— 4, 4 ошибки, 0 предупреждений)$" "$T/out"
	expect_status 1 "LANGUAGE=ru tercume check --format junit" pr check --min-coverage 100 --format junit
	check "... the JUnit elements, attributes and types as JUnit readers know them" \
		sh -c "grep -q '<testsuites name=\"tercume check\" tests=\"4\" failures=\"4\"' '$T/out' && grep -q '<failure type=\"coverage\" message=\"переведено 0.0%' '$T/out'"
	expect_status 0 "LANGUAGE=az tercume build" sh -c "cd '$P' && LC_ALL=$utf8 LANGUAGE=az TERCUME_LOCALEDIR='$D$localedir' '$tercume' build"
	check "... its summary in Azerbaijani" grep -q '^build: 8 nəşr yaradıldı: yazılan – 8, dəyişməyən – 0, rədd edilən – 0$' "$T/out"
	printf '[project]\nsource-lang = en\nlanguages = ru ru\narticles = articles/*.en.txt\n' >"$P/bad.ini"
	expect_status 2 "LANGUAGE=ru: a bad project file" pr status -p bad.ini
	check "... the project file's error in Russian, with its line" \
		grep -q '^tercume: bad.ini:3: error: \[project\] languages: «ru» указан дважды$' "$T/err"
	expect_status 0 "LC_ALL=C with LANGUAGE=ru" env LC_ALL=C LANGUAGE=ru TERCUME_LOCALEDIR="$D$localedir" "$tercume" --help
	check "... stays English (gettext ignores LANGUAGE in the C locale)" grep -q '^Commands:$' "$T/out"
	expect_status 0 "LANGUAGE=de (no catalogue)" env LC_ALL=$utf8 LANGUAGE=de TERCUME_LOCALEDIR="$D$localedir" "$tercume" --help
	check "... is English" grep -q '^Commands:$' "$T/out"
fi
finish
