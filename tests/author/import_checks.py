#!/usr/bin/env python3
"""`handout import` (pandoc) and `handout new` (the template).

Subcommands (each one a test):
    docx, html, md   a handout written in Markdown, in English and in Arabic, made into that
                     format with pandoc at test time, imports to an article with the expected
                     blocks (title, headings, bold/italic/link spans, bullet and numbered lists,
                     term items, a table with its header row, a callout with its title, a FAQ
                     from the Questions section); the only warnings are the dropped image and
                     footnote, each with its position; the article validates and renders with
                     no warning, and its words come back from pdftotext; for docx also a
                     picture with a description and Word's caption becomes one figure block
                     whose picture pandoc extracted into images/<article>/ beside it; for md
                     and html the same document with classic Mac line ends (CR alone) and with
                     CR LF imports to the same article and warnings (CR alone: "nothing to
                     import", words run together), leaving no temporary copy
    nopandoc         without pandoc on PATH: exit 2, a message saying to install it, no file
    pictures         a Markdown file and a web page imported from another folder find the
                     pictures beside them (a figure block, the picture extracted); a picture
                     that is not there is a warning naming it at its line:col (pandoc put its
                     description in the text and said so only on its own stderr)
    lists            the article format has no nested lists: a list inside a bulleted item, or
                     inside a numbered list's last item, follows that item as a list of its own
                     (its kind kept); inside a numbered item with items after it, its items join
                     the item's text ("gauze; tape", Arabic "؛"), so no step is renumbered (they
                     were flattened into the parent, each later step renumbered); each a warning
                     at the nested list's line:col; a list in a table cell or a quote joins
                     the text too (it was dropped); an Arabic footnote's warning, cut at 40
                     characters, is UTF-8 (it was cut inside a character)
    inline           a PNG picture inside a line of text (Markdown, a data: URI, Word) is kept as
                     a figure after its paragraph (it was dropped); pictures that cannot be
                     figures (no description, a GIF) are warnings naming the picture by its path
                     from the article's folder or a data: URI by its type: never this machine's
                     absolute path, never the base64 text
    refused          a web page whose lang attribute is not a language tag: the error names the
                     page, not --lang; a Markdown file or web page saved as UTF-16 (Notepad's
                     "Unicode"): said so (it was "the control character U+0000"); a Markdown
                     file in Mac Roman or Windows-1252: said so at the byte's line:col (it was
                     "the control character U+008E", or curly quotes printed as "Ò" "Ó"); a document whose article would be invalid (a blank
                     heading): each problem at the document with its JSON pointer, not at lines
                     of an article that was never written; nothing written in either case
    new              `handout new TOPIC --langs en,ar` copies the template; validate is clean;
                     both render with no warning; a second run, a bad topic name, a language
                     without a template and a write that fails half way (ulimit -f) are errors
                     (exit 2) that leave nothing
"""

import base64
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Fail, main, require_tools, run  # noqa: E402

SOURCES = {
    "en": """# Knee injection: what to expect

An injection eases **pain** and *swelling and stiffness* for several months. See [our page](https://example.org/knee) for more.

## Before the injection

- **Medicines:** tell us about blood thinners.
- Food: eat normally on the day.
- Bring a list of your questions.

1. Arrive 15 minutes early.
2. Wear loose trousers.

| Time | What happens |
|:-----|-------------:|
| 0 min | Cleaning the skin |
| 5 min | The injection |

> **Important:** call us if the knee becomes hot and red.

Rest for a day after the injection.[^1]

![](pic.png)

[^1]: Avoid sport for 48 hours.

## Questions

Does it hurt?

It stings for a few seconds.

How long does it last?

Usually 3 to 6 months.
""",
    "ar": """# حقن الركبة: ماذا تتوقع

تخفف الحقنة **الألم** و*التورم* لعدة أشهر. راجع [صفحتنا](https://example.org/knee) للمزيد.

## قبل الحقن

- **الأدوية:** أخبرنا عن مميعات الدم.
- الطعام: تناول طعامك كالمعتاد في ذلك اليوم.
- أحضر قائمة بأسئلتك.

1. احضر قبل الموعد بـ 15 دقيقة.
2. ارتدِ سروالًا فضفاضًا.

| الوقت | ماذا يحدث |
|:-----|-------------:|
| 0 دقيقة | تنظيف الجلد |
| 5 دقائق | الحقن |

> **مهم:** اتصل بنا إذا أصبحت الركبة ساخنة وحمراء.

استرح يومًا بعد الحقن.[^1]

![](pic.png)

[^1]: تجنب الرياضة مدة 48 ساعة.

## الأسئلة الشائعة

هل تؤلم الحقنة؟

تسبب لسعة لبضع ثوانٍ.

كم يدوم أثرها؟

عادةً من 3 إلى 6 أشهر.
""",
}

# What each import must contain, as (block type, check) in order.
EXPECTED_TYPES = ["paragraph", "heading", "list", "list", "table", "callout", "paragraph", "heading", "faq"]


def tiny_png(path):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + b"\xc8\0\0" * 4 for _ in range(4))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def spans(inline):
    return [s for s in inline if isinstance(s, dict)] if isinstance(inline, list) else []


def text_of(inline):
    if isinstance(inline, str):
        return inline
    return "".join(s if isinstance(s, str) else s["text"] for s in inline)


def check_article(art, lang, where):
    def need(cond, msg):
        if not cond:
            raise Fail("%s: %s\n%s" % (where, msg, json.dumps(art, ensure_ascii=False, indent=1)))

    need(art["lang"] == lang, "lang is %r" % art["lang"])
    need(text_of(art["title"]).startswith({"en": "Knee injection", "ar": "حقن الركبة"}[lang]), "wrong title")
    types = [b["type"] for b in art["blocks"]]
    need(types == EXPECTED_TYPES, "blocks %s, expected %s" % (types, EXPECTED_TYPES))
    b = art["blocks"]
    marks = spans(b[0]["text"])
    need(any(s.get("strong") for s in marks) and any(s.get("em") for s in marks), "bold and italic lost")
    need(any(s.get("href") == "https://example.org/knee" for s in marks), "the link is lost")
    if lang == "en":
        # One span for an italic phrase (from a .docx, each word was a span of its own).
        need([s["text"] for s in marks if s.get("em")] == ["swelling and stiffness"],
             "the italic phrase is not one span: %r" % [s for s in marks if s.get("em")])
    need(b[1]["level"] == 2, "heading level %r" % b[1]["level"])
    terms = [i for i in b[2]["items"] if isinstance(i, dict)]
    need(len(terms) == 2 and len(b[2]["items"]) == 3, "the two \"Term: text\" items are not term items")
    need(text_of(terms[0]["term"]) == {"en": "Medicines", "ar": "الأدوية"}[lang], "term %r" % terms[0]["term"])
    need(b[3].get("ordered") is True and len(b[3]["items"]) == 2, "the numbered list is not ordered")
    need([text_of(h) for h in b[4]["header"]] == {"en": ["Time", "What happens"], "ar": ["الوقت", "ماذا يحدث"]}[lang],
         "table header %r" % b[4]["header"])
    need(len(b[4]["rows"]) == 2, "table rows %r" % b[4]["rows"])
    need(text_of(b[5].get("title", "")) == {"en": "Important", "ar": "مهم"}[lang], "callout title %r" % b[5].get("title"))
    faq = b[8]["items"]
    need(len(faq) == 2 and text_of(faq[0]["question"]).endswith(("?", "؟")), "FAQ items %r" % faq)


def check_warnings(err, source, fmt):
    lines = [l for l in err.splitlines() if l.strip()]
    warnings = [l for l in lines if ": warning: " in l]
    if len(warnings) != len(lines):
        raise Fail("%s: import printed more than warnings:\n%s" % (fmt, err))
    kinds = sorted("image" if "picture" in l else "footnote" if "footnote" in l else l for l in warnings)
    if kinds != ["footnote", "image"]:
        raise Fail("%s: expected exactly the dropped image and footnote as warnings, got:\n%s" % (fmt, err))
    for l in warnings:
        if not l.startswith(source + ":"):
            raise Fail("%s: warning does not name the document: %s" % (fmt, l))
        # Markdown has line numbers; other formats name the block of the document.
        if fmt == "md" and not re.match(re.escape(source) + r":\d+:\d+: warning", l):
            raise Fail("md: warning without line:col: %s" % l)
        if fmt != "md" and "block " not in l:
            raise Fail("%s: warning without the block's position: %s" % (fmt, l))


def check_renders(args, path, words):
    rc, _, err = run([args.handout, "validate", path], check=False)
    if rc != 0 or err.strip():
        raise Fail("validate %s: exit %d\n%s" % (path, rc, err))
    pdf = path[:-5] + ".pdf"
    _, _, err = run([args.handout, "render", path, "-o", pdf])
    if err.strip():
        raise Fail("render %s printed warnings:\n%s" % (path, err))
    text = run(["pdftotext", pdf, "-"])[1]
    for w in words:
        if w not in text:
            raise Fail("%s: %r is not in the PDF's text" % (pdf, w))


def import_format(args, fmt):
    require_tools("pandoc", "pdftotext")
    for lang, source in SOURCES.items():
        d = os.path.join(args.work_dir, lang)
        os.makedirs(d)
        tiny_png(os.path.join(d, "pic.png"))
        md = os.path.join(d, "draft.md")
        with open(md, "w", encoding="utf-8") as f:
            f.write(source)
        doc = md
        if fmt != "md":
            doc = os.path.join(d, "draft." + fmt)
            # A web page has a <title> (its browser tab) besides its <h1>: the <h1> is the title.
            run(["pandoc", "-f", "markdown", md, "-o", doc] +
                (["-s", "--metadata", "pagetitle=Clinic site"] if fmt == "html" else []), cwd=d)
        out = os.path.join(d, "article.json")
        rc, _, err = run([args.handout, "import", doc, "-o", out, "--lang", lang], check=False, cwd=d)
        if rc != 0:
            raise Fail("%s %s: import exit %d\n%s" % (fmt, lang, rc, err))
        check_warnings(err, doc, fmt)
        with open(out, encoding="utf-8") as f:
            art = json.load(f)
        if fmt in ("md", "html"):
            import_line_ends(args, doc, d, lang, fmt, art, err)
        check_article(art, lang, "%s %s" % (fmt, lang))
        check_renders(args, out, {"en": ["injection", "Medicines", "Usually"], "ar": []}[lang])
        if fmt == "md":  # an article that exists (edited since, or another topic's) is kept
            with open(out, "rb") as f:
                before = f.read()
            rc, _, err = run([args.handout, "import", doc, "-o", out, "--lang", lang], check=False, cwd=d)
            with open(out, "rb") as f:
                kept = f.read() == before
            if rc != 2 or "exists" not in err or "--force" not in err or not kept:
                raise Fail("%s %s: import over an existing article: exit %d, kept %s\n%s" % (fmt, lang, rc, kept, err))
            rc, _, err = run([args.handout, "import", doc, "-o", out, "--lang", lang, "--force"], check=False, cwd=d)
            if rc != 0:
                raise Fail("%s %s: import --force over an existing article: exit %d\n%s" % (fmt, lang, rc, err))
            # An article that cannot be written (its folder is missing) is exit 3, as for
            # render (it was 2, "input refused"), and leaves nothing.
            plain = os.path.join(d, "plain.md")
            with open(plain, "w", encoding="utf-8") as f:
                f.write("# Knee injection\n\nRest your knee for a day.\n")
            rc, _, err = run([args.handout, "import", plain, "-o", os.path.join(d, "nofolder", "x.json"), "--lang", lang],
                             check=False, cwd=d)
            if rc != 3 or "make the folder first" not in err or os.path.exists(os.path.join(d, "nofolder")):
                raise Fail("%s %s: import into a missing folder: exit %d, expected 3\n%s" % (fmt, lang, rc, err))
    if fmt == "docx":
        import_picture(args)


def import_line_ends(args, doc, d, lang, fmt, art, err):
    """The same text document saved with classic Mac line ends (a carriage return alone) and
    with Windows ones (CR LF) imports to the same article with the same warnings at the same
    line:col. pandoc drops a lone CR: the whole Markdown file was one line ("nothing to
    import" when it began with a heading), a web page's words either side of a line end ran
    together."""
    with open(doc, "rb") as f:
        lf = f.read().replace(b"\r\n", b"\n")
    tmp = os.path.join(d, "tmp-%s" % fmt)  # the import's own temporary folder
    os.makedirs(tmp)
    for name, ends in (("cr", b"\r"), ("crlf", b"\r\n")):
        other = os.path.join(d, "draft-%s.%s" % (name, fmt))
        with open(other, "wb") as f:
            f.write(lf.replace(b"\n", ends))
        out = os.path.join(d, "article-%s.json" % name)
        rc, _, other_err = run([args.handout, "import", other, "-o", out, "--lang", lang], check=False, cwd=d,
                               env=dict(os.environ, TMPDIR=tmp))
        if rc != 0:
            raise Fail("%s %s with %s line ends: import exit %d\n%s" % (fmt, lang, name.upper(), rc, other_err))
        with open(out, encoding="utf-8") as f:
            got = json.load(f)
        if got != art:
            raise Fail("%s %s with %s line ends: the article differs from the one with LF line ends:\n%s"
                       % (fmt, lang, name.upper(), json.dumps(got, ensure_ascii=False, indent=1)[:2000]))
        # (pandoc extracts each article's pictures into images/<article name>/.)
        if other_err.replace(other, doc).replace("images/article-%s/" % name, "images/article/") != err:
            raise Fail("%s %s with %s line ends: the warnings differ:\n%s\nwith LF:\n%s"
                       % (fmt, lang, name.upper(), other_err, err))
    leftovers = os.listdir(tmp)
    if leftovers:
        raise Fail("import left temporary copies behind: %s" % leftovers)


def import_picture(args):
    """A picture with a description, alone in its paragraph, with Word's caption after it:
    one figure block whose picture pandoc extracted beside the article, rendered into the PDF."""
    require_tools("pdfimages")
    d = os.path.join(args.work_dir, "picture")
    os.makedirs(d)
    tiny_png(os.path.join(d, "pic.png"))
    md = os.path.join(d, "draft.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("# Dressings\n\nKeep it clean.\n\n![A red square dressing](pic.png)\n\nChange it daily.\n")
    doc = os.path.join(d, "draft.docx")
    run(["pandoc", "-f", "markdown", md, "-o", doc], cwd=d)
    os.makedirs(os.path.join(d, "out"))
    out = os.path.join(d, "out", "dressings.json")
    rc, _, err = run([args.handout, "import", doc, "-o", out, "--lang", "en"], check=False, cwd=d)
    if rc != 0 or err.strip():
        raise Fail("picture: import exit %d\n%s" % (rc, err))
    with open(out, encoding="utf-8") as f:
        blocks = json.load(f)["blocks"]
    figures = [b for b in blocks if b["type"] == "figure"]
    if len(figures) != 1 or figures[0].get("alt") != "A red square dressing" or \
            figures[0].get("caption") != "A red square dressing" or len(blocks) != 3:
        raise Fail("picture: expected paragraph, figure (alt and caption), paragraph; got %r" % blocks)
    if not os.path.isfile(os.path.join(d, "out", figures[0]["src"])):
        raise Fail("picture: %s was not extracted beside the article" % figures[0]["src"])
    check_renders(args, out, ["Keep it clean", "Change it daily"])
    images = run(["pdfimages", "-list", out[:-5] + ".pdf"])[1].splitlines()[2:]
    if len([l for l in images if " image " in l]) != 1:
        raise Fail("picture: the PDF should hold the one picture:\n%s" % "\n".join(images))


def cmd_nopandoc(args):
    md = os.path.join(args.work_dir, "a.md")
    with open(md, "w") as f:
        f.write("# T\n\nText.\n")
    out = os.path.join(args.work_dir, "a.json")
    env = dict(os.environ, PATH=os.path.join(args.work_dir, "empty"))
    rc, _, err = run([args.handout, "import", md, "-o", out, "--lang", "en"], check=False, env=env)
    if rc != 2 or "pandoc" not in err or "install" not in err or os.path.exists(out):
        raise Fail("without pandoc: exit %d, file written: %s, stderr:\n%s" % (rc, os.path.exists(out), err))


def cmd_pictures(args):
    require_tools("pandoc")
    d = os.path.join(args.work_dir, "docs")
    os.makedirs(d)
    tiny_png(os.path.join(d, "pic.png"))
    sources = {"md": "# Dressings\n\nKeep it clean.\n\n![A red square dressing](pic.png)\n\n"
                     "Change it daily.\n\n![A lost picture](lost/gone.png)\n",
               "html": '<html lang="en"><body><h1>Dressings</h1><p>Keep it clean.</p>\n'
                       '<p><img src="pic.png" alt="A red square dressing"></p>\n<p>Change it daily.</p>\n'
                       '<p><img src="lost/gone.png" alt="A lost picture"></p></body></html>\n'}
    for fmt, source in sources.items():
        doc = os.path.join(d, "dressings." + fmt)
        with open(doc, "w", encoding="utf-8") as f:
            f.write(source)
        line = source[:source.index("lost/gone.png")].count("\n") + 1
        out = os.path.join(args.work_dir, "out-" + fmt, "dressings.json")
        os.makedirs(os.path.dirname(out))
        # Run from the work folder: the pictures are beside the document, not here.
        rc, _, err = run([args.handout, "import", os.path.join("docs", "dressings." + fmt), "-o", out, "--lang", "en"],
                         check=False, cwd=args.work_dir)
        if rc != 0:
            raise Fail("%s: import exit %d\n%s" % (fmt, rc, err))
        with open(out, encoding="utf-8") as f:
            blocks = json.load(f)["blocks"]
        figures = [b for b in blocks if b["type"] == "figure"]
        if len(figures) != 1 or figures[0].get("alt") != "A red square dressing" or \
                not os.path.isfile(os.path.join(os.path.dirname(out), figures[0]["src"])):
            raise Fail("%s: the picture beside the document is not a figure block: %r\n%s" % (fmt, blocks, err))
        said = [l for l in err.splitlines() if "gone.png" in l]
        if len(said) != 1 or not re.match(re.escape(os.path.join("docs", "dressings." + fmt)) + r":%d:\d+: warning: "
                                           r"picture \"lost/gone\.png\" not found" % line, said[0]):
            raise Fail("%s: the missing picture is not a located warning:\n%s" % (fmt, err))


def warnings_of(err, source):
    lines = [l for l in err.splitlines() if l.strip()]
    for l in lines:
        if not l.startswith(source + ":") or ": warning: " not in l:
            raise Fail("not a warning naming %s: %s" % (source, l))
    return lines


def item_text(item):
    if isinstance(item, dict):
        return text_of(item["term"]) + ": " + text_of(item["text"])
    return text_of(item)


def cmd_lists(args):
    require_tools("pandoc", "pdftotext")
    d = args.work_dir
    md = os.path.join(d, "nested.md")
    source = ("# Dressing\n\n1. Wash your hands.\n2. Get ready:\n   - gauze\n   - tape\n3. Put on the dressing.\n\n"
              "Then:\n\n- Keep it dry.\n- Watch for:\n  1. redness\n  2. fever\n- Call us.\n\nLast:\n\n"
              "1. First.\n2. Last of all:\n   - one\n   - two\n")
    with open(md, "w", encoding="utf-8") as f:
        f.write(source)
    out = os.path.join(d, "nested.json")
    rc, _, err = run([args.handout, "import", md, "-o", out, "--lang", "en"], check=False, cwd=d)
    if rc != 0:
        raise Fail("import exit %d\n%s" % (rc, err))
    with open(out, encoding="utf-8") as f:
        blocks = json.load(f)["blocks"]
    got = [(b["type"], b.get("ordered", False), [item_text(i) for i in b["items"]]) if b["type"] == "list"
           else (b["type"], text_of(b["text"])) for b in blocks]
    want = [("list", True, ["Wash your hands.", "Get ready: gauze; tape", "Put on the dressing."]),
            ("paragraph", "Then:"),
            ("list", False, ["Keep it dry.", "Watch for:"]), ("list", True, ["redness", "fever"]),
            ("list", False, ["Call us."]),
            ("paragraph", "Last:"),
            ("list", True, ["First.", "Last of all:"]), ("list", False, ["one", "two"])]
    if got != want:
        raise Fail("nested lists:\n got %r\nwant %r" % (got, want))
    warnings = warnings_of(err, md)
    lines = source.split("\n")
    expected = [("- gauze", r"a list inside item 2 of a numbered list: .* joined to the item's text \(\"gauze; tape\"\) "
                          r"so that the items after it keep their numbers"),
                ("1. redness", r"a numbered list inside a list item: .* a list of its own"),
                ("- one", r"a bulleted list inside a list item: .* a list of its own")]
    if len(warnings) != len(expected):
        raise Fail("expected %d warnings:\n%s" % (len(expected), err))
    for w, (first, said) in zip(warnings, expected):
        line = next(i for i, l in enumerate(lines) if l.strip().startswith(first)) + 1
        column = lines[line - 1].index(first[0]) + 1
        if not re.match(re.escape(md) + r":%d:%d: warning: %s" % (line, column, said), w):
            raise Fail("not a warning at %d:%d saying %r: %s" % (line, column, said, w))
    check_renders(args, out, ["gauze; tape", "redness", "Call us"])
    # A list in a table cell or a quote (which hold text): its items joined to the text, where
    # they were dropped ("put it after the a table cell").
    page = os.path.join(d, "page.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write('<html lang="en"><body><h1>T</h1><table><tr><th>Bring</th><th>Why</th></tr><tr><td>Papers<ul>'
                '<li>your card</li><li>your letter</li></ul></td><td>To check in.</td></tr></table>\n<blockquote><p>'
                '<strong>Important:</strong> call us if</p><ol><li>it bleeds</li><li>it swells</li></ol></blockquote>'
                '</body></html>\n')
    out = os.path.join(d, "page.json")
    rc, _, err = run([args.handout, "import", page, "-o", out], check=False, cwd=d)
    with open(out, encoding="utf-8") as f:
        blocks = json.load(f)["blocks"]
    if rc != 0 or [text_of(c) for c in blocks[0]["rows"][0]] != ["Papers: your card; your letter", "To check in."] or \
            text_of(blocks[1]["text"]) != "call us if: it bleeds; it swells":
        raise Fail("a list in a table cell or a quote: exit %d, %r\n%s" % (rc, blocks, err))
    warnings = warnings_of(err, page)
    if len(warnings) != 2 or 'a list inside a table cell: the article format has no lists there; its items were ' \
            'joined to the text ("your card; your letter")' not in warnings[0] or \
            'a list inside a quote: ' not in warnings[1]:
        raise Fail("a list in a table cell or a quote: warnings:\n%s" % err)
    # Arabic: the items joined with the Arabic semicolon; a long footnote's warning cut at
    # 40 characters, not inside one.
    ar = os.path.join(d, "ar.md")
    note = "تجنب الرياضة مدة ثمان وأربعين ساعة بعد الحقن في الركبة."
    with open(ar, "w", encoding="utf-8") as f:
        f.write("# الضماد\n\n1. اغسل يديك.\n2. جهّز\n   - شاش\n   - لاصق\n3. ضع الضماد.\n\nاسترح.[^1]\n\n"
                "[^1]: " + note + "\n")
    out = os.path.join(d, "ar.json")
    p = subprocess.run([args.handout, "import", ar, "-o", out, "--lang", "ar"], capture_output=True, cwd=d)
    err = p.stderr.decode("utf-8", "strict")
    with open(out, encoding="utf-8") as f:
        items = json.load(f)["blocks"][0]["items"]
    if p.returncode != 0 or [item_text(i) for i in items] != ["اغسل يديك.", "جهّز: شاش؛ لاصق", "ضع الضماد."]:
        raise Fail("Arabic nested list: exit %d, items %r\n%s" % (p.returncode, items, err))
    if 'footnote dropped ("%s…")' % note[:40] not in err:
        raise Fail("the Arabic footnote's warning is not cut at 40 characters:\n%s" % err)


def cmd_inline(args):
    require_tools("pandoc", "pdfimages")
    d = os.path.join(args.work_dir, "docs")
    os.makedirs(d)
    tiny_png(os.path.join(d, "pic.png"))
    with open(os.path.join(d, "pic.png"), "rb") as f:
        png = f.read()
    with open(os.path.join(d, "anim.gif"), "wb") as f:
        f.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    md = os.path.join(d, "pills.md")
    source = ("# Pills\n\nTake the ![red pill](pic.png) twice a day.\n\nOr this one ![blue pill](%s) at night.\n\n"
              "![](%s)\n\nNot ![a moving picture](anim.gif) this.\n" % (uri, uri))
    with open(md, "w", encoding="utf-8") as f:
        f.write(source)
    docx = os.path.join(d, "pills.docx")
    run(["pandoc", "-f", "markdown", md, "-o", docx], cwd=d)
    for doc in ("docs/pills.md", "docs/pills.docx"):  # from the work folder, as an author names them
        stem = os.path.splitext(os.path.basename(doc))[0] + "-" + doc[-2:]
        outdir = os.path.join(args.work_dir, "out")
        out = os.path.join(outdir, stem + ".json")
        rc, _, err = run([args.handout, "import", doc, "-o", out, "--lang", "en"], check=False, cwd=args.work_dir)
        if rc != 0:
            raise Fail("%s: import exit %d\n%s" % (doc, rc, err))
        with open(out, encoding="utf-8") as f:
            blocks = json.load(f)["blocks"]
        kinds = [(b["type"], b.get("alt")) for b in blocks]
        if kinds != [("paragraph", None), ("figure", "red pill"), ("paragraph", None), ("figure", "blue pill"),
                     ("paragraph", None)]:
            raise Fail("%s: pictures inside text are not figures after their paragraphs: %r\n%s" % (doc, blocks, err))
        for b in blocks:
            if b["type"] == "figure" and not (b["src"].startswith("images/%s/" % stem)
                                              and os.path.isfile(os.path.join(outdir, b["src"]))):
                raise Fail("%s: the figure's picture %s is not beside the article" % (doc, b["src"]))
        warnings = warnings_of(err, doc)
        if args.work_dir in err or "base64" in err or "/tmp" in err:
            raise Fail("%s: a warning shows an absolute path or a data: URI's text:\n%s" % (doc, err))
        said = [r'picture "images/%s/[^"]+\.png" \("red pill"\) inside a line of text: .* it follows the block it '
                r'was in as a figure' % stem,
                r'picture "images/%s/[^"]+\.png" \("blue pill"\) inside a line of text' % stem,
                r'picture "images/%s/[^"]+\.png" without a description dropped: a figure needs one' % stem,
                r'picture "images/%s/[^"]+\.gif" \("a moving picture"\) dropped: a figure\'s picture must be PNG or '
                r'JPEG' % stem]
        if len(warnings) != len(said) or not all(re.search(s, w) for s, w in zip(said, warnings)):
            raise Fail("%s: expected warnings %r, got:\n%s" % (doc, said, err))
        if doc.endswith(".md") and not all(re.match(re.escape(doc) + r":\d+:\d+: warning", w) for w in warnings):
            raise Fail("%s: a warning without line:col:\n%s" % (doc, err))
        check_renders(args, out, ["Take the", "twice a day"])
        images = run(["pdfimages", "-list", out[:-5] + ".pdf"])[1].splitlines()[2:]
        if len([l for l in images if " image " in l]) != 2:
            raise Fail("%s: the PDF should hold the two pictures:\n%s" % (doc, "\n".join(images)))
    # Without a folder to extract into (standard output): a data: URI is named by its type.
    rc, _, err = run([args.handout, "import", "docs/pills.md", "-o", "-", "--lang", "en"], check=False,
                     cwd=args.work_dir)
    if rc != 0 or "base64" in err or 'picture "data:image/png,…"' not in err:
        raise Fail("-o -: a data: URI picture is not named by its type:\n%s" % err)


def cmd_refused(args):
    require_tools("pandoc")
    d = args.work_dir
    html = os.path.join(d, "page.html")
    with open(html, "w", encoding="utf-8") as f:
        f.write('<html lang="en_US!!"><head><title>T</title></head><body><h1>Hello</h1><p>Text.</p></body></html>\n')
    out = os.path.join(d, "page.json")
    rc, _, err = run([args.handout, "import", html, "-o", out], check=False, cwd=d)
    if (rc != 2 or not re.search(r"page\.html: error: the document says its language is \"en_US!!\"", err)
            or "--lang \"" in err or os.path.exists(out)):
        raise Fail("a page with a bad lang attribute: exit %d, written %s, stderr:\n%s" % (rc, os.path.exists(out), err))
    # Saved as UTF-16 (Notepad's "Unicode"), Markdown or a web page: said so, not "the control
    # character U+0000" at a block of an article never written.
    utf16 = r": error: the document is UTF-16 text \(it starts with a UTF-16 (little|big)-endian byte order mark\), " \
            r"not UTF-8: save it as UTF-8"
    # Saved in another encoding: Mac Roman as classic Mac OS wrote it (CR line ends, "é" is
    # 0x8E, curly quotes 0xD2 0xD3), Windows-1252 (curly apostrophe 0x92). pandoc read the
    # bytes as Latin-1: "the control character U+008E" at an article never written, or the
    # quotes printed as "Ò" and "Ó" without a word. Said so, at the byte's line:col.
    other = r": error: the document is not UTF-8 text: byte 0x[0-9A-F]{2} here is not UTF-8 .*save it as UTF-8"
    for name, data, said in (
            ("notepad.md", b"\xff\xfe" + "# Title\n\nText.\n".encode("utf-16-le"), utf16),
            ("notepad.html", b"\xfe\xff" + "<html><body><h1>Title</h1><p>Text.</p></body></html>".encode("utf-16-be"), utf16),
            ("notepad-be.md", b"\xfe\xff" + "# Title\n\nText.\n".encode("utf-16-be"), utf16),
            ("macroman.md", b"# The caf\x8e\r\rCall \xd2soon\xd3.\r", ":1:10" + other),
            ("quotes.md", b"# Title\r\n\r\nIt\x92s fine.\r\n", ":3:3" + other),
            ("macquotes.md", b"# Title\r\rCall \xd2soon\xd3.\r", ":3:6" + other)):
        path = os.path.join(d, name)
        with open(path, "wb") as f:
            f.write(data)
        out = os.path.join(d, name + ".json")
        rc, _, err = run([args.handout, "import", path, "-o", out, "--lang", "en"], check=False, cwd=d)
        if rc != 2 or os.path.exists(out) or "U+00" in err or not re.search(re.escape(name) + said, err):
            raise Fail("a document in another encoding (%s): exit %d, written %s, stderr:\n%s"
                       % (name, rc, os.path.exists(out), err))
    md = os.path.join(d, "blank.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("# Title\n\n## \u00a0\n\nText.\n")
    out = os.path.join(d, "blank.json")
    rc, _, err = run([args.handout, "import", md, "-o", out, "--lang", "en"], check=False, cwd=d)
    if (rc != 2 or os.path.exists(out) or "blank.json:" in err
            or not re.search(r"blank\.md: error: in the article made from it: .*heading.*\(at /blocks/\d+/text\)", err)
            or not re.search(r"blank\.md: error: .*not valid.*blank\.json not written", err)):
        raise Fail("a document whose article is invalid: exit %d, written %s, stderr:\n%s" % (rc, os.path.exists(out), err))


def cmd_new(args):
    require_tools("pdftotext")
    content = os.path.join(args.work_dir, "content")
    shutil.copytree(os.path.join(args.source_dir, "content", "_template"), os.path.join(content, "_template"))
    rc, out, err = run([args.handout, "new", "knee-injection", "--langs", "en,ar"], check=False, cwd=args.work_dir)
    made = [os.path.join(content, "knee-injection", l + ".json") for l in ("en", "ar")]
    if rc != 0 or not all(os.path.isfile(m) for m in made):
        raise Fail("handout new: exit %d\n%s%s" % (rc, out, err))
    rc, _, err = run([args.handout, "validate"] + made, check=False)
    if rc != 0 or err.strip():
        raise Fail("validate after new: exit %d\n%s" % (rc, err))
    for m in made:
        check_renders(args, m, [])
    for argv, why in ((["new", "knee-injection"], "already exists"),
                      (["new", "Knee Injection"], "lower-case"),
                      (["new", "other", "--langs", "fr"], "no template"),
                      (["new", "other", "--langs", "en,en"], "given twice")):
        rc, _, err = run([args.handout] + argv, check=False, cwd=args.work_dir)
        if rc != 2 or why not in err:
            raise Fail("handout %s: exit %d, expected 2 and %r:\n%s" % (" ".join(argv), rc, why, err))
    if os.path.exists(os.path.join(content, "other")):
        raise Fail("a failed `new` made a folder")
    # A write that fails half way (a file size limit of 3 KB: en.json fits, ar.json does not,
    # as on a full disk) leaves nothing: main left en.json, and the next run refused it as
    # "already exists". An output that cannot be written is exit 3, as for every command (it
    # was 2, "input refused").
    rc, _, err = run(["bash", "-c", 'ulimit -f 3 && exec "$@"', "bash", args.handout, "new", "half-done", "--langs",
                      "en,ar"], check=False, cwd=args.work_dir)
    if rc != 3 or "nothing of the topic was kept" not in err or os.path.exists(os.path.join(content, "half-done")):
        raise Fail("handout new that cannot write ar.json: exit %d, left %s:\n%s"
                   % (rc, os.listdir(os.path.join(content, "half-done")) if os.path.isdir(os.path.join(content, "half-done"))
                      else "nothing", err))
    # A folder with no content/ of its own (an installed handout): the template comes from
    # handout's data folder (HANDOUT_DATA_DIR here, share/handout beside the program).
    fresh = os.path.join(args.work_dir, "fresh")
    os.makedirs(fresh, exist_ok=True)
    env = dict(os.environ, HANDOUT_DATA_DIR=os.path.join(args.source_dir))
    rc, out, err = run([args.handout, "new", "knee-injection", "--langs", "en,ar"], check=False, cwd=fresh, env=env)
    made = [os.path.join(fresh, "content", "knee-injection", l + ".json") for l in ("en", "ar")]
    if rc != 0 or not all(os.path.isfile(m) for m in made):
        raise Fail("handout new in a folder without content/: exit %d\n%s%s" % (rc, out, err))
    rc, _, err = run([args.handout, "validate"] + made, check=False)
    if rc != 0 or err.strip():
        raise Fail("validate after new from the data folder: exit %d\n%s" % (rc, err))
    # The schema the articles name ("$schema": "../article.schema.json") is where an editor
    # looks for it, so that it completes and checks as the author types.
    for m in made:
        with open(m, encoding="utf-8") as f:
            ref = json.load(f)["$schema"]
        schema = os.path.normpath(os.path.join(os.path.dirname(m), ref))
        if not os.path.isfile(schema):
            raise Fail("handout new in a folder without content/: %s names %s, which is not there" % (m, ref))
        with open(schema, "rb") as f, open(os.path.join(args.source_dir, "content", "article.schema.json"), "rb") as g:
            if f.read() != g.read():
                raise Fail("handout new: %s is not the article schema" % schema)
    if "article.schema.json" not in out:
        raise Fail("handout new did not list the schema it wrote:\n" + out)
    # A second topic leaves the schema there alone (never overwritten, not listed again).
    rc, out, err = run([args.handout, "new", "knee-aftercare", "--langs", "en"], check=False, cwd=fresh, env=env)
    if rc != 0 or "article.schema.json" in out:
        raise Fail("a second handout new: exit %d\n%s%s" % (rc, out, err))


if __name__ == "__main__":
    main({"docx": lambda a: import_format(a, "docx"), "html": lambda a: import_format(a, "html"),
          "md": lambda a: import_format(a, "md"), "nopandoc": cmd_nopandoc, "pictures": cmd_pictures,
          "refused": cmd_refused, "new": cmd_new, "lists": cmd_lists, "inline": cmd_inline}, __doc__)
