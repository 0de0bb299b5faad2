#!/bin/sh
# SRX rules through the CLI: the built-in rules for en, ru and az, a
# translator's own file with --srx, and bad SRX files (doc/srx.md).
. "$top_srcdir/tests/common.sh"

# units FILE: the unit texts of the last `tercume segment` listing in $T/out.
units() { sed 's/^[^ ]* *[^ ]* [0-9]*\(, sentence [0-9]*\)\{0,1\} *//' "$T/out"; }
# nunits: how many units the last listing has.
nunits() { wc -l <"$T/out" | tr -d ' '; }

# ---- built-in rules, picked by --source-lang ----
printf 'I work for the U.S. Government in Virginia. Dr. Jones met Jonas E. Smith there.\n' >"$T/en.txt"
expect_status 0 "English with the built-in rules" "$TERCUME" segment "$T/en.txt"
check "'U.S. Government' and 'Jonas E. Smith' do not end sentences" test "$(nunits)" = 2
printf 'В 2010-2012 гг. Виктор посещал г. Волгоград. Д-р А. И. Семенов, т. е. Семенов, приехал. Купили хлеб, соль и т. д. Потом ушли.\n' >"$T/ru.txt"
expect_status 0 "Russian with the built-in rules" "$TERCUME" segment --source-lang ru "$T/ru.txt"
check "Russian: 'гг.', 'г.', initials and 'т. е.' keep their sentences; 'и т. д.' ends one" \
	test "$(nunits)" = 4
printf 'Prof. Məmmədov və akad. Əliyev Bakı ş. Nizami küç. 5 ünvanında görüşdülər. Alma, armud və s. Sonra H. Əliyev çıxış etdi. Kitabın s. 25 səhifəsinə baxın. Bu gün hava soyuqdur! Sabah isə isti olacaq.\n' >"$T/az.txt"
expect_status 0 "Azerbaijani: --source-lang az" "$TERCUME" segment --source-lang az "$T/az.txt"
units >"$T/az.units"
check "Azerbaijani: six sentences" test "$(nunits)" = 6
check "Azerbaijani: titles and places stay inside the sentence" \
	grep -q 'Prof\. Məmmədov və akad\. Əliyev Bakı ş\. Nizami küç\. 5 ünvanında görüşdülər\.$' "$T/az.units"
check "Azerbaijani: 'və s.' before a capital ends the sentence" grep -qx 'Alma, armud və s\.' "$T/az.units"
check "Azerbaijani: an initial does not end one" grep -qx 'Sonra H\. Əliyev çıxış etdi\.' "$T/az.units"

# ---- a translator's own SRX file ----
cat >"$T/mine.srx" <<'SRX'
<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Default">
        <rule break="yes">
          <beforebreak>;</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
      </languagerule>
      <languagerule languagerulename="English">
        <rule break="no">
          <beforebreak>\bBlvd\.</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="EN.*" languagerulename="English"/>
      <languagemap languagepattern=".*" languagerulename="Default"/>
    </maprules>
  </body>
</srx>
SRX
printf 'We met on Sunset Blvd. Everyone came; nobody minds. I work for the U.S. Government in Virginia.\n' >"$T/mine.txt"
expect_status 0 "segment with --srx" "$TERCUME" segment --srx "$T/mine.srx" "$T/mine.txt"
units >"$T/mine.units"
check "--srx: the file's break=\"no\" rule keeps 'Blvd. Everyone' together" \
	grep -qx 'We met on Sunset Blvd\. Everyone came;' "$T/mine.units"
check "--srx: the file's break=\"yes\" rule (cascaded) breaks after ';'" \
	grep -qx 'nobody minds\.' "$T/mine.units"
check "--srx replaces the built-in rules: ICU's break after 'U.S.' is back" \
	grep -qx 'I work for the U\.S\.' "$T/mine.units"
expect_status 0 "without --srx" "$TERCUME" segment "$T/mine.txt"
units >"$T/builtin.units"
check "without --srx: the built-in rules, a break after 'Blvd.', none after ';'" \
	grep -qx 'Everyone came; nobody minds\.' "$T/builtin.units"
expect_status 0 "--srx with a language its maps only cascade to" "$TERCUME" segment --source-lang de --srx "$T/mine.srx" "$T/mine.txt"
units >"$T/de.units"
check "--srx: 'de' gets the Default rules only" grep -qx 'nobody minds\.' "$T/de.units"
sed 's/cascade="yes"/cascade="no"/' "$T/mine.srx" >"$T/first.srx"
expect_status 0 "--srx without cascading" "$TERCUME" segment --srx "$T/first.srx" "$T/mine.txt"
units >"$T/first.units"
check "cascade=\"no\": only the first map's rules apply" grep -qx 'We met on Sunset Blvd\. Everyone came; nobody minds\.' "$T/first.units"
sed 's/languagepattern="\.\*"/languagepattern="fr.*"/' "$T/first.srx" >"$T/fr.srx"
expect_status 0 "--srx with no rules for the language" "$TERCUME" segment --source-lang de --srx "$T/fr.srx" "$T/mine.txt"
stderr_has "fr.srx: warning: no language map picks rules for 'de'" "warns that the file has no rules for it"

# ---- bad SRX files: file, line and rule, exit 2, no output written ----
sed 's/\\bBlvd\\\./(Blvd/' "$T/mine.srx" >"$T/badre.srx"
expect_status 2 "an invalid regular expression" "$TERCUME" segment --srx "$T/badre.srx" "$T/mine.txt"
stderr_has "badre.srx:14: error: languagerule 'English', rule 1: invalid beforebreak expression '\(Blvd'" \
	"names file, line, rule and expression"
sed 's/<afterbreak>\\s<\/afterbreak>/<afterbreak>[a-<\/afterbreak>/' "$T/mine.srx" >"$T/badafter.srx"
expect_status 2 "an invalid afterbreak" "$TERCUME" segment --srx "$T/badafter.srx" "$T/mine.txt"
stderr_has "badafter.srx:9: error: languagerule 'Default', rule 1: invalid afterbreak" "names its line and rule"
# Expressions that compile alone but not combined ((?:BEFORE)\z,
# (?:BEFORE)(?=AFTER)): a comment of (?x) reaches past the end.  Each is
# compiled once as it is used and only alone when that fails: the same
# messages, in the same order (an invalid expression alone comes first).
sed 's/\\bBlvd\\\./(?x)\\bBlvd\\. #/' "$T/mine.srx" >"$T/nocombine.srx"
expect_status 2 "a beforebreak that cannot be combined" "$TERCUME" segment --srx "$T/nocombine.srx" "$T/mine.txt"
stderr_has "nocombine.srx:13: error: languagerule 'English', rule 1: the expressions cannot be combined into '\\(\\?:\\(\\?x\\)\\\\bBlvd\\\\\. #\\)\\\\z': U_REGEX_MISMATCHED_PAREN" \
	"names the combination"
sed 's/<afterbreak>\\s<\/afterbreak>/<afterbreak>(?x)\\s #<\/afterbreak>/' "$T/mine.srx" >"$T/nocombine2.srx"
expect_status 2 "a break rule's scan that cannot be combined" "$TERCUME" segment --srx "$T/nocombine2.srx" "$T/mine.txt"
stderr_has "nocombine2.srx:7: error: languagerule 'Default', rule 1: the expressions cannot be combined into '\\(\\?:;\\)" \
	"names the scan's combination"
sed -e 's/\\bBlvd\\\./(?x)\\bBlvd\\. #/' -e '15s/<afterbreak>\\s<\/afterbreak>/<afterbreak>[a-<\/afterbreak>/' \
	"$T/mine.srx" >"$T/both.srx"
expect_status 2 "an uncombinable beforebreak and an invalid afterbreak" "$TERCUME" segment --srx "$T/both.srx" "$T/mine.txt"
stderr_has "both.srx:15: error: languagerule 'English', rule 1: invalid afterbreak expression '\\[a-'" \
	"the invalid expression alone is reported first"
sed 's/break="no"/break="maybe"/' "$T/mine.srx" >"$T/badbreak.srx"
expect_status 2 "break=\"maybe\"" "$TERCUME" segment --srx "$T/badbreak.srx" "$T/mine.txt"
stderr_has "badbreak.srx:13: error: languagerule 'English', rule 1: break=\"maybe\"" "names line and rule"
sed 's/<\/beforebreak>/<\/before>/' "$T/mine.srx" >"$T/notxml.srx"
expect_status 2 "not well-formed XML" "$TERCUME" segment --srx "$T/notxml.srx" "$T/mine.txt"
stderr_has "notxml.srx:8:[0-9]+: error: " "names file, line and column"
sed 's/languagerulename="Default"\/>/languagerulename="Nowhere"\/>/' "$T/mine.srx" >"$T/badmap.srx"
expect_status 2 "a map to a missing languagerule" "$TERCUME" segment --srx "$T/badmap.srx" "$T/mine.txt"
stderr_has "badmap.srx:21: error: .*'Nowhere'" "names the rule name and its line"
sed 's/version="2.0"/version="1.0"/' "$T/mine.srx" >"$T/v1.srx"
expect_status 2 "SRX 1.0" "$TERCUME" segment --srx "$T/v1.srx" "$T/mine.txt"
stderr_has "v1.srx:2: error: SRX version '1.0' is not supported" "says which versions are"
printf '<?xml version="1.0"?>\n<!DOCTYPE srx [<!ENTITY e "x">]>\n<srx version="2.0"><body/></srx>\n' >"$T/ent.srx"
expect_status 2 "an entity declaration" "$TERCUME" segment --srx "$T/ent.srx" "$T/mine.txt"
stderr_has "ent.srx:2: error: entity declarations are not allowed" "refuses it"
printf '<?xml version="1.0"?>\n<rules/>\n' >"$T/root.srx"
expect_status 2 "another root element" "$TERCUME" segment --srx "$T/root.srx" "$T/mine.txt"
stderr_has "root.srx:2: error: not an SRX file" "says so"
expect_status 3 "a missing SRX file" "$TERCUME" segment --srx "$T/missing.srx" "$T/mine.txt"
stderr_has "missing.srx" "names it"
echo "previous" >"$T/keep.seg"
expect_status 2 "a bad SRX file with -o" "$TERCUME" segment --srx "$T/badre.srx" -o "$T/keep.seg" "$T/mine.txt"
check "the previous output survives" grep -qx previous "$T/keep.seg"
finish
