#!/usr/bin/env python3
"""golden.py DRIVER FILE LANG [SRX]: runs the "Golden Rules" cases of FILE
(a JSON array of {"id", "name", "text", "expected"}) through the seg-lines
driver and compares the sentences (trimmed, in order).  Prints one line per
case and "LANG: P/N passed"; exit status 0 whatever the count (the caller
compares it with the target)."""
import json
import subprocess
import sys


def main():
    driver, path, lang = sys.argv[1:4]
    extra = ["-s", sys.argv[4]] if len(sys.argv) > 4 else []
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)
    passed = 0
    for case in cases:
        run = subprocess.run([driver, "-l", lang] + extra, input=case["text"].encode("utf-8"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        got = [s.strip() for s in run.stdout.decode("utf-8").split("\n") if s.strip()]
        want = [s.strip() for s in case["expected"] if s.strip()]
        ok = run.returncode == 0 and got == want
        passed += ok
        print("%s %s #%03d %s" % ("pass" if ok else "FAIL", lang, case["id"], case["name"]))
        if not ok:
            print("    want: %r" % want)
            print("    got:  %r" % got)
            if run.returncode != 0:
                print("    exit %d: %s" % (run.returncode, run.stderr.decode("utf-8", "replace")))
    print("%s: %d/%d passed" % (lang, passed, len(cases)))


main()
