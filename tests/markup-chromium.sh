#!/bin/sh
# The committed Russian and Azerbaijani editions of a real HTML page and a
# real Markdown file (tests/markup-editions.sh) shown in headless Chromium
# (Debian package chromium): the page Chromium builds has the translated
# title and headings, decoded as UTF-8 (no mojibake), and the same links as
# the source's page, each pointing where the source's did; a screenshot is
# taken of each and differs from the source's.  The Markdown editions are
# rendered to HTML with md4c first (tests/markup-check --render).
. "$top_srcdir/tests/common.sh"
MC="$top_builddir/tests/markup-check"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
	echo "SKIP: no Chromium at $CHROMIUM (Debian package chromium)"
	exit 77
fi
cd "$top_srcdir" || exit 1

# The flags keep Chromium off the network (which this machine closes) and
# out of any profile but a new one.
run_chromium() {
	timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$T/profile" --window-size=900,1200 "$@" 2>>"$T/chromium.err"
}
# page NAME FILE: NAME.dom (the DOM Chromium built) and NAME.png.
page() {
	run_chromium --dump-dom "file://$2" >"$T/$1.dom"
	run_chromium --screenshot="$T/$1.png" "file://$2" >/dev/null
}
# links FILE: the href of every <a>, in order.
links() {
	grep -o '<a [^>]*href="[^"]*"' "$1" | sed 's/.*href="//; s/"$//'
}
png() {
	test -s "$1" && test "$(head -c 8 "$1" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n'
}

# Markdown through md4c into a page of its own.
md_page() {
	{
		printf '<!DOCTYPE html>\n<html lang="%s"><head><meta charset="utf-8"><title>%s</title></head><body>\n' "$2" "$2"
		"$MC" --render "$1"
		printf '</body></html>\n'
	} >"$3"
}

cp articles/json-c-readme.en.html "$T/src-html.html"
md_page articles/double-conversion-readme.en.md en "$T/src-md.html"
page src-html "$T/src-html.html"
page src-md "$T/src-md.html"
if ! grep -q '<h3>Overview</h3>' "$T/src-html.dom"; then
	echo "SKIP: Chromium does not render here:"
	sed 's/^/    /' "$T/chromium.err" | tail -n 5
	exit 77
fi
links "$T/src-html.dom" >"$T/src-html.links"
links "$T/src-md.dom" >"$T/src-md.links"
check "the source page has its links (4 or more)" test "$(wc -l <"$T/src-html.links")" -ge 4

for lang in ru az; do
	cp editions/json-c-readme.$lang.html "$T/$lang-html.html"
	md_page editions/double-conversion-readme.$lang.md $lang "$T/$lang-md.html"
	page $lang-html "$T/$lang-html.html"
	page $lang-md "$T/$lang-md.html"
	for k in html md; do
		check "$lang $k: rendered" test -s "$T/$lang-$k.dom"
		check "$lang $k: decoded as UTF-8 (no mojibake)" sh -c '! grep -q "Ã\|Ð\|Ñ\|Ä±" "$1"' - "$T/$lang-$k.dom"
		links "$T/$lang-$k.dom" >"$T/$lang-$k.links"
		check "$lang $k: the source's links, in order, to the same places" \
			cmp -s "$T/src-$k.links" "$T/$lang-$k.links"
		check "$lang $k: a screenshot" png "$T/$lang-$k.png"
		check "$lang $k: the screenshot is not the source's" sh -c '! cmp -s "$1" "$2"' - \
			"$T/src-$k.png" "$T/$lang-$k.png"
	done
done
check "ru HTML: the translated title" grep -q '<title>JSON-C — реализация JSON на C</title>' "$T/ru-html.dom"
check "ru HTML: translated headings" \
	sh -c 'grep -q "<h3>Обзор</h3>" "$1" && grep -q "<h3>Сборка</h3>" "$1" && grep -q "Репозиторий Git</a></h3>" "$1"' - "$T/ru-html.dom"
check "ru HTML: the page's language" grep -q '<html [^>]*lang="ru"' "$T/ru-html.dom"
check "az HTML: translated headings" \
	sh -c 'grep -q "<h3>Ümumi baxış</h3>" "$1" && grep -q "<h3>Yığma</h3>" "$1"' - "$T/az-html.dom"
check "ru Markdown: translated headings" \
	sh -c 'grep -q "<h1>Сборка</h1>" "$1" && grep -q "<h2>Scons</h2>" "$1"' - "$T/ru-md.dom"
check "ru Markdown: the link in its translated sentence" \
	grep -q 'с помощью <a href="http://www.scons.org/">scons</a>' "$T/ru-md.dom"
check "az Markdown: translated headings" grep -q '<h1>Yığma</h1>' "$T/az-md.dom"
finish
