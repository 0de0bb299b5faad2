#!/bin/sh
# Output that cannot be written: a full disk (/dev/full), standard output on
# a full disk, a device or FIFO as the output (written in place, never
# replaced by a regular file), a symbolic link (stays a link).  Every
# failure exits with status 3, names the file, and leaves nothing behind.
# See doc/limits.md, "Output files".
. "$top_srcdir/tests/common.sh"

PO="$top_srcdir/po/ru.po"
XLF="$top_srcdir/xliff/az.xlf"

# The devices: a private copy of /dev/full and /dev/null where we may make
# device nodes (root, as in CI), so that a bug that renames over the
# device hits the copy; and the real /dev/full in any case.
devs="/dev/full"
if mknod "$T/full" c 1 7 2>/dev/null && mknod "$T/null" c 1 3 2>/dev/null; then
	devs="$T/full /dev/full"
else
	skip "a private copy of /dev/full and /dev/null: not root, cannot make device nodes; testing /dev/full only"
fi

# Each writer, with "@" for the output file.
writers() {
	cat <<EOF
segment	segment -o @ $ARTICLE
export-pot	export -o @ --to po $SEGMENTS
export-po	export -o @ --to po --lang ru $SEGMENTS
export-xliff20	export -o @ --to xliff20 --lang az $SEGMENTS
export-xliff12	export -o @ --to xliff12 --lang az $SEGMENTS
convert-to-xliff	convert --segments $SEGMENTS $PO -o @ --to xliff20
convert-to-po	convert --segments $SEGMENTS $XLF -o @ --to po
merge-txt	merge -o @ $SEGMENTS $PO
EOF
}

for dev in $devs; do
	if [ "$dev" = /dev/full ] && [ "$failures" -gt 0 ] && [ -e "$T/full" ]; then
		skip "the real /dev/full: the tests on its copy failed (and might replace it)"
		continue
	fi
	writers | while IFS='	' read -r name args; do
		# shellcheck disable=SC2086 # the argument list is split on purpose
		set -- $(echo "$args" | sed "s|@|$dev|")
		# A private TMPDIR: other tests running at the same time write
		# temporary files too.
		mkdir -p "$T/tmpdir"
		expect_status 3 "$name -o $dev: a full disk is an I/O error" env TMPDIR="$T/tmpdir" "$TERCUME" "$@"
		stderr_has "^tercume: $dev: error: cannot write: No space left on device" \
			"$name -o $dev: the error names the output"
		check "$name -o $dev: it is still a character device" test -c "$dev"
		check "$name -o $dev: no temporary file is left" \
			sh -c "! ls '$(dirname "$dev")' '$T/tmpdir' 2>/dev/null | grep -q '^full.tmp-\|^tercume.tmp-'"
		# The counters of the subshell are passed on through a file.
		echo "$checks $failures" >"$T/counts"
	done
	read -r checks failures <"$T/counts"
done

# Standard output on a full disk.
expect_status 3 "merge to a full standard output" sh -c "exec '$TERCUME' merge '$SEGMENTS' '$PO' >/dev/full"
stderr_has "write error on standard output: No space left on device" "merge: the failed write is reported"
expect_status 3 "segment's listing to a full standard output" sh -c "exec '$TERCUME' segment '$ARTICLE' >/dev/full"
stderr_has "write error on standard output" "segment: the failed write is reported"
expect_status 3 "segment -o - to a full standard output" sh -c "exec '$TERCUME' segment -o - '$ARTICLE' >/dev/full"
stderr_has "write error on standard output" "segment -o -: the failed write is reported"

# A device that takes the bytes: /dev/null (or its private copy).
null=/dev/null
[ -c "$T/null" ] && null="$T/null"
expect_status 0 "export -o $null works" "$TERCUME" export -o "$null" --to po "$SEGMENTS"
check "$null is still a character device" test -c "$null"
# /dev/stdout on a pipe: a private link like it, so that a bug hits it.
ln -s /proc/self/fd/1 "$T/stdout"
expect_status 0 "merge -o STDOUT-LINK into a pipe works" sh -c \
	"'$TERCUME' merge -o '$T/stdout' '$SEGMENTS' '$PO' | cat >'$T/piped.txt'"
"$TERCUME" merge "$SEGMENTS" "$PO" >"$T/direct.txt" 2>/dev/null
check "what went through the pipe is the edition" cmp -s "$T/piped.txt" "$T/direct.txt"
check "the link to /proc/self/fd/1 is still a link" test -L "$T/stdout"
rm -f "$T/stdout.tmp-"*

# A FIFO is written in place: the reader gets the catalogue, and the FIFO
# stays a FIFO.
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from-fifo.po" &
reader=$!
expect_status 0 "export -o FIFO works" "$TERCUME" export -o "$T/fifo" --to po --lang ru "$SEGMENTS"
# Were the FIFO replaced, its reader would wait for ever.
[ -p "$T/fifo" ] || kill $reader 2>/dev/null
wait $reader
"$TERCUME" export -o "$T/plain.po" --to po --lang ru "$SEGMENTS"
check "the reader of the FIFO got the catalogue" cmp -s "$T/from-fifo.po" "$T/plain.po"
check "the FIFO is still a FIFO" test -p "$T/fifo"

# A symbolic link to the catalogue stays a link; the file it points to is
# replaced atomically.
mkdir "$T/real"
echo previous >"$T/real/ru.po"
ln -s real/ru.po "$T/link.po"
expect_status 0 "export -o LINK works" "$TERCUME" export --force -o "$T/link.po" --to po --lang ru "$SEGMENTS"
check "the link is still a link" test -L "$T/link.po"
check "the file it points to holds the catalogue" cmp -s "$T/real/ru.po" "$T/plain.po"
check "no temporary file is left beside either" sh -c "! ls '$T' '$T/real' | grep -q 'tmp-'"

# An unwritable directory, also for root (an immutable directory: even
# root cannot create a file in it).
mkdir "$T/ro"
echo old >"$T/ro/out.seg"
echo old >"$T/ro/ru.po"
ro=""
if chattr +i "$T/ro" 2>/dev/null; then
	trap 'chattr -i "$T/ro" 2>/dev/null; rm -rf "$T"' EXIT
	ro=chattr
elif chmod a-w "$T/ro" && ! touch "$T/ro/probe" 2>/dev/null; then
	ro=chmod
fi
if [ -n "$ro" ]; then
	expect_status 3 "segment -o into an unwritable directory" "$TERCUME" segment -o "$T/ro/out.seg" "$ARTICLE"
	stderr_has "^tercume: $T/ro/out.seg: error: cannot create a temporary file beside it" "segment: the output is named"
	check "segment: the old file is untouched" grep -qx old "$T/ro/out.seg"
	expect_status 3 "export -o into an unwritable directory" "$TERCUME" export --force --lang ru -o "$T/ro/ru.po" "$SEGMENTS"
	stderr_has "^tercume: $T/ro/ru.po: error: cannot create a temporary file beside it" "export: the output is named"
	check "export: the old file is untouched" grep -qx old "$T/ro/ru.po"
	check "nothing was left in the directory" test "$(ls "$T/ro" | wc -l)" -eq 2
	[ $ro = chattr ] && chattr -i "$T/ro"
	chmod u+w "$T/ro"
else
	skip "unwritable directory: neither chattr +i nor chmod makes one here"
fi

# A directory as the output.
mkdir "$T/adir"
expect_status 3 "segment -o DIRECTORY" "$TERCUME" segment -o "$T/adir" "$ARTICLE"
stderr_has "^tercume: $T/adir: error: cannot open for writing: Is a directory" "segment -o DIRECTORY: named"
expect_status 3 "export -o DIRECTORY" "$TERCUME" export --to po --lang ru -o "$T/adir" "$SEGMENTS"
stderr_has "^tercume: $T/adir: error: cannot open for writing: Is a directory" "export -o DIRECTORY: named"
check "the directory is still a directory, and empty" test -d "$T/adir" -a -z "$(ls "$T/adir")"

# A full disk under a regular file (a file size limit stands in for it):
# each writer fails with 3 and the previous file survives.
for fmt in po xliff20 xliff12; do
	echo previous >"$T/keep.$fmt"
	expect_status 3 "export --to $fmt: a write that runs out of space" sh -c \
		"trap '' XFSZ; ulimit -f 8 && exec '$TERCUME' export --force --lang az --to $fmt -o '$T/keep.$fmt' '$SEGMENTS'"
	stderr_has "keep.$fmt: error: cannot write" "export --to $fmt: the output is named"
	check "export --to $fmt: the previous file survives" grep -qx previous "$T/keep.$fmt"
	check "export --to $fmt: no temporary file is left" sh -c "! ls '$T' | grep -q 'keep.$fmt.tmp-'"
done
finish
