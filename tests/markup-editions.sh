#!/bin/sh
# The committed HTML and Markdown articles nobody here wrote (articles/SOURCES:
# json-c's README.html and double-conversion's README.md, as Debian ships
# them) with their Russian and Azerbaijani catalogues, translated by hand:
# the segments files and editions are what tercume makes of them now ('make
# markup-editions' writes them), every unit is translated, and each edition
# has its source's tags, attribute for attribute (HTML as parsed, Markdown as
# md4c renders it), but for its language on <html> and its charset.
. "$top_srcdir/tests/common.sh"
MC="$top_builddir/tests/markup-check"
cd "$top_srcdir" || exit 1

for a in json-c-readme.en.html double-conversion-readme.en.md; do
	b=${a%%.en.*}
	x=${a##*.}
	f=html
	[ "$x" = md ] && f=markdown
	expect_status 0 "$b: segmented" "$TERCUME" segment -o "$T/$b.seg" "articles/$a"
	check "$b: segments/$b.seg is up to date" cmp -s "$T/$b.seg" "segments/$b.seg"
	expect_status 0 "$b: merged without a catalogue" "$TERCUME" merge -o "$T/$b.back" "segments/$b.seg"
	check "$b: the article byte for byte" cmp -s "$T/$b.back" "articles/$a"
	for lang in ru az; do
		ed=editions/$b.$lang.$x
		expect_status 0 "$b.$lang: merge --fallback fail (every unit translated)" \
			"$TERCUME" merge --fallback fail -o "$T/$b.$lang.$x" "segments/$b.seg" "po/$b.$lang.po"
		check "$b.$lang: $ed is up to date" cmp -s "$T/$b.$lang.$x" "$ed"
		expect_status 0 "$b.$lang: the source's tags, attribute for attribute" \
			"$MC" --same-tags $f "articles/$a" "$ed"
		# no heading of the source is left in English
		left=$("$TERCUME" segment "articles/$a" | grep ' heading ' | sed 's/^[^ ]* *heading [0-9]* *//' |
		       grep -v '^Scons$\|^Cmake$' | while IFS= read -r h; do
			grep -qx "[[:space:]]*\(<[^>]*>\)*$h\(<[^>]*>\)*" "$ed" && echo "$h"; done)
		check "$b.$lang: no heading left in English${left:+ ($left)}" test -z "$left"
	done
done

# What a reader of each edition sees.
E=editions/json-c-readme
check "ru HTML: the language on <html>, the XHTML one too" \
	grep -q '^<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru" lang="ru">$' $E.ru.html
check "ru HTML: <title> translated" grep -q '<title>JSON-C — реализация JSON на C</title>' $E.ru.html
check "ru HTML: the link in its translated sentence" \
	grep -q 'Библиотека стремится соответствовать <a href="https://tools.ietf.org/html/rfc7159">RFC 7159</a>\.' $E.ru.html
check "ru HTML: a link around a heading kept" \
	grep -q '<h3><a href="https://github.com/json-c/json-c">Репозиторий Git</a></h3>' $E.ru.html
check "ru HTML: character references in codes as the source wrote them" \
	grep -q '<i>&lt;at&gt;</i>' $E.ru.html
check "az HTML: Azerbaijani headings" grep -q '<h3>Yığma</h3>' $E.az.html
for lang in ru az; do
	check "$lang HTML: the declared charset is UTF-8 (the source says ISO-8859-1)" \
		sh -c 'grep -q "content=\"text/html; charset=utf-8\"" "$1" && ! grep -qi "iso-8859-1" "$1"' - $E.$lang.html
done
E=editions/double-conversion-readme
check "ru Markdown: a setext heading translated, its underline kept" \
	sh -c 'grep -A1 -x "Сборка" "$1" | grep -qx "========"' - $E.ru.md
check "ru Markdown: reference links kept" \
	grep -q 'с помощью \[scons\]\[0\] или \[cmake\]\[1\]\.' $E.ru.md
check "ru Markdown: inline code in its translated sentence" \
	grep -q 'Подробная документация находится в `double-conversion/string-to-double.h`' $E.ru.md
check "ru Markdown: code blocks untouched" grep -qx '    scons DESTDIR=alternative_directory install' $E.ru.md
check "az Markdown: Azerbaijani text" grep -q 'Kitabxana V8 JavaScript mühərrikindən' $E.az.md

# The tag check can fail: an edition whose link went elsewhere.
sed 's|https://tools.ietf.org/html/rfc7159|https://example.org/|' editions/json-c-readme.ru.html >"$T/bad.html"
expect_status 1 "a changed href is another tag" "$MC" --same-tags html articles/json-c-readme.en.html "$T/bad.html"
check "... and the difference is shown" grep -q 'edition <a href="https://example.org/">' "$T/out"
sed 's|(http://www.scons.org/)|(http://example.org/)|; s|^\[0\]: http://www.scons.org/|[0]: http://example.org/|' \
	editions/double-conversion-readme.ru.md >"$T/bad.md"
expect_status 1 "a changed link in Markdown is another tag" \
	"$MC" --same-tags markdown articles/double-conversion-readme.en.md "$T/bad.md"
finish
