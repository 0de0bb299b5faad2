#!/bin/sh
# tercume on the OASIS XLIFF 2.1 test suite (../shared/xliff-test-suite, the
# TC's own files, never copied into the project).  Prints, and checks:
#   - valid core and module documents: read without error, with as many
#     units and segments as Python's XML parser counts (tests/xliff-count.py),
#     and `tercume convert` of each to XLIFF 2.0 valid against the OASIS
#     schemas, with the same content as the document (tests/xliff-same.py:
#     units, segments, ignorables, inline codes, notes, modules and
#     extensions), and converted again byte for byte the same;
#   - invalid core and module documents: rejected with exit status 2 and an
#     error naming the file, the line and the rule broken (the rule: an ERE
#     per document in tests/data/xliff-suite/rules.txt);
#   - the in-out documents (*_in and *_out alike): the same as the valid
#     ones.  tercume does not join or split segments, so what the suite
#     asks a processor to make of an _in file is not tested; that both
#     files read and write back with their content is.
# A document listed in tests/data/xliff-suite/pending.txt is one tercume
# does not handle yet: it must still fail (so that the list only shrinks).
. "$top_srcdir/tests/common.sh"

SUITE=${XLIFF_SUITE:-$top_srcdir/../shared/xliff-test-suite}
SCHEMAS=$top_srcdir/../shared/schemas
RULES=$DATA/xliff-suite/rules.txt
PENDING=$DATA/xliff-suite/pending.txt
if [ ! -d "$SUITE/core/valid" ]; then
	echo "SKIP: the OASIS XLIFF 2.1 test suite is absent ($SUITE)"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed to count units independently of tercume"
	exit 77
fi
have_xmllint=yes
command -v xmllint >/dev/null 2>&1 || have_xmllint=no
[ -d "$SCHEMAS/xliff-2.0" ] || have_xmllint=no
[ "$have_xmllint" = yes ] || skip "schema checks of the converted files (xmllint or $SCHEMAS missing)"

pending() { grep -q "^$1 " "$PENDING" 2>/dev/null; }
rule_of() { awk -v f="$1" '$1 == f { sub(/^[^ ]+ +/, ""); print; exit }' "$RULES"; }

# valid DIR: every document read, counted right, converted to a valid 2.0 file.
valid_dir() {
	dir=$1; n=0; good=0
	python3 "$top_srcdir/tests/xliff-count.py" "$SUITE/$dir"/*.xlf >"$T/expect"
	for f in "$SUITE/$dir"/*.xlf; do
		name=$(basename "$f"); n=$((n + 1)); ok=yes; why=
		want=$(awk -v f="$name" '$1 == f { print $2, $3 }' "$T/expect")
		got=$("$top_builddir/tests/xliff-read" "$f" 2>"$T/read.err" | awk '{ print $2 ($3 == "" ? "" : " " $3) }')
		if [ "$got" = error ]; then
			ok=no; why="not read: $(head -1 "$T/read.err")"
		elif [ "$got" != "$want" ]; then
			ok=no; why="units and segments: tercume $got, expected $want"
		elif ! rm -f "$T/conv.xlf" "$T/again.xlf" ||
		     ! "$TERCUME" convert "$f" --to xliff20 -o "$T/conv.xlf" 2>"$T/conv.err"; then
			ok=no; why="convert failed: $(head -1 "$T/conv.err")"
		elif [ "$have_xmllint" = yes ] &&
		     ! xmllint --nonet --noout --schema "$SCHEMAS/xliff-2.0/local_driver_core_plus_modules.xsd" \
			"$T/conv.xlf" >"$T/lint" 2>&1; then
			ok=no; why="converted file invalid: $(grep -v validates "$T/lint" | head -1)"
		elif ! python3 "$top_srcdir/tests/xliff-same.py" "$f" "$T/conv.xlf" >"$T/same" 2>&1; then
			ok=no; why="content changed: $(head -1 "$T/same" | sed "s|$SUITE/||")"
		elif ! "$TERCUME" convert "$T/conv.xlf" --to xliff20 -o "$T/again.xlf" 2>"$T/conv.err" ||
		     ! cmp -s "$T/conv.xlf" "$T/again.xlf"; then
			ok=no; why="converting the converted file again changes it"
		fi
		if pending "$dir/$name"; then
			checks=$((checks + 1))
			if [ $ok = yes ]; then fail "$dir/$name is read now: take it off pending.txt"
			else pass "$dir/$name still pending ($why)"; fi
		else
			checks=$((checks + 1))
			if [ $ok = yes ]; then pass "$dir/$name read ($want)"; else fail "$dir/$name: $why"; fi
		fi
		[ $ok = yes ] && good=$((good + 1))
	done
	echo "# $dir: read $good of $n"
	summary="$summary$dir: read $good of $n
"
}

# invalid DIR: every document rejected, exit 2, FILE:LINE and the rule.
invalid_dir() {
	dir=$1; n=0; rejected=0; right=0
	for f in "$SUITE/$dir"/*.xlf; do
		name=$(basename "$f"); n=$((n + 1)); ok=yes; why=
		rule=$(rule_of "$name")
		"$TERCUME" check "$f" >/dev/null 2>"$T/err"; rc=$?
		if [ $rc -ne 2 ]; then
			ok=no; why="exit $rc, want 2"
		else
			rejected=$((rejected + 1))
			if ! grep -q "$f:[0-9][0-9]*: error: " "$T/err"; then
				ok=no; why="no FILE:LINE: error: line: $(head -1 "$T/err")"
			elif [ -z "$rule" ]; then
				ok=no; why="no rule for it in rules.txt: $(head -1 "$T/err")"
			elif ! grep -Eq -- "$rule" "$T/err"; then
				ok=no; why="wrong reason (want /$rule/): $(head -1 "$T/err" | sed "s|$SUITE/||")"
			fi
		fi
		[ $ok = yes ] && right=$((right + 1))
		checks=$((checks + 1))
		if pending "$dir/$name"; then
			if [ $ok = yes ]; then fail "$dir/$name is rejected for its rule now: take it off pending.txt"
			else pass "$dir/$name still pending ($why)"; fi
		else
			if [ $ok = yes ]; then pass "$dir/$name rejected: $(head -1 "$T/err" | sed "s|$SUITE/||")"
			else fail "$dir/$name: $why"; fi
		fi
	done
	echo "# $dir: rejected $rejected of $n, $right for the rule they break"
	summary="$summary$dir: rejected $rejected of $n, $right for the rule they break
"
}

# What only XLIFF 2 holds is named when another format leaves it out.
f="$SUITE/core/valid/everything-core.xlf"
expect_status 0 "everything-core to PO" "$TERCUME" convert "$f" -o "$T/everything.po"
stderr_has "warning: what the XLIFF 2 file held .* is left out here .*<ignorable>" \
	"converting to PO names what is left out"
expect_status 0 "everything-core to XLIFF 2.0" "$TERCUME" convert "$f" --to xliff20 -o "$T/everything.xlf"
check "converting to XLIFF 2.0 leaves nothing out" sh -c "! grep -q 'left out' '$T/err'"

summary=
valid_dir core/valid
valid_dir modules/valid
invalid_dir core/invalid
invalid_dir modules/invalid
valid_dir core/in-out
printf '%s' "$summary" | sed 's/^/# suite: /'
finish
