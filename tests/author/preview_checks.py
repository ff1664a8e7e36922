#!/usr/bin/env python3
"""Page previews (`handout render --png DIR --dpi N`) against pdftoppm's rendering of the PDF.

Subcommands (each one a test):
    compare  for the seed article in English and Arabic, the showcase in Arabic and the
             wound-care article in English (a JPEG photo, PNG diagrams), every
             page of the preview agrees with `pdftoppm -r 96 -gray` of the PDF within a small
             tolerance (text positions, Arabic joins, marks, table rules, callout fills, a
             picture, a QR code), and
             the same comparison with the preview moved by 2 px (across, then down) fails
    files    one PNG per page named <pdf stem>-N.png, of pdftoppm's pixel size; the same
             bytes on a second run; fewer pages remove the stale ones; --dpi scales; a
             folder that cannot be made is an error (exit 2) and writes no PDF
    thumbnails  `handout batch --thumbnails` writes <pdf stem>-N.png beside every PDF (one per
             page, at 40 dpi by default); an up-to-date job is skipped, but one whose
             thumbnails are missing is made again
"""

import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Fail, main, read_pgm, read_png_gray, require_tools, run  # noqa: E402

DPI = 96
INK = 224          # a pixel is ink when darker than this in either image
TOLERANCE = 40     # grey levels a pixel may differ from its best match within 1 px
MAX_ALIGNED = 0.02   # at most this share of ink pixels may mismatch (measured: at most 0.8%)
MIN_SHIFTED = 0.10   # a 2-px shift must mismatch at least this share (measured: at least 33%)


def moved(img, width, height, dx, dy):
    """IMG moved by (dx, dy) pixels, white (255) where nothing moved in."""
    if dx == 0 and dy == 0:
        return img
    blank = b"\xff" * width
    rows = []
    for y in range(height):
        sy = y - dy
        if not 0 <= sy < height:
            rows.append(blank)
            continue
        row = bytes(img[sy * width:(sy + 1) * width])
        if dx > 0:
            row = b"\xff" * dx + row[:width - dx]
        elif dx < 0:
            row = row[-dx:] + b"\xff" * -dx
        rows.append(row)
    return b"".join(rows)


INK_BYTE = re.compile(b"[\\x00-\\x%02x]" % (INK - 1))


def mismatch(a, b, width, height, dx=0, dy=0):
    """Share of ink pixels of `a` moved by (dx, dy) that have no pixel of `b` within one
    pixel and TOLERANCE grey levels of them (and the same from `b`'s side). Pixels on the
    image's edge are not counted."""
    a = moved(a, width, height, dx, dy)
    b = bytes(b)
    # The pixels that are ink in either image (found by a regular expression over the bytes:
    # a page is mostly white), less the edge; each one's 3x3 neighbourhood is inside.
    inked = {m.start() for m in INK_BYTE.finditer(a)} | {m.start() for m in INK_BYTE.finditer(b)}
    around = [j * width + i for j in (-1, 0, 1) for i in (-1, 0, 1)]
    ink = bad = 0
    for k in inked:
        y, x = divmod(k, width)
        if not (0 < x < width - 1 and 0 < y < height - 1):
            continue
        ink += 1
        pa, pb = a[k], b[k]
        if abs(pa - pb) <= TOLERANCE:
            continue
        near_b = min(abs(pa - b[k + o]) for o in around)
        near_a = min(abs(pb - a[k + o]) for o in around)
        if near_b > TOLERANCE or near_a > TOLERANCE:
            bad += 1
    return bad / max(ink, 1)


def render_with_previews(args, articles, name, extra=()):
    out_dir = os.path.join(args.work_dir, name)
    os.makedirs(out_dir, exist_ok=True)
    pdf = os.path.join(out_dir, name + ".pdf")
    run([args.handout, "render"] + articles + ["--layout", os.path.join(args.source_dir, "layouts", "a4.json"),
        "-o", pdf, "--png", out_dir] + list(extra))
    return pdf, out_dir


def page_count(pdf):
    _, out, _ = run(["pdfinfo", pdf])
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise Fail("pdfinfo gave no page count for %s" % pdf)


def cmd_compare(args):
    require_tools("pdftoppm", "pdfinfo")
    cases = [("seed-en", "content/stem-cell-therapy/en.json"), ("seed-ar", "content/stem-cell-therapy/ar.json"),
             ("showcase-ar", "content/showcase/ar.json"),
             # a JPEG photo (decoded with libjpeg), PNG diagrams with alpha and a QR code
             ("wound-care-en", "content/wound-care/en.json")]
    # A page that is mostly one JPEG photo: a preview that cannot decode it (a grey box)
    # differs on most of its ink.
    photo_dir = os.path.join(args.work_dir, "photo-article")
    os.makedirs(photo_dir, exist_ok=True)
    shutil.copy(os.path.join(args.source_dir, "content", "wound-care", "images", "wound-check.jpg"), photo_dir)
    with open(os.path.join(photo_dir, "en.json"), "w", encoding="utf-8") as f:
        json.dump({"lang": "en", "title": "A photo",
                   "blocks": [{"type": "figure", "src": "wound-check.jpg", "alt": "A wound dressing",
                               "width": "100%"}]}, f)
    cases.append(("photo-en", os.path.join(photo_dir, "en.json")))
    report = []
    for name, article in cases:
        pdf, out_dir = render_with_previews(args, [os.path.join(args.source_dir, article)], name)
        pages = page_count(pdf)
        for page in range(1, pages + 1):
            prefix = os.path.join(out_dir, "ref-%d" % page)
            run(["pdftoppm", "-r", str(DPI), "-gray", "-f", str(page), "-l", str(page), "-singlefile", pdf, prefix])
            rw, rh, ref = read_pgm(prefix + ".pgm")
            ow, oh, ours = read_png_gray(os.path.join(out_dir, "%s-%d.png" % (name, page)))
            if (ow, oh) != (rw, rh):
                raise Fail("%s page %d: preview is %dx%d, pdftoppm's %dx%d" % (name, page, ow, oh, rw, rh))
            if name == "photo-en":
                # A photo has no sharp ink for the mismatch measure: compare grey levels. The
                # preview must be much closer to pdftoppm's page than a flat page of the
                # photo's mean grey is (what an undecoded picture drawn as a box looks like).
                # Measured where either page is not white: the photo, the title.
                pairs = [(a, b) for a, b in zip(ours, ref) if a < 245 or b < 245]
                n = max(len(pairs), 1)
                mean = sum(b for _, b in pairs) / n
                ours_err = sum(abs(a - b) for a, b in pairs) / n
                flat_err = sum(abs(b - mean) for _, b in pairs) / n
                report.append("%s p%d: mean error %.2f grey levels (a flat page: %.2f)"
                              % (name, page, ours_err, flat_err))
                if ours_err > flat_err / 3:
                    raise Fail("%s page %d: the preview's photo differs from pdftoppm's by %.2f grey levels "
                               "on average, a flat page by %.2f: is the JPEG drawn?" % (name, page, ours_err, flat_err))
                continue
            aligned = mismatch(ours, ref, ow, oh)
            report.append("%s p%d: aligned %.4f" % (name, page, aligned))
            if aligned > MAX_ALIGNED:
                raise Fail("%s page %d: %.2f%% of ink pixels differ from pdftoppm's (at most %.2f%%)"
                           % (name, page, 100 * aligned, 100 * MAX_ALIGNED))
            if page == 1:  # the shift check needs only one page per case
                for dx, dy in ((2, 0), (0, 2)):
                    shifted = mismatch(ours, ref, ow, oh, dx, dy)
                    report.append("%s p%d: shifted (%d,%d) %.4f" % (name, page, dx, dy, shifted))
                    if shifted < MIN_SHIFTED:
                        raise Fail("%s page %d: moved by (%d, %d) px it still matches (%.2f%% differ): the "
                                   "comparison cannot see a shift" % (name, page, dx, dy, 100 * shifted))
    print("\n".join(report))


def cmd_files(args):
    require_tools("pdfinfo", "pdftoppm")
    seed = os.path.join(args.source_dir, "content", "stem-cell-therapy", "en.json")
    pdf, out_dir = render_with_previews(args, [seed], "seed")
    pages = page_count(pdf)
    names = sorted(f for f in os.listdir(out_dir) if f.endswith(".png"))
    expected = sorted("seed-%d.png" % n for n in range(1, pages + 1))
    if names != expected:
        raise Fail("preview files %s, expected %s" % (names, expected))
    first = open(os.path.join(out_dir, "seed-1.png"), "rb").read()
    run(["pdftoppm", "-r", "96", "-gray", "-f", "1", "-l", "1", "-singlefile", pdf, os.path.join(out_dir, "ref")])
    rw, rh, _ = read_pgm(os.path.join(out_dir, "ref.pgm"))
    w, h, _ = read_png_gray(os.path.join(out_dir, "seed-1.png"))
    if (w, h) != (rw, rh):
        raise Fail("preview is %dx%d, pdftoppm's %dx%d" % (w, h, rw, rh))
    # Deterministic.
    render_with_previews(args, [seed], "seed")
    if open(os.path.join(out_dir, "seed-1.png"), "rb").read() != first:
        raise Fail("a second run gave other PNG bytes")
    # --dpi scales the image.
    render_with_previews(args, [seed], "seed", ["--dpi", "48"])
    w2, h2, _ = read_png_gray(os.path.join(out_dir, "seed-1.png"))
    if abs(w2 - w / 2) > 1 or abs(h2 - h / 2) > 1:
        raise Fail("--dpi 48 gave %dx%d, expected half of %dx%d" % (w2, h2, w, h))
    # A one-page article into the same folder under the same name: the other pages go.
    short = os.path.join(args.work_dir, "short.json")
    with open(short, "w", encoding="utf-8") as f:
        f.write('{"lang": "en", "title": "Short", "blocks": [{"type": "paragraph", "text": "One page."}]}')
    render_with_previews(args, [short], "seed")
    names = sorted(f for f in os.listdir(out_dir) if f.endswith(".png"))
    if names != ["seed-1.png"]:
        raise Fail("after a one-page render the folder has %s, expected only seed-1.png" % names)
    # A preview folder that cannot be made: exit 2, a message, no PDF.
    blocker = os.path.join(args.work_dir, "a-file")
    open(blocker, "w").close()
    pdf = os.path.join(args.work_dir, "nopng.pdf")
    rc, _, err = run([args.handout, "render", seed, "-o", pdf, "--png", os.path.join(blocker, "sub")], check=False)
    if rc != 3 or "error" not in err or os.path.exists(pdf):
        raise Fail("--png into a file: exit %d, PDF written: %s, stderr: %s" % (rc, os.path.exists(pdf), err))


def cmd_thumbnails(args):
    require_tools("pdfinfo")
    manifest = os.path.join(args.work_dir, "manifest.json")
    content = os.path.join(args.source_dir, "content")
    with open(manifest, "w") as f:
        json.dump({"jobs": [{"articles": [os.path.join(content, "stem-cell-therapy", lang + ".json")],
                             "layout": os.path.join(args.source_dir, "layouts", "a4.json"),
                             "output": "seed-%s.pdf" % lang} for lang in ("en", "ar")]}, f)
    out = os.path.join(args.work_dir, "out")
    _, _, err = run([args.handout, "batch", manifest, "--out-dir", out, "-j", "2", "--thumbnails",
                     "--allow-path", args.source_dir])
    for lang in ("en", "ar"):
        pages = page_count(os.path.join(out, "seed-%s.pdf" % lang))
        names = sorted(f for f in os.listdir(out) if f.startswith("seed-%s-" % lang) and f.endswith(".png"))
        if names != sorted("seed-%s-%d.png" % (lang, n) for n in range(1, pages + 1)):
            raise Fail("thumbnails of seed-%s: %s for %d pages" % (lang, names, pages))
        w, h, _ = read_png_gray(os.path.join(out, names[0]))
        if (w, h) != (331, 468):  # A4 at 40 dpi
            raise Fail("a thumbnail is %dx%d, expected 331x468 (A4 at 40 dpi)" % (w, h))
    with open(os.path.join(out, "report.json")) as f:
        before = json.load(f)
    os.remove(os.path.join(out, "seed-ar-1.png"))
    run([args.handout, "batch", manifest, "--out-dir", out, "--thumbnails", "--allow-path", args.source_dir])
    with open(os.path.join(out, "report.json")) as f:
        report = json.load(f)
    statuses = {os.path.basename(j["output"]): j["status"] for j in report["jobs"]}
    if statuses != {"seed-en.pdf": "skipped", "seed-ar.pdf": "written"} or \
            not os.path.exists(os.path.join(out, "seed-ar-1.png")):
        raise Fail("second run: %s (expected en skipped, ar written again for its missing thumbnail)\n%s"
                   % (statuses, json.dumps(before)[:400]))


if __name__ == "__main__":
    main({"compare": cmd_compare, "files": cmd_files, "thumbnails": cmd_thumbnails}, __doc__)
