#!/bin/sh
# docdir.sh FROM TO PAGE... — the installed manual pages name the manual
# where it is installed.  The pages are made once, in the source tree (and
# shipped in the tarball), by a program configured with one docdir (FROM,
# recorded in man/stamp); an install with another docdir (a distribution's
# --prefix=/usr) rewrites the path in each PAGE, as written and as help2man
# escapes it for roff (a hyphen is "\-").  Each page is replaced whole
# (temporary file, then rename).
set -eu
from=$1 to=$2
shift 2
[ "$from" = "$to" ] && exit 0
# quote STRING: STRING as a sed pattern (BRE) or replacement, '|' delimited.
quote() { printf '%s' "$1" | sed 's/[][\.*^$|&/]/\\&/g'; }
roff() { printf '%s' "$1" | sed 's/-/\\-/g'; }
for page; do
	sed -e "s|$(quote "$(roff "$from")")|$(quote "$(roff "$to")")|g" \
	    -e "s|$(quote "$from")|$(quote "$to")|g" "$page" >"$page.tmp"
	mv "$page.tmp" "$page"
done
