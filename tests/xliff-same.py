#!/usr/bin/env python3
"""xliff-same.py A B -- whether two XLIFF 2.x documents hold the same content,
as a reader sees it: the same files, groups and units with the same
attributes, the same extension and module elements, notes, segments and
ignorables, and inline content that says the same.  Compared with Python's
XML parser (xml.etree), so that tests/xliff-suite.sh checks tercume's writer
against figures that do not come from tercume.

What may differ, because XLIFF says it is the same:
  - a pair of codes as <pc> or as <sc>/<ec>, an annotation as <mrk> or as
    <sm>/<em> (each reads as an opening and a closing code with the same
    attributes, canOverlap taking each element's default);
  - the ids of <data> and which attribute points at them (the data itself
    is compared where the codes are);
  - default values written or left out (state="initial", canCopy="yes", …);
  - the order of a unit's module and extension elements;
  - whitespace between elements outside inline content;
  - namespace prefixes.
Prints the first difference and exits 1, or exits 0."""
import sys
import xml.etree.ElementTree as ET

NS = "{urn:oasis:names:tc:xliff:document:2.0}"
MTC = "{urn:oasis:names:tc:xliff:matches:2.0}"


def local(tag):
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def core(e, name):
    return e.tag == NS + name


def generic(e):
    """Any element as nested tuples: tag, attributes, text, children."""
    text = (e.text or "").strip()
    kids = []
    for c in e:
        if not isinstance(c.tag, str):
            continue
        kids.append(generic(c))
        if c.tail and c.tail.strip():
            kids.append(("#text", c.tail.strip()))
    return (e.tag, tuple(sorted(e.attrib.items())), text, tuple(kids))


DEFAULTS = {"canCopy": "yes", "canDelete": "yes", "canReorder": "yes"}


def code_attrs(e, data, skip, overlap_default=None, rename=None):
    a = {}
    for k, v in e.attrib.items():
        if k in skip:
            continue
        if rename and k in rename:
            k = rename[k]
        if k in ("dataRef",):
            a["data"] = data.get(v)
            continue
        a[k] = v
    for k, v in DEFAULTS.items():
        if a.get(k) == v:
            del a[k]
    if overlap_default is not None:
        a.setdefault("canOverlap", overlap_default)
        if a["canOverlap"] == "yes" and overlap_default == "yes":
            pass
    if a.get("canReorder") == "firstNo" and "close" in skip:
        a["canReorder"] = "no"
    return a


def inline(e, data, out):
    """The tokens of inline content: text, and opening, closing and
    standalone codes with their attributes."""
    if e.text:
        out.append(("t", e.text))
    for c in e:
        tag = local(c.tag) if c.tag.startswith(NS) else c.tag
        if tag == "cp":
            out.append(("t", chr(int(c.get("hex"), 16))))
        elif tag == "ph":
            out.append(("ph", c.get("id"), frozenset(code_attrs(c, data, {"id"}).items())))
        elif tag == "pc":
            a = dict(c.attrib)
            start = {k: v for k, v in a.items() if k not in
                     ("dispEnd", "equivEnd", "dataRefEnd", "id")}
            for k, n in (("dispStart", "disp"), ("equivStart", "equiv"), ("dataRefStart", "dataRef")):
                if k in start:
                    start[n] = start.pop(k)
            s = ET.Element("pc", start)
            out.append(("open", c.get("id"), frozenset(code_attrs(s, data, set(), "no").items())))
            inline(c, data, out)
            end = {}
            for k, n in (("dispEnd", "disp"), ("equivEnd", "equiv"), ("dataRefEnd", "dataRef")):
                if k in a:
                    end[n] = a[k]
            out.append(("close", c.get("id"), frozenset(code_attrs(ET.Element("ec", end), data, set()).items())))
        elif tag == "sc":
            iso = c.get("isolated") == "yes"
            out.append(("iopen" if iso else "open", c.get("id"),
                        frozenset(code_attrs(c, data, {"id", "isolated"}, "yes").items())))
        elif tag == "ec":
            if c.get("isolated") == "yes":
                out.append(("iclose", c.get("id"),
                            frozenset(code_attrs(c, data, {"id", "isolated"}, "yes").items())))
            else:
                keep = {k: v for k, v in c.attrib.items() if k in ("disp", "equiv", "dataRef")}
                out.append(("close", c.get("startRef"),
                            frozenset(code_attrs(ET.Element("ec", keep), data, set()).items())))
        elif tag in ("mrk", "sm"):
            a = {k: v for k, v in c.attrib.items() if k != "id"}
            if a.get("type") == "generic":
                del a["type"]
            out.append(("mstart", c.get("id"), frozenset(a.items())))
            if tag == "mrk":
                inline(c, data, out)
                out.append(("mend", c.get("id"), frozenset()))
        elif tag == "em":
            out.append(("mend", c.get("startRef"), frozenset()))
        else:
            out.append(("?", c.tag))
        if c.tail:
            out.append(("t", c.tail))
    return out


def tokens(e, data):
    t = inline(e, data, [])
    merged = []
    for x in t:
        if x[0] == "t" and merged and merged[-1][0] == "t":
            merged[-1] = ("t", merged[-1][1] + x[1])
        else:
            merged.append(x)
    # pairs inside one element: written as <pc> or <sc>/<ec>, the same
    return tuple(x for x in merged if x != ("t", ""))


def datamap(unit):
    d = {}
    for od in unit.findall(NS + "originalData"):
        for x in od.findall(NS + "data"):
            s = x.text or ""
            for c in x:
                if c.tag == NS + "cp":
                    s += chr(int(c.get("hex"), 16))
                s += c.tail or ""
            d[x.get("id")] = s
    return d


def part(p, data):
    a = dict(p.attrib)
    if core(p, "segment"):
        a.setdefault("state", "initial")
    kids = []
    for c in p:
        if core(c, "source") or core(c, "target"):
            kids.append((local(c.tag), tuple(sorted(c.attrib.items())), tokens(c, data)))
    return (local(p.tag), tuple(sorted(a.items())), tuple(kids))


def match(m):
    d = datamap(m)
    kids = []
    for c in m:
        if core(c, "source") or core(c, "target"):
            kids.append((local(c.tag), tokens(c, d)))
        elif not core(c, "originalData"):
            kids.append(generic(c))
    return ("match", tuple(sorted(m.attrib.items())), tuple(kids))


def unit(u):
    data = datamap(u)
    ext, notes, parts = [], None, []
    for c in u:
        if not isinstance(c.tag, str):
            continue
        if core(c, "notes"):
            notes = tuple(generic(n) for n in c)
        elif core(c, "originalData"):
            continue
        elif core(c, "segment") or core(c, "ignorable"):
            parts.append(part(c, data))
        elif c.tag == MTC + "matches":
            for m in c:
                ext.append(repr(match(m)))
        else:
            ext.append(repr(generic(c)))
    return ("unit", tuple(sorted(u.attrib.items())), tuple(sorted(ext)), notes, tuple(parts))


def scope(e):
    kids = []
    for c in e:
        if not isinstance(c.tag, str):
            continue
        if core(c, "unit"):
            kids.append(unit(c))
        elif core(c, "group") or core(c, "file"):
            kids.append(scope(c))
        else:
            kids.append(generic(c))
    attrs = dict(e.attrib)
    if core(e, "xliff"):
        attrs.pop("version", None)
    return (local(e.tag), tuple(sorted(attrs.items())), tuple(kids))


def first_difference(a, b, path="document"):
    if type(a) != type(b):
        return path, a, b
    if isinstance(a, tuple):
        if len(a) != len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    return first_difference(x, y, "%s[%d]" % (path, i))
            return path + " (length %d vs %d)" % (len(a), len(b)), a[len(b):] or "", b[len(a):] or ""
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, "%s[%d]" % (path, i))
        return None
    if a != b:
        return path, a, b
    return None


def main():
    a = scope(ET.parse(sys.argv[1]).getroot())
    b = scope(ET.parse(sys.argv[2]).getroot())
    d = first_difference(a, b)
    if d:
        print("%s: %s differs from %s: %r vs %r" % (d[0], sys.argv[1], sys.argv[2], d[1], d[2]))
        sys.exit(1)


main()
