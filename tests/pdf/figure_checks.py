#!/usr/bin/env python3
"""Checks of pictures, QR codes and clinic branding, with clients nobody here wrote.

Subcommands:
  images     pdfimages -list shows each picture of content/wound-care once, with its pixel
             size, colour and soft mask; a picture used twice is embedded once; the JPEG's
             stream is the file's bytes (pdfimages -j extracts it unchanged); 16-bit PNGs
             keep their colours (the top byte of each sample).
  qr         zbarimg reads, from pdftoppm renderings, exactly the article's QR block URL
             and (in the footer of layouts/a4-clinic.json) its meta.url, in English and
             Arabic.
  brand      with --brand, pdftotext finds the clinic's name and phone number on every page,
             in both languages; the Arabic phone number comes back in the right digit order;
             the brand's logo is embedded; the contact box is on the last page.
  badinput   each bad input (missing, not a picture, truncated, 0x0 and 20,000 x 20,000
             pictures, no alt, javascript: QR, unknown placeholder, a brand missing a key,
             a figure in one translation only) exits 2 with file:line:col and the JSON
             pointer, quickly, and writes nothing.
  captions   a caption stands under its picture as the picture stands in the column: every
             line centred under a small centred QR code or figure, a one-line caption at the
             end under one at the end, in English and Arabic (pdftotext -bbox-layout).
  warnings   a picture over 600 ppi, wider than the column or taller than the page is placed
             with a located warning (an error with --strict).
  batch      a manifest with a "brands" axis makes topics x languages x brands in one run.
  heldout    the held-out leaflets with pictures of every shape (tests/data/heldout-insulin-*,
             heldout-heartfailure-*: a very tall, a very wide, a tiny, a portrait and a photo
             picture, step pictures, QR codes, a fill-in diary table) in every bundled layout,
             with a brand, in English, Arabic and both bilingual forms: exit 0, not one
             warning, page counts within bounds; a page followed by one that opens with a
             picture is not left a fifth empty when what comes after the picture could fill it
             (the picture floats); the diary's blank columns are wide enough to write in.

Exit status: 0 pass, 1 fail, 77 skipped (a tool is missing and CI is not set).
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import unicodedata
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks as pc  # noqa: E402  (shared readers of pdftotext's output)
from pdf_checks import require_tools  # noqa: E402  (exit 77, or fail in CI, when a tool is missing)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from check_args import parse_check_args  # noqa: E402
TOPIC = ("content", "wound-care")
CLINIC_LAYOUT = ("layouts", "a4-clinic.json")
BRANDS = ("riverside", "al-noor")


class Fail(Exception):
    pass


def run(cmd, check=True, timeout=120):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    if check and p.returncode != 0:
        raise Fail("command failed (exit %d): %s\n%s%s" % (p.returncode, " ".join(cmd), out, err))
    return p.returncode, out, err


class Ctx:
    def __init__(self, a):
        self.handout = os.path.abspath(a.handout)
        self.source = os.path.abspath(a.source_dir)
        self.work = os.path.abspath(a.work_dir)
        os.makedirs(self.work, exist_ok=True)
        self.failures = []

    def src(self, *p):
        return os.path.join(self.source, *p)

    def out(self, name):
        return os.path.join(self.work, name)

    def check(self, ok, msg):
        print(("PASS " if ok else "FAIL ") + msg)
        if not ok:
            self.failures.append(msg)
        return ok

    def render(self, articles, out, layout=None, extra=()):
        if os.path.exists(out):
            os.remove(out)
        cmd = [self.handout, "render"] + list(articles) + ["--layout", layout or self.src("layouts", "a4.json"),
                                                            "-o", out] + list(extra)
        run(cmd)
        if not os.path.isfile(out):
            raise Fail("no PDF written: " + " ".join(cmd))
        return out


def pdfimages_list(pdf):
    """Rows of pdfimages -list: dicts with page, type, width, height, color, comp, enc, object."""
    _, out, _ = run(["pdfimages", "-list", pdf])
    rows = []
    for line in out.splitlines()[2:]:
        f = line.split()
        if len(f) < 12:
            continue
        rows.append({"page": int(f[0]), "type": f[2], "width": int(f[3]), "height": int(f[4]), "color": f[5],
                     "comp": int(f[6]), "enc": f[8], "object": int(f[10])})
    return rows


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(26)
    w, h = struct.unpack(">II", head[16:24])
    return w, h, head[25]


def jpeg_size(path):
    with open(path, "rb") as f:
        b = f.read()
    i = 2
    while i < len(b):
        while b[i] != 0xFF:
            i += 1
        while b[i] == 0xFF:
            i += 1
        m = b[i]
        i += 1
        length = struct.unpack(">H", b[i:i + 2])[0]
        if m in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", b[i + 3:i + 7])
            return w, h, b[i + 7]
        i += length
    raise Fail("no frame header in " + path)


# ---------------------------------------------------------------------------------------------

def cmd_images(ctx):
    require_tools("pdfimages")
    article = ctx.src(*TOPIC, "en.json")
    doc = json.load(open(article, encoding="utf-8"))
    figures = [b["src"] for b in doc["blocks"] if b["type"] == "figure"]
    pdf = ctx.render([article], ctx.out("wound-care-en.pdf"))
    rows = pdfimages_list(pdf)
    images = [r for r in rows if r["type"] == "image"]
    masks = [r for r in rows if r["type"] == "smask"]
    ctx.check(len(images) == len(figures), "%d pictures listed for %d figures" % (len(images), len(figures)))
    for src, row in zip(figures, images):
        path = ctx.src(*TOPIC, src)
        if src.endswith(".png"):
            w, h, ctype = png_size(path)
            want_color = "gray" if ctype in (0, 4) else "rgb"
            ctx.check((row["width"], row["height"], row["color"], row["enc"]) == (w, h, want_color, "image"),
                      "%s: %dx%d %s %s (file %dx%d %s, deflated samples)" % (src, row["width"], row["height"],
                                                                            row["color"], row["enc"], w, h, want_color))
        else:
            w, h, comps = jpeg_size(path)
            ctx.check((row["width"], row["height"], row["comp"], row["enc"]) == (w, h, comps, "jpeg"),
                      "%s: %dx%d, %d components, %s (file %dx%d, %d components)" % (
                          src, row["width"], row["height"], row["comp"], row["enc"], w, h, comps))
    alpha = [s for s in figures if s.endswith(".png") and png_size(ctx.src(*TOPIC, s))[2] in (4, 6)]
    ctx.check(len(masks) == len(alpha), "%d soft masks for %d PNGs with alpha" % (len(masks), len(alpha)))

    # JPEG passes through: the extracted DCT stream is the file, byte for byte.
    prefix = ctx.out("extract")
    for f in os.listdir(ctx.work):
        if f.startswith("extract"):
            os.remove(os.path.join(ctx.work, f))
    run(["pdfimages", "-j", pdf, prefix])
    jpegs = sorted(f for f in os.listdir(ctx.work) if f.startswith("extract") and f.endswith(".jpg"))
    for src in figures:
        if not src.endswith(".jpg"):
            continue
        want = open(ctx.src(*TOPIC, src), "rb").read()
        same = any(open(os.path.join(ctx.work, j), "rb").read() == want for j in jpegs)
        ctx.check(same, "%s: the PDF's DCTDecode stream equals the file (%d bytes)" % (src, len(want)))

    # One picture used three times (twice in one page, once on another) is embedded once.
    doc2 = {"lang": "en", "title": "Twice", "blocks": []}
    pic = os.path.relpath(ctx.src(*TOPIC, "images", "hand-washing.png"), ctx.work)
    for k in range(3):
        doc2["blocks"].append({"type": "figure", "src": pic, "alt": "Hand washing, %d" % k, "width": "50%"})
        if k == 1:
            doc2["blocks"].append({"type": "paragraph", "text": "Words. " * 900})
    art2 = ctx.out("twice.json")
    json.dump(doc2, open(art2, "w"), ensure_ascii=False)
    pdf2 = ctx.render([art2], ctx.out("twice.pdf"), extra=["--allow-path", ctx.src(*TOPIC)])
    rows2 = pdfimages_list(pdf2)
    objects = {r["object"] for r in rows2 if r["type"] == "image"}
    pages = {r["page"] for r in rows2}
    ctx.check(len([r for r in rows2 if r["type"] == "image"]) == 3 and len(objects) == 1 and len(pages) >= 2,
              "a picture drawn 3 times on %d pages is one image object (%s)" % (len(pages), sorted(objects)))

    # A phone photo stored on its side with an EXIF Orientation tag (6: viewers turn it a
    # quarter clockwise) printed sideways, and a CMYK JPEG was embedded as DeviceCMYK beside
    # the PDF/A file's sRGB output intent: both are made upright RGB JPEGs when loaded. The
    # fixtures are 60 x 40 as seen, red in the top-left quarter and blue in the bottom-right.
    doc3 = {"lang": "en", "title": "Turned", "blocks": []}
    for name in ("turned-exif6.jpg", "cmyk.jpg"):
        pic = os.path.relpath(ctx.src("tests", "data", "images", name), ctx.work)
        doc3["blocks"].append({"type": "figure", "src": pic, "alt": name, "width": "30mm"})
    art3 = ctx.out("turned.json")
    json.dump(doc3, open(art3, "w"), ensure_ascii=False)
    pdf3 = ctx.render([art3], ctx.out("turned.pdf"), extra=["--allow-path", ctx.src("tests", "data", "images")])
    rows3 = [r for r in pdfimages_list(pdf3) if r["type"] == "image"]
    ctx.check([(r["width"], r["height"], r["color"], r["enc"]) for r in rows3] == [(60, 40, "rgb", "jpeg")] * 2,
              "turned and CMYK JPEGs embedded upright in RGB: %s" %
              [(r["width"], r["height"], r["color"], r["enc"]) for r in rows3])
    prefix3 = ctx.out("turned-img")
    run(["pdfimages", "-png", pdf3, prefix3])
    for k, name in enumerate(("turned-exif6.jpg", "cmyk.jpg")):
        w, h, px = read_rgb_png("%s-%03d.png" % (prefix3, k))
        def at(x, y):
            return px[(y * w + x) * 3:(y * w + x) * 3 + 3]
        red, blue, white = at(8, 6), at(w - 9, h - 7), at(w - 9, 6)
        ctx.check(red[0] > 170 and red[2] < 90 and blue[2] > 170 and blue[0] < 90 and min(white) > 200,
                  "%s: red top-left %s, blue bottom-right %s, white top-right %s" % (name, red, blue, white))
    # A 16-bit PNG with no gAMA, sRGB or iCCP chunk (as image editors save "16 bits per
    # channel") printed its mid-tones washed out: libpng's simplified API takes such a file as
    # linear light and re-encoded it for sRGB (a grey of 76 printed as 147), where every viewer
    # shows the top byte of each sample. Grey, RGB and RGBA (opaque), each one flat colour.
    doc4 = {"lang": "en", "title": "Deep", "blocks": []}
    deep = (("grey16.png", 0, (0x4C4C,), (76, 76, 76)), ("rgb16.png", 2, (0x4C4C, 0x8080, 0x1D1D), (76, 128, 29)),
            ("rgba16.png", 6, (0x4C4C, 0x8080, 0x1D1D, 0xFFFF), (76, 128, 29)))
    for name, ctype, sample, _want in deep:
        row = b"\0" + struct.pack(">%dH" % len(sample), *sample) * 30
        with open(ctx.out(name), "wb") as f:
            f.write(png_bytes(30, 20, rows=row * 20, color=ctype, depth=16))
        doc4["blocks"].append({"type": "figure", "src": name, "alt": name, "width": "20mm"})
    _pdf4, prefix4 = render_pictures(ctx, "deep", doc4)
    for k, (name, _ctype, _sample, want) in enumerate(deep):
        w, h, px = read_rgb_png("%s-%03d.png" % (prefix4, k))
        got = tuple(px[(10 * w + 15) * 3:(10 * w + 15) * 3 + 3])
        ctx.check(all(abs(g - e) <= 1 for g, e in zip(got, want)),
                  "%s (16 bits, no gAMA) embedded as %s, the top byte of each sample (got %s)" % (name, want, got))

    # An opaque 8-bit grey or RGB PNG keeps its own compressed rows (FlateDecode with the PNG
    # predictor) instead of being decoded and deflated again: every row filter, odd widths,
    # IDAT split in three, a text chunk and a gAMA of sRGB's must come out pixel for pixel.
    # A gAMA of 1.0 is corrected by libpng, so that file is still decoded (no predictor).
    # Palette pictures (8 and 4 bits; the 4-bit one uses indices past its 5 colours, which
    # libpng reads as black) keep theirs through an /Indexed colour space.
    doc5 = {"lang": "en", "title": "Rows", "blocks": []}
    colours = bytes([200, 30, 30, 20, 150, 60, 30, 60, 200, 250, 250, 250, 10, 10, 10])
    kept = (("rows-rgb.png", 2, 8, 37, 23, b"gAMA", 45455), ("rows-grey.png", 0, 8, 29, 17, None, None),
            ("rows-pal8.png", 3, 8, 33, 21, None, None), ("rows-pal4.png", 3, 4, 27, 15, b"gAMA", 45455),
            ("linear.png", 2, 8, 31, 19, b"gAMA", 100000))
    want5 = []
    for name, ctype, bits, w, h, extra, value in kept:
        bpp = 3 if ctype == 2 else 1
        if ctype == 3:
            most = 4 if bits == 8 else 6
            index = [[(x + y // 2) % (most + 1) for x in range(w)] for y in range(h)]
            per = 8 // bits
            pixels = [bytes(sum(row[i + k] << (8 - bits * (k + 1)) for k in range(per) if i + k < w)
                            for i in range(0, w, per)) for row in index]
            table = colours + bytes(3 * (2 ** bits) - len(colours))
            want = b"".join(table[v * 3:v * 3 + 3] for row in index for v in row)
        else:
            pixels = [bytes(((x * 7 + y * 3 + (x * y) % 5 + k * 40) & 255) for x in range(w) for k in range(bpp))
                      for y in range(h)]
            want = b"".join(row if bpp == 3 else bytes(v for g in row for v in (g, g, g)) for row in pixels)
        with open(ctx.out(name), "wb") as f:
            f.write(png_filtered(w, h, pixels, bpp, ctype, extra, value, bits, colours if ctype == 3 else None))
        want5.append((name, w, h, want))
        doc5["blocks"].append({"type": "figure", "src": name, "alt": name, "width": "30mm"})
    pdf5, prefix5 = render_pictures(ctx, "rows", doc5)
    for k, (name, w, h, want) in enumerate(want5[:4]):
        got_w, got_h, px = read_rgb_png("%s-%03d.png" % (prefix5, k))
        ctx.check((got_w, got_h) == (w, h) and px == want,
                  "%s: its own rows embedded pixel for pixel (%dx%d, %s)" % (name, got_w, got_h, px == want))
    qdf5 = ctx.out("rows-qdf.pdf")
    run(["qpdf", "--qdf", "--decode-level=none", "--object-streams=disable", pdf5, qdf5])
    images5 = [o for o in open(qdf5, "rb").read().split(b"endobj") if b"/Subtype /Image" in o]
    predictors = sorted((re.search(rb"/Width (\d+)", o).group(1).decode(), b"/Predictor 15" in o) for o in images5)
    ctx.check(predictors == [("27", True), ("29", True), ("31", False), ("33", True), ("37", True)],
              "the predictor on the four files kept as they are, not on the gamma-1.0 one: %s" % predictors)
    indexed = sorted(re.search(rb"/Width (\d+)", o).group(1).decode() for o in images5 if b"/Indexed" in o)
    ctx.check(indexed == ["27", "33"], "the palette pictures drawn through /Indexed: %s" % indexed)

    qdf3 = ctx.out("turned-qdf.pdf")
    run(["qpdf", "--qdf", "--object-streams=disable", pdf3, qdf3])
    ctx.check(b"/DeviceCMYK" not in open(qdf3, "rb").read(), "no DeviceCMYK picture beside the sRGB output intent")
    return not ctx.failures


def render_pictures(ctx, stem, doc):
    """Renders `doc` as STEM.pdf and extracts its pictures with pdfimages -png as STEM-img-NNN.png:
    (the PDF, the pictures' prefix)."""
    art = ctx.out(stem + ".json")
    json.dump(doc, open(art, "w"), ensure_ascii=False)
    pdf = ctx.render([art], ctx.out(stem + ".pdf"))
    prefix = ctx.out(stem + "-img")
    run(["pdfimages", "-png", pdf, prefix])
    return pdf, prefix


def read_rgb_png(path):
    """An 8-bit RGB (or grey) PNG without interlace, as pdfimages -png writes it: (width,
    height, RGB bytes)."""
    data = open(path, "rb").read()
    pos, idat, width, height, ctype = 8, b"", 0, 0, 2
    while pos < len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, _depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 1 if ctype == 0 else 3
    raw, stride, out, prev = zlib.decompress(idat), width * bpp, bytearray(), bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line if bpp == 3 else bytes(v for g in line for v in (g, g, g))
        prev = line
    return width, height, bytes(out)


def zbar(pdf, page, prefix, dpi=200):
    run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page), "-l", str(page), "-singlefile", pdf, prefix])
    rc, out, err = run(["zbarimg", "--quiet", "--raw", prefix + ".png"], check=False)
    return sorted(line for line in out.splitlines() if line)


def page_count(pdf):
    _, out, _ = run(["pdfinfo", pdf])
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def cmd_qr(ctx):
    require_tools("pdftoppm", "zbarimg", "pdfinfo")
    for lang in ("en", "ar"):
        article = ctx.src(*TOPIC, lang + ".json")
        doc = json.load(open(article, encoding="utf-8"))
        block_urls = [b["data"] for b in doc["blocks"] if b["type"] == "qr"]
        pdf = ctx.render([article], ctx.out("qr-%s.pdf" % lang), layout=ctx.src(*CLINIC_LAYOUT),
                         extra=["--brand", ctx.src("brands", BRANDS[0] + ".json")])
        n = page_count(pdf)
        found_block = set()
        for page in range(1, n + 1):
            codes = zbar(pdf, page, ctx.out("qr-%s-%d" % (lang, page)))
            footer = [c for c in codes if c == doc["meta"]["url"]]
            ctx.check(len(footer) == 1, "%s page %d: the footer's QR code reads %r (want meta.url %s); all: %r"
                      % (lang, page, footer, doc["meta"]["url"], codes))
            others = [c for c in codes if c != doc["meta"]["url"]]
            ctx.check(all(c in block_urls for c in others), "%s page %d: no other code than the article's (%r)"
                      % (lang, page, others))
            found_block.update(others)
        ctx.check(found_block == set(block_urls), "%s: the QR block reads exactly %r (found %r)"
                  % (lang, block_urls, sorted(found_block)))
    # The article's QR block alone, with the plain layout (no furniture slot).
    pdf = ctx.render([ctx.src(*TOPIC, "ar.json")], ctx.out("qr-plain-ar.pdf"))
    codes = []
    for page in range(1, page_count(pdf) + 1):
        codes += zbar(pdf, page, ctx.out("qr-plain-%d" % page))
    ctx.check(codes == ["https://handout.example/wound-care/video"], "a4.json, Arabic: only the QR block: %r" % codes)
    # Every error correction level decodes; a mailto: and a tel: link too.
    urls = {"L": "https://handout.example/l?x=" + "a" * 60, "H": "https://handout.example/h?x=" + "b" * 60,
            "Q": "mailto:nurses@clinic.example", "M": "tel:+442079460321"}
    blocks = [{"type": "qr", "data": u, "level": lv, "size": "30mm", "caption": lv} for lv, u in sorted(urls.items())]
    art = ctx.out("levels.json")
    json.dump({"lang": "en", "title": "Levels", "blocks": blocks}, open(art, "w"))
    pdf = ctx.render([art], ctx.out("levels.pdf"))
    codes = []
    for page in range(1, page_count(pdf) + 1):
        codes += zbar(pdf, page, ctx.out("levels-%d" % page))
    ctx.check(sorted(codes) == sorted(urls.values()), "levels L, M, Q, H and mailto:/tel: decode: %r" % codes)
    # Squares under 0.25 mm (a 60-byte link, 33 squares and the quiet zone in 10 mm: 0.24 mm)
    # print with a warning at the data (phones need about that), not at 14 mm (0.34 mm).
    link = "https://handout.example/wound-care/aftercare?lang=en&ref=2026"
    for size, warned in (("10mm", True), ("14mm", False)):
        art = ctx.out("small-%s.json" % size)
        json.dump({"lang": "en", "title": "Small", "blocks": [{"type": "qr", "data": link, "size": size}]}, open(art, "w"))
        pdf = ctx.out("small-%s.pdf" % size)
        rc, _, err = run([ctx.handout, "render", art, "-o", pdf], check=False)
        said = re.search(r"small-%s\.json:\d+:\d+: warning: QR code data of %d bytes makes a code of 33×33 squares: "
                         r"at %s\.0 mm each is 0\.24 mm, smaller than phones scan reliably from paper \(at least "
                         r"0\.25 mm\); make the code at least 11 mm.*\(at /blocks/0/data\)"
                         % (size, len(link), size[:-2]), err)
        ctx.check(rc == 0 and bool(said) == warned and ("warning" in err) == warned,
                  "a %s code of a %d-byte link: exit %d, warned %s (want %s): %s" % (size, len(link), rc, bool(said), warned, err))
        ctx.check(zbar(pdf, 1, ctx.out("small-%s" % size), dpi=300) == [link], "the %s code reads back (zbarimg, 300 dpi)" % size)
    return not ctx.failures


def norm(s):
    """No-break spaces as spaces, without format characters (Cf: the bidi isolates, the U+2060
    of a glyph that stands for no text, such as the alef of lam-alef whose lam has its text)."""
    return "".join(c for c in s.replace("\u00a0", " ") if unicodedata.category(c) != "Cf")


def localized_digits(s, lang):
    return "".join(chr(0x0660 + int(c)) if lang == "ar" and c.isdigit() else c for c in s)


def cmd_brand(ctx):
    require_tools("pdftotext", "pdfinfo", "pdfimages")
    layout = json.load(open(ctx.src(*CLINIC_LAYOUT), encoding="utf-8"))
    digits = layout.get("digits", {})
    for name in BRANDS:
        brand = json.load(open(ctx.src("brands", name + ".json"), encoding="utf-8"))
        for lang in ("en", "ar"):
            pdf = ctx.render([ctx.src(*TOPIC, lang + ".json")], ctx.out("brand-%s-%s.pdf" % (name, lang)),
                             layout=ctx.src(*CLINIC_LAYOUT), extra=["--brand", ctx.src("brands", name + ".json")])
            n = page_count(pdf)
            phone = brand["phone"]
            if digits.get(lang) == "arabic-indic":
                phone = localized_digits(phone, "ar")
            clinic = brand["name"][lang] if isinstance(brand["name"], dict) else brand["name"]
            for page in range(1, n + 1):
                _, text, _ = run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", pdf, "-"])
                text = norm(text)
                ctx.check(phone in text, "%s %s page %d/%d: phone %r comes back in order" % (name, lang, page, n, phone))
                ctx.check(clinic in text or clinic.replace(" ", "") in text.replace(" ", ""),
                          "%s %s page %d/%d: clinic name %r" % (name, lang, page, n, clinic))
            _, last, _ = run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"])
            ctx.check(brand["email"] in norm(last), "%s %s: the contact box (e-mail) is on the last page" % (name, lang))
            rows = pdfimages_list(pdf)
            logo = ctx.src("brands", brand["logo"]["src"])
            w, h, _ = png_size(logo)
            logos = [r for r in rows if r["type"] == "image" and (r["width"], r["height"]) == (w, h)]
            ctx.check(len(logos) == n and len({r["object"] for r in logos}) == 1,
                      "%s %s: the logo is on each of %d pages, embedded once" % (name, lang, n))
    return not ctx.failures


# ---------------------------------------------------------------------------------------------
# Bad inputs

def png_bytes(w, h, rows=None, color=2, depth=8):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    if rows is None:
        raw = b"".join(b"\0" + b"\x80" * (w * 3) for _ in range(h))
    else:
        raw = rows
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def png_filtered(w, h, pixels, bpp, color, extra=None, value=None, bits=8, palette=None):
    """A PNG of `pixels` (rows of packed bytes; `bpp` bytes a pixel, 1 below 8 bits) whose row
    y is filtered with filter type y % 5 (None, Sub, Up, Average, Paeth), its IDAT split in
    three, a tEXt chunk, an optional 4-byte chunk `extra`, and a PLTE of `palette`."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw, prev = b"", bytes(len(pixels[0]))
    for y, row in enumerate(pixels):
        f, line = y % 5, bytearray()
        for i, v in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = (0, a, b, (a + b) // 2, a if pa <= pb and pa <= pc else b if pb <= pc else c)[f]
            line.append((v - pred) & 255)
        raw += bytes([f]) + bytes(line)
        prev = row
    z = zlib.compress(raw, 9)
    third = len(z) // 3
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bits, color, 0, 0, 0))
    out += chunk(b"tEXt", b"Comment\0made by figure_checks")
    if extra:
        out += chunk(extra, struct.pack(">I", value))
    if palette:
        out += chunk(b"PLTE", palette)
    for part in (z[:third], z[third:2 * third], z[2 * third:]):
        out += chunk(b"IDAT", part)
    return out + chunk(b"IEND", b"")


def bomb_png(w, h):
    """A complete, valid w x h RGB PNG of zeros (20,000 x 20,000: 1.2 GB of pixels in about
    1.2 MB), made without compressing all of it: one deflate run of 100 rows ends with a
    full flush, so it stands alone and is repeated; the Adler-32 of n zeros is computed."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows_per_part = 100
    assert h % rows_per_part == 0
    c = zlib.compressobj(9)
    first = c.compress(b"\0" * ((w * 3 + 1) * rows_per_part)) + c.flush(zlib.Z_FULL_FLUSH)
    total = (w * 3 + 1) * h
    adler = ((total % 65521) << 16) | 1
    data = first[:2] + first[2:] * (h // rows_per_part) + b"\x01\x00\x00\xff\xff" + struct.pack(">I", adler)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", data) + chunk(b"IEND", b""))


def line_col(text, needle):
    i = text.index(needle)
    line = text.count("\n", 0, i) + 1
    return line


def cmd_badinput(ctx):
    good = png_bytes(40, 20)
    cases = []  # (name, files {relpath: bytes|str}, argv tail, needle in the located file, pointer, words)

    def article(blocks, meta=None):
        d = {"lang": "en", "title": "Bad", "blocks": blocks}
        if meta:
            d["meta"] = meta
        return json.dumps(d, indent=2, ensure_ascii=False) + "\n"

    def fig(src, **kw):
        b = {"type": "figure", "src": src, "alt": "A picture"}
        b.update(kw)
        return b

    pic_cases = [
        ("missing_image", None, r"(?i)not found"),
        ("not_an_image", b"GIF89a\x01\x00\x01\x00" + b"\0" * 40, r"(?i)is a GIF picture, not a PNG or JPEG picture: save it as PNG"),
        # An iPhone photo (HEIC) was told only that its first bytes were neither signature.
        ("heic_photo", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 40,
         r"(?i)is a HEIC photo \(as iPhones save them\), not a PNG or JPEG picture: export it as JPEG"),
        ("truncated_png", good[:len(good) - 30], r"(?i)truncated|damaged"),
        ("truncated_jpeg", open(ctx.src(*TOPIC, "images", "wound-check.jpg"), "rb").read()[:3000], r"(?i)truncated"),
        ("zero_png", png_bytes(0, 0, rows=b""), r"0×0"),
        ("huge_png", bomb_png(20000, 20000), r"20000×20000.*over the limit"),
    ]
    for name, data, words in pic_cases:
        files = {"article.json": article([fig("images/pic.png")])}
        if data is not None:
            files["images/pic.png"] = data
        cases.append((name, files, [], "article.json", '"src"', "/blocks/0/src", [words, r"pic\.png"]))
    cases.append(("figure_without_alt", {"article.json": article([{"type": "figure", "src": "images/pic.png"}]),
                                         "images/pic.png": good},
                  [], "article.json", '{\n      "type": "figure"', "/blocks/0", [r'no "alt"']))
    cases.append(("qr_javascript", {"article.json": article([{"type": "qr", "data": "javascript:alert(1)"}])},
                  [], "article.json", '"data"', "/blocks/0/data", [r"javascript:alert\(1\).*not allowed"]))
    # A long link in a small code: 990 bytes in 10 mm were drawn with squares of 0.08 mm,
    # which nothing reads from paper (zbarimg does not, even at 300 dpi).
    cases.append(("qr_too_dense", {"article.json": article([{"type": "qr", "size": "10mm",
                                                             "data": "https://example.org/" + "a" * 970}])},
                  [], "article.json", '"data"', "/blocks/0/data",
                  [r"990 bytes", r"0\.08 mm", r"too small to scan", r"at least 0\.18 mm", r"at least 23 mm"]))
    # Layouts are written into the case's folder, reading the project's fonts (--allow-path).
    lay = json.load(open(ctx.src(*CLINIC_LAYOUT), encoding="utf-8"))
    lay.setdefault("fonts", {})["dir"] = ctx.src("fonts")
    fonts = ["--allow-path", ctx.src("fonts")]
    bad = json.loads(json.dumps(lay))
    bad["footer"]["end"] = {"en": "Page {page} of {total}", "ar": "صفحة {page} من {pages}"}
    cases.append(("unknown_placeholder", {"article.json": article([{"type": "paragraph", "text": "x"}]),
                                          "layout.json": json.dumps(bad, indent=2, ensure_ascii=False)},
                  ["LAYOUT"] + fonts, "layout.json", "{total}", "/footer/end/en",
                  [r"unknown placeholder \{total\}", r"known: .*\{pages\}"]))
    typo = json.loads(json.dumps(lay))
    typo["header"]["start"] = "{clinic.nmae}"
    cases.append(("misspelt_placeholder", {"article.json": article([{"type": "paragraph", "text": "x"}]),
                                           "layout.json": json.dumps(typo, indent=2, ensure_ascii=False)},
                  ["LAYOUT"] + fonts, "layout.json", "{clinic.nmae}", "/header/start",
                  [r"did you mean \{clinic\.name\}"]))
    # Issue 9: a truncated or 0x0 PNG as the layout's logo aborted the process in libpng.
    for name, data, words in (("logo_truncated", good[:len(good) - 30], r"(?i)truncated"),
                              ("logo_zero", png_bytes(0, 0, rows=b""), r"0×0"),
                              ("logo_huge", bomb_png(20000, 20000), r"over the limit")):
        with_logo = json.loads(json.dumps(lay))
        with_logo["header"]["logo"] = "logo.png"
        cases.append((name, {"article.json": article([{"type": "paragraph", "text": "x"}]), "logo.png": data,
                             "layout.json": json.dumps(with_logo, indent=2, ensure_ascii=False)},
                      ["LAYOUT"] + fonts, "layout.json", '"logo": "logo.png"', "/header/logo",
                      [words, r"logo\.png"]))
    brand = json.load(open(ctx.src("brands", "riverside.json"), encoding="utf-8"))
    del brand["phone"]
    brand["logo"]["src"] = os.path.relpath(ctx.src("brands", "riverside-logo.png"), ctx.out("bad-brand_missing_phone"))
    cases.append(("brand_missing_phone", {"article.json": article([{"type": "paragraph", "text": "x"}]),
                                          "brand.json": json.dumps(brand, indent=2, ensure_ascii=False)},
                  ["--brand", "{D}/brand.json", "--allow-path", ctx.src("brands")], "brand.json", "{", "",
                  [r'"phone"']))
    # A figure in one translation only.
    en = {"lang": "en", "title": "T", "blocks": [fig("pic.png"), {"type": "paragraph", "text": "x"}]}
    ar = {"lang": "ar", "title": "ت", "blocks": [{"type": "paragraph", "text": "س"}]}
    cases.append(("figure_one_translation", {"en.json": json.dumps(en, indent=2), "ar.json": json.dumps(ar, indent=2,
                                                                                                      ensure_ascii=False),
                                             "pic.png": good},
                  ["BILINGUAL"], "en.json", '"type": "figure"', "/blocks/0/type",
                  [r"(?i)translations do not correspond: this figure block has no counterpart in \S*ar\.json"]))

    for name, files, extra, located, needle, pointer, words in cases:
        d = ctx.out("bad-" + name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(os.path.join(d, "out"))
        for rel, data in files.items():
            path = os.path.join(d, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        out = os.path.join(d, "out", "out.pdf")
        if extra[:1] == ["BILINGUAL"]:
            argv = [ctx.handout, "render", os.path.join(d, "en.json"), os.path.join(d, "ar.json"), "--layout",
                    ctx.src("layouts", "bilingual-parallel.json"), "-o", out]
        else:
            layout = os.path.join(d, "layout.json") if extra[:1] == ["LAYOUT"] else ctx.src("layouts", "a4.json")
            argv = [ctx.handout, "render", os.path.join(d, "article.json"), "--layout", layout, "-o", out]
            argv += [a.replace("{D}", d) for a in extra if a != "LAYOUT"]
        start = time.monotonic()
        rc, stdout, stderr = run(argv, check=False, timeout=30)
        seconds = time.monotonic() - start
        loc_path = os.path.join(d, located)
        line = line_col(open(loc_path, encoding="utf-8").read(), needle)
        loc = re.escape(os.path.basename(loc_path)) + r":%d:\d+: error: " % line
        msg_ok = re.search(loc, stderr) and all(re.search(w, stderr) for w in words) and \
            (not pointer or "(at %s)" % pointer in stderr)  # "" is the document's root: printed without "(at)"
        written = os.listdir(os.path.join(d, "out"))
        ctx.check(rc == 2 and msg_ok and not written and seconds < 10,
                  "%s: exit %d, %.2f s, located %s:%d (at %s), nothing written %s\n    %s"
                  % (name, rc, seconds, located, line, pointer or "/", written,
                     stderr.strip().replace("\n", "\n    ")[:600]))
    return not ctx.failures


def cmd_warnings(ctx):
    """Pictures that are placed but not as written: each a located warning, exit 0."""
    require_tools("pdfinfo")
    d = ctx.out("warn")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "tall.png"), "wb") as f:
        f.write(png_bytes(100, 2000))
    shutil.copy(ctx.src(*TOPIC, "images", "wound-check.jpg"), os.path.join(d, "photo.jpg"))
    blocks = [
        {"type": "figure", "src": "photo.jpg", "alt": "A photo", "width": "10mm"},
        {"type": "figure", "src": "photo.jpg", "alt": "A photo", "width": "400mm"},
        {"type": "figure", "src": "tall.png", "alt": "A tall bar", "width": "100%", "caption": "Tall."},
        {"type": "figure", "src": "photo.jpg", "alt": "", "decorative": True, "align": "end"},
    ]
    text = json.dumps({"lang": "en", "title": "Warnings", "blocks": blocks}, indent=2)
    art = os.path.join(d, "article.json")
    open(art, "w").write(text)
    out = os.path.join(d, "out.pdf")
    rc, _, err = run([ctx.handout, "render", art, "-o", out], check=False)
    lines = text.split("\n")

    def line_of(nth, key):
        seen = -1
        for i, l in enumerate(lines):
            if '"type": "figure"' in l:
                seen += 1
            if seen == nth and key in l:
                return i + 1
        return 0
    expect = [(0, '"src"', r"1219 pixels per inch.*over 600"),
              (1, '"width"', r"400 mm wide, wider than the column.*scaled down"),
              (2, '"type": "figure"', r"taller than the page; it was scaled down to \d+%")]
    for nth, key, words in expect:
        line = line_of(nth, key) if key != '"type": "figure"' else line_of(nth, key) - 1
        pat = r"article\.json:%d:\d+: warning: figure .*%s" % (line, words)
        ctx.check(re.search(pat, err) is not None, "warning at line %d: /%s/\n    %s" % (line, pat, err.strip()[:400]))
    ctx.check(rc == 0 and os.path.isfile(out), "exit %d with a PDF" % rc)
    rc, _, err = run([ctx.handout, "render", art, "-o", out + "-strict.pdf", "--strict"], check=False)
    ctx.check(rc == 2 and not os.path.exists(out + "-strict.pdf"), "--strict turns them into errors (exit %d)" % rc)
    shrunk_with_caption(ctx, d)
    return not ctx.failures


def shrunk_with_caption(ctx, d):
    """A picture taller than the page, scaled down to fit with its caption in a narrow column
    (three columns on A4): the caption, set as wide as the smaller picture, takes more lines
    than under the picture as it was, and they must still fit. Its last line was carried to
    the next column ("content that should stay together ... was broken")."""
    with open(os.path.join(d, "strip.png"), "wb") as f:
        f.write(png_bytes(300, 3000))
    lay = json.load(open(ctx.src("layouts", "a4.json"), encoding="utf-8"))
    lay["fonts"] = dict(lay["fonts"], dir=ctx.src("fonts"))
    lay["page"] = dict(lay["page"], columns=3, column_gap="5mm",
                       margins={"top": "15mm", "bottom": "15mm", "start": "12mm", "end": "12mm"})
    layout = os.path.join(d, "three-columns.json")
    with open(layout, "w", encoding="utf-8") as f:
        json.dump(lay, f, ensure_ascii=False)
    captions = {"en": "Figure 1. The strip of boxes, top to bottom.", "ar": "الشكل 1. صورة طويلة جدًا."}
    for lang, caption in captions.items():
        art = os.path.join(d, "strip-%s.json" % lang)
        with open(art, "w", encoding="utf-8") as f:
            json.dump({"lang": lang, "title": "Strip" if lang == "en" else "شريط", "blocks": [
                {"type": "paragraph", "text": "Before." if lang == "en" else "قبل."},
                {"type": "figure", "src": "strip.png", "alt": "A strip" if lang == "en" else "شريط", "caption": caption}]},
                f, ensure_ascii=False)
        out, dump = os.path.join(d, "strip-%s.pdf" % lang), os.path.join(d, "strip-%s.dump" % lang)
        rc, _, err = run([ctx.handout, "render", art, "--layout", layout, "-o", out, "--dump", dump,
                          "--allow-path", ctx.src("fonts")], check=False)
        if not ctx.check(rc == 0 and os.path.isfile(out), "%s: a strip in three columns: exit %d\n    %s" % (lang, rc, err[-400:])):
            continue
        ctx.check(re.search(r"taller than the page; it was scaled down to \d+%", err) is not None,
                  "%s: the strip is scaled down with a warning: %s" % (lang, err.strip()[-300:]))
        ctx.check("should stay together" not in err, "%s: the strip scaled down to fit and its caption broken apart:\n    %s"
                  % (lang, err.strip()[-400:]))
        body = dump_pages(dump)
        pics = [n for n, page in enumerate(body) for p in page if p[0] == "image"]
        caps = [(n, p) for n, page in enumerate(body) for p in page if p[0] == "caption"]
        ctx.check(len(pics) == 1 and caps and all(n == pics[0] for n, _ in caps),
                  "%s: the picture (page %s) and its caption's lines (pages %s) on one page"
                  % (lang, [n + 1 for n in pics], [n + 1 for n, _ in caps]))
        if len(pics) == 1 and caps:
            image = next(p for p in body[pics[0]] if p[0] == "image")
            # Under the picture, within its column's width (a caption's last line carried to the
            # next column stood a column away, at its top).
            ctx.check(all(p[2] >= image[3] - 0.5 and p[1] + p[5] > image[1] - 60 and p[1] < image[1] + image[5] + 60
                          for _, p in caps),
                      "%s: every caption line under the picture: %s / %s" % (lang, image, [p for _, p in caps]))


def caption_rows(pdf, html, text):
    """(xMin, xMax) of each line of the words of `text` on the page, from pdftotext
    -bbox-layout (pc.bbox_pages), grouped by their top edge: poppler may cut one Arabic line
    into several line boxes, and gives right-to-left words reversed (pc.box_forms)."""
    wanted = set(pc.words_of(pc.normalise(text)))
    rows = {}
    for page in pc.bbox_pages(pdf, html):
        for w in page["words"]:
            if pc.box_forms(w["text"]) & wanted:
                r = rows.setdefault((page["number"], round(w["y0"])), [w["x0"], w["x1"], 0])
                r[0], r[1], r[2] = min(r[0], w["x0"]), max(r[1], w["x1"]), r[2] + 1
    # A row holding only a word or two of `text` is another caption's "the" or "من".
    need = min(3, len(wanted))
    return [(x0, x1) for x0, x1, n in rows.values() if n >= need]


def cmd_captions(ctx):
    require_tools("pdftotext")
    d = ctx.out("captions")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "bar.png"), "wb") as f:
        f.write(png_bytes(300, 100))
    caption = {"en": ("Scan for the video", "A small bar", "Opening hours"),
               "ar": ("امسح الرمز لمشاهدة الفيديو", "شريط صغير", "ساعات العمل")}
    long_caption = {"en": "Point the camera of your phone at this code to open a short film that shows every "
                          "step of changing the dressing, from washing your hands to putting the bin away",
                    "ar": "وجّه كاميرا هاتفك إلى هذا الرمز لتفتح فيلمًا قصيرًا يعرض كل خطوة من تغيير الضماد، "
                          "من غسل اليدين إلى إبعاد سلة المهملات"}
    # (No word in common with long_caption: caption_rows groups lines by their words.)
    end_long = {"en": "Eye drops video: subtitles available, seven languages, sign language version included",
                "ar": "شاهد الفيديو عن طريقة وضع قطرات العين، مع ترجمة مكتوبة بسبع لغات مختلفة"}
    mm = 72 / 25.4
    page_w, margin = 595.276, 20 * mm  # layouts/a4.json: A4, 20 mm at both sides
    for lang, (qr_cap, fig_cap, end_cap) in caption.items():
        blocks = [
            {"type": "qr", "data": "https://clinic.example/video", "caption": qr_cap},
            {"type": "figure", "src": "bar.png", "alt": fig_cap, "width": "30mm", "caption": fig_cap},
            {"type": "figure", "src": "bar.png", "alt": end_cap, "width": "30mm", "align": "end",
             "caption": end_cap},
            {"type": "qr", "data": "https://clinic.example/film", "caption": long_caption[lang]},
            {"type": "qr", "data": "https://clinic.example/drops", "caption": end_long[lang], "align": "end"},
        ]
        art = os.path.join(d, lang + ".json")
        json.dump({"lang": lang, "title": "Captions", "blocks": blocks}, open(art, "w"), ensure_ascii=False)
        pdf = ctx.render([art], ctx.out("captions-%s.pdf" % lang))
        html = ctx.out("captions-%s.html" % lang)
        # Under a small centred picture, every line of its caption is centred: one line or four.
        for text, lines in ((qr_cap, 1), (fig_cap, 1), (long_caption[lang], 2)):
            rows = caption_rows(pdf, html, text)
            if not ctx.check(len(rows) >= lines and (lines > 1 or len(rows) == 1),
                             "%s: the caption %r is set on %d line(s) (want %s)"
                             % (lang, text[:30], len(rows), "1" if lines == 1 else "2 or more")):
                continue
            for x0, x1 in rows:
                centre = (x0 + x1) / 2
                ctx.check(abs(centre - page_w / 2) < 0.5, "%s: a line of the caption %r is centred under its "
                          "centred picture (line centre %.2f, column centre %.2f)"
                          % (lang, text[:30], centre, page_w / 2))
        rows = caption_rows(pdf, html, end_cap)
        if ctx.check(len(rows) == 1, "%s: the caption %r is set on one line (%r)" % (lang, end_cap, rows)):
            edge, want = (rows[0][1], page_w - margin) if lang == "en" else (rows[0][0], margin)
            ctx.check(abs(edge - want) < 0.5, "%s: the one-line caption of a picture at the end ends at the "
                      "column's end edge (%.2f, want %.2f)" % (lang, edge, want))
        # Under a QR code at the end, every line of a long caption ends at the end edge, under
        # the code: its lines started at the column's middle, ragged a code's width short of it.
        rows = caption_rows(pdf, html, end_long[lang])
        if ctx.check(len(rows) >= 2, "%s: the long caption under the code at the end takes %d line(s)"
                     % (lang, len(rows))):
            for x0, x1 in rows:
                edge, want = (x1, page_w - margin) if lang == "en" else (x0, margin)
                ctx.check(abs(edge - want) < 0.5, "%s: a line of the long caption under a code at the end "
                          "ends at the column's end edge (%.2f, want %.2f)" % (lang, edge, want))
    # A layout whose caption style is centred or end-aligned: the one-line caption of a wide
    # picture at the end was moved the whole slack again from where the style had put it, and
    # ran past the page's edge (a centred one under a centred picture stood off centre).
    wide = {"en": "Wide picture caption here", "ar": "تعليق الصورة العريضة هنا"}
    for style_align in ("center", "end"):
        spec = json.load(open(ctx.src("layouts", "a4.json"), encoding="utf-8"))
        spec["fonts"]["dir"] = ctx.src("fonts")
        spec["styles"]["caption"] = {"align": style_align}
        layout = os.path.join(d, "caption-%s.json" % style_align)
        json.dump(spec, open(layout, "w", encoding="utf-8"), ensure_ascii=False)
        for lang in ("en", "ar"):
            for fig_align in ("end", "center"):
                art = os.path.join(d, "%s-%s-%s.json" % (style_align, lang, fig_align))
                json.dump({"lang": lang, "title": "Captions", "blocks": [
                    {"type": "figure", "src": "bar.png", "alt": wide[lang], "width": "80%", "align": fig_align,
                     "caption": wide[lang]}]}, open(art, "w", encoding="utf-8"), ensure_ascii=False)
                name = "captions-style-%s-%s-%s" % (style_align, lang, fig_align)
                pdf = ctx.render([art], ctx.out(name + ".pdf"), layout=layout, extra=["--allow-path", ctx.src("fonts")])
                rows = caption_rows(pdf, ctx.out(name + ".html"), wide[lang])
                what = "%s, caption style %s, picture at the %s" % (lang, style_align, fig_align)
                if not ctx.check(len(rows) == 1, "%s: the caption is set on one line (%r)" % (what, rows)):
                    continue
                x0, x1 = rows[0]
                if fig_align == "end":
                    edge, want = (x1, page_w - margin) if lang == "en" else (x0, margin)
                    ctx.check(abs(edge - want) < 0.5, "%s: the one-line caption ends at the column's end edge "
                              "(%.2f, want %.2f; the page is %.2f wide)" % (what, edge, want, page_w))
                else:
                    ctx.check(abs((x0 + x1) / 2 - page_w / 2) < 0.5, "%s: the one-line caption is centred under "
                              "the picture (line centre %.2f, want %.2f)" % (what, (x0 + x1) / 2, page_w / 2))
    return not ctx.failures


def cmd_batch(ctx):
    require_tools("pdftotext")
    manifest = {
        "matrix": [{
            "articles": os.path.join(ctx.src("content"), "{topic}", "{lang}.json"),
            "topics": ["wound-care"], "langs": ["en", "ar"],
            "layouts": {"clinic": ctx.src(*CLINIC_LAYOUT)},
            "brands": {b: ctx.src("brands", b + ".json") for b in BRANDS},
            "output": "{topic}-{lang}-{brand}.pdf",
        }]
    }
    mpath = ctx.out("manifest.json")
    json.dump(manifest, open(mpath, "w"), indent=2)
    outdir = ctx.out("batch-out")
    shutil.rmtree(outdir, ignore_errors=True)
    run([ctx.handout, "batch", mpath, "--out-dir", outdir, "-j2", "--allow-path", ctx.src()], timeout=300)
    for b in BRANDS:
        brand = json.load(open(ctx.src("brands", b + ".json"), encoding="utf-8"))
        for lang in ("en", "ar"):
            pdf = os.path.join(outdir, "wound-care-%s-%s.pdf" % (lang, b))
            ok = os.path.isfile(pdf)
            if ok:
                _, text, _ = run(["pdftotext", pdf, "-"])
                ok = norm(brand["email"]) in norm(text)
                # The same bytes as render --brand.
                single = ctx.render([ctx.src(*TOPIC, lang + ".json")], ctx.out("single-%s-%s.pdf" % (lang, b)),
                                    layout=ctx.src(*CLINIC_LAYOUT), extra=["--brand", ctx.src("brands", b + ".json")])
                ok = ok and open(single, "rb").read() == open(pdf, "rb").read()
            ctx.check(ok, "batch made %s with brand %s, equal to render --brand" % (os.path.basename(pdf), b))
    return not ctx.failures


DUMP_IMAGE = re.compile(r"^  image x=(\S+) y=(\S+) w=(\S+) h=(\S+)")
DUMP_TEXT = re.compile(r'^  text (\S+) x=(\S+) y=(\S+) w=(\S+) size=(\S+) .*"(.*)"$')


def dump_pages(path):
    """Per page of a --dump file: its body's pieces as (kind, x, top, bottom, text, width), page
    furniture (header, footer) left out."""
    pages = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("page "):
                pages.append([])
                continue
            m = DUMP_IMAGE.match(line)
            if m and pages:
                x, y, w, h = (float(m.group(k)) for k in (1, 2, 3, 4))
                pages[-1].append(("image", x, y, y + h, "", w))
                continue
            m = DUMP_TEXT.match(line)
            if m and pages and m.group(1) not in ("header", "footer"):
                y, size = float(m.group(3)), float(m.group(5))
                pages[-1].append((m.group(1), float(m.group(2)), y - size, y + size * 0.3, m.group(6),
                                  float(m.group(4))))
    return pages


def cmd_heldout(ctx):
    require_tools("pdfinfo")
    data = ctx.src("tests", "data")
    layouts = ["a4", "letter", "large-print", "a4-kashida", "a4-clinic", "trifold-a4", "trifold-letter",
               "booklet-a5", "a5-booklet"]
    # Most pages each may take (a tri-fold is one sheet; a booklet is imposed).
    most = {"trifold-a4": 2, "trifold-letter": 2, "booklet-a5": 4, "a5-booklet": 8, "large-print": 7,
            "bilingual-sequential": 12}
    for topic in ("insulin", "heartfailure"):
        pair = [os.path.join(data, "heldout-%s-%s.json" % (topic, lang)) for lang in ("en", "ar")]
        jobs = []
        for layout in layouts:
            brand = ["--brand", ctx.src("brands", "al-noor.json" if layout == "a4-clinic" else "riverside.json")]
            for lang, art in zip(("en", "ar"), pair):
                jobs.append(("%s-%s-%s" % (topic, layout, lang), [art], layout, brand if layout != "a4" else []))
        for layout in ("bilingual-parallel", "bilingual-sequential"):
            jobs.append(("%s-%s" % (topic, layout), pair, layout, []))
        for name, arts, layout, extra in jobs:
            out = ctx.out(name + ".pdf")
            dump = ctx.out(name + ".dump")
            if os.path.exists(out):
                os.remove(out)
            rc, _, err = run([ctx.handout, "render"] + arts + ["--layout", ctx.src("layouts", layout + ".json"),
                                                                "-o", out, "--dump", dump] + extra, check=False)
            if not ctx.check(rc == 0 and os.path.isfile(out), "%s: exit %d with a PDF" % (name, rc)):
                continue
            ctx.check("warning" not in err, "%s: no warning\n    %s" % (name, err.strip()[:600]))
            pages = int(pc.pdfinfo(out)["Pages"])
            ctx.check(pages <= most.get(layout, 6), "%s: %d pages, at most %d" % (name, pages, most.get(layout, 6)))
            # The weight diary's blank columns ("Date", "Weight (kg)", ...) are for the patient to
            # write in: they share the room alike, not by the widths of their headers ("Date" was
            # half as wide as "Weight (kg)").
            if topic == "heartfailure" and not layout.startswith("bilingual"):
                body = dump_pages(dump)
                heads = [p for page in body for p in page if p[0] == "table_header"]
                rtl = name.endswith("-ar")
                cols = ("التاريخ", "الوزن", "الكاحلان", "التنفس") if rtl else ("Date", "Weight", "Ankles", "Breathing")
                xs = []
                for c in cols:
                    hit = [p for p in heads if p[4].strip().startswith(c)]
                    if hit:
                        # Each header stands at its column's start: the left edge, or the right in Arabic.
                        xs.append(hit[0][1] + hit[0][5] if rtl else hit[0][1])
                if ctx.check(len(xs) == 4, "%s: the diary's headers found (%d of 4)" % (name, len(xs))):
                    # "Date" and "Ankles": short headers, blank columns.
                    w1, w2 = abs(xs[1] - xs[0]), abs(xs[3] - xs[2])
                    ctx.check(max(w1, w2) <= 1.1 * min(w1, w2) and min(w1, w2) >= 32,
                              "%s: the blank diary columns Date and Ankles are %.0f and %.0f pt wide: alike, at "
                              "least 32 (11 mm)" % (name, w1, w2))
            if layout.startswith("trifold") or layout.startswith("bilingual") or "booklet" in layout:
                continue
            body = dump_pages(dump)
            # A page whose next opens with a picture ends within a fifth of the body's foot:
            # what follows the picture, when it fits, fills the gap (the picture floats).
            top = min(p[2] for page in body for p in page)
            foot = max(p[3] for page in body for p in page)
            for n in range(len(body) - 1):
                if not body[n] or not body[n + 1]:
                    continue
                nxt = sorted(body[n + 1], key=lambda p: p[2])
                if nxt[0][0] != "image":
                    continue
                # (A picture followed by another keeps its place: step pictures stay in order; nor
                # does the next section move ahead of it.)
                after = [p for p in nxt[1:] if p[0] != "caption"]
                if after and after[0][0] in ("image", "h1", "h2", "h3"):
                    continue
                bottom = max(p[3] for p in body[n])
                ctx.check(foot - bottom <= 0.2 * (foot - top),
                          "%s: page %d ends %.0f pt above the foot (%.0f%% of the body) before a picture"
                          % (name, n + 1, foot - bottom, 100 * (foot - bottom) / (foot - top)))
    return not ctx.failures


COMMANDS = {"heldout": cmd_heldout, "warnings": cmd_warnings, "captions": cmd_captions, "images": cmd_images, "qr": cmd_qr, "brand": cmd_brand, "badinput": cmd_badinput, "batch": cmd_batch}


def main():
    a = parse_check_args(COMMANDS, __doc__)
    ctx = Ctx(a)
    try:
        ok = COMMANDS[a.check](ctx)
    except Fail as e:
        print("FAIL: %s" % e)
        return 1
    print("%s: %d failures" % (a.check, len(ctx.failures)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
