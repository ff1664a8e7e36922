#!/usr/bin/env python3
"""Structured seeds for fuzz_render: the shapes of input that broke handout's text stages
and that random mutation rarely builds on its own (long runs of bidi controls, piles of
combining marks, runs of brackets, invisible characters, wide tables).

    python3 fuzz/generate_seeds.py DIR

Writes files into DIR (scripts/fuzz.sh calls it on the render corpus). Each is under the
render entry's 64 KB limit; text seeds use the entry's text form (the first byte picks the
language and block kind, see entry.h), wide tables are JSON articles. Same bytes every run.
"""

import json
import os
import random
import sys

LIMIT = 64 * 1024 - 64
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def fit(text):
    """Cuts text (UTF-8) to the entry's size limit, whole characters only."""
    data = text.encode("utf-8")
    while len(data) > LIMIT:
        text = text[: len(text) * 9 // 10]
        data = text.encode("utf-8")
    return data


def seeds():
    rnd = random.Random(20261201)
    out = {}
    en, ar = b"\x00", b"\x01"  # paragraphs, English / Arabic
    # Runs of bidi controls, random and nested, with some letters.
    for i, mode in enumerate((en, ar, b"\x06", b"\x07")):
        s = "".join(rnd.choice(BIDI) if rnd.random() < 0.7 else rnd.choice("ab بت ()|\n") for _ in range(20000))
        out["bidi-controls-%d" % i] = mode + fit(s)
    out["bidi-nested-isolates"] = ar + fit("\u2067\u0628" * 200 + "x" + "\u2069" * 200)
    out["bidi-nested-embeddings"] = en + fit("\u202b\u202d" * 150 + "x" + "\u202c" * 300)
    # Combining marks: just under and far over the stream-safe limit, Latin and Arabic.
    out["marks-30"] = en + fit("a" + "\u0301" * 30 + " b" + "\u0323\u0301" * 15)
    out["marks-long"] = en + fit("a" + "\u0301" * 20000)
    out["marks-arabic"] = ar + fit("\u0628" + "\u064b\u0651" * 8000)
    out["marks-enclosing"] = en + fit("x" + "\u20dd" * 20000)
    # Brackets: empty pairs, deep nesting, unbalanced, mixed with both directions.
    out["brackets-pairs"] = en + fit("()" * 30000)
    out["brackets-nested"] = ar + fit("(" * 15000 + "\u0628" + ")" * 15000)
    out["brackets-mixed"] = ar + fit("".join(rnd.choice("()[]{}ab\u0628 ") for _ in range(40000)))
    # Invisible characters piled on one letter (one glyph, thousands of characters of text).
    out["invisible-pile"] = en + fit("a" + "\u200d" * 10000 + "b" + "\u200b\u2060\u00ad" * 3000)
    # Wide tables (JSON: the text form has at most 8 columns).
    for cols in (30, 60, 120):
        art = {"lang": "en", "title": "Wide", "blocks": [{
            "type": "table", "header": ["h%d" % c for c in range(cols)],
            "rows": [["c%d%s" % (c, "x" * rnd.randint(0, 30)) for c in range(cols)] for _ in range(8)]}]}
        out["table-%d-columns" % cols] = fit(json.dumps(art, ensure_ascii=False))
    return out


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, data in seeds().items():
        with open(os.path.join(sys.argv[1], "structured-" + name), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
