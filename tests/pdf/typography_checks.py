#!/usr/bin/env python3
"""Typography checks of real PDFs made by handout (issue-level behaviour, read back with
poppler's pdftotext -bbox-layout).

Usage:
    python3 typography_checks.py SUBCOMMAND --handout BIN --source-dir DIR --work-dir DIR

Subcommands:
    tablewidths  a column whose whole content fits is never wrapped while another column
                 has room ("Day 1", "500 mg", "08:00 and 20:00" beside long notes); a cell
                 holding one 2,000-letter word leaves every other column readable, keeps all
                 text inside the page and warns with the cell's location; a table with 60
                 columns warns that it cannot be set readably
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks as pc  # noqa: E402


def article(path, blocks, lang="en"):
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"lang": lang, "title": "Table widths", "meta": {"version": "1", "reviewed": "2026-11-01"},
                   "blocks": blocks}, f, ensure_ascii=False, indent=1)
    return path


NOTES = ("Take with food and a full glass of water; do not crush or chew the tablet, and tell your "
         "doctor if the pain lasts longer than three days or if you notice a rash or swelling.")


def lines_of(words):
    """Words grouped by baseline (rounded), as sets of text."""
    lines = {}
    for w in words:
        lines.setdefault(round(w["y1"]), []).append(w["text"])
    return list(lines.values())


def same_line(words, *parts):
    return any(all(p in line for p in parts) for line in lines_of(words))


def cmd_tablewidths(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("tablewidths")
    # 1. Short columns stay on one line beside a long notes column (A4 and A5).
    rows = [["Day 1", "500 mg", "08:00 and 20:00", NOTES], ["Day 2", "20 mg", "08:00", NOTES]]
    src = article(ctx.out("short.json"), [{"type": "table", "header": ["Day", "Dose", "Times", "Notes"],
                                           "rows": rows}])
    for layout in ("a4", "a5-booklet"):
        pdf = pc.render(ctx, src, ctx.out("short-%s.pdf" % layout), layout=ctx.src("layouts", layout + ".json"))
        words = pc.bbox_pages(pdf, ctx.out("short-%s.html" % layout))[0]["words"]
        for parts in (("Day", "1"), ("500", "mg"), ("08:00", "and", "20:00"), ("Day", "2"), ("20", "mg")):
            t.check(same_line(words, *parts), "%s: %r wrapped inside its cell while the notes column had room"
                    % (layout, " ".join(parts)))
    # 2. One 2,000-letter word: the other columns stay readable, nothing leaves the page,
    #    and a located warning says so.
    long_word = "x" * 2000
    src = article(ctx.out("long.json"), [{"type": "table", "header": ["Medicine", "Dose", "Notes"],
                                          "rows": [["Paracetamol", "500 mg", long_word],
                                                   ["Ibuprofen", "400 mg", "with food"]]}])
    out_pdf = ctx.out("long.pdf")
    if os.path.exists(out_pdf):
        os.remove(out_pdf)
    code, _, err = pc.run([ctx.handout, "render", src, "-o", out_pdf], check=False)
    t.check(code == 0 and os.path.isfile(out_pdf), "long word: render failed (exit %d): %s" % (code, err))
    t.check("long.json:" in err and "table cell" in err and "broken between letters" in err,
            "long word: no located warning about the broken word; stderr: %r" % err[:400])
    if os.path.isfile(out_pdf):
        page = pc.bbox_pages(out_pdf, ctx.out("long.html"))[0]
        texts = [w["text"] for w in page["words"]]
        t.check(same_line(page["words"], "500", "mg") and same_line(page["words"], "with", "food"),
                "long word: a short cell (\"500 mg\", \"with food\") wrapped beside the long word")
        for whole in ("Paracetamol", "Ibuprofen", "Medicine", "Notes"):
            t.check(whole in texts, "long word: %r did not stay whole (its column was starved): %s"
                    % (whole, " ".join(x for x in texts if len(x) < 20)[:300]))
        for w in page["words"]:
            if w["x0"] < 0 or w["x1"] > page["width"]:
                t.fail("long word: %r leaves the page (x %.1f..%.1f)" % (w["text"][:20], w["x0"], w["x1"]))
                break
    # 3. Sixty columns: a warning that names the count.
    src = article(ctx.out("wide.json"), [{"type": "table", "header": ["c%d" % i for i in range(60)],
                                          "rows": [["word%d" % i for i in range(60)]]}])
    out_pdf = ctx.out("wide.pdf")
    code, _, err = pc.run([ctx.handout, "render", src, "-o", out_pdf], check=False)
    t.check(code == 0, "60 columns: render failed (exit %d)" % code)
    t.check("wide.json:" in err and "60 columns" in err, "60 columns: no located warning; stderr: %r" % err[:300])
    print("tablewidths: %d failures" % len(t.failures))
    return not t.failures


COMMANDS = {"tablewidths": cmd_tablewidths}


if __name__ == "__main__":
    sys.exit(pc.script_main(COMMANDS, __doc__.split("\n")[0]))
