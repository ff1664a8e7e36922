#!/usr/bin/env python3
"""`handout watch`: a running watcher re-renders when its inputs change.

Subcommands (each one a test; every wait is bounded):
    edits    in a copy of the project: the first render; an article saved in place and one
             saved by rename (as editors do) each give a new PDF and new previews; a broken
             edit prints a located error and keeps the last good PDF byte for byte; fixing it
             renders again; SIGTERM stops the watcher with exit 0
    inputs   a changed layout (page size), picture (the header logo) and font file (the
             regular face replaced) each give a new PDF showing the change
    folder   the article's folder moved away, then made again with the article; deleted,
             then made again: each time the missing article is reported, and the article
             in the new folder is rendered (the watcher watched the old folder only)
    atomic   while the watcher rewrites the PDF again and again, a reader never sees a
             partial file (every read starts with %PDF- and ends with %%EOF)
"""

import os
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Fail, main, require_tools, run  # noqa: E402

WAIT = 60  # seconds any one change may take to show (the machine may be loaded)


def article(words):
    return ('{"lang": "en", "title": "Watch test", "blocks": [\n'
            '  {"type": "heading", "level": 2, "text": "Section"},\n'
            '  {"type": "paragraph", "text": "%s"}\n]}\n' % words)


def png(width, height, rgb):
    """A solid-colour RGB PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class Project:
    """A copy of the layouts and fonts, an article, and a watcher running on them."""

    def __init__(self, args, logo=False):
        self.root = os.path.join(args.work_dir, "project")
        shutil.copytree(os.path.join(args.source_dir, "layouts"), os.path.join(self.root, "layouts"))
        shutil.copytree(os.path.join(args.source_dir, "fonts"), os.path.join(self.root, "fonts"))
        os.makedirs(os.path.join(self.root, "content", "t"))
        os.makedirs(os.path.join(self.root, "out"))
        self.article = os.path.join(self.root, "content", "t", "en.json")
        self.layout = os.path.join(self.root, "layouts", "a4.json")
        self.pdf = os.path.join(self.root, "out", "t.pdf")
        self.png_dir = os.path.join(self.root, "out", "png")
        self.write(self.article, article("Alpha words"))
        if logo:
            self.write(os.path.join(self.root, "layouts", "logo.png"), png(40, 20, (200, 0, 0)))
            self.edit_layout('"on_first_page": false', '"on_first_page": true, "logo": "logo.png", "logo_alt": "Clinic logo"')
        self.log = os.path.join(args.work_dir, "watch.log")
        self.log_file = open(self.log, "wb")
        self.proc = subprocess.Popen([args.handout, "watch", self.article, "--layout", self.layout, "-o", self.pdf,
                                      "--png", self.png_dir], stdout=subprocess.DEVNULL, stderr=self.log_file,
                                     cwd=self.root)
        self.renders = 0
        self.wait_render("the first render")

    @staticmethod
    def write(path, text):
        with open(path, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)

    def edit_layout(self, old, new):
        with open(self.layout, encoding="utf-8") as f:
            text = f.read()
        if old not in text:
            raise Fail("layout has no %r to change" % old)
        self.write(self.layout, text.replace(old, new))

    def output(self):
        with open(self.log, "rb") as f:
            return f.read().decode("utf-8", errors="replace")

    def wait_render(self, what):
        """Waits for the next "watch: wrote" or "kept" line; returns the diagnostics before it."""
        deadline = time.time() + WAIT
        while time.time() < deadline:
            lines = [l for l in self.output().splitlines() if l.startswith("watch: ")
                     and ("wrote" in l or "kept" in l or "not written" in l)]
            if len(lines) > self.renders:
                self.renders = len(lines)
                return self.output()
            if self.proc.poll() is not None:
                raise Fail("watch exited (%d) while waiting for %s:\n%s" % (self.proc.returncode, what, self.output()))
            time.sleep(0.05)
        raise Fail("no render within %d s after %s:\n%s" % (WAIT, what, self.output()))

    def text(self):
        return run(["pdftotext", self.pdf, "-"])[1]

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Fail("watch did not stop on SIGTERM")
        self.log_file.close()
        if rc != 0:
            raise Fail("watch exited %d on SIGTERM:\n%s" % (rc, self.output()))


def cmd_edits(args):
    require_tools("pdftotext", "qpdf")
    p = Project(args)
    try:
        if "Alpha" not in p.text():
            raise Fail("first render lacks the article's text:\n" + p.output())
        first_png = open(os.path.join(p.png_dir, "t-1.png"), "rb").read()
        # Saved in place.
        p.write(p.article, article("Bravo words"))
        p.wait_render("an in-place save")
        if "Bravo" not in p.text():
            raise Fail("the PDF did not change after the article was saved:\n" + p.output())
        if open(os.path.join(p.png_dir, "t-1.png"), "rb").read() == first_png:
            raise Fail("the preview did not change after the article was saved")
        # Saved by writing a new file and renaming it over the old one.
        tmp = p.article + ".swp"
        p.write(tmp, article("Charlie words"))
        os.rename(tmp, p.article)
        p.wait_render("a save by rename")
        if "Charlie" not in p.text():
            raise Fail("the PDF did not change after a save by rename:\n" + p.output())
        # A broken edit keeps the last good PDF.
        good = open(p.pdf, "rb").read()
        p.write(p.article, article("Delta words").replace('"blocks"', '"blocks" oops'))
        log = p.wait_render("a broken edit")
        if "en.json:" not in log or "error:" not in log or "kept from the last good render" not in log:
            raise Fail("a broken edit did not print a located error and keep the PDF:\n" + log)
        if open(p.pdf, "rb").read() != good:
            raise Fail("a broken edit changed the PDF")
        run(["qpdf", "--check", p.pdf])
        # Fixed again.
        p.write(p.article, article("Echo words"))
        p.wait_render("the fix")
        if "Echo" not in p.text():
            raise Fail("the PDF did not change after the fix:\n" + p.output())
    finally:
        p.stop()


def cmd_inputs(args):
    require_tools("pdfinfo", "pdffonts", "pdfimages")
    p = Project(args, logo=True)
    try:
        size = run(["pdfinfo", p.pdf])[1]
        if "595.276 x 841.89" not in size:
            raise Fail("first render is not A4:\n" + size)
        p.edit_layout('"size": "A4"', '"size": "Letter"')
        p.wait_render("a layout change")
        if "612 x 792" not in run(["pdfinfo", p.pdf])[1]:
            raise Fail("the PDF is not Letter after the layout changed:\n" + p.output())
        images = run(["pdfimages", "-list", p.pdf])[1]
        if not any(l.split()[3:5] == ["40", "20"] for l in images.splitlines()[2:]):
            raise Fail("the logo is not in the PDF:\n" + images)
        p.write(os.path.join(p.root, "layouts", "logo.png"), png(60, 20, (0, 0, 200)))
        p.wait_render("a picture change")
        images = run(["pdfimages", "-list", p.pdf])[1]
        if not any(l.split()[3:5] == ["60", "20"] for l in images.splitlines()[2:]):
            raise Fail("the new logo is not in the PDF after the picture changed:\n" + images + p.output())
        fonts = run(["pdffonts", p.pdf])[1]
        if "NotoSans-Regular" not in fonts:
            raise Fail("first render does not use NotoSans-Regular:\n" + fonts)
        shutil.copyfile(os.path.join(args.source_dir, "fonts", "NotoSans-Italic.ttf"),
                        os.path.join(p.root, "fonts", "NotoSans-Regular.ttf"))
        p.wait_render("a font change")
        fonts = run(["pdffonts", p.pdf])[1]
        if "NotoSans-Regular" in fonts:
            raise Fail("the PDF still embeds the old font after its file changed:\n" + fonts + p.output())
    finally:
        p.stop()


def cmd_atomic(args):
    p = Project(args)
    bad, reads, stop = [], [0], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                with open(p.pdf, "rb") as f:
                    data = f.read()
            except FileNotFoundError:
                bad.append("the PDF was missing")
                continue
            reads[0] += 1
            if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
                bad.append("a partial PDF of %d bytes" % len(data))

    t = threading.Thread(target=reader)
    t.start()
    try:
        for i in range(8):
            p.write(p.article, article("Version %d " % i + "words " * 400))
            p.wait_render("save %d" % i)
    finally:
        stop.set()
        t.join()
        p.stop()
    if bad:
        raise Fail("a reader saw %s (in %d reads)" % (bad[0], reads[0]))
    if reads[0] < 10:
        raise Fail("the reader read only %d times" % reads[0])


def cmd_folder(args):
    require_tools("pdftotext")
    p = Project(args)
    try:
        folder = os.path.dirname(p.article)
        # The article's folder moved away (a sync tool, a checkout of a branch without it),
        # or deleted: watch said nothing and never rendered again, even once it was back.
        for what, away, word in (("moved away", lambda: os.rename(folder, folder + ".old"), "Foxtrot"),
                                 ("deleted", lambda: shutil.rmtree(folder), "Golf")):
            away()
            log = p.wait_render("the article's folder " + what)
            if "cannot open file" not in log:
                raise Fail("the missing article is not reported:\n" + log)
            os.makedirs(folder)
            p.write(p.article, article(word + " words"))
            p.wait_render("the folder made again")
            if word not in p.text():  # the folder was found before the article was in it
                p.wait_render("the article written in the new folder")
            if word not in p.text():
                raise Fail(f"the PDF did not change after the folder was {what} and made again:\n" + p.output())
    finally:
        p.stop()


if __name__ == "__main__":
    main({"edits": cmd_edits, "inputs": cmd_inputs, "atomic": cmd_atomic, "folder": cmd_folder}, __doc__)
