#!/usr/bin/env python3
"""Memory of long documents (issue 17): a single article's PDF is written page by page.

Usage:
    python3 memory_checks.py SUBCOMMAND --handout PATH --source-dir DIR --work-dir DIR [--instrumented]

Subcommands:
    longdoc   two generated long articles (bench/stress.py: about 53 and 904 A4 pages): the
              peak RSS added per page between them stays under PER_PAGE_KIB (holding every
              page's display list until the end, as before session 6, cost about 136 KiB a
              page; writing pages as they are made, about 70 KiB, most of it the input's
              parsed JSON and the structure tree; about 48 KiB since session 7 lets go of the
              parsed values once read and writes the outline in the object-stream pass), and
              the 904 pages take under LONG_MB of peak RSS (issue 17's goal: a 900-page
              render under 64 MB; 58 MB in session 7). Not asserted with --instrumented (a
              sanitizer build's shadow memory inflates RSS).
    same      the PDF written page by page is byte for byte the one written from the whole
              document (--dump keeps every page's items, so it takes the other path), for a
              long article in the layout with a logo and a QR code (figures in the running
              furniture) and with a brand.

Exit status: 0 pass, 1 fail, 77 skipped (a tool is missing and CI is not set).
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks as pc  # noqa: E402  (shared helpers: run, pdfinfo, script_main, ...)

PER_PAGE_KIB = 64
LONG_MB = 64
LIMITS = ["--max-pages", "2000", "--max-input-bytes", "16777216"]
INSTRUMENTED = "--instrumented" in sys.argv
if INSTRUMENTED:
    sys.argv.remove("--instrumented")


def stress(ctx, pages, name):
    out = ctx.out(name)
    pc.run([sys.executable, ctx.src("bench", "stress.py"), str(pages), out], cwd=ctx.source)
    return out


def render_rss(ctx, article, pdf, extra=()):
    """Renders; returns the peak RSS in KiB (getrusage, which the machine's load does not change)."""
    argv = [ctx.handout, "render", article, "--layout", ctx.layout, "-o", pdf] + LIMITS + list(extra)
    with open(ctx.out("stderr.txt"), "w+b") as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise pc.Fail("%s: exit %d\n%s" % (" ".join(argv), code, message))
    return usage.ru_maxrss


def pages_of(pdf):
    pages = pc.pdfinfo(pdf).get("Pages")
    if not pages:
        raise pc.Fail("pdfinfo gave no page count for " + pdf)
    return int(pages)


def cmd_longdoc(ctx):
    pc.require_tools("pdfinfo")
    runs = []
    for copies in (60, 1030):
        article = stress(ctx, copies, "stress-%d.json" % copies)
        pdf = ctx.out("stress-%d.pdf" % copies)
        rss = render_rss(ctx, article, pdf)
        runs.append((pages_of(pdf), rss))
        print("stress %d: %d pages, peak RSS %.1f MB" % (copies, runs[-1][0], rss / 1024.0))
    (short_pages, short_rss), (long_pages, long_rss) = runs
    if long_pages < 900:
        raise pc.Fail("the long article has %d pages, fewer than the 900 the bound is for" % long_pages)
    if long_pages < short_pages + 150:
        raise pc.Fail("the long article has %d pages, the short %d: too few apart to measure" % (long_pages, short_pages))
    per_page = (long_rss - short_rss) / float(long_pages - short_pages)
    print("peak RSS per added page: %.1f KiB (bound %d KiB)" % (per_page, PER_PAGE_KIB))
    if INSTRUMENTED:
        print("longdoc: instrumented build, bound not asserted")
        return True
    ok = True
    if per_page > PER_PAGE_KIB:
        print("FAIL: peak RSS grows by %.1f KiB a page, over %d KiB: are pages held until the end again?"
              % (per_page, PER_PAGE_KIB))
        ok = False
    if long_rss > LONG_MB * 1024:
        print("FAIL: %d pages took %.1f MB of peak RSS, over %d MB" % (long_pages, long_rss / 1024.0, LONG_MB))
        ok = False
    return ok


def cmd_same(ctx):
    # About 80 pages: past the writer's first 64, whose pages wait in memory, so the pages that
    # wait in its temporary file are compared too.
    article = stress(ctx, 90, "stress-90.json")
    clinic = ["--layout", ctx.src("layouts", "a4-clinic.json"), "--brand", ctx.src("brands", "al-noor.json")]
    streamed, whole = ctx.out("streamed.pdf"), ctx.out("whole.pdf")
    pc.run([ctx.handout, "render", article, "-o", streamed] + LIMITS + clinic)
    pc.run([ctx.handout, "render", article, "-o", whole, "--dump", ctx.out("whole.txt")] + LIMITS + clinic)
    with open(streamed, "rb") as a, open(whole, "rb") as b:
        sa, sb = a.read(), b.read()
    if sa != sb:
        first = next((i for i in range(min(len(sa), len(sb))) if sa[i] != sb[i]), min(len(sa), len(sb)))
        print("FAIL: the PDF written page by page (%d bytes) differs from the whole document's (%d bytes) "
              "from byte %d" % (len(sa), len(sb), first))
        return False
    print("same: %d bytes, identical" % len(sa))
    return True


COMMANDS = {"longdoc": cmd_longdoc, "same": cmd_same}


def main():
    return pc.script_main(COMMANDS, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
