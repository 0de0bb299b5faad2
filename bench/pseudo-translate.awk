# pseudo-translate.awk — fills every msgstr of a PO file with "[xx] " and
# its msgid, so that a merged edition visibly differs from its source.  The
# header entry (msgid "") is kept; plural forms do not occur in articles.
# Usage: awk -f pseudo-translate.awk IN.po >OUT.po
/^msgid "/ {
	n = 1; id[1] = substr($0, 7); state = "id"; print; next
}
/^"/ && state == "id" { id[++n] = $0; print; next }
/^"/ && state == "skip" { next }
/^msgstr "/ {
	if (n == 1 && id[1] == "\"\"") { state = "header"; print; next }
	print "msgstr \"[xx] " substr(id[1], 2)
	for (i = 2; i <= n; i++)
		print id[i]
	state = "skip"; next
}
/^"/ { print; next }
{ state = ""; print }
