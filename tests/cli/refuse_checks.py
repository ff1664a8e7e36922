#!/usr/bin/env python3
"""Right or refused: checks that a plain mistake gives a correct handout or a clear refusal,
never a silently wrong one, and that files, outputs and the command line behave as a user
of Unix tools expects.

Usage:
    python3 refuse_checks.py CHECK --handout PATH --source-dir DIR --work-dir DIR

Checks (each one a CTest test, cli.CHECK):
    lang          BCP 47 tags: "ara" laid out as "ar" (with a hint), "arabic" refused with
                  did-you-mean, direction from the script ("ar-Latn" left to right, "pa-Arab"
                  and "ks" right to left), a tag that disagrees with the text warned about
    placeholder   an unknown placeholder in a footer is refused at its column, with the
                  list of known ones and a suggestion
    stale         a translation older than its source is warned about, also for two
                  articles in different folders named together
    validate      validate finds what render finds (a character no font has, a logo without
                  alternative text in the article's language, a clinic layout without a
                  brand) and takes layouts/*.json and a manifest as they are
    syntax        the common JSON mistakes named in plain words at the right place
    caret         the source line with a caret under the column; errors in file order; an
                  unknown key's column is the key's; colour only on a terminal
    cli           unknown command and option named with a suggestion; -V and help; exit
                  codes distinct by cause
    stdio         "-" reads standard input, "-o -" writes standard output, -o defaults to the
                  article's name with .pdf
    nonregular    /dev/zero and a FIFO as input are refused at once
    manyerrors    300,000 errors: located in one pass and capped, within seconds
    depth         --max-depth 10000 on a deep file stays small in memory
    libraries     the libraries opened when first used (src/core/lazy_library.h): a render
                  loads them (with one thread or two), --version and --help do not, and
                  one that cannot be opened ends the render with its name, exit 127 and
                  no PDF
    sync          the PDF is flushed to disk before its rename only when it replaces a file
                  (strace counts the fsync calls)
    outputs       an output that is an input is refused; a FIFO output stays a FIFO; a
                  symlinked output keeps its link; the umask is honoured; --dump is not left
                  when the PDF cannot be written
    escape        control characters from the input never reach the terminal raw
    concurrent    two batch runs on one folder both succeed; others' files are not removed
    freshness     incremental batch remakes a job when the manifest, --greedy or
                  SOURCE_DATE_EPOCH changes
    confine       batch reads inputs only from the manifest's folders (or --allow-path) and
                  writes only inside --out-dir
    plainrender   the plain form of render (files, -l and -o), read without CLI11, does what
                  the same command line read by CLI11 does: same exit code, messages and bytes

Exit status: 0 pass, 1 fail, 77 skipped (a tool is missing and CI is not set).
"""

import copy
import json
import os
import pty
import re
import resource
import shutil
import socket
import stat
import struct
import subprocess
import sys
import threading
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from check_args import parse_check_args  # noqa: E402

SKIP = 77
EXIT_REFUSED, EXIT_OUTPUT, EXIT_USAGE = 2, 3, 64


class Fail(Exception):
    pass


ARTICLE_EN = {
    "lang": "en",
    "title": "Test handout",
    "meta": {"version": "1.1", "reviewed": "2026-12-01"},
    "blocks": [
        {"type": "heading", "level": 2, "text": "Section"},
        {"type": "paragraph", "text": "Plain text for a test."},
        {"type": "list", "items": ["one", "two"]},
    ],
}
ARTICLE_AR = {
    "lang": "ar",
    "title": "نشرة تجريبية",
    "meta": {"version": "1.0", "reviewed": "2026-11-01"},
    "blocks": [
        {"type": "heading", "level": 2, "text": "قسم"},
        {"type": "paragraph", "text": "نص عادي للاختبار."},
        {"type": "list", "items": ["واحد", "اثنان"]},
    ],
}


class Ctx:
    def __init__(self, a):
        self.handout = os.path.abspath(a.handout)
        self.source = os.path.abspath(a.source_dir)
        self.work = os.path.abspath(a.work_dir)
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)

    def path(self, *p):
        return os.path.join(self.work, *p)

    def src(self, *p):
        return os.path.join(self.source, *p)

    def write(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
            f.write(content if isinstance(content, (str, bytes)) else json.dumps(content, indent=2, ensure_ascii=False) + "\n")
        return path

    def run(self, *args, expect=None, timeout=60, input=None, env=None, **kw):
        e = dict(os.environ)
        e["SOURCE_DATE_EPOCH"] = "1700000000"
        e.pop("NO_COLOR", None)
        e.update(env or {})
        p = subprocess.run([self.handout, *args], capture_output=True, timeout=timeout, input=input, env=e, **kw)
        p.err = p.stderr.decode("utf-8", "replace")
        if expect is not None and p.returncode != expect:
            raise Fail("handout %s exited %d, expected %d\n%s" % (" ".join(args), p.returncode, expect, p.err))
        return p


def need(cond, what):
    if not cond:
        raise Fail(what)


def has(text, rx, what=None):
    if not re.search(rx, text):
        raise Fail("%s: %r not found in:\n%s" % (what or "stderr", rx, text))


def dump_of(ctx, article, name):
    a = ctx.write(name + ".json", article)
    ctx.run("render", a, "-o", ctx.path(name + ".pdf"), "--dump", ctx.path(name + ".txt"), expect=0)
    with open(ctx.path(name + ".txt"), encoding="utf-8") as f:
        return f.read()


# ---- issue 14 ----------------------------------------------------------------------


def check_lang(ctx):
    ar = dump_of(ctx, ARTICLE_AR, "ar")
    ara_article = dict(ARTICLE_AR, lang="ara")
    ara = dump_of(ctx, ara_article, "ara")
    need(ara.replace("lang=ara", "lang=ar") == ar, '"ara" is not laid out as "ar" (right to left)')
    p = ctx.run("validate", ctx.path("ara.json"), expect=0)
    has(p.err, r'warning: .*"ara".*two-letter.*"ar"')
    bad = ctx.write("arabic.json", dict(ARTICLE_AR, lang="arabic"))
    p = ctx.run("render", bad, "-o", ctx.path("arabic.pdf"), expect=EXIT_REFUSED)
    has(p.err, r'arabic\.json:2:\d+: error: .*"arabic".*did you mean "ar"')
    need(not os.path.exists(ctx.path("arabic.pdf")), "a refused article left a PDF")
    # A refused tag names no language: its text is not said to disagree with its direction.
    need("left-to-right language" not in p.err and "is the tag right" not in p.err,
         '"arabic" was refused and also called a left-to-right language:\n' + p.err)
    # Direction from the script: Latin-script Arabic left to right, Arabic-script Punjabi
    # and Kashmiri right to left.
    latn = dump_of(ctx, dict(ARTICLE_EN, lang="ar-Latn"), "ar-latn")
    body = [l for l in latn.splitlines() if l.startswith("  text ") and " footer " not in l and " header " not in l]
    need(body and all(" ltr " in l for l in body), '"ar-Latn" was laid out right to left')
    for tag in ("pa-Arab", "ks"):
        d = dump_of(ctx, dict(ARTICLE_AR, lang=tag), tag)
        need(" rtl " in d and " ltr " not in d.split("\n", 1)[1].replace("lang=" + tag, ""),
             '"%s" was not laid out right to left' % tag)
    # The tag says left to right, the text is Arabic.
    wrong = ctx.write("wrong.json", dict(ARTICLE_AR, lang="en"))
    p = ctx.run("validate", wrong, expect=0)
    has(p.err, r'wrong\.json:2:\d+: warning: "lang" is "en".*right to left.*tag')
    return "ara = ar; arabic refused with did-you-mean; ar-Latn LTR; pa-Arab, ks RTL; en on Arabic text warned"


def check_placeholder(ctx):
    with open(ctx.src("layouts", "a4.json"), encoding="utf-8") as f:
        lay = json.load(f)
    lay["fonts"]["dir"] = os.path.join(ctx.source, "fonts")
    lay["footer"] = {"center": "Page {page} of {total}"}
    text = json.dumps(lay, indent=2)
    path = ctx.write("layouts/footer.json", text)
    art = ctx.write("en.json", ARTICLE_EN)
    p = ctx.run("render", art, "-l", path, "-o", ctx.path("out.pdf"), "--allow-path", ctx.source,
                expect=EXIT_REFUSED)
    line = text[:text.index("{total}")].count("\n") + 1
    col = text.index("{total}") - text.rindex("\n", 0, text.index("{total}"))
    # The column is the placeholder's own, not the string's start.
    has(p.err, r'footer\.json:%d:%d: error: unknown placeholder "?\{total\}"?.*\{pages\}' % (line, col))
    lay["footer"] = {"center": "{titel}, page {page}"}
    path = ctx.write("layouts/footer2.json", json.dumps(lay, indent=2))
    p = ctx.run("validate", path, "--allow-path", ctx.source, expect=EXIT_REFUSED)
    has(p.err, r'did you mean "?\{title\}')
    # --allow-path takes one folder: the files after it are still checked.
    p = ctx.run("validate", "--allow-path", ctx.source, path, art, expect=EXIT_REFUSED)
    has(p.err, r'did you mean "?\{title\}')
    need(not os.path.exists(ctx.path("out.pdf")), "a PDF was written")
    return "{total} refused at line %d with the known list; {titel} -> did you mean {title}" % line


def check_stale(ctx):
    en = ctx.write("en/topic.json", ARTICLE_EN)
    ar = ctx.write("ar/topic.json", ARTICLE_AR)
    p = ctx.run("validate", en, ar, expect=0)
    has(p.err, r'ar/topic\.json:\d+:\d+: warning: this translation may be stale.*1\.0.*"en".*1\.1')
    p = ctx.run("render", en, ar, "-l", ctx.src("layouts", "bilingual-parallel.json"), "-o", ctx.path("bi.pdf"),
                expect=0)
    has(p.err, r"may be stale")
    return "stale ar (1.0 vs 1.1) warned by validate (different folders) and render"


def check_validate(ctx):
    art = copy.deepcopy(ARTICLE_EN)
    art["blocks"][1]["text"] = "Old Italic \U00010300 letter"
    path = ctx.write("uncovered.json", art)
    r = ctx.run("render", path, "-o", ctx.path("u.pdf"), expect=EXIT_REFUSED)
    v = ctx.run("validate", path, expect=EXIT_REFUSED)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    line = next(i for i, l in enumerate(lines) if "\U00010300" in l)
    col = lines[line].index("\U00010300") + 1
    # Located at the character itself (issue 14.6), not at the string's start.
    has(v.err, r"uncovered\.json:%d:%d: error: character U\+10300.*not in any font" % (line + 1, col))
    has(r.err, r"uncovered\.json:%d:%d: error: character U\+10300" % (line + 1, col))
    # What render's stages find that validate's own list of checks missed: a logo without
    # alternative text in the article's language (render refuses the PDF/UA file; validate
    # said nothing), a clinic layout given no brand (render warns). validate runs render's
    # stages now, short of writing the PDF.
    lay = json.loads(open(ctx.src("layouts", "a4.json"), encoding="utf-8").read())
    lay["fonts"] = dict(lay["fonts"], dir=ctx.src("fonts"))
    lay["header"] = dict(lay["header"], logo=ctx.src("brands", "riverside-logo.png"), logo_alt={"ar": "شعار العيادة"})
    logo_layout = ctx.write("logo-ar-only.layout.json", lay)
    english = ctx.write("english.json", ARTICLE_EN)
    said = {}
    for cmd in (("render", english, "-o", ctx.path("logo.pdf")), ("validate", english)):
        p = ctx.run(*cmd, "--layout", logo_layout, "--allow-path", ctx.src(), expect=EXIT_REFUSED)
        has(p.err, r'logo-ar-only\.layout\.json:\d+:\d+: error: the logo has no alternative text for "en"', cmd[0])
        p = ctx.run(*cmd, "--layout", ctx.src("layouts", "a4-clinic.json"), expect=0)
        said[cmd[0]] = [line for line in p.err.splitlines() if ": warning: " in line]
    need(said["validate"] == said["render"] and any("no brand was given" in w for w in said["render"]),
         "a clinic layout without a brand: validate does not warn as render does:\n%s" % said)
    # A layout folder and the library's manifest validate as they are.
    layouts = [ctx.src("layouts", f) for f in sorted(os.listdir(ctx.src("layouts"))) if f.endswith(".json")]
    ctx.run("validate", *layouts, expect=0)
    m = ctx.run("validate", ctx.src("content", "manifest.json"), expect=0)
    # ...with each job's brand, as batch makes it (validate rendered the clinic jobs without
    # their brand and warned that none was given).
    need("no brand was given" not in m.err, "validate of the manifest ignores the jobs' brands:\n" + m.err)
    # A job's missing input is reported where the manifest names it, not as "nope.json: cannot
    # open file" alone; a missing brand is reported at all.
    good = ctx.write("good.json", ARTICLE_EN)
    manifest = ctx.path("m.json")
    with open(manifest, "w", encoding="utf-8") as f:
        f.write('{"jobs": [\n'
                '  {"articles": ["nope.json"], "layout": "%s", "output": "a.pdf"},\n'
                '  {"articles": ["good.json"], "layout": "%s", "output": "b.pdf", "brand": "no-brand.json"}\n'
                ']}\n' % (ctx.src("layouts", "a4.json"), ctx.src("layouts", "a4-clinic.json")))
    v = ctx.run("validate", manifest, "--allow-path", ctx.src(), expect=EXIT_REFUSED)
    has(v.err, r"m\.json:2:\d+: error: article \"[^\"]*nope\.json\": cannot open file: no such file "
               r"\(at /jobs/0/articles/0\)")
    has(v.err, r"m\.json:3:\d+: error: brand \"[^\"]*no-brand\.json\": cannot open file: no such file "
               r"\(at /jobs/1/brand\)")
    return ("uncovered character refused by validate as by render, and a logo without alternative text in the "
            "article's language; a clinic layout without a brand warned alike; layouts/*.json and the manifest "
            "validate (with the jobs' brands); a job's missing article or brand located in the manifest")


SYNTAX_CASES = [
    # name, text, expected (line, col), message regex
    ("trailing_comma", '{\n  "lang": "en",\n  "blocks": [1, 2,]\n}\n', (3, 18), r"trailing comma"),
    ("trailing_comma_object", '{\n  "lang": "en",\n}\n', (2, 15), r"trailing comma"),
    ("missing_comma", '{\n  "lang": "en"\n  "title": "x"\n}\n', (3, 3), r"missing comma"),
    ("comment", '{\n  // a note\n  "lang": "en"\n}\n', (2, 3), r"comments"),
    ("single_quotes", "{\n  'lang': 'en'\n}\n", (2, 3), r"double quotes.*not single"),
    ("typographic_quotes", '{\n  \u201clang\u201d: "en"\n}\n', (2, 3), r"U\+201C LEFT DOUBLE QUOTATION MARK.*word processor"),
    ("unescaped_quote", '{\n  "title": "He said "hi" to me"\n}\n', (2, 21), r'\\"'),
    ("raw_newline", '{\n  "title": "two\nlines"\n}\n', (2, 16), r"line break inside a string.*\\n"),
    ("raw_tab", '{\n  "title": "a\tb"\n}\n', (2, 14), r"tab character.*\\t"),
    ("truncated", '{\n  "lang": "en",\n  "blocks": [\n', (4, 1), r"unexpected end of the file"),
]


def check_syntax(ctx):
    for name, text, (line, col), rx in SYNTAX_CASES:
        path = ctx.write(name + ".json", text)
        p = ctx.run("validate", path, expect=EXIT_REFUSED)
        has(p.err, r"%s\.json:%d:%d: error: .*%s" % (name, line, col, rx), name)
        need("last read" not in p.err and "syntax error while parsing" not in p.err, name + ": parser jargon")
    return "%d common mistakes named in plain words at their line:col" % len(SYNTAX_CASES)


def check_caret(ctx):
    text = ('{\n  "blocks": [{"type": "paragraf", "text": "x"}],\n  "lang": "en",\n'
            '  "title": "T", "titel": "again"\n}\n')
    path = ctx.write("twoerrors.json", text)
    p = ctx.run("validate", path, expect=EXIT_REFUSED)
    lines = [l for l in p.err.splitlines() if ": error: " in l]
    nums = [int(re.search(r"json:(\d+):", l).group(1)) for l in lines]
    need(nums == sorted(nums) and len(nums) >= 2, "errors not in file order: %s" % lines)
    key_col = text.split("\n")[3].index('"titel"') + 1
    has(p.err, r'twoerrors\.json:4:%d: error: unknown key "titel"' % key_col, "unknown key at the key's column")
    has(p.err, r'\n  \|   "title": "T", "titel": "again"\n  \| {%d}\^~{6}\n' % key_col, "caret line")
    need("\x1b[" not in p.err, "colour when stderr is not a terminal")
    # On a terminal: colour.
    master, slave = pty.openpty()
    proc = subprocess.Popen([ctx.handout, "validate", path], stderr=slave, stdout=subprocess.DEVNULL,
                            env={k: v for k, v in os.environ.items() if k != "NO_COLOR"})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait()
    os.close(master)
    need(b"\x1b[1;31m" in out, "no colour on a terminal")
    return "caret and span under the key; errors in file order (lines %s); colour only on a TTY" % nums


def check_cli(ctx):
    p = ctx.run("rendr", "x.json", expect=EXIT_USAGE)
    has(p.err, r'unknown command "rendr"; did you mean "render"\?')
    art = ctx.write("en.json", ARTICLE_EN)
    p = ctx.run("render", art, "--ouput", ctx.path("x.pdf"), expect=EXIT_USAGE)
    has(p.err, r'unknown option "--ouput" for "render"; did you mean "--output"\?')
    p = ctx.run("-V", expect=0)
    has(p.stdout.decode(), r"^handout \d", "stdout of -V")
    p = ctx.run("help", expect=0)
    has(p.stdout.decode(), r"render", "stdout of help")
    has(p.stdout.decode(), r"Exit status: 0 .*\n?.*2 input refused", "exit codes in help")
    p = ctx.run("help", "render", expect=0)
    has(p.stdout.decode(), r"--output", "stdout of help render")
    ctx.run("render", ctx.path("missing.json"), "-o", ctx.path("m.pdf"), expect=EXIT_REFUSED)
    ctx.run("render", art, "-o", ctx.path("no", "such", "dir", "x.pdf"), expect=EXIT_OUTPUT)
    # The bundled layout is filled in only when no --layout is given: an empty one is refused.
    ctx.run("render", art, "--layout", "", "-o", ctx.path("empty-layout.pdf"), expect=EXIT_REFUSED)
    need(not os.path.exists(ctx.path("empty-layout.pdf")), '--layout "" rendered with the default layout')
    ctx.run("render", art, "-o", ctx.path("default-layout.pdf"), expect=0)
    # `-o ""` (an unset shell variable) names no file: refused, not written beside the article.
    p = ctx.run("render", art, "-o", "", expect=EXIT_USAGE)
    has(p.err, r"-o names no file")
    need(not os.path.exists(os.path.splitext(art)[0] + ".pdf"), '-o "" wrote the default name')
    # Over --max-pages 1: "more than 1 page", not "1 pages".
    long_art = ctx.write("long.json", json.dumps({"lang": "en", "title": "Long", "blocks": [
        {"type": "paragraph", "text": "Words to fill the page. " * 400}]}))
    p = ctx.run("render", long_art, "--max-pages", "1", "-o", ctx.path("long.pdf"), expect=EXIT_REFUSED)
    has(p.err, r"needs more than 1 page, over the limit of 1 ")
    return "rendr/--ouput named with suggestions (64); -V, help; 2 refused, 3 output; -o \"\" refused; one page, singular"


def check_stdio(ctx):
    art = ctx.write("sub/en.json", ARTICLE_EN)
    with open(art, "rb") as f:
        data = f.read()
    ctx.run("render", "-", "-o", ctx.path("from-stdin.pdf"), input=data, expect=0)
    with open(ctx.path("from-stdin.pdf"), "rb") as f:
        need(f.read(5) == b"%PDF-", "no PDF from standard input")
    p = ctx.run("render", art, "-o", "-", expect=0)
    need(p.stdout.startswith(b"%PDF-") and p.stdout.rstrip().endswith(b"%%EOF"), "no PDF on standard output")
    need(not os.path.exists("-") and not os.path.exists(ctx.path("-")), 'a file named "-" was written')
    with open(ctx.path("from-stdin.pdf"), "rb") as f:
        need(f.read() == p.stdout, "standard output differs from the file")
    ctx.run("render", art, expect=0)
    need(os.path.isfile(ctx.path("sub", "en.pdf")), "-o did not default to sub/en.pdf")
    bad = b'{"lang": "en", "title": "x", "blocks": [}'
    p = ctx.run("render", "-", "-o", ctx.path("bad.pdf"), input=bad, expect=EXIT_REFUSED)
    has(p.err, r"<stdin>:1:\d+: error:")
    # The article and the layout both "-": the layout read the article's JSON and the
    # article found standard input empty, two misleading errors.
    p = ctx.run("render", "-", "--layout", "-", "-o", ctx.path("two.pdf"), input=data, expect=EXIT_USAGE)
    has(p.err, r"standard input \(-\) can be read only once")
    # A picture named in an article from standard input is looked for from the current
    # folder (there is no article folder): the error says so.
    pic = json.dumps({"lang": "en", "title": "P", "blocks": [
        {"type": "figure", "src": "images/nowhere.png", "alt": "A picture"}]}).encode()
    p = ctx.run("render", "-", "-o", ctx.path("pic.pdf"), input=pic, expect=EXIT_REFUSED)
    has(p.err, r"<stdin>:1:\d+: error: picture \"images/nowhere\.png\": not found; the article came from standard "
               r"input, so \"src\" names a file by its path from the current folder")
    return "- reads stdin, -o - writes stdout (same bytes), -o defaults to sub/en.pdf, - read once, pictures from ."


# ---- issue 9 -----------------------------------------------------------------------


def check_nonregular(ctx):
    for dev in ("/dev/zero", "/dev/urandom"):
        # Refused before reading: the timeout is the hang guard (no timing asserted).
        p = ctx.run("render", dev, "-o", ctx.path("z.pdf"), expect=EXIT_REFUSED, timeout=60)
        has(p.err, r"not a regular file")
    fifo = ctx.path("fifo.json")
    os.mkfifo(fifo)
    p = ctx.run("validate", fifo, expect=EXIT_REFUSED, timeout=20)
    has(p.err, r"pipe, not a regular file")
    lay = ctx.path("lay.fifo")
    os.mkfifo(lay)
    art = ctx.write("en.json", ARTICLE_EN)
    ctx.run("render", art, "-l", lay, "-o", ctx.path("x.pdf"), expect=EXIT_REFUSED, timeout=20)
    # Standard input from /dev/zero: read with the size limit, then refused.
    with open("/dev/zero", "rb") as zero:
        p = subprocess.run([ctx.handout, "render", "-", "-o", ctx.path("z.pdf"), "--max-input-bytes", "100000"],
                           stdin=zero, capture_output=True, timeout=20)
    need(p.returncode == EXIT_REFUSED, "stdin from /dev/zero exited %d" % p.returncode)
    has(p.stderr.decode("utf-8", "replace"), r"<stdin>: error: input is over the limit of 100000 bytes \(--max-input-bytes raises it\)")
    return "/dev/zero, /dev/urandom, FIFOs refused at once; stdin bounded"


def check_manyerrors(ctx):
    blocks = ",".join('{"type":"paragraph","text":"x","bad":1}' for _ in range(300000))
    path = ctx.write("many.json", '{"lang":"en","title":"t","blocks":[' + blocks + "]}")
    # The timeout is a hang guard for quadratic reporting (speed is measured in bench/, not
    # asserted here): 1-3 s in a release build, about a minute under the sanitizers. The file
    # (12 MB) is over the default input limit of 2 MiB, which is raised for it.
    p = ctx.run("validate", path, "--max-input-bytes", str(16 << 20), expect=EXIT_REFUSED, timeout=240)
    has(p.err, r"and 299900 more errors")
    need(p.err.count(": error: ") == 100, "not capped at 100 shown")
    return "300,000 errors on one line of %d MB: 100 shown, the rest counted" % (
        os.path.getsize(path) // 2**20)


def check_depth(ctx):
    path = ctx.write("deep.json", "[" * 9990 + "]" * 9990)
    p = ctx.run("validate", path, "--max-depth", "10000", timeout=60)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    need(p.returncode == EXIT_REFUSED, "exit %d" % p.returncode)
    need(peak < 100 * 1024, "peak memory %d MB" % (peak // 1024))
    return "20 KB of nesting at --max-depth 10000: peak %d MB" % (peak // 1024)


def check_outputs(ctx):
    art = ctx.write("en.json", ARTICLE_EN)
    with open(art, "rb") as f:
        original = f.read()
    p = ctx.run("render", art, "-o", art, expect=EXIT_OUTPUT)
    has(p.err, r"refusing to write the output over the input")
    link = ctx.path("link.json")
    os.symlink(art, link)
    ctx.run("render", art, "-o", link, expect=EXIT_OUTPUT)
    ctx.run("render", art, "-o", ctx.path("x.pdf"), "--dump", art, expect=EXIT_OUTPUT)
    # The dump named as the PDF was "the output over the input".
    p = ctx.run("render", art, "-o", ctx.path("same.pdf"), "--dump", ctx.path("same.pdf"), expect=EXIT_OUTPUT)
    has(p.err, r"the PDF \(-o\) and the dump \(--dump\) would be the same file")
    need(not os.path.exists(ctx.path("same.pdf")), "a file was written")
    with open(art, "rb") as f:
        need(f.read() == original, "the article was replaced")
    # A FIFO as the output is written, and stays a FIFO.
    fifo = ctx.path("out.fifo")
    os.mkfifo(fifo)
    got = {}

    def reader():
        with open(fifo, "rb") as f:
            got["data"] = f.read()
    t = threading.Thread(target=reader, daemon=True)
    t.start()
    ctx.run("render", art, "-o", fifo, expect=0, timeout=30)
    t.join(30)
    need(got.get("data", b"").startswith(b"%PDF-"), "the FIFO got no PDF")
    need(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced")
    # A symlinked output keeps its link.
    real = ctx.path("real.pdf")
    open(real, "w").close()
    out_link = ctx.path("out-link.pdf")
    os.symlink("real.pdf", out_link)
    ctx.run("render", art, "-o", out_link, expect=0)
    need(os.path.islink(out_link), "the output link was replaced by a file")
    need(os.path.getsize(real) > 1000, "the link's target was not written")
    # The umask.
    p = subprocess.run(["sh", "-c", 'umask 077 && exec "$@"', "sh", ctx.handout, "render", art, "-o",
                        ctx.path("private.pdf")], capture_output=True)
    need(p.returncode == 0, "render with umask 077 failed")
    mode = stat.S_IMODE(os.stat(ctx.path("private.pdf")).st_mode)
    need(mode == 0o600, "mode %o with umask 077" % mode)
    # No dump is left when the PDF cannot be written.
    ctx.run("render", art, "-o", ctx.path("no", "dir", "x.pdf"), "--dump", ctx.path("d.txt"), expect=EXIT_OUTPUT)
    need(not os.path.exists(ctx.path("d.txt")), "--dump left its file")
    return "output = input refused (3); FIFO written, kept; link kept; umask 077 -> 0600; no dump left"


class Skipped(Exception):
    pass


def check_sync(ctx):
    """A render flushes its PDF to disk (fsync) before the rename only when it replaces a
    file: a power cut then leaves the old PDF or the new one; a new name is not flushed."""
    if not shutil.which("strace"):
        if os.environ.get("CI") == "true":
            raise Fail("strace is missing (scripts/setup.sh installs it)")
        raise Skipped("strace is missing")
    art = ctx.write("en.json", ARTICLE_EN)
    out = ctx.path("sync.pdf")

    def fsyncs():
        log = ctx.path("strace.txt")
        # LeakSanitizer cannot run under ptrace: an instrumented build checks leaks elsewhere.
        env = dict(os.environ)
        env["ASAN_OPTIONS"] = ":".join(x for x in (env.get("ASAN_OPTIONS"), "detect_leaks=0") if x)
        p = subprocess.run(["strace", "-f", "-e", "trace=fsync,fdatasync", "-o", log, ctx.handout,
                            "render", art, "-o", out], capture_output=True, timeout=60, env=env)
        need(p.returncode == 0, "render under strace exited %d: %s" % (p.returncode, p.stderr[-500:]))
        with open(log, encoding="utf-8") as f:
            return sum(1 for line in f if re.search(r"\b(fsync|fdatasync)\(", line))
    if os.path.exists(out):
        os.remove(out)
    first = fsyncs()
    need(os.path.getsize(out) > 1000, "no PDF written")
    need(first == 0, "a new output was flushed %d times" % first)
    second = fsyncs()
    need(second == 1, "an output replacing a file was flushed %d times, not once" % second)
    return "new name: no fsync; replacing a file: one fsync before the rename"


def check_escape(ctx):
    text = '{"lang": "en", "title": "t", "blocks": [], "\\u001b]0;pwned\\u0007\\u001b[31mevil\\u0000": 1}'
    path = ctx.write("esc.json", text)
    p = ctx.run("validate", path, expect=EXIT_REFUSED)
    for raw in (b"\x1b", b"\x07", b"\x00"):
        need(raw not in p.stderr, "raw control byte %r on stderr" % raw)
    has(p.err, r"\\x1B\]0;pwned\\x07\\x1B\[31mevil\\x00")
    rlo = ctx.write("rlo.json", '{"lang": "en", "title": "t", "blocks": [], "a\u202eb": 1}')
    p = ctx.run("validate", rlo, expect=EXIT_REFUSED)
    need("\u202e" not in p.err, "raw RIGHT-TO-LEFT OVERRIDE on stderr")
    # The direction marks too (a mark turns the neutrals around it, and on many terminals the
    # line, its way), shown as <U+200F>; in JSON diagnostics as \u escapes; Arabic letters as
    # they are.
    marks = ctx.write("marks.json", '{"lang": "en", "title": "t", "blocks": [], "a\u200fb\u061cc\u200ed\u2067e": 1, '
                      '"مفتاح": 2}')
    p = ctx.run("validate", marks, expect=EXIT_REFUSED)
    for c in "\u200f\u061c\u200e\u2067":
        need(c not in p.err, "raw U+%04X on stderr" % ord(c))
    has(p.err, r"a<U\+200F>b<U\+061C>c<U\+200E>d<U\+2067>e")
    has(p.err, "مفتاح")
    p = ctx.run("validate", marks, "--diagnostics", "json", expect=EXIT_REFUSED)
    out = p.stdout.decode("utf-8", "replace")
    for c in "\u200f\u061c\u200e\u2067":
        need(c not in p.err and c not in out, "raw U+%04X in the JSON diagnostics" % ord(c))
    messages = " ".join(d["message"] for d in json.loads(p.err.strip() or out)["diagnostics"])
    need("a\u200fb\u061cc\u200ed\u2067e" in messages and "مفتاح" in messages,
         "the JSON diagnostics do not quote the keys as written: %r" % messages)
    return "ESC, BEL, NUL, U+202E and the direction marks from the input escaped in diagnostics (text and JSON)"


def host_tag():
    tag = "".join(c for c in socket.gethostname() if c.isascii() and c.isalnum())[:16]
    return tag or "host"


def seed_manifest(ctx, name, n, extra=None):
    jobs = []
    for i in range(n):
        lang = "en" if i % 2 == 0 else "ar"
        jobs.append({"articles": [ctx.src("content", "stem-cell-therapy", lang + ".json")],
                     "layout": ctx.src("layouts", "a4.json"), "output": "h%03d.pdf" % i})
    return ctx.write(name, {"jobs": jobs})


def batch(ctx, manifest, out, *flags, expect=0, env=None):
    return ctx.run("batch", manifest, "--out-dir", out, "--quiet", "--allow-path", ctx.source, *flags,
                   expect=expect, env=env, timeout=300)


def check_concurrent(ctx):
    manifest = seed_manifest(ctx, "m.json", 12)
    out = ctx.path("out")
    os.makedirs(out)
    notes = os.path.join(out, ".notes.txt.tmp-abc123")
    with open(notes, "w") as f:
        f.write("mine")
    for trial in range(4):
        procs = [subprocess.Popen([ctx.handout, "batch", manifest, "--out-dir", out, "--quiet", "--force",
                                   "--allow-path", ctx.source, "-j1"], stderr=subprocess.PIPE)
                 for _ in range(2)]
        for p in procs:
            _, err = p.communicate(timeout=300)
            need(p.returncode == 0, "trial %d: a concurrent run failed (%d): %s" % (trial, p.returncode, err.decode()))
    need(os.path.exists(notes), "an unrelated .*.tmp-* file was removed")
    # A stale temporary file of ours (its process is gone) is removed.
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = os.path.join(out, ".h000.pdf.tmp-hd-%s-%d-Ab12Cd" % (host_tag(), gone.pid))
    open(stale, "w").close()
    batch(ctx, manifest, out)
    need(not os.path.exists(stale), "a stale temporary file was kept")
    return "4 trials of two concurrent runs on one folder: all jobs written; .notes.txt.tmp-abc123 kept"


def statuses(out):
    with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
        return [j["status"] for j in json.load(f)["jobs"]]


def check_freshness(ctx):
    out = ctx.path("out")
    en, ar = (ctx.src("content", "stem-cell-therapy", l + ".json") for l in ("en", "ar"))
    lay = ctx.src("layouts", "a4.json")
    m1 = ctx.write("m.json", {"jobs": [{"articles": [en], "layout": lay, "output": "x.pdf"}]})
    batch(ctx, m1, out)
    batch(ctx, m1, out)
    need(statuses(out) == ["skipped"], "an unchanged job was not skipped")
    ctx.write("m.json", {"jobs": [{"articles": [ar], "layout": lay, "output": "x.pdf"}]})
    batch(ctx, m1, out)
    need(statuses(out) == ["written"], "x.pdf pointed at another article was skipped")
    batch(ctx, m1, out, "--greedy")
    need(statuses(out) == ["written"], "--greedy did not remake")
    batch(ctx, m1, out, "--greedy", env={"SOURCE_DATE_EPOCH": "1800000000"})
    need(statuses(out) == ["written"], "a new SOURCE_DATE_EPOCH did not remake")
    batch(ctx, m1, out, "--greedy", env={"SOURCE_DATE_EPOCH": "1800000000"})
    need(statuses(out) == ["skipped"], "the same settings did not skip")
    return "remade on a new article, --greedy, SOURCE_DATE_EPOCH; skipped when nothing changed"


def check_confine(ctx):
    out = ctx.path("out")
    lay = ctx.src("layouts", "a4.json")
    manifest = ctx.write("m/m.json", {"jobs": [{"articles": ["/etc/passwd"], "layout": lay, "output": "x.pdf"}]})
    p = ctx.run("batch", manifest, "--out-dir", out, "--allow-path", ctx.source, expect=EXIT_REFUSED)
    has(p.err, r'm\.json:\d+:\d+: error: article "/etc/passwd" resolves to /etc/passwd, outside the manifest')
    # Without --allow-path the source tree's layout is outside too; with it, allowed.
    art = ctx.write("m/en.json", ARTICLE_EN)
    manifest = ctx.write("m/m2.json", {"jobs": [{"articles": ["en.json"], "layout": lay, "output": "sub/x.pdf"}]})
    p = ctx.run("batch", manifest, "--out-dir", out, expect=EXIT_REFUSED)
    has(p.err, r'layout ".*a4\.json" resolves to .*outside.*--allow-path')
    # A symlinked folder inside --out-dir.
    elsewhere = ctx.path("elsewhere")
    os.makedirs(elsewhere)
    os.makedirs(out, exist_ok=True)
    os.symlink(elsewhere, os.path.join(out, "sub"))
    p = ctx.run("batch", manifest, "--out-dir", out, "--allow-path", ctx.source, expect=EXIT_OUTPUT)
    has(p.err, r"outside --out-dir")
    need(not os.listdir(elsewhere), "a PDF was written outside --out-dir")
    return "/etc/passwd and unlisted folders refused (2); a symlinked subfolder refused (3)"


FONTTOOLS_CHECK = r"""
import io, struct, sys
import pikepdf
from fontTools.ttLib import TTFont
pdf = pikepdf.open(sys.argv[1])
for _, font in pdf.pages[0].Resources.Font.items():
    cid = font.DescendantFonts[0]
    data = cid.FontDescriptor.FontFile2.read_bytes()
    if b"CFF " in data[12:12 + 16 * struct.unpack(">H", data[4:6])[0]]:
        sys.exit("%s still holds a CFF table" % cid.BaseFont)
    if "NotoSans" in str(cid.BaseFont):
        continue
    t = TTFont(io.BytesIO(data), checkChecksums=2)
    t.ensureDecompiled()
    whole = bytearray(data)
    at = data.index(b"head")  # the directory entry: tag, checksum, offset, length
    head = struct.unpack(">I", data[at + 8:at + 12])[0]
    whole[head + 8:head + 12] = b"\0\0\0\0"
    whole += b"\0" * (-len(whole) % 4)
    total = sum(struct.unpack(">%dI" % (len(whole) // 4), whole)) & 0xFFFFFFFF
    if t["head"].checkSumAdjustment != (0xB1B0AFBA - total) & 0xFFFFFFFF:
        sys.exit("%s: head.checkSumAdjustment is wrong" % cid.BaseFont)
    glyf, order = t["glyf"], t.getGlyphOrder()
    given = (t["maxp"].maxPoints, t["maxp"].maxContours)
    t["maxp"].recalc(t)
    if given != (t["maxp"].maxPoints, t["maxp"].maxContours):
        sys.exit("%s: maxp says %s, the glyphs %s" % (cid.BaseFont, given, (t["maxp"].maxPoints, t["maxp"].maxContours)))
    for name in order:
        g = glyf[name]
        if g.numberOfContours <= 0:
            continue
        box = (g.xMin, g.yMin, g.xMax, g.yMax)
        g.recalcBounds(glyf)
        if box != (g.xMin, g.yMin, g.xMax, g.yMax) or t["hmtx"][name][1] != g.xMin:
            sys.exit("%s: glyph %s's box or left side bearing is not its outline's" % (cid.BaseFont, name))
    print("ok", cid.BaseFont, len(order), "glyphs")
"""


def check_cff(ctx):
    """Fonts with PostScript (CFF) outlines, .otf files, are embedded with TrueType outlines
    made from them (the writer's only kind, a CIDFontType2): no warning, --strict renders them,
    and readers find a TrueType font where the PDF says there is one (poppler used to warn
    "Mismatch between font type and embedded font file")."""
    otf_dir = "/usr/share/fonts/opentype/urw-base35/"  # fonts-urw-base35 (scripts/setup.sh)
    faces = {"regular": "NimbusSans-Regular.otf", "bold": "NimbusSans-Bold.otf", "italic": "C059-Italic.otf"}
    for f in faces.values():
        need(os.path.exists(otf_dir + f), otf_dir + f + " is missing (Debian's fonts-urw-base35)")
    lay = json.load(open(ctx.src("layouts", "a4.json"), encoding="utf-8"))
    lay["fonts"]["dir"] = ctx.src("fonts")
    lay["fonts"]["families"]["Nimbus Sans"] = {k: otf_dir + v for k, v in faces.items()}
    lay["fonts"]["scripts"]["latin"] = ["Nimbus Sans", "Noto Naskh Arabic"]
    layout = ctx.write("cff/layout.json", json.dumps(lay, indent=2))
    art = copy.deepcopy(ARTICLE_EN)
    art["blocks"].append({"type": "paragraph", "text": ["Bold ", {"text": "fixed", "strong": True}, " words, ", {"text": "slanted", "em": True},
                                                         " words and office hours 9\u201317."]})
    art = ctx.write("cff/en.json", json.dumps(art, ensure_ascii=False))
    allow = ["--allow-path", ctx.src("fonts"), "--allow-path", otf_dir]
    pdf = ctx.path("cff.pdf")
    p = ctx.run("render", art, "--layout", layout, "-o", pdf, "--strict", *allow, expect=0)
    need("CFF" not in p.err and "warning" not in p.err, "an .otf font was warned about: " + p.err)
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    for f in faces.values():
        name = f[:-4]
        row = [l for l in fonts.splitlines() if "+" + name + " " in l]
        need(len(row) == 1 and "CID TrueType" in row[0] and " yes yes yes " in row[0],
             "%s is not one embedded, subset CID TrueType font with ToUnicode:\n%s" % (name, fonts))
    for cmd in (["pdftoppm", "-r", "50", "-png", pdf, ctx.path("cff-page")], ["pdftotext", pdf, ctx.path("cff.txt")],
                ["mutool", "draw", "-o", ctx.path("cff-mu-%d.png"), "-r", "50", pdf],
                ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", pdf],
                ["node", ctx.src("tests", "js", "pdfjs_text.mjs"), pdf]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        complaint = [l for l in (r.stderr + r.stdout).splitlines() if re.search(r"(?i)font|error|mismatch|glyph", l)]
        need(r.returncode == 0 and not complaint, "%s: exit %d: %s" % (cmd[0], r.returncode, complaint or r.stderr))
        if cmd[0] == "node":
            need("Bold fixed words, slanted words and office hours 9\u201317." in r.stdout, "pdf.js reads: " + r.stdout)
    # fontTools reads every table of each embedded font made from a CFF one, with checksums,
    # and finds its maxp maxima, glyph boxes and left side bearings as it would compute them.
    r = subprocess.run(["/usr/bin/python3", "-c", FONTTOOLS_CHECK, pdf], capture_output=True, text=True)
    need(r.returncode == 0 and r.stdout.count("ok ") == len(faces), "fontTools: %s%s" % (r.stdout, r.stderr[-2000:]))
    text = " ".join(open(ctx.path("cff.txt"), encoding="utf-8").read().split())
    need("Bold fixed words, slanted words and office hours 9\u201317." in text, "the text layer reads: " + text)
    p = ctx.run("render", art, "-o", ctx.path("ttf.pdf"), expect=0)
    need(p.err == "", "the bundled fonts gave: " + p.err)
    # A CFF table HarfBuzz cannot read draws nothing: refused at the font, not printed blank
    # (poppler could not make a font of what was embedded before).
    font = bytearray(open(otf_dir + faces["regular"], "rb").read())
    for i in range(struct.unpack(">H", font[4:6])[0]):
        tag, _, off, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        if tag == b"CFF ":
            font[off + 4:off + length] = bytes(length - 4)
    open(ctx.path("cff", "damaged.otf"), "wb").write(font)
    lay["fonts"]["families"]["Nimbus Sans"] = {"regular": ctx.path("cff", "damaged.otf")}
    layout = ctx.write("cff/damaged.json", json.dumps(lay, indent=2))
    p = ctx.run("render", art, "--layout", layout, "-o", ctx.path("damaged.pdf"), *allow, expect=EXIT_REFUSED)
    has(p.err, r'damaged\.json:\d+:\d+: error: font "[^"]*damaged\.otf": its PostScript \(CFF\) outlines cannot be read')
    need(not os.path.exists(ctx.path("damaged.pdf")), "a PDF was written with the damaged font")
    return ("three .otf (CFF) faces embedded as CID TrueType, --strict renders, no reader complains, text layer "
            "right; a damaged CFF table refused")


def check_nodata(ctx):
    """The program copied away from its data (share/handout), no --layout: an error that says
    the data folder was not found, where it was looked for and what to do ("layouts/a4.json:
    cannot open file" sent clinic IT looking for a layouts folder of their own)."""
    program = ctx.path("bin", "handout")
    os.makedirs(os.path.dirname(program))
    shutil.copy2(ctx.handout, program)
    en = ctx.write("en.json", ARTICLE_EN)
    out = ctx.path("en.pdf")
    env = {"HANDOUT_DATA_DIR": ""}
    for args in (["render", en, "-o", out], ["render", en, "-o", out, "--threads", "1"], ["fonts"],
                 ["watch", en, "-o", out], ["validate", en]):
        p = subprocess.run([program, *args], capture_output=True, text=True, timeout=60, cwd=ctx.work,
                           env={**os.environ, **env})
        need(p.returncode == EXIT_REFUSED, "%s without data: exit %d\n%s" % (args[0], p.returncode, p.stderr))
        has(p.stderr, r"error: no --layout was given, and handout's data folder.*was not found: looked for "
                      r"share/handout beside %s.*HANDOUT_DATA_DIR.*pass --layout" % re.escape(program))
        need(not os.path.exists(out), "a PDF was written")
    p = subprocess.run([program, "render", en, "-o", out], capture_output=True, text=True, timeout=60,
                       cwd=ctx.work, env={**os.environ, "HANDOUT_DATA_DIR": ctx.path("nope")})
    has(p.stderr, r'HANDOUT_DATA_DIR \("%s" holds no layouts/a4\.json\)' % re.escape(ctx.path("nope")))
    # Told where the data is, or given a layout, it renders.
    data = os.path.join(os.path.dirname(ctx.handout), "share", "handout")
    subprocess.run([program, "render", en, "-o", out], check=True, capture_output=True, timeout=60,
                   cwd=ctx.work, env={**os.environ, "HANDOUT_DATA_DIR": data})
    need(os.path.exists(out), "with HANDOUT_DATA_DIR the PDF was not written")
    # "≥" is in no font of the layout, only in handout's own Noto Sans Math, in its data: set
    # from there when the data is found (`fonts` names it), refused with a clear error when not.
    ge = ctx.write("ge.json", json.dumps({"lang": "en", "title": "Fever", "blocks": [
        {"type": "paragraph", "text": "Call us at \u2265 38 \u00b0C."}]}))
    layout = ctx.src("layouts", "a4.json")
    os.remove(out)
    p = subprocess.run([program, "render", ge, "--layout", layout, "-o", out], capture_output=True, text=True,
                       timeout=60, cwd=ctx.work, env={**os.environ, **env})
    need(p.returncode == EXIT_REFUSED and not os.path.exists(out), "ge without data: exit %d\n%s" % (p.returncode, p.stderr))
    has(p.stderr, r"ge\.json:\d+:\d+: error: character U\+2265 .*not in any font of the fallback chain \(tried Noto Sans, "
                  r"Noto Naskh Arabic\)")
    for args in (["render", ge, "--layout", layout, "-o", out], ["fonts", "--layout", layout]):
        p = subprocess.run([program, *args], capture_output=True, text=True, timeout=60, cwd=ctx.work,
                           env={**os.environ, "HANDOUT_DATA_DIR": data})
        need(p.returncode == 0, "%s with data: exit %d\n%s" % (args[0], p.returncode, p.stderr))
    need(os.path.exists(out), "ge with data: no PDF")
    has(p.stdout, r"NotoSansMath-Regular\tNoto Sans Math\t.*fonts/NotoSansMath-Regular\.ttf")
    has(p.stdout, r"then, for what no font of the layout has \(handout's own\): Noto Sans Math Noto Sans Symbols2")
    return "render, fonts, watch and validate of a program without its data say where the data was looked " \
           "for; HANDOUT_DATA_DIR then works (and handout's own symbol fonts with it)"


def check_plainrender(ctx):
    # "--layout=X", "--output=X" and "--" are not the plain form: CLI11 reads those command
    # lines, and each must come out as its plain twin does.
    en = ctx.write("en.json", ARTICLE_EN)
    ar = ctx.write("ar.json", ARTICLE_AR)
    bad = ctx.write("bad.json", '{"lang": "en", "title": "x", "blocks": [}')
    a4, parallel = ctx.src("layouts", "a4.json"), ctx.src("layouts", "bilingual-parallel.json")
    out = ctx.path("out.pdf")
    pairs = [
        (["render", en, "-l", a4, "-o", out], ["render", en, "--layout=" + a4, "--output=" + out]),
        (["render", "-o", out, ar, "--layout", a4], ["render", "--output=" + out, ar, "--layout=" + a4]),
        (["render", en, ar, "-l", parallel, "-o", out], ["render", en, ar, "--layout=" + parallel, "--output=" + out]),
        (["render", ar, "-o", out], ["render", ar, "--output=" + out]),
        (["render", ctx.path("missing.json"), "-o", out], ["render", ctx.path("missing.json"), "--output=" + out]),
        (["render", bad, "-o", out], ["render", bad, "--output=" + out]),
        (["render", en, "-o", en], ["render", en, "--output=" + en]),
        (["render", en, "-l", ctx.path("nope.json"), "-o", out], ["render", en, "--layout=" + ctx.path("nope.json"), "-o", out]),
        (["render", en], ["render", "--", en]),
    ]
    for plain, full in pairs:
        got = []
        for args in (plain, full):
            for f in (out, ctx.path("en.pdf")):
                if os.path.exists(f):
                    os.remove(f)
            p = ctx.run(*args)
            written = b""
            for f in (out, ctx.path("en.pdf")):
                if os.path.exists(f):
                    with open(f, "rb") as fh:
                        written += fh.read()
            got.append((p.returncode, p.stdout, p.err, written))
        need(got[0] == got[1], "handout %s and handout %s differ: exit %d/%d, stderr %r / %r, %d/%d bytes written"
             % (" ".join(plain), " ".join(full), got[0][0], got[1][0], got[0][2][:300], got[1][2][:300],
                len(got[0][3]), len(got[1][3])))
    return "%d plain command lines as CLI11 reads them" % len(pairs)


LAZY_LIBRARIES = ("libhpdf", "libharfbuzz-subset", "libdeflate", "libunibreak", "libhyphen")


def check_libraries(ctx):
    en = ctx.src("content", "stem-cell-therapy", "en.json")
    a4 = ctx.src("layouts", "a4.json")
    out = ctx.path("out.pdf")

    def opened(*args):
        # The dynamic loader names each library it opens (LD_DEBUG=files), at start or by dlopen.
        p = ctx.run(*args, env={"LD_DEBUG": "files"})
        return p, {lib for lib in LAZY_LIBRARIES if re.search(r"file=\S*%s[.-]" % re.escape(lib), p.err)}

    logs = {}
    for threads in ("1", "2"):
        if os.path.exists(out):
            os.remove(out)
        p, libs = opened("render", en, "-l", a4, "-o", out, "--threads", threads)
        logs[threads] = p.err
        need(p.returncode == 0 and os.path.getsize(out) > 0, "render --threads %s failed: %s" % (threads, p.err[-500:]))
        # libhyphen only for what the engine's own automaton leaves to it (text/hyph_dict.cpp).
        need(libs - {"libhyphen"} == set(LAZY_LIBRARIES) - {"libhyphen"},
             "render --threads %s opened %s, not all of %s" % (threads, sorted(libs), LAZY_LIBRARIES))
    for args in (["--version"], ["--help"]):
        p, libs = opened(*args)
        need(p.returncode == 0, "handout %s failed: %s" % (" ".join(args), p.err[-500:]))
        need(not libs, "handout %s opened %s, which it never calls" % (" ".join(args), sorted(libs)))
    # A library that cannot be opened (here: an empty file where the loader looks first) ends
    # the render with a message naming it, as the dynamic loader ends a program that lacks one.
    broken = ctx.path("broken")
    os.makedirs(broken, exist_ok=True)
    m = re.search(r"file=(libhpdf[^ \[]*)", logs["1"])  # the name it is opened by
    need(m, "no libhpdf in the loader's log")
    soname = m.group(1)
    open(os.path.join(broken, soname), "wb").close()
    for threads in ("1", "2"):
        if os.path.exists(out):
            os.remove(out)
        p = ctx.run("render", en, "-l", a4, "-o", out, "--threads", threads, env={"LD_LIBRARY_PATH": broken})
        need(p.returncode == 127, "a render without %s exited %d, not 127: %s" % (soname, p.returncode, p.err[-500:]))
        has(p.err, r"handout: cannot load %s: " % re.escape(soname))
        need(not os.path.exists(out), "a render without %s left %s" % (soname, out))
        leftovers = [f for f in os.listdir(ctx.work) if f.startswith(".out.pdf")]
        need(not leftovers, "a render without %s left %s" % (soname, leftovers))
    return "libraries opened by renders only; a missing %s named with exit 127 and no PDF" % soname


CHECKS = {name[len("check_"):]: fn for name, fn in globals().items() if name.startswith("check_")}


def main():
    a = parse_check_args(CHECKS, __doc__)
    ctx = Ctx(a)
    try:
        print("PASS %s: %s" % (a.check, CHECKS[a.check](ctx)))
        return 0
    except Fail as e:
        print("FAIL %s: %s" % (a.check, e))
        return 1
    except Skipped as e:
        print("SKIP %s: %s" % (a.check, e))
        return SKIP
    except subprocess.TimeoutExpired as e:
        print("FAIL %s: timed out: %s" % (a.check, e))
        return 1


if __name__ == "__main__":
    sys.exit(main())
