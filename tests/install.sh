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
	check "a program builds against the installed library" \
		sh -c "$CC -o '$T/prog' '$T/prog.c' $flags 2>'$T/cc.err' || { cat '$T/cc.err'; exit 1; }"
	printf 'One sentence. And another one.\n' >"$T/two.txt"
	expect_status 0 "... and runs" "$T/prog" "$T/two.txt"
	check "... with the library's answers" \
		test "$(cat "$T/out")" = "$("$tercume" --version | sed -n '1s/^tercume //p') ru-RU 2"
else
	skip "a program built through pkg-config: no pkg-config or no CC"
fi
finish
