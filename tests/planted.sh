#!/bin/sh
# Planted defects (tests/data/planted/{ru,az}.po, one defect per entry named
# CLASS-N): what tercume check finds of each class, what Translate Toolkit's
# pofilter finds with its tests for that class, and the false positives of
# both on the project's two published editions.  The table this prints is
# the one in doc/check.md ("Planted defects"); the test fails when they
# differ, when tercume misses a planted defect of a class it claims, or when
# it reports anything on the published editions.
. "$top_srcdir/tests/common.sh"

PLANTED="$DATA/planted"
if ! command -v pofilter >/dev/null 2>&1; then
	echo "SKIP: pofilter (translate-toolkit) is not installed"
	exit 77
fi
if [ ! -r /usr/share/hunspell/ru_RU.dic ]; then
	echo "SKIP: the Russian hunspell dictionary (hunspell-ru) is not installed"
	exit 77
fi
cd "$top_srcdir" || exit 1

# tercume, as the gate runs it (the glossary, the system dictionaries)
for lang in ru az; do
	"$TERCUME" check --format json --glossary "$GLOSSARY" "$PLANTED/$lang.po" >"$T/tercume-$lang.json"
done
expect_status 0 "the published editions pass the gate's checks" "$TERCUME" check --format json \
	--werror --glossary "$GLOSSARY" --segments "$SEGMENTS" po/ru.po xliff/az.xlf
cp "$T/out" "$T/tercume-clean.json"

# pofilter, with the tests that look for each class; the words of the
# glossary's English terms as words that must be translated (its nearest test
# to a glossary; it matches single words)
python3 - "$GLOSSARY" >"$T/must.txt" <<'PY'
import re, sys, xml.etree.ElementTree as ET
ns = "{urn:iso:std:iso:30042:ed-2}"
words = []
for ls in ET.parse(sys.argv[1]).iter(ns + "langSec"):
    if ls.get("{http://www.w3.org/XML/1998/namespace}lang") == "en":
        for t in ls.iter(ns + "term"):
            words += [w for w in re.findall(r"[\w']+", t.text) if w not in words]
print("\n".join(words))
PY
TESTS="-t numbers -t urls -t emails -t filepaths -t brackets -t doublequoting -t singlequoting \
	-t puncspacing -t doublespacing -t musttranslatewords -t spellcheck -t xmltags"
for lang in ru az; do
	# shellcheck disable=SC2086
	pofilter --progress=none --errorlevel=none --language=$lang $TESTS --musttranslatefile "$T/must.txt" \
		-i "$PLANTED/$lang.po" -o "$T/pofilter-$lang.po" 2>/dev/null
done
"$TERCUME" convert --segments "$SEGMENTS" xliff/az.xlf -o "$T/az-edition.po" >/dev/null 2>&1
pofilter --progress=none --errorlevel=none --language=ru -i po/ru.po -o "$T/pofilter-clean-ru.po" 2>/dev/null
pofilter --progress=none --errorlevel=none --language=az -i "$T/az-edition.po" -o "$T/pofilter-clean-az.po" 2>/dev/null
check "pofilter ran on the planted defects" test -s "$T/pofilter-ru.po"

python3 - "$T" "$PLANTED" >"$T/table.md" <<'PY'
import json, re, sys
T, P = sys.argv[1], sys.argv[2]
classes = [  # class, tercume checks, pofilter tests
    ("numbers", ["numbers"], ["numbers"]),
    ("URLs", ["urls"], ["urls", "emails", "filepaths"]),
    ("brackets", ["brackets"], ["brackets"]),
    ("quotes", ["quotes", "quote-style"], ["doublequoting", "singlequoting"]),
    ("typography", ["typography"], ["puncspacing", "doublespacing", "doublequoting"]),
    ("terms", ["terms"], ["musttranslatewords"]),
    ("spelling", ["spelling"], ["spellcheck"]),
    ("codes", ["codes"], ["xmltags"]),
]
prefix = {"numbers": "numbers", "URLs": "urls", "brackets": "brackets", "quotes": "quotes",
          "typography": "typography", "terms": "terms", "spelling": "spelling", "codes": "codes"}

def planted(lang):
    return re.findall(r'^msgctxt "([a-z]+-\d+)"', open("%s/%s.po" % (P, lang)).read(), re.M)

def tercume_hits(path):
    hits = {}
    for f in json.load(open(path))["findings"]:
        if f["unit"]:
            hits.setdefault(f["unit"], set()).add(f["check"])
    return hits

def pofilter_hits(path):
    hits, pending = {}, set()
    try:
        text = open(path).read()
    except OSError:
        return hits
    for line in text.split("\n"):
        m = re.match(r"# \(pofilter\) ([a-z]+):", line)
        if m:
            pending.add(m.group(1))
        m = re.match(r'msgctxt "(.*)"', line)
        if m:
            hits[m.group(1)] = pending
            pending = set()
    return hits

rows = ["| class | planted (ru + az) | tercume finds | pofilter finds | tercume checks | pofilter tests |",
        "|---|---|---|---|---|---|"]
missed = []
for name, tc, pc in classes:
    n = tf = pf = 0
    for lang in ("ru", "az"):
        th = tercume_hits("%s/tercume-%s.json" % (T, lang))
        ph = pofilter_hits("%s/pofilter-%s.po" % (T, lang))
        for u in planted(lang):
            if not u.startswith(prefix[name] + "-"):
                continue
            n += 1
            if th.get(u, set()) & set(tc):
                tf += 1
            else:
                missed.append("%s:%s" % (lang, u))
            if ph.get(u, set()) & set(pc):
                pf += 1
    per = lambda lang: sum(1 for u in planted(lang) if u.startswith(prefix[name] + "-"))
    rows.append("| %s | %d (%d + %d) | %d | %d | %s | %s |" % (
        name, n, per("ru"), per("az"), tf, pf, ", ".join("`%s`" % c for c in tc),
        ", ".join("`%s`" % c for c in pc)))
clean = json.load(open("%s/tercume-clean.json" % T))["findings"]
tc_ru = len({f["unit"] for f in clean if f["file"].endswith("ru.po") and f["severity"] != "note"})
tc_az = len({f["unit"] for f in clean if f["file"].endswith("az.xlf") and f["severity"] != "note"})
pr, pa = pofilter_hits("%s/pofilter-clean-ru.po" % T), pofilter_hits("%s/pofilter-clean-az.po" % T)
def tests_of(h):
    c = {}
    for u, s in h.items():
        for t in s:
            c[t] = c.get(t, 0) + 1
    return ", ".join("%s %d" % (t, c[t]) for t in sorted(c))
rows.append("| false positives on the published editions (units of 69 flagged) | — | ru %d, az %d | ru %d, az %d | every check, `--werror` | every default test |" % (
    tc_ru, tc_az, len([u for u, s in pr.items() if s]), len([u for u, s in pa.items() if s])))
print("\n".join(rows))
print()
print("pofilter on po/ru.po: %s." % tests_of(pr))
print("pofilter on the Azerbaijani edition: %s." % tests_of(pa))
for m in missed:
    print("MISSED " + m, file=sys.stderr)
sys.exit(1 if missed or tc_ru or tc_az else 0)
PY
status=$?
sed 's/^/    /' "$T/table.md"
check "tercume finds every planted defect, no false positive on the editions" test "$status" = 0
# the table of doc/check.md is this one
sed -n '/^<!-- planted-table -->$/,/^<!-- \/planted-table -->$/p' doc/check.md | sed '1d;$d' >"$T/doc-table.md"
check "doc/check.md has the table this test makes" cmp -s "$T/table.md" "$T/doc-table.md"
if ! cmp -s "$T/table.md" "$T/doc-table.md"; then
	diff "$T/doc-table.md" "$T/table.md" | sed 's/^/    /'
fi
finish
