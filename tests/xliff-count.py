#!/usr/bin/env python3
"""xliff-count.py FILE... -- for each XLIFF 2.x file, print
"NAME UNITS SEGMENTS": the <unit> and <segment> elements of the core
namespace, counted with Python's own XML parser (xml.etree), so that the
suite test (tests/xliff-suite.sh) compares tercume's reading with figures
that do not come from tercume.  A file Python cannot parse prints
"NAME - -"."""
import os
import sys
import xml.etree.ElementTree as ET

NS = "{urn:oasis:names:tc:xliff:document:2.0}"

for path in sys.argv[1:]:
    name = os.path.basename(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        print(name, "-", "-")
        continue
    units = sum(1 for _ in root.iter(NS + "unit"))
    segments = sum(1 for _ in root.iter(NS + "segment"))
    print(name, units, segments)
