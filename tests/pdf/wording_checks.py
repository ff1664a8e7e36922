#!/usr/bin/env python3
"""Words that belong together, hyphenation and Arabic text rules (issue 16, items 6-12),
checked on PDFs made by handout from articles written here, read back with poppler's
pdftotext (plain and -bbox-layout) and mutool trace.

Usage:
    python3 wording_checks.py SUBCOMMAND --handout BIN --source-dir DIR --work-dir DIR

Subcommands:
    terms        a list item's term gets one colon: "Hydration:" keeps its own, "Food" gets
                 one (en, ar)
    together     phone numbers, numbers with units and ranges of them never break at a line
                 end, in every position of a narrow column; no line starts with a degree sign,
                 a unit or a spaced dash; in Arabic text a phone number and "37.5 °C" are set
                 left to right as written (by the x positions of their words); a test's label
                 and its range ("INR 2.0–3.0") and a name and its letter ("Hepatitis B",
                 "التهاب الكبد B") never part at a line end
    links        web and e-mail addresses and file names are never hyphenated and break only
                 after "/", "." or "@" or before "?" or "&" (not after their own "-", which pdftotext would
                 drop as a hyphen): joining the lines gives each back exactly; in tri-fold
                 panels a link breaks after a "/" of its path or its "@", not in its host;
                 in ragged text an address that fits the next line moves there whole, in
                 justified A4 it breaks rarely and only after "@" or a "/" of its path; an
                 address wider than a 70 mm column breaks after its "/" (a host with no path
                 after its "."), never after "https://", and nothing leaves the column; a
                 brand's {clinic.website} and {clinic.email} stay whole in the contact line
    hyphenation  no capitalised word is hyphenated; the article's "hyphenation" list is
                 followed (a word written without hyphens never breaks, a listed one only
                 where its hyphens are); never three hyphenated lines in a row; no page ends
                 with a hyphenated line; no paragraph ends in a line of one short word
                 (in Arabic justified by kashida too)
    emphasis     an emphasised ("em") Arabic word is set in the bold face of its font
    digits       "digits": {"ar": "arabic-indic"} shows the article's own digits in Arabic
                 text as Arabic-Indic digits (same glyphs as "١", by mutool trace; not those
                 of Latin words or links) while the text layer keeps them as written;
                 "arabic-indic-numbering" changes only the page and list numbers;
                 "extended-arabic-indic" does so in Persian and Urdu with U+06F0-06F9 (all
                 ten from Noto Naskh, regular and bold), Arabic's separators and the
                 footer's date, "extended-arabic-indic-numbering" page and list numbers only
    mixedscript  in Arabic text a hyphenated date, a number of thousands parted by spaces
                 and a Latin name led by a number ("5-FU") read left to right as written, a number
                 after a Latin word or before a Latin unit of any SI prefix keeps its Western
                 digits in a layout of Arabic-Indic digits, a Latin abbreviation keeps its
                 final stop; an isolate pasted without its closing character leaves the next
                 string's order alone (pdftotext -bbox-layout); "cells/m²", "mL/min", "mg/kg" never break at the "/";
                 in Arabic-Indic digits "-1 250", "1½" and a table cell's "25%" and "-12.5%"
                 read as in a paragraph, and "2.3.1" keeps its Western digits (mutool trace);
                 a fraction "1⁄2" is one fraction of the Latin font, not "١⁄٢" read as ٧٢, and
                 "1½" one number in one font;
                 a negative number's sign (U+002D, U+2212) stands on the right of Arabic-Indic
                 digits and on the left of Western ones in a heading, paragraph, list item and
                 cell, and pdftotext keeps it where it starts a line; a percent sign stands on
                 the right of Western digits in a paragraph as in a cell; in Persian and
                 Urdu Extended Arabic-Indic digits (shown by the layout or written so) the
                 sign stands on the left and a signed percent reads left to right with it, an
                 unsigned percent and a range read as after a word at a paragraph's or
                 cell's start too (mutool trace, pdftotext, pdf.js); in Arabic-Indic digits
                 pdftotext and pdf.js give "33% من", "(25%)", "60%.", "0.1% (", "40%، و" and
                 "20–40%. و" back as written
    kashida      "justify": "kashida" in a narrow column: every line but a paragraph's last is
                 flush at both ends (pdftotext -bbox-layout), tatweels are drawn (handout's
                 dump) and only between letters that join (the glyph right of each is an
                 initial or medial form, the one left of it a medial or final form, as
                 hb-shape makes them), spaces stay between 2/3 and KASHIDA_MAX_SPACE times the
                 natural space (the same paragraph spaced only reaches further), and the
                 text layer gives every word back as written from pdftotext and pdf.js, with
                 no U+0640 TATWEEL
"""

import collections
import json
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks as pc  # noqa: E402

FILLER = ("alpha", "be", "care", "do", "each", "for", "good", "hand", "in", "joint")
SOFT = "\u00ad"


def write_article(path, blocks, lang="en", title=None, extra=None):
    a = {"lang": lang, "title": title or ("Words together" if lang == "en" else "كلمات معًا"),
         "meta": {"version": "1", "reviewed": "2026-11-01"}, "blocks": blocks}
    a.update(extra or {})
    with open(path, "w", encoding="utf-8") as f:
        json.dump(a, f, ensure_ascii=False, indent=1)
    return path


def filler(k):
    return " ".join(FILLER[i % len(FILLER)] for i in range(k))


FILLER_AR = ("على", "من", "في", "الطبيب", "العلاج", "المريض", "الدواء", "بعد", "قبل", "يوم")


def filler_ar(k):
    return " ".join(FILLER_AR[i % len(FILLER_AR)] for i in range(k))


def text_lines(pdf):
    _, out, _ = pc.run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    return out, [line.strip() for line in out.replace("\f", "\n").split("\n")]


def custom_layout(ctx, name, base="a5-booklet", **changes):
    """A bundled layout with top-level keys changed, written to the work folder (its fonts
    read from the source tree, so renders pass --allow-path for them)."""
    lay = json.load(open(ctx.src("layouts", base + ".json"), encoding="utf-8"))
    lay["fonts"] = dict(lay["fonts"], dir=ctx.src("fonts"))
    for key, value in changes.items():
        lay[key] = value
    path = ctx.out(name + ".layout.json")
    hyph = ctx.out("hyphenation")  # the dictionaries are looked for beside the layout
    if not os.path.exists(hyph):
        os.symlink(ctx.src("layouts", "hyphenation"), hyph)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(lay, f, ensure_ascii=False)
    return path


def narrow_layout(ctx):
    """A5 with a 70 mm justified column: a narrow measure as in parallel columns."""
    lay = json.load(open(ctx.src("layouts", "a5-booklet.json"), encoding="utf-8"))
    page = dict(lay["page"], margins={"top": "14mm", "bottom": "14mm", "start": "39mm", "end": "39mm"})
    styles = dict(lay["styles"], body=dict(lay["styles"]["body"], align="justify"))
    return custom_layout(ctx, "narrow", page=page, styles=styles)


def render(ctx, name, blocks, layout="a5-booklet", lang="en", extra=None, title=None):
    src = write_article(ctx.out(name + ".json"), blocks, lang, title, extra)
    path = layout if os.path.isabs(layout) else ctx.src("layouts", layout + ".json")
    return pc.render(ctx, src, ctx.out(name + ".pdf"), layout=path, extra=("--allow-path", ctx.src("fonts"), "--allow-path", ctx.src("layouts")))


# ---------------------------------------------------------------------------------------------
# 6. Words that belong together

TOGETHER_EN = ["+971 4 123 4567", "37.5 °C", "500 mg", "15 mmol/L", "500 mg–1 g", "(0)20 7946 0018"]


def cmd_together(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("together")
    # Every position of the phrase against the line end: a filler of 0..29 words before it.
    n = 30
    blocks = [{"type": "paragraph",
               "text": "%s call +971 4 123 4567 if it stays above 37.5 °C after 500 mg of it, or sugar is "
                       "below 15 mmol/L; take 500 mg–1 g and ring +44 (0)20 7946 0018 – the ward – today." % filler(k)}
              for k in range(n)]
    for layout in ("a5-booklet", "large-print"):
        pdf = render(ctx, "together-en-" + layout, blocks, layout)
        out, lines = text_lines(pdf)
        joined = out.replace("\u2009", " ").replace("\u00a0", " ")
        for phrase in TOGETHER_EN:
            got = joined.count(phrase)
            want = 2 * n if phrase == "500 mg" else n  # also inside "500 mg–1 g"
            t.check(got == want, "%s: %r on one line %d times of %d" % (layout, phrase, got, want))
        for line in lines:
            if re.match(r"^(°|mg\b|mmol|g\b|–|—)", line):
                t.fail("%s: a line starts with a degree sign, unit or dash: %r" % (layout, line[:60]))
    # Arabic: the phone number and the temperature read left to right as written.
    ar = [{"type": "paragraph",
           "text": "اتصل بالعيادة على +971 4 123 4567 إذا بقيت الحرارة فوق 37.5 °C بعد الدواء. "
                   "الخط المجاني 800 7848 أو خط الإقلاع عن التدخين (600 1234) طوال اليوم."}]
    pdf = render(ctx, "together-ar", ar, custom_layout(ctx, "latin-digits", "a4", digits={}), lang="ar")
    words = pc.bbox_pages(pdf, ctx.out("together-ar.html"))[0]["words"]

    def xs(seq):
        found = []
        for w in seq:
            hits = [x for x in words if x["text"] == w] or [x for x in words if w in x["text"]]
            if not hits:
                return None
            found.append(hits[0]["x0"])
        return found

    # A toll-free number of two groups with no "+" read "7848 800" (issue 16, held-out article).
    for seq in (["+", "971", "4", "123", "4567"], ["37.5", "C"], ["800", "7848"], ["600", "1234"]):
        got = xs(seq)
        if got is None:
            t.fail("Arabic: words %r not found in %s" % (seq, [w["text"] for w in words][:40]))
        else:
            t.check(got == sorted(got), "Arabic: %r not left to right as written (x: %s)"
                    % (" ".join(seq), ", ".join("%.1f" % x for x in got)))
    # pdftotext returns the phone number as written from the Arabic paragraph.
    _, lines = text_lines(pdf)
    t.check(any("+971 4 123 4567" in line for line in lines),
            "Arabic: pdftotext does not return '+971 4 123 4567': %r" % [x for x in lines if "4567" in x])
    for phone in ("800 7848", "600 1234"):
        t.check(any(phone in line for line in lines),
                "Arabic: pdftotext does not return %r: %r" % (phone, [x for x in lines if phone[-4:] in x]))
    together_indic_phones(ctx, t)
    together_names(ctx, t)
    print("together: %d failures" % len(t.failures))
    return not t.failures


def together_names(ctx, t):
    """A test's label and its range ("INR 2.0–3.0") and a disease's or vitamin's name and
    its letter ("Hepatitis B", "Vitamin D", "التهاب الكبد B", "فيتامين K") are never parted
    by a line end, in every position of the phrase against the line end (English and
    Arabic, A5 booklet): a line ended "INR" or "التهاب الكبد" and the next began "2.0–3.0" or
    "B". The positions tried do end lines just before each name (else this checks nothing)."""
    cases = {
        "en": ("keep your INR 2.0–3.0 and get the Hepatitis B vaccine with Vitamin D now.",
               ["INR", "Hepatitis", "Vitamin"], ["2.0–3.0", "B", "D"], filler),
        "ar": ("حافظ على INR 2.0–3.0 وخذ لقاح التهاب الكبد B مع فيتامين K الآن.",
               ["INR", "الكبد", "فيتامين"], ["2.0–3.0", "B", "K"],
               lambda k: " ".join(FILLER_AR[i % len(FILLER_AR)] for i in range(k))),
    }
    for lang, (phrase, names, named, fill) in cases.items():
        blocks = [{"type": "paragraph", "text": "%s %s" % (fill(k), phrase)} for k in range(36)]
        lay = custom_layout(ctx, "together-names-" + lang, "a5-booklet", digits={})
        pdf = render(ctx, "together-names-" + lang, blocks, lay, lang=lang)
        _, lines = text_lines(pdf)
        lines = [re.sub("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2060]", "", x).strip() for x in lines]
        ends = 0
        for i, line in enumerate(lines[:-1]):
            words = line.split()
            nxt = lines[i + 1].split()
            if not words or not nxt:
                continue
            for name, what in zip(names, named):
                if words[-1] == name and nxt[0].rstrip(".,،") == what:
                    t.fail("%s: %r ends a line and %r starts the next: %r | %r" % (lang, name, what, line[-30:], lines[i + 1][:30]))
            # A pair at a line's end or the next line's start: the positions tried bring each
            # pair to the line end.
            pairs = set(zip(names, named))
            ends += (words[-2] if len(words) >= 2 else "", words[-1].rstrip(".,،")) in pairs
            ends += (nxt[0], nxt[1].rstrip(".,،") if len(nxt) >= 2 else "") in pairs
        t.check(ends >= 9, "%s: only %d pairs at a line end; the positions tried do not reach the line end" % (lang, ends))


def visual_lines(words):
    """The lines of a page as drawn, left to right: each line's words (pdftotext
    -bbox-layout) by their x, joined without spaces or format characters."""
    lines = {}
    for w in words:
        key = next((k for k in lines if abs(k - w["y0"]) < 2), w["y0"])
        lines.setdefault(key, []).append(w)
    return ["".join(c for w in sorted(ws, key=lambda w: w["x0"]) for c in w["text"]
                    if not c.isspace() and unicodedata.category(c) != "Cf") for _, ws in sorted(lines.items())]


def together_indic_phones(ctx, t):
    """A phone number in Arabic-Indic digits reads left to right as written: in an English
    paragraph (its brackets and hyphen between Arabic numbers were set right to left:
    "+٥٦٧٨-٢٣٤)١١(٩٦٦"), and a brand's phone in an Arabic footer and contact box, with
    brackets, a hyphen and a second number after " / " ("+٢٣٤ ٥٦٧٨)١١( ٩٦٦", the second
    number before the slash)."""
    en = [{"type": "paragraph", "text": "Call +٩٦٦ (١١) ٢٣٤-٥٦٧٨ now, or ٠٨٠٠ ١٢٣ ٤٥٦٧ today."}]
    pdf = render(ctx, "together-indic-en", en, "a4")
    drawn = visual_lines(pc.bbox_pages(pdf, ctx.out("together-indic-en.html"))[0]["words"])
    for phone in ("+٩٦٦(١١)٢٣٤-٥٦٧٨", "٠٨٠٠١٢٣٤٥٦٧"):
        t.check(any(phone in line for line in drawn), "English: %r not drawn left to right as written: %s"
                % (phone, [x for x in drawn if "٢٣٤" in x or "١٢٣" in x]))
    brand = {"name": {"en": "Test Clinic", "ar": "عيادة الاختبار"}, "address": "Test Road 1",
             "phone": "+966 (11) 234-5678 / 800 123 4567"}
    brand_path = ctx.out("together-phone.brand.json")
    with open(brand_path, "w", encoding="utf-8") as f:
        json.dump(brand, f, ensure_ascii=False)
    src = write_article(ctx.out("together-phone-ar.json"), [{"type": "paragraph", "text": "نص قصير."}], "ar")
    pdf = pc.render(ctx, src, ctx.out("together-phone-ar.pdf"), layout=ctx.src("layouts", "a4-clinic.json"),
                    extra=("--brand", brand_path))
    drawn = [x for x in visual_lines(pc.bbox_pages(pdf, ctx.out("together-phone-ar.html"))[0]["words"]) if "٢٣٤" in x]
    t.check(len(drawn) >= 2, "brand: the phone is in the footer and the contact box: %s" % drawn)
    for line in drawn:
        t.check("+٩٦٦(١١)٢٣٤-٥٦٧٨/٨٠٠١٢٣٤٥٦٧" in line, "brand: the Arabic phone not drawn left to right as written: %r"
                % line)


# ---------------------------------------------------------------------------------------------
# 7. Links

LINKS = ["https://orthoclinic.example/patients/after-surgery/knee-replacement?lang=en&print=yes",
         "physiotherapy.team@orthoclinic.example",
         "knee-replacement-exercises.pdf",
         "www.orthoclinic.example/physiotherapy"]


def cmd_links(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("links")
    n = 24
    blocks = [{"type": "paragraph",
               "text": "%s read %s or write to %s for the leaflet %s and see %s now." % ((filler(k),) + tuple(LINKS))}
              for k in range(n)]
    for layout in ("a5-booklet", "a4"):
        pdf = render(ctx, "links-" + layout, blocks, layout)
        out, lines = text_lines(pdf)
        for line in lines:
            if line.endswith(SOFT) and re.search(r"[/.@:]", line.split()[-1]):
                t.fail("%s: a hyphen was added inside a link: %r" % (layout, line[-50:]))
        # The running header and footer of each page are left out (a link may go on
        # over a page break).
        furniture = re.compile(r"^(Page \d+ of \d+|Patient information|Words together)$")
        glued = "".join(x for x in out.replace("\f", "\n").split("\n") if not furniture.match(x.strip()))
        for link in LINKS:
            got = glued.count(link)
            t.check(got == n, "%s: %r comes back whole %d times of %d" % (layout, link, got, n))
        for i, line in enumerate(lines[:-1]):
            for link in LINKS:
                nxt = lines[i + 1]
                for cut in range(1, len(link)):
                    if line.endswith(link[:cut]) and nxt.startswith(link[cut:cut + 6]) and len(link[:cut]) > 3:
                        if link[cut - 1] not in "/.@" and link[cut] not in "?&":
                            t.fail("%s: %r broken after %r" % (layout, link, link[:cut]))
    narrow_link_breaks(ctx, t)
    whole_links(ctx, t)
    long_links(ctx, t)
    brand_links(ctx, t)
    isolated_links(ctx, t)
    print("links: %d failures" % len(t.failures))
    return not t.failures


# A web address whose host and path each fit a tri-fold panel, and an e-mail address.
NARROW_URL = "https://www.example.org/anticoagulation/warfarin-dosing-guide.html"
NARROW_HOST = "https://www.example.org/"
NARROW_MAIL = "anticoag.clinic@example.org"


def narrow_link_breaks(ctx, t):
    """In narrow measures (tri-fold panels, English and Arabic, every position of the
    address in the line), a link breaks after a "/" of its path or the "@" of an e-mail
    address, never after a "." of its host or inside "https://www.example.org/" (handout's
    dump: a line's piece of a broken link is a word that begins or ends the address)."""
    words = {"en": ("read", "or write to", "now."), "ar": ("اقرأ", "أو راسلنا على", "الآن.")}
    for lang, (read, write, now) in words.items():
        blocks = [{"type": "paragraph", "text": "%s %s %s %s %s %s" % (
            filler(k) if lang == "en" else " ".join(["كلمة"] * (k // 2) + ["و"] * (k % 2)),
            read, NARROW_URL, write, NARROW_MAIL, now)} for k in range(28)]
        name = "links-narrow-" + lang
        src = write_article(ctx.out(name + ".json"), blocks, lang)
        pieces = dump_pieces(ctx, src, name, ctx.src("layouts", "trifold-a4.json"))
        broken = 0
        for word in pieces:
            for link in (NARROW_URL, NARROW_MAIL):
                if len(word) > 3 and word != link and link.startswith(word):
                    broken += 1
                    good = word.endswith("@") if link == NARROW_MAIL else (
                        word.endswith("/") and len(word) >= len(NARROW_HOST))
                    t.check(good, "trifold-a4 %s: %r broken after %r" % (lang, link, word))
        # The positions tried do break the addresses (else this checks nothing).
        t.check(broken >= 10, "trifold-a4 %s: only %d broken links in %d paragraphs" % (lang, broken, len(blocks)))


def dump_pieces(ctx, src, name, layout, extra=()):
    """handout's dump of `src`: the words of its text items, in the order drawn."""
    dump = ctx.out(name + ".dump")
    pc.render(ctx, src, ctx.out(name + ".pdf"), layout=layout,
              extra=("--dump", dump, "--allow-path", ctx.src("fonts"), "--allow-path", ctx.src("layouts")) + tuple(extra))
    pieces = []
    for line in open(dump, encoding="utf-8"):
        m = re.match(r'\s*text .*? "(.*)"$', line.rstrip("\n"))
        if m:
            # The text layer's invisible glyphs' text (U+061C, U+2060) is not the address's.
            pieces += m.group(1).replace("\u061c", " ").replace("\u2060", " ").split()
    return pieces


def link_pieces(pieces, link):
    """The words of `pieces` that are a piece of `link` broken across lines (its start)."""
    return [w for w in pieces if len(w) > 3 and w != link and link.startswith(w)]


AR_WORDS = ("صحة", "علاج", "مريض", "طبيب", "دواء", "عيادة", "جرح", "راحة", "ماء", "نوم")
WHOLE_MAIL = "physiotherapy.team@orthoclinic.example"
WHOLE_URL = "https://orthoclinic.example/knee/exercises"


def words_of(lang, k, offset=0):
    pool = FILLER if lang == "en" else AR_WORDS
    return " ".join(pool[(i + offset) % len(pool)] for i in range(k))


def whole_links(ctx, t):
    """An address is broken only when the paragraph cannot be set acceptably without the
    break: in ragged A5 text (where moving it whole to the next line costs only a shorter
    line) an e-mail address and a web address, each under half the measure, after 60-82
    words and 14 words apart, in English and Arabic, always come back as one word of
    handout's dump; in justified A4 text, where keeping them whole can stretch four lines'
    spaces to over twice their width, they break in at most 6 of the 23 paragraphs (5 in
    English, 3 in Arabic), and only after the "@" or a "/" of the path (main: 11 and 10, also
    after "https://" and "physiotherapy."; in A5, 5 and 7)."""
    glue = {"en": ("write to", "or read"), "ar": ("اكتب إلى", "أو اقرأ")}
    for lang, (write, read) in glue.items():
        blocks = [{"type": "paragraph", "text": "%s %s %s %s %s %s %s." % (
            words_of(lang, 60 + k), write, WHOLE_MAIL, words_of(lang, 14, k), read, WHOLE_URL,
            words_of(lang, 10, 3))} for k in range(23)]
        src = write_article(ctx.out("links-whole-%s.json" % lang), blocks, lang)
        for layout in ("a5-booklet", "a4"):
            pieces = dump_pieces(ctx, src, "links-whole-%s-%s" % (lang, layout), ctx.src("layouts", layout + ".json"))
            broken = 0
            for link in (WHOLE_MAIL, WHOLE_URL):
                for piece in link_pieces(pieces, link):
                    broken += 1
                    if layout == "a5-booklet":
                        t.fail("%s %s: %r broken after %r though it fits the next line" % (layout, lang, link, piece))
                    else:
                        t.check(piece.endswith("@") or (piece.endswith("/") and len(piece) > len("https://")),
                                "%s %s: %r broken after %r" % (layout, lang, link, piece))
            t.check(broken <= 6, "%s %s: addresses broken in %d paragraphs of %d" % (layout, lang, broken, len(blocks)))


def brand_links(ctx, t):
    """A layout's {clinic.website} and {clinic.email} (set inside a left-to-right isolate)
    are links too: in the Arabic wound-care handout with the clinic layout and each bundled
    brand, the contact line keeps them whole (main broke the site after "https://")."""
    for brand in ("riverside", "al-noor"):
        b = json.load(open(ctx.src("brands", brand + ".json"), encoding="utf-8"))
        pieces = dump_pieces(ctx, ctx.src("content", "wound-care", "ar.json"), "links-brand-" + brand,
                             ctx.src("layouts", "a4-clinic.json"), ("--brand", ctx.src("brands", brand + ".json")))
        for link in (b["website"], b["email"]):
            t.check(link in pieces, "%s: %r not whole on a line" % (brand, link))
            for piece in link_pieces(pieces, link):
                t.fail("%s: %r broken after %r" % (brand, link, piece))


# Addresses longer than a 70 mm column: a path broken after its "/", a host with no path
# after a "." (its only breaks), never after the scheme, and no line wider than the column.
LONG_URL = "https://orthoclinic.example/patients/after-surgery/knee-replacement-exercises"
LONG_HOST = "https://physiotherapy-rehabilitation-team.orthoclinic-hospital-group.example"


def long_links(ctx, t):
    lay = narrow_layout(ctx)
    # A5: 148 mm wide, 39 mm margins; in points.
    left, right = 39 / 25.4 * 72, (148 - 39) / 25.4 * 72
    glue = {"en": ("read", "or see", "now."), "ar": ("اقرأ", "أو انظر", "الآن.")}
    for lang, (read, see, now) in glue.items():
        blocks = [{"type": "paragraph", "text": "%s %s %s %s %s %s" % (
            words_of(lang, k), read, LONG_URL, see, LONG_HOST, now)} for k in range(12)]
        src = write_article(ctx.out("links-long-%s.json" % lang), blocks, lang)
        name = "links-long-" + lang
        pieces = dump_pieces(ctx, src, name, lay)
        for piece in link_pieces(pieces, LONG_URL):
            t.check(piece.endswith("/") and len(piece) > len("https://"),
                    "narrow %s: %r broken after %r" % (lang, LONG_URL, piece))
        for piece in link_pieces(pieces, LONG_HOST):
            t.check(piece.endswith(".") and len(piece) > len("https://"),
                    "narrow %s: %r broken after %r" % (lang, LONG_HOST, piece))
        t.check(len(link_pieces(pieces, LONG_URL)) >= len(blocks) and len(link_pieces(pieces, LONG_HOST)) >= len(blocks),
                "narrow %s: the long addresses are not broken in every paragraph" % lang)
        for number, pg in enumerate(pc.bbox_pages(ctx.out(name + ".pdf"), ctx.out(name + ".html"))):
            for w in pg["words"]:
                if w["y0"] < 60 or w["y1"] > pg["height"] - 40:
                    continue  # running header and footer
                # (A line of right-to-left text may end with an invisible word joiner and
                # space for the text layer, drawn just outside the column.)
                x0 = w["x0"] if not w["text"].startswith("\u2060") else left
                t.check(left - 1 <= x0 and w["x1"] <= right + 1, "narrow %s: page %d: %r outside the column "
                        "(x %.1f-%.1f, column %.1f-%.1f)" % (lang, number + 1, w["text"], w["x0"], w["x1"], left, right))


def dump_lines(dump):
    """handout's dump: the body lines of each page as (page, y, width drawn, text), the
    pieces of a line joined in the order drawn."""
    lines, page = {}, 0
    for line in open(dump, encoding="utf-8"):
        if line.startswith("page "):
            page += 1
            continue
        m = re.match(r'\s*text body x=(\S+) y=(\S+) w=(\S+) .*? "(.*)"$', line.rstrip("\n"))
        if m:
            x, y, w = float(m.group(1)), float(m.group(2)), float(m.group(3))
            if w > 0:
                lines.setdefault((page, y), []).append((x, x + w, m.group(4)))
    return [(p, y, max(b for _, b, _ in v) - min(a for a, _, _ in v), "".join(s for _, _, s in v))
            for (p, y), v in sorted(lines.items())]


def isolated_links(ctx, t):
    """An English address in Arabic text marked as English (a span with "lang": "en", an
    isolate) leaves the justified line before it ragged, as the same address written in the
    Arabic string does: the line before it was stretched across the column ("اقرأ    النشرة
    كاملة    على", four words over 70 mm)."""
    lay = narrow_layout(ctx)
    pieces = {"plain": lambda: "اقرأ النشرة كاملة على " + LONG_URL + " الآن.",
              "span": lambda: ["اقرأ النشرة كاملة على ", {"text": LONG_URL, "lang": "en", "href": LONG_URL}, " الآن."]}
    widths = {}
    for kind, text in pieces.items():
        blocks = [{"type": "paragraph", "text": (([words_of("ar", k) + " "] if k else []) + text()) if kind == "span"
                   else (words_of("ar", k) + " " if k else "") + text()} for k in range(6)]
        name = "links-isolated-" + kind
        src = write_article(ctx.out(name + ".json"), blocks, "ar")
        pc.render(ctx, src, ctx.out(name + ".pdf"), layout=lay,
                  extra=("--dump", ctx.out(name + ".dump"), "--allow-path", ctx.src("fonts"), "--allow-path", ctx.src("layouts")))
        # The width of each line that ends just before the address.
        lines = dump_lines(ctx.out(name + ".dump"))
        widths[kind] = [w for i, (_, _, w, s) in enumerate(lines[:-1]) if "على" in s and LONG_URL[:12] in lines[i + 1][3]]
    t.check(len(widths["plain"]) == 6 and len(widths["span"]) == 6,
            "isolated links: the lines before the address found: %s" % widths)
    for k, (plain, span) in enumerate(zip(widths["plain"], widths["span"])):
        t.check(span <= plain + 1, "isolated links: paragraph %d: the line before the address is %.1f pt wide after "
                "an English span, %.1f pt when the address is in the Arabic string" % (k + 1, span, plain))


# ---------------------------------------------------------------------------------------------
# 8. Hyphenation

NAMES = ["Tramadol", "Paracetamol", "Amoxicillin", "Emirates", "Ibuprofen", "Metformin", "Arabic", "Hospital",
         "Physiotherapy", "Rehabilitation"]
LONG_WORDS = ["anticoagulation", "physiotherapist", "rehabilitation", "understanding", "inflammation",
              "complications", "recommendations", "administration", "hypersensitivity", "contraindicated"]


def hyphenated_lines(lines):
    return [line for line in lines if line.endswith(SOFT) or re.search(r"\w-$", line)]


def cmd_hyphenation(ctx):
    pc.require_tools("pdftotext")
    t = pc.Tally("hyphenation")
    # Capitalised words, and the article's list: "physiotherapist" never breaks,
    # "anticoagulation" only as anti-coagu-lation, "Tramadol" as Tra-ma-dol.
    n = 24
    paras = []
    for k in range(n):
        words = [NAMES[(k + i) % len(NAMES)] if i % 2 == 0 else LONG_WORDS[(k + i) % len(LONG_WORDS)]
                 for i in range(16)]
        paras.append({"type": "paragraph", "text": "%s %s." % (filler(k % 5), " ".join(words))})
    extra = {"hyphenation": ["physiotherapist", "anti-coagu-lation", "Tra-ma-dol"]}
    narrow = narrow_layout(ctx)
    pdf = render(ctx, "hyph-names", paras, narrow, extra=extra)
    out, lines = text_lines(pdf)
    for line in hyphenated_lines(lines):
        last = line.rstrip(SOFT + "-").split()[-1] if line.rstrip(SOFT + "-").split() else ""
        if last[:1].isupper() and not "Tramadol".startswith(last):
            t.fail("capitalised word hyphenated: %r" % line[-40:])
        if "physiotherapist".startswith(last) and last:
            t.fail("'physiotherapist' broken though the article's list says never: %r" % line[-40:])
        if "anticoagulation".startswith(last) and len(last) >= 2 and last not in ("anti", "anticoagu"):
            t.fail("'anticoagulation' broken as %r, not where the article's list says" % last)
        if "Tramadol".startswith(last) and last not in ("Tra", "Trama"):
            t.fail("'Tramadol' broken as %r, not where the article's list says" % last)
    t.check(any(line.rstrip(SOFT + "-").endswith(("anti", "anticoagu", "Tra", "Trama")) for line in hyphenated_lines(lines)),
            "no listed word was hyphenated at all (the list's points are not used)")

    # Ladders: never three hyphenated lines in a row, in narrow justified columns.
    text = " ".join(LONG_WORDS[(i * 7) % len(LONG_WORDS)] + " " + FILLER[i % len(FILLER)] for i in range(400))
    blocks = [{"type": "paragraph", "text": text[j:j + 900]} for j in range(0, len(text), 900)]
    pdf = render(ctx, "hyph-ladder", blocks, narrow)
    _, lines = text_lines(pdf)
    run = worst = 0
    for line in lines:
        run = run + 1 if (line.endswith(SOFT) or re.search(r"[a-z]-$", line)) else 0
        worst = max(worst, run)
    t.check(worst <= 2, "%d hyphenated lines in a row (at most 2)" % worst)

    # Page ends: the last line of running text on a page is never hyphenated.
    pdf = render(ctx, "hyph-pages", blocks * 3, narrow)
    pages = pc.bbox_pages(pdf, ctx.out("hyph-pages.html"))
    for page in pages[:-1]:
        rows = {}
        for w in page["words"]:
            rows.setdefault(round(w["y1"]), []).append(w)
        # The last line above the footer ("Page N of M").
        body = [sorted(r, key=lambda w: w["x0"]) for y, r in sorted(rows.items())
                if not any(w["text"] == "Page" for w in r)]
        if not body:
            continue
        last_line = body[-1]
        tail = last_line[-1]["text"]
        t.check(not (tail.endswith(SOFT) or tail.endswith("-")),
                "page %d ends with a hyphenated line: %r" % (page["number"], " ".join(w["text"] for w in last_line)))

    # Short last lines: a paragraph never ends in a line holding only "table." when a
    # break that carries a word down exists (every position tried).
    paras = [{"type": "paragraph", "text": "%s the doses are in the table." % filler(k)} for k in range(40)]
    for layout in ("a5-booklet", "a4"):
        pdf = render(ctx, "short-" + layout, paras, layout)
        _, lines = text_lines(pdf)
        alone = sum(1 for line in lines if line == "table.")
        t.check(alone == 0, "%s: %d paragraphs end with \"table.\" alone on their last line" % (layout, alone))
    # The same in Arabic, justified by spaces and by kashida: a kashida gives the last word
    # stretch of its own, and it was left alone ("قليلةٍ.") where spaces alone carried a word
    # down.
    paras = [{"type": "paragraph", "text": "%s وتجنب كل ما في العمود الأيسر ولو بكميات قليلة." % filler_ar(k)}
             for k in range(40)]
    for layout in ("a4", "a4-kashida"):
        pdf = render(ctx, "short-ar-" + layout, paras, layout, lang="ar")
        _, lines = text_lines(pdf)
        alone = sum(1 for line in lines if "".join(c for c in line if unicodedata.category(c) != "Cf") == "قليلة.")
        t.check(alone == 0, "%s: %d Arabic paragraphs end with \"قليلة.\" alone on their last line" % (layout, alone))
    print("hyphenation: %d failures" % len(t.failures))
    return not t.failures


# ---------------------------------------------------------------------------------------------
# 10. Arabic emphasis

def trace_spans(pdf, filled_only=False):
    """(font name, [(unicode, glyph id)]) of each text span of page 1 in mutool trace; with
    filled_only, only spans of filled (visible) text. A glyph that stands for several
    characters (a ligature, a letter with its marks) is listed with its first character, and
    each further character follows with no glyph id ("")."""
    _, out, _ = pc.run(["mutool", "trace", pdf, "1"])
    if filled_only:
        out = "".join(m.group(1) for m in re.finditer(r'<fill_text[^>]*>(.*?)</fill_text>', out, re.S))
    return [(span.group(1), re.findall(r'<g unicode="([^"]*)"(?: glyph="([^"]*)")?', span.group(2)))
            for span in re.finditer(r'<span font="([^"]+)"[^>]*>(.*?)</span>', out, re.S)]


def trace_words(pdf):
    """(font name, text) of each filled text span, page 1."""
    return [(font, "".join(chr(int(u, 16)) if u.startswith("0x") else u for u, _ in glyphs))
            for font, glyphs in trace_spans(pdf, filled_only=True)]


def cmd_emphasis(ctx):
    pc.require_tools("mutool")
    t = pc.Tally("emphasis")
    blocks = [{"type": "paragraph", "text": [{"text": "اغسل يديك "}, {"text": "دائمًا", "em": True},
                                             {"text": " قبل تغيير الضماد."}]}]
    pdf = render(ctx, "em-ar", blocks, "a4", lang="ar", title="العناية بالجرح")
    # mutool writes right-to-left text in visual order: compare letters (marks dropped)
    # in both orders.
    runs = [(f, pc.normalise(s)) for f, s in trace_words(pdf)]

    def has(s, word):
        return word in s or word[::-1] in s

    em = [f for f, s in runs if has(s, "دائما")]
    plain = [f for f, s in runs if has(s, "الضماد") or has(s, "يديك")]
    t.check(bool(em) and all("Bold" in f for f in em), "emphasised Arabic word not in a bold face: %s" % em)
    t.check(bool(plain) and not any("Bold" in f for f in plain), "plain Arabic text in a bold face: %s" % plain)
    print("emphasis: %d failures" % len(t.failures))
    return not t.failures


# ---------------------------------------------------------------------------------------------
# A list item's lead-in term

def cmd_terms(ctx):
    """A term gets its colon from handout, once: "Hydration:" (the schema's own example) is
    printed with the colon it has, "Food" with one added, in English and Arabic."""
    pc.require_tools("pdftotext")
    t = pc.Tally("terms")
    for lang, items, want in (
            ("en", [{"term": "Hydration:", "text": "Drink water."}, {"term": "Food", "text": "Eat well."},
                    {"term": "Rest :  ", "text": "Sleep."}],
             ["Hydration: Drink water.", "Food: Eat well.", "Rest : Sleep."]),
            ("ar", [{"term": "الماء:", "text": "اشرب الماء."}, {"term": "الغذاء", "text": "كل جيدًا."}],
             ["الماء:", "الغذاء:"])):
        pdf = render(ctx, "terms-" + lang, [{"type": "list", "items": items}], "a4", lang=lang,
                     title="Terms" if lang == "en" else "مصطلحات")
        out, _ = text_lines(pdf)
        # pdftotext's embedding marks around right-to-left runs are not text.
        flat = " ".join(re.sub("[\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f]", "", out).split())
        t.check(not re.search(r":\s*:", flat), "%s: a term's colon is doubled: %r" % (lang, flat))
        for w in want:
            t.check(w in flat or (lang == "ar" and w.replace(":", " :") in flat), "%s: %r not in %r" % (lang, w, flat))
    print("terms: %d failures" % len(t.failures))
    return not t.failures


# ---------------------------------------------------------------------------------------------
# 12. Digits

def trace_glyphs(pdf):
    """(font, unicode, glyph id) of every glyph of page 1, from mutool trace (the first
    character of a glyph that stands for several)."""
    return [(font, u, g) for font, glyphs in trace_spans(pdf) for u, g in glyphs if g]


def cmd_digits(ctx):
    pc.require_tools("pdftotext", "mutool")
    t = pc.Tally("digits")
    # "15" as the author wrote it, "١٥" written in Arabic-Indic, and digits of Latin tokens.
    blocks = [{"type": "paragraph", "text": "تستغرق الجلسة 15–20 دقيقة أو ١٥ دقيقة، وفيروس COVID-19 وموقعنا example.org/ar2."},
              {"type": "list", "ordered": True, "items": ["أولًا", "ثانيًا"]}]
    for value, text_digits in (("arabic-indic", True), ("arabic-indic-numbering", False), ("latin", False)):
        lay = custom_layout(ctx, "digits-" + value, "a4", digits={"ar": value})
        pdf = render(ctx, "digits-" + value, blocks, lay, lang="ar")
        out, _ = text_lines(pdf)
        # The text layer keeps what the author wrote, whatever the digits shown.
        # (pdftotext returns the range "15–20" of right-to-left text as "20–15": its numbers.)
        for kept in ("15", "20", "١٥", "COVID-19", "example.org/ar2"):
            t.check(kept in out, "%s: %r does not come back as written: %r" % (value, kept, out[:300]))
        # Shown: the glyph of the written "1" (Arabic text) is that of "١" when the layout
        # asks for Arabic-Indic digits in text; the "1" of COVID-19 never is.
        glyphs = trace_glyphs(pdf)
        indic_one = {(f, g) for f, u, g in glyphs if u == "١"}
        naskh_ones = {(f, g) for f, u, g in glyphs if u == "1" and "Naskh" in f}
        latin_ones = {(f, g) for f, u, g in glyphs if u == "1" and "Naskh" not in f}
        shown_indic = bool(naskh_ones) and naskh_ones <= indic_one
        t.check(shown_indic == text_digits, "%s: the written 15 is shown in Arabic-Indic digits: %s (want %s)"
                % (value, shown_indic, text_digits))
        t.check(bool(latin_ones) and not (latin_ones & indic_one), "%s: the 1 of COVID-19 changed" % value)
        # (Format characters, such as the U+061C that ends a right-to-left list number, aside.)
        bare = "".join(c for c in out if unicodedata.category(c) != "Cf")
        t.check(("١." in bare or ".١" in bare) == (value != "latin"), "%s: list numbers wrong: %r" % (value, out[:300]))
    # A number with a Latin unit ("10 mg", "2–8 °C") keeps its Western digits in a layout of
    # Arabic-Indic digits (text_block.cpp, to_arabic_indic_digits); a number before an Arabic
    # word does not. The digits written "١٠" give the glyphs of Arabic-Indic digits.
    blocks = [{"type": "paragraph", "text": "الجرعة 10 mg يوميًا لمدة ١٠ أيام، واحفظه في 2–8 °C، وخذه بعد 10 دقائق."}]
    lay = custom_layout(ctx, "digits-units", "a4", digits={"ar": "arabic-indic"})
    pdf = render(ctx, "digits-units", blocks, lay, lang="ar")
    glyphs = trace_glyphs(pdf)
    indic = {(f, g) for f, u, g in glyphs if u in "٠١٢٣٤٥٦٧٨٩"}
    written = [(u, (f, g)) for f, u, g in glyphs if u in "0123456789"]
    shown_indic = sorted(u for u, fg in written if fg in indic)
    shown_western = sorted(u for u, fg in written if fg not in indic)
    # "10" of "10 mg", "2" and "8" of "2–8 °C": Western; "10" of "10 دقائق": Arabic-Indic.
    t.check(shown_western == ["0", "1", "2", "8"] and shown_indic == ["0", "1"],
            "units: digits shown Western %s and Arabic-Indic %s, want the 10 of 10 mg and 2–8 °C "
            "Western and the 10 of 10 دقائق Arabic-Indic" % (shown_western, shown_indic))
    # A number shown in Arabic-Indic digits takes the Arabic separators ("١.٥" read as 105):
    # the glyph of the written "." is that of the "٫" written beside it, and so for "," and
    # "٬"; with Western digits they stay apart.
    blocks = [{"type": "paragraph", "text": "من 1.5 إلى ٢٫٥ ساعة، بنسبة 50% أو ٥٠٪، و 1,000 أو ١٬٠٠٠ وحدة"}]
    for value, arabic in (("arabic-indic", True), ("latin", False)):
        lay = custom_layout(ctx, "digits-symbols-" + value, "a4", digits={"ar": value})
        pdf = render(ctx, "digits-symbols-" + value, blocks, lay, lang="ar")
        glyphs = trace_glyphs(pdf)
        out, _ = text_lines(pdf)
        for written, symbol in ((".", "\u066b"), (",", "\u066c")):
            shown = {(f, g) for f, u, g in glyphs if u == written}
            arabic_glyph = {(f, g) for f, u, g in glyphs if u == symbol}
            t.check(bool(shown) and bool(arabic_glyph) and (shown <= arabic_glyph) == arabic,
                    "%s: the written %r shown %s, the written %r %s (want %s)"
                    % (value, written, shown, symbol, arabic_glyph, "the same" if arabic else "apart"))
        for kept in ("1.5", "1,000", "50"):
            t.check(kept in out, "%s: %r does not come back as written: %r" % (value, kept, out[:300]))
    # One number, one font and size: in Arabic text the digits of a dose range with a Latin
    # unit ("500 mg–1 g") all come from Naskh, as the paragraph's other digits do; the "1"
    # after the unit came from Noto Sans at 1.0x beside a "500" from Naskh at 1.1x.
    blocks = [{"type": "paragraph", "text": "تناول 500 mg–1 g أو 15–20 ملغ، أو 2–8 °C، واتصل على +971 4 123 4567."}]
    lay = custom_layout(ctx, "digits-fonts", "a4", digits={"ar": "latin"})
    pdf = render(ctx, "digits-fonts", blocks, lay, lang="ar")
    fonts = {}
    for f, u, g in trace_glyphs(pdf):
        if u in "0123456789":
            fonts.setdefault(f, []).append(u)
    t.check(len(fonts) == 1 and "Naskh" in next(iter(fonts)),
            "digit fonts in Arabic text: %s (want every digit from Naskh)" % fonts)
    # The article's date and version in a footer are text, not page numbers: with
    # "arabic-indic-numbering" only the page number changes (the held-out A6 layout set an
    # English footer's "2026-11-01" as "٠١-١١-٢٠٢٦", its groups reversed by the bidi algorithm).
    footer = {"start": "{meta.reviewed} v{meta.version}", "end": "{page}", "on_first_page": True}
    for lang, value, page_indic, text_indic in (("en", "arabic-indic-numbering", True, False),
                                                ("ar", "arabic-indic-numbering", True, False),
                                                ("ar", "arabic-indic", True, True), ("ar", "latin", False, False)):
        name = "digits-footer-%s-%s" % (lang, value)
        lay = custom_layout(ctx, name, "a4", digits={lang: value}, footer=footer)
        src = write_article(ctx.out(name + ".json"), [{"type": "paragraph", "text": filler(20)}], lang)
        pc.render(ctx, src, ctx.out(name + ".pdf"), layout=lay,
                  extra=("--allow-path", ctx.src("fonts"), "--allow-path", ctx.src("layouts"), "--dump", ctx.out(name + ".dump")))
        with open(ctx.out(name + ".dump"), encoding="utf-8") as f:
            shown = "".join(line[line.index('"') + 1:line.rstrip().rindex('"')] for line in f if line.startswith("  text footer"))
        t.check(("١" in shown) == page_indic and ("2026" in shown) == (not text_indic) and ("٢٠٢٦" in shown) == text_indic,
                "%s %s: footer shown as %r: want the page number %s and the date and version %s"
                % (lang, value, shown, "Arabic-Indic" if page_indic else "Western", "Arabic-Indic" if text_indic else "as written"))
    extended_digits(ctx, t)
    print("digits: %d failures" % len(t.failures))
    return not t.failures


PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def extended_digits(ctx, t):
    """Persian and Urdu: "extended-arabic-indic" shows the article's own digits and the page
    and list numbers in the Extended Arabic-Indic digits (U+06F0-06F9, CLDR's "arabext"):
    the glyph of a written "1" is that of "۱", from Noto Naskh (which has all ten, in regular
    and bold, none a .notdef); the text layer keeps the digits as written, and "." and ","
    between them take the glyphs of Arabic's "٫" and "٬"; the footer's date is in Persian
    digits; "-numbering" changes only the page and list numbers."""
    blocks = [{"type": "paragraph", "text": "جلسه 15–20 دقیقه یا ۱۵ دقیقه طول می‌کشد، و COVID-19 و 1.5 و 1,000."},
              {"type": "paragraph", "text": ["ارقام: ۰۱۲۳۴۵۶۷۸۹ و ", {"text": "۰۱۲۳۴۵۶۷۸۹", "strong": True}, " و ۱٫۵ و ۱٬۰۰۰"]},
              {"type": "list", "ordered": True, "items": ["نخست", "دوم"]}]
    footer = {"start": "{meta.reviewed}", "end": "{page}", "on_first_page": True}
    for lang in ("fa", "ur"):
        for value, text_digits in (("extended-arabic-indic", True), ("extended-arabic-indic-numbering", False)):
            name = "digits-%s-%s" % (lang, value)
            lay = custom_layout(ctx, name, "a4", digits={lang: value}, footer=footer)
            src = write_article(ctx.out(name + ".json"), blocks, lang, title="ارقام")
            pdf = pc.render(ctx, src, ctx.out(name + ".pdf"), layout=lay,
                            extra=("--allow-path", ctx.src("fonts"), "--allow-path", ctx.src("layouts")))
            out, _ = text_lines(pdf)
            for kept in ("15", "20", "۱۵", "COVID-19", "1.5", "1,000", PERSIAN_DIGITS):
                t.check(kept in out, "%s %s: %r does not come back as written: %r" % (lang, value, kept, out[:400]))
            glyphs = trace_glyphs(pdf)
            # Every Persian digit written, regular and bold, from Naskh, ten glyphs a face.
            written = [(f, u, g) for f, u, g in glyphs if u in PERSIAN_DIGITS]
            t.check(written and all("Naskh" in f and g not in ("0", "") for f, u, g in written),
                    "%s %s: Persian digits not all from Noto Naskh: %s" % (lang, value, written))
            faces = {f for f, u, g in written}
            t.check(len(faces) == 2 and all(len({g for f2, u, g in written if f2 == f}) == 10 for f in faces),
                    "%s %s: want ten Persian digit glyphs in each of two faces (regular, bold): %s" % (lang, value, written))
            extended = {(f, g) for f, u, g in written}
            naskh_ones = {(f, g) for f, u, g in glyphs if u == "1" and "Naskh" in f}
            shown = bool(naskh_ones) and naskh_ones <= extended
            t.check(shown == text_digits, "%s %s: the written 15 is shown in Persian digits: %s (want %s)"
                    % (lang, value, shown, text_digits))
            latin_ones = {(f, g) for f, u, g in glyphs if u == "1" and "Naskh" not in f}
            t.check(bool(latin_ones) and not (latin_ones & extended), "%s %s: the 1 of COVID-19 changed" % (lang, value))
            # Arabic's separators: the written "." and "," shown as the "٫" and "٬" glyphs.
            for sep, arabic in ((".", "\u066b"), (",", "\u066c")):
                shown_sep = {(f, g) for f, u, g in glyphs if u == sep and "Naskh" in f}
                probe = {(f, g) for f, u, g in glyphs if u == arabic}
                t.check(bool(shown_sep) and bool(probe) and bool(shown_sep & probe) == text_digits,
                        "%s %s: %r shown %s, %r is %s" % (lang, value, sep, shown_sep, arabic, probe))
            # The list numbers, the page number (and with text digits the footer's date) in
            # Persian digits.
            bare = "".join(c for c in out if unicodedata.category(c) != "Cf")
            t.check(("۱." in bare or ".۱" in bare) and ("۲." in bare or ".۲" in bare),
                    "%s %s: list numbers not in Persian digits: %r" % (lang, value, bare[:400]))
            t.check(("۲۰۲۶-۱۱-۰۱" in bare) == text_digits and ("2026-11-01" in bare) != text_digits,
                    "%s %s: the footer's date: want it in %s digits: %r" % (lang, value, "Persian" if text_digits else "Western", bare[-80:]))


# ---------------------------------------------------------------------------------------------
# 11. Kashida

KASHIDA_TEXT = [
    "يستخدم العلاج بالخلايا الجذعية خلايا الجسم الذاتية القادرة على الشفاء لإصلاح الأنسجة التالفة، "
    "ويساعد المرضى على التعافي من الإصابات المزمنة والحادة دون الحاجة إلى جراحة كبرى في أغلب الحالات، "
    "والحمد لله على السلامة.",
    "قبل الجلسة يراجع الطبيب تاريخك الطبي والأدوية التي تتناولها، وقد يطلب صورة بالأشعة السينية "
    "(X-ray) أو بالرنين المغناطيسي لتحديد المنطقة المصابة بدقة، ثم يشرح لك خطوات الإجراء كلها.",
    "بعد الجلسة تشعر ببعض الألم أو التورم في موضع الحقن لمدة يومين أو ثلاثة، وهذا أمر طبيعي؛ "
    "استرح واستعمل الكمادات الباردة، وتجنب التمارين الشاقة حتى يسمح لك الطبيب بالعودة إليها.",
]
KASHIDA_MAX_SPACE = 2.0  # the widest space allowed beside kashida, in natural spaces
ZWJ = "\u200d"


def kashida_layout(ctx, kashida):
    lay = json.load(open(ctx.src("layouts", "a5-booklet.json"), encoding="utf-8"))
    page = dict(lay["page"], margins={"top": "14mm", "bottom": "14mm", "start": "39mm", "end": "39mm"})
    styles = dict(lay["styles"], body=dict(lay["styles"]["body"], align="justify"))
    changes = {"page": page, "styles": styles}
    if kashida:
        changes["justify"] = "kashida"
    return custom_layout(ctx, "kashida-%s" % ("on" if kashida else "off"), **changes)


def body_lines(words, top, bottom):
    """Words between `top` (the title) and `bottom` (the footer) grouped into lines (bottoms
    within 4 pt: Latin and Arabic boxes differ), each sorted by x."""
    lines = []
    for w in sorted((w for w in words if top < w["y1"] < bottom), key=lambda w: w["y1"]):
        if lines and w["y1"] - lines[-1][0]["y1"] < 4:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ws, key=lambda w: w["x0"]) for ws in lines]


def space_ratios(lines, natural):
    """Every gap between two words of a line, in natural spaces."""
    return [(b["x0"] - a["x1"]) / natural for ws in lines for a, b in zip(ws, ws[1:])
            if pc.has_rtl_chars(a["text"]) and pc.has_rtl_chars(b["text"])]


def cmd_kashida(ctx):
    pc.require_tools("pdftotext", "hb-shape", "node",
                     paths=[ctx.src("tests", "js", "node_modules", "pdfjs-dist")])
    t = pc.Tally("kashida")
    blocks = [{"type": "paragraph", "text": p} for p in KASHIDA_TEXT]
    measured = {}
    measured_words = {}
    missing_on = {}
    for kashida in (True, False):
        name = "kashida-%s" % ("on" if kashida else "off")
        pdf = render(ctx, name, blocks, kashida_layout(ctx, kashida), lang="ar", title="كشيدة")
        page = pc.bbox_pages(pdf, ctx.out(name + ".html"))[0]
        words = page["words"]
        # (-bbox-layout words are in visual order: right-to-left ones reversed)
        title_bottom = min(w["y1"] for w in words if w["text"] in ("كشيدة", "كشيدة"[::-1]))
        lines = [ws for ws in body_lines(words, title_bottom + 1, page["height"] * 0.85) if len(ws) > 1]
        # The natural space: the gaps of each paragraph's last line (never stretched).
        left = min(ws[0]["x0"] for ws in lines)
        right = max(ws[-1]["x1"] for ws in lines)
        last = [ws for ws in lines if ws[0]["x0"] > left + 3]  # a last line stops short of the left edge
        full = [ws for ws in lines if ws[0]["x0"] <= left + 3]
        gaps = [b["x0"] - a["x1"] for ws in last for a, b in zip(ws, ws[1:])
                if pc.has_rtl_chars(a["text"]) and pc.has_rtl_chars(b["text"])]
        if not t.check(len(last) == len(KASHIDA_TEXT) and gaps and len(full) >= 8,
                       "%s: expected %d short last lines and 8 full ones, found %d and %d"
                       % (name, len(KASHIDA_TEXT), len(last), len(full))):
            continue
        natural = sorted(gaps)[len(gaps) // 2]
        ratios = space_ratios(full, natural)
        measured[kashida] = (min(ratios), max(ratios))
        print("%s: %d full lines, spaces %.2f to %.2f natural spaces (natural %.2f pt)"
              % (name, len(full), min(ratios), max(ratios), natural))
        # Flush at both ends.
        for ws in full:
            t.check(abs(ws[0]["x0"] - left) < 0.6 and abs(ws[-1]["x1"] - right) < 0.6,
                    "%s: a line is not flush (%.2f-%.2f, column %.2f-%.2f): %s"
                    % (name, ws[0]["x0"], ws[-1]["x1"], left, right, " ".join(w["text"] for w in ws)))
        # The text layer: every source word exactly (format characters such as the ZWJ of a
        # tatweel set aside, as pdftotext's own bidi marks), and no tatweel, from both readers.
        import extraction_checks as ec  # noqa: E402 (its word rules)
        want = ec.source_words([ctx.out(name + ".json")])
        for reader, text in (("pdftotext", ec.pdftotext(pdf)), ("pdf.js", ec.pdfjs(ctx, pdf))):
            t.check("\u0640" not in text, "%s: %s returns a tatweel" % (name, reader))
            exact, total, missing = ec.score(want, ec.extracted_words(text))
            print("%s: %s returns %d of %d words exactly (missing %s)" % (name, reader, exact, total, missing[:6]))
            measured_words[(kashida, reader)] = exact
            # Rendered with kashida first: it must give back at least the words spaces alone do.
            t.check(kashida or measured_words[(True, reader)] >= exact,
                    "%s returns %d of %d words exactly with kashida, %d without (missing with kashida: %s)"
                    % (reader, measured_words[(True, reader)], total, exact, missing_on.get(reader, [])[:8]))
            if kashida:
                missing_on[reader] = missing
            if reader == "pdftotext" and kashida:
                # Every stretched word (its tatweels came back as zero-width joiners) is a word
                # of the source, exactly, once the joiners are set aside.
                stretched = [w for w in text.split() if ZWJ in w]
                source = set(want)
                bad = [w for w in stretched if not set(ec.tokens(w)) <= source]
                t.check(stretched and not bad, "%s: %d stretched words, not as written: %s"
                        % (name, len(stretched), bad[:6]))
                print("%s: %d stretched words come back from pdftotext as written" % (name, len(stretched) - len(bad)))
            if reader == "pdf.js":
                t.check(ZWJ not in text, "%s: pdf.js returns a zero-width joiner" % name)
                t.check(exact == total or not kashida, "%s: pdf.js returns %d of %d words exactly; missing %s"
                        % (name, exact, total, missing[:8]))
        # Tatweels drawn (glyph ids in handout's dump), each between two joining forms.
        dump = ctx.out(name + ".dump.txt")
        pc.render(ctx, ctx.out(name + ".json"), ctx.out(name + "-dump.pdf"), layout=kashida_layout(ctx, kashida),
                  extra=("--allow-path", ctx.src("fonts"), "--allow-path", ctx.src("layouts"), "--dump", dump,
                         "--dump-glyphs"))
        tatweel, joins_left, joins_right = naskh_forms(ctx)
        tatweels = 0
        for line in open(dump, encoding="utf-8"):
            m = re.search(r' rtl .*\[([0-9+.|=-]+)\]$', line.rstrip("\n"))
            if not m:
                continue
            glyphs = [(int(g.split("+")[0]), float(g.split("+")[1])) for g in m.group(1).split("|")]
            for i, (gid, _) in enumerate(glyphs):
                if gid != tatweel or (i > 0 and glyphs[i - 1][0] == tatweel):
                    continue
                tatweels += 1
                # Its neighbours, past the other tatweels of the same kashida and past marks.
                j = i
                while j < len(glyphs) and (glyphs[j][0] == tatweel or glyphs[j][1] == 0):
                    j += 1
                k = i - 1
                while k >= 0 and glyphs[k][1] == 0:
                    k -= 1
                right = glyphs[j][0] if j < len(glyphs) else None
                left = glyphs[k][0] if k >= 0 else None
                t.check(right in joins_left and left in joins_right,
                        "%s: a tatweel between glyphs %s (right) and %s (left), not letters joined there: %s"
                        % (name, right, left, line.strip()[:120]))
        t.check((tatweels > 0) == kashida, "%s: %d tatweels drawn" % (name, tatweels))
    if len(measured) == 2:
        lo, hi = measured[True]
        t.check(hi <= KASHIDA_MAX_SPACE and lo >= 2 / 3 - 0.02,
                "with kashida the spaces range %.2f-%.2f natural spaces, beyond 0.67-%.1f" % (lo, hi, KASHIDA_MAX_SPACE))
        t.check(measured[False][1] > hi, "kashida does not make the widest space narrower (%.2f vs %.2f)"
                % (hi, measured[False][1]))
    print("kashida: %d failures" % len(t.failures))
    return not t.failures


def naskh_forms(ctx):
    """The Naskh font's tatweel glyph id, and the glyph ids of the letters of KASHIDA_TEXT in
    the forms that join on their left (initial, medial) and on their right (medial, final),
    from hb-shape."""
    font = ctx.src("fonts", "NotoNaskhArabic-Regular.ttf")
    letters = sorted({c for p in KASHIDA_TEXT for c in p if "\u0620" <= c <= "\u064a" and c != "\u0640"})
    lines = ["\u0640"]
    for c in letters:
        lines += [c + "\u0640", "\u0640" + c + "\u0640", "\u0640" + c]
    path = ctx.out("forms.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    _, out, _ = pc.run(["hb-shape", "--no-glyph-names", "--no-positions", "--no-clusters", "--text-file", path, font])
    shaped = [[int(g) for g in l.strip().strip("[]").split("|")] for l in out.strip().split("\n")]
    tatweel = shaped[0][0]
    joins_left, joins_right = set(), set()
    for n in range(len(letters)):
        init, medi, fina = shaped[1 + 3 * n:4 + 3 * n]
        joins_left |= {g for g in init + medi if g != tatweel}
        joins_right |= {g for g in medi + fina if g != tatweel}
    # Lam-alef (one ligature glyph) joins on its right.
    _, out, _ = pc.run(["hb-shape", "--no-glyph-names", "--no-positions", "--no-clusters", font,
                        "\u0640\u0644\u0627 \u0640\u0644\u0623 \u0640\u0644\u0625 \u0640\u0644\u0622"])
    joins_right |= {int(g) for g in out.strip().strip("[]").split("|")} - {tatweel}
    return tatweel, joins_left, joins_right


# ---------------------------------------------------------------------------------------------
# 13. Latin and numbers inside Arabic, and pasted bidi controls

def trace_placed(pdf):
    """(font, unicode, glyph id, x, y) of every glyph of page 1, from mutool trace."""
    _, out, _ = pc.run(["mutool", "trace", pdf, "1"])
    placed = []
    for span in re.finditer(r'<span font="([^"]+)"[^>]*>(.*?)</span>', out, re.S):
        for g in re.finditer(r'<g unicode="([^"]*)" glyph="([^"]*)" x="([^"]*)" y="([^"]*)"', span.group(2)):
            placed.append((span.group(1), g.group(1), g.group(2), float(g.group(3)), round(float(g.group(4)), 1)))
    return placed


def cmd_mixedscript(ctx):
    pc.require_tools("pdftotext", "mutool")
    t = pc.Tally("mixedscript")
    # A date written with hyphens reads left to right as written, in either digits: in
    # Arabic text "2026-12-06" was printed "06-12-2026" (the bidi algorithm set each group
    # apart, right to left).
    blocks = [{"type": "paragraph", "text": "الموعد 2026-12-06 صباحًا بعد الصيام."},
              {"type": "paragraph", "text": "والمراجعة يوم 15-01-2027 في العيادة."}]
    for value in ("latin", "arabic-indic"):
        lay = custom_layout(ctx, "mixed-dates-" + value, "a4", digits={"ar": value})
        pdf = render(ctx, "mixed-dates-" + value, blocks, lay, lang="ar")
        placed = trace_placed(pdf)
        for date in ("2026-12-06", "15-01-2027"):
            dash_y = [y for f, u, g, x, y in placed if u == "-"]
            lines = sorted(set(dash_y))
            shown = ["".join(u for f, u, g, x, y in sorted(placed, key=lambda p: p[3])
                             if y == line and u in "0123456789-") for line in lines]
            t.check(date in shown, "%s: the date %s is not set left to right as written: %s" % (value, date, shown))
    # A number of thousands parted by spaces reads left to right as one number ("1 250 000"
    # was printed "000 250 1"), and a Latin name led by a number keeps its number first
    # ("5-FU" was printed "FU-5").
    blocks = [{"type": "paragraph", "text": "العدد 1 250 000 خلية في كل جرعة."},
              {"type": "paragraph", "text": "العلاج بدواء 5-FU مرة كل أسبوع."}]
    pdf = render(ctx, "mixed-groups", blocks, custom_layout(ctx, "mixed-groups", "a4", digits={}), lang="ar")
    placed = trace_placed(pdf)
    lines = sorted({y for f, u, g, x, y in placed if u in "0123456789F"})
    shown = ["".join(u for f, u, g, x, y in sorted(placed, key=lambda p: p[3]) if y == line and u in "0123456789-FU")
             for line in lines]
    for want in ("1250000", "5-FU"):
        t.check(want in shown, "%s is not set left to right as written: %s" % (want, shown))
    # A number that reads as part of Latin text keeps its Western digits in a layout of
    # Arabic-Indic digits: after a Latin word ("Panadol 500", the strength printed on the
    # box, was "Panadol ٥٠٠") and before a unit of any SI prefix ("١٠ mIU/mL", "٣ MBq",
    # "٢ x 10⁶ cells/kg"); a number before an Arabic word still changes.
    blocks = [{"type": "paragraph", "text": "خذ Panadol 500 عند الحاجة، والتحليل 10 mIU/mL أو 3 MBq أو "
                                            "2 x 10⁶ cells/kg، ثم انتظر 7 أيام. الرقم ٠١٢٣٤٥٦٧٨٩ للعيادة."}]
    lay = custom_layout(ctx, "mixed-digits", "a4", digits={"ar": "arabic-indic"})
    pdf = render(ctx, "mixed-digits", blocks, lay, lang="ar")
    glyphs = trace_glyphs(pdf)
    indic = {(f, g) for f, u, g in glyphs if u in "٠١٢٣٤٥٦٧٨٩"}
    shown_indic = "".join(u for f, u, g in glyphs if u in "0123456789" and (f, g) in indic)
    t.check(sorted(shown_indic) == ["7"], "digits shown Arabic-Indic: %r; want only the 7 of \"7 أيام\" "
            "(500 of Panadol 500, 10 mIU/mL, 3 MBq and 2 x 10⁶ cells/kg keep theirs)" % shown_indic)
    # The stop that ends a Latin abbreviation stays at its end ("p.o." was printed ". p.o").
    blocks = [{"type": "paragraph", "text": "خذه p.o. مرتين يوميًا أو i.v. في العيادة."}]
    pdf = render(ctx, "mixed-abbreviations", blocks, "a4", lang="ar")
    placed = [p for p in trace_placed(pdf) if "Naskh" not in p[0]]
    for first, last in (("p", "o"), ("i", "v")):
        starts = [x for f, u, g, x, y in placed if u == first]
        ends = [x for f, u, g, x, y in placed if u == last]
        stops = [x for f, u, g, x, y in placed if u == "."]
        # One stop between the letters, one right after the last (within a few points).
        ok = len(starts) == 1 and len(ends) == 1 and \
            any(starts[0] < x < ends[0] for x in stops) and any(ends[0] < x < ends[0] + 8 for x in stops)
        t.check(ok, "the stop of %s.%s. is not at its end: x of %s %s, %s %s, stops %s"
                % (first, last, first, starts, last, ends, sorted(stops)))
    # An isolate pasted without its closing character reorders only its own text: in the
    # next string of the paragraph "Panadol" still comes before (right of) "Brufen", as in
    # every right-to-left line; in the isolate's left-to-right order the Arabic and Latin
    # words of the rest of the paragraph were set from left to right.
    blocks = [{"type": "paragraph", "text": ["نص ملصق \u2066 من موقع ", "خذ Panadol ثم Brufen بعد الأكل."]}]
    pdf = render(ctx, "mixed-unclosed", blocks, "a4", lang="ar")
    words = pc.bbox_pages(pdf, ctx.out("mixed-unclosed.html"))[0]["words"]
    xs = [next((w["x0"] for w in words if w["text"] == k), None) for k in ("Panadol", "Brufen")]
    t.check(None not in xs and xs[0] > xs[1], "after an unclosed LRI the next string is reordered: x of Panadol, "
            "Brufen %s" % xs)
    # A unit per unit ("cells/m²", "mL/min", "mg/kg") never breaks at its "/", in every
    # position against a narrow column's end.
    blocks = [{"type": "paragraph", "text": "%s give 1.5 million cells/m² per mL/min and mg/kg here." % filler(k)}
              for k in range(30)]
    pdf = render(ctx, "mixed-units", blocks, narrow_layout(ctx))
    _, lines = text_lines(pdf)
    for line in lines:
        if line.endswith("/") or re.match(r"^(m²|min|kg)\b", line):
            t.fail("a unit per unit broken at its slash: %r" % line)
    joined = " ".join(lines)
    for unit in ("cells/m²", "mL/min", "mg/kg"):
        t.check(joined.count(unit) == 30, "%r whole %d times of 30" % (unit, joined.count(unit)))
    # Numbers in Arabic-Indic digits read as they are written, in a paragraph and a table
    # cell alike (x order of the glyphs, left to right, of the written characters): a signed
    # number of grouped thousands keeps its groups in order with its sign on their right
    # ("-1 250" was printed "٢٥٠ ١-"); a whole number and a fraction stay one number ("1½"
    # was printed "½1"); a cell's percent sign stands after the number as in a paragraph
    # ("25%" and "-12.5%" in a cell were printed "٢٥%" and "١٢٫٥%-", beside "%٢٥" in text).
    blocks = [{"type": "paragraph", "text": "الرصيد -1 250 درهم"}, {"type": "paragraph", "text": "خذ 1½ قرص"},
              {"type": "table", "header": ["البند", "القيمة"],
               "rows": [["النسبة", "25%"], ["التغير", "-12.5%"], ["السالب", "-1 250"]]}]
    lay = custom_layout(ctx, "mixed-signs", "a4", digits={"ar": "arabic-indic"})
    pdf = render(ctx, "mixed-signs", blocks, lay, lang="ar")
    placed = trace_placed(pdf)
    lines = sorted({y for f, u, g, x, y in placed if u in "0123456789"})
    shown = ["".join(u for f, u, g, x, y in sorted(placed, key=lambda p: p[3]) if y == line and u in "0123456789-%.½")
             for line in lines]
    want = ["1250-", "1½", "%25", "%12.5-", "1250-"]
    t.check(sorted(shown) == sorted(want), "numbers in Arabic-Indic digits, left to right on the page: %s (want %s)" % (shown, want))
    fractions(ctx, t, lay)
    # A number of two stops or more (a section or version number) is not a decimal: it keeps
    # its Western digits and stops ("2.3.1" was shown "٢٫٣٫١"); a decimal beside it changes.
    blocks = [{"type": "heading", "level": 2, "text": "القسم 2.3.1 من الدليل"},
              {"type": "paragraph", "text": "راجع القسم 4.1.2 والإصدار 10.2.15 بعد ١٫٥ ساعة أو 2.5 ساعة."},
              {"type": "paragraph", "text": "الرقم ٠١٢٣٤٥٦٧٨٩ للعيادة."}]
    pdf = render(ctx, "mixed-dotted", blocks, lay, lang="ar")
    glyphs = trace_glyphs(pdf)
    indic = {(f, g) for f, u, g in glyphs if u in "٠١٢٣٤٥٦٧٨٩٫"}
    shown_indic = "".join(u for f, u, g in glyphs if u in "0123456789." and (f, g) in indic)
    t.check(sorted(shown_indic) == [".", "2", "5"], "shown Arabic-Indic: %r; want only 2.5 (2.3.1, 4.1.2 and "
            "10.2.15 keep their digits)" % shown_indic)
    # A minus sign (U+2212), as pasted from a lab report, is in neither font of the layout: it
    # is drawn from handout's own Noto Sans Math (it was refused, then drawn as the
    # hyphen-minus) and kept as written in the text layer, in both languages. So are the
    # signs of clinical text ("≥ 38 °C") and of a checklist ("✓", "☐", from Noto Sans
    # Symbols2); the space after one stays in the text's font.
    for lang, text in (("en", "Store the vials at \u221220 \u00b0C; a reading of \u22125 is too warm. "
                              "Call if \u2265 38 \u00b0C or \u2264 35 \u00b0C \u2192 \u2713 done \u2610 to do."),
                       ("ar", "احفظ القوارير عند \u221220 \u00b0C، والقراءة \u22125 دافئة جدًا. "
                              "اتصل إذا كانت الحرارة \u2265 38 \u00b0C \u2713 تم \u2610 للقيام.")):
        pdf = render(ctx, "minus-" + lang, [{"type": "paragraph", "text": text}], "a4", lang=lang)
        out = pc.run(["pdftotext", pdf, "-"])[1]
        t.check("\u221220" in out and out.count("\u2212") == 2,
                "%s: the minus signs are not in the text layer as written: %r" % (lang, out[:200]))
        placed = trace_glyphs(pdf)
        minus = {(f, g) for f, u, g in placed if u == "\u2212"}
        t.check(len(minus) == 1 and all("NotoSansMath" in f for f, g in minus),
                "%s: the minus signs are not drawn with Noto Sans Math's one glyph: %s" % (lang, minus))
        for sign, font in (("\u2265", "NotoSansMath"), ("\u2713", "NotoSansSymbols2"), ("\u2610", "NotoSansSymbols2")):
            t.check(sign in out, "%s: %s is not in the text layer: %r" % (lang, sign, out[:300]))
            fonts = {f for f, u, g in placed if u == sign}
            t.check(len(fonts) == 1 and font in next(iter(fonts), ""),
                    "%s: %s is not drawn in %s: %s" % (lang, sign, font, fonts))
        spaces = {f for f, u, g in placed if u == " "}
        t.check(not any("Math" in f or "Symbols" in f for f in spaces),
                "%s: a space is set in a symbol font: %s" % (lang, spaces))
    signs_and_percents(ctx, t)
    percents_in_text_layer(ctx, t)
    persian_numbers(ctx, t)
    print("mixedscript: %d failures" % len(t.failures))
    return not t.failures


def fractions(ctx, t, lay):
    """A fraction written with U+2044 FRACTION SLASH ("1⁄2", "3⁄4") in Arabic text, in a layout
    of Arabic-Indic digits, is one fraction drawn by the Latin font: its digits keep their
    Western form and share one run with the slash, so HarfBuzz gives them their numerator and
    denominator forms (narrower than a digit: "1⁄2" was drawn as Naskh's "١", the Latin
    font's slash of almost no advance over it and "٢", and read as ٧٢). A whole number and
    a vulgar fraction ("1½") are one number in one font (the "1" was Naskh's at 1.1 times
    the size of the "½" beside it). In a paragraph and a table cell; the text layer keeps
    the fraction as written."""
    blocks = [{"type": "paragraph", "text": "تناول 1⁄2 قرص صباحًا و3⁄4 قرص مساءً، أو 1½ قرص."},
              {"type": "table", "header": ["الجرعة", "الوقت"], "rows": [["1⁄2 قرص", "صباحًا"], ["3⁄4", "مساءً"]]}]
    pdf = render(ctx, "mixed-fractions", blocks, lay, lang="ar")
    _, out, _ = pc.run(["mutool", "trace", pdf, "1"])
    found = collections.Counter()
    for span in re.finditer(r'<span font="([^"]+)"[^>]*>(.*?)</span>', out, re.S):
        font = span.group(1)
        glyphs = re.findall(r'<g unicode="([^"]*)" glyph="[^"]*" x="[^"]*" y="[^"]*" adv="([^"]*)"', span.group(2))
        for k, (u, adv) in enumerate(glyphs):
            if u == "\u2044":
                before = glyphs[k - 1] if k > 0 else ("", "0")
                after = glyphs[k + 1] if k + 1 < len(glyphs) else ("", "0")
                ok = before[0] in "13" and after[0] in "24" and before[0] and after[0]
                t.check(ok and "Naskh" not in font, "a fraction's slash without its Western digits in its run, or in "
                        "Naskh: %r %r %r in %s" % (before, u, after, font))
                # Numerator and denominator forms: narrower than the font's digits (0.57 em).
                t.check(ok and float(before[1]) < 0.45 and float(after[1]) < 0.45,
                        "a fraction's digits are not drawn as a fraction: %r %r in %s" % (before, after, font))
                found[before[0] + u + after[0]] += 1
            if u == "\u00bd":
                t.check(k > 0 and glyphs[k - 1][0] == "1", "1½: the ½ is not in one run with its 1 (%s)" % font)
                found["1½"] += 1
    t.check(found == collections.Counter({"1\u20442": 2, "3\u20444": 2, "1½": 1}),
            "fractions found in the PDF's runs: %s" % dict(found))
    plain = re.sub("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2060]", "", pc.run(["pdftotext", "-enc", "UTF-8", pdf, "-"])[1])
    t.check(plain.count("1\u20442") == 2 and plain.count("3\u20444") == 2,
            "pdftotext does not give the fractions back as written: %r" % plain)


def percents_in_text_layer(ctx, t):
    """In Arabic-Indic digits (the sign on the number's left, "%٣٣") a percent before a space
    and a word, or inside brackets, or before a full stop or comma, comes back from pdftotext
    and pdf.js as written: pdftotext gave "33% من" back as "33 %من" (the sign glued to the
    next word), "(25%)" as "(25 )%", "40%، و" as "40% ،و" and "20–40%. و" as "20–40% .و";
    pdf.js "60%." as "60.%", "(25%)" as "(25)%" and "0.1% (" as "0.1( %". Each paragraph is
    one line of the page."""
    phrases = ["الجريان دون 33% من أفضل قراءة", "النسبة (25%) فقط", "النسبة 25% فقط", "الهدف 60%.",
               "بجرعة 0.1% (مرة) يوميا", "نحو 40%، وهذا", "بين 20–40%. وبعد"]
    lay = custom_layout(ctx, "percent-text", "a4", digits={"ar": "arabic-indic"})
    pdf = render(ctx, "percent-text", [{"type": "paragraph", "text": p} for p in phrases], lay, lang="ar")
    controls = "[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2060]"
    out = pc.run(["pdftotext", "-enc", "UTF-8", pdf, "-"])[1]
    js = pc.run(["node", ctx.src("tests", "js", "pdfjs_text.mjs"), pdf])[1]
    for reader, text in (("pdftotext", out), ("pdf.js", js)):
        got = [line.strip() for line in re.sub(controls, "", text).split("\n")]
        for phrase in phrases:
            t.check(phrase in got, "%s does not give %r back as written: %s" % (reader, phrase, [g for g in got if g]))


def signs_and_percents(ctx, t):
    """A negative number's sign in Arabic-Indic digits stands on the number's right, read first
    (CLDR "arab": U+061C, then the sign), in a paragraph, heading, list item and table cell,
    for U+002D and U+2212; a range ("5-10") and a date stay what they are. Where the sign starts
    a line (on its right edge) poppler took it for a hyphen: it dropped it and ran the line into
    the next. A percent sign after Western digits reads after the number, on its right, in a
    paragraph as in a table cell (CLDR "ar-u-nu-latn": "25%"; a paragraph printed "%25")."""
    blocks = [{"type": "heading", "level": 2, "text": "الحرارة -5 درجات"},
              {"type": "paragraph", "text": "الحرارة -5 درجات والقراءة \u22127 والمدى 5-10 أيام والنسبة 25% في 2026-12-06."},
              {"type": "paragraph", "text": "-4 في أول الفقرة"},
              {"type": "paragraph", "text": "\u22128 في أول الفقرة"},
              {"type": "list", "items": ["-3 درجات", "القيمة -2"]},
              {"type": "table", "header": ["البند", "القيمة"], "rows": [["السالب", "-6"], ["النسبة", "25%"]]}]
    for value in ("arabic-indic", "latin"):
        lay = custom_layout(ctx, "signs-" + value, "a4", digits={"ar": value})
        pdf = render(ctx, "signs-" + value, blocks, lay, lang="ar")
        placed = trace_placed(pdf)
        lines = sorted({y for f, u, g, x, y in placed if u in "0123456789"})
        shown = ["".join(u for f, u, g, x, y in sorted(placed, key=lambda p: p[3])
                         if y == line and u in "0123456789-\u2212%") for line in lines]
        shown = [s for s in shown if s not in ("11",)]  # the footer's page numbers
        if value == "arabic-indic":
            want = ["5-", "2026-12-06%2510-57\u22125-", "4-", "8\u2212", "3-", "2-", "6-", "%25"]
        else:
            want = ["-5", "2026-12-0625%10-5\u22127-5", "-4", "\u22128", "-3", "-2", "-6", "25%"]
        t.check(sorted(shown) == sorted(want), "%s: signs and percents left to right on the page: %s (want %s)"
                % (value, shown, want))
        out = pc.run(["pdftotext", "-enc", "UTF-8", pdf, "-"])[1]
        plain = re.sub("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2060]", "", out)
        got = [line.strip() for line in plain.split("\n")]
        for line in ("-4 في أول الفقرة", "\u22128 في أول الفقرة"):
            t.check(line in got, "%s: pdftotext does not give the line %r as written: %s" % (value, line, got))
        for num in ("-5", "\u22127", "-3", "-2", "-6", "25%"):
            t.check(num in plain, "%s: pdftotext lost %r: %r" % (value, num, plain))


def persian_numbers(ctx, t):
    """Persian and Urdu numbers in Extended Arabic-Indic digits (U+06F0-06F9, class EN to the
    bidi algorithm, where Arabic-Indic ones are AN), shown by "extended-arabic-indic" from
    Western digits or written so by the author, read by CLDR's "fa" and "ur" (arabext): a
    negative number's sign (U+002D, U+2212) stands on its left ("‎−۵"; it stood on the right,
    as in Arabic), in a heading, paragraph, list item and cell, and a signed percent reads left
    to right with it ("‎−۲۵٪"; a cell printed "٪۱۲٫۵-"); an unsigned percent stands on the
    number's left and a range reads from the right, at the start of a paragraph or cell as
    after a word (the start printed "۲۵%" and "۵-۱۰" beside "٪۲۵" and "۱۰-۵" in text); a date
    reads left to right. pdftotext and pdf.js give each number, and the lines that start with
    a sign, as written."""
    to_persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    to_western = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")

    def blocks(p):
        return [{"type": "heading", "level": 2, "text": p("دمای -5 درجه")},
                {"type": "paragraph", "text": p("دمای -5 درجه و خوانش \u22127 و بازه 5-10 روز و 5–10 روز "
                                                "و نسبت 25% و -25% در 2026-12-06 و 1.5 و 1,250.")},
                {"type": "paragraph", "text": p("-4 در آغاز بند")},
                {"type": "paragraph", "text": p("\u22128 در آغاز بند")},
                {"type": "paragraph", "text": p("25% در آغاز بند")},
                {"type": "paragraph", "text": p("5-10 در آغاز بند")},
                {"type": "list", "items": [p("-3 درجه"), p("مقدار -2")]},
                {"type": "table", "header": ["مورد", "مقدار"],
                 "rows": [["منفی", p("-6")], ["نسبت", p("25%")], ["بازه", p("5-10")], ["تاریخ", p("1405/09/15")],
                          ["منفی درصد", p("-12.5%")]]}]
    want = ["-5", "1,2501.52026-12-06-25%%2510–510-5\u22127-5", "-4", "\u22128", "%25", "10-5", "-3", "-2",
            "-6", "%25", "10-5", "1405/09/15", "-12.5%"]
    controls = "[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2060]"
    pdfs = []
    for lang in ("fa", "ur"):
        for written, digits in (("western", {lang: "extended-arabic-indic"}), ("persian", {})):
            name = "persian-%s-%s" % (lang, written)
            lay = custom_layout(ctx, name, "a4", digits=digits)
            pdf = render(ctx, name, blocks((lambda x: x.translate(to_persian)) if written == "persian" else str), lay,
                         lang=lang)
            pdfs.append(pdf)
            placed = [(f, u.translate(to_western), g, x, y) for f, u, g, x, y in trace_placed(pdf)]
            lines = sorted({y for f, u, g, x, y in placed if u in "0123456789"})
            shown = ["".join(u for f, u, g, x, y in sorted(placed, key=lambda p: p[3])
                             if y == line and u in "0123456789-\u2212%,./\u2013")
                     for line in lines]
            shown = [s.strip(".") for s in shown if s not in ("1", "11")]  # (the footer's page numbers; the paragraph's full stop)
            t.check(sorted(shown) == sorted(want), "%s %s: numbers left to right on the page: %s (want %s)"
                    % (lang, written, shown, want))
            p = (lambda x: x.translate(to_persian)) if written == "persian" else str
            out = pc.run(["pdftotext", "-enc", "UTF-8", pdf, "-"])[1]
            plain = re.sub(controls, "", out)
            got = [line.strip() for line in plain.split("\n")]
            for line in ("-4 در آغاز بند", "\u22128 در آغاز بند", "5-10 در آغاز بند"):
                t.check(p(line) in got, "%s %s: pdftotext does not give the line %r: %s" % (lang, written, p(line), got))
            for num in ("-5", "\u22127", "5-10", "5–10", "-25%", "2026-12-06", "1.5", "1,250", "-3", "-2", "-6",
                        "1405/09/15", "-12.5%"):
                t.check(p(num) in plain, "%s %s: pdftotext lost %r: %r" % (lang, written, p(num), plain))
    _, js, _ = pc.run(["node", ctx.src("tests", "js", "pdfjs_text.mjs")] + pdfs)
    for pdf, text in json.loads(js).items():
        p = (lambda x: x.translate(to_persian)) if pdf.endswith("-persian.pdf") else str
        lines = [re.sub(controls, "", line).strip() for line in text.split("\n")]
        for line in ("دمای -5 درجه", "-4 در آغاز بند", "\u22128 در آغاز بند", "25% در آغاز بند", "5-10 در آغاز بند"):
            t.check(p(line) in lines, "%s: pdf.js does not give the line %r: %s" % (pdf, p(line), lines))
        for num in ("-25%", "-12.5%", "1405/09/15"):
            t.check(p(num) in text, "%s: pdf.js lost %r" % (pdf, p(num)))


COMMANDS = {"terms": cmd_terms, "together": cmd_together, "links": cmd_links, "hyphenation": cmd_hyphenation,
            "emphasis": cmd_emphasis, "digits": cmd_digits, "kashida": cmd_kashida, "mixedscript": cmd_mixedscript}


if __name__ == "__main__":
    sys.exit(pc.script_main(COMMANDS, __doc__.split("\n")[0]))
