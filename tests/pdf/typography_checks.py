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
                 columns warns that it cannot be set readably; a held-out dose table in
                 narrow columns (parallel layout, a two-column page) sets its notes at most
                 four lines deep (five and eight before) without wrapping a short body cell
    tablebalance a header's one line is not room its column needs: the held-out fever dose
                 table on A4 sets its short notes on one line (the Ibuprofen column kept 20 pt
                 for "Ibuprofen 100 mg/5 mL" on one line while they wrapped); in a column of
                 doses with words among them ("Not advised", "100 micrograms") the doses end
                 on one edge in a block at the column's start and the words start under the
                 header (English and Arabic, mirrored)
    header       running header and footer slots share their line: a 104-character English
                 title and a long Arabic title on A5 and A4 overlap no other slot's words
                 (at least a small gap), and the cut one ends with an ellipsis, with no
                 comma, colon or dash left before it ("المنزل،…")
    pagenumbers  a running header or footer text too long for its line keeps its page numbers:
                 "{clinic.name}, {clinic.address} · Page {page} of {pages}" with a long clinic
                 name and address, and "{title} — {clinic.name} — {page}/{pages}", are cut
                 before the page numbers (with an ellipsis), not after them, so that every page
                 of an English and an Arabic handout still says its number and the count;
                 "Page {page} of {pages}" keeps Western digits on an Arabic page (the parallel
                 form with Arabic first printed "Page ١ of ٣", read "٣ of ١ Page")
    smalltables  a table of four or five rows moves whole to the next page instead of
                 splitting 2+2 / 2+3; a long table keeps at least two body rows on each side
                 of a break, with its header repeated; a row taller than a page starts under
                 its header and fills every page it spans but the last
    paralleltables  bilingual parallel layout: row N of the English table stands level with
                 row N of the Arabic one (same page, same baseline), rows of different
                 heights on the two sides, across a page break
    parallelflow  bilingual parallel layout: a list whose translation is longer is not padded
                 with gaps between its items, and the rule between the columns stops where
                 the text stops on the last page
    facing       a layout with inside and outside margins (the A5 booklets) alternates them on
                 facing pages: the wider inside margin at the binding, left on odd pages of an
                 English handout and right on its even pages, mirrored for Arabic
    rowbaseline  one baseline per table row: an Arabic table's cells holding only Latin text
                 (numbers, doses) stand on the same baseline as its Arabic cells
    narrowwords  a word wider than its table column (the held-out fever dose table's six
                 columns in the parallel and tri-fold layouts) is parted where a reader accepts
                 it: at a space, "/" or dash that a quantity or range keeps ("100 mg/|5 mL"),
                 or with a hyphen at a hyphenation point even in a capitalised name
                 ("Ibupro-|fen"); never between two letters ("Ibup|rofen", "Parace|tamol"), nor
                 an Arabic word so that one letter stands alone ("باراسيتامو|ل"); the warning
                 for such a column says the word was hyphenated; the held-out colonoscopy
                 pair's timeline and diet tables in the same layouts part no word either
    listends     a list's last item does not start a page or panel alone, nor its first item
                 end one, when the regions after show that the document grows no longer
                 (the bundled large print, Arabic A4 and wound-care Letter renders
                 did); the A5 booklets keep their page counts; a list crossing the page end
                 after a growing lead, on A4 and A5
    listmarkers  list numbers wider than a layout's indent ("10." in A4's 16 pt, "١٠." in
                 Arabic, large print) do not stand in the start margin: in every layout, English
                 and Arabic, lists of 12 and 14 numbered items and a bulleted one keep every
                 marker (its advance box, from the display list) inside the column's text edge
                 (the start edge of its paragraphs and headings)
    lineskip     a leading the schema allows (0.8, 0.9 of the size) with Noto Naskh Arabic
                 (vocalised words, marks above and below) and Noto Sans: in poppler's rendering
                 (600 dpi) no piece of ink joins the letters of two lines of a paragraph; the
                 engine moves lines apart by their glyphs' ink (TeX's \lineskip)
    heldoutlayouts  the layouts of tests/data/layouts-heldout (written for this test, kept
                 outside layouts/ as a clinic keeps its own: A4 landscape in three columns at
                 8 pt, US Legal at 16 pt with leading 0.9 and lengths at the schema's bounds,
                 an A6 card with kashida and Arabic-Indic digits, an A5 tri-fold with the
                 largest bleed and marks, a parallel Legal landscape with Arabic first and the
                 widest gap, a sequential A6 with facing pages) validate cleanly and render held-out
                 articles (or pairs) with a brand: exit 0, qpdf --check clean, every word
                 inside the page; a layout that leaves hyphenation on hyphenates English
                 (one outside layouts/ without a hyphenation/ folder hyphenated nothing)
    leadin       a paragraph that leads into a list or table (it ends with a colon: "do the
                 following:") never ends a page with the list or table starting on the next: in
                 A4, Letter, A5 booklet and large print, English and Arabic, with the lead-in
                 moved down the page a sentence at a time, it stands on the page of the first
                 item (or row)
    lastblock    the last page never holds the article's last block alone when it is short (a
                 QR code, a callout, a small table, a list, a figure, a short paragraph, the
                 clinic's contact box): the end of the block before it goes along; the bundled
                 articles that ended so (large print, A4, Letter, the clinic layout) and
                 articles written here with each kind of block at the end, in single-column,
                 booklet, large-print and bilingual sequential and parallel layouts
    tablegap     a small table (six rows, under half a page) after its heading moves whole to
                 the next page only when that leaves less than about a third of the page empty
                 (A5 booklet, en and ar, the table started at each line of a page): otherwise
                 it splits, two rows or more on each side, its header repeated (it moved whole
                 and left up to 45% of a page, or of a tri-fold's panel, empty)
    furniturelangs  a Persian and an Urdu article in every bundled one-language layout (and
                 the clinic layout with each bundled brand) get page furniture in their own
                 language: "صفحهٔ N از M" / "صفحہ N از M" with Persian digits for Persian, the
                 header's "Patient information", a tri-fold's contact and review lines, the
                 clinic's name and address; no text is left out for want of their language
                 (a warning), none is printed in English or Arabic, and a brand's logo is not
                 refused for want of a Persian or Urdu alternative text (exit 2)
    linkink      a link on a dark fill is printed in a colour that stands out from it: links in
                 a navy callout with white text and in a table header on a dark fill (en and ar)
                 have at least 3:1 against the fill (they were drawn in the links' dark blue,
                 1.2:1 and invisible), and a link on the paper keeps the links' blue
"""

import json
import os
import re
import shutil
import unicodedata
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks as pc  # noqa: E402


def article(path, blocks, lang="en", title="Table widths"):
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"lang": lang, "title": title, "meta": {"version": "1", "reviewed": "2026-11-01"},
                   "blocks": blocks}, f, ensure_ascii=False, indent=1)
    return path


FILLER_EN = ("Keep the dressing clean and dry for the first two days, and change it if it becomes wet "
             "or loose. Wash your hands before and after you touch the wound, and call the clinic if "
             "the redness spreads or you develop a fever. ")
FILLER_AR = ("حافظ على الضمادة نظيفة وجافة خلال اليومين الأولين، وغيّرها إذا ابتلّت أو انفكّت. اغسل "
             "يديك قبل لمس الجرح وبعده، واتصل بالعيادة إذا انتشر الاحمرار أو أصبت بالحمى. ")


def filler(lang, n):
    text = FILLER_AR if lang == "ar" else FILLER_EN
    return [{"type": "paragraph", "text": text * 3} for _ in range(n)]


def overlaps(a, b, gap=0.0):
    """Whether two word boxes overlap (or come closer than `gap` side by side) on one line."""
    if a["y1"] <= b["y0"] or b["y1"] <= a["y0"]:
        return False
    return a["x0"] < b["x1"] + gap - 0.2 and b["x0"] < a["x1"] + gap - 0.2


NOTES = ("Take with food and a full glass of water; do not crush or chew the tablet, and tell your "
         "doctor if the pain lasts longer than three days or if you notice a rash or swelling.")


def page_with(ctx, articles, name, layout, word, extra=()):
    """Renders `articles` as `name` in `layout`; the first page (pc.bbox_pages) holding
    `word`, or None."""
    pdf = pc.render(ctx, articles, ctx.out(name + ".pdf"), layout=layout, extra=extra)
    pages = pc.bbox_pages(pdf, ctx.out(name + ".html"))
    return next((p for p in pages if any(w["text"] == word for w in p["words"])), None)


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
    # 3. A tri-fold panel's narrow columns: a number keeps its spelt-out unit on its line
    #    ("100 micro-|grams" was set, then "100 microgr|ams" in a column exactly as wide as the
    #    cell), and a word that fits whole in its cell is not hyphenated ("(pre-|venter)").
    src = article(ctx.out("narrow.json"), [{"type": "table", "header": ["Age", "Dose", "How often", "For how long"],
                                            "rows": [["1–5 years", "125 mg", "three times a day", "5–7 days"],
                                                     ["Inhaler (preventer)", "100 micrograms", "morning and evening",
                                                      "ongoing"]]}])
    for layout in ("trifold-a4", "trifold-letter"):
        pdf = pc.render(ctx, src, ctx.out("narrow-%s.pdf" % layout), layout=ctx.src("layouts", layout + ".json"))
        words = [w for page in pc.bbox_pages(pdf, ctx.out("narrow-%s.html" % layout)) for w in page["words"]]
        texts = [w["text"] for w in words]
        t.check(same_line(words, "100", "micrograms"), "%s: \"100 micrograms\" not on one line: %s"
                % (layout, " ".join(texts)[:300]))
        t.check("(preventer)" in texts, "%s: \"(preventer)\" hyphenated or broken: %s" % (layout, " ".join(texts)[:300]))
    # 5. A held-out article's dose table in narrow columns (the parallel layout's English
    #    column, a two-column page): the notes column was set five and eight lines deep while
    #    the dose column beside it kept room it did not need; now the room goes where the
    #    table gets shorter, and no body cell that fitted on one line wraps.
    pair = [ctx.src("tests", "data", "heldout-diabetes-%s.json" % lang) for lang in ("en", "ar")]
    two_col = json.load(open(ctx.src("layouts", "a4.json"), encoding="utf-8"))
    two_col["fonts"] = dict(two_col["fonts"], dir=ctx.src("fonts"))
    two_col["page"] = {"size": {"width": "180mm", "height": "250mm"}, "columns": 2, "column_gap": "6mm",
                       "margins": {"top": "16mm", "bottom": "15mm", "start": "14mm", "end": "12mm"}}
    two_col["styles"] = dict(two_col.get("styles", {}), body={"size": 9, "leading": 1.35, "align": "justify"},
                             table_body={"size": 8, "leading": 1.25}, table_header={"size": 8, "leading": 1.25})
    two_col_path = ctx.out("two-columns.layout.json")
    with open(two_col_path, "w", encoding="utf-8") as f:
        json.dump(two_col, f, ensure_ascii=False)
    for name, srcs, layout, extra in (
            ("heldout-parallel", pair, ctx.src("layouts", "bilingual-parallel.json"), ()),
            ("heldout-two-columns", pair[:1], two_col_path, ("--allow-path", ctx.src("fonts")))):
        page = page_with(ctx, srcs, name, layout, "Injection", extra)
        if page is None:
            t.fail("%s: the dose table's first note not found" % name)
            continue
        words = page["words"]
        first = next(w for w in words if w["text"] == "Injection")
        nxt = next((w for w in words if w["text"] == "Fasting" and abs(w["x0"] - first["x0"]) < 0.5), None)
        bottom = nxt["y0"] if nxt else page["height"]
        depth = len({round(w["y1"]) for w in words
                     if abs(w["x0"] - first["x0"]) < 0.5 and first["y0"] - 0.5 <= w["y0"] < bottom})
        t.check(depth <= 4, "%s: the note of \"Day 1\" is set %d lines deep (at most 4 expected)" % (name, depth))
        for parts in (("Day", "1"), ("10", "units"), ("08:00", "and", "20:00")):
            t.check(same_line(words, *parts) or not all(any(w["text"] == x for w in words) for x in parts),
                    "%s: %r wrapped inside its cell" % (name, " ".join(parts)))
    # 6. Nine columns in a tri-fold panel and the parallel layout's column (an eye-drop
    #    schedule, week by week): a cell of long words ("Ketorolac 0.5% (anti-inflammatory)")
    #    in a column narrower than its syllables was set on one line across the cells beside
    #    it (the breaker found no way with at most two hyphens in a row); no two words of a
    #    line overlap now (by more than the touching side bearings of a number's pieces that
    #    poppler reads as two words in Arabic, "%" and "0.1").
    drops = {"type": "table", "header": ["Drop", "Cap colour", "Week 1", "Week 2", "Week 3", "Week 4", "Week 5",
                                         "Week 6", "Then"],
             "rows": [["Dexamethasone 0.1% (steroid, reduces swelling)", "White", "4 times", "4 times", "3 times",
                       "2 times", "1 time", "1 time", "Stop"],
                      ["Ketorolac 0.5% (anti-inflammatory)", "Grey", "3 times", "3 times", "3 times", "3 times",
                       "Stop", "\u2013", "\u2013"]]}
    drops_ar = {"type": "table", "header": ["القطرة", "لون الغطاء"] + ["الأسبوع %d" % i for i in range(1, 7)] +
                ["بعد ذلك"],
                "rows": [["ديكساميثازون 0.1% (ستيرويد يخفف التورم)", "أبيض", "4 مرات", "4 مرات", "3 مرات",
                          "مرتان", "مرة واحدة", "مرة واحدة", "توقف"],
                         ["كيتورولاك 0.5% (مضاد للالتهاب)", "رمادي", "3 مرات", "3 مرات", "3 مرات", "3 مرات",
                          "توقف", "\u2013", "\u2013"]]}
    src = article(ctx.out("drops.json"), [drops])
    src_ar = article(ctx.out("drops-ar.json"), [drops_ar], lang="ar", title="جدول القطرات")
    for layout in ("trifold-a4", "trifold-letter", "bilingual-parallel"):
        pdf = pc.render(ctx, [src, src_ar] if layout.startswith("bilingual") else src,
                        ctx.out("drops-%s.pdf" % layout), layout=ctx.src("layouts", layout + ".json"))
        for page in pc.bbox_pages(pdf, ctx.out("drops-%s.html" % layout)):
            words = page["words"]
            hit = next(((a, b) for i, a in enumerate(words) for b in words[i + 1:]
                        if abs(a["y1"] - b["y1"]) < 0.3 * (a["y1"] - a["y0"]) and
                        min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 2), None)
            t.check(hit is None, "%s: words of the nine-column table overlap: %r and %r"
                    % (layout, hit and hit[0]["text"], hit and hit[1]["text"]))
    # 4. Twenty columns: a warning that names the count. Sixty: columns narrower than a
    # letter, whose letters printed over each other past the table's edge under that same
    # warning; refused, naming the count, and nothing written.
    for cols, want in ((20, 0), (60, 2)):
        src = article(ctx.out("wide%d.json" % cols), [{"type": "table", "header": ["c%d" % i for i in range(cols)],
                                                       "rows": [["word%d" % i for i in range(cols)]]}])
        out_pdf = ctx.out("wide%d.pdf" % cols)
        if os.path.exists(out_pdf):
            os.remove(out_pdf)
        code, _, err = pc.run([ctx.handout, "render", src, "-o", out_pdf], check=False)
        t.check(code == want, "%d columns: exit %d, expected %d" % (cols, code, want))
        t.check(os.path.exists(out_pdf) == (want == 0), "%d columns: PDF written: %s" % (cols, os.path.exists(out_pdf)))
        t.check(("wide%d.json:" % cols) in err and ("%d columns" % cols) in err,
                "%d columns: no located diagnostic naming the count; stderr: %r" % (cols, err[:300]))
        if want:
            t.check("error:" in err and "no line break can make it fit" in err,
                    "%d columns: no error saying the letters cannot fit; stderr: %r" % (cols, err[:600]))
    print("tablewidths: %d failures" % len(t.failures))
    return not t.failures


LONG_TITLE_EN = ("Preparing for your knee arthroscopy: what to expect before, during and after the "
                 "day-surgery procedures.")
LONG_TITLE_AR = ("الاستعداد لتنظير مفصل الركبة بالمنظار: ما الذي تتوقعه قبل العملية الجراحية اليومية "
                 "وفي أثنائها وبعدها وخلال أسابيع التعافي الأولى في المنزل")


# Titles of comma-separated words: a cut at any space falls after a comma.
LIST_TITLE_EN = ("Wound care at home: washing, drying, dressing, checking, resting, eating, walking, "
                 "sleeping, bathing, driving, lifting, working and sport")
LIST_TITLE_AR = ("العناية بالجرح في المنزل: الغسل، التجفيف، التضميد، الفحص، الراحة، الأكل، المشي، النوم، "
                 "الاستحمام، القيادة، الرفع، العمل، والرياضة")
LEADS_ON = ",;:([\u2013\u2014\u060c\u061b|\u00b7\u2022\u22c5"


def slot_groups(words, top, bottom):
    """Words lying between `top` and `bottom`, grouped into runs separated by more than a
    space: one group per header or footer slot. A word must lie wholly in the band: the body's
    first line can rise above the body's top (an Arabic line's ascent) and is no slot."""
    band = sorted((w for w in words if top <= w["y0"] and w["y1"] <= bottom), key=lambda w: w["x0"])
    groups = []
    for w in band:
        if groups and w["x0"] - groups[-1][-1]["x1"] < 6:
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


def cmd_header(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("header")
    assert len(LONG_TITLE_EN) == 104, len(LONG_TITLE_EN)
    for lang, title in (("en", LONG_TITLE_EN), ("ar", LONG_TITLE_AR)):
        src = article(ctx.out("header-%s.json" % lang), filler(lang, 8), lang=lang, title=title)
        for layout in ("a5-booklet", "a4"):
            lpath = ctx.src("layouts", layout + ".json")
            geo = pc.layout_geometry(lpath)
            pdf = pc.render(ctx, src, ctx.out("header-%s-%s.pdf" % (lang, layout)), layout=lpath)
            pages = pc.bbox_pages(pdf, ctx.out("header-%s-%s.html" % (lang, layout)))
            name = "%s/%s" % (lang, layout)
            t.check(len(pages) >= 2, "%s: expected at least two pages, got %d" % (name, len(pages)))
            if len(pages) < 2:
                continue
            page = pages[1]
            # The header line: words above the body's top margin.
            head = [w for w in page["words"] if w["y1"] <= geo["top"]]
            t.check(len(head) >= 3, "%s: no header words on page 2" % name)
            for i, a in enumerate(head):
                for b in head[i + 1:]:
                    if overlaps(a, b):
                        t.fail("%s: header words overlap: %s (%.1f-%.1f) and %s (%.1f-%.1f)"
                               % (name, pc.show_word(a["text"]), a["x0"], a["x1"],
                                  pc.show_word(b["text"]), b["x0"], b["x1"]))
            groups = slot_groups(page["words"], 0, geo["top"])
            t.check(len(groups) == 2, "%s: expected two header slots apart from each other, found %d: %s"
                    % (name, len(groups), [" ".join(w["text"] for w in g) for g in groups]))
            text = " ".join(w["text"] for w in head)
            t.check("\u2026" in text, "%s: the cut title has no ellipsis: %r" % (name, text))
            if lang == "ar" and "\u2026" in text:
                # The logical end of right-to-left text is its left end. (The title is the cut
                # text: on a booklet's page it stands at the fore-edge, either side.)
                title_group = next((g for g in groups if any("\u2026" in w["text"] for w in g)), groups[0])
                first = min(title_group, key=lambda w: w["x0"])["text"]
                t.check(first.startswith("\u2026") or first.endswith("\u2026"),
                        "%s: the ellipsis is not at the left end of the Arabic title: %r" % (name, first))
            for w in head:
                if w["x0"] < min(geo["start"], geo["end"]) - 0.5 or \
                        w["x1"] > page["width"] - min(geo["start"], geo["end"]) + 0.5:
                    t.fail("%s: header word %s leaves the text width" % (name, pc.show_word(w["text"])))
    # A title cut after a comma, colon or dash does not keep it before the ellipsis
    # ("in the home,…", "المنزل،…"): titles of comma-separated words, cut wherever in A5 and
    # A4, and the held-out colonoscopy title.
    heldout_ar = pc.load_json(ctx.src("tests", "data", "heldout-colonoscopy-ar.json"))["title"]
    asthma_ar = pc.load_json(ctx.src("tests", "data", "heldout-asthma-ar.json"))["title"]
    knee = {lang: pc.load_json(ctx.src("tests", "data", "heldout-knee-%s.json" % lang))["title"] for lang in ("en", "ar")}
    for name, lang, title in (("list-en", "en", LIST_TITLE_EN), ("list-ar", "ar", LIST_TITLE_AR),
                              ("colonoscopy-ar", "ar", heldout_ar), ("asthma-ar", "ar", asthma_ar),
                              ("knee-en", "en", knee["en"]), ("knee-ar", "ar", knee["ar"])):
        src = article(ctx.out("header-%s.json" % name), filler(lang, 8), lang=lang, title=title)
        cuts = 0
        for layout in ("a5-booklet", "a4", "large-print"):
            lpath = ctx.src("layouts", layout + ".json")
            geo = pc.layout_geometry(lpath)
            pdf = pc.render(ctx, src, ctx.out("header-%s-%s.pdf" % (name, layout)), layout=lpath)
            pages = pc.bbox_pages(pdf, ctx.out("header-%s-%s.html" % (name, layout)))
            _, text, _ = pc.run(["pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", pdf, "-"])
            # pdftotext may set the Arabic comma after the ellipsis, between format characters.
            text = "".join(c for c in text if unicodedata.category(c) != "Cf")
            cut = [line for line in text.splitlines() if "\u2026" in line]
            cuts += len(cut)
            for line in cut:
                t.check(not re.search("[%s] *\u2026|\u2026 *[%s]" % (LEADS_ON, LEADS_ON), line),
                        "%s/%s: the cut title keeps its punctuation before the ellipsis: %r" % (name, layout, line[-30:]))
        t.check(cuts > 0, "%s: the title is cut in no layout" % name)
    furniture_cut_warnings(ctx, t)
    print("header: %d failures" % len(t.failures))
    return not t.failures


def furniture_cut_warnings(ctx, t):
    """A header or footer text cut short loses what it prints on every page: a clinic's
    phone number after a long address was left off every page without a word. It is a
    warning at the layout's text (an error with --strict), quoting what is lost; a running
    title shortened to fit ("{title}" alone, the header checks above) is not."""
    for lang, title in (("en", LONG_TITLE_EN), ("ar", LONG_TITLE_AR)):
        src = article(ctx.out("cut-title-%s.json" % lang), filler(lang, 8), lang=lang, title=title)
        code, _, err = pc.run([ctx.handout, "render", src, "--layout", ctx.src("layouts", "a4.json"), "-o",
                               ctx.out("cut-title-%s.pdf" % lang)], check=False)
        t.check(code == 0 and "leaving out" not in err, "%s: a long title in the header: exit %d, %s"
                % (lang, code, err.strip()[-300:]))
    brand = {"name": {"en": "Riverside Clinic", "ar": "عيادة النهر"},
             "address": {"en": "Building 14, Floor 3, Wing C, 1234 King Abdulaziz International Boulevard, "
                               "Al Olaya District, Riyadh 12345-6789, Kingdom of Saudi Arabia",
                         "ar": "المبنى 14، الطابق 3، الجناح ج، 1234 طريق الملك عبدالعزيز الدولي، حي العليا، "
                               "الرياض 12345-6789، المملكة العربية السعودية"},
             "phone": "+966 11 234 5678"}
    brand_path = ctx.out("cut-brand.json")
    with open(brand_path, "w", encoding="utf-8") as f:
        json.dump(brand, f, ensure_ascii=False)
    lay = pc.load_json(ctx.src("layouts", "a4.json"))
    lay["fonts"] = dict(lay["fonts"], dir=ctx.src("fonts"))
    lay["footer"] = {"start": "{clinic.address} · {clinic.phone}",
                     "end": {"en": "Page {page} of {pages}", "ar": "صفحة {page} من {pages}"}}
    layout = ctx.out("cut-footer.layout.json")
    with open(layout, "w", encoding="utf-8") as f:
        json.dump(lay, f, ensure_ascii=False, indent=1)
    line = next(i for i, x in enumerate(open(layout, encoding="utf-8"), 1) if "{clinic.address}" in x)
    for lang in ("en", "ar"):
        src = article(ctx.out("cut-footer-%s.json" % lang), filler(lang, 8), lang=lang)
        out = ctx.out("cut-footer-%s.pdf" % lang)
        code, _, err = pc.run([ctx.handout, "render", src, "--layout", layout, "-o", out, "--brand", brand_path,
                               "--allow-path", ctx.src("fonts")], check=False)
        want = r"cut-footer\.layout\.json:%d:\d+: warning: the footer's text here does not fit .*leaving out \"[^\"]*\+(966|٩٦٦)[^\"]*\"; " \
               r".*\(at /footer/start\)" % line
        t.check(code == 0 and os.path.isfile(out) and re.search(want, err) is not None and err.count("leaving out") == 1,
                "%s: the footer cut short before the clinic's phone: exit %d, want once /%s/:\n    %s"
                % (lang, code, want, err.strip()[-500:]))
        if code == 0:
            # The separator before the cut phone goes with it ("Riyadh 12345-6789 ·…").
            _, text, _ = pc.run(["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", out, "-"])
            text = "".join(c for c in text if unicodedata.category(c) != "Cf")
            cut = [line for line in text.splitlines() if "\u2026" in line]
            t.check(cut and not any(re.search("[%s] *\u2026|\u2026 *[%s]" % (LEADS_ON, LEADS_ON), x) for x in cut),
                    "%s: the cut footer keeps a separator or punctuation by its ellipsis: %r" % (lang, cut))
        code, _, _ = pc.run([ctx.handout, "render", src, "--layout", layout, "-o", out + "-strict.pdf", "--brand",
                             brand_path, "--allow-path", ctx.src("fonts"), "--strict"], check=False)
        t.check(code == 2 and not os.path.exists(out + "-strict.pdf"), "%s: --strict refuses it (exit %d)" % (lang, code))


def table_rows(n, lang="en"):
    if lang == "ar":
        return {"type": "table", "header": ["اليوم", "الجرعة", "ملاحظات"],
                "rows": [["اليوم %d" % (i + 1), "500 mg", "مع الطعام"] for i in range(n)]}
    return {"type": "table", "header": ["Day", "Dose", "Notes"],
            "rows": [["Day %d" % (i + 1), "500 mg", "with food"] for i in range(n)]}


def pages_of(words_pages, needle):
    return [p["number"] for p in words_pages if any(w["text"] == needle for w in p["words"])]


def cmd_smalltables(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("smalltables")
    layout = ctx.src("layouts", "a5-booklet.json")
    for nrows in (4, 5, 6):
        # Enough filler that the table starts a few lines above the page bottom: try each
        # amount of trailing text until the table would have split on the old rule.
        moved = 0
        for extra in range(0, 34):
            words = (FILLER_EN * 6).split()
            blocks = filler("en", 3) + [{"type": "paragraph", "text": " ".join(words[:extra * 6])}] \
                if extra else filler("en", 3)
            blocks = blocks + [table_rows(nrows)]
            src = article(ctx.out("small-%d-%d.json" % (nrows, extra)), blocks, title="Small tables")
            pdf = pc.render(ctx, src, ctx.out("small-%d-%d.pdf" % (nrows, extra)), layout=layout)
            pages = pc.bbox_pages(pdf, ctx.out("small-%d-%d.html" % (nrows, extra)))
            day_pages = set()
            for p in pages:
                texts = [w["text"] for w in p["words"]]
                for i in range(len(texts) - 1):
                    if texts[i] == "Day" and texts[i + 1].isdigit():
                        day_pages.add(p["number"])
            if len(day_pages) > 1:
                t.fail("%d-row table split across pages %s (lead text %d words)"
                       % (nrows, sorted(day_pages), extra * 3))
                break
            if day_pages and min(day_pages) > 1:
                moved += 1
                if moved >= 3:
                    break  # past the page bottom: more lead text only pushes it further
        t.check(moved > 0, "%d-row table: no case moved the table to the next page (test did not "
                "reach a page bottom)" % nrows)
    # Four tall rows (an eye-drop schedule in large print: the names wrap five lines deep in
    # nine columns) after a few lines of text: more than half a page tall, the table splits
    # 2+2 with its header repeated. Moved whole, it left the first page more than half empty.
    drops = {"type": "table", "header": ["Drop", "Cap colour", "Week 1", "Week 2", "Week 3", "Week 4", "Week 5",
                                         "Week 6", "Then"],
             "rows": [["Dexamethasone 0.1% (steroid, reduces swelling)", "White", "4 times", "4 times", "3 times",
                       "2 times", "1 time", "1 time", "Stop"],
                      ["Chloramphenicol 0.5% (antibiotic)", "Red", "4 times", "4 times", "Stop", "-", "-", "-", "-"],
                      ["Ketorolac 0.5% (anti-inflammatory)", "Grey", "3 times", "3 times", "3 times", "3 times",
                       "Stop", "-", "-"],
                      ["Lubricant (artificial tears)", "Blue"] + ["As needed"] * 7]}
    split = 0
    for n in range(1, 7):
        lead = [{"type": "paragraph", "text": FILLER_EN}] * n + [
            {"type": "heading", "level": 1, "text": "Your eye drops"}, {"type": "paragraph", "text": FILLER_EN}]
        src = article(ctx.out("tall-rows-%d.json" % n), lead + [drops], title="After your cataract operation")
        pdf = pc.render(ctx, src, ctx.out("tall-rows-%d.pdf" % n), layout=ctx.src("layouts", "large-print.json"))
        pages = pc.bbox_pages(pdf, ctx.out("tall-rows-%d.html" % n))
        header_pages = [p["number"] for p in pages if any(w["text"] == "Drop" for w in p["words"])]
        split += len(header_pages) > 1
        if header_pages and header_pages[0] > 1:
            before = pages[header_pages[0] - 2]
            # The text of the page before the table, above its footer ("Page 1 of 2").
            bottom = max(w["y1"] for w in before["words"] if w["y1"] < before["height"] - 72)
            t.check(bottom > before["height"] / 2, "tall rows (%d lead paragraphs): the table moved whole to "
                    "page %d and left page %d empty below %.0f pt of %.0f"
                    % (n, header_pages[0], header_pages[0] - 1, bottom, before["height"]))
    t.check(split > 0, "tall rows: no case split the table (with its header repeated)")
    # A long table: at least two body rows on each side of every break, header repeated.
    src = article(ctx.out("long-table.json"), filler("en", 1) + [table_rows(40)], title="Long table")
    pdf = pc.render(ctx, src, ctx.out("long-table.pdf"), layout=layout)
    pages = pc.bbox_pages(pdf, ctx.out("long-table.html"))
    per_page = []
    for p in pages:
        texts = [w["text"] for w in p["words"]]
        rows = sum(1 for i in range(len(texts) - 1) if texts[i] == "Day" and texts[i + 1].isdigit())
        if rows:
            per_page.append((p["number"], rows, "Notes" in texts))
    t.check(len(per_page) >= 2, "long table: expected it on two pages or more: %s" % per_page)
    for number, rows, header in per_page:
        t.check(rows >= 2, "long table: page %d holds only %d body row(s)" % (number, rows))
        t.check(header, "long table: page %d has no header row" % number)
    # A row taller than a page (one cell of 200 path segments): it starts under its header
    # on the table's first page and fills every page it spans but the last. Before, the
    # header stood alone on the first page, one line of the row on the second (its clean
    # splits were merged into the first), and the rest was cut at a page bottom.
    cell = " ".join("verylongpathsegment%d/" % i for i in range(200))
    tall = {"type": "table", "header": ["Step", "Where", "Note"], "rows": [["one", cell, "x"]]}
    # With a paragraph before it, the row starts under the paragraph (the page stood empty
    # below it, the table moved to the next).
    for name, blocks in (("tall-row", [tall]), ("tall-row-after-text", filler("en", 1) + [tall])):
        src = article(ctx.out(name + ".json"), blocks, title="Tall row")
        pages = dump_pages(ctx, src, ctx.src("layouts", "a4.json"), name)
        lines = [sum(1 for text in p if "verylongpathsegment" in text) for p in pages]
        t.check(len(lines) >= 2 and lines[0] > 0, "%s: the first page holds no line of the row (header alone, "
                "or nothing under the text): lines per page %s" % (name, lines))
        for number, n in enumerate(lines[:-1], 1):
            t.check(n >= 0.6 * max(lines), "%s: page %d holds %d lines of the row, the fullest %d: %s"
                    % (name, number, n, max(lines), lines))
    print("smalltables: %d failures" % len(t.failures))
    return not t.failures


def stext_words(pdf, page):
    """Words of one page from mutool's structured text, each with its baseline ("base", the
    y of its first character's origin, growing downwards like pdftotext's boxes) and its box."""
    _, out, _ = pc.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf, str(page)])
    root = ET.fromstring(out)
    words = []
    for line in root.iter("line"):
        cur = None
        prev = (0.0, 0.0)
        for ch in line.iter("char"):
            c = ch.get("c", "")
            q = [float(v) for v in ch.get("quad").split()]
            # Format characters (the text layer's invisible direction marks and joiners) are
            # no part of a word.
            if c and unicodedata.category(c) == "Cf":
                continue
            if c.isspace():
                cur = None
                continue
            # A jump (another cell, another column) ends the word too.
            if cur is not None and abs(q[0] - prev[1]) > 1.5 and abs(q[2] - prev[0]) > 1.5:
                cur = None
            prev = (q[0], q[2])
            if cur is None:
                cur = {"text": "", "base": float(ch.get("y")), "x0": q[0], "x1": q[2],
                       "y0": min(q[1], q[5]), "y1": max(q[1], q[5])}
                words.append(cur)
            cur["text"] += c
            cur["x0"] = min(cur["x0"], q[0], q[4])
            cur["x1"] = max(cur["x1"], q[2], q[6])
    return words


def cmd_rowbaseline(ctx):
    pc.require_tools("mutool")
    t = pc.Tally("rowbaseline")
    table = {"type": "table", "header": ["الدواء", "الجرعة", "التوقيت"],
             "rows": [["باراسيتامول", "500 mg", "08:00"], ["إيبوبروفين", "400 mg", "مع الطعام"],
                      ["Amoxicillin", "250 mg", "كل ثماني ساعات"]]}
    src = article(ctx.out("rowbaseline.json"), [table], lang="ar", title="جدول الأدوية")
    for layout in ("a4", "a5-booklet"):
        pdf = pc.render(ctx, src, ctx.out("rowbaseline-%s.pdf" % layout),
                        layout=ctx.src("layouts", layout + ".json"))
        words = stext_words(pdf, 1)
        # Each row is found by its Latin-only cell ("500", "400", "250"): every word whose
        # box overlaps that word's vertically is in the same row.
        for key in ("500", "400", "250"):
            anchor = [w for w in words if w["text"] == key]
            if not anchor:
                t.fail("%s: %r not found" % (layout, key))
                continue
            a = anchor[0]
            row = [w for w in words if w["y0"] < a["y1"] and a["y0"] < w["y1"]]
            arabic = [w for w in row if pc.has_rtl_chars(w["text"])]
            latin = [w for w in row if not pc.has_rtl_chars(w["text"])]
            if not arabic or not latin:
                t.fail("%s: row of %r has no Arabic or no Latin cell: %s" % (layout, key, [w["text"] for w in row]))
                continue
            base_ar = arabic[0]["base"]
            base_la = latin[0]["base"]
            t.check(abs(base_ar - base_la) <= 0.3,
                    "%s: in the row of %r the Latin cell's baseline is %.2f pt off the Arabic cells' (%.2f vs %.2f)"
                    % (layout, key, base_la - base_ar, base_la, base_ar))
    print("rowbaseline: %d failures" % len(t.failures))
    return not t.failures


def write_pair(ctx, name, en_blocks, ar_blocks, title_en="Parallel", title_ar="متوازي"):
    en = article(ctx.out(name + "-en.json"), en_blocks, title=title_en)
    ar = article(ctx.out(name + "-ar.json"), ar_blocks, lang="ar", title=title_ar)
    return [en, ar]


def cmd_paralleltables(ctx):
    pc.require_tools("mutool")
    t = pc.Tally("paralleltables")
    long_en = "Take it with food and a full glass of water, and do not lie down for half an hour afterwards."
    long_ar = ("تناوله مع الطعام وكوب كامل من الماء، ولا تستلقِ لمدة نصف ساعة بعده، وأخبر الطبيب إذا "
               "شعرت بألم في المعدة أو حرقة.")
    n = 14
    en_rows, ar_rows = [], []
    for i in range(n):
        # Rows of different heights on the two sides: long English notes on odd rows, long
        # Arabic notes on even ones.
        en_rows.append(["R%d" % (i + 1), "500 mg", long_en if i % 2 else "with food"])
        ar_rows.append(["R%d" % (i + 1), "500 mg", "مع الطعام" if i % 2 else long_ar])
    en_table = {"type": "table", "caption": "Doses over two weeks", "header": ["Row", "Dose", "Notes"],
                "rows": en_rows}
    ar_table = {"type": "table", "caption": "الجرعات خلال أسبوعين من العلاج في المنزل بعد الخروج من المستشفى",
                "header": ["الصف", "الجرعة", "ملاحظات"], "rows": ar_rows}
    for lead in (1, 3):
        srcs = write_pair(ctx, "ptable-%d" % lead, filler("en", lead) + [en_table],
                          filler("ar", lead) + [ar_table])
        pdf = pc.render(ctx, srcs, ctx.out("ptable-%d.pdf" % lead),
                        layout=ctx.src("layouts", "bilingual-parallel.json"))
        where = {}
        for page in range(1, pc.page_count(pdf) + 1):
            words = stext_words(pdf, page)
            xs = [w["x1"] for w in words] or [0]
            mid = (min(w["x0"] for w in words) + max(xs)) / 2 if words else 0
            for w in words:
                if w["text"].startswith("R") and w["text"][1:].isdigit():
                    side = "en" if w["x0"] < mid else "ar"
                    where.setdefault(w["text"], {})[side] = (page, w["base"])
        for i in range(n):
            label = "R%d" % (i + 1)
            got = where.get(label, {})
            if "en" not in got or "ar" not in got:
                t.fail("lead %d: row %s not found on both sides: %s" % (lead, label, got))
                continue
            (pe, be), (pa, ba) = got["en"], got["ar"]
            t.check(pe == pa and abs(be - ba) <= 0.3,
                    "lead %d: row %s: English on page %d at baseline %.2f, Arabic on page %d at %.2f"
                    % (lead, label, pe, be, pa, ba))
        pages = {v[0] for got in where.values() for v in got.values()}
        if lead == 3:
            t.check(len(pages) >= 2, "lead 3: the table did not cross a page break (pages %s)" % sorted(pages))
    print("paralleltables: %d failures" % len(t.failures))
    return not t.failures


def vertical_rules(pdf, page, height):
    """Thin tall filled rectangles of a page (mutool trace), as (x, top, bottom) with y
    growing downwards."""
    _, out, _ = pc.run(["mutool", "draw", "-F", "trace", "-o", "-", pdf, str(page)])
    root = ET.fromstring("<r>" + out.split("?>", 1)[-1] + "</r>") if out.startswith("<?") else ET.fromstring(
        "<r>" + out + "</r>")
    rules = []
    for fp in root.iter("fill_path"):
        pts = [(float(e.get("x")), float(e.get("y"))) for e in fp if e.get("x") is not None]
        if not pts:
            continue
        xs, ys = [x for x, _ in pts], [y for _, y in pts]
        if max(xs) - min(xs) <= 1.0 and max(ys) - min(ys) > 30:
            rules.append(((min(xs) + max(xs)) / 2, height - max(ys), height - min(ys)))
    return rules


def cmd_parallelflow(ctx):
    pc.require_tools("mutool", "pdftotext")
    t = pc.Tally("parallelflow")
    en_items = ["Rest for a day.", "Drink water.", "Keep it dry.", "Take the tablets.", "Call us if needed.",
                "Walk a little.", "Sleep well."]
    ar_items = ["استرح يومًا كاملًا بعد الجلسة ولا تحمل أشياء ثقيلة ولا تمارس الرياضة العنيفة حتى يسمح الطبيب بذلك.",
                "اشرب الماء.",
                "حافظ على مكان الحقن جافًا ونظيفًا ولا تغطه بضمادات محكمة أو تضع عليه أي كريمات.",
                "تناول الأقراص التي وصفها لك الطبيب في مواعيدها دون زيادة أو نقصان في الجرعة المحددة.",
                "اتصل بنا إذا شعرت بألم شديد أو لاحظت احمرارًا أو تورمًا أو ارتفاعًا في درجة الحرارة.",
                "امشِ قليلًا.",
                "نم جيدًا وخذ قسطًا كافيًا من الراحة في الليل، وتجنب السهر في الأسبوع الأول."]
    srcs = write_pair(ctx, "pflow", [{"type": "list", "items": en_items}] + filler("en", 1),
                      [{"type": "list", "items": ar_items}] + filler("ar", 1))
    pdf = pc.render(ctx, srcs, ctx.out("pflow.pdf"), layout=ctx.src("layouts", "bilingual-parallel.json"))
    words = stext_words(pdf, 1)
    firsts = []
    for item in en_items:
        w = [x for x in words if x["text"] == item.split()[0]]
        if w:
            firsts.append(w[0]["base"])
    t.check(len(firsts) == len(en_items), "not every English item found: %d of %d" % (len(firsts), len(en_items)))
    steps = [b - a for a, b in zip(firsts, firsts[1:])]
    if steps:
        t.check(max(steps) - min(steps) <= 0.5,
                "the English list is padded between its items (its Arabic translation is longer): "
                "steps between item baselines %s" % ", ".join("%.1f" % x for x in steps))
    # The rule between the columns stops where the text stops (one short page here).
    pages = pc.bbox_pages(pdf, ctx.out("pflow.html"))
    last = pages[-1]
    text_bottom = max(w["y1"] for w in last["words"] if w["y1"] < last["height"] - 60)
    rules = vertical_rules(pdf, len(pages), last["height"])
    t.check(len(rules) == 1, "expected one rule between the columns on the last page, found %d" % len(rules))
    for x, top, bottom in rules:
        t.check(bottom <= text_bottom + 12,
                "the column rule runs to %.1f pt while the text stops at %.1f pt" % (bottom, text_bottom))
    # No column of a page ends in a heading: the held-out pairs, side by side. The eye-drop
    # leaflet's "Putting the drops in" stood alone above the footer, its twelve steps overleaf:
    # its head fitted, but a list whose first item would stand alone at the bottom starts on
    # the next page, and the heading stayed.
    data = ctx.src("tests", "data")
    for f in sorted(f for f in os.listdir(data) if f.startswith("heldout-") and f.endswith("-en.json")):
        stem = f[:-len("-en.json")]
        pair = [os.path.join(data, f), os.path.join(data, stem + "-ar.json")]
        dump = ctx.out("pheading-%s.dump" % stem)
        pc.render(ctx, pair, ctx.out("pheading-%s.pdf" % stem), layout=ctx.src("layouts", "bilingual-parallel.json"),
                  extra=["--dump", dump])
        items = [i for i in dump_items(dump) if i[2] not in ("header", "footer")]
        last_page = max(i[0] for i in items)
        for number in range(1, last_page):
            for side in (True, False):
                column = [i for i in items if i[0] == number and (i[3] < i[1] / 2) == side]
                if column:
                    last = max(column, key=lambda i: i[4])
                    t.check(last[2] not in ("h1", "h2", "h3"), "%s: page %d ends its %s column with a heading (%s)"
                            % (stem, number, "left" if side else "right", last[2]))
    print("parallelflow: %d failures" % len(t.failures))
    return not t.failures


def cmd_facing(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("facing")
    # (booklet-a5 has the same margins and is imposed on sheets: brochure.booklet checks it.)
    for layout in ("a5-booklet",):
        lpath = ctx.src("layouts", layout + ".json")
        geo = pc.layout_geometry(lpath)
        t.check(geo["facing"] and geo["start"] > geo["end"] + 1,
                "%s: expected inside and outside margins, the inside wider" % layout)
        for lang in ("en", "ar"):
            src = article(ctx.out("facing-%s.json" % lang), filler(lang, 12), lang=lang, title="Facing pages")
            pdf = pc.render(ctx, src, ctx.out("facing-%s-%s.pdf" % (layout, lang)), layout=lpath)
            pages = pc.bbox_pages(pdf, ctx.out("facing-%s-%s.html" % (layout, lang)))
            t.check(len(pages) >= 3, "%s/%s: expected three pages or more" % (layout, lang))
            for page in pages[:4]:
                body = [w for w in page["words"] if geo["top"] < w["y0"] < page["height"] - geo["bottom"]]
                if not body:
                    continue
                odd = page["number"] % 2 == 1
                # The lines start at the start margin (the text is ragged at the end side): the
                # inside margin on odd pages, the outside one on even pages.
                if lang == "en":
                    got = min(w["x0"] for w in body)
                else:
                    got = page["width"] - max(w["x1"] for w in body)
                want = geo["start"] if odd else geo["end"]
                t.check(abs(got - want) <= 1.0,
                        "%s/%s page %d: start margin %.1f pt, want %.1f (%s)"
                        % (layout, lang, page["number"], got, want, "inside" if odd else "outside"))
    print("facing: %d failures" % len(t.failures))
    return not t.failures


def dump_pages(ctx, articles, layout, name, extra=()):
    """Render with --dump: per page, the text of its body items (not header or footer)."""
    pdf = pc.render(ctx, articles, ctx.out(name + ".pdf"), layout=layout,
                    extra=["--dump", ctx.out(name + ".dump")] + list(extra))
    del pdf
    pages = []
    with open(ctx.out(name + ".dump"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("page "):
                pages.append([])
            elif pages and line.startswith("  text ") and line.split()[1] not in ("header", "footer"):
                pages[-1].append(line[line.index('"') + 1:line.rstrip().rindex('"')])
    return pages


def strings_of(value):
    """All the text in a block's JSON, one string."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(strings_of(v) for v in value)
    if isinstance(value, dict):
        return " ".join(strings_of(v) for k, v in value.items() if k not in ("type", "src", "data", "width"))
    return ""


def norm(text):
    return " ".join(text.replace("\u00ad", "").split())


def holds_text_of(lines, text):
    """Whether one of `lines` (a page's) is a piece of `text` of two words or more (a line that
    ends with a hyphen the line break added counts without it)."""
    whole = norm(text)
    for line in lines:
        piece = norm(line).rstrip("-\u2010")
        if " " in piece and len(piece) >= 8 and piece in whole:
            return True
    return False


def grow_lead(t, label, case, steps):
    """Runs case(k) (ok, pages, why) for a growing lead k until it fails or the end of the
    article has crossed the page's end three times; fails unless it crossed at least once."""
    first_pages = None
    crossed = 0
    for k in range(steps):
        ok, pages, why = case(k)
        if first_pages is None:
            first_pages = pages
        if not t.check(ok, "%s, %d lead words: %s" % (label, k * 4, why)):
            return
        if pages > first_pages:
            crossed += 1
            if crossed >= 3:
                return
    t.check(crossed > 0, "%s: no case crossed the page's end (the test did not reach a page bottom)" % label)


def cmd_lastblock(ctx):
    t = pc.Tally("lastblock")
    # The bundled articles whose last page held their last block alone.
    clinic = ["--brand", ctx.src("brands", "riverside.json")]
    bundled = [("wound-care", "en", "large-print", []), ("stem-cell-therapy", "en", "large-print", []),
               ("_template", "en", "a4", []), ("_template", "en", "letter", []),
               ("_template", "ar", "a4", []), ("showcase", "ar", "a4-clinic", clinic)]
    for topic, lang, layout, extra in bundled:
        src = ctx.src("content", topic, lang + ".json")
        blocks = pc.load_json(src)["blocks"]
        name = "bundled-%s-%s-%s" % (topic, lang, layout)
        pages = dump_pages(ctx, src, ctx.src("layouts", layout + ".json"), name, extra)
        # With the clinic's contact box last, the article's last block comes before it.
        before = blocks[-1] if layout == "a4-clinic" else blocks[-2]
        t.check(holds_text_of(pages[-1], strings_of(before)),
                "%s: the last page (%d) holds none of the block before the last: %s"
                % (name, len(pages), pages[-1]))
    # Articles written here: a paragraph ending in a marker, then each kind of short block.
    images = ctx.out("images")
    os.makedirs(images, exist_ok=True)
    shutil.copyfile(ctx.src("content", "_template", "images", "picture.png"), os.path.join(images, "picture.png"))
    ends = {
        "qr": [{"type": "qr", "data": "https://example.org/wound", "caption": "Scan for the video."}],
        "callout": [{"type": "callout", "title": "When to call", "text": "Call the clinic if the redness spreads."}],
        "table": [table_rows(2)],
        "list": [{"type": "list", "items": ["Wash your hands.", "Peel the film.", "Press the edges."]}],
        "paragraph": [{"type": "paragraph", "text": "Thank you for reading."}],
        "figure": [{"type": "figure", "src": "images/picture.png", "alt": "A wound under a dressing.",
                    "caption": "The dressing.", "width": "30%"}],
        "contact": [],
    }
    marker = "Zebulon"
    # Paragraphs of lead text that leave the first page part full; the lead then grows a few
    # words at a time until the end of the article has crossed the page's end.
    base = {"a4": 4, "a4-clinic": 4, "large-print": 1, "a5-booklet": 1, "sequential": 4, "parallel": 2}
    for kind, end in ends.items():
        layouts = ["a4-clinic"] if kind == "contact" else ["a4", "large-print", "a5-booklet"]
        for layout in layouts:
            extra = clinic if kind == "contact" else []
            words = (FILLER_EN * 12).split()

            def case(k, kind=kind, layout=layout, end=end, extra=extra, words=words):
                lead = " ".join(words[:k * 4])
                blocks = filler("en", base[layout]) + ([{"type": "paragraph", "text": lead}] if lead else []) + \
                    [{"type": "paragraph", "text": FILLER_EN + marker + "."}] + end
                src = article(ctx.out("last-%s-%s.json" % (kind, k)), blocks, title="Last block")
                pages = dump_pages(ctx, src, ctx.src("layouts", layout + ".json"),
                                   "last-%s-%s-%d" % (kind, layout, k), extra)
                return (any(marker in line for line in pages[-1]), len(pages),
                        "the last page (%d) holds it alone: %s" % (len(pages), pages[-1]))
            grow_lead(t, "%s at the end, %s" % (kind, layout), case, 120)
    # Bilingual: each part of a sequential handout, and the parallel form.
    for mode in ("sequential", "parallel"):
        words = (FILLER_EN * 8).split()
        words_ar = (FILLER_AR * 8).split()

        def case(k, mode=mode, words=words, words_ar=words_ar):
            n = k * 4
            en = filler("en", base[mode]) + ([{"type": "paragraph", "text": " ".join(words[:n])}] if n else []) + \
                [{"type": "paragraph", "text": FILLER_EN + marker + "."}] + ends["callout"]
            ar = filler("ar", base[mode]) + ([{"type": "paragraph", "text": " ".join(words_ar[:n])}] if n else []) + \
                [{"type": "paragraph", "text": FILLER_AR + "زبولون."},
                 {"type": "callout", "title": "متى تتصل", "text": "اتصل بالعيادة إذا انتشر الاحمرار."}]
            pair = write_pair(ctx, "last-%s-%d" % (mode, k), en, ar)
            pages = dump_pages(ctx, pair, ctx.src("layouts", "bilingual-%s.json" % mode), "last-%s-%d" % (mode, k))
            if mode == "parallel":
                ok = any(marker in line for line in pages[-1])
            else:
                # The English part ends on the page before the Arabic part starts.
                start_ar = next(i for i, p in enumerate(pages) if i > 0 and any("حافظ" in line for line in p))
                ok = any(marker in line for line in pages[start_ar - 1]) and \
                    any("زبولون" in line for line in pages[-1])
            return ok, len(pages), "a part's last page holds the callout alone"
        grow_lead(t, "bilingual " + mode, case, 80)
    print("lastblock: %d failures" % len(t.failures))
    return not t.failures


def letter_breaks(pages, source_words):
    """Source words set as two words of pdftotext -bbox-layout, one above the other (the second
    on the next line, overlapping the first sideways: the same cell), parted between two
    letters or digits: [(first part, second part)]. Words in a run of words a space apart
    wider than any of these table columns are running text ("About 1 | ... and 5 years" in
    a paragraph is not "15" parted)."""
    found = []
    for page in pages:
        def in_running_text(b):
            h = b["y1"] - b["y0"]
            line = sorted((w for w in page["words"] if abs(w["y1"] - b["y1"]) < 0.3 * h), key=lambda w: w["x0"])
            i = line.index(b)
            lo = hi = i
            while lo > 0 and line[lo]["x0"] - line[lo - 1]["x1"] < 0.45 * h:
                lo -= 1
            while hi + 1 < len(line) and line[hi + 1]["x0"] - line[hi]["x1"] < 0.45 * h:
                hi += 1
            return line[hi]["x1"] - line[lo]["x0"] > 120

        def starts_line(b):
            # The second part of a parted word starts its line in the cell: no word a space
            # before it (on its left, or its right in Arabic). "Week 1" above "Week 2" in the
            # next row is not "12" parted.
            h = b["y1"] - b["y0"]
            rtl = pc.has_rtl_chars(b["text"])
            return not any(abs(w["y1"] - b["y1"]) < 0.3 * h and w is not b and
                           0 <= ((w["x0"] - b["x1"]) if rtl else (b["x0"] - w["x1"])) < 0.3 * h
                           for w in page["words"])
        for a in page["words"]:
            for b in page["words"]:
                gap = b["y0"] - a["y1"]
                if b is a or not -0.3 * (a["y1"] - a["y0"]) <= gap <= 0.6 * (a["y1"] - a["y0"]) or b["x0"] > a["x1"] or b["x1"] < a["x0"]:
                    continue
                if in_running_text(b) or not starts_line(b):
                    continue
                joined = a["text"] + b["text"]
                k = len(a["text"])
                if joined in source_words and joined[k - 1].isalnum() and joined[k].isalnum():
                    found.append((a["text"], b["text"]))
    return found


def table_words(articles):
    """The words of the tables of `articles` (headers and cells), punctuation stripped."""
    words = set()
    for art in articles:
        for block in pc.load_json(art)["blocks"]:
            if block["type"] == "table":
                for row in [block["header"]] + block["rows"]:
                    for cell in row:
                        words.update(w.strip("().,;:\u060c") for w in cell.split())
    return words


def narrow_table_pages(ctx, t, name, articles, layout, words):
    """Renders `articles` in `layout` and checks that no word of `words` (table words) is
    parted between letters and that no Arabic word leaves one letter alone on a line; returns
    the pages (pc.bbox_pages)."""
    pdf = pc.render(ctx, articles if len(articles) > 1 else articles[0], ctx.out(name + ".pdf"),
                    layout=ctx.src("layouts", layout + ".json"))
    pages = pc.bbox_pages(pdf, ctx.out(name + ".html"))
    broken = letter_breaks(pages, words)
    t.check(not broken, "%s: words of the tables parted between letters: %s"
            % (name, ", ".join("%s|%s" % b for b in broken)))
    # An Arabic word wider than its column is parted where its letters do not join,
    # never so that one letter stands alone on a line ("باراسيتامو|ل"). (و is a word:
    # "and", which pdftotext parts from a number after it, "و5"; a letter the article writes
    # as a word of its own, "فيتامين د" (vitamin D), is one too.)
    own = {"\u0648"}
    for a in articles:
        with open(a, encoding="utf-8") as f:
            own.update(re.findall(r"(?<![\u0621-\u064a])([\u0621-\u064a])(?![\u0621-\u064a\u064b-\u0652])", f.read()))
    alone = [w["text"] for page in pages for w in page["words"]
             if len(w["text"]) == 1 and "\u0621" <= w["text"] <= "\u064a" and w["text"] not in own]
    t.check(not alone, "%s: an Arabic letter alone on a line: %s" % (name, " ".join(alone)))
    return pages


def cmd_narrowwords(ctx):
    t = pc.Tally("narrowwords")
    pair = [ctx.src("tests", "data", "heldout-fever-%s.json" % lang) for lang in ("en", "ar")]
    words = table_words(pair[:1])
    # "months" has no hyphenation point and "months–" is wider than the narrowest of these
    # columns: "18 months–2 years" can only be parted between letters there.
    words.discard("months–2")
    for name, articles, layout in (("narrow-parallel", pair, "bilingual-parallel"),
                                   ("narrow-trifold-a4", pair[:1], "trifold-a4"),
                                   ("narrow-trifold-letter", pair[:1], "trifold-letter")):
        pages = narrow_table_pages(ctx, t, name, articles, layout, words)
        t.check(any(w["text"][-1:] in ("-", "\u00ad") and "Paracetamol".startswith(w["text"][:-1])
                    for page in pages for w in page["words"]),
                "%s: \"Paracetamol\" is not hyphenated in its narrow column" % name)
    # The held-out colonoscopy pair's timeline (4 columns) and diet (2 columns) tables in the
    # same narrow columns.
    colonoscopy = [ctx.src("tests", "data", "heldout-colonoscopy-%s.json" % lang) for lang in ("en", "ar")]
    words = table_words(colonoscopy)
    for name, articles, layout in (("colonoscopy-parallel", colonoscopy, "bilingual-parallel"),
                                   ("colonoscopy-trifold-a4-en", colonoscopy[:1], "trifold-a4"),
                                   ("colonoscopy-trifold-a4-ar", colonoscopy[1:], "trifold-a4"),
                                   ("colonoscopy-trifold-letter-ar", colonoscopy[1:], "trifold-letter")):
        narrow_table_pages(ctx, t, name, articles, layout, words)
    # The held-out asthma pair's action plan (3 columns of multi-sentence cells, percentages),
    # and the vaccination pair's schedule (6 columns of short cells, hyphenated vaccine names),
    # dose and catch-up tables: in the parallel form, Arabic in an A4 tri-fold panel and
    # English in a Letter one.
    for topic in ("asthma", "vaccines", "knee"):
        pair_of = [ctx.src("tests", "data", "heldout-%s-%s.json" % (topic, lang)) for lang in ("en", "ar")]
        words = table_words(pair_of)
        for name, articles, layout in (("%s-parallel" % topic, pair_of, "bilingual-parallel"),
                                       ("%s-trifold-a4-ar" % topic, pair_of[1:], "trifold-a4"),
                                       ("%s-trifold-letter-en" % topic, pair_of[:1], "trifold-letter")):
            narrow_table_pages(ctx, t, name, articles, layout, words)
    # A schedule of nine columns in an A5 page, seven of them week by week: the longest words
    # do not all fit, and every column got about the same share, so "As needed" (one word
    # wider than a point more than its column) was parted "As nee|ded" in seven cells while
    # the drug names' column kept room beyond "Chloramphenicol". Now only the longest words
    # break ("Chloram-|phenicol", at a hyphenation point).
    schedule = {"type": "table", "caption": "How many times a day to use each drop",
                "header": ["Drop", "Cap colour", "Week 1", "Week 2", "Week 3", "Week 4", "Week 5", "Week 6",
                           "Then"],
                "rows": [["Dexamethasone 0.1% (steroid, reduces swelling)", "White", "4 times", "4 times",
                          "3 times", "2 times", "1 time", "1 time", "Stop"],
                         ["Chloramphenicol 0.5% (antibiotic)", "Red", "4 times", "4 times", "Stop", "\u2013",
                          "\u2013", "\u2013", "\u2013"],
                         ["Lubricant (artificial tears)", "Blue"] + ["As needed"] * 7]}
    src = article(ctx.out("schedule.json"), [schedule], title="Eye drops")
    for layout in ("a5-booklet", "booklet-a5"):
        narrow_table_pages(ctx, t, "schedule-" + layout, [src], layout, table_words([src]))
    # A word parted between letters is said, even below a cell of its column that was only
    # hyphenated: the held-out dialysis swaps in a tri-fold panel warned "Portion" (header,
    # hyphenated) and not "1 med|ium" under it.
    dialysis = ctx.src("tests", "data", "heldout-dialysis-en.json")
    pdf = ctx.out("dialysis-trifold.pdf")
    _, _, err = pc.run([ctx.handout, "render", dialysis, "-o", pdf, "--layout", ctx.src("layouts", "trifold-a4.json")])
    parted = letter_breaks(pc.bbox_pages(pdf, ctx.out("dialysis-trifold.html")), table_words([dialysis]))
    t.check(not parted or "broken between letters" in err,
            "dialysis tri-fold: words parted between letters (%s) but no warning says so: %s"
            % (", ".join("%s|%s" % b for b in parted), err[:600]))
    # Large print does not hyphenate its text ("hyphenate": false), and a word wider than its
    # table column was parted between letters there ("Higher po|tassium", "Vegetab|les",
    # "3 tablespo|ons"): it is parted at a hyphenation point, as in the layouts that hyphenate.
    swaps = {"type": "table", "caption": "Swapping high-potassium foods for lower ones",
             "header": ["Food group", "Higher potassium", "mmol", "Lower potassium", "mmol", "Portion", "Tip"],
             "rows": [["Fruit", "Banana", "9", "Apple", "3", "1 medium", "Tinned fruit in syrup, drained"],
                      ["Vegetables", "Raw spinach", "12", "Boiled cabbage", "3", "3 tablespoons",
                       "Boil in plenty of water and throw the water away"],
                      ["Snacks", "Crisps, nuts, chocolate", "10", "Plain biscuits, popcorn", "1", "1 small bag",
                       "Check labels for potassium chloride (salt substitutes)"]]}
    src = article(ctx.out("large-print-swaps.json"), [swaps], title="Potassium")
    narrow_table_pages(ctx, t, "large-print-swaps", [src], "large-print", table_words([src]))
    _, _, err = pc.run([ctx.handout, "render", src, "-o", ctx.out("large-print-swaps-w.pdf"),
                        "--layout", ctx.src("layouts", "large-print.json")])
    t.check("broken between letters" not in err, "large print: a table word was broken between letters: %s"
            % err[:500])
    # The warning for such a column says how the word was parted.
    _, _, err = pc.run([ctx.handout, "render", pair[0], "-o", ctx.out("narrow-warning.pdf"),
                        "--layout", ctx.src("layouts", "trifold-a4.json")])
    said = [line for line in err.splitlines() if "/blocks/8/header/2" in line]
    t.check(said and "was hyphenated" in said[0],
            "trifold-a4: the warning for the hyphenated \"Paracetamol\" header: %r" % said)
    print("narrowwords: %d failures" % len(t.failures))
    return not t.failures


def column_words(words, left, right, skip=()):
    """Words whose left edge lies in [left, right), not in `skip` (header words)."""
    return [w for w in words if left - 0.5 <= w["x0"] < right - 0.5 and w["text"] not in skip]


def bare(text):
    """A word without bidi controls."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


AR_WORDS = ("\u0627\u0644\u062c\u0631\u0639\u0629", "\u0645\u064a\u0643\u0631\u0648\u063a\u0631\u0627\u0645")


def cmd_tablebalance(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("tablebalance")
    fever = [ctx.src("tests", "data", "heldout-fever-%s.json" % lang) for lang in ("en", "ar")]
    # 1. A header's one line is not content the column needs: the dose table's "Ibuprofen
    #    100 mg/5 mL" kept 20 pt on A4 while the notes beside it took 2-4 lines.
    pdf = pc.render(ctx, fever[0], ctx.out("fever-en-a4.pdf"), layout=ctx.src("layouts", "a4.json"))
    pages = pc.bbox_pages(pdf, ctx.out("fever-en-a4.html"))
    page = next((p for p in pages if any(w["text"] == "Ibuprofen" for w in p["words"])
                 and any(w["text"] == "advised" for w in p["words"])), None)
    if page is None:
        t.fail("A4: the dose table not found")
    else:
        words = page["words"]
        for parts in (("Ask", "before", "the", "first", "dose"), ("Give", "Ibuprofen", "with", "milk"),
                      ("Shake", "the", "bottle", "well"), ("Use", "the", "syringe")):
            t.check(same_line(words, *parts), "A4: the note %r wrapped while the Ibuprofen column kept room "
                    "for its header on one line" % " ".join(parts))
        # 2. The Ibuprofen column, doses with "Not advised" among them: the doses end on one
        #    edge, the words start where its header starts.
        head, nxt = next((w, x) for w in words for x in words
                         if w["text"] == "Ibuprofen" and x["text"] == "How" and abs(w["y0"] - x["y0"]) < 1)
        col = column_words(words, head["x0"], nxt["x0"])
        ends = sorted({round(w["x1"], 1) for w in col if w["text"] == "mL" and w["y0"] > head["y1"] + 12})
        t.check(len(ends) == 1, "A4: the Ibuprofen doses do not end on one edge: %s" % ends)
        starts = {round(w["x0"], 1) for w in col if w["text"] == "Not"}
        t.check(starts == {round(head["x0"], 1)}, "A4: \"Not advised\" does not start under its header: %s, %.1f"
                % (starts, head["x0"]))
    # The fever dose table in Arabic, A4: no body cell wraps (six did).
    pdf = pc.render(ctx, fever[1], ctx.out("fever-ar-a4.pdf"), layout=ctx.src("layouts", "a4.json"))
    words = [dict(w, text=bare(w["text"])) for p in pc.bbox_pages(pdf, ctx.out("fever-ar-a4.html")) for w in p["words"]]
    words += [dict(w, text=w["text"][::-1]) for w in words]
    for note in ("\u0627\u0633\u0623\u0644 \u0642\u0628\u0644 \u0627\u0644\u062c\u0631\u0639\u0629 \u0627\u0644\u0623\u0648\u0644\u0649",
                 "\u0623\u0639\u0637\u0650 \u0627\u0644\u0625\u064a\u0628\u0648\u0628\u0631\u0648\u0641\u064a\u0646 \u0645\u0639 \u0627\u0644\u062d\u0644\u064a\u0628"):
        t.check(same_line(words, *note.split()), "ar A4: the note %r wrapped" % note)
    # 3. Warfarin's dose column ("5 mg", "500 mg", "100 micrograms", "2.5-5 mg") on A5: the
    #    doses end on one edge, a block at the column's start (set to the column's end, "5 mg"
    #    stood a column's width from "08:00 and 20:00"); mirrored in Arabic.
    for lang in ("en", "ar"):
        src = ctx.src("tests", "data", "textlayer-warfarin-%s.json" % lang)
        pdf = pc.render(ctx, src, ctx.out("warfarin-%s.pdf" % lang), layout=ctx.src("layouts", "a5-booklet.json"))
        page = next(p for p in pc.bbox_pages(pdf, ctx.out("warfarin-%s.html" % lang))
                    if any(bare(w["text"]) == "mg" for w in p["words"]))
        # Bidi controls off, and Arabic words in either order (pdftotext's words are visual).
        words = [dict(w, text=bare(w["text"])) for w in page["words"]]
        for w in words:
            if any("\u0600" <= ch <= "\u06ff" for ch in w["text"]):
                w["text"] = w["text"][::-1] if w["text"][::-1] in AR_WORDS else w["text"]
        mg = [w for w in words if w["text"] == "mg"]
        if lang == "en":
            dose = next(w for w in words if w["text"] == "Dose")
            when = next(w for w in words if w["text"] == "When" and abs(w["y0"] - dose["y0"]) < 1)
            col = column_words(words, dose["x0"], when["x0"])
            ends = sorted({round(w["x1"], 1) for w in col if w["text"] == "mg"})
            micro = next(w for w in col if w["text"] == "micrograms")
            first = next(w for w in col if w["text"] == "100")
            t.check(len(ends) == 1, "warfarin en: the doses do not end on one edge: %s" % ends)
            t.check(abs(first["x0"] - dose["x0"]) < 0.3, "warfarin en: \"100 micrograms\" does not start under \"Dose\"")
            t.check(ends and ends[-1] < micro["x1"] - 10, "warfarin en: the doses are set to the column's end, "
                    "a column's width from the times beside them")
        else:
            above = [w for w in words if w["text"] == AR_WORDS[0] and w["y1"] <= min(x["y0"] for x in mg)]
            dose = max(above, key=lambda w: w["y0"])  # the header, not the body text's "dose"
            row_ys = {round(w["y0"]) for w in mg}
            # The dose cells' left edges: the leftmost word on a dose's line right of "mg"'s left.
            lefts = set()
            for w in mg:
                line = [x for x in words if abs(x["y0"] - w["y0"]) < 1 and x["x1"] <= w["x1"] + 0.5
                        and w["x0"] - x["x1"] < 6]
                lefts.add(round(min(x["x0"] for x in line), 1))
            t.check(len(lefts) == 1, "warfarin ar: the doses do not start (left) on one edge: %s" % sorted(lefts))
            micro = next((w for w in words if w["text"] == AR_WORDS[1]), None)
            cell = [x for x in words if micro and abs(x["y0"] - micro["y0"]) < 1 and x["x1"] > micro["x0"] - 1
                    and x["x0"] < dose["x1"] + 1]
            t.check(cell and abs(max(x["x1"] for x in cell) - dose["x1"]) < 0.3,
                    "warfarin ar: \"100 micrograms\" does not start (right) under its header")
            t.check(lefts and cell and min(lefts) > min(x["x0"] for x in cell) + 5 and len(row_ys) >= 3,
                    "warfarin ar: the doses are set to the column's end (left)")
    # 4. A phrase of three words or more in a body cell may take a second line when that makes
    #    the table shorter: the asthma action plan's zone names ("Amber: getting worse") kept
    #    their column at its full width in a tri-fold panel and in the parallel form while the
    #    instructions beside them ran 11 lines deep. Its lines: the distinct baselines of the
    #    "What to do" column between the amber row's top and the red row's.
    asthma = [ctx.src("tests", "data", "heldout-asthma-%s.json" % lang) for lang in ("en", "ar")]
    for name, articles, layout, most in (("trifold-a4", asthma[:1], "trifold-a4", 9),
                                         ("trifold-letter", asthma[:1], "trifold-letter", 11),
                                         ("parallel", asthma, "bilingual-parallel", 9)):
        page = page_with(ctx, articles, "asthma-" + name, ctx.src("layouts", layout + ".json"), "Amber:")
        if page is None:
            t.fail("asthma %s: the action plan table not found" % name)
            continue
        words = page["words"]
        amber = next(w for w in words if w["text"] == "Amber:")
        red = next(w for w in words if w["text"] == "Red:" and abs(w["x0"] - amber["x0"]) < 1)
        head = next(w for w in words if w["text"] == "What" and w["y1"] < amber["y0"]
                    and w["x0"] > amber["x0"])
        # The column ends where a gap wider than a panel's or a column's margin opens (the next
        # panel or the other language).
        cell = sorted((w for w in words if head["x0"] - 0.5 <= w["x0"] and amber["y0"] - 1 <= w["y0"] < red["y0"] - 1),
                      key=lambda w: w["x0"])
        reach = head["x0"]
        for k, w in enumerate(cell):
            if w["x0"] > reach + 12:
                cell = cell[:k]
                break
            reach = max(reach, w["x1"])
        depth = len({round(w["y1"]) for w in cell})
        t.check(0 < depth <= most, "asthma %s: the amber zone's instructions take %d lines (at most %d) beside "
                "a zone name kept on one line" % (name, depth, most))
    # 5. A short cell kept on one line holds its column only while that wraps no more of them:
    #    the held-out vaccination schedule's ages ("2 months") wrapped after the number in
    #    every row of a tri-fold panel and of the parallel form, beside "Left arm" and
    #    "DTaP-IPV" kept whole in one row each. Counted: the age column's "months" with no
    #    number before it on its line (only "12 months" and "18 months", four rows, may wrap).
    vaccines = [ctx.src("tests", "data", "heldout-vaccines-%s.json" % lang) for lang in ("en", "ar")]
    for name, articles, layout in (("trifold-letter", vaccines[:1], "trifold-letter"),
                                   ("parallel", vaccines, "bilingual-parallel")):
        pdf = pc.render(ctx, articles, ctx.out("vaccines-%s.pdf" % name), layout=ctx.src("layouts", layout + ".json"))
        lone = 0
        found = False
        for page in pc.bbox_pages(pdf, ctx.out("vaccines-%s.html" % name)):
            words = page["words"]
            for head in (w for w in words if w["text"] == "Age"):
                vaccine = next((w for w in words if w["text"] == "Vaccine" and abs(w["y0"] - head["y0"]) < 1), None)
                if vaccine is None:
                    continue
                found = True
                below = [w for w in words if head["x0"] - 0.5 <= w["x0"] < vaccine["x0"] - 0.5 and w["y0"] > head["y1"]]
                for m in (w for w in below if w["text"] == "months"):
                    lone += not any(abs(x["y1"] - m["y1"]) < 1 and x["x1"] <= m["x0"] and m["x0"] - x["x1"] < 8
                                    and x["text"][:1].isdigit() for x in below)
        t.check(found, "vaccines %s: the schedule table not found" % name)
        t.check(lone <= 4, "vaccines %s: %d ages wrapped after their number (\"2 | months\"), at most 4"
                % (name, lone))
    print("tablebalance: %d failures" % len(t.failures))
    return not t.failures


def pagination_metrics(ctx):
    """scripts/pagination-metrics.py as a module: its measure() counts stranded list items."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("pagination_metrics", ctx.src("scripts", "pagination-metrics.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def dump_metrics(ctx, pm, articles, layout, name, extra=()):
    pc.render(ctx, articles, ctx.out(name + ".pdf"), layout=layout, extra=["--dump", ctx.out(name + ".dump")] + list(extra))
    with open(ctx.out(name + ".dump"), encoding="utf-8") as f:
        return pm.measure(f.read(), pm.columns_of(layout))


def cmd_listends(ctx):
    t = pc.Tally("listends")
    pm = pagination_metrics(ctx)
    # The bundled renders whose page or panel began with a list's last item alone, and the
    # A5 booklets, which grew by a page when such breaks were simply forbidden.
    bundled = [("stem-cell-therapy", "en", "large-print", None), ("stem-cell-therapy", "ar", "a4", None),
               ("wound-care", "en", "letter", None), ("wound-care", "ar", "letter", None),
               ("stem-cell-therapy", "en", "a5-booklet", 5), ("stem-cell-therapy", "en", "booklet-a5", 4)]
    for topic, lang, layout, pages in bundled:
        name = "bundled-%s-%s-%s" % (topic, lang, layout)
        m = dump_metrics(ctx, pm, ctx.src("content", topic, lang + ".json"), ctx.src("layouts", layout + ".json"), name)
        if pages is None:
            t.check(m["last"] == 0 and m["first"] == 0, "%s: %s" % (name, "; ".join(m["where"])))
        else:
            t.check(m["pages"] == pages, "%s: %d pages, not %d" % (name, m["pages"], pages))
    # The saddle-stitched booklet is padded to a multiple of four pages: its five pages in
    # reading order leave three blank, and one of them is spent on the two lone last items
    # (the A5 pages above, not imposed, keep them: their sixth page would be more paper).
    m = dump_metrics(ctx, pm, ctx.src("content", "stem-cell-therapy", "en.json"), ctx.src("layouts", "booklet-a5.json"),
                     "bundled-stem-cell-therapy-en-booklet-a5-reading", ["--reader-order"])
    t.check(m["last"] == 0 and m["first"] == 0 and m["pages"] <= 8,
            "booklet-a5 in reading order: %d pages; %s" % (m["pages"], "; ".join(m["where"])))
    # Written here: a list of five two-line items after a growing lead, then a heading and
    # a paragraph. Whenever the list crosses the page's end, its last item does not start the
    # next page alone nor its first end the page before, and the page count never falls as
    # the lead grows.
    item = "Check the dressing every morning and change it if it is wet, loose or stained with blood."
    words = (FILLER_EN * 16).split()

    def list_article(name, layout, lead_paragraphs, lead_words, after_paragraphs):
        lead = " ".join(words[:lead_words])
        blocks = filler("en", lead_paragraphs) + ([{"type": "paragraph", "text": lead}] if lead else []) + \
            [{"type": "list", "items": ["%d. %s" % (i + 1, item) for i in range(5)]},
             {"type": "heading", "level": 1, "text": "After the list"}] + filler("en", after_paragraphs)
        src = article(ctx.out(name + ".json"), blocks, title="List ends")
        return dump_metrics(ctx, pm, src, ctx.src("layouts", layout + ".json"), name)

    for layout, lead_paragraphs in (("a4", 3), ("a5-booklet", 1)):
        split = 0
        pages_before = 0
        for k in range(0, 100):
            m = list_article("listends-%s-%d" % (layout, k), layout, lead_paragraphs, k * 4, 1)
            t.check(m["last"] == 0 and m["first"] == 0, "%s, %d lead words: %s" % (layout, k * 4, "; ".join(m["where"])))
            t.check(m["pages"] >= pages_before, "%s, %d lead words: %d pages, fewer than with less lead"
                    % (layout, k * 4, m["pages"]))
            pages_before = m["pages"]
            split += m["split"]
        t.check(split >= 5, "%s: the list crossed a page's end in %d cases only (the test missed the page end)"
                % (layout, split))
    # The bilingual parallel form: each side's list flows on its own after starting level with
    # its translation; neither side's last item starts a page alone nor its first ends one.
    item_ar = "افحص الضمادة كل صباح وغيّرها إذا كانت مبتلة أو مرتخية أو ملطخة بالدم."
    words_ar = (FILLER_AR * 16).split()

    def pair_article(name, lead_words):
        arts = []
        for lang, lead_from, text in (("en", words, item), ("ar", words_ar, item_ar)):
            lead = " ".join(lead_from[:lead_words])
            blocks = filler(lang, 2) + [{"type": "paragraph", "text": lead or "."}] + \
                [{"type": "list", "items": [text] * 5},
                 {"type": "heading", "level": 1, "text": "After the list" if lang == "en" else "بعد القائمة"}] + \
                filler(lang, 1)
            arts.append(article(ctx.out("%s-%s.json" % (name, lang)), blocks, lang=lang, title="List ends"))
        return dump_metrics(ctx, pm, arts, ctx.src("layouts", "bilingual-parallel.json"), name)

    split = 0
    for k in range(0, 60):
        m = pair_article("listends-parallel-%d" % k, k * 5)
        t.check(m["last"] == 0 and m["first"] == 0, "parallel, %d lead words: %s" % (k * 5, "; ".join(m["where"])))
        split += m["split"]
    t.check(split >= 5, "parallel: the list crossed a page's end in %d cases only (the test missed the page end)" % split)
    # The page-count guard: with three paragraphs after the list, the second A5 page is full.
    # Moving the first item over would push the last lines onto a third page: it stays.
    for lead_words in (348, 360, 372):
        m = list_article("listends-guard-%d" % lead_words, "a5-booklet", 1, lead_words, 3)
        t.check(m["pages"] == 2 and m["split"] == 1,
                "guard, %d lead words: %d pages (2 with the first item alone), the list on %s"
                % (lead_words, m["pages"], "two pages" if m["split"] else "one page"))
    # The same in the imposed booklet (booklet-a5, the same A5 page as a5-booklet): the pages up
    # to the next multiple of four are blank paper, so the first item goes over with the rest
    # (2 -> 3, 3 -> 4, 5 -> 6 pages); at four pages there is none to spare and it stays. The
    # sheets printed are as many as the plain pagination's.
    for lead_paragraphs, lead_words, plain, pages in ((1, 360, 2, 3), (7, 60, 3, 4), (13, 348, 5, 6), (11, 60, 4, 4)):
        name = "listends-booklet-%d-%d" % (lead_paragraphs, lead_words)
        m = list_article(name, "a5-booklet", lead_paragraphs, lead_words, 3)
        t.check(m["pages"] == plain and m["first"] == 1, "%s, a5-booklet: %d pages (%d with the first item alone): %s"
                % (name, m["pages"], plain, "; ".join(m["where"]) or "no item alone"))
        src = ctx.out(name + ".json")
        m = dump_metrics(ctx, pm, src, ctx.src("layouts", "booklet-a5.json"), name + "-reading", ["--reader-order"])
        alone = 0 if pages > plain else 1
        t.check(m["pages"] == pages and m["first"] + m["last"] == alone,
                "%s, booklet-a5: %d pages (%d), %s" % (name, m["pages"], pages, "; ".join(m["where"]) or "no item alone"))
        printed = pc.render(ctx, src, ctx.out(name + "-sheets.pdf"), layout=ctx.src("layouts", "booklet-a5.json"))
        sides = int(pc.pdfinfo(printed).get("Pages", "0"))
        t.check(sides == (plain + 3) // 4 * 2, "%s, booklet-a5 printed: %d sheet sides, not %d"
                % (name, sides, (plain + 3) // 4 * 2))
    print("listends: %d failures" % len(t.failures))
    return not t.failures


DUMP_TEXT = re.compile(r'^  text (\S+) x=(\S+) y=(\S+) w=(\S+) size=\S+ font=\S+ (?:ltr|rtl) lang=(\S*) "')
EDGE_ROLES = ("body", "h1", "h2", "h3")


def dump_items(path):
    """(page, page width, role, x, y, w, lang) of every text item of a --dump file."""
    out = []
    page = width = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("page "):
                page += 1
                width = float(line.split()[2].split("x")[0])
                continue
            m = DUMP_TEXT.match(line)
            if m:
                out.append((page, width, m.group(1), float(m.group(2)), float(m.group(3)), float(m.group(4)), m.group(5)))
    return out


def cmd_listmarkers(ctx):
    t = pc.Tally("listmarkers")
    # Lists of 12 and 14 numbered items (numbers wider than every layout's indent: "10." in A4's
    # 16 pt, "١٠." in Arabic, large print) and a bulleted list, between paragraphs, in every
    # layout. No marker stands on the start side of the column's text edge (the start edge of its
    # paragraphs and headings, left in English and right in Arabic): a print shop trims at the
    # margin. All items of a list keep one text edge.
    items = {"en": ["Take the tablet with a full glass of water after breakfast.",
                    "Keep the dressing dry for two days and change it if it gets wet or loose."],
             "ar": ["تناول القرص مع كوب ماء كامل بعد الإفطار.",
                    "حافظ على الضمادة جافة يومين وغيّرها إذا ابتلّت أو انفكّت."]}
    arts = {}
    for lang in ("en", "ar"):
        para = {"type": "paragraph", "text": (FILLER_AR if lang == "ar" else FILLER_EN) * 2}
        blocks = [{"type": "heading", "level": 2, "text": "Steps" if lang == "en" else "الخطوات"}, para,
                  {"type": "list", "ordered": True, "items": [items[lang][i % 2] for i in range(12)]}, para,
                  {"type": "list", "ordered": True, "items": [items[lang][(i + 1) % 2] for i in range(14)]}, para,
                  {"type": "list", "items": [items[lang][i % 2] for i in range(3)]}, para]
        arts[lang] = article(ctx.out("listmarkers-%s.json" % lang), blocks, lang=lang,
                             title="List numbers" if lang == "en" else "أرقام القوائم")
    checked = 0
    for layout in pc.layout_files(ctx):
        lname = os.path.basename(layout)[:-5]
        spec = pc.load_json(layout)
        columns = 3 if "panels" in spec else int(spec.get("columns", 1))
        jobs = [("pair", [arts["en"], arts["ar"]])] if "bilingual" in spec else [(lang, [arts[lang]]) for lang in ("en", "ar")]
        for job, articles in jobs:
            name = "listmarkers-%s-%s" % (lname, job)
            pc.render(ctx, articles, ctx.out(name + ".pdf"), layout=layout, extra=["--dump", ctx.out(name + ".dump")])
            regions = {}
            for page, width, role, x, y, w, lang in dump_items(ctx.out(name + ".dump")):
                col = min(columns - 1, int(x / (width / columns))) if columns > 1 else 0
                regions.setdefault((page, col, lang), []).append((role, x, y, w))
            bad = []
            for (page, col, lang), its in sorted(regions.items()):
                rtl = lang.startswith("ar")
                edges = [x + w if rtl else x for role, x, y, w in its if role in EDGE_ROLES]
                markers = [(x, y, w) for role, x, y, w in its if role == "list_marker"]
                if not edges or not markers:
                    continue
                edge = max(edges) if rtl else min(edges)
                for x, y, w in markers:
                    checked += 1
                    over = (x + w - edge) if rtl else (edge - x)
                    if over > 0.3:
                        bad.append("page %d y=%.1f: %.1f pt past the %s text edge" % (page, y, over, "right" if rtl else "left"))
            t.check(not bad, "%s %s: list markers in the start margin: %s" % (lname, job, "; ".join(bad[:4])))
    t.check(checked >= 200, "only %d markers were checked beside paragraphs (the test missed its lists)" % checked)
    print("listmarkers: %d markers checked" % checked)
    print("listmarkers: %d failures" % len(t.failures))
    return not t.failures


VOCALISED_AR = ("يُصَنِّفُ الطَّبِيبُ الجُرْحَ وَيُغَيِّرُ الضِّمَادَةَ كُلَّ يَوْمٍ، وَيَغْسِلُ يَدَيْهِ قَبْلَ لَمْسِ الجِلْدِ "
                "وَبَعْدَهُ، ثُمَّ يَكْتُبُ فِي السِّجِلِّ مَا رَآهُ مِنْ احْمِرَارٍ أَوْ تَوَرُّمٍ حَوْلَ الجُرْحِ. ")


def read_pgm(path):
    """(width, height, bytes) of a binary grey PGM (pdftoppm -gray)."""
    with open(path, "rb") as f:
        data = f.read()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P5":
        raise pc.Fail("%s is not a binary grey PGM" % path)
    return int(fields[1]), int(fields[2]), data[pos + 1:]


def touching_lines(pgm, baselines, dpi, left, right):
    """Pairs of lines whose ink touches in a page image: a connected piece of ink (8-connected
    runs of dark pixels) that reaches into the row just above two baselines (letters stand on
    their baseline; a descender of one line that meets a letter of the next joins them)."""
    width, height, px = read_pgm(pgm)
    ink = bytes(1 if v < 128 else 0 for v in range(256))  # a pixel more than half inked
    rows = {int(y * dpi / 72) - 1: k for k, y in enumerate(baselines)}
    top = max(0, int((baselines[0] - 20) * dpi / 72))
    bottom = min(height, int((baselines[-1] + 10) * dpi / 72))
    parent = []

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    lines_of = {}
    prev = []
    for r in range(top, bottom):
        row = px[r * width + left:r * width + right].translate(ink)
        cur = []
        for m in re.finditer(b"\x01+", row):
            i = len(parent)
            parent.append(i)
            cur.append((m.start(), m.end(), i))
            if r in rows:
                lines_of.setdefault(i, set()).add(rows[r])
        j = 0
        for a0, a1, ia in cur:
            while j < len(prev) and prev[j][1] < a0:
                j += 1
            k = j
            while k < len(prev) and prev[k][0] <= a1:
                ra, rb = find(ia), find(prev[k][2])
                if ra != rb:
                    parent[ra] = rb
                k += 1
        prev = cur
    joined = {}
    for i, ks in lines_of.items():
        joined.setdefault(find(i), set()).update(ks)
    return sorted(set(tuple(sorted(ks))[:2] for ks in joined.values() if len(ks) > 1))


def cmd_lineskip(ctx):
    pc.require_tools("pdftoppm")
    t = pc.Tally("lineskip")
    # A leading the schema allows (0.8, 0.9) with Noto Naskh Arabic (ascender and descender
    # about 1.7 em; vocalised words, marks above and below) and with Noto Sans: the ink of one
    # line would run into the next. Lines are moved apart by their glyphs' ink (TeX's \lineskip):
    # in poppler's rendering at 600 dpi no piece of ink joins the letters of two lines. The
    # a4 layout's own leading (1.45) is the control: nothing to move there.
    dpi = 600
    base = pc.load_json(ctx.src("layouts", "a4.json"))
    base["fonts"]["dir"] = ctx.src("fonts")
    texts = {"en": "Bring your gauze, tape, jelly and any prescription; Dr. Quigley's team may give you a "
                   "typed page (yellow) about the injury, its dressing and the signs of a wound that is not "
                   "getting better, such as spreading redness, pus, a high fever or pain that keeps growing. ",
             "ar": VOCALISED_AR}
    for leading in (0.8, 0.9, 1.45):
        lay = json.loads(json.dumps(base))
        lay.setdefault("styles", {})["body"] = dict(lay["styles"].get("body", {}), leading=leading)
        layout = ctx.out("lineskip-%s.json" % leading)
        with open(layout, "w", encoding="utf-8") as f:
            json.dump(lay, f, ensure_ascii=False)
        for lang in ("en", "ar"):
            name = "lineskip-%s-%s" % (leading, lang)
            blocks = [{"type": "paragraph", "text": texts[lang] * (16 if lang == "ar" else 8)}]  # one paragraph
            src = article(ctx.out(name + ".json"), blocks, lang=lang, title="Line spacing" if lang == "en" else "تباعد الأسطر")
            pdf = pc.render(ctx, src, ctx.out(name + ".pdf"), layout=layout,
                            extra=["--dump", ctx.out(name + ".dump"), "--allow-path", ctx.src("fonts")])
            lines = {}  # baseline: left and right ends
            for page, width, role, x, y, w, lg in dump_items(ctx.out(name + ".dump")):
                if page == 1 and role == "body":
                    x0, x1 = lines.get(y, (x, x + w))
                    lines[y] = (min(x0, x), max(x1, x + w))
            baselines = sorted(lines)
            left = int(min(x0 for x0, x1 in lines.values()) * dpi / 72) - 4
            right = int(max(x1 for x0, x1 in lines.values()) * dpi / 72) + 4
            pc.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", pdf, ctx.out(name)])
            pgm = next(ctx.out(f) for f in sorted(os.listdir(ctx.work)) if f.startswith(name + "-") and f.endswith(".pgm"))
            touching = touching_lines(pgm, baselines, dpi, left, right)
            os.remove(pgm)
            pairs = len(baselines) - 1
            t.check(pairs >= 15, "%s: only %d pairs of lines on page 1" % (name, pairs))
            t.check(not touching, "%s: the ink of %d of %d pairs of lines touches (lines %s)"
                    % (name, len(touching), pairs, ", ".join("%d/%d" % (a + 1, b + 1) for a, b in touching[:6])))
            print("%s: %d pairs of lines, %d touching" % (name, pairs, len(touching)))
    print("lineskip: %d failures" % len(t.failures))
    return not t.failures


def cmd_heldoutlayouts(ctx):
    pc.require_tools("qpdf", "pdftotext")
    t = pc.Tally("heldoutlayouts")
    folder = ctx.src("tests", "data", "layouts-heldout")
    allow = ["--allow-path", ctx.src("fonts"), "--allow-path", ctx.src("brands"),
             "--allow-path", ctx.src("tests", "data")]
    brand = ["--brand", ctx.src("brands", "riverside.json")]
    data = lambda name: ctx.src("tests", "data", name)  # noqa: E731
    layouts = sorted(f for f in os.listdir(folder) if f.endswith(".json"))
    t.check(len(layouts) >= 5, "expected at least 5 held-out layouts in %s, found %d" % (folder, len(layouts)))
    for name in layouts:
        layout = os.path.join(folder, name)
        with open(layout, encoding="utf-8") as f:
            spec = json.load(f)
        rc, out, err = pc.run([ctx.handout, "validate", layout] + allow, check=False)
        t.check(rc == 0 and "error" not in err and "warning" not in err,
                "%s: validate exited %d:\n%s" % (name, rc, err))
        if "bilingual" in spec:
            jobs = [("fever", [data("heldout-fever-en.json"), data("heldout-fever-ar.json")], "en")]
        else:
            jobs = [("fever-en", [data("heldout-fever-en.json")], "en"),
                    ("vaccines-ar", [data("heldout-vaccines-ar.json")], "ar")]
        for job, articles, lang in jobs:
            stem = "heldoutlayouts-%s-%s" % (name[:-5], job)
            dump = ctx.out(stem + ".dump")
            try:
                pdf = pc.render(ctx, articles, ctx.out(stem + ".pdf"), layout=layout,
                                extra=allow + brand + ["--dump", dump])
            except pc.Fail as e:
                t.fail("%s %s: %s" % (name, job, e))
                continue
            rc, out, err = pc.run(["qpdf", "--check", pdf], check=False)
            t.check(rc == 0 and "No syntax or stream encoding errors found" in out and "warning" not in (out + err).lower(),
                    "%s %s: qpdf --check is not clean:\n%s%s" % (name, job, out, err))
            outside = []
            for page in pc.bbox_pages(pdf, ctx.out(stem + ".html")):
                for w in page["words"]:
                    if w["x0"] < -0.5 or w["y0"] < -0.5 or w["x1"] > page["width"] + 0.5 or w["y1"] > page["height"] + 0.5:
                        outside.append("p%d %r" % (page["number"], w["text"]))
            t.check(not outside, "%s %s: words outside the page: %s" % (name, job, ", ".join(outside[:5])))
            if not any(k in spec for k in ("panels", "bleed", "marks")):
                # Text, header and footer between the start and end margins (either way round
                # for a bilingual page; facing pages swap them on even pages).
                geo = pc.layout_geometry(layout)
                if (spec.get("page", {}).get("orientation") == "landscape") != (geo["width"] > geo["height"]):
                    geo["width"], geo["height"] = geo["height"], geo["width"]
                ways = [(geo["end"], geo["start"]) if lang == "ar" else (geo["start"], geo["end"])]
                if "bilingual" in spec:
                    ways = [(geo["start"], geo["end"]), (geo["end"], geo["start"])]
                for page in pc.bbox_pages(pdf, ctx.out(stem + ".html")):
                    # The space glyph set for pdf.js beside a word (its text U+2060 or U+061C
                    # and a space) draws nothing and may stand in the margin by its width.
                    page = dict(page, words=[dict(w, x0=w["x0"] + 3, x1=w["x1"] - 3)
                                             if "\u2060" in w["text"] or "\u061c" in w["text"] else w
                                             for w in page["words"]])
                    here = ways if not (geo["facing"] and page["number"] % 2 == 0) else [(b, a) for a, b in ways]
                    problems = [pc.margin_problems(page, left, right, ("left", "right")) for left, right in here]
                    t.check(any(not p for p in problems), "%s %s: %s" % (name, job, "; ".join(min(problems, key=len)[:3])))
            with open(dump, encoding="utf-8") as f:
                # (A table cell's word wider than its column is parted at a hyphenation point
                # even so, rather than between letters: running text only.)
                hyphenated = sum(1 for line in f if " lang=en " in line and line.rstrip().endswith('\u00ad"')
                                 and " table_" not in line)
            justified = spec.get("styles", {}).get("body", {}).get("align", "justify") == "justify"
            if lang == "en" and spec.get("hyphenate", True) and justified:
                t.check(hyphenated > 0, "%s %s: hyphenation is on but no English line ends in a hyphen "
                        "(the layout's folder has no hyphenation/; the bundled dictionaries were not used)" % (name, job))
            elif lang == "en":
                t.check(hyphenated == 0, "%s %s: \"hyphenate\": false, but %d lines end in a hyphen" % (name, job, hyphenated))
            print("%s: %s, %d hyphenated English line ends" % (name, job, hyphenated))
    print("heldoutlayouts: %d failures" % len(t.failures))
    return not t.failures


def cmd_longboxes(ctx):
    """A long callout or FAQ answer that does not fit below the text before it is split across
    the pages (boxed on both), not moved whole to the next page, which left the page before
    it mostly empty; a short one still moves whole."""
    t = pc.Tally("longboxes")
    box_text = {"en": "Bring this leaflet and the list of your medicines to every visit at the clinic. ",
                "ar": "أحضر هذه النشرة وقائمة أدويتك إلى كل زيارة للعيادة. "}
    # (paragraphs of filler before the box, sentences in the box): a long box after text
    # filling about two fifths of the page (moved whole, it left the rest empty), a short one
    # after text filling nearly all of it.
    sizes = {"en": {"long": (6, 40), "short": (16, 4)}, "ar": {"long": (8, 70), "short": (24, 4)}}
    for lang in ("en", "ar"):
        text = FILLER_AR if lang == "ar" else FILLER_EN
        cases = {
            "callout": lambda body: {"type": "callout", "title": "Zebulon", "text": body},
            "faq": lambda body: {"type": "faq", "items": [{"question": "Zebulon?", "answer": body}]},
        }
        for kind, make in cases.items():
            for size, (lead, sentences) in sizes[lang].items():
                body = box_text[lang] * sentences
                blocks = [{"type": "paragraph", "text": text}] * lead + [make(body)]
                name = "longbox-%s-%s-%s" % (kind, size, lang)
                src = article(ctx.out(name + ".json"), blocks, lang=lang, title="Boxes")
                pages = dump_pages(ctx, src, ctx.src("layouts", "a4.json"), name)
                starts = next((i for i, page in enumerate(pages) if any("Zebulon" in line for line in page)), None)
                if starts is None:
                    t.fail("%s: the %s's title is on no page" % (name, kind))
                    continue
                if size == "long":
                    t.check(starts == 0 and len(pages) >= 2 and holds_text_of(pages[1], body),
                            "%s: a long %s after a few paragraphs starts on page %d of %d (it should start on "
                            "page 1, under them, and go on to page 2)" % (name, kind, starts + 1, len(pages)))
                else:
                    t.check(len(pages) >= 2 and starts == len(pages) - 1 and
                            not any(holds_text_of(page, body) for page in pages[:starts]),
                            "%s: a short %s that does not fit under the text should move whole to the next page "
                            "(title on page %d of %d)" % (name, kind, starts + 1, len(pages)))
    print("longboxes: %d failures" % len(t.failures))
    return not t.failures


def cmd_leadin(ctx):
    """A list's or table's lead-in paragraph stays with its first item: it stood alone at the
    foot of an A4 page, its list on the next."""
    t = pc.Tally("leadin")
    words = {"en": ("Before you change the dressing, do the following:", "Wash your hands with soap and water.",
                    "Dry them on a clean towel.", "Lay out the new dressing."),
             "ar": ("قبل أن تغيّر الضماد، افعل ما يلي:", "اغسل يديك بالماء والصابون.",
                    "جففهما بمنشفة نظيفة.", "جهّز الضماد الجديد.")}
    sentence = {"en": "Keep the dressing clean and dry for the first two days, and change it if it gets wet. ",
                "ar": "حافظ على الضمادة نظيفة وجافة خلال اليومين الأولين، وغيّرها إذا ابتلّت. "}
    layouts = ("a4.json", "letter.json", "a5-booklet.json", "large-print.json")
    for lang in ("en", "ar"):
        lead, first, second, third = words[lang]
        for kind in ("list", "table"):
            follow = ({"type": "list", "items": [first, second, third]} if kind == "list" else
                      {"type": "table", "header": [first, second], "rows": [[second, third]] * 3})
            for layout in layouts:
                stranded = []
                for m in range(1, 72, 2):
                    blocks = [{"type": "paragraph", "text": sentence[lang] * m}, {"type": "paragraph", "text": lead},
                              follow, {"type": "paragraph", "text": sentence[lang] * 6}]
                    name = "leadin-%s-%s-%s-%d" % (lang, kind, layout[:-5], m)
                    src = article(ctx.out(name + ".json"), blocks, lang=lang, title="Lead-in")
                    pages = dump_pages(ctx, src, ctx.src("layouts", layout), name)
                    at = [i for i, page in enumerate(pages) if any(lead.rstrip(":") in line for line in page)]
                    item = [i for i, page in enumerate(pages) if any(first in line for line in page)]
                    if not at or not item:
                        t.fail("%s: the lead-in or the first %s item is on no page" % (name, kind))
                    elif at[-1] != item[0]:
                        stranded.append("%d (page %d, its %s on page %d)" % (m, at[-1] + 1, kind, item[0] + 1))
                t.check(not stranded, "%s %s %s: the lead-in ends a page alone after %s sentences"
                        % (layout, lang, kind, ", ".join(stranded[:4])))
                print("%s %s %s: %d placements stranded" % (layout, lang, kind, len(stranded)))
    print("leadin: %d failures" % len(t.failures))
    return not t.failures


def cmd_pagenumbers(ctx):
    """Page numbers survive a long running text: the cut kept the text's beginning, and a long
    clinic name and address before "Page {page} of {pages}" cut the page numbers off every page."""
    t = pc.Tally("pagenumbers")
    spec = pc.load_json(ctx.src("layouts", "a4.json"))
    spec["fonts"]["dir"] = ctx.src("fonts")
    spec["footer"] = {"start": {"en": "{clinic.name}, {clinic.address} · Page {page} of {pages}",
                                "ar": "{clinic.name}، {clinic.address} · صفحة {page} من {pages}"}}
    spec["header"] = {"start": "{title} — {clinic.name} — {page}/{pages}", "on_first_page": True}
    layout = ctx.out("pagenumbers-layout.json")
    with open(layout, "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False)
    brand = {"name": {"en": "The Royal Northern Hospitals NHS Foundation Trust Department of Paediatric and "
                            "Adolescent Orthopaedic and Trauma Surgery Outpatient Clinic",
                      "ar": "مستشفى الملك عبد العزيز التخصصي الجامعي قسم جراحة العظام والكسور للأطفال واليافعين "
                            "العيادات الخارجية والرعاية النهارية"},
             "address": {"en": "Building 7, Level 3, Wing C, 1234 King Abdulaziz Road, Riyadh 12836",
                         "ar": "مبنى 7، الطابق 3، الجناح ج، 1234 طريق الملك عبد العزيز، الرياض"},
             "phone": "+966 11 234 5678"}
    brand_path = ctx.out("pagenumbers-brand.json")
    with open(brand_path, "w", encoding="utf-8") as f:
        json.dump(brand, f, ensure_ascii=False)
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    for lang in ("en", "ar"):
        name = "pagenumbers-" + lang
        dump = ctx.out(name + ".dump")
        pc.render(ctx, ctx.src("content", "stem-cell-therapy", lang + ".json"), ctx.out(name + ".pdf"),
                  layout=layout, extra=["--brand", brand_path, "--allow-path", ctx.src("fonts"), "--dump", dump])
        pages = []
        with open(dump, encoding="utf-8") as f:
            for line in f:
                if line.startswith("page "):
                    pages.append({"header": "", "footer": ""})
                elif pages and line.startswith("  text ") and line.split()[1] in ("header", "footer"):
                    pages[-1][line.split()[1]] += line[line.index('"') + 1:line.rstrip().rindex('"')]
        t.check(len(pages) >= 3, "%s: %d pages, expected at least 3" % (name, len(pages)))
        n = len(pages)
        for i, page in enumerate(pages):
            footer = ("Page %d of %d" % (i + 1, n)) if lang == "en" else ("صفحة %d من %d" % (i + 1, n)).translate(digits)
            header = ("%d/%d" % (i + 1, n)) if lang == "en" else ("%d/%d" % (i + 1, n)).translate(digits)
            for slot, want in (("footer", footer), ("header", header)):
                got = re.sub(r"[\u200e\u200f\u2066-\u2069\u061c\u2009]", "", page[slot])
                t.check(want in got and "\u2026" in got,
                        "%s page %d: the %s %r does not end in %r after an ellipsis" % (name, i + 1, slot, got, want))
        print("%s: %d pages checked" % (name, n))
    latin_page_numbers(ctx, t)
    print("pagenumbers: %d failures" % len(t.failures))
    return not t.failures


def latin_page_numbers(ctx, t):
    """A page number after a Latin word ("Page {page} of {pages}") keeps its Western digits on
    a page whose first language is Arabic, as a number after a Latin word does in the text: the
    bundled parallel layout with Arabic first (its footer "Page {page} of {pages} · صفحة
    {page:ar} من {pages:ar}") printed "Page ١ of ٣", its words and numbers separate stretches of
    a right-to-left line that read "٣ of ١ Page"; an Arabic handout with an English footer
    likewise. The Arabic numbers stay Arabic-Indic; {page} with no word before it follows the
    page's language."""
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    parallel = pc.load_json(ctx.src("layouts", "bilingual-parallel.json"))
    parallel["bilingual"]["order"] = ["ar", "en"]
    single = pc.load_json(ctx.src("layouts", "a4.json"))
    single["footer"] = {"start": "Page {page} of {pages}", "end": "{page}/{pages}"}
    cases = (("parallel-ar-first", parallel, [ctx.src("content", "stem-cell-therapy", l + ".json") for l in ("en", "ar")]),
             ("arabic-english-footer", single, [ctx.src("content", "stem-cell-therapy", "ar.json")]))
    for name, spec, articles in cases:
        spec["fonts"]["dir"] = ctx.src("fonts")
        layout = ctx.out("latin-pages-%s.json" % name)
        with open(layout, "w", encoding="utf-8") as f:
            json.dump(spec, f, ensure_ascii=False)
        dump = ctx.out("latin-pages-%s.dump" % name)
        pc.render(ctx, articles, ctx.out("latin-pages-%s.pdf" % name), layout=layout,
                  extra=["--allow-path", ctx.src("fonts"), "--dump", dump])
        pages = []
        with open(dump, encoding="utf-8") as f:
            for line in f:
                if line.startswith("page "):
                    pages.append([])
                elif pages and line.startswith("  text footer ") and " w=0 " not in line:
                    pages[-1].append(re.sub(r"[\u200e\u200f\u2066-\u2069\u061c\u2060]", "",
                                            line[line.index('"') + 1:line.rstrip().rindex('"')]).strip())
        n = len(pages)
        t.check(n >= 2, "%s: %d pages, expected at least 2" % (name, n))
        for i, items in enumerate(pages):
            # One left-to-right text, in Western digits: read in order.
            want = "Page %d of %d" % (i + 1, n)
            t.check(want in items, "%s page %d: the footer's items %r hold no %r" % (name, i + 1, items, want))
            arabic = ("%d" % (i + 1)).translate(digits)
            t.check(arabic in items, "%s page %d: the Arabic page number %r is not among %r" % (name, i + 1, arabic, items))


def srgb_contrast(a, b):
    """WCAG 2's contrast ratio of two (r, g, b) colours, 0-255 each."""
    def lum(c):
        lin = [(v / 255.0) / 12.92 if v / 255.0 <= 0.04045 else ((v / 255.0 + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    la, lb = lum(a), lum(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def hex_rgb(text):
    return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5))


def cmd_linkink(ctx):
    pc.require_tools("pdftotext", "pdftoppm")
    t = pc.Tally("linkink")
    callout, header, link_blue = "#1d3557", "#22313f", hex_rgb("#1d4e89")
    spec = pc.load_json(ctx.src("layouts", "a4.json"))
    spec["fonts"]["dir"] = ctx.src("fonts")
    spec.setdefault("callout", {})["fill"] = callout
    spec.setdefault("table", {})["header_fill"] = header
    styles = spec.setdefault("styles", {})
    for role in ("callout", "callout_title", "table_header"):
        styles.setdefault(role, {})["color"] = "#ffffff"
    layout = ctx.out("linkink-layout.json")
    with open(layout, "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False)
    words = {"en": ("Call", "Qzcallout", "Qzheader", "Qzpaper"), "ar": ("اتصل", "Qzcallout", "Qzheader", "Qzpaper")}
    dpi = 150
    checked = 0
    for lang in ("en", "ar"):
        lead = words[lang][0]
        link = lambda w: {"text": w, "href": "https://example.org/" + w.lower()}  # noqa: E731
        blocks = [{"type": "paragraph", "text": [lead + " ", link("Qzpaper"), " 24"]},
                  {"type": "callout", "title": [lead + " ", link("Qzcallout")], "text": [lead + " ", link("Qzcallout"), " 24"]},
                  {"type": "table", "header": [[lead + " ", link("Qzheader")], "B"], "rows": [["1", "2"], ["3", "4"]]}]
        src = article(ctx.out("linkink-%s.json" % lang), blocks, lang=lang, title="Links on fills")
        pdf = pc.render(ctx, src, ctx.out("linkink-%s.pdf" % lang), layout=layout, extra=["--allow-path", ctx.src("fonts")])
        page = pc.bbox_pages(pdf, ctx.out("linkink-%s.html" % lang))[0]
        pc.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", pdf, ctx.out("linkink-%s" % lang)])
        with open(ctx.out("linkink-%s.ppm" % lang), "rb") as f:
            data = f.read()
        head = data.split(b"\n", 3)
        width, height = (int(v) for v in head[1].split())
        pixels = head[3]
        for w in page["words"]:
            name = next((k for k in ("Qzcallout", "Qzheader", "Qzpaper") if k in w["text"]), None)
            if not name:
                continue
            ground = {"Qzcallout": hex_rgb(callout), "Qzheader": hex_rgb(header), "Qzpaper": (255, 255, 255)}[name]
            # The word's ink: its pixel farthest from the ground (anti-aliased edges are between).
            ink, far = None, -1
            for py in range(int(w["y0"] * dpi / 72), min(height, int(w["y1"] * dpi / 72) + 1)):
                for px in range(int(w["x0"] * dpi / 72), min(width, int(w["x1"] * dpi / 72) + 1)):
                    o = (py * width + px) * 3
                    c = tuple(pixels[o:o + 3])
                    d = sum((a - b) ** 2 for a, b in zip(c, ground))
                    if d > far:
                        ink, far = c, d
            ratio = srgb_contrast(ink, ground)
            checked += 1
            t.check(ratio >= 3.0, "%s: the link %r is drawn in %s on %s: contrast %.2f:1, under 3:1"
                    % (lang, name, "#%02x%02x%02x" % ink, "#%02x%02x%02x" % ground, ratio))
            if name == "Qzpaper":
                t.check(max(abs(a - b) for a, b in zip(ink, link_blue)) <= 24,
                        "%s: a link on the paper is drawn in %s, not the links' blue #1d4e89"
                        % (lang, "#%02x%02x%02x" % ink))
        print("linkink %s: %d link words" % (lang, checked))
    t.check(checked >= 8, "found %d link words, want 8 (4 in each language)" % checked)
    print("linkink: %d failures" % len(t.failures))
    return not t.failures


def cmd_tablegap(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("tablegap")
    layout = ctx.src("layouts", "a5-booklet.json")
    geo = pc.layout_geometry(layout)
    notes = {"en": "Take it with food and a full glass of water, and tell us about any rash.",
             "ar": "خذه مع الطعام وكوب ماء كامل، وأخبرنا بأي طفح جلدي يظهر عليك."}
    heading = {"en": "Qzdoses for the week", "ar": "Qzdoses جرعات الأسبوع"}
    moved = split = 0
    worst = 0.0
    for lang in ("en", "ar"):
        table = {"type": "table", "header": ["Day", "Dose", "Notes"] if lang == "en" else ["اليوم", "الجرعة", "ملاحظات"],
                 "rows": [["Qzrow%d" % (i + 1), "500 mg", notes[lang]] for i in range(6)]}
        words = (FILLER_AR if lang == "ar" else FILLER_EN).split() * 8
        for extra in range(0, 200, 5):
            blocks = filler(lang, 2) + [{"type": "paragraph", "text": " ".join(words[:extra + 1])},
                                        {"type": "heading", "level": 2, "text": heading[lang]}, table] + filler(lang, 1)
            name = "tablegap-%s-%d" % (lang, extra)
            src = article(ctx.out(name + ".json"), blocks, lang=lang, title="Table gap")
            pdf = pc.render(ctx, src, ctx.out(name + ".pdf"), layout=layout)
            pages = pc.bbox_pages(pdf, ctx.out(name + ".html"))
            head = pages_of(pages, "Qzdoses")
            rows = {}
            for p in pages:
                for w in p["words"]:
                    m = re.search(r"Qzrow(\d)", w["text"])  # (an Arabic cell's text may begin with a mark)
                    if m:
                        rows[m.group(1)] = p["number"]
            if len(head) != 1 or len(rows) != 6:
                t.fail("%s: heading on pages %s, %d of 6 rows found" % (name, head, len(rows)))
                continue
            before = [p for p in pages if p["number"] == head[0] - 1]
            here = pages[head[0] - 1]
            top = min(w["y0"] for w in here["words"] if geo["top"] <= w["y0"])
            at_top = bool(before) and min(w["y0"] for w in here["words"] if "Qzdoses" in w["text"]) <= top + 1
            on = sorted(set(rows.values()))
            if len(on) > 1:
                split += 1
                first = sum(1 for v in rows.values() if v == on[0])
                t.check(2 <= first <= 4, "%s: the table split %d+%d" % (name, first, 6 - first))
            if before and at_top and len(on) == 1:
                moved += 1
                page = before[0]
                body = [w for w in page["words"] if geo["top"] <= w["y0"] and w["y1"] <= page["height"] - geo["bottom"]]
                height = page["height"] - geo["top"] - geo["bottom"]
                empty = (page["height"] - geo["bottom"] - max(w["y1"] for w in body)) / height
                worst = max(worst, empty)
                t.check(empty <= 0.40, "%s: the heading and its table moved whole to page %d, leaving %.0f%% of "
                        "page %d empty" % (name, head[0], empty * 100, page["number"]))
    t.check(moved > 0 and split > 0, "the cases moved the table %d times and split it %d times; want both" % (moved, split))
    print("tablegap: moved whole %d times (at most %.0f%% of a page left empty), split %d times; %d failures"
          % (moved, worst * 100, split, len(t.failures)))
    return not t.failures


FILLER_FA = ("پانسمان را در دو روز اول تمیز و خشک نگه دارید و اگر خیس یا شل شد آن را عوض کنید. پیش و پس از "
             "دست زدن به زخم دست‌های خود را بشویید و اگر قرمزی گسترش یافت یا تب کردید با درمانگاه تماس بگیرید. ")
FILLER_UR = ("پہلے دو دن پٹی کو صاف اور خشک رکھیں، اور اگر یہ گیلی یا ڈھیلی ہو جائے تو اسے بدل دیں۔ زخم کو چھونے "
             "سے پہلے اور بعد میں اپنے ہاتھ دھوئیں، اور اگر سرخی پھیلے یا بخار ہو تو کلینک کو فون کریں۔ ")


def cmd_furniturelangs(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("furniturelangs")
    # What each language's furniture says (its page word and number, the header, a tri-fold's
    # contact and review lines, the clinic's name), and what no Persian or Urdu handout prints.
    want = {"fa": {"handout": ["صفحهٔ ۱ از", "اطلاعات برای بیمار"], "trifold": ["درمان خود", "بازبینی", "نسخهٔ"],
                   "riverside": ["درمانگاه اجتماعی ریورساید", "پلاک ۱۲"], "al-noor": ["مرکز سلامت خانوادهٔ النور"]},
            "ur": {"handout": ["صفحہ 1 از", "مریضوں کے لیے معلومات"], "trifold": ["اپنے علاج", "نظرثانی", "نسخہ"],
                   "riverside": ["ریور سائیڈ کمیونٹی کلینک"], "al-noor": ["النور فیملی ہیلتھ سینٹر"]}}
    foreign = ["Page", "Patient information", "Reviewed", "Questions", "Phone", "معلومات للمرضى", "صفحة",
               "تمت المراجعة", "هل لديك", "هاتف", "للاستفسار"]
    layouts = sorted(f[:-5] for f in os.listdir(ctx.src("layouts"))
                     if f.endswith(".json") and f != "layout.schema.json" and not f.startswith("bilingual"))
    t.check(len(layouts) >= 9, "bundled layouts found: %s" % layouts)
    for lang, text in (("fa", FILLER_FA), ("ur", FILLER_UR)):
        for layout in layouts:
            trifold = "panels" in pc.load_json(ctx.src("layouts", layout + ".json"))
            brands = ["riverside", "al-noor"] if layout == "a4-clinic" else [None]
            for brand in brands:
                # Two pages in a handout (the header is not on the first); a tri-fold's panels.
                n = 2 if trifold else 14
                blocks = [{"type": "paragraph", "text": text * 2} for _ in range(n)]
                name = "furniture-%s-%s%s" % (lang, layout, "-" + brand if brand else "")
                src = article(ctx.out(name + ".json"), blocks, lang, title="مراقبت" if lang == "fa" else "دیکھ بھال")
                cmd = [ctx.handout, "render", src, "--layout", ctx.src("layouts", layout + ".json"),
                       "-o", ctx.out(name + ".pdf")]
                if brand:
                    cmd += ["--brand", ctx.src("brands", brand + ".json")]
                code, _, err = pc.run(cmd, check=False)
                if not t.check(code == 0, "%s: exit %d: %s" % (name, code, err.strip()[:400])):
                    continue
                t.check("for the article's language" not in err, "%s: a text left out: %s" % (name, err.strip()[:400]))
                _, out, _ = pc.run(["pdftotext", "-enc", "UTF-8", ctx.out(name + ".pdf"), "-"])
                plain = unicodedata.normalize("NFC", "".join(c for c in out if unicodedata.category(c) != "Cf"))
                plain = re.sub(r"[ \t]+", " ", plain)
                expect = want[lang]["trifold" if trifold else "handout"] + (want[lang][brand] if brand else [])
                if brand:  # the clinic's name heads its pages instead
                    expect = [w for w in expect if w not in ("اطلاعات برای بیمار", "مریضوں کے لیے معلومات")]
                if trifold or layout.endswith("booklet") or layout == "booklet-a5":
                    expect = [w for w in expect if not w.startswith("صفح")]  # page numbers: where they fall
                    expect += ["صفحهٔ" if lang == "fa" else "صفحہ"] if not trifold else []
                for w in expect:
                    w = unicodedata.normalize("NFC", w.replace("\u200c", ""))
                    t.check(w in plain, "%s: %r not in the handout's text" % (name, w))
                for w in foreign:
                    t.check(w not in plain, "%s: %r printed in a %s handout" % (name, w, lang))
    print("furniturelangs: %d failures" % len(t.failures))
    return not t.failures


COMMANDS = {"heldoutlayouts": cmd_heldoutlayouts, "longboxes": cmd_longboxes, "tablewidths": cmd_tablewidths, "tablebalance": cmd_tablebalance, "narrowwords": cmd_narrowwords, "header": cmd_header, "smalltables": cmd_smalltables, "pagenumbers": cmd_pagenumbers,
            "rowbaseline": cmd_rowbaseline, "paralleltables": cmd_paralleltables,
            "parallelflow": cmd_parallelflow, "facing": cmd_facing, "lastblock": cmd_lastblock, "leadin": cmd_leadin,
            "listends": cmd_listends, "listmarkers": cmd_listmarkers,
            "lineskip": cmd_lineskip, "linkink": cmd_linkink, "tablegap": cmd_tablegap,
            "furniturelangs": cmd_furniturelangs}


if __name__ == "__main__":
    sys.exit(pc.script_main(COMMANDS, __doc__.split("\n")[0]))
