#!/usr/bin/env python3
"""Checks of bilingual handouts (English and Arabic in one PDF) with real PDF clients.

Usage:
    python3 bilingual_checks.py SUBCOMMAND --handout PATH --source-dir DIR --work-dir DIR

Subcommands:
    text      every word of both translations comes back from pdftotext, in both forms
    level     parallel form: each English heading and its Arabic counterpart stand level
    margins   both forms: no word within 5 mm of a page edge
    parts     sequential form: cover, then each part numbered from 1 in its own language,
              with a bookmark tree per part
    outline   parallel form: the bookmarks hold both languages, each title a top-level entry
              with its own language's headings below it in order, each on its heading's page
              (qpdf --json)
    mismatch  translations that do not correspond are refused (exit 2, both pointers named,
              no output)

Exit status: 0 pass, 1 fail, 77 skipped (a tool is missing and CI is not set).
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks as pc  # noqa: E402  (shared helpers: run, render, normalise, words, ...)

MM5 = 5 * 72 / 25.4


def articles(ctx):
    return [ctx.src("content", "stem-cell-therapy", "en.json"),
            ctx.src("content", "stem-cell-therapy", "ar.json")]


def render_pair(ctx, mode, name, extra=()):
    pdf = ctx.out(name + ".pdf")
    layout = ctx.src("layouts", "bilingual-%s.json" % mode)
    en, ar = articles(ctx)
    code, out, err = pc.run([ctx.handout, "render", en, ar, "--layout", layout, "-o", pdf] + list(extra),
                            check=False)
    if code != 0:
        raise pc.Fail("render %s failed (exit %d): %s" % (mode, code, err))
    return pdf


def cmd_text(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("text")
    checked = 0
    for mode in ("parallel", "sequential"):
        pdf = render_pair(ctx, mode, "text-" + mode)
        _, extracted, _ = pc.run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
        ext = pc.normalise(extracted)
        ext_words = set(pc.words_of(ext)) | set(pc.words_of(pc.normalise(pc.join_soft_hyphens(extracted))))
        joined = re.sub(r"\s+", "", ext)
        for article in articles(ctx):
            words = []
            for s in pc.source_strings(pc.load_json(article)):
                words.extend(pc.words_of(pc.normalise(s)))
            missing = sorted({w for w in words if w not in ext_words and w not in joined})
            checked += len(words)
            if missing:
                t.fail("%s %s: missing %s" % (mode, os.path.basename(article), " ".join(missing)))
            else:
                print("PASS %s %s: %d words" % (mode, os.path.basename(article), len(words)))
    print("text: %d source words checked, %d failures" % (checked, len(t.failures)))
    return not t.failures


def heading_lines(items):
    """First lines of headings, in document order: (page, y, text)."""
    out = []
    prev = None
    for it in items:
        if not re.fullmatch(r"h[123]", it["role"]):
            prev = None
            continue
        continuation = (prev is not None and prev["page"] == it["page"] and prev["role"] == it["role"]
                        and 0 < it["y"] - prev["y"] < 1.8 * it["size"])
        if not continuation:
            out.append((it["page"], it["y"], it["text"]))
        prev = it
    return out


def cmd_level(ctx):
    t = pc.Tally("level")
    dump = ctx.out("level.txt")
    render_pair(ctx, "parallel", "level", ["--dump", dump, "--dump-glyphs"])
    items = pc.parse_dump(dump)
    en = heading_lines([i for i in items if i["lang"] == "en"])
    ar = heading_lines([i for i in items if i["lang"] == "ar"])
    if len(en) != len(ar) or not en:
        t.fail("%d English headings but %d Arabic ones" % (len(en), len(ar)))
    for (pe, ye, te), (pa, ya, ta) in zip(en, ar):
        if pe != pa or abs(ye - ya) > 0.5:
            t.fail("heading %r (page %d, baseline %.2f) and %r (page %d, baseline %.2f) are not level"
                   % (te, pe, ye, ta, pa, ya))
    print("level: %d heading pairs checked, %d failures" % (min(len(en), len(ar)), len(t.failures)))
    return not t.failures


def cmd_margins(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("margins")
    words = 0
    for mode in ("parallel", "sequential"):
        pdf = render_pair(ctx, mode, "margins-" + mode)
        for page in pc.bbox_pages(pdf, ctx.out("margins-%s.html" % mode)):
            for w in page["words"]:
                words += 1
                if (w["x0"] < MM5 or w["y0"] < MM5 or w["x1"] > page["width"] - MM5
                        or w["y1"] > page["height"] - MM5):
                    t.fail("%s page %d: %r at (%.1f, %.1f)-(%.1f, %.1f) is within 5 mm of the edge"
                           % (mode, page["number"], w["text"], w["x0"], w["y0"], w["x1"], w["y1"]))
    print("margins: %d words checked, %d failures" % (words, len(t.failures)))
    return not t.failures


def cmd_parts(ctx):
    pc.require_tools("pdftotext", "mutool")
    t = pc.Tally("parts")
    pdf = render_pair(ctx, "sequential", "parts")
    pages = pc.page_count(pdf)
    texts = [pc.normalise(pc.run(["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), pdf, "-"])[1])
             for n in range(1, pages + 1)]
    en_title = pc.load_json(articles(ctx)[0])["title"]
    ar_title = pc.load_json(articles(ctx)[1])["title"]
    flat = [re.sub(r"\s+", "", x) for x in texts]
    if re.sub(r"\s+", "", pc.normalise(en_title)) not in flat[0] or \
            not all(w in flat[0] for w in pc.words_of(pc.normalise(ar_title))):
        t.fail("the cover (page 1) does not show both titles")
    if "Page" in texts[0] or "صفحة" in texts[0]:
        t.fail("the cover has a page number")
    en_pages = [i for i, x in enumerate(texts) if re.search(r"Page \d+ of \d+", x)]
    ar_pages = [i for i, x in enumerate(texts) if "صفحة" in x]
    if not en_pages or not ar_pages or max(en_pages) >= min(ar_pages):
        t.fail("expected the English part before the Arabic part: English pages %s, Arabic %s"
               % (en_pages, ar_pages))
    else:
        first_en = re.search(r"Page (\d+) of (\d+)", texts[en_pages[0]])
        if first_en.group(1) != "1" or int(first_en.group(2)) != len(en_pages):
            t.fail("English part numbered %s of %s, expected 1 of %d"
                   % (first_en.group(1), first_en.group(2), len(en_pages)))
        ar_digits = "".join(c for c in texts[ar_pages[0]] if "\u0660" <= c <= "\u0669")
        if "\u0661" not in ar_digits:
            t.fail("the first Arabic page is not numbered ١ (Arabic-Indic digits): %r" % ar_digits)
    _, outline, _ = pc.run(["mutool", "show", pdf, "outline"], check=False)
    tops = [l for l in outline.splitlines() if l.startswith(("+", "-", "|")) or l[:1].strip()]
    if en_title not in outline or ar_title not in outline:
        t.fail("bookmarks do not have both part titles:\n%s" % outline)
    print("parts: %d pages, %d failures" % (pages, len(t.failures)))
    del tops
    return not t.failures


def cmd_mismatch(ctx):
    t = pc.Tally("mismatch")
    en, ar = articles(ctx)
    doc = pc.load_json(ar)
    cases = []
    a = pc.load_json(ar)
    del a["blocks"][5]
    cases.append(("block missing", a, r"translations do not correspond.*\(at /blocks/5/type\)"))
    b = pc.load_json(ar)
    lists = [i for i, blk in enumerate(b["blocks"]) if blk["type"] == "list"]
    b["blocks"][lists[0]]["items"].pop()
    cases.append(("list item missing", b, r"number of list items.*\(at /blocks/%d/items\)" % lists[0]))
    c = pc.load_json(ar)
    tables = [i for i, blk in enumerate(c["blocks"]) if blk["type"] == "table"]
    for row in c["blocks"][tables[0]]["rows"]:
        row.pop()
    c["blocks"][tables[0]]["header"].pop()
    cases.append(("table shape", c, r"number of header cells.*\(at /blocks/%d/header\)" % tables[0]))
    del doc
    for name, data, pattern in cases:
        path = ctx.out("mismatch-%s.json" % name.replace(" ", "-"))
        with open(path, "w", encoding="utf-8") as f:
            import json
            json.dump(data, f, ensure_ascii=False, indent=1)
        out_pdf = ctx.out("mismatch-%s.pdf" % name.replace(" ", "-"))
        if os.path.exists(out_pdf):
            os.remove(out_pdf)
        code, _, err = pc.run([ctx.handout, "render", en, path, "--layout",
                               ctx.src("layouts", "bilingual-parallel.json"), "-o", out_pdf], check=False)
        ok = code == 2 and re.search(pattern, err, re.S) and os.path.basename(path) in err \
            and re.search(r"en\.json:\d+:\d+: error:", err) and not os.path.exists(out_pdf)
        if ok:
            print("PASS %s" % name)
        else:
            t.fail("%s: exit %d, stderr:\n%s" % (name, code, err))
    print("mismatch: %d cases, %d failures" % (len(cases), len(t.failures)))
    return not t.failures


def cmd_outline(ctx):
    pc.require_tools("qpdf", "pdftotext")
    t = pc.Tally("outline")
    pdf = render_pair(ctx, "parallel", "outline")
    _, out, _ = pc.run(["qpdf", "--json", "--json-key=outlines", pdf])
    tops = json.loads(out)["outlines"]
    pages = pc.page_count(pdf)
    texts = [re.sub(r"\s+", "", pc.normalise(pc.run(["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), pdf, "-"])[1]))
             for n in range(1, pages + 1)]

    def flat(entries, depth):
        for e in entries:
            yield depth, e["title"], e["destpageposfrom1"]
            yield from flat(e["kids"], depth + 1)

    titles = [pc.load_json(a)["title"] for a in articles(ctx)]
    if [e["title"] for e in tops] != titles:
        t.fail("top-level bookmarks %r, expected the two titles %r" % ([e["title"] for e in tops], titles))
    for top, article in zip(tops, articles(ctx)):
        doc = pc.load_json(article)
        want = [b["text"] for b in doc["blocks"] if b.get("type") == "heading"]
        got = [(title, page) for depth, title, page in flat(top["kids"], 1)]
        if [g[0] for g in got] != want:
            t.fail("%s: bookmarks under its title %r, expected its headings %r" % (doc["lang"], [g[0] for g in got], want))
        for title, page in got:
            # The heading is on the page its bookmark opens (its words, white space aside;
            # Arabic comes back from pdftotext in logical order).
            if not all(w in texts[page - 1] for w in pc.words_of(pc.normalise(title))):
                t.fail("%s: bookmark %r opens page %d, which does not show it" % (doc["lang"], title, page))
    print("outline: %d top-level bookmarks, %d in all, %d failures"
          % (len(tops), sum(1 for _ in flat(tops, 0)), len(t.failures)))
    return not t.failures


COMMANDS = {"text": cmd_text, "level": cmd_level, "margins": cmd_margins, "parts": cmd_parts,
            "mismatch": cmd_mismatch, "outline": cmd_outline}


def main():
    return pc.script_main(COMMANDS, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
