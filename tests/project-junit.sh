#!/bin/sh
# tercume check --format junit over a project, read back by a real JUnit
# reader (Debian python3-junitparser, what CI report tools are built on):
# one suite per language, one case per catalogue, a failure for each
# catalogue that fails the gate.  Skips when junitparser is missing.
. "$top_srcdir/tests/common.sh"

PY=
for py in /usr/bin/python3 python3; do
	if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import junitparser' 2>/dev/null; then
		PY=$py
		break
	fi
done
if [ -z "$PY" ]; then
	echo "SKIP: junitparser missing (apt-get install python3-junitparser)"
	exit 77
fi

P=$T/p
mkdir -p "$P/articles"
printf 'The summit opened in Moscow on Monday. Prices rose by 5%% in March.\n' >"$P/articles/one.en.txt"
printf 'Nothing else was said & done <here>.\n' >"$P/articles/two.en.txt"
cd "$P" || exit 1
"$TERCUME" init -q -l ru,az 'articles/*.en.txt' && "$TERCUME" sync -q || exit 1
# Russian: one article translated, one not; Azerbaijani: nothing
awk -f "$top_srcdir/bench/pseudo-translate.awk" po/one.ru.po >"$T/t.po" && mv "$T/t.po" po/one.ru.po

expect_status 1 "check --format junit: the gate fails" "$TERCUME" check --format junit --min-coverage ru=100
cp "$T/out" "$T/report.xml"
check "the report is well-formed XML" xmllint --noout "$T/report.xml"
check "junitparser reads it: suites, cases, failures" "$PY" - "$T/report.xml" <<'PYEOF'
import sys
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromfile(sys.argv[1])
suites = {s.name: s for s in xml}
assert sorted(suites) == ["az", "ru"], suites
ru = suites["ru"]
assert ru.tests == 2 and ru.failures == 1 and ru.errors == 0, (ru.tests, ru.failures)
cases = {c.name: c for c in ru}
assert sorted(cases) == ["articles/one.en.txt", "articles/two.en.txt"], cases
assert cases["articles/one.en.txt"].is_passed
bad = cases["articles/two.en.txt"]
assert not bad.is_passed and isinstance(bad.result[0], Failure)
assert bad.result[0].type == "coverage", bad.result[0].type
assert "0.0% translated" in bad.result[0].message, bad.result[0].message
assert "below the minimum of 100%" in bad.result[0].text, bad.result[0].text
assert bad.classname == "ru"
az = suites["az"]
assert az.tests == 2 and az.failures == 0, (az.tests, az.failures)
assert xml.tests == 4 and xml.failures == 1, (xml.tests, xml.failures)
PYEOF
expect_status 0 "check --format junit: the gate passes" "$TERCUME" check --format junit
check "…and junitparser sees no failure" "$PY" -c '
import sys
from junitparser import JUnitXml
x = JUnitXml.fromfile(sys.argv[1])
assert x.tests == 4 and x.failures == 0 and all(c.is_passed for s in x for c in s)
' "$T/out"
rm xliff/two.az.xlf 2>/dev/null || rm po/two.az.po
expect_status 1 "a missing catalogue" "$TERCUME" check --format junit
check "is a failure of type missing" "$PY" -c '
import sys
from junitparser import JUnitXml
x = JUnitXml.fromfile(sys.argv[1])
f = [c.result[0] for s in x for c in s if not c.is_passed]
assert len(f) == 1 and f[0].type == "missing", f
' "$T/out"
expect_status 2 "junit is for a project check" "$TERCUME" check --format junit po/one.ru.po
finish
