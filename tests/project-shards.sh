#!/bin/sh
# --shard K/N through GNU parallel (doc/scale.md): four shards give, byte
# for byte, what one `-j 1` run gives; each shard writes only its own
# articles' files; the project-wide check reads them all.  Skips when GNU
# parallel is missing (apt-get install parallel).
. "$top_srcdir/tests/common.sh"

if ! command -v parallel >/dev/null 2>&1 || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	echo "SKIP: GNU parallel missing (apt-get install parallel)"
	exit 77
fi
PAR="parallel --will-cite --halt now,fail=1"
export TERCUME

P=$T/start
mkdir -p "$P/articles/a" "$P/articles/b"
awk -v dir="$P/articles" '
	NF { n++; f = sprintf("%s/%s/p%02d.en.txt", dir, n % 2 ? "a" : "b", n); print > f; close(f) }
' "$ARTICLE"
cd "$P" || exit 1
"$TERCUME" init -q -l ru,az 'articles/*/*.en.txt' || exit 1
printf '[lang "az"]\ncatalogue = xliff/{name}.{lang}.xlf\n' >>tercume.ini
cd "$T" || exit 1

# every article is in exactly one shard
for k in 1 2 3 4; do
	(cd "$P" && "$TERCUME" status --shard $k/4 --files) >"$T/files.$k"
done
(cd "$P" && "$TERCUME" status --files) | LC_ALL=C sort >"$T/files.all"
cat "$T/files.1" "$T/files.2" "$T/files.3" "$T/files.4" | LC_ALL=C sort >"$T/files.union"
check "the shards' files are the project's" cmp -s "$T/files.all" "$T/files.union"
check "no file is in two shards" test -z "$(uniq -d "$T/files.union")"
check "every shard has articles" sh -c "for k in 1 2 3 4; do test -s '$T/files.'\$k || exit 1; done"

# ---- from scratch, the shards in one tree (one file system) ----
cp -a "$P" "$T/one" && cp -a "$P" "$T/four"
(cd "$T/one" && "$TERCUME" sync -q -j 1 && "$TERCUME" build -q -j 1)
check "one run: synced and built" test -s "$T/one/editions/p01.ru.html"
check "four shards under GNU parallel, one tree" sh -c "cd '$T/four' && $PAR '\"\$TERCUME\" sync -q --shard {}/4 && \"\$TERCUME\" build -q --shard {}/4' ::: 1 2 3 4"
check "…the same files as one -j 1 run" diff -r "$T/one" "$T/four"

# ---- translations, corrections, new articles; shards on copies of their own ----
cd "$T/one" || exit 1
for po in po/p0*.ru.po; do
	awk -f "$top_srcdir/bench/pseudo-translate.awk" "$po" >"$T/t.po" && mv "$T/t.po" "$po"
done
sed -i 's/\./!/' articles/b/p04.en.txt articles/a/p11.en.txt
cp articles/a/p03.en.txt articles/b/new-p03.en.txt
sed 's/ the / that /' articles/a/p05.en.txt >articles/a/mod-p05.en.txt
cd "$T" || exit 1
rm -rf four && cp -a one before
for k in 1 2 3 4; do cp -a before "copy$k"; done
(cd one && "$TERCUME" sync -j 1 >"$T/one.sync" && "$TERCUME" build -q -j 1)
check "the memory filled new units" grep -q 'from the memory: [1-9]' "$T/one.sync"
touch "$T/stamp"
check "four shards under GNU parallel, each on its own copy" sh -c "cd '$T' && $PAR 'cd copy{} && \"\$TERCUME\" sync -q --shard {}/4 && \"\$TERCUME\" build -q --shard {}/4' ::: 1 2 3 4"
# gather: each shard's own files into a copy of the state before
cp -a before union
for k in 1 2 3 4; do
	(cd "copy$k" && "$TERCUME" status --shard $k/4 --files) >"$T/mine.$k"
	# what the shard wrote is among its own files
	(cd "copy$k" && find segments po xliff editions -type f -newer "$T/stamp") | LC_ALL=C sort >"$T/wrote.$k"
	check "shard $k wrote only its own articles' files" \
		test -z "$(LC_ALL=C sort "$T/mine.$k" | LC_ALL=C comm -13 - "$T/wrote.$k")"
	while read -r f; do
		[ -f "copy$k/$f" ] && mkdir -p "union/$(dirname "$f")" && cp -p "copy$k/$f" "union/$f"
	done <"$T/mine.$k"
done
check "the union of the shards is the one -j 1 run, byte for byte" diff -r one union
(cd one && "$TERCUME" check --format json >"$T/check.one")
(cd union && "$TERCUME" check --format json >"$T/check.union")
check "the project-wide check reads them all" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
assert [len(l["catalogues"]) for l in d["languages"]] == [n, n], ([len(l["catalogues"]) for l in d["languages"]], n)
assert all(c["present"] for l in d["languages"] for c in l["catalogues"])
' "$T/check.union" "$(find union/articles -type f | wc -l)"
check "…and says what it says of the one run" cmp -s "$T/check.one" "$T/check.union"
finish
