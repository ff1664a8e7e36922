#!/usr/bin/env python3
"""Checks of print-shop brochures (tri-fold sheets, saddle-stitched booklets) with real PDF
clients.

Usage:
    python3 brochure_checks.py SUBCOMMAND --handout PATH --source-dir DIR --work-dir DIR

Subcommands:
    boxes      every print layout (layouts/*.json with "bleed" or "marks"), en and ar:
               pdfinfo -box shows MediaBox, TrimBox and BleedBox of the sizes the layout asks
               for on every page; mutool trace shows the marks (stroked in the Separation
               colour space "All") outside the TrimBox and BleedBox and inside the MediaBox,
               a crop mark pair at each trim corner and a fold mark at each fold; qpdf
               --check is clean; every word lies inside the trim; the same inputs give the
               same bytes
    trifold    tri-fold layouts, en and ar: two pages (outside, inside); the title's words lie
               in the rightmost third of page 1 (en) or the leftmost (ar); the first block of
               the article is on the inner flap (outside, start edge) and the last on panel 4
               (inside, end edge); no word crosses a panel edge or fold, and none comes within
               3 mm of one; every word of the article comes back
    balance    a short article (content/_template, en and ar) in every tri-fold layout: each of
               the four flow panels (the flap and panels 2-4) holds text, and no panel's text
               reaches more than 60% further down than another's (balanced panels, not a full
               flap and a blank inside)
    booklet    booklet-a5.json, en and ar: each half of each sheet side holds the reader's
               page that printer's spreads put there (8 pages: 8|1, 2|7, 6|3, 4|5; mirrored,
               1|8, 7|2, 3|6, 5|4, for Arabic), found by matching words against the same
               article rendered with --reader-order; blank pages only where the padding goes
    unfilled   a one-sentence article in every tri-fold layout, en and ar: written, with a
               warning located at the article's blocks that the inside of the sheet (panels
               2, 3 and 4) is printed blank, refused with --strict (exit 2, no file); the
               wound-care leaflet (its text grown to max_body_size, still half of each panel)
               warns how far down its text ends; the seed (its panels full) does not warn; the
               one-sentence article as a saddle-stitched booklet (booklet-a5.json) warns that 3
               of its 4 pages are blank, and not in reading order (no padding), nor the seed
    overflow   an article too long for a tri-fold is refused (exit 2, file:line:col of the
               first block that does not fit, no output file); the seed article fits only by
               shrinking within the layout's bound, and the warning names the size, which the
               text dump confirms; without a bound it is refused
    qr         a tri-fold whose back panel lists "qr", en and ar: zbarimg reads the article's
               meta.url from a pdftoppm rendering of the outside page, and the symbol lies
               on the back panel (the middle one, mirrored panels included); without
               meta.url the panel leaves it out; a "reviewed" item left to the layout's
               default says "Reviewed" in English, "تمت المراجعة" in Arabic, "بازبینی‌شده" in
               Persian and "نظرثانی" in Urdu
    brand      the tri-folds with --brand (en and ar): the clinic's name lies on the cover
               (the rightmost third of the outside, the leftmost in Arabic) with its logo
               (pdfimages) and the cover band in the brand's accent colour (pdftoppm); without
               --brand the name is not there
    bandtext   a tri-fold whose cover lists the clinic (and the subtitle) above the title, on
               the cover band: their words are drawn in the band's ink (cover_ink) as the
               title is, not in body text's dark ink on the dark band (pdftoppm: light pixels
               in each word's box), en and ar
    foreedge   facing pages, en and ar: booklet-a5.json's page numbers (its footer's "outside")
               and running title stand at each page's fore-edge, the right of a left-to-right
               recto and the left of its verso, mirrored for Arabic bound on the right; the
               wider (inside) margin is at the binding; a sequential bilingual leaflet with
               facing margins keeps the same alternation across its cover and both parts; on
               a single-sided A4 handout (all rectos) "outside" is the end side of every page
    facingfigures
               facing pages with a header logo and a footer QR code (a5-booklet.json, and
               booklet-a5.json imposed, read with --reader-order), en and ar: on every page
               the logo (mutool trace) stands on the binding's half of the page and zbarimg
               reads the QR code from the fore-edge's half only (the right of a left-to-right
               recto, the left of its verso, mirrored for Arabic bound on the right)
    refimages  the outside and inside of the A4 tri-fold in both languages equal the PNGs in
               reference/ (HANDOUT_UPDATE_REFERENCE=1 rewrites them)

Exit status: 0 pass, 1 fail, 77 skipped (a tool is missing and CI is not set).
"""

import json
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks as pc  # noqa: E402  (shared helpers: run, render, bbox_pages, ...)

MM = pc.MM
TOL = 0.05          # points, box sizes against the layout
FOLD_CLEAR = 3 * MM  # no word this close to a fold or panel edge
LANGS = ("en", "ar")


def seed(ctx, lang):
    return ctx.src("content", "stem-cell-therapy", lang + ".json")


def print_layouts(ctx):
    out = []
    for path in pc.layout_files(ctx):
        spec = pc.load_json(path)
        if "bleed" in spec or "marks" in spec:
            out.append(path)
    if not out:
        raise pc.Fail("no print layouts (with \"bleed\" or \"marks\") in layouts/")
    return out


def lname(path):
    return os.path.splitext(os.path.basename(path))[0]


def expected_geometry(layout):
    """Trim size, bleed and the MediaBox margin the layout asks for, in points."""
    spec = pc.load_json(layout)
    geo = pc.layout_geometry(layout)
    w, h = geo["width"], geo["height"]
    orient = spec.get("page", {}).get("orientation")
    if orient and (orient == "landscape") != (w > h):
        w, h = h, w
    if "imposition" in spec:
        w = 2 * w  # two pages side by side on each sheet side
    bleed = pc.length_pt(spec.get("bleed", 0), layout + " /bleed")
    marks = spec.get("marks")
    margin = bleed
    if marks is not None and (marks.get("crop", True) or marks.get("fold", True)):
        start = max(bleed + 1 * MM, pc.length_pt(marks.get("offset", 0), layout + " /marks/offset"))
        margin = start + pc.length_pt(marks.get("length", "5mm"), layout + " /marks/length") + 2 * MM
    return {"trim": (w, h), "bleed": bleed, "margin": margin, "spec": spec}


def parse_boxes(pdf):
    """pdfinfo -box per page: {page: {"MediaBox": (x0, y0, x1, y1), ...}}."""
    n = pc.page_count(pdf)
    _, out, _ = pc.run(["pdfinfo", "-box", "-f", "1", "-l", str(n), pdf])
    pages = {}
    for line in out.splitlines():
        m = re.match(r"^Page\s+(\d+)\s+(MediaBox|CropBox|BleedBox|TrimBox|ArtBox):\s+(.*)$", line)
        if m:
            vals = tuple(float(v) for v in m.group(3).split())
            pages.setdefault(int(m.group(1)), {})[m.group(2)] = vals
    return n, pages


def trace_marks(pdf):
    """mutool trace: per page, the stroked paths as (colorspace, [(x, y), ...]) with y up
    from the bottom of the MediaBox, as in pdfinfo's boxes."""
    import xml.etree.ElementTree as ET
    _, out, _ = pc.run(["mutool", "trace", pdf])
    root = ET.fromstring(out)
    pages = []
    for page in root.iter("page"):
        box = [float(v) for v in page.get("mediabox").split()]
        height = box[3] - box[1]
        paths = []
        for sp in page.iter("stroke_path"):
            a, b, c, d, e, f = (float(v) for v in sp.get("transform").split())
            pts = []
            for el in sp:
                if el.tag in ("moveto", "lineto"):
                    x, y = float(el.get("x")), float(el.get("y"))
                    dx, dy = a * x + c * y + e, b * x + d * y + f  # device space, y down
                    pts.append((dx, height - dy))
            paths.append((sp.get("colorspace") or "", pts))
        pages.append(paths)
    return pages


def inside(pt, box, slack=0.01):
    x, y = pt
    return box[0] - slack <= x <= box[2] + slack and box[1] - slack <= y <= box[3] + slack


def strictly_outside(pt, box):
    x, y = pt
    return x < box[0] - 0.01 or x > box[2] + 0.01 or y < box[1] - 0.01 or y > box[3] + 0.01


def fold_positions(layout, lang):
    """x of the folds per side (from the trim's left edge): tri-fold panels mirrored for
    right-to-left, or a booklet's spine."""
    g = expected_geometry(layout)
    spec = g["spec"]
    w = g["trim"][0]
    if "imposition" in spec:
        return [[w / 2]] * 2
    widths = [pc.length_pt(v, layout + " /panels/widths") for v in spec["panels"]["widths"]]
    outside = list(reversed(widths)) if pc.is_rtl(lang) else widths
    inside = list(reversed(outside))
    return [[outside[0], outside[0] + outside[1]], [inside[0], inside[0] + inside[1]]]


def cmd_boxes(ctx):
    pc.require_tools("pdfinfo", "mutool", "qpdf", "pdftotext")
    t = pc.Tally("boxes")
    checked = 0
    for layout in print_layouts(ctx):
        g = expected_geometry(layout)
        tw, th = g["trim"]
        for lang in LANGS:
            name = "%s-%s" % (lname(layout), lang)
            pdf = pc.render(ctx, seed(ctx, lang), ctx.out(name + ".pdf"), layout=layout,
                            extra=["--dump", ctx.out(name + ".txt")])
            again = pc.render(ctx, seed(ctx, lang), ctx.out(name + "-again.pdf"), layout=layout)
            with open(pdf, "rb") as f1, open(again, "rb") as f2:
                t.check(f1.read() == f2.read(), "%s: two runs gave different bytes" % name)
            code, out, err = pc.run(["qpdf", "--check", pdf], check=False)
            t.check(code == 0, "%s: qpdf --check: %s%s" % (name, out, err))
            # The marks are one page artifact per page (not content, for tagged PDF) and use a
            # Separation colour space named All.
            qdf = ctx.out(name + "-qdf.pdf")
            pc.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
            with open(qdf, "rb") as f:
                raw = f.read()
            t.check(re.search(rb"\[\s*/Separation\s*/All\s*/DeviceCMYK", raw),
                    "%s: no [/Separation /All /DeviceCMYK ...] colour space" % name)
            uses = re.findall(rb"(/Artifact <</Type /Page>> BDC\s*q\s*)?/CSAll CS", raw)
            t.check(uses and all(uses), "%s: %d uses of the registration colour, %d inside a page "
                    "artifact" % (name, len(uses), sum(1 for u in uses if u)))
            n, boxes = parse_boxes(pdf)
            marks = trace_marks(pdf)
            words = pc.bbox_pages(pdf, ctx.out(name + ".html"))
            folds = fold_positions(layout, lang)
            for p in range(1, n + 1):
                b = boxes.get(p, {})
                where = "%s page %d" % (name, p)
                if not t.check(all(k in b for k in ("MediaBox", "TrimBox", "BleedBox")),
                               "%s: pdfinfo -box shows %s" % (where, sorted(b))):
                    continue
                media, trim, bleed = b["MediaBox"], b["TrimBox"], b["BleedBox"]
                size = lambda r: (r[2] - r[0], r[3] - r[1])  # noqa: E731
                want = {"TrimBox": (tw, th), "BleedBox": (tw + 2 * g["bleed"], th + 2 * g["bleed"]),
                        "MediaBox": (tw + 2 * g["margin"], th + 2 * g["margin"])}
                for key, (ww, wh) in want.items():
                    got = size(b[key])
                    t.check(abs(got[0] - ww) < TOL and abs(got[1] - wh) < TOL,
                            "%s: %s is %.2f x %.2f pt, the layout asks for %.2f x %.2f"
                            % (where, key, got[0], got[1], ww, wh))
                t.check(abs((bleed[0] + bleed[2]) - (trim[0] + trim[2])) < TOL
                        and abs((media[0] + media[2]) - (trim[0] + trim[2])) < TOL,
                        "%s: the trim is not centred in the bleed and media boxes" % where)
                paths = marks[p - 1] if p - 1 < len(marks) else []
                reg = [pts for cs, pts in paths if "All" in cs]
                others = [cs for cs, pts in paths if "All" not in cs
                          and any(strictly_outside(q, trim) for q in pts)]
                t.check(not others, "%s: paths outside the trim not in registration colour: %s"
                        % (where, others[:3]))
                t.check(len(reg) >= 8, "%s: %d marks in the Separation /All colour space, want "
                        "at least 8 crop marks" % (where, len(reg)))
                for pts in reg:
                    for q in pts:
                        if not (strictly_outside(q, bleed) and inside(q, media)):
                            t.fail("%s: mark point (%.2f, %.2f) is not between the BleedBox %s "
                                   "and the MediaBox %s" % (where, q[0], q[1], bleed, media))
                            break
                # A crop mark pair at each corner: a horizontal line on the corner's y and a
                # vertical line on its x.
                for cx in (trim[0], trim[2]):
                    for cy in (trim[1], trim[3]):
                        horiz = any(abs(a[1] - cy) < 0.01 and abs(c[1] - cy) < 0.01
                                    and (a[0] - cx) * (c[0] - cx) > 0 for a, c in
                                    [(pts[0], pts[-1]) for pts in reg])
                        vert = any(abs(a[0] - cx) < 0.01 and abs(c[0] - cx) < 0.01
                                   and (a[1] - cy) * (c[1] - cy) > 0 for a, c in
                                   [(pts[0], pts[-1]) for pts in reg])
                        t.check(horiz and vert, "%s: no crop mark pair at the trim corner "
                                "(%.2f, %.2f)" % (where, cx, cy))
                for fx in folds[min(p - 1, len(folds) - 1)]:
                    x = trim[0] + fx
                    top = any(abs(pts[0][0] - x) < 0.01 and abs(pts[-1][0] - x) < 0.01
                              and min(pts[0][1], pts[-1][1]) > trim[3] for pts in reg)
                    bottom = any(abs(pts[0][0] - x) < 0.01 and abs(pts[-1][0] - x) < 0.01
                                 and max(pts[0][1], pts[-1][1]) < trim[1] for pts in reg)
                    t.check(top and bottom, "%s: no fold mark above and below the trim at x %.2f"
                            % (where, x))
                # Every word inside the trim, 5 mm clear of its edges (pdftotext: y down).
                page = words[p - 1] if p - 1 < len(words) else {"words": []}
                left, right = trim[0], trim[2]
                top_y, bottom_y = media[3] - trim[3], media[3] - trim[1]
                for w in page["words"]:
                    if (w["x0"] < left + pc.EDGE_MIN - 0.5 or w["x1"] > right - pc.EDGE_MIN + 0.5
                            or w["y0"] < top_y + pc.EDGE_MIN - 0.5
                            or w["y1"] > bottom_y - pc.EDGE_MIN + 0.5):
                        t.fail("%s: word %s at (%.1f, %.1f)-(%.1f, %.1f) is within 5 mm of the "
                               "trim or outside it" % (where, pc.show_word(w["text"]), w["x0"],
                                                       w["y0"], w["x1"], w["y1"]))
                        break
            checked += 1
            print("checked %s: %d pages, trim %.2f x %.2f, bleed %.2f, media margin %.2f pt"
                  % (name, n, tw, th, g["bleed"], g["margin"]))
    print("boxes: %d PDFs, %d failures" % (checked, len(t.failures)))
    return not t.failures and checked > 0


def trifold_layouts(ctx):
    out = [p for p in pc.layout_files(ctx) if "panels" in pc.load_json(p)]
    if not out:
        raise pc.Fail("no tri-fold layouts (with \"panels\") in layouts/")
    return out


def first_page_pixels(pdf, dpi, prefix):
    """pdftoppm's rendering of page 1: (width, height, RGB bytes)."""
    pc.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", pdf, prefix])
    with open(prefix + ".ppm", "rb") as f:
        data = f.read()
    header = data.split(b"\n", 3)
    width, height = (int(v) for v in header[1].split())
    return width, height, header[3]


def trim_words(pdf, html):
    """Words per page with x relative to the TrimBox's left edge (y from its top)."""
    n, boxes = parse_boxes(pdf)
    pages = pc.bbox_pages(pdf, html)
    for page in pages:
        b = boxes[page["number"]]
        trim, media = b["TrimBox"], b["MediaBox"]
        dx, dy = trim[0] - media[0], media[3] - trim[3]
        for w in page["words"]:
            w["x0"] -= dx
            w["x1"] -= dx
            w["y0"] -= dy
            w["y1"] -= dy
        page["trim"] = (trim[2] - trim[0], trim[3] - trim[1])
    return pages


def block_words(block):
    strings = []
    for s in pc.source_strings(block):
        strings.extend(pc.words_of(pc.normalise(s)))
    return [w for w in strings if len(w) > 3]


def page_forms(page):
    forms = set()
    for w in page["words"]:
        forms |= pc.box_forms(w["text"])
    return forms


def cmd_trifold(ctx):
    pc.require_tools("pdftotext", "pdfinfo")
    t = pc.Tally("trifold")
    checked = 0
    for layout in trifold_layouts(ctx):
        for lang in LANGS:
            name = "%s-%s" % (lname(layout), lang)
            article = pc.load_json(seed(ctx, lang))
            pdf = pc.render(ctx, seed(ctx, lang), ctx.out(name + ".pdf"), layout=layout)
            pages = trim_words(pdf, ctx.out(name + ".html"))
            if not t.check(len(pages) == 2, "%s: %d pages, a tri-fold has 2 (outside, inside)"
                           % (name, len(pages))):
                continue
            rtl = pc.is_rtl(lang)
            w3 = pages[0]["trim"][0] / 3
            # The title on the cover: the rightmost third of the outside (leftmost in Arabic).
            # Its words are the largest on the page (the same words recur in the body text).
            title = set(pc.words_of(pc.normalise(pc.inline_text(article["title"]))))
            heights = sorted(w["y1"] - w["y0"] for w in pages[0]["words"])
            median = heights[len(heights) // 2] if heights else 0
            big = [w for w in pages[0]["words"] if w["y1"] - w["y0"] > 1.6 * median]
            seen = set()
            for w in big:
                forms = pc.box_forms(w["text"])
                seen |= forms & title
                t.check(forms & title, "%s: large word %s on the outside is not the title's"
                        % (name, pc.show_word(w["text"])))
                ok = w["x0"] >= 2 * w3 if not rtl else w["x1"] <= w3
                t.check(ok, "%s: title word %s at x %.1f-%.1f is not in the %s third of "
                        "the outside (%.1f pt wide)" % (name, pc.show_word(w["text"]), w["x0"],
                                                        w["x1"], "left" if rtl else "right",
                                                        3 * w3))
            t.check(seen == title, "%s: title words %s not found in large type on page 1"
                    % (name, sorted(title - seen)))
            # Reading order: the article starts on the inner flap (outside, start edge) and
            # ends on panel 4 (inside, end edge).
            def third(page, x0, x1):
                return [w for w in page["words"] if w["x0"] >= x0 - 1 and w["x1"] <= x1 + 1]
            start_third = (2 * w3, 3 * w3) if rtl else (0, w3)
            end_third = (0, w3) if rtl else (2 * w3, 3 * w3)
            flap = set().union(*[pc.box_forms(w["text"]) for w in third(pages[0], *start_third)] or [set()])
            p4 = set().union(*[pc.box_forms(w["text"]) for w in third(pages[1], *end_third)] or [set()])
            first = block_words(article["blocks"][0])[:6]
            last = block_words(article["blocks"][-1])[-6:]
            t.check(first and all(w in flap for w in first),
                    "%s: the first block's words %s are not on the inner flap" % (name, first))
            t.check(last and all(w in p4 for w in last),
                    "%s: the last block's words %s are not on panel 4" % (name, last))
            # No word crosses or touches a fold.
            folds = fold_positions(layout, lang)
            for p, page in enumerate(pages):
                for w in page["words"]:
                    for fx in folds[p]:
                        if w["x0"] - FOLD_CLEAR < fx < w["x1"] + FOLD_CLEAR:
                            t.fail("%s page %d: word %s at x %.1f-%.1f crosses or touches the fold "
                                   "at x %.1f" % (name, p + 1, pc.show_word(w["text"]), w["x0"],
                                                  w["x1"], fx))
            # Keep rules per panel: no panel ends with a heading's line.
            heads = [set(pc.words_of(pc.normalise(pc.inline_text(b["text"]))))
                     for b in article["blocks"] if b.get("type") == "heading"]
            for p, page in enumerate(pages):
                edges = [0.0] + folds[p] + [page["trim"][0]]
                for lo, hi in zip(edges, edges[1:]):
                    ws = [w for w in page["words"] if lo <= w["x0"] and w["x1"] <= hi]
                    if not ws:
                        continue
                    bottom = max(w["y0"] for w in ws)
                    line = set()
                    for w in ws:
                        if w["y0"] > bottom - 2:
                            line |= {f for f in pc.box_forms(w["text"])}
                    for h in heads:
                        if line and all(any(f in h for f in pc.box_forms(x["text"])) for x in ws
                                        if x["y0"] > bottom - 2):
                            t.fail("%s page %d: the panel at x %.0f-%.0f ends with a heading's line "
                                   "%s" % (name, p + 1, lo, hi, sorted(line)))
                            break
            # Every word of the article comes back.
            _, text, _ = pc.run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
            got = set(pc.words_of(pc.normalise(text))) | set(
                pc.words_of(pc.normalise(pc.join_soft_hyphens(text))))
            joined = re.sub(r"\s+", "", pc.normalise(text))
            want = []
            for s in pc.source_strings(article):
                want.extend(pc.words_of(pc.normalise(s)))
            missing = sorted({w for w in want if w not in got and w not in joined})
            t.check(not missing, "%s: %d words of the article are missing: %s"
                    % (name, len(missing), missing[:10]))
            checked += 1
            print("checked %s: title in the %s third, flap and panel 4 in order, %d words"
                  % (name, "left" if rtl else "right", sum(len(p["words"]) for p in pages)))
    print("trifold: %d PDFs, %d failures" % (checked, len(t.failures)))
    return not t.failures and checked > 0


def cmd_balance(ctx):
    pc.require_tools("pdftotext", "pdfinfo")
    t = pc.Tally("balance")
    checked = 0
    for layout in trifold_layouts(ctx):
        folds_of = None
        for lang in LANGS:
            name = "balance-%s-%s" % (lname(layout), lang)
            article = ctx.src("content", "_template", lang + ".json")
            pdf = pc.render(ctx, article, ctx.out(name + ".pdf"), layout=layout)
            pages = trim_words(pdf, ctx.out(name + ".html"))
            if not t.check(len(pages) == 2, "%s: %d pages" % (name, len(pages))):
                continue
            folds_of = fold_positions(layout, lang)
            rtl = pc.is_rtl(lang)
            w = pages[0]["trim"][0]

            def panel_bottom(page, lo, hi):
                ws = [x for x in page["words"] if lo <= x["x0"] and x["x1"] <= hi]
                return max((x["y1"] for x in ws), default=None)
            edges0 = [0.0] + folds_of[0] + [w]
            edges1 = [0.0] + folds_of[1] + [w]
            flap = (edges0[2], edges0[3]) if rtl else (edges0[0], edges0[1])
            bottoms = [panel_bottom(pages[0], *flap)]
            bottoms += [panel_bottom(pages[1], lo, hi) for lo, hi in zip(edges1, edges1[1:])]
            t.check(all(b is not None for b in bottoms), "%s: every flow panel holds text (text ends at %s)"
                    % (name, bottoms))
            if all(b is not None for b in bottoms):
                t.check(max(bottoms) <= 1.6 * min(bottoms), "%s: balanced panels: text ends at %s pt"
                        % (name, ["%.0f" % b for b in bottoms]))
            checked += 1
    print("balance: %d PDFs, %d failures" % (checked, len(t.failures)))
    return not t.failures and checked > 0


def spreads(n, bound_right):
    """Printer's spreads of an n-page saddle-stitched booklet, 1-based (left, right)."""
    out = []
    for k in range(n // 4):
        front, back = (n - 2 * k, 2 * k + 1), (2 * k + 2, n - 2 * k - 1)
        if bound_right:
            front, back = front[::-1], back[::-1]
        out += [front, back]
    return out


def shouted(value, key=None):
    """A block's JSON with its text in capitals (Latin letters; Arabic has no case)."""
    if isinstance(value, dict):
        return {k: shouted(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [shouted(v, key) for v in value]
    if isinstance(value, str) and key in ("text", "title", "question", "answer", "term", "header", "rows", "items"):
        return value.upper()
    return value


def eight_page_article(ctx, lang):
    """The seed with as many of its blocks repeated as make exactly 8 reader pages of
    booklet-a5.json (found by rendering, so the test follows the layout's metrics). The
    repeated blocks are in capitals, so that no page of the copy holds the same words as a
    page of the original (which made a sheet's half match two reader pages when the copy
    broke as the original did)."""
    layout = ctx.src("layouts", "booklet-a5.json")
    article = pc.load_json(seed(ctx, lang))
    blocks = article["blocks"]
    counted = {}

    def write(k):
        article["blocks"] = blocks + [shouted(b) for b in blocks[:k]]
        return write_json(ctx.out("eight-%s.json" % lang), article)

    def pages(k):
        if k not in counted:
            pdf = pc.render(ctx, write(k), ctx.out("eight-%s-probe.pdf" % lang), layout=layout,
                            extra=["--reader-order"])
            counted[k] = pc.page_count(pdf)
        return counted[k]

    # The fewest repeated blocks that make 8 pages or more (pages grow with k): a binary
    # search, a handful of renders rather than one per block.
    lo, hi = 0, len(blocks)
    while lo < hi:
        mid = (lo + hi) // 2
        if pages(mid) >= 8:
            hi = mid
        else:
            lo = mid + 1
    if pages(lo) == 8:
        return write(lo)
    raise pc.Fail("no 8-page version of the %s seed for booklet-a5.json (%s)" % (lang, sorted(counted.items())))


def check_spreads(ctx, t, name, article, lang):
    """Renders `article` in reader's order and imposed; checks each half of each sheet side
    holds the reader's page printer's spreads put there. Returns (reader pages, order)."""
    layout = ctx.src("layouts", "booklet-a5.json")
    reader = pc.render(ctx, article, ctx.out(name + "-reader.pdf"), layout=layout,
                       extra=["--reader-order"])
    imposed = pc.render(ctx, article, ctx.out(name + ".pdf"), layout=layout)
    rpages = pc.bbox_pages(reader, ctx.out(name + "-reader.html"))
    n = len(rpages)
    padded = (n + 3) // 4 * 4
    ipages = trim_words(imposed, ctx.out(name + ".html"))
    if not t.check(len(ipages) == padded // 2, "%s: %d sheet sides for %d pages, want %d"
                   % (name, len(ipages), n, padded // 2)):
        return n, []
    signature = [page_forms(p) for p in rpages]
    got = []
    for s, page in enumerate(ipages):
        half = page["trim"][0] / 2
        straddle = [w["text"] for w in page["words"] if w["x0"] < half < w["x1"]]
        t.check(not straddle, "%s sheet side %d: words cross the spine: %s"
                % (name, s + 1, straddle[:3]))
        sides = []
        for lo, hi in ((0, half), (half, 2 * half)):
            forms = set()
            for w in page["words"]:
                if w["x0"] >= lo - 1 and w["x1"] <= hi + 1:
                    forms |= pc.box_forms(w["text"])
            if not forms:
                sides.append(None)
                continue
            # The reader's page with these words (imposition only moves them; pdftotext may
            # group a few right-to-left words differently, so the best clear match counts).
            score = sorted(((len(forms & signature[i]) / len(forms | signature[i]), i + 1)
                            for i in range(n)), reverse=True)
            best, runner_up = score[0], score[1] if n > 1 else (0, None)
            clear = best[0] >= 0.8 and best[0] - runner_up[0] >= 0.2
            t.check(clear, "%s sheet side %d: the half at x %.0f-%.0f matches no reader page "
                    "clearly (best %s)" % (name, s + 1, lo, hi, score[:3]))
            sides.append(best[1] if clear else None)
        got.append(tuple(sides))
    want = [tuple(p if p <= n else None for p in pair) for pair in spreads(padded, pc.is_rtl(lang))]
    t.check(got == want, "%s: sheet order %s, printer's spreads want %s (%d reader pages)"
            % (name, got, want, n))
    # The structure tree (what a screen reader reads) is the reader's order, not the sheets':
    # it read page 8 (or 4) first, with the headings of FAQ questions there levelled as if
    # nothing came before them. Object numbers of link annotations and figure boxes aside,
    # the imposed PDF's tree is the reader-order PDF's.
    def tree(pdf):
        _, out, _ = pc.run(["pdfinfo", "-struct-text", pdf])
        return [line for line in out.splitlines() if not re.match(r"\s*(Object \d+ \d+|/BBox )", line)]
    got_tree, want_tree = tree(imposed), tree(reader)
    first = next((k for k, (a, b) in enumerate(zip(got_tree, want_tree)) if a != b), None)
    t.check(got_tree == want_tree, "%s: the imposed PDF's structure tree is not read in the reader's order "
            "(line %s: %r, want %r)" % (name, first, got_tree[first] if first is not None else None,
                                        want_tree[first] if first is not None else None))
    print("checked %s: %d reader pages on %d sheet sides: %s" % (name, n, len(ipages), got))
    return n, got


def cmd_booklet(ctx):
    pc.require_tools("pdftotext", "pdfinfo")
    t = pc.Tally("booklet")
    # The spreads of an 8-page booklet, as a print shop expects them.
    t.check(spreads(8, False) == [(8, 1), (2, 7), (6, 3), (4, 5)], "spreads(8) is wrong")
    t.check(spreads(8, True) == [(1, 8), (7, 2), (3, 6), (5, 4)], "mirrored spreads(8) is wrong")
    checked = 0
    for lang in LANGS:
        n, got = check_spreads(ctx, t, "booklet-8-%s" % lang, eight_page_article(ctx, lang), lang)
        t.check(n == 8, "booklet-8-%s: %d reader pages, want 8" % (lang, n))
        # The held-out asthma leaflet: 4 pages, its FAQ on page 4 (the first sheet's other half).
        check_spreads(ctx, t, "booklet-asthma-%s" % lang, ctx.src("tests", "data", "heldout-asthma-%s.json" % lang), lang)
        # The held-out vaccination leaflet: 5 pages, padded with three blanks.
        check_spreads(ctx, t, "booklet-vaccines-%s" % lang, ctx.src("tests", "data", "heldout-vaccines-%s.json" % lang), lang)
        # The seed itself: fewer pages, padded with blanks at the end.
        n, got = check_spreads(ctx, t, "booklet-seed-%s" % lang, seed(ctx, lang), lang)
        t.check(n % 4 != 0, "booklet-seed-%s: %d pages needs no padding; the check wants some"
                % (lang, n))
        checked += 2
    print("booklet: %d PDFs, %d failures" % (checked, len(t.failures)))
    return not t.failures and checked > 0


def fore_edge(number, bound_right):
    """'right' or 'left': the side of a booklet's page `number` (1 is a recto) away from the
    binding."""
    return "right" if (number % 2 == 1) != bound_right else "left"


def facing_problems(name, pages, geo, bound_right, numbered_from=1):
    """What is wrong with facing pages `pages` (bbox_pages) of a document bound on the right or
    left: body words outside the text area whose inside margin is at the binding; from page
    `numbered_from` on, footer words that are not at the fore-edge's text edge, and a header
    whose outermost word is not there."""
    out = []
    tol = 0.75
    for page in pages:
        number = page["number"]
        width = page["width"]
        outer = fore_edge(number, bound_right)
        left = geo["end"] if outer == "left" else geo["start"]
        right = geo["end"] if outer == "right" else geo["start"]
        body = [w for w in page["words"] if geo["top"] <= w["y0"] and w["y1"] <= page["height"] - geo["bottom"]]
        foot = [w for w in page["words"] if w["y0"] > page["height"] - geo["bottom"]]
        head = [w for w in page["words"] if w["y1"] < geo["top"]]
        where = "%s page %d (%s, fore-edge on the %s)" % (name, number, "recto" if number % 2 else "verso", outer)
        if body:
            lo, hi = min(w["x0"] for w in body), max(w["x1"] for w in body)
            if lo < left - tol or hi > width - right + tol:
                out.append("%s: the text runs from x %.1f to %.1f pt; the margins (%s inside) put it "
                           "between %.1f and %.1f" % (where, lo, hi, "right" if outer == "left" else "left",
                                                      left, width - right))
        if number < numbered_from:
            continue
        if not foot:
            out.append("%s: no page number in the footer" % where)
        else:
            lo, hi = min(w["x0"] for w in foot), max(w["x1"] for w in foot)
            at_edge = abs(hi - (width - right)) <= tol if outer == "right" else abs(lo - left) <= tol
            if not at_edge or (hi - lo) > (width - left - right) / 2:
                out.append("%s: the footer (%s) spans x %.1f-%.1f pt, not at the fore-edge's text edge "
                           "(x %.1f)" % (where, " ".join(pc.show_word(w["text"]) for w in foot), lo, hi,
                                          width - right if outer == "right" else left))
        if head:
            lo, hi = min(w["x0"] for w in head), max(w["x1"] for w in head)
            if (abs(hi - (width - right)) > tol) if outer == "right" else (abs(lo - left) > tol):
                out.append("%s: the running header spans x %.1f-%.1f pt and reaches neither side's text "
                           "edge at the fore-edge" % (where, lo, hi))
    return out


def cmd_foreedge(ctx):
    """Page numbers of a booklet at the fore-edge; facing margins across a bilingual leaflet."""
    pc.require_tools("pdftotext")
    t = pc.Tally("foreedge")
    t.check([fore_edge(n, False) for n in (1, 2, 3)] == ["right", "left", "right"], "fore_edge() is wrong")
    t.check([fore_edge(n, True) for n in (1, 2, 3)] == ["left", "right", "left"], "mirrored fore_edge() is wrong")
    layout = ctx.src("layouts", "booklet-a5.json")
    geo = pc.layout_geometry(layout)
    t.check(geo["facing"] and geo["start"] > geo["end"], "booklet-a5.json: want an inside margin wider than the outside")
    checked = 0
    for lang in LANGS:
        for article in (seed(ctx, lang), ctx.src("tests", "data", "heldout-vaccines-%s.json" % lang)):
            name = "facing-%s-%s" % (lang, os.path.basename(os.path.dirname(article)) if "content" in article
                                      else os.path.splitext(os.path.basename(article))[0])
            pdf = pc.render(ctx, article, ctx.out(name + ".pdf"), layout=layout, extra=["--reader-order"])
            pages = pc.bbox_pages(pdf, ctx.out(name + ".html"))
            t.check(len(pages) >= 3, "%s: %d pages; the check wants a verso and two rectos" % (name, len(pages)))
            for problem in facing_problems(name, pages, geo, pc.is_rtl(lang)):
                t.fail(problem)
            checked += 1
    # Pages that do not face (a single-sided A4 handout) are all rectos: "outside" is the end side.
    spec = pc.load_json(ctx.src("layouts", "a4.json"))
    spec["fonts"]["dir"] = ctx.src("fonts")
    spec["footer"] = {"outside": {"en": "Page {page} of {pages}", "ar": "\u0635\u0641\u062d\u0629 {page} \u0645\u0646 {pages}"}}
    single = ctx.out("single-sided.json")
    with open(single, "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False)
    ageo = pc.layout_geometry(single)
    for lang in LANGS:
        name = "single-sided-%s" % lang
        pdf = pc.render(ctx, seed(ctx, lang), ctx.out(name + ".pdf"), layout=single, extra=["--allow-path", ctx.src("fonts")])
        pages = pc.bbox_pages(pdf, ctx.out(name + ".html"))
        t.check(len(pages) >= 2, "%s: %d pages" % (name, len(pages)))
        for page in pages:
            foot = [w for w in page["words"] if w["y0"] > page["height"] - ageo["bottom"]]
            if not t.check(foot, "%s page %d: no footer" % (name, page["number"])):
                continue
            if pc.is_rtl(lang):
                got, want = min(w["x0"] for w in foot), ageo["end"]
            else:
                got, want = max(w["x1"] for w in foot), page["width"] - ageo["end"]
            t.check(abs(got - want) <= 0.75, "%s page %d: the footer's outer edge is at x %.1f, not at the end "
                    "side's text edge (x %.1f)" % (name, page["number"], got, want))
        checked += 1
    # A sequential bilingual leaflet on facing pages: its cover is page 1, and each part's pages
    # follow it, bound as the first language reads (each part took its own first page for a
    # recto: every page after the cover had its margins the wrong way round).
    spec = pc.load_json(ctx.src("layouts", "bilingual-sequential.json"))
    spec["fonts"]["dir"] = ctx.src("fonts")
    spec["page"]["size"] = "A5"
    spec["page"]["margins"] = {"top": "18mm", "bottom": "16mm", "inside": "24mm", "outside": "10mm"}
    spec["footer"] = {"outside": {"en": "Page {page} of {pages}", "ar": "\u0635\u0641\u062d\u0629 {page} \u0645\u0646 {pages}"}}
    for first, second in (("en", "ar"), ("ar", "en")):
        name = "facing-sequential-%s+%s" % (first, second)
        spec["bilingual"]["order"] = [first, second]  # bound as the first language reads
        seq = ctx.out(name + ".json")
        with open(seq, "w", encoding="utf-8") as f:
            json.dump(spec, f, ensure_ascii=False)
        sgeo = pc.layout_geometry(seq)
        articles = [ctx.src("content", "wound-care", first + ".json"), ctx.src("content", "wound-care", second + ".json")]
        pdf = pc.render(ctx, articles, ctx.out(name + ".pdf"), layout=seq, extra=["--allow-path", ctx.src("fonts")])
        pages = pc.bbox_pages(pdf, ctx.out(name + ".html"))
        t.check(len(pages) >= 4, "%s: %d pages" % (name, len(pages)))
        # The cover has no footer; the parts' pages have their page numbers at the fore-edge.
        for problem in facing_problems(name, pages, sgeo, pc.is_rtl(first), numbered_from=2):
            t.fail(problem)
        checked += 1
    print("foreedge: %d PDFs, %d failures" % (checked, len(t.failures)))
    return not t.failures and checked > 0


def image_spans(pdf, above):
    """mutool trace: per page, the x ranges (from the MediaBox's left) of the images drawn
    wholly within `above` points of the page's top."""
    import xml.etree.ElementTree as ET
    _, out, _ = pc.run(["mutool", "trace", pdf])
    pages = []
    for page in ET.fromstring(out).iter("page"):
        spans = []
        for im in page.iter("fill_image"):
            a, b, c, d, e, f = (float(v) for v in im.get("transform").split())
            xs = [e, e + a, e + c, e + a + c]
            ys = [f, f + b, f + d, f + b + d]  # device space, y down
            if max(ys) <= above:
                spans.append((min(xs), max(xs)))
        pages.append(spans)
    return pages


def zbar_strip(pdf, page, prefix, x0, x1, y0, y1, dpi=300):
    """What zbarimg reads from a pdftoppm rendering of the page's rectangle x0-x1, y0-y1 (points
    from the MediaBox's top left)."""
    k = dpi / 72
    pc.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page), "-l", str(page), "-singlefile",
            "-x", str(int(x0 * k)), "-y", str(int(y0 * k)), "-W", str(int((x1 - x0) * k)),
            "-H", str(int((y1 - y0) * k)), pdf, prefix])
    _, out, _ = pc.run(["zbarimg", "--quiet", "--raw", prefix + ".png"], check=False)
    return sorted(line for line in out.splitlines() if line)


def cmd_facingfigures(ctx):
    """A header logo and a footer QR code follow the binding on facing pages."""
    pc.require_tools("mutool", "pdftoppm", "zbarimg", "pdfinfo")
    t = pc.Tally("facingfigures")
    checked = 0
    for base, extra in (("a5-booklet.json", []), ("booklet-a5.json", ["--reader-order"])):
        spec = pc.load_json(ctx.src("layouts", base))
        spec["fonts"] = dict(spec["fonts"], dir=ctx.src("fonts"))
        spec["page"]["margins"] = dict(spec["page"]["margins"], top="20mm", bottom="22mm")
        spec["header"] = dict(spec["header"], logo=ctx.src("brands", "riverside-logo.png"), logo_height="8mm",
                              logo_alt={"en": "Riverside clinic", "ar": "\u0639\u064a\u0627\u062f\u0629 \u0631\u064a\u0641\u0631\u0633\u0627\u064a\u062f"},
                              on_first_page=True)
        spec["footer"] = dict(spec["footer"], qr="12mm")
        layout = write_json(ctx.out("facing-figures-" + base), spec)
        for lang in LANGS:
            name = "facing-figures-%s-%s" % (os.path.splitext(base)[0], lang)
            pdf = pc.render(ctx, ctx.src("content", "wound-care", lang + ".json"), ctx.out(name + ".pdf"),
                            layout=layout, extra=extra + ["--allow-path", ctx.src("fonts"),
                                                          "--allow-path", ctx.src("brands")])
            n, boxes = parse_boxes(pdf)
            t.check(n >= 3, "%s: %d pages; the check wants a verso and two rectos" % (name, n))
            top, bottom = 20 * MM, 22 * MM
            images = image_spans(pdf, top)
            url = pc.load_json(ctx.src("content", "wound-care", lang + ".json"))["meta"]["url"]
            for number in range(1, n + 1):
                media = boxes[number]["MediaBox"]
                width = media[2] - media[0]
                outer = fore_edge(number, pc.is_rtl(lang))
                where = "%s page %d (fore-edge on the %s)" % (name, number, outer)
                # The logo: on the binding's half.
                logos = images[number - 1]
                if t.check(len(logos) == 1, "%s: %d images in the top margin, want the header's logo" % (where, len(logos))):
                    mid = (logos[0][0] + logos[0][1]) / 2
                    t.check((mid < width / 2) == (outer == "right"),
                            "%s: the logo spans x %.0f-%.0f pt of %.0f, not on the binding's half"
                            % (where, logos[0][0], logos[0][1], width))
                # The QR code: in the footer (the article has a QR code of its own in the body),
                # read from the fore-edge's half, not from the binding's.
                height = media[3] - media[1]
                left = zbar_strip(pdf, number, ctx.out("%s-%d-left" % (name, number)), 0, width / 2,
                                  height - bottom, height)
                right = zbar_strip(pdf, number, ctx.out("%s-%d-right" % (name, number)), width / 2, width,
                                   height - bottom, height)
                fore, bound = (right, left) if outer == "right" else (left, right)
                t.check(fore == [url] and not bound, "%s: zbarimg read %s at the fore-edge and %s at the binding; "
                        "want %r at the fore-edge only" % (where, fore, bound, url))
            checked += 1
    print("facingfigures: %d PDFs, %d failures" % (checked, len(t.failures)))
    return not t.failures and checked > 0


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    return path


def cmd_overflow(ctx):
    t = pc.Tally("overflow")
    layout = ctx.src("layouts", "trifold-a4.json")
    spec = pc.load_json(layout)
    bound = spec["panels"]["min_body_size"]
    body = spec["styles"]["body"]["size"]
    for lang in LANGS:
        # The seed fits only with smaller text: a warning says so, the dump shows the size.
        out = ctx.out("seed-%s.pdf" % lang)
        dump = ctx.out("seed-%s.txt" % lang)
        if os.path.exists(out):
            os.remove(out)
        code, _, err = pc.run([ctx.handout, "render", seed(ctx, lang), "--layout", layout, "-o", out,
                               "--dump", dump], check=False)
        m = re.search(r"body set at ([0-9.]+) pt instead of ([0-9.]+) pt", err)
        if t.check(code == 0 and os.path.isfile(out) and m,
                   "%s seed: exit %d, want 0 with a shrink warning; stderr:\n%s" % (lang, code, err)):
            size = float(m.group(1))
            t.check(bound <= size < body, "%s seed: shrunk to %.2f pt, outside [%.2f, %.2f)"
                    % (lang, size, bound, body))
            with open(dump, encoding="utf-8") as f:
                sizes = {float(v) for v in re.findall(r"text body .* size=([0-9.]+)", f.read())}
            # A family may be set larger than the size (its "scale", e.g. Naskh's 1.1).
            scales = {1.0} | {float(fam.get("scale", 1)) for fam in spec["fonts"]["families"].values()}
            allowed = {round(size * sc, 2) for sc in scales}
            t.check(sizes and {round(v, 2) for v in sizes} <= allowed,
                    "%s seed: body text in the dump at sizes %s, the warning says %.2f (times a "
                    "family scale: %s)" % (lang, sorted(sizes), size, sorted(allowed)))
            t.check(":" in err.split("warning")[0], "%s seed: the warning has no location: %s"
                    % (lang, err))
            print("PASS %s seed: %s" % (lang, err.strip().splitlines()[0]))
        # Without a bound, the same article is refused at the first block that does not fit.
        strict = dict(spec)
        strict["panels"] = {k: v for k, v in spec["panels"].items() if k != "min_body_size"}
        strict["fonts"] = dict(spec["fonts"], dir=ctx.src("fonts"))
        strict["hyphenate"] = False
        strict_layout = write_json(ctx.out("trifold-nobound.json"), strict)
        refused = ctx.out("refused-%s.pdf" % lang)
        if os.path.exists(refused):
            os.remove(refused)
        code, _, err = pc.run([ctx.handout, "render", seed(ctx, lang), "--layout", strict_layout,
                               "-o", refused, "--allow-path", ctx.src("fonts")], check=False)
        ok = (code == 2 and not os.path.exists(refused) and
              re.search(r"%s\.json:\d+:\d+: error: .*panels are full.*\(at /blocks/\d+\)" % lang, err))
        if t.check(ok, "%s without min_body_size: exit %d, want 2 with a located error and no "
                   "file; stderr:\n%s" % (lang, code, err)):
            print("PASS %s refused: %s" % (lang, err.strip().splitlines()[0]))
        # Three times the seed does not fit even at the bound.
        article = pc.load_json(seed(ctx, lang))
        article["blocks"] = article["blocks"] * 3
        long_path = write_json(ctx.out("long-%s.json" % lang), article)
        refused = ctx.out("long-%s.pdf" % lang)
        if os.path.exists(refused):
            os.remove(refused)
        code, _, err = pc.run([ctx.handout, "render", long_path, "--layout", layout, "-o", refused],
                              check=False)
        ok = (code == 2 and not os.path.exists(refused) and
              re.search(r"long-%s\.json:\d+:\d+: error: .*panels are full.*\(at /blocks/\d+\)" % lang, err)
              and ("%g pt" % bound) in err)
        if t.check(ok, "%s long article: exit %d, want 2, the location and the bound %g pt; "
                   "stderr:\n%s" % (lang, code, bound, err)):
            print("PASS %s long article refused: %s" % (lang, err.strip().splitlines()[0]))
    # A short article grows to fill the panels, up to max_body_size (the wound-care leaflet
    # filled a third of each panel at 9 pt): larger body text in the dump, no warning, and at
    # the layout's size without the bound.
    grow = spec["panels"].get("max_body_size")
    t.check(grow and grow > body, "trifold-a4 sets no max_body_size above its body size %g" % body)
    fixed = dict(spec)
    fixed["panels"] = {k: v for k, v in spec["panels"].items() if k != "max_body_size"}
    fixed["fonts"] = dict(spec["fonts"], dir=ctx.src("fonts"))
    fixed_layout = write_json(ctx.out("trifold-nogrow.json"), fixed)
    low = dict(fixed)
    low["panels"] = dict(fixed["panels"], max_body_size=body - 1)
    low_layout = write_json(ctx.out("trifold-lowgrow.json"), low)
    for lang in LANGS:
        short = ctx.src("content", "wound-care", "%s.json" % lang)
        got = {}
        for name, lay in (("grown", layout), ("fixed", fixed_layout), ("low", low_layout)):
            out = ctx.out("short-%s-%s.pdf" % (name, lang))
            dump = ctx.out("short-%s-%s.txt" % (name, lang))
            code, _, err = pc.run([ctx.handout, "render", short, "--layout", lay, "-o", out, "--dump", dump,
                                   "--allow-path", ctx.src("fonts")], check=False)
            with open(dump, encoding="utf-8") as f:
                sizes = sorted({float(v) for v in re.findall(r"text body .* size=([0-9.]+)", f.read())})
            got[name] = (code, err, sizes)
        code, err, sizes = got["grown"]
        scales = sorted({1.0} | {float(fam.get("scale", 1)) for fam in spec["fonts"]["families"].values()})
        base = min(sizes) if sizes else 0
        # (a family may be set larger than the size: its "scale", Naskh's 1.1)
        others = [line for line in err.splitlines() if "warning" in line and "of the way down" not in line]
        if t.check(code == 0 and not others and body < base and max(sizes) <= grow * max(scales) + 0.01,
                   "%s wound-care in trifold-a4: exit %d, body text at %s, want sizes in (%g, %g] (times a family "
                   "scale) and no warning but the one of its half-empty panels (brochure.unfilled); stderr:\n%s"
                   % (lang, code, sizes, body, grow, err)):
            print("PASS %s short article grown: body at %g pt (layout %g, bound %g)" % (lang, base, body, grow))
        code, err, sizes = got["fixed"]
        t.check(code == 0 and sizes and min(sizes) == body,
                "%s without max_body_size: exit %d, body at %s, want %g" % (lang, code, sizes, body))
        code, err, sizes = got["low"]
        t.check(code == 0 and sizes and min(sizes) == body and
                re.search(r"trifold-lowgrow\.json:\d+:\d+: warning: max_body_size .* is below the body size", err),
                "%s max_body_size below the body size: exit %d, body at %s, want %g and a located warning; "
                "stderr:\n%s" % (lang, code, sizes, body, err))
    print("overflow: %d failures" % len(t.failures))
    return not t.failures


def cmd_unfilled(ctx):
    """A brochure a short article leaves blank, or mostly empty, says so."""
    t = pc.Tally("unfilled")
    checked = 0
    sentence = {"en": "Wash your hands before you touch the dressing.",
                "ar": "\u0627\u063a\u0633\u0644 \u064a\u062f\u064a\u0643 \u0642\u0628\u0644 "
                      "\u0623\u0646 \u062a\u0644\u0645\u0633 \u0627\u0644\u0636\u0645\u0627\u062f."}
    for layout in trifold_layouts(ctx):
        for lang in LANGS:
            name = "unfilled-%s-%s" % (lname(layout), lang)
            article = write_json(ctx.out(name + ".json"), {
                "lang": lang, "title": "Hand washing" if lang == "en" else "\u063a\u0633\u0644 \u0627\u0644\u064a\u062f\u064a\u0646",
                "blocks": [{"type": "paragraph", "text": sentence[lang]}]})
            out = ctx.out(name + ".pdf")
            code, _, err = pc.run([ctx.handout, "render", article, "--layout", layout, "-o", out], check=False)
            want = re.compile(r"%s\.json:\d+:\d+: warning: the article fills only the inner flap of the "
                              r"brochure's 4 text panels: panels 2, 3 and 4 \(the whole inside of the sheet\) are "
                              r"printed blank.*\(at /blocks\)" % re.escape(name))
            t.check(code == 0 and os.path.isfile(out) and want.search(err),
                    "%s: exit %d, want 0 and a located warning that the inside is blank; stderr:\n%s"
                    % (name, code, err))
            if os.path.exists(out):
                os.remove(out)
            code, _, err = pc.run([ctx.handout, "render", article, "--layout", layout, "-o", out, "--strict"],
                                  check=False)
            t.check(code == 2 and not os.path.exists(out) and want.search(err.replace("error:", "warning:")),
                    "%s --strict: exit %d, want 2 and no file; stderr:\n%s" % (name, code, err))
            checked += 1
    # A saddle-stitched booklet of one page: three of its four pages blank (not in reading order).
    booklet = ctx.src("layouts", "booklet-a5.json")
    for lang in LANGS:
        name = "unfilled-booklet-%s" % lang
        article = ctx.out("unfilled-%s-%s.json" % (lname(trifold_layouts(ctx)[0]), lang))
        want = re.compile(r"\.json:\d+:\d+: warning: the article fills 1 page of the 4-page booklet: 3 pages are "
                          r"printed blank.*\(at /blocks\)")
        code, _, err = pc.run([ctx.handout, "render", article, "--layout", booklet, "-o", ctx.out(name + ".pdf")],
                              check=False)
        t.check(code == 0 and want.search(err), "%s: exit %d, want 0 and a located warning of 3 blank pages; "
                "stderr:\n%s" % (name, code, err))
        code, _, err = pc.run([ctx.handout, "render", article, "--layout", booklet, "--reader-order", "-o",
                               ctx.out(name + "-screen.pdf")], check=False)
        t.check(code == 0 and "blank" not in err, "%s --reader-order (no padding): exit %d, want 0 and no warning of "
                "blank pages; stderr:\n%s" % (name, code, err))
        code, _, err = pc.run([ctx.handout, "render", seed(ctx, lang), "--layout", booklet, "-o",
                               ctx.out(name + "-seed.pdf")], check=False)
        t.check(code == 0 and "blank" not in err, "seed %s in booklet-a5: exit %d, want 0 and no warning of blank "
                "pages; stderr:\n%s" % (lang, code, err))
        checked += 1
    for lang in LANGS:
        layout = ctx.src("layouts", "trifold-a4.json")
        grow = pc.load_json(layout)["panels"]["max_body_size"]
        code, _, err = pc.run([ctx.handout, "render", ctx.src("content", "wound-care", lang + ".json"), "--layout",
                               layout, "-o", ctx.out("wound-care-%s.pdf" % lang)], check=False)
        m = re.search(r"%s\.json:\d+:\d+: warning: the article's text ends (\d+)%% of the way down the brochure's 4 "
                      r"text panels, leaving the lower part of every panel blank, even with the body text at "
                      r"%g pt, the largest /panels/max_body_size allows.*\(at /blocks\)" % (lang, grow), err)
        if t.check(code == 0 and m and 30 <= int(m.group(1)) < 60,
                   "wound-care %s in trifold-a4: exit %d, want 0 and a warning that its text ends about half "
                   "way down; stderr:\n%s" % (lang, code, err)):
            print("PASS wound-care %s: %s" % (lang, m.group(0)))
        code, _, err = pc.run([ctx.handout, "render", seed(ctx, lang), "--layout", layout, "-o",
                               ctx.out("seed-%s.pdf" % lang)], check=False)
        t.check(code == 0 and "blank" not in err, "seed %s in trifold-a4: exit %d, want 0 and no warning of "
                "blank panels; stderr:\n%s" % (lang, code, err))
        checked += 1
    print("unfilled: %d renders, %d failures" % (checked, len(t.failures)))
    return not t.failures and checked > 0


def zbar_symbols(pdf, page, prefix, crop=None, dpi=150):
    """What zbarimg reads from a pdftoppm rendering of the page, or of the strip between
    crop = (x0, x1), in points from the MediaBox's left edge."""
    cmd = ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page), "-l", str(page), "-singlefile"]
    if crop:
        _, boxes = parse_boxes(pdf)
        media = boxes[page]["MediaBox"]
        cmd += ["-x", str(int(crop[0] * dpi / 72)), "-y", "0", "-W", str(int((crop[1] - crop[0]) * dpi / 72)),
                "-H", str(int((media[3] - media[1]) * dpi / 72))]
    pc.run(cmd + [pdf, prefix])
    _, out, _ = pc.run(["zbarimg", "--quiet", "--raw", prefix + ".png"], check=False)
    return sorted(line for line in out.splitlines() if line)


def cmd_qr(ctx):
    pc.require_tools("pdftoppm", "zbarimg", "pdfinfo")
    t = pc.Tally("qr")
    spec = pc.load_json(ctx.src("layouts", "trifold-a4.json"))
    spec["panels"] = dict(spec["panels"], back=["contact", "qr", "reviewed"])
    spec["fonts"] = dict(spec["fonts"], dir=ctx.src("fonts"))
    layout = write_json(ctx.out("trifold-qr.json"), spec)
    for lang in LANGS:
        url = "https://clinic.example/handouts/stem-cell-therapy/%s?v=1.0" % lang
        article = pc.load_json(seed(ctx, lang))
        article["meta"] = dict(article.get("meta", {}), url=url)
        path = write_json(ctx.out("qr-%s.json" % lang), article)
        out = ctx.out("qr-%s.pdf" % lang)
        code, _, err = pc.run([ctx.handout, "render", path, "--layout", layout, "-o", out,
                               "--allow-path", ctx.src("fonts")], check=False)
        if not t.check(code == 0, "%s: render exit %d; stderr:\n%s" % (lang, code, err)):
            continue
        _, boxes = parse_boxes(out)
        media, trim = boxes[1]["MediaBox"], boxes[1]["TrimBox"]
        widths = [pc.length_pt(w, "widths") for w in spec["panels"]["widths"]]
        # Outside, from the left: [flap | back | cover] (en), [cover | back | flap] (ar).
        back_x0 = trim[0] - media[0] + (widths[0] if lang == "en" else widths[2])
        back_x1 = back_x0 + widths[1]
        whole = zbar_symbols(out, 1, ctx.out("qr-%s-outside" % lang))
        back = zbar_symbols(out, 1, ctx.out("qr-%s-back" % lang), (back_x0, back_x1))
        left = zbar_symbols(out, 1, ctx.out("qr-%s-left" % lang), (0, back_x0))
        right = zbar_symbols(out, 1, ctx.out("qr-%s-right" % lang), (back_x1, media[2] - media[0]))
        if t.check(whole == [url] and back == [url] and not left and not right,
                   "%s: zbarimg read %s from the outside page, %s from the back panel (x %.0f-%.0f pt), "
                   "%s and %s beside it; want exactly %r on the back panel"
                   % (lang, whole, back, back_x0, back_x1, left, right, url)):
            print("PASS %s: the back panel's QR code reads %s" % (lang, url))
        # No meta.url: no symbol, and still a brochure.
        code, _, err = pc.run([ctx.handout, "render", seed(ctx, lang), "--layout", layout, "-o",
                               ctx.out("noqr-%s.pdf" % lang), "--allow-path", ctx.src("fonts")], check=False)
        if t.check(code == 0, "%s without meta.url: exit %d; stderr:\n%s" % (lang, code, err)):
            t.check(not zbar_symbols(ctx.out("noqr-%s.pdf" % lang), 1, ctx.out("noqr-%s" % lang)),
                    "%s without meta.url: a QR code was drawn" % lang)
    default_reviewed(ctx, t)
    print("qr: %d failures" % len(t.failures))
    return not t.failures


def default_reviewed(ctx, t):
    """A back panel's "reviewed" item with no "reviewed" text in the layout says so in the
    leaflet's language: an Arabic tri-fold printed "Reviewed ٢٠٢٦-..." in English."""
    spec = pc.load_json(ctx.src("layouts", "trifold-a4.json"))
    spec["panels"] = {k: v for k, v in spec["panels"].items() if k != "reviewed"}
    spec["fonts"] = dict(spec["fonts"], dir=ctx.src("fonts"))
    layout = write_json(ctx.out("trifold-reviewed.json"), spec)
    # Persian and Urdu leaflets (a Persian one printed "Reviewed ۲۰۲۶-..." in English).
    short = {"fa": "پانسمان را تمیز و خشک نگه دارید و هر روز آن را عوض کنید. ",
             "ur": "پٹی کو صاف اور خشک رکھیں اور اسے ہر روز بدلیں۔ "}
    articles = {lang: seed(ctx, lang) for lang in ("en", "ar")}
    for lang, text in short.items():
        articles[lang] = write_json(ctx.out("reviewed-%s.json" % lang), {
            "lang": lang, "title": "پانسمان", "meta": {"version": "1", "reviewed": "2026-11-01"},
            "blocks": [{"type": "paragraph", "text": text * 12} for _ in range(6)]})
    for lang, want, unwanted in (("en", "Reviewed", "المراجعة"), ("ar", "تمت المراجعة", "Reviewed"),
                                 ("fa", "بازبینیشده در ۲۰۲۶", "Reviewed"), ("ur", "نظرثانی 2026", "Reviewed")):
        out = ctx.out("reviewed-%s.pdf" % lang)
        code, _, err = pc.run([ctx.handout, "render", articles[lang], "--layout", layout, "-o", out,
                               "--allow-path", ctx.src("fonts")], check=False)
        if not t.check(code == 0, "%s: default reviewed: exit %d; stderr:\n%s" % (lang, code, err)):
            continue
        _, text, _ = pc.run(["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", out, "-"])
        plain = "".join(c for c in text if unicodedata.category(c) != "Cf")
        t.check(want in plain and unwanted not in plain, "%s: the default reviewed text: want %r, not %r, in %r"
                % (lang, want, unwanted, [x for x in plain.splitlines() if "2026" in x or "٢٠٢٦" in x]))


def cmd_brand(ctx):
    pc.require_tools("pdftotext", "pdfinfo", "pdfimages", "pdftoppm")
    t = pc.Tally("brand")
    brand_path = ctx.src("brands", "al-noor.json")
    brand = pc.load_json(brand_path)
    accent = tuple(int(brand["colors"]["accent"][i:i + 2], 16) for i in (1, 3, 5))
    for layout in trifold_layouts(ctx):
        for lang in LANGS:
            name = "brand-%s-%s" % (lname(layout), lang)
            pdf = pc.render(ctx, seed(ctx, lang), ctx.out(name + ".pdf"), layout=layout,
                            extra=["--brand", brand_path])
            pages = trim_words(pdf, ctx.out(name + ".html"))
            w3 = pages[0]["trim"][0] / 3
            want = set(pc.words_of(pc.normalise(brand["name"][lang])))
            on_cover = set()
            name_tops = []
            for w in pages[0]["words"]:
                inside_cover = w["x1"] <= w3 if pc.is_rtl(lang) else w["x0"] >= 2 * w3
                if inside_cover:
                    on_cover |= pc.box_forms(w["text"])
                    if pc.box_forms(w["text"]) & want:
                        name_tops.append(w["y0"])
            # The clinic signs the cover at its foot (the layouts list "brand" last): under the
            # title it left the lower half of the front empty.
            t.check(name_tops and min(name_tops) >= 0.75 * pages[0]["trim"][1],
                    "%s: the brand's name stands at %s pt from the top of a %.0f pt cover, want its lowest quarter"
                    % (name, ["%.0f" % y for y in name_tops], pages[0]["trim"][1]))
            t.check(want <= on_cover, "%s: the brand's name words %s are not on the cover (%s)"
                    % (name, sorted(want - on_cover), "left third" if pc.is_rtl(lang) else "right third"))
            _, out, _ = pc.run(["pdfimages", "-list", "-f", "1", "-l", "1", pdf])
            images = [line for line in out.splitlines()[2:] if line.split()[2:3] == ["image"]]
            t.check(len(images) >= 1, "%s: no logo image on the outside page" % name)
            # The cover band's colour, sampled near the top of the cover panel (in the trim).
            _, boxes = parse_boxes(pdf)
            media, trim = boxes[1]["MediaBox"], boxes[1]["TrimBox"]
            dpi = 36
            width, height, pixels = first_page_pixels(pdf, dpi, ctx.out(name + "-band"))
            cover_x = trim[0] + (0.5 * w3 if pc.is_rtl(lang) else 2.5 * w3)
            px = int((cover_x - media[0]) * dpi / 72)
            py = int((media[3] - trim[3] + 4 * MM) * dpi / 72)
            rgb = tuple(pixels[3 * (py * width + px):3 * (py * width + px) + 3])
            t.check(all(abs(a - b) <= 8 for a, b in zip(rgb, accent)),
                    "%s: the cover band is %s at (%d, %d) px, want the brand's accent %s"
                    % (name, rgb, px, py, accent))
            # Without --brand: no clinic name anywhere.
            plain = pc.render(ctx, seed(ctx, lang), ctx.out(name + "-plain.pdf"), layout=layout)
            plain_words = set().union(*[pc.box_forms(w["text"]) for w in
                                        trim_words(plain, ctx.out(name + "-plain.html"))[0]["words"]])
            t.check(not (want - {"Health", "Family"}) <= plain_words,
                    "%s: the brand's name is on the cover without --brand" % name)
            if not t.failures:
                print("PASS %s: name on the cover, logo, band %s" % (name, rgb))
    print("brand: %d failures" % len(t.failures))
    return not t.failures


REF_CASES = [("trifold-%s-%s" % (lang, side), lang, page)
             for lang in LANGS for side, page in (("outside", 1), ("inside", 2))]


def cmd_refimages(ctx):
    pc.require_tools("pdftoppm")
    update = os.environ.get("HANDOUT_UPDATE_REFERENCE") == "1"
    t = pc.Tally("refimages")
    ref_dir = ctx.src("tests", "pdf", "reference")
    layout = ctx.src("layouts", "trifold-a4.json")
    images = {}
    pdfs = {}
    for name, lang, page in REF_CASES:
        if lang not in pdfs:
            pdfs[lang] = pc.render(ctx, seed(ctx, lang), ctx.out("trifold-%s.pdf" % lang), layout=layout)
        img = pc.rasterise(pdfs[lang], page, ctx.out(name))
        png = pc.png_encode_gray(*img)
        got_path = ctx.out(name + ".png")
        with open(got_path, "wb") as f:
            f.write(png)
        images[name] = img
        ref = os.path.join(ref_dir, name + ".png")
        if update:
            with open(ref, "wb") as f:
                f.write(png)
            print("updated %s (%dx%d, %d bytes)" % (ref, img[0], img[1], len(png)))
            continue
        if not os.path.isfile(ref):
            t.fail("%s: no reference %s (HANDOUT_UPDATE_REFERENCE=1 makes it, after looking at %s)"
                   % (name, ref, got_path))
            continue
        with open(ref, "rb") as f:
            want = pc.png_decode_gray(f.read(), ref)
        ok, msg, diff = pc.compare_images(img, want)
        if ok:
            print("PASS %s: %s" % (name, msg))
        else:
            diff_path = ctx.out(name + "-diff.png")
            if diff is not None:
                with open(diff_path, "wb") as f:
                    f.write(pc.png_encode_gray(img[0], img[1], diff))
            t.fail("%s: differs from %s: %s; rendering %s, difference %s"
                   % (name, ref, msg, got_path, diff_path))
    if update:
        return True
    # The comparison tells the outside from the inside and English from Arabic.
    names = sorted(images)
    for a in names:
        for b in names:
            if a < b and images[a][:2] == images[b][:2]:
                ok, msg, _ = pc.compare_images(images[a], images[b])
                t.check(not ok, "the comparison accepts %s as %s (%s)" % (a, b, msg))
    print("refimages: %d pages compared, %d failures" % (len(images), len(t.failures)))
    return not t.failures and len(images) == len(REF_CASES)


def cmd_bandtext(ctx):
    """What the cover band holds above the title is readable on it: it was drawn in its
    role's ink (the clinic's name in body text's #222, the subtitle in grey) on the dark band,
    and only the title took cover_ink."""
    pc.require_tools("pdftotext", "pdfinfo", "pdftoppm")
    t = pc.Tally("bandtext")
    brand_path = ctx.src("brands", "al-noor.json")
    brand = pc.load_json(brand_path)
    spec = pc.load_json(ctx.src("layouts", "trifold-a4.json"))
    spec["fonts"]["dir"] = ctx.src("fonts")
    spec["panels"]["cover"] = ["brand", "subtitle", "title"]
    spec["panels"]["cover_ink"] = "#ffffff"
    layout = ctx.out("bandtext-layout.json")
    with open(layout, "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False)
    for lang in LANGS:
        name = "bandtext-%s" % lang
        article = pc.load_json(seed(ctx, lang))
        pdf = pc.render(ctx, seed(ctx, lang), ctx.out(name + ".pdf"), layout=layout,
                        extra=["--brand", brand_path, "--allow-path", ctx.src("fonts")])
        pages = trim_words(pdf, ctx.out(name + ".html"))
        _, boxes = parse_boxes(pdf)
        media, trim = boxes[1]["MediaBox"], boxes[1]["TrimBox"]
        dx, dy = trim[0] - media[0], media[3] - trim[3]
        dpi = 150
        width, height, pixels = first_page_pixels(pdf, dpi, ctx.out(name + "-outside"))
        w3 = pages[0]["trim"][0] / 3
        want = {}
        for what, text in (("clinic name", brand["name"][lang]), ("subtitle", article["subtitle"])):
            for word in pc.words_of(pc.normalise(text)):
                want[word] = what
        seen = set()
        for w in pages[0]["words"]:
            on_cover = w["x1"] <= w3 if pc.is_rtl(lang) else w["x0"] >= 2 * w3
            forms = pc.box_forms(w["text"]) & set(want)
            if not on_cover or not forms:
                continue
            x0, x1 = int((w["x0"] + dx) * dpi / 72), int((w["x1"] + dx) * dpi / 72)
            y0, y1 = int((w["y0"] + dy) * dpi / 72), int((w["y1"] + dy) * dpi / 72)
            light = total = 0
            for py in range(max(0, y0), min(height, y1 + 1)):
                for px in range(max(0, x0), min(width, x1 + 1)):
                    r, g, b = pixels[3 * (py * width + px):3 * (py * width + px) + 3]
                    total += 1
                    light += min(r, g, b) >= 200
            for form in forms:
                seen.add(want[form])
            t.check(total and light >= 0.03 * total,
                    "%s: the %s's word %r on the cover band has %d light pixels of %d: it is not drawn in the "
                    "band's white ink (cover_ink)" % (name, want[sorted(forms)[0]], w["text"], light, total))
        t.check(seen == {"clinic name", "subtitle"},
                "%s: found only %s of the clinic name and subtitle on the cover" % (name, sorted(seen)))
    print("bandtext: %d failures" % len(t.failures))
    return not t.failures


COMMANDS = {
    "boxes": cmd_boxes,
    "trifold": cmd_trifold,
    "balance": cmd_balance,
    "booklet": cmd_booklet,
    "foreedge": cmd_foreedge,
    "facingfigures": cmd_facingfigures,
    "overflow": cmd_overflow,
    "unfilled": cmd_unfilled,
    "qr": cmd_qr,
    "brand": cmd_brand,
    "bandtext": cmd_bandtext,
    "refimages": cmd_refimages,
}


def main():
    return pc.script_main(COMMANDS, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
