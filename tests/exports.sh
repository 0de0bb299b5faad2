#!/bin/sh
# libtercume.so exports exactly the public API: every function declared in
# tercume.h, and nothing else (no tu_* helper, no data); its soname follows
# the libtool version (Makefile.am, "the library").
. "$top_srcdir/tests/common.sh"

la="$top_builddir/libtercume.la"
dlname=$(sed -n "s/^dlname='\(.*\)'$/\1/p" "$la" 2>/dev/null)
so="$top_builddir/.libs/$dlname"
if [ -z "$dlname" ] || [ ! -f "$so" ]; then
	echo "SKIP: no shared libtercume (configured with --disable-shared)"
	exit 77
fi
command -v nm >/dev/null 2>&1 || { echo "SKIP: no nm (Debian package binutils)"; exit 77; }

# The declarations, comments and macros left out by the preprocessor:
# "tercume_NAME(" not followed by '*' (a function pointer's type).
${CC:-cc} -E -P "$top_srcdir/src/tercume.h" | grep -oE 'tercume_[a-z0-9_]+ *\([^*]' |
	sed 's/ *(.*//' | sort -u >"$T/declared"
nm -D --defined-only "$so" | awk '{ print $NF }' | sort -u >"$T/exported"
check "tercume.h declares functions" test "$(wc -l <"$T/declared")" -ge 50
check "the library exports symbols" test "$(wc -l <"$T/exported")" -ge 50
missing=$(comm -23 "$T/declared" "$T/exported" | tr '\n' ' ')
check "every function of tercume.h is exported${missing:+ (not: $missing)}" test -z "$missing"
extra=$(comm -13 "$T/declared" "$T/exported" | tr '\n' ' ')
check "nothing else is exported${extra:+ (also: $extra)}" test -z "$extra"
check "no tu_* helper is visible" sh -c "! nm -D --defined-only '$so' | grep -q ' tu_'"
# ... though the library has them (as local symbols): the test is not vacuous.
check "the helpers are inside, hidden" sh -c "nm '$so' | grep -q ' t tu_map_new\$'"
check "every exported symbol is a function" \
	sh -c "nm -D --defined-only '$so' | awk '\$2 != \"T\" { bad = 1 } END { exit bad }'"
case $dlname in
libtercume.so.[0-9]*) pass "soname $dlname"; checks=$((checks + 1)) ;;
*) fail "soname $dlname is not libtercume.so.N"; checks=$((checks + 1)) ;;
esac
finish
