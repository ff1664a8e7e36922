#!/usr/bin/env python3
"""Checks of real PDFs made by handout, with real PDF clients.

Usage:
    python3 pdf_checks.py SUBCOMMAND --handout /path/to/handout \
        --source-dir /path/to/source --work-dir /tmp/somewhere

Subcommands (each one is a separate test):
    qpdf         qpdf --check is clean; pdfinfo Title equals the article title; Pages >= 1
    fonts        pdffonts: every font embedded, subset (ABCDEF+ tag), with ToUnicode,
                 CID TrueType, Identity-H
    text         every word of the source comes back from pdftotext
    oracle       glyph positions (mutool trace) equal hb-shape's for one-line paragraphs
    determinism  SOURCE_DATE_EPOCH gives byte-identical PDFs and sets the dates
    badinput     bad input exits 2 (an unwritable output 3) with a located message and writes nothing
    margins      every word 5 mm from the page edges, and inside the layout's left/right
                 margins (mirrored for Arabic), for the seed articles with every layout
                 (both translations in one PDF for a bilingual layout)
    tables       a long table repeats its header on every page, keeps the column order
                 (mirrored in Arabic) and never leaves the header alone on a page
    content      seed pages' content streams: no Tf or rg that repeats the font or colour
                 already set, no text object split where only marked content lies between,
                 marked content and text objects nested
    refimages    low-resolution grayscale renderings equal the PNGs in reference/ within a
                 tolerance (HANDOUT_UPDATE_REFERENCE=1 rewrites them instead)
    sizes        the seed's English, Arabic and bilingual parallel PDFs within WeasyPrint's
                 sizes (36,000 / 56,000 / 84,000 bytes)

Exit status: 0 pass, 1 fail, 77 skipped (a required tool is missing and the environment
variable CI is not set; in CI a missing tool is a failure).

Python standard library only (PNG is decoded with zlib); the PDF clients are run as
subprocesses.
"""

import argparse
import collections
import datetime
import json
import os
import re
import shutil
import subprocess
import struct
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zlib

SKIP = 77

# Keys of the article format whose string values are not text shown on the page.
NON_TEXT_KEYS = {"type", "lang", "href", "level", "ordered", "$schema", "id", "meta", "hyphenation"}

EPOCH = 1700000000          # 2023-11-14T22:13:20Z
OTHER_EPOCH = 1600000000    # 2020-09-13T12:26:40Z

ORACLE_TOLERANCE = 0.01     # points


class Fail(Exception):
    """A check failed; the message says why."""


class Context:
    def __init__(self, args):
        self.handout = os.path.abspath(args.handout)
        self.source = os.path.abspath(args.source_dir)
        self.work = os.path.abspath(args.work_dir)
        os.makedirs(self.work, exist_ok=True)
        self.layout = os.path.join(self.source, "layouts", "a4.json")

    def src(self, *parts):
        return os.path.join(self.source, *parts)

    def out(self, name):
        return os.path.join(self.work, name)


# ---------------------------------------------------------------------------------------------
# helpers

def require_tools(*tools, paths=()):
    """Exit 77 (or fail in CI) when a required external tool (or file, in `paths`) is missing."""
    missing = [t for t in tools if shutil.which(t) is None] + [p for p in paths if not os.path.exists(p)]
    if not missing:
        return
    msg = "required tool(s) not found: " + ", ".join(missing)
    if os.environ.get("CI"):
        print("FAIL: " + msg + " (CI is set, so a missing tool is a failure)")
        sys.exit(1)
    print("SKIPPED: " + msg)
    sys.exit(SKIP)


def run(cmd, env=None, check=True, cwd=None):
    """Run a command, return (returncode, stdout, stderr) as text."""
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    out = proc.stdout.decode("utf-8", errors="replace")
    err = proc.stderr.decode("utf-8", errors="replace")
    if check and proc.returncode != 0:
        raise Fail("command failed (exit %d): %s\n--- stdout\n%s--- stderr\n%s"
                   % (proc.returncode, " ".join(cmd), out, err))
    return proc.returncode, out, err


def render(ctx, article, out_pdf, extra=(), env=None, layout=None):
    """Render an article (or a list of translations, for a bilingual layout) with handout;
    fail unless it exits 0 and writes the PDF."""
    if os.path.exists(out_pdf):
        os.remove(out_pdf)
    articles = [article] if isinstance(article, str) else list(article)
    cmd = [ctx.handout, "render"] + articles + ["--layout", layout or ctx.layout, "-o", out_pdf]
    cmd += list(extra)
    run(cmd, env=env)
    if not os.path.isfile(out_pdf) or os.path.getsize(out_pdf) == 0:
        raise Fail("handout exited 0 but wrote no PDF: %s" % " ".join(cmd))
    return out_pdf


def standard_articles(ctx):
    """(name, path) of the test articles, plus the real content when present."""
    items = [("mixed-en", ctx.src("tests", "data", "mixed-en.json")),
             ("mixed-ar", ctx.src("tests", "data", "mixed-ar.json"))]
    for lang in ("en", "ar"):
        p = ctx.src("content", "stem-cell-therapy", lang + ".json")
        if os.path.isfile(p):
            items.append(("stem-cell-therapy-" + lang, p))
    for name, p in items:
        if not os.path.isfile(p):
            raise Fail("test article missing: " + p)
    return items


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def inline_text(value):
    """Plain text of an Inline (a string, or a list of strings and spans)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "".join(parts)
    return ""


def pdfinfo(pdf, *extra):
    env = dict(os.environ, TZ="UTC")
    _, out, _ = run(["pdfinfo", "-enc", "UTF-8"] + list(extra) + [pdf], env=env)
    info = {}
    for line in out.splitlines():
        m = re.match(r"^([A-Za-z ]+?):\s?(.*)$", line)
        if m and m.group(1) not in info:
            info[m.group(1)] = m.group(2).strip(" ")
    return info


class Tally:
    """Collects failures of one subcommand and prints them."""

    def __init__(self, name):
        self.name = name
        self.failures = []

    def fail(self, msg):
        self.failures.append(msg)
        print("FAIL: " + msg)

    def check(self, cond, msg):
        if not cond:
            self.fail(msg)
        return cond


# ---------------------------------------------------------------------------------------------
# 1. qpdf --check, pdfinfo

def cmd_qpdf(ctx):
    require_tools("qpdf", "pdfinfo")
    t = Tally("qpdf")
    n = 0
    for name, article in standard_articles(ctx):
        pdf = render(ctx, article, ctx.out("qpdf-%s.pdf" % name))
        n += 1
        rc, out, err = run(["qpdf", "--check", pdf], check=False)
        both = out + err
        ok = t.check(rc == 0, "%s: qpdf --check exited %d:\n%s" % (name, rc, both))
        ok &= t.check("warning" not in both.lower(),
                      "%s: qpdf --check printed a warning:\n%s" % (name, both))
        ok &= t.check("error" not in err.lower(),
                      "%s: qpdf --check printed errors on stderr:\n%s" % (name, err))
        ok &= t.check("No syntax or stream encoding errors found" in out,
                      "%s: qpdf --check did not report a clean file:\n%s" % (name, both))
        title = inline_text(load_json(article).get("title"))
        info = pdfinfo(pdf)
        got_title = info.get("Title")
        ok &= t.check(got_title == title,
                      "%s: pdfinfo Title is %r, expected the article title %r"
                      % (name, got_title, title))
        pages = info.get("Pages", "")
        ok &= t.check(pages.isdigit() and int(pages) >= 1,
                      "%s: pdfinfo Pages is %r, expected >= 1" % (name, pages))
        print("%s %s: qpdf --check clean, Title %r, Pages %s"
              % ("PASS" if ok else "FAIL", name, got_title, pages))
    print("qpdf: %d PDFs checked, %d failures" % (n, len(t.failures)))
    return not t.failures


# ---------------------------------------------------------------------------------------------
# 2. pdffonts

def parse_pdffonts(out):
    """Rows of pdffonts output as dicts, columns sliced by the dashes under the header."""
    lines = out.splitlines()
    dash_idx = next((i for i, l in enumerate(lines) if re.match(r"^-+( -+)+\s*$", l)), None)
    if dash_idx is None or dash_idx == 0:
        raise Fail("cannot parse pdffonts output:\n" + out)
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[dash_idx])]
    names = ["name", "type", "encoding", "emb", "sub", "uni", "object"]
    rows = []
    for line in lines[dash_idx + 1:]:
        if not line.strip():
            continue
        cells = []
        for k, (a, b) in enumerate(spans):
            end = spans[k + 1][0] if k + 1 < len(spans) else len(line)
            cells.append(line[a:end].strip())
        rows.append(dict(zip(names, cells), raw=line))
    return rows


def cmd_fonts(ctx):
    require_tools("pdffonts")
    t = Tally("fonts")
    total = 0
    for name, article in standard_articles(ctx):
        pdf = render(ctx, article, ctx.out("fonts-%s.pdf" % name))
        _, out, _ = run(["pdffonts", pdf])
        rows = parse_pdffonts(out)
        t.check(rows, "%s: pdffonts lists no fonts:\n%s" % (name, out))
        bad = 0
        for r in rows:
            total += 1
            problems = []
            if not re.match(r"^[A-Z]{6}\+\S+$", r["name"]):
                problems.append("name %r has no ABCDEF+ subset tag" % r["name"])
            if r["type"] != "CID TrueType":
                problems.append("type %r, expected 'CID TrueType'" % r["type"])
            if r["encoding"] != "Identity-H":
                problems.append("encoding %r, expected 'Identity-H'" % r["encoding"])
            for col in ("emb", "sub", "uni"):
                if r[col] != "yes":
                    problems.append("%s=%s" % (col, r[col]))
            if problems:
                bad += 1
                t.fail("%s: font row %r: %s" % (name, r["raw"].strip(), "; ".join(problems)))
        print("%s %s: %d font(s): %s" % ("PASS" if rows and not bad else "FAIL", name,
                                          len(rows), ", ".join(r["name"] for r in rows)))
    print("fonts: %d font rows checked, %d failures" % (total, len(t.failures)))
    return not t.failures


# ---------------------------------------------------------------------------------------------
# 3. pdftotext: every word of the source comes back

def normalise(text):
    """NFC, without format characters (Cf) and non-spacing marks (Mn)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Mn"))


def join_soft_hyphens(text):
    """Join the two parts of each word hyphenated at a line end.

    The hyphenation writes U+00AD at the end of the line. In a left-to-right phrase broken
    across lines of a right-to-left paragraph, pdftotext puts the neutral punctuation that
    precedes the phrase in the source (e.g. the ":" of "...: stem cell ... anes-|thesia") after
    the soft hyphen, because that is where it is visually. So after a soft hyphen skip white
    space, controls, format characters and punctuation, never letters, digits or symbols.
    """
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\u00ad":
            i += 1
            while i < len(text) and unicodedata.category(text[i])[0] in "ZCP":
                i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def words_of(text):
    """Maximal runs of characters for which str.isalnum() is true."""
    words, cur = [], []
    for c in text:
        if c.isalnum():
            cur.append(c)
        elif cur:
            words.append("".join(cur))
            cur = []
    if cur:
        words.append("".join(cur))
    return words


def source_strings(node, key=None):
    """Every string of an article that is shown as text."""
    if key in NON_TEXT_KEYS:
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from source_strings(item)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from source_strings(v, k)


def cmd_text(ctx):
    require_tools("pdftotext")
    t = Tally("text")
    total_words = 0
    for name, article in standard_articles(ctx):
        pdf = render(ctx, article, ctx.out("text-%s.pdf" % name))
        _, extracted, _ = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
        ext = normalise(extracted)
        ext_words = set(words_of(ext))
        ext_joined = re.sub(r"\s+", "", ext)
        # Words hyphenated at a line end, joined over what pdftotext puts between the parts.
        dehyphenated = normalise(join_soft_hyphens(extracted))
        ext_words |= set(words_of(dehyphenated))
        src_words = []
        for s in source_strings(load_json(article)):
            src_words.extend(words_of(normalise(s)))
        missing = []
        for w in src_words:
            if w in ext_words or w in ext_joined:
                continue
            if w not in missing:
                missing.append(w)
        total_words += len(src_words)
        if missing:
            t.fail("%s: %d of %d source words not found in pdftotext output: %s"
                   % (name, len(missing), len(src_words), " ".join(missing)))
            for w in missing:
                # Show the source context and the longest start of the word that did come
                # back, to tell an engine bug from a test bug.
                ctx_src = next((normalise(x) for x in source_strings(load_json(article))
                                if w in words_of(normalise(x))), "")
                i = ctx_src.find(w)
                print("    missing %r; in the source: %r" % (w, ctx_src[max(0, i - 25): i + len(w) + 25]))
                for n in range(len(w) - 1, 1, -1):
                    j = ext_joined.find(w[:n])
                    if j >= 0:
                        print("      longest start found, %r, in pdftotext (white space removed): %r"
                              % (w[:n], ext_joined[max(0, j - 25): j + len(w) + 25]))
                        break
        else:
            print("PASS %s: all %d source words found" % (name, len(src_words)))
    print("text: %d source words checked, %d failures" % (total_words, len(t.failures)))
    return not t.failures


# ---------------------------------------------------------------------------------------------
# 4. glyph-position oracle: mutool trace against hb-shape

DUMP_TEXT = re.compile(
    r'^\s+text (?P<role>\S+) x=(?P<x>\S+) y=(?P<y>\S+) w=(?P<w>\S+) size=(?P<size>\S+) '
    r'font=(?P<font>\d+) (?P<dir>ltr|rtl) lang=(?P<lang>\S+) "(?P<text>.*)" \[(?P<glyphs>.*)\]$')


def parse_dump(path):
    """Text items of a --dump --dump-glyphs file: list of dicts with page numbers."""
    items = []
    page = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^page (\d+) ", line)
            if m:
                page = int(m.group(1))
                continue
            m = DUMP_TEXT.match(line)
            if m:
                d = m.groupdict()
                d["page"] = page
                for k in ("x", "y", "w", "size"):
                    d[k] = float(d[k])
                gl = []
                for g in filter(None, d["glyphs"].split("|")):
                    gm = re.match(r"^(\d+)\+(-?[\d.]+)$", g)
                    if not gm:
                        raise Fail("cannot parse dump glyph %r in line: %s" % (g, line))
                    gl.append((int(gm.group(1)), float(gm.group(2))))
                d["glyphs"] = gl
                items.append(d)
    return items


def parse_trace(pdf):
    """mutool trace: per page, mediabox height and the list of spans with their glyphs, one
    span per line."""
    _, out, _ = run(["mutool", "trace", pdf])
    root = ET.fromstring(out)
    pages = []
    for page in root.iter("page"):
        box = [float(v) for v in page.get("mediabox").split()]
        spans = []
        for span in page.iter("span"):
            trm = [float(v) for v in span.get("trm").split()]
            glyphs = []
            for g in span.iter("g"):
                if g.get("glyph") is None:
                    # mutool writes the further characters of a ligature (one CID mapped to
                    # several characters by the ToUnicode CMap) as <g> elements without a
                    # glyph: they belong to the glyph before them.
                    if not glyphs:
                        raise Fail("mutool trace: <g> without glyph at the start of a span")
                    glyphs[-1]["unicode"] += g.get("unicode") or ""
                    continue
                glyphs.append({"unicode": g.get("unicode") or "", "glyph": int(g.get("glyph")),
                               "x": float(g.get("x")), "y": float(g.get("y")),
                               "adv": float(g.get("adv"))})
            # mutool continues a span from one line to the next while font, size and colour
            # stay (the lines of a paragraph in one text object): split it where the baseline
            # moves by more than a mark's offset could (0.9 em).
            piece = []
            for g in glyphs:
                if piece and abs(g["y"] - piece[-1]["y"]) > 0.9 * abs(trm[0]):
                    spans.append({"font": span.get("font"), "trm": trm, "glyphs": piece})
                    piece = []
                piece.append(g)
            spans.append({"font": span.get("font"), "trm": trm, "glyphs": piece})
        pages.append({"height": box[3] - box[1], "spans": spans})
    return pages


def hb_shape(fontfile, size, direction, script, language, text):
    scaled = size * 1000
    s = str(int(round(scaled))) if abs(scaled - round(scaled)) < 1e-6 else repr(scaled)
    cmd = ["hb-shape", "--no-glyph-names", "--output-format=json", "--font-size=" + s,
           "--direction=" + direction, "--script=" + script, "--language=" + language,
           fontfile, "--text=" + text]
    _, out, _ = run(cmd)
    data = json.loads(out.strip())
    return cmd, [{"g": int(d["g"]), "dx": float(d.get("dx", 0)), "dy": float(d.get("dy", 0)),
                  "ax": float(d.get("ax", 0))} for d in data]


def shell_quote(cmd):
    return " ".join("'" + c.replace("'", "'\\''") + "'" if re.search(r"[^\w=./,+-]", c) else c
                    for c in cmd)


# The texts of the space glyph keep_item_starts_for_pdfjs sets before a glyph pdf.js takes
# for a zero-width diacritic, as mutool reads them: U+2060 and a space in left-to-right
# text, U+061C and a space in right-to-left text.
PDFJS_SPACES = ("\u2060 ", "\u061c ")


def cmd_oracle(ctx):
    require_tools("mutool", "hb-shape")
    t = Tally("oracle")
    layout = load_json(ctx.layout)
    body_size = float(layout["styles"]["body"]["size"])
    families = layout["fonts"]["families"]
    setups = [
        # article, lang, direction, script, regular font family
        ("oracle-en", "en", "ltr", "Latn", "Noto Sans"),
        ("oracle-ar", "ar", "rtl", "Arab", "Noto Naskh Arabic"),
    ]
    compared = 0
    mismatches = 0
    paragraphs_checked = 0
    for name, lang, direction, script, family in setups:
        article = ctx.src("tests", "data", name + ".json")
        doc = load_json(article)
        paras = [inline_text(b["text"]) for b in doc["blocks"] if b.get("type") == "paragraph"]
        pdf = ctx.out(name + ".pdf")
        dump = ctx.out(name + "-dump.txt")
        render(ctx, article, pdf, extra=["--dump", dump, "--dump-glyphs"])
        fam = families[family]
        fontfile = os.path.join(ctx.source, "fonts", fam["regular"])
        expected_size = body_size * float(fam.get("scale", 1.0))
        items = [it for it in parse_dump(dump) if it["role"] == "body"]
        # The text layer's word joiners (U+2060, an empty glyph of the font: text_block.cpp,
        # keep_marked_word_whole) are not text of the source nor glyphs of hb-shape's; nor is
        # the space glyph standing for U+2060 and a space that goes before a glyph pdf.js
        # takes for a zero-width diacritic (keep_item_starts_for_pdfjs; its text is appended
        # to the item's, as " \u061c" in right-to-left text: U+061C and a space there).
        texts = [it["text"].replace(" \u061c", "").replace("\u2060 ", "").replace("\u2060", "") for it in items]
        if texts != paras:
            t.fail("%s: body text items of the dump are %r, expected one item per one-line "
                   "paragraph %r" % (name, texts, paras))
            mismatches += 1
            continue
        pages = parse_trace(pdf)
        for para, item in zip(paras, items):
            paragraphs_checked += 1
            where = "%s %r" % (name, para)
            page = pages[item["page"] - 1]
            base_y = page["height"] - item["y"]
            # The spans of this line: glyphs near the item's baseline, inside its x range.
            glyphs, span_fonts, span_sizes = [], set(), set()
            for span in page["spans"]:
                gs = span["glyphs"]
                if not gs:
                    continue
                on_line = any(abs(g["y"] - base_y) < 0.05 for g in gs)
                inside = all(item["x"] - 0.5 <= g["x"] <= item["x"] + item["w"] + 0.5
                             for g in gs if g["unicode"] not in PDFJS_SPACES)  # set before its glyph
                if on_line and inside:
                    glyphs.extend(gs)
                    span_fonts.add(re.sub(r"^[A-Z]{6}\+", "", span["font"]))
                    span_sizes.add(span["trm"][0])
            if not glyphs:
                t.fail("%s: no mutool glyphs found at baseline y=%.2f" % (where, base_y))
                mismatches += 1
                continue
            if len(span_sizes) != 1 or len(span_fonts) != 1:
                t.fail("%s: line uses several fonts/sizes in mutool trace: %s %s"
                       % (where, span_fonts, span_sizes))
                mismatches += 1
                continue
            size = span_sizes.pop()
            font_name = span_fonts.pop()
            if abs(size - expected_size) > 1e-3:
                t.fail("%s: font size %g in the PDF, expected body size %g x scale %g = %g"
                       % (where, size, body_size, float(fam.get("scale", 1.0)), expected_size))
                mismatches += 1
            if font_name + ".ttf" != fam["regular"]:
                t.fail("%s: PDF font %r, expected the subset of %s" % (where, font_name,
                                                                         fam["regular"]))
                mismatches += 1
            cmd, hb = hb_shape(fontfile, size, direction, script, lang, para)
            # Joiner glyphs: drawn with no advance and no outline, standing for U+2060 only,
            # and of a glyph id hb-shape does not give this line. Left out of the comparison
            # (the dump's and mutool's glyphs alike); every other glyph is compared.
            # In the dump (font glyph ids) a joiner is a glyph hb-shape does not give; the dump
            # lists the glyphs in the order they are written, as mutool's trace (subset glyph
            # ids) does, so the trace's joiners are the U+2060 glyphs at the same places.
            if len(item["glyphs"]) == len(glyphs):
                keep = [k for k, g in enumerate(glyphs) if g["unicode"] not in PDFJS_SPACES]
                glyphs = [glyphs[k] for k in keep]
                item = dict(item, glyphs=[item["glyphs"][k] for k in keep])
            spare = collections.Counter(g for g, _ in item["glyphs"]) - collections.Counter(h["g"] for h in hb)
            joiners = {g for g in spare if all(adv == 0 for gg, adv in item["glyphs"] if gg == g)}
            if joiners and len(item["glyphs"]) == len(glyphs):
                keep = [k for k, (g, _) in enumerate(item["glyphs"])
                        if g not in joiners or glyphs[k]["unicode"] != "\u2060" or glyphs[k]["adv"] != 0]
                glyphs = [glyphs[k] for k in keep]
                item = dict(item, glyphs=[item["glyphs"][k] for k in keep])
            if len(hb) != len(glyphs):
                t.fail("%s: mutool shows %d glyphs, hb-shape %d\n    %s"
                       % (where, len(glyphs), len(hb), shell_quote(cmd)))
                mismatches += 1
                continue
            # The PDF lists glyphs in the order they are written (in right-to-left runs the
            # marks come last, so that extraction keeps words whole), hb-shape in
            # visual order: pair them by glyph id and position, not by index.
            dump_gids = [g for g, _ in item["glyphs"]]
            hb_gids = [h["g"] for h in hb]
            if len(dump_gids) != len(glyphs):
                t.fail("%s: the dump lists %d glyphs, mutool %d" % (where, len(dump_gids), len(glyphs)))
                mismatches += 1
                continue
            if sorted(dump_gids) != sorted(hb_gids):
                t.fail("%s: glyph ids in the dump %s differ from hb-shape's %s"
                       % (where, dump_gids, hb_gids))
                mismatches += 1
            base_y = page["height"] - item["y"]
            wanted = []
            pen = 0.0
            for h in hb:
                wanted.append((h["g"], item["x"] + (pen + h["dx"]) / 1000.0, h["dy"] / 1000.0))
                pen += h["ax"]
            used = [False] * len(wanted)
            bad_here = 0
            for i, g in enumerate(glyphs):
                gid = dump_gids[i]
                got = (g["x"], g["y"] - base_y)
                compared += 1
                match = None
                for k, (wg, wx, wy) in enumerate(wanted):
                    if not used[k] and wg == gid and abs(wx - got[0]) <= ORACLE_TOLERANCE \
                            and abs(wy - got[1]) <= ORACLE_TOLERANCE:
                        match = k
                        break
                if match is None:
                    mismatches += 1
                    bad_here += 1
                    near = [(round(wx, 3), round(wy, 3)) for wg, wx, wy in wanted if wg == gid]
                    t.fail("%s glyph %d (gid %d, %r): at (%.3f, %.3f) pt in the PDF; hb-shape puts "
                           "gid %d at %s" % (where, i, gid, g["unicode"], got[0], got[1], gid, near))
                else:
                    used[match] = True
            print("%s %s: %d glyphs, size %g, font %s"
                  % ("PASS" if not bad_here else "FAIL", where, len(glyphs), size, font_name))
    print("oracle: %d glyphs compared in %d paragraphs, %d mismatches"
          % (compared, paragraphs_checked, mismatches))
    return not t.failures and compared > 0


# ---------------------------------------------------------------------------------------------
# 5. determinism

def iso_to_epoch(s):
    s = s.strip()
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    return int(datetime.datetime.fromisoformat(s).timestamp())


def cmd_determinism(ctx):
    require_tools("pdfinfo")
    t = Tally("determinism")
    checked = 0
    for name in ("mixed-en", "mixed-ar"):
        article = ctx.src("tests", "data", name + ".json")
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
        env_other = dict(os.environ, SOURCE_DATE_EPOCH=str(OTHER_EPOCH))
        a = render(ctx, article, ctx.out("determinism-%s-a.pdf" % name), env=env)
        b = render(ctx, article, ctx.out("determinism-%s-b.pdf" % name), env=env)
        c = render(ctx, article, ctx.out("determinism-%s-c.pdf" % name), env=env_other)
        checked += 3
        with open(a, "rb") as f:
            da = f.read()
        with open(b, "rb") as f:
            db = f.read()
        with open(c, "rb") as f:
            dc = f.read()
        if da != db:
            first = next((i for i in range(min(len(da), len(db))) if da[i] != db[i]),
                         min(len(da), len(db)))
            t.fail("%s: two renders with SOURCE_DATE_EPOCH=%d differ (sizes %d and %d, first "
                   "difference at byte %d: %r vs %r)" % (name, EPOCH, len(da), len(db), first,
                                                         da[first:first + 40],
                                                         db[first:first + 40]))
        else:
            print("PASS %s: two renders with SOURCE_DATE_EPOCH=%d are byte-identical (%d bytes)"
                  % (name, EPOCH, len(da)))
        if da == dc:
            t.fail("%s: renders with SOURCE_DATE_EPOCH=%d and %d are identical: the date does "
                   "not come from the variable" % (name, EPOCH, OTHER_EPOCH))
        else:
            print("PASS %s: SOURCE_DATE_EPOCH=%d gives different bytes" % (name, OTHER_EPOCH))
        for pdf, epoch in ((a, EPOCH), (c, OTHER_EPOCH)):
            info = pdfinfo(pdf, "-isodates")
            want = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
            for key in ("CreationDate", "ModDate"):
                if key not in info:
                    if key == "CreationDate":
                        t.fail("%s: pdfinfo shows no CreationDate" % os.path.basename(pdf))
                    continue
                try:
                    got = iso_to_epoch(info[key])
                except ValueError:
                    t.fail("%s: cannot parse pdfinfo %s %r" % (os.path.basename(pdf), key,
                                                                info[key]))
                    continue
                if t.check(got == epoch, "%s: pdfinfo %s is %s, expected %s (SOURCE_DATE_EPOCH=%d)"
                           % (os.path.basename(pdf), key, info[key], want.isoformat(), epoch)):
                    print("PASS %s: %s %s" % (os.path.basename(pdf), key, info[key]))
    print("determinism: %d renders checked, %d failures" % (checked, len(t.failures)))
    return not t.failures


# ---------------------------------------------------------------------------------------------
# 6. bad input

GOOD_ARTICLE = {"lang": "en", "title": "T",
                "blocks": [{"type": "paragraph", "text": "Some text."}]}


def cmd_badinput(ctx):
    t = Tally("badinput")
    base = ctx.out("badinput")
    if os.path.exists(base):
        shutil.rmtree(base)
    os.makedirs(base)
    good_article = ctx.src("tests", "data", "mixed-en.json")

    def article_json(**changes):
        d = json.loads(json.dumps(GOOD_ARTICLE))
        d.update(changes)
        return json.dumps(d, ensure_ascii=False, indent=2) + "\n"

    bad_layout = load_json(ctx.layout)
    bad_layout["fonts"]["dir"] = ctx.src("fonts")  # the only fault is the page size
    bad_layout["page"]["size"] = "A9"
    bad_layout_text = json.dumps(bad_layout, ensure_ascii=False, indent=2) + "\n"

    truncated = ('{\n  "lang": "en",\n  "title": "T",\n  "blocks": [\n'
                 '    { "type": "paragraph", "text": "Trunc')  # ends on line 5, no newline

    # (name, article, layout, output, regexes that stderr must match (re.M)).
    # article: JSON text to write, "GOOD" (a valid test article), "MISSING" or "DIRECTORY";
    # layout: None (the default layout), JSON text to write, or "MISSING";
    # output: None (out.pdf) or a path relative to the case's empty output folder.
    # In the regexes {A}, {L} and {O} stand for the article, layout and output paths.
    cases = [
        ("json-syntax", truncated, None, None,
         [r"^{A}:5:\d+: error: "]),
        ("wrong-type", article_json(title=5), None, None,
         [r"^{A}:\d+:\d+: error: .*\(at /title\)$"]),
        ("unknown-key", '{ "lang": "en", "title": "T", "blokcs": [] }\n', None, None,
         [r'^{A}:\d+:\d+: error: .*did you mean "blocks".*\(at /blokcs\)$']),
        ("unknown-block-type", article_json(blocks=[{"type": "pargraph", "text": "x"}]),
         None, None,
         [r'^{A}:\d+:\d+: error: .*did you mean "paragraph".*\(at /blocks/0/type\)$']),
        ("heading-level-7",
         article_json(blocks=[{"type": "heading", "level": 7, "text": "x"}]), None, None,
         [r"^{A}:\d+:\d+: error: .*\(at /blocks/0/level\)$"]),
        ("short-table-row",
         article_json(blocks=[{"type": "table", "header": ["a", "b"], "rows": [["x"]]}]),
         None, None,
         [r"^{A}:\d+:\d+: error: .*\(at /blocks/0/rows/0\)$"]),
        ("missing-article", "MISSING", None, None,
         [r"^{A}: error: .*no such file"]),
        ("directory-article", "DIRECTORY", None, None,
         [r"^{A}: error: .*directory"]),
        ("missing-layout", "GOOD", "MISSING", None,
         [r"^{L}: error: .*no such file"]),
        ("layout-wrong-type", "GOOD", bad_layout_text, None,
         [r'^{L}:\d+:\d+: error: .*"A9".*\(at /page/size\)$']),
        ("uncovered-character",
         article_json(blocks=[{"type": "paragraph", "text": "old italic \U00010300 here"}]),
         None, None,
         [r"^{A}:\d+:\d+: error: .*U\+10300.*\(at /blocks/0/text\)$"]),
        ("javascript-link",
         article_json(blocks=[{"type": "paragraph",
                               "text": [{"text": "click", "href": "javascript:alert(1)"}]}]),
         None, None,
         [r"^{A}:\d+:\d+: error: .*javascript:.*\(at /blocks/0/text/0/href\)$"]),
        ("empty-file", "", None, None,
         [r"^{A}:1:1: error: .*(empty|end of (input|file))"]),
        ("output-folder-missing", "GOOD", None, "no-such-folder/out.pdf",
         [r"^{O}: error: .*(does not exist|no such file)"]),
    ]
    for name, art, lay, outrel, regexes in cases:
        case_dir = os.path.join(base, name)
        in_dir = os.path.join(case_dir, "in")
        out_dir = os.path.join(case_dir, "out")
        os.makedirs(in_dir)
        os.makedirs(out_dir)
        # article
        if art == "GOOD":
            article = good_article
        else:
            article = os.path.join(in_dir, name + ".json")
            if art == "DIRECTORY":
                os.makedirs(article)
            elif art != "MISSING":
                with open(article, "w", encoding="utf-8") as f:
                    f.write(art)
        # layout
        if lay is None:
            layout = ctx.layout
        else:
            layout = os.path.join(in_dir, name + "-layout.json")
            if lay != "MISSING":
                with open(layout, "w", encoding="utf-8") as f:
                    f.write(lay)
        out_pdf = os.path.join(out_dir, outrel or "out.pdf")
        cmd = [ctx.handout, "render", article, "--layout", layout, "-o", out_pdf]
        rc, out, err = run(cmd, check=False)
        problems = []
        expected_rc = 3 if outrel else 2  # 3: the output cannot be written; 2: the input is refused
        if rc != expected_rc:
            problems.append("exit status %d, expected %d" % (rc, expected_rc))
        for rx in regexes:
            rx = rx.replace("{A}", re.escape(article)).replace("{L}", re.escape(layout)) \
                   .replace("{O}", re.escape(out_pdf))
            if not re.search(rx, err, re.M):
                problems.append("stderr does not match /%s/" % rx)
        if os.path.lexists(out_pdf):
            problems.append("output file exists: " + out_pdf)
        leftovers = []
        for root, dirs, files in os.walk(out_dir):
            leftovers += [os.path.join(root, x) for x in files + dirs]
        if leftovers:
            problems.append("files left in the output folder: " + ", ".join(leftovers))
        if problems:
            t.fail("%s: %s\n    command: %s\n    stderr: %s"
                   % (name, "; ".join(problems), shell_quote(cmd), err.strip()))
        print("%s %s: %s" % ("FAIL" if problems else "PASS", name, err.strip().splitlines()[0]
                               if err.strip() else "(no stderr)"))
    print("badinput: %d cases, %d failures" % (len(cases), len(t.failures)))
    return not t.failures


# ---------------------------------------------------------------------------------------------
# shared by margins, tables and refimages: word boxes and page geometry

MM = 72.0 / 25.4
LENGTH_UNITS = {"pt": 1.0, "mm": MM, "cm": 10 * MM, "in": 72.0}
# Named page sizes of the layout schema, in points (ISO sizes from millimetres).
PAGE_SIZES = {"a3": (297 * MM, 420 * MM), "a4": (210 * MM, 297 * MM),
              "a5": (148 * MM, 210 * MM), "a6": (105 * MM, 148 * MM), "letter": (612.0, 792.0), "legal": (612.0, 1008.0)}
DEFAULT_MARGINS = {"top": "20mm", "bottom": "20mm", "start": "18mm", "end": "18mm"}
RTL_LANGS = {"ar", "he", "fa", "ur"}


def is_rtl(lang):
    return str(lang).split("-")[0].lower() in RTL_LANGS


def length_pt(value, where):
    """A layout length (number = pt, or a string with pt/mm/cm/in) in points."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        m = re.fullmatch(r"((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)(pt|mm|cm|in)?",
                         value)
        if m:
            return float(m.group(1)) * LENGTH_UNITS[m.group(2) or "pt"]
    raise Fail("%s: cannot read the length %r" % (where, value))


def layout_geometry(layout_path):
    """Page width, height and margins (top, bottom, start, end) in points of a layout file."""
    spec = load_json(layout_path)
    page = spec.get("page", {})
    size = page.get("size", "A4")
    if isinstance(size, str):
        if size.lower() not in PAGE_SIZES:
            raise Fail("%s: unknown page size %r" % (layout_path, size))
        width, height = PAGE_SIZES[size.lower()]
    else:
        width = length_pt(size["width"], layout_path + " /page/size/width")
        height = length_pt(size["height"], layout_path + " /page/size/height")
    margins = dict(DEFAULT_MARGINS)
    given = dict(page.get("margins", {}))
    # Facing pages: inside and outside are the first page's start and end margins.
    facing = "inside" in given or "outside" in given
    if "inside" in given:
        given["start"] = given.pop("inside")
    if "outside" in given:
        given["end"] = given.pop("outside")
    margins.update(given)
    geo = {"width": width, "height": height, "facing": facing}
    for side in ("top", "bottom", "start", "end"):
        geo[side] = length_pt(margins[side], "%s /page/margins/%s" % (layout_path, side))
    return geo


def layout_files(ctx):
    """Every layout of layouts/*.json except the schema."""
    folder = ctx.src("layouts")
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder)
                   if f.endswith(".json") and f != "layout.schema.json")
    if not files:
        raise Fail("no layouts found in " + folder)
    return files


def only_format_chars(text):
    """Whether text is empty or made only of format characters (Cf: U+2060, U+200D...)."""
    return all(unicodedata.category(c) == "Cf" for c in text)


def bbox_pages(pdf, html):
    """pdftotext -bbox-layout: [{number, width, height, words: [{text, x0, y0, x1, y1}]}].

    y grows downwards from the top of the page, as pdftotext writes it.
    """
    run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", pdf, html])
    try:
        root = ET.parse(html).getroot()
    except ET.ParseError as e:
        raise Fail("cannot parse pdftotext -bbox-layout output %s: %s" % (html, e))

    def local(tag):
        return tag.rsplit("}", 1)[-1]

    pages = []
    for el in root.iter():
        if local(el.tag) != "page":
            continue
        words = []
        for w in el.iter():
            # A glyph that stands for no text (a mark whose letter carries its text, written
            # after its run) has U+2060 as its text, and poppler may make it a word of its own:
            # a word of format characters only is no word.
            if local(w.tag) == "word" and not only_format_chars(w.text or ""):
                words.append({"text": w.text or "",
                              "x0": float(w.get("xMin")), "y0": float(w.get("yMin")),
                              "x1": float(w.get("xMax")), "y1": float(w.get("yMax"))})
        pages.append({"number": len(pages) + 1, "width": float(el.get("width")),
                      "height": float(el.get("height")), "words": words})
    return pages


def has_rtl_chars(text):
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def show_word(text):
    """A word of -bbox-layout output for a message: right-to-left words come in visual order,
    so the reversed (logical) form is shown as well."""
    if has_rtl_chars(text):
        return "%r (reversed: %r)" % (text, text[::-1])
    return repr(text)


def box_forms(text):
    """The words of one -bbox-layout word box; right-to-left words also reversed (pdftotext
    writes them in visual order, i.e. reversed)."""
    ws = words_of(normalise(text))
    return set(ws) | {w[::-1] for w in ws if has_rtl_chars(w)}


def page_words(pdf, page):
    """Words (normalised) of one page, from pdftotext -f N -l N."""
    _, out, _ = run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), pdf, "-"])
    return set(words_of(normalise(out)))


def page_count(pdf):
    pages = pdfinfo(pdf).get("Pages", "")
    if not pages.isdigit():
        raise Fail("%s: pdfinfo shows no page count" % pdf)
    return int(pages)


# ---------------------------------------------------------------------------------------------
# 7. margins: no word near the page edge or in the layout's left/right margins

EDGE_MIN = 5 * MM           # 14.17 pt: minimum distance of any word from any page edge
MARGIN_TOLERANCE = 0.5      # points
SIZE_TOLERANCE = 0.5        # points, page size against the layout
MAX_LISTED = 12             # offending words listed per PDF


def margin_problems(page, left, right, names):
    """Words of a page in the left or right margin; names = (left name, right name)."""
    out = []
    for w in page["words"]:
        where = "page %d word %s box (%.2f, %.2f)-(%.2f, %.2f)" % (
            page["number"], show_word(w["text"]), w["x0"], w["y0"], w["x1"], w["y1"])
        if w["x0"] < left - MARGIN_TOLERANCE:
            out.append("%s: in the left (%s) margin: x %.2f < %.2f pt"
                       % (where, names[0], w["x0"], left))
        if w["x1"] > page["width"] - right + MARGIN_TOLERANCE:
            out.append("%s: in the right (%s) margin: x %.2f > %.2f pt"
                       % (where, names[1], w["x1"], page["width"] - right))
    return out


def margin_jobs(ctx):
    """(name, layout, articles, orientations) to render and check.

    An orientation is (left margin, right margin, (left name, right name)). A one-language
    layout renders each seed article: the start margin is on the left for left-to-right text,
    on the right for right-to-left text. A bilingual layout (with a "bilingual" key) renders
    the two translations into one PDF; a page of it may hold either language (or both, side by
    side), so each page must fit one of the two orientations (they are the same when start and
    end are equal).
    """
    seeds = [ctx.src("content", "stem-cell-therapy", lang + ".json") for lang in ("en", "ar")]
    for p in seeds:
        if not os.path.isfile(p):
            raise Fail("seed article missing: " + p)
    jobs = []
    for layout in layout_files(ctx):
        lname = os.path.splitext(os.path.basename(layout))[0]
        if any(k in load_json(layout) for k in ("panels", "imposition", "bleed", "marks")):
            continue  # print-shop sheets: brochure_checks.py checks their trim and panels
        geo = layout_geometry(layout)
        ltr = (geo["start"], geo["end"], ("start", "end"))
        rtl = (geo["end"], geo["start"], ("end", "start"))
        if "bilingual" in load_json(layout):
            jobs.append(("%s-en+ar" % lname, layout, seeds, geo, [ltr, rtl]))
            continue
        for article in seeds:
            lang = load_json(article).get("lang", "")
            jobs.append(("%s-%s" % (lname, lang), layout, [article], geo,
                         [rtl if is_rtl(lang) else ltr]))
    return jobs


def cmd_margins(ctx):
    require_tools("pdftotext")
    t = Tally("margins")
    n_pdfs = n_words = 0
    for name, layout, articles, geo, orientations in margin_jobs(ctx):
        pdf = render(ctx, articles, ctx.out("margins-%s.pdf" % name), layout=layout)
        pages = bbox_pages(pdf, ctx.out("margins-%s.html" % name))
        n_pdfs += 1
        problems = []
        words_here = 0
        closest = {"left": 1e9, "right": 1e9, "top": 1e9, "bottom": 1e9}
        if not pages:
            problems.append("pdftotext -bbox-layout shows no pages")
        for page in pages:
            pw, ph = page["width"], page["height"]
            if abs(pw - geo["width"]) > SIZE_TOLERANCE or abs(ph - geo["height"]) > SIZE_TOLERANCE:
                problems.append("page %d is %.2f x %.2f pt, the layout says %.2f x %.2f pt"
                                % (page["number"], pw, ph, geo["width"], geo["height"]))
            if not page["words"]:
                problems.append("page %d has no words" % page["number"])
            for w in page["words"]:
                words_here += 1
                dist = {"left": w["x0"], "right": pw - w["x1"], "top": w["y0"],
                        "bottom": ph - w["y1"]}
                for k, v in dist.items():
                    closest[k] = min(closest[k], v)
                    if v < EDGE_MIN:
                        problems.append("page %d word %s box (%.2f, %.2f)-(%.2f, %.2f): %.2f pt "
                                        "from the %s edge, less than 5 mm (%.2f pt)"
                                        % (page["number"], show_word(w["text"]), w["x0"], w["y0"],
                                           w["x1"], w["y1"], v, k, EDGE_MIN))
            # Header and footer sit in the top and bottom margins by design: only x is checked.
            # Facing pages: an even page has the inside and outside margins the other way.
            here = orientations
            if geo.get("facing") and page["number"] % 2 == 0:
                here = [(right, left, (names[1], names[0])) for left, right, names in orientations]
            found = [margin_problems(page, left, right, names)
                     for left, right, names in here]
            if all(found):
                problems.extend(min(found, key=len))
        n_words += words_here
        sides = " or ".join("left %.2f / right %.2f" % (l, r) for l, r in
                            sorted(set((o[0], o[1]) for o in orientations)))
        summary = ("%d pages, %d words; margins %s pt; closest word to the left %.2f, right "
                   "%.2f, top %.2f, bottom %.2f pt"
                   % (len(pages), words_here, sides, closest["left"], closest["right"],
                      closest["top"], closest["bottom"]))
        if problems:
            listed = "\n    ".join(problems[:MAX_LISTED])
            more = ("\n    ... and %d more" % (len(problems) - MAX_LISTED)
                    if len(problems) > MAX_LISTED else "")
            t.fail("%s (%s): %d problem(s):\n    %s%s\n    (%s)"
                   % (name, pdf, len(problems), listed, more, summary))
        else:
            print("PASS %s: %s" % (name, summary))
    print("margins: %d PDFs, %d words checked, %d failures" % (n_pdfs, n_words, len(t.failures)))
    return not t.failures and n_pdfs > 0


# ---------------------------------------------------------------------------------------------
# 8. tables: a long table across pages

TABLE_ARTICLES = ("long-table-en", "long-table-ar")


def furniture_strings(node):
    """Every string of a layout's header or footer (templates and their translations)."""
    if isinstance(node, str):
        yield re.sub(r"\{[^}]*\}", " ", node)
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in ("logo", "logo_alt", "logo_height", "rule", "on_first_page"):
                yield from furniture_strings(v)


def table_words(ctx, article):
    """Header words and the words that occur in the body rows and nowhere else on the page.

    The article must have exactly one table whose header cells are single words that occur
    nowhere else (rows, caption, other blocks, title, running header and footer), so that
    finding a header word on a page means finding the header row.
    """
    doc = load_json(article)
    tables = [b for b in doc.get("blocks", []) if b.get("type") == "table"]
    if len(tables) != 1:
        raise Fail("%s: test data must have exactly one table, has %d" % (article, len(tables)))
    table = tables[0]
    header = []
    for cell in table["header"]:
        ws = words_of(normalise(inline_text(cell)))
        if len(ws) != 1:
            raise Fail("%s: test data: header cell %r must be a single word" % (article, cell))
        header.append(ws[0])
    body = set()
    for row in table["rows"]:
        for cell in row:
            body |= set(words_of(normalise(inline_text(cell))))
    other = set()
    for k, v in doc.items():
        if k != "blocks":
            for s in source_strings(v, k):
                other |= set(words_of(normalise(s)))
    for b in doc["blocks"]:
        if b is not table:
            for s in source_strings(b):
                other |= set(words_of(normalise(s)))
    if table.get("caption") is not None:
        other |= set(words_of(normalise(inline_text(table["caption"]))))
    spec = load_json(ctx.layout)
    for part in ("header", "footer"):
        for s in furniture_strings(spec.get(part, {})):
            other |= set(words_of(normalise(s)))
    folded_elsewhere = {w.casefold() for w in body | other}
    for h in header:
        if h.casefold() in folded_elsewhere:
            raise Fail("%s: test data: header word %r also occurs outside the header row"
                       % (article, h))
    unique = {w for w in body - other if not w.isdigit()}
    if len(unique) < 20:
        raise Fail("%s: test data: only %d words occur in the body rows alone" % (article, len(unique)))
    return header, unique


def table_span(pdf, unique):
    """First and last page with body-row text, and the words of every page."""
    n = page_count(pdf)
    words = {p: page_words(pdf, p) for p in range(1, n + 1)}
    with_rows = [p for p in range(1, n + 1) if words[p] & unique]
    if not with_rows:
        raise Fail("%s: no body-row text on any page" % pdf)
    return with_rows[0], with_rows[-1], words


def cmd_tables(ctx):
    require_tools("pdftotext", "pdfinfo")
    t = Tally("tables")
    pages_checked = 0
    for name in TABLE_ARTICLES:
        article = ctx.src("tests", "data", name + ".json")
        if not os.path.isfile(article):
            raise Fail("test article missing: " + article)
        rtl = is_rtl(load_json(article).get("lang", ""))
        header, unique = table_words(ctx, article)
        pdf = render(ctx, article, ctx.out("tables-%s.pdf" % name))
        first, last, words = table_span(pdf, unique)
        span = list(range(first, last + 1))
        bad_before = len(t.failures)
        t.check(last > first, "%s: the table fits on page %d; the test needs it to break "
                "across pages" % (name, first))
        # 1. the header words on every page of the table (plain pdftotext, per page)
        for p in span:
            missing = [h for h in header if h not in words[p]]
            t.check(not missing, "%s: page %d of the table (pages %d-%d) lacks the header "
                    "word(s) %s" % (name, p, first, last, ", ".join(repr(h) for h in missing)))
        # 2. word boxes: column order, and the header never alone at a page's top or bottom
        pages = bbox_pages(pdf, ctx.out("tables-%s.html" % name))
        header_pages = []
        for page in pages:
            p = page["number"]
            boxes = [[w for w in page["words"] if h in box_forms(w["text"])] for h in header]
            if not any(boxes):
                continue
            header_pages.append(p)
            pages_checked += 1
            if p not in span:
                t.fail("%s: page %d shows header words but no body row (table on pages %d-%d)"
                       % (name, p, first, last))
            counts = [len(b) for b in boxes]
            if counts != [1] * len(header):
                t.fail("%s: page %d: the header words %s occur %s times, expected once each"
                       % (name, p, header, counts))
                continue
            hb = [b[0] for b in boxes]
            if max(w["y1"] for w in hb) - min(w["y1"] for w in hb) > 2.0:
                t.fail("%s: page %d: the header words are not on one line: %s"
                       % (name, p, ", ".join("%s y %.2f-%.2f" % (show_word(w["text"]), w["y0"],
                                                                 w["y1"]) for w in hb)))
            xs = ", ".join("%s x %.2f-%.2f" % (show_word(w["text"]), w["x0"], w["x1"]) for w in hb)
            for a, b in zip(hb, hb[1:]):
                if rtl:
                    ok = a["x0"] >= b["x1"]
                    want = "right"
                else:
                    ok = a["x1"] <= b["x0"]
                    want = "left"
                t.check(ok, "%s: page %d: header cell %s should stand to the %s of %s "
                        "(%s)" % (name, p, show_word(a["text"]), want, show_word(b["text"]), xs))
            top = min(w["y0"] for w in hb)
            bottom = max(w["y1"] for w in hb)
            row_words = [w for w in page["words"] if box_forms(w["text"]) & unique]
            below = [w for w in row_words if (w["y0"] + w["y1"]) / 2 > bottom]
            above = [w for w in row_words if (w["y0"] + w["y1"]) / 2 < top]
            t.check(below, "%s: page %d: the header row (y %.2f-%.2f) has no body row below it: "
                    "header alone at the bottom of the page" % (name, p, top, bottom))
            t.check(not above, "%s: page %d: body-row text above the header row (y %.2f): %s"
                    % (name, p, top, ", ".join("%s at y %.2f" % (show_word(w["text"]), w["y0"])
                                               for w in above[:5])))
        t.check(header_pages == span, "%s: header row found on pages %s by -bbox-layout, "
                "expected the table's pages %s" % (name, header_pages, span))
        ok = len(t.failures) == bad_before
        print("%s %s: table on pages %d-%d of %d, header %s on pages %s, %s column order"
              % ("PASS" if ok else "FAIL", name, first, last, len(words), header, header_pages,
                 "right-to-left" if rtl else "left-to-right"))
    print("tables: %d table pages checked, %d failures" % (pages_checked, len(t.failures)))
    return not t.failures and pages_checked > 0


# ---------------------------------------------------------------------------------------------
# 9. reference images: what only pixels show

REF_DPI = 40
REF_MEAN_MAX = 2.0          # mean absolute difference, of 255
REF_BIG_DIFF = 64           # a pixel differs "much" above this
REF_BIG_FRACTION = 0.01     # at most this share of pixels may differ much
REF_MAX_BYTES = 30 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def ref_cases(ctx):
    """(name, article, page or 'table-continued', layout or None, extra render arguments)."""
    pictures = ["--allow-path", ctx.src("content", "wound-care")]
    return [("list-ar", ctx.src("tests", "data", "ref-list-ar.json"), 1, None, ()),
            ("faq-en", ctx.src("tests", "data", "ref-faq-en.json"), 1, None, ()),
            ("table-ar-continued", ctx.src("tests", "data", "long-table-ar.json"),
             "table-continued", None, ()),
            # Column widths for the shortest table (a header wraps at its spaces before the
            # notes wrap deep) and doses aligned on their units among words (issue 16, point 2).
            ("table-en-widths", ctx.src("tests", "data", "heldout-fever-en.json"), 2, None, ()),
            ("figure-en", ctx.src("tests", "data", "ref-figure-en.json"), 1, None, pictures),
            ("figure-ar", ctx.src("tests", "data", "ref-figure-ar.json"), 1, None, pictures),
            ("qr-footer-ar", ctx.src("tests", "data", "ref-qr-ar.json"), 1, ctx.src("layouts", "a4-clinic.json"),
             ("--brand", ctx.src("brands", "al-noor.json"))),
            ("kashida-ar", ctx.src("tests", "data", "ref-kashida-ar.json"), 1, ctx.src("layouts", "a4-kashida.json"), ())]


def read_pgm(path):
    """(width, height, bytes) of a binary 8-bit PGM (P5)."""
    with open(path, "rb") as f:
        data = f.read()
    tokens, pos = [], 0
    while len(tokens) < 4:
        while pos < len(data) and data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            while pos < len(data) and data[pos:pos + 1] != b"\n":
                pos += 1
            continue
        start = pos
        while pos < len(data) and not data[pos:pos + 1].isspace():
            pos += 1
        if start == pos:
            raise Fail("%s: truncated PGM header" % path)
        tokens.append(data[start:pos])
    pos += 1
    if tokens[0] != b"P5" or tokens[3] != b"255":
        raise Fail("%s: not an 8-bit binary PGM (header %r)" % (path, tokens))
    width, height = int(tokens[1]), int(tokens[2])
    pixels = data[pos:pos + width * height]
    if len(pixels) != width * height:
        raise Fail("%s: PGM has %d pixel bytes, expected %d" % (path, len(pixels), width * height))
    return width, height, bytes(pixels)


def rasterise(pdf, page, prefix):
    """Page of a PDF as an 8-bit grayscale image (pdftoppm -gray writes PGM)."""
    run(["pdftoppm", "-r", str(REF_DPI), "-gray", "-f", str(page), "-l", str(page),
         "-singlefile", pdf, prefix])
    return read_pgm(prefix + ".pgm")


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_encode_gray(width, height, pixels):
    """An 8-bit grayscale PNG; each row takes the filter (0-4) with the least sum of
    absolute signed values, the usual heuristic."""
    raw = bytearray()
    prev = bytes(width)
    for y in range(height):
        row = pixels[y * width:(y + 1) * width]
        cands = [
            (0, bytes(row)),
            (1, bytes((row[x] - (row[x - 1] if x else 0)) & 255 for x in range(width))),
            (2, bytes((row[x] - prev[x]) & 255 for x in range(width))),
            (3, bytes((row[x] - (((row[x - 1] if x else 0) + prev[x]) >> 1)) & 255
                      for x in range(width))),
            (4, bytes((row[x] - paeth(row[x - 1] if x else 0, prev[x],
                                      prev[x - 1] if x else 0)) & 255 for x in range(width))),
        ]
        ftype, line = min(cands, key=lambda c: sum(v if v < 128 else 256 - v for v in c[1]))
        raw.append(ftype)
        raw += line
        prev = row
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (PNG_SIGNATURE + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + png_chunk(b"IEND", b""))


def png_decode_gray(data, where):
    """(width, height, bytes) of an 8-bit grey, RGB or RGBA non-interlaced PNG (filters 0-4),
    as grey (ITU-R 601 luma; alpha ignored)."""
    if data[:8] != PNG_SIGNATURE:
        raise Fail("%s: not a PNG file" % where)
    pos, ihdr, idat = 8, None, bytearray()
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = data[pos + 8 + length:pos + 12 + length]
        if len(body) != length or len(crc) != 4:
            raise Fail("%s: truncated PNG chunk %r" % (where, kind))
        if struct.unpack(">I", crc)[0] != zlib.crc32(kind + body):
            raise Fail("%s: bad CRC in PNG chunk %r" % (where, kind))
        pos += 12 + length
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if ihdr is None:
        raise Fail("%s: PNG without IHDR" % where)
    width, height, depth, color, comp, filt, interlace = ihdr
    channels = {0: 1, 2: 3, 6: 4}.get(color)
    if (depth, comp, filt, interlace) != (8, 0, 0, 0) or channels is None:
        raise Fail("%s: PNG is not 8-bit grey, RGB or RGBA non-interlaced (bit depth %d, colour type %d, "
                   "interlace %d)" % (where, depth, color, interlace))
    try:
        raw = zlib.decompress(bytes(idat))
    except zlib.error as e:
        raise Fail("%s: bad PNG image data: %s" % (where, e))
    stride = width * channels
    if len(raw) != height * (stride + 1):
        raise Fail("%s: PNG image data has %d bytes, expected %d"
                   % (where, len(raw), height * (stride + 1)))
    out = bytearray()
    prev = bytearray(stride)
    c = channels
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ftype == 1:
            for x in range(c, stride):
                line[x] = (line[x] + line[x - c]) & 255
        elif ftype == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif ftype == 3:
            for x in range(stride):
                line[x] = (line[x] + (((line[x - c] if x >= c else 0) + prev[x]) >> 1)) & 255
        elif ftype == 4:
            for x in range(stride):
                line[x] = (line[x] + paeth(line[x - c] if x >= c else 0, prev[x],
                                           prev[x - c] if x >= c else 0)) & 255
        elif ftype != 0:
            raise Fail("%s: PNG row %d has filter type %d" % (where, y, ftype))
        out += line
        prev = line
    if channels == 1:
        return width, height, bytes(out)
    r, g, b = out[0::c], out[1::c], out[2::c]
    return width, height, bytes((299 * r[i] + 587 * g[i] + 114 * b[i] + 500) // 1000
                                for i in range(width * height))


def compare_images(got, want):
    """(ok, message, diff bytes or None) of two (width, height, pixels) images."""
    if got[:2] != want[:2]:
        return False, "size %dx%d, the reference is %dx%d" % (got[0], got[1], want[0], want[1]), None
    diffs = [abs(a - b) for a, b in zip(got[2], want[2])]
    n = len(diffs)
    mean = sum(diffs) / n
    big = sum(1 for d in diffs if d > REF_BIG_DIFF)
    ok = mean < REF_MEAN_MAX and big <= REF_BIG_FRACTION * n
    msg = ("mean absolute difference %.3f (limit %.1f), %d of %d pixels (%.2f%%) differ by more "
           "than %d (limit %.0f%%)" % (mean, REF_MEAN_MAX, big, n, 100.0 * big / n, REF_BIG_DIFF,
                                       100 * REF_BIG_FRACTION))
    return ok, msg, bytes(255 - min(255, 4 * d) for d in diffs)


def shifted(img, dx):
    """The image moved dx pixels to the right, white coming in."""
    w, h, pix = img
    out = bytearray()
    for y in range(h):
        row = pix[y * w:(y + 1) * w]
        out += (bytes([255]) * dx + row[:w - dx]) if dx >= 0 else (row[-dx:] + bytes([255]) * -dx)
    return w, h, bytes(out)


def cmd_refimages(ctx):
    require_tools("pdftoppm", "pdftotext", "pdfinfo")
    update = os.environ.get("HANDOUT_UPDATE_REFERENCE") == "1"
    t = Tally("refimages")
    ref_dir = ctx.src("tests", "pdf", "reference")
    images = {}
    for name, article, page, layout, extra in ref_cases(ctx):
        if not os.path.isfile(article):
            raise Fail("test article missing: " + article)
        pdf = render(ctx, article, ctx.out("refimages-%s.pdf" % name), extra=extra, layout=layout)
        if page == "table-continued":
            _, unique = table_words(ctx, article)
            first, last, _ = table_span(pdf, unique)
            if last <= first:
                raise Fail("%s: the table does not continue on a second page" % name)
            page = first + 1
        n = page_count(pdf)
        if page > n:
            raise Fail("%s: page %d wanted, the PDF has %d" % (name, page, n))
        img = rasterise(pdf, page, ctx.out("refimages-%s" % name))
        png = png_encode_gray(*img)
        if png_decode_gray(png, name + " (encoded here)") != img:
            raise Fail("%s: the PNG encoder and decoder of this script disagree" % name)
        got_path = ctx.out("refimages-%s.png" % name)
        with open(got_path, "wb") as f:
            f.write(png)
        images[name] = img
        ref = os.path.join(ref_dir, name + ".png")
        where = "%s (page %d of %s at %d dpi)" % (name, page, os.path.basename(article), REF_DPI)
        if update:
            os.makedirs(ref_dir, exist_ok=True)
            with open(ref, "wb") as f:
                f.write(png)
            print("updated %s: %s, %dx%d, %d bytes" % (where, ref, img[0], img[1], len(png)))
            if len(png) > REF_MAX_BYTES:
                print("WARNING: %s is larger than %d bytes" % (ref, REF_MAX_BYTES))
            continue
        if not os.path.isfile(ref):
            t.fail("%s: no reference %s (run with HANDOUT_UPDATE_REFERENCE=1 to create it, after "
                   "looking at %s)" % (where, ref, got_path))
            continue
        with open(ref, "rb") as f:
            want = png_decode_gray(f.read(), ref)
        ok, msg, diff = compare_images(img, want)
        if ok:
            print("PASS %s: %s" % (where, msg))
        else:
            detail = ""
            if diff is not None:
                diff_path = ctx.out("refimages-%s-diff.png" % name)
                with open(diff_path, "wb") as f:
                    f.write(png_encode_gray(img[0], img[1], diff))
                detail = "; difference image %s" % diff_path
            t.fail("%s: differs from %s: %s; rendering %s%s"
                   % (where, ref, msg, got_path, detail))
    if update:
        print("refimages: updated %d references in %s" % (len(images), ref_dir))
        return True
    # The comparison must tell a visibly different page from the same page.
    for name, img in images.items():
        for dx in (2, -2):
            ok, msg, _ = compare_images(shifted(img, dx), img)
            if t.check(not ok, "%s: the comparison accepts the page shifted by %d pixels (%s): "
                       "the tolerance is too loose" % (name, dx, msg)):
                print("PASS %s shifted by %+d px is rejected: %s" % (name, dx, msg))
    names = sorted(images)
    for a, b in zip(names, names[1:]):
        if images[a][:2] == images[b][:2]:
            ok, msg, _ = compare_images(images[a], images[b])
            if t.check(not ok, "the comparison accepts %s as %s (%s)" % (a, b, msg)):
                print("PASS %s against %s is rejected: %s" % (a, b, msg))
    print("refimages: %d pages compared, %d failures" % (len(images), len(t.failures)))
    return not t.failures and len(images) > 0


# ---------------------------------------------------------------------------------------------
# 10. content streams: text state written once, text objects not split needlessly

CONTENT_TOKEN = re.compile(
    rb"%[^\r\n]*|<<|>>|\[|\]|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|/[^\s/\[\]<>()%{}]*"
    rb"|[+-]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"][A-Za-z0-9*'\"]*")


def content_operations(data):
    """(operands, operator) of a content stream; arrays and dictionaries as nested lists."""
    ops, stack = [], [[]]
    for m in CONTENT_TOKEN.finditer(data):
        tok = m.group(0)
        if tok.startswith(b"%"):
            continue
        if tok in (b"[", b"<<"):
            stack.append([])
        elif tok in (b"]", b">>"):
            inner = stack.pop()
            stack[-1].append(inner)
        elif re.match(rb"[A-Za-z'\"]", tok) and tok not in (b"true", b"false", b"null") and len(stack) == 1:
            ops.append((stack[0], tok.decode()))
            stack[0] = []
        else:
            stack[-1].append(tok)
    return ops


def page_contents(pdf, work):
    """Each page's content, uncompressed (qpdf --qdf), as bytes, in page order."""
    qdf = pdf + ".qdf"
    run(["qpdf", "--qdf", "--stream-data=uncompress", "--object-streams=disable", pdf, qdf])
    data = open(qdf, "rb").read()
    pages = {}
    for m in re.finditer(rb"%% Contents for page (\d+)\n(?:%%[^\n]*\n)*\d+ 0 obj\n<<.*?>>\nstream\n(.*?)endstream", data, re.S):
        pages.setdefault(int(m.group(1)), []).append(m.group(2))
    return [b"\n".join(pages[k]) for k in sorted(pages)]


def content_problems(ops):
    """What a page's operators repeat or split needlessly, and where marked content and text
    objects do not nest. Returns (problems, counts of BT, Tf, rg and TJ)."""
    problems = []
    counts = {"BT": 0, "Tf": 0, "rg": 0, "TJ": 0}
    state = {"font": None, "color": None}
    saved = []
    nest = []          # "BT" and "MC", innermost last
    last_et = None     # index of the last ET, while only marked content follows it
    for i, (operands, op) in enumerate(ops):
        if op in counts:
            counts[op] += 1
        if op == "q":
            saved.append(dict(state))
        elif op == "Q" and saved:
            state = saved.pop()
        elif op == "Tf":
            font = (operands[0], float(operands[1]))
            if font == state["font"]:
                problems.append("operation %d: Tf sets the font and size already set (%s %g)"
                                % (i, font[0].decode(), font[1]))
            state["font"] = font
        elif op == "rg":
            color = tuple(float(x) for x in operands)
            if color == state["color"]:
                problems.append("operation %d: rg sets the colour already set %s" % (i, color))
            state["color"] = color
        elif op == "BT":
            if last_et is not None:
                problems.append("operations %d-%d: a text object ends and the next begins with only "
                                "marked content between them" % (last_et, i))
            if "BT" in nest:
                problems.append("operation %d: BT inside a text object" % i)
            nest.append("BT")
        elif op == "ET":
            if not nest or nest[-1] != "BT":
                problems.append("operation %d: ET closes %s" % (i, "marked content opened inside the text object"
                                                                 if nest else "no text object"))
            while nest and nest.pop() != "BT":
                pass
        elif op in ("BDC", "BMC"):
            nest.append("MC")
        elif op == "EMC":
            if not nest or nest[-1] != "MC":
                problems.append("operation %d: EMC %s" % (i, "inside a text object closes marked content opened outside it"
                                                          if nest else "closes nothing"))
            else:
                nest.pop()
        if op == "ET":
            last_et = i
        elif op not in ("BDC", "BMC", "EMC"):
            last_et = None
    if nest:
        problems.append("the page ends inside %s" % " ".join(nest))
    return problems, counts


def cmd_content(ctx):
    require_tools("qpdf")
    t = Tally("content")
    seed = ctx.src("content", "stem-cell-therapy")
    cases = [("seed-en", [os.path.join(seed, "en.json")], ctx.layout),
             ("seed-ar", [os.path.join(seed, "ar.json")], ctx.layout),
             ("seed-parallel", [os.path.join(seed, "en.json"), os.path.join(seed, "ar.json")],
              ctx.src("layouts", "bilingual-parallel.json")),
             ("mixed-ar", [ctx.src("tests", "data", "mixed-ar.json")], ctx.layout)]
    for name, articles, layout in cases:
        pdf = render(ctx, articles, ctx.out("content-%s.pdf" % name), layout=layout)
        pages = page_contents(pdf, ctx.work)
        t.check(len(pages) > 0, "%s: no page content found in qpdf's --qdf output" % name)
        for n, data in enumerate(pages, 1):
            problems, counts = content_problems(content_operations(data))
            for p in problems[:10]:
                t.fail("%s page %d: %s" % (name, n, p))
            t.check(counts["TJ"] > 0, "%s page %d: no text shown" % (name, n))
            print("%s %s page %d: %d text objects, %d Tf, %d rg, %d TJ"
                  % ("FAIL" if problems else "PASS", name, n, counts["BT"], counts["Tf"], counts["rg"], counts["TJ"]))
    # The check must see what it looks for: a stream that repeats itself, splits a text
    # object and mis-nests marked content fails it.
    bad = (b"BT /F1 9 Tf 0 0 0 rg 10 10 Td [<0001>] TJ ET /P <</MCID 0>> BDC BT /F1 9 Tf 0 0 0 rg "
           b"[<0002>] TJ EMC ET")
    problems, _ = content_problems(content_operations(bad))
    for what in ("Tf sets", "rg sets", "only marked content", "EMC inside"):
        t.check(any(what in p for p in problems), "the check does not report %r in %r" % (what, bad))
    print("content: %d failures" % len(t.failures))
    return not t.failures


# ---------------------------------------------------------------------------------------------
# File sizes: the seed's PDFs no larger than WeasyPrint's of the same article (issue 17:
# 36 / 56 / 84 KB for English, Arabic and bilingual parallel). The deflate levels and what
# the font subsets keep (src/output/pdf_deflate.h, pdf_fonts.cpp) trade bytes for time
# within these.

SIZE_LIMITS = (("seed-en", ["en.json"], "a4.json", 36000),
               ("seed-ar", ["ar.json"], "a4.json", 56000),
               ("seed-parallel", ["en.json", "ar.json"], "bilingual-parallel.json", 84000))


def cmd_sizes(ctx):
    t = Tally("sizes")
    seed = ctx.src("content", "stem-cell-therapy")
    for name, articles, layout, limit in SIZE_LIMITS:
        pdf = render(ctx, [os.path.join(seed, a) for a in articles], ctx.out("sizes-%s.pdf" % name),
                     layout=ctx.src("layouts", layout))
        size = os.path.getsize(pdf)
        ok = t.check(size <= limit, "%s: %d bytes, more than WeasyPrint's %d" % (name, size, limit))
        print("%s %s: %d bytes (limit %d)" % ("PASS" if ok else "FAIL", name, size, limit))
    print("sizes: %d failures" % len(t.failures))
    return not t.failures


# ---------------------------------------------------------------------------------------------

COMMANDS = {
    "qpdf": cmd_qpdf,
    "fonts": cmd_fonts,
    "text": cmd_text,
    "oracle": cmd_oracle,
    "determinism": cmd_determinism,
    "badinput": cmd_badinput,
    "margins": cmd_margins,
    "tables": cmd_tables,
    "refimages": cmd_refimages,
    "content": cmd_content,
    "sizes": cmd_sizes,
}


def script_main(commands, description):
    """The command line of a check script: SUBCOMMAND --handout --source-dir --work-dir;
    returns the exit status (0 pass, 1 fail; a missing tool exits 77 by itself)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("subcommand", choices=sorted(commands))
    ap.add_argument("--handout", required=True, help="the handout binary")
    ap.add_argument("--source-dir", required=True, help="the source tree (fonts, layouts, tests)")
    ap.add_argument("--work-dir", required=True, help="where to write PDFs and scratch files")
    args = ap.parse_args()
    if not os.access(args.handout, os.X_OK):
        print("FAIL: handout binary not found or not executable: " + args.handout)
        return 1
    ctx = Context(args)
    try:
        ok = commands[args.subcommand](ctx)
    except Fail as e:
        print("FAIL: %s" % e)
        print("%s: aborted" % args.subcommand)
        return 1
    return 0 if ok else 1


def main():
    return script_main(COMMANDS, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
