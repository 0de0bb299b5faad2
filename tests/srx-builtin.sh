#!/bin/sh
# The built-in SRX rules are compiled into the library (doc/srx.md, "Which
# rules"): a tercume that is built but not installed, with no
# TERCUME_SRX_DIR, splits as an installed one does; a rules folder
# overrides them file by file; a broken file in the folder is an error, not
# a silent fall back to the compiled-in copy.
. "$top_srcdir/tests/common.sh"

mkdir "$T/empty" "$T/own" "$T/bad"
# sentences LANG TEXT: the units tercume makes of TEXT, one a line.
sentences() {
	printf '%s\n' "$2" >"$T/in.txt"
	"$TERCUME" segment --source-lang "$1" -o - "$T/in.txt" 2>"$T/err" | sed -n 's/^unit [^ ]* line [0-9]* "\(.*\)"$/\1/p'
}
# splits DESC LANG TEXT SENTENCE...: TEXT gives exactly the SENTENCEs.
splits() {
	d=$1 lang=$2 text=$3; shift 3
	printf '%s\n' "$@" >"$T/want"
	sentences "$lang" "$text" >"$T/got"
	if cmp -s "$T/want" "$T/got"; then check "$d" true; else
		check "$d" false; sed 's/^/    got: /' "$T/got"; fi
}

grep '^unit ' "$SEGMENTS" >"$T/committed"
installed=no
[ -d "${pkgdatadir:-/nonexistent}/srx" ] && installed=yes
echo "# installed rules folder ${pkgdatadir:-?}/srx: $installed"
for where in unset empty; do
	if [ $where = unset ]; then unset TERCUME_SRX_DIR; else TERCUME_SRX_DIR=$T/empty; export TERCUME_SRX_DIR; fi
	splits "TERCUME_SRX_DIR $where: en: 'Dr.' does not end a sentence" en \
		"Dr. Smith arrived. He sat." "Dr. Smith arrived." "He sat."
	splits "TERCUME_SRX_DIR $where: ru: initials do not end a sentence" ru \
		"Его звали А. И. Иванов. Он пришёл домой." "Его звали А. И. Иванов." "Он пришёл домой."
	splits "TERCUME_SRX_DIR $where: az: 'Prof.' does not end a sentence" az \
		"Prof. Əliyev gəldi. O oturdu." "Prof. Əliyev gəldi." "O oturdu."
	splits "TERCUME_SRX_DIR $where: en-GB takes en's rules" en-GB \
		"Dr. Smith arrived. He sat." "Dr. Smith arrived." "He sat."
	expect_status 0 "TERCUME_SRX_DIR $where: the article segments" \
		"$TERCUME" segment -o "$T/article-$where.seg" "$ARTICLE"
	grep '^unit ' "$T/article-$where.seg" >"$T/units"
	check "TERCUME_SRX_DIR $where: the article's units are the committed ones" cmp -s "$T/units" "$T/committed"
done

# A folder's LANG.srx overrides the compiled-in one; a language the folder
# has no file for keeps the compiled-in rules.
cp "$DATA/srx/none.srx" "$T/own/en.srx"
TERCUME_SRX_DIR=$T/own
export TERCUME_SRX_DIR
splits "the folder's en.srx (no rules for en) replaces the compiled-in one" en \
	"Dr. Smith arrived. He sat." "Dr." "Smith arrived." "He sat."
splits "ru, which the folder lacks, keeps the compiled-in rules" ru \
	"Его звали А. И. Иванов. Он пришёл домой." "Его звали А. И. Иванов." "Он пришёл домой."

# A broken file in the folder stops segmentation, naming it.
printf '<?xml version="1.0"?>\n<srx version="2.0"><body>\n<languagerules>\n' >"$T/bad/en.srx"
TERCUME_SRX_DIR=$T/bad
expect_status 2 "a malformed en.srx in the folder is an input error" \
	"$TERCUME" segment -o "$T/x.seg" "$ARTICLE"
stderr_has "^tercume: $T/bad/en.srx:[0-9]+(:[0-9]+)?: error: " "the error names the folder's file"
check "and nothing is written" test ! -e "$T/x.seg"

# A language with no rules anywhere: ICU's breaks, no error.
TERCUME_SRX_DIR=$T/empty
splits "de (no built-in rules): ICU's breaks" de \
	"Der Hund bellt. Die Katze schläft." "Der Hund bellt." "Die Katze schläft."

# The generated source holds the data/srx files byte for byte (od and awk
# at build time).
gen="$top_builddir/src/model/srx-builtin.c"
for f in "$top_srcdir"/data/srx/*.srx; do
	lang=$(basename "$f" .srx)
	sed -n "/^static const unsigned char srx_$lang\\[\\]/,/^};/p" "$gen" |
		grep -o '0x[0-9a-f][0-9a-f]' | sed 's/^0x//' >"$T/gen.hex"
	od -An -v -tx1 "$f" | tr -s ' ' '\n' | sed '/^$/d' >"$T/file.hex"
	check "the compiled-in $lang.srx is data/srx/$lang.srx ($(wc -l <"$T/file.hex") bytes)" \
		sh -c "test -s '$T/file.hex' && cmp -s '$T/gen.hex' '$T/file.hex'"
done
finish
