#!/usr/bin/env python3
"""Writes the hostile corpus: articles (and a layout with a broken hyphenation dictionary) that
once crashed handout, or took it minutes or gigabytes, into a folder, with what each must end in.

    python3 generate.py OUT_DIR [--small]

Big inputs are generated here, at test time, rather than committed. --small writes the same
classes at sizes that still reach the old faults but run quickly under valgrind.
Writes OUT_DIR/cases.json: a list of {name, articles, layout, args, env, expect, stderr, max_mb},
where expect is "pdf" (exit 0 and a PDF) or "refused" (exit 2, no PDF), stderr holds regexes that
must match, memcheck says whether the valgrind pass runs it, and max_mb (when set) is the peak
memory the run must stay under (the resource guarantee, asserted). Python 3 standard library only; the same seed always gives the same bytes.
"""

import json
import os
import random
import shutil
import sys

# handout's default --max-input-bytes (InputLimits in src/core/json_doc.h) and the memory every
# input within the default limits must stay under (README, "Guarantee").
DEFAULT_MAX_INPUT_BYTES = 2 * 1024 * 1024
GUARANTEED_MB = 512

BIDI_CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


# Cases refused while reading the article (or trivially like others): they never reach the
# C libraries, so they are not run again under valgrind, which costs seconds per process.
NOT_UNDER_VALGRIND = {"marks-acute", "marks-enclosing", "marks-arabic", "link-huge", "link-nul", "link-empty",
                      "link-control", "text-control", "title-nul", "pages-max-pages-huge", "date-past-9999",
                      "brackets-nested", "brackets-open", "bidi-shallow", "hyphen-long", "hyphen-digits"}


def article(lang, blocks, title=None):
    return {"lang": lang, "title": title or ("Hostile" if lang == "en" else "نشرة"),
            "meta": {"version": "1", "reviewed": "2026-11-01"}, "blocks": blocks}


def para(text):
    return {"type": "paragraph", "text": text}


def bidi_runaway(n, seed, letters):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        if rnd.random() < 0.3:
            out.append(rnd.choice(letters))
        else:
            out.append(rnd.choice(BIDI_CONTROLS))
    return "".join(out)


def build(out, small):
    cases = []
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    a4 = os.path.join(src, "layouts", "a4.json")

    def add(name, doc, expect, stderr=(), layout=a4, args=(), env=None, raw=None, more=(), max_mb=None):
        paths = []
        for i, text in enumerate([raw if raw is not None else json.dumps(doc, ensure_ascii=False, indent=1)] +
                                 list(more)):
            paths.append(os.path.join(out, name + ("-%d" % i if i else "") + ".json"))
            with open(paths[-1], "w", encoding="utf-8") as f:
                f.write(text)
        cases.append({"name": name, "articles": paths, "layout": layout, "args": list(args),
                      "env": env or {}, "expect": expect, "stderr": list(stderr),
                      "memcheck": name not in NOT_UNDER_VALGRIND and max_mb is None, "max_mb": max_mb})

    k = 10 if small else 1  # sizes divided by k under valgrind

    # 1. Runaway and unbalanced explicit embeddings and isolates (FriBidi 1.0.8 read freed
    # memory once levels overflowed 125).
    n = 485 if small else 10000
    # Seeds whose 485-character text valgrind flags on FriBidi 1.0.8 as called before.
    for lang, letters, seeds in (("ar", "بت ثج", (6, 8)), ("en", "ab cd", (1, 2, 4))):
        for seed in seeds:
            add("bidi-runaway-%s-%d" % (lang, seed), article(lang, [para(bidi_runaway(n, seed, letters))]),
                "pdf", [r"warning: .*bidi control"])
    add("bidi-only-isolates", article("ar", [para("\u2067" * 300 + "نص" + "\u2069" * 10)]), "pdf",
        [r"warning: .*bidi control"])
    add("bidi-deep-balanced", article("en", [para("\u2067a" * 130 + "b" + "\u2069" * 130)]), "pdf",
        [r"warning: .*deeper than 125"])
    add("bidi-shallow", article("en", [para("\u2067abc\u2069 and \u202bdef\u202c " * 40)]), "pdf")

    # 2. Long runs of combining marks (HarfBuzz aborted after 24-96 s on 100,000).
    marks = 9999 if small else 99999
    add("marks-acute", article("en", [para("a" + "\u0301" * marks)]), "refused",
        [r"error: .*combining marks.*30"])
    add("marks-enclosing", article("en", [para("a" + "\u20dd" * (500 if small else 5000))]), "refused",
        [r"error: .*combining marks"])
    add("marks-arabic", article("ar", [para("ب" + "\u064b" * (500 if small else 5000))]), "refused",
        [r"error: .*combining marks"])
    add("marks-thirty", article("en", [para("a" + "\u0301\u0302" * 15 + " ok")]), "pdf")

    # 12. Invisible characters piled on one letter: one glyph whose text is thousands of
    # characters (a ToUnicode entry over 512 bytes).
    add("zwj-pile", article("en", [para("a" + "\u200d" * (500 if small else 5000) + "b")]), "pdf")
    add("controls-pile", article("en", [para("x" + "\u200b\u2060" * (250 if small else 2500) + "y")]), "pdf")

    # 7. Brackets: "()" x 50,000 took 5-15 s.
    pairs = 5000 if small else 50000
    add("brackets-pairs", article("en", [para("()" * pairs)]), "pdf")
    add("brackets-nested", article("ar", [para("(" * (pairs - 1) + "ب" + ")" * (pairs - 1))]), "pdf")
    add("brackets-open", article("ar", [para("([{" * (pairs * 2 // 3))]), "pdf")

    # 8. Far over the page limit: stop early, not after laying out everything.
    # 2 MB (under the 2 MiB file limit) of paragraphs: about 500 pages, stopped at 200.
    words = " ".join(["word"] * 199)
    nblocks = 400 if small else 1900
    add("pages-over-limit", article("en", [para(words) for _ in range(nblocks)]), "refused",
        [r"error: .*over the limit of %d \(stopped" % (20 if small else 200)],
        args=["--max-pages", "20" if small else "200"])
    add("pages-small-limit", article("en", [para(words) for _ in range(60)]), "refused",
        [r"error: .*over the limit of 2 \(stopped"], args=["--max-pages", "2"])
    # Over what one PDF can hold: a wrong command line (exit 64), refused before any input is read.
    add("pages-max-pages-huge", article("en", [para("one page")]), "usage",
        [r"--max-pages.*32767"], args=["--max-pages", "40000"])

    # 11. Links and control characters.
    long_href = "https://example.org/" + "a" * (7000 if small else 70000)
    add("link-huge", article("en", [para([{"text": "x", "href": long_href}])]), "refused",
        [r"error: .*link.*(long|bytes).*\(at /blocks/0/text/0/href\)"])
    add("link-nul", article("en", [para([{"text": "x", "href": "https://example.org/\u0000evil"}])]), "refused",
        [r"error: .*link.*control.*\(at /blocks/0/text/0/href\)"])
    add("link-empty", article("en", [para([{"text": "x", "href": ""}])]), "refused",
        [r"error: .*empty.*\(at /blocks/0/text/0/href\)"])
    add("link-control", article("en", [para([{"text": "x", "href": "https://example.org/\u001b[31m"}])]),
        "refused", [r"error: .*control.*\(at /blocks/0/text/0/href\)"])
    add("text-control", article("en", [para(["ok ", {"text": "bell\u0007here"}])]), "refused",
        [r"error: .*control character.*U\+0007.*\(at /blocks/0/text/1/text\)"])
    add("title-nul", article("en", [para("ok")], title="nul\u0000title"), "refused",
        [r"error: .*control character.*U\+0000.*\(at /title\)"])

    # 13. Dates past 9999.
    add("date-past-9999", article("en", [para("dated")]), "pdf", [r"SOURCE_DATE_EPOCH.*9999"],
        env={"SOURCE_DATE_EPOCH": "253402300800"})
    add("date-huge", article("en", [para("dated")]), "pdf", [r"SOURCE_DATE_EPOCH"],
        env={"SOURCE_DATE_EPOCH": "9223372036854775807"})

    # 4. A malformed hyphenation dictionary beside the layout (libhyphen wrote out of bounds).
    proj = os.path.join(out, "proj")
    os.makedirs(os.path.join(proj, "layouts", "hyphenation"), exist_ok=True)
    if not os.path.exists(os.path.join(proj, "fonts")):
        shutil.copytree(os.path.join(src, "fonts"), os.path.join(proj, "fonts"))
    with open(a4, encoding="utf-8") as f:
        lay = json.load(f)
    with open(os.path.join(src, "layouts", "hyphenation", "hyph_en.dic"), encoding="utf-8") as f:
        good = f.read().splitlines()
    hyph_words = article("en", [para(("Extraordinary hyphenation characteristics internationalisation "
                                      "telecommunications dermatology dangerous ") * 30)])
    bad_lines = {"leading-digit": "3.d45399", "repl": "a1b/a=b,200,1", "long": "a1" * 80,
                 "digits": "ab12c"}
    for tag, line in bad_lines.items():
        d = os.path.join(proj, "layouts-" + tag)
        os.makedirs(os.path.join(d, "hyphenation"), exist_ok=True)
        lines = good[:40] + [line] + good[40:]
        with open(os.path.join(d, "hyphenation", "hyph_en.dic"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        lay2 = dict(lay)
        lay2["fonts"] = dict(lay["fonts"], dir="../fonts")
        lay2["hyphenate"] = True
        lp = os.path.join(d, "layout.json")
        with open(lp, "w", encoding="utf-8") as f:
            json.dump(lay2, f, ensure_ascii=False, indent=1)
        add("hyphen-" + tag, hyph_words, "refused", [r"hyph_en\.dic:41:\d+: error: "], layout=lp)

    # Wide tables and many columns: 20 fit, broken between letters; at 60 a column is
    # narrower than a letter, refused (its letters printed over the next column).
    for cols, expect, stderr in ((20, "pdf", ()), (60, "refused", (r"60 columns", r"no line break can make it fit"))):
        add("table-wide" + ("" if cols == 60 else "-%d" % cols),
            article("en", [{"type": "table", "header": ["h%d" % i for i in range(cols)],
                            "rows": [["c%d" % i for i in range(cols)] for _ in range(20 // k + 2)]}]),
            expect, stderr=stderr)
    # A long table of short cells of many widths: the column search tries trades between
    # columns at every width a cell changes its lines, and a version that did so on any table
    # took time growing with the square of the rows (8,000 rows of 8 columns: over a minute).
    words = ["arm", "left", "thigh", "2", "months", "DTaP-IPV", "oral", "booster", "dose", "12", "MMR", "at",
             "birth", "weeks", "right", "PCV13", "mg", "mL", "daily"]
    pick = random.Random(19)
    rows = 8000 // k
    add("table-long-short-cells", article("en", [{"type": "table", "header": ["h%d" % i for i in range(8)],
                                                   "rows": [[" ".join(pick.choice(words) for _ in range(pick.randint(1, 3)))
                                                             for _ in range(8)] for _ in range(rows)]}]),
        "pdf")
    if not small:
        near_limit(add, src)
    with open(os.path.join(out, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, indent=1)
    return cases


def fill_to_limit(lang, prefix, unit, suffix, limit=DEFAULT_MAX_INPUT_BYTES):
    """An article of `unit` repeated (comma-separated) between prefix and suffix, as many times
    as fit in `limit` bytes: the shapes that cost the most memory per byte of input."""
    head = ('{"lang":"%s","title":"T","meta":{"version":"1","reviewed":"2026-11-01"},"blocks":[' % lang) + prefix
    n = (limit - len((head + suffix).encode("utf-8"))) // (len(unit.encode("utf-8")) + 1)
    text = head + ",".join([unit] * n) + suffix
    assert len(text.encode("utf-8")) <= limit
    return text


def near_limit(add, src):
    """Inputs just within the default limits in the shapes that cost the most memory or time
    per byte (measured: millions of one-word list items or table cells, text arrays, a list
    laid out on both sides of a bilingual page or into a brochure's panels, long runs of
    escaped letters broken between letters). Each must end within the guaranteed memory."""
    lay = lambda name: os.path.join(src, "layouts", name + ".json")
    pages = [r"error: .*over the limit of 500 \(stopped"]
    items = lambda lang, word: fill_to_limit(lang, '{"type":"list","items":[', '"%s"' % word, "]}]}")
    add("limit-list-items", None, "refused", pages, raw=items("en", "w"), max_mb=GUARANTEED_MB)
    add("limit-list-arrays", None, "refused", pages,
        raw=fill_to_limit("en", '{"type":"list","items":[', '["w"]', "]}]}"), max_mb=GUARANTEED_MB)
    add("limit-table-rows", None, "refused", pages,
        raw=fill_to_limit("en", '{"type":"table","header":["a","b"],"rows":[', '["w","x"]', "]}]}"),
        max_mb=GUARANTEED_MB)
    add("limit-paragraphs", None, "refused", pages,
        raw=fill_to_limit("en", "", '{"type":"paragraph","text":"w"}', "]}"), max_mb=GUARANTEED_MB)
    add("limit-faq", None, "refused", pages,
        raw=fill_to_limit("en", '{"type":"faq","items":[', '{"question":"w","answer":"x"}', "]}]}"),
        max_mb=GUARANTEED_MB)
    # Two articles at the limit on one page: each side against its own column of the page limit.
    add("limit-bilingual-parallel", None, "refused", pages, layout=lay("bilingual-parallel"),
        raw=items("en", "w"), more=[items("ar", "w")], max_mb=GUARANTEED_MB)
    add("limit-bilingual-sequential", None, "refused", pages, layout=lay("bilingual-sequential"),
        raw=items("en", "w"), more=[items("ar", "w")], max_mb=GUARANTEED_MB)
    # A brochure's fixed panels: stopped once the panels are certainly full, at every text size tried.
    add("limit-brochure", None, "refused", [r"error: .*panels are full"], layout=lay("trifold-a4"),
        raw=items("en", "w"), max_mb=GUARANTEED_MB)
    # Letters written as escapes, one word per paragraph, broken between letters: time, not memory.
    add("limit-escaped-letters", None, "pdf", [r"warning: .*broken between letters"],
        raw=fill_to_limit("ar", "", '{"type":"paragraph","text":"%s"}' % ("\\u0627" * 16000), "]}"),
        max_mb=GUARANTEED_MB)
    over = items("en", "w")
    add("limit-over", None, "refused", [r"error: .*over the limit of %d bytes \(--max-input-bytes raises it\)" % DEFAULT_MAX_INPUT_BYTES],
        raw=over[:-len("]}]}")] + ',"w"' * 4 + "]}]}", max_mb=GUARANTEED_MB)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = build(out, "--small" in sys.argv[2:])
    print("%d hostile cases in %s" % (len(cases), out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
