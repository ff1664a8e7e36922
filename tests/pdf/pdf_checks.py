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
    badinput     bad input exits 2 with a located message and writes nothing

Exit status: 0 pass, 1 fail, 77 skipped (a required tool is missing and the environment
variable CI is not set; in CI a missing tool is a failure).

Python standard library only; the PDF clients are run as subprocesses.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

SKIP = 77

# Keys of the article format whose string values are not text shown on the page.
NON_TEXT_KEYS = {"type", "lang", "href", "level", "ordered", "$schema", "id", "meta"}

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

def require_tools(*tools):
    """Exit 77 (or fail in CI) when a required external tool is missing."""
    missing = [t for t in tools if shutil.which(t) is None]
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
    """Render an article with handout; fail unless it exits 0 and writes the PDF."""
    if os.path.exists(out_pdf):
        os.remove(out_pdf)
    cmd = [ctx.handout, "render", article, "--layout", layout or ctx.layout, "-o", out_pdf]
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
    """mutool trace: per page, mediabox height and the list of spans with their glyphs."""
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
            spans.append({"font": span.get("font"), "trm": trm, "glyphs": glyphs})
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
        texts = [it["text"] for it in items]
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
                             for g in gs)
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
            if len(hb) != len(glyphs):
                t.fail("%s: mutool shows %d glyphs, hb-shape %d\n    %s"
                       % (where, len(glyphs), len(hb), shell_quote(cmd)))
                mismatches += 1
                continue
            # The PDF lists glyphs in the order they are written (in right-to-left runs a
            # mark follows its base, so that extraction keeps words whole), hb-shape in
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
        if rc != 2:
            problems.append("exit status %d, expected 2" % rc)
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

COMMANDS = {
    "qpdf": cmd_qpdf,
    "fonts": cmd_fonts,
    "text": cmd_text,
    "oracle": cmd_oracle,
    "determinism": cmd_determinism,
    "badinput": cmd_badinput,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("subcommand", choices=sorted(COMMANDS))
    ap.add_argument("--handout", required=True, help="the handout binary")
    ap.add_argument("--source-dir", required=True, help="the source tree (fonts, layouts, tests)")
    ap.add_argument("--work-dir", required=True, help="where to write PDFs and scratch files")
    args = ap.parse_args()
    if not os.access(args.handout, os.X_OK):
        print("FAIL: handout binary not found or not executable: " + args.handout)
        return 1
    ctx = Context(args)
    try:
        ok = COMMANDS[args.subcommand](ctx)
    except Fail as e:
        print("FAIL: %s" % e)
        print("%s: aborted" % args.subcommand)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
