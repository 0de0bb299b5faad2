#!/bin/sh
# tercume sync, build, status and check on two and four threads give the
# same files and the same output, byte for byte, as on one (doc/project.md,
# "All the cores").  The project: the paragraphs of the bundled article as
# articles, some of them repeated with a sentence changed, so that the
# memory across articles fills units both exactly and as fuzzy suggestions.
. "$top_srcdir/tests/common.sh"

P=$T/one
mkdir -p "$P/articles/a" "$P/articles/b"
awk -v dir="$P/articles" '
	NF { n++; f = sprintf("%s/%s/p%02d.en.txt", dir, n % 2 ? "a" : "b", n); print > f; close(f)
	     if (n % 3 == 0) { g = sprintf("%s/b/q%02d.en.txt", dir, n); sub(/ the /, " that "); print > g; close(g) } }
' "$ARTICLE"
n_articles=$(find "$P/articles" -type f | wc -l)
check "a project of many articles ($n_articles)" test "$n_articles" -ge 20
cd "$P" || exit 1
"$TERCUME" init -q -l ru,az 'articles/*/*.en.txt' || exit 1
printf '[lang "az"]\ncatalogue = xliff/{name}.{lang}.xlf\n' >>tercume.ini
# a first sync, then translations of half the articles, then corrections
"$TERCUME" sync -q || exit 1
for po in po/p0*.ru.po po/p1[0-4]*.ru.po; do
	[ -f "$po" ] || continue
	awk -f "$top_srcdir/bench/pseudo-translate.awk" "$po" >"$T/t.po" && mv "$T/t.po" "$po"
done
for a in articles/a/p01.en.txt articles/b/p04.en.txt articles/a/p07.en.txt; do
	[ -f "$a" ] && sed -i 's/\./!/' "$a"
done
# new articles that repeat translated sentences, as they are and changed
for a in articles/a/p03.en.txt articles/a/p05.en.txt articles/b/p06.en.txt; do
	b=$(basename "$a" .en.txt)
	cp "$a" "articles/b/new-$b.en.txt"
	sed 's/ a / one /; s/ the / that /' "$a" >"articles/a/mod-$b.en.txt"
done
for j in 2 4; do
	rm -rf "$T/j$j" && cp -a "$P" "$T/j$j"
done

run() {	# run DIR JOBS NAME ARGS...: the command's output in DIR.NAME.out/err
	d=$1 j=$2 name=$3; shift 3
	(cd "$d" && "$TERCUME" "$@" -j "$j" >"$d.$name.out" 2>"$d.$name.err"; echo $? >"$d.$name.rc")
}
for d in "$P:1" "$T/j2:2" "$T/j4:4"; do
	dir=${d%:*} j=${d#*:}
	run "$dir" "$j" sync sync
	run "$dir" "$j" build build
	run "$dir" "$j" status status --format json
	run "$dir" "$j" check check --min-coverage ru=100 --format json
	run "$dir" "$j" junit check --max-fuzzy 0 --format junit
	run "$dir" "$j" text check
done
check "sync did work on one thread" grep -q 'changed' "$P.sync.out"
check "the memory filled units exactly" grep -q 'from the memory: [1-9][0-9]* exact' "$P.sync.out"
check "…and as fuzzy suggestions" grep -q 'from the memory: [0-9]* exact, [1-9][0-9]* fuzzy' "$P.sync.out"
check "build made editions" grep -q '^build: [1-9][0-9]* editions made' "$P.build.out"
for j in 2 4; do
	check "-j $j: the same files as -j 1" diff -r "$P" "$T/j$j"
	for name in sync build status check junit text; do
		check "-j $j: $name prints the same" sh -c "cmp -s '$P.$name.out' '$T/j$j.$name.out' &&
			cmp -s '$P.$name.err' '$T/j$j.$name.err' && cmp -s '$P.$name.rc' '$T/j$j.$name.rc'"
	done
done
finish
