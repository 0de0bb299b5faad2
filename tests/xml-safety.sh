#!/bin/sh
# Every XML reader (XLIFF, SRX, TMX) goes through one safe parser: an entity
# declaration is refused where it stands, so neither an external entity nor
# an entity bomb is ever expanded, and nothing outside the file is read.
. "$top_srcdir/tests/common.sh"

echo "TOP SECRET 8c1f" >"$T/secret.txt"
xxe_decl="<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file://$T/secret.txt\">]>"
bomb_decl='<!DOCTYPE x [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>'
"$TERCUME" export -l ru -o "$T/ru.po" "$SEGMENTS"

tmx() { # NAME DECL ENTITYREF
	printf '<?xml version="1.0"?>\n%s\n<tmx version="1.4"><header srclang="en" segtype="sentence" datatype="plaintext" o-tmf="x" adminlang="en" creationtool="x" creationtoolversion="1"/><body>\n<tu><tuv xml:lang="en"><seg>Author: Natig MAMEDZADE</seg></tuv><tuv xml:lang="ru"><seg>%s</seg></tuv></tu>\n</body></tmx>\n' \
		"$2" "$3" >"$T/$1.tmx"
}
tmx xxe "$xxe_decl" '&xxe;'
tmx bomb "$bomb_decl" '&d;&d;&d;&d;'
for kind in xxe:2 bomb:3; do
	line=${kind#*:} kind=${kind%:*}
	cp "$T/ru.po" "$T/before.po"
	expect_status 2 "TMX with $kind: refused" "$TERCUME" tm import "$T/$kind.tmx" "$T/ru.po"
	stderr_has "$kind.tmx:$line: error: entity declarations are not allowed" "TMX with $kind: named at its line"
	check "TMX with $kind: the catalogue is untouched" cmp -s "$T/before.po" "$T/ru.po"
	check "TMX with $kind: the secret is not read" sh -c "! grep -rq 'TOP SECRET' '$T/out' '$T/err' '$T/ru.po'"
done
# A plain DOCTYPE with an external identifier (as OmegaT writes) is fine: never loaded.
tmx plain '<!DOCTYPE tmx SYSTEM "tmx14.dtd">' 'Автор: Натиг МАМЕДЗАДЕ'
expect_status 0 "TMX with an external DOCTYPE only: read" "$TERCUME" tm import "$T/plain.tmx" "$T/ru.po"

srx() { # NAME DECL
	printf '<?xml version="1.0"?>\n%s\n<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header segmentsubflows="yes" cascade="no"/><body><languagerules><languagerule languagerulename="x"><rule break="no"><beforebreak>&xxe;</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="x"/></maprules></body></srx>\n' \
		"$2" >"$T/$1.srx"
}
srx xxe "$xxe_decl"
expect_status 2 "SRX with an external entity: refused" "$TERCUME" segment --srx "$T/xxe.srx" "$ARTICLE"
stderr_has "xxe.srx:2: error: entity declarations are not allowed" "SRX: named at its line"
check "SRX: the secret is not read" sh -c "! grep -q 'TOP SECRET' '$T/out' '$T/err'"
finish
