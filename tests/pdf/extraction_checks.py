#!/usr/bin/env python3
"""Strict text-layer check: every word of the source comes back exactly as written (NFC,
marks included, numbers and ranges in logical order) from two readers that reorder
right-to-left text themselves: poppler's pdftotext and pdf.js (npm pdfjs-dist).

Usage:
    python3 extraction_checks.py SUBCOMMAND --handout BIN --source-dir DIR --work-dir DIR

Subcommands:
    strict    for the bundled articles in every layout (bilingual ones with both
              translations), the text-layer test articles in tests/data/textlayer-*.json
              and the held-out pairs tests/data/heldout-*-en.json / -ar.json:
              the words listed in REQUIRED come back exact from their readers (الله and its
              forms, number ranges, vocalised words), the passages in REQUIRED_RUNS come back
              as consecutive words, pdftotext runs no number into an Arabic word
              ("20الأرز", one-language cases), and no case returns fewer exact words, nor (pdftotext,
              pdf.js) fewer consecutive source word pairs in order, than recorded in
              extraction_floor.json (a ratchet: raise it when the text layer gets better;
              HANDOUT_UPDATE_FLOOR=1 rewrites it from this run)
    measure   prints the table (words exact / total per reader) and never fails
    lineends  pdfinfo -struct-text (what a screen reader reading the structure tree meets)
              keeps the last word of a line apart from the first word of the next, in
              English and Arabic: no token of it is two source words run together

A word is a whitespace-separated token of the source with leading and trailing punctuation
removed (so "15–20", "08:00", "example.org/ar" and "الله" are single words). Format characters
(Cf, e.g. the U+202B/U+202C pdftotext puts around right-to-left runs) are removed from both
sides; a word hyphenated at a line end is joined. Counting is by occurrence: a word written
5 times must come back 5 times.
"""

import collections
import concurrent.futures
import json
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks as pc  # noqa: E402
import poppler_struct  # noqa: E402



def tokens(text):
    """Words of a text: NFC, no format characters, split at white space, punctuation
    stripped from both ends of each token."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf" or c == "\u00ad")
    out = []
    for tok in text.split():
        tok = tok.replace("\u00ad", "")
        i, j = 0, len(tok)
        while i < j and unicodedata.category(tok[i])[0] in "PZ":
            i += 1
        while j > i and unicodedata.category(tok[j - 1])[0] in "PZ":
            j -= 1
        if i < j:
            out.append(tok[i:j])
    return out


# Strings of an article that are not drawn on the page, by block type and key: a picture's
# file name and alternative text (the alternative text is in the structure tree, /Alt, not in
# the text layer), a QR code's data (drawn as the code) and the layout values of pictures, QR
# codes and table columns ("80%", "28mm", "center", "start"). Their words are not counted:
# no reader can copy them from the page.
NOT_DRAWN = {("figure", "src"), ("figure", "alt"), ("figure", "width"), ("figure", "align"),
             ("qr", "data"), ("qr", "size"), ("qr", "align"), ("table", "align")}


SPAN_KEYS = {"text", "lang", "strong", "em", "href"}


def is_inline(node):
    """Whether a list is running text given as strings and spans (the schema's Inline): at
    least one span, and nothing but strings and spans. (A list of strings alone is taken for
    separate texts, such as list items.)"""
    def span(x):
        return isinstance(x, dict) and isinstance(x.get("text"), str) and set(x) <= SPAN_KEYS
    return any(span(x) for x in node) and all(isinstance(x, str) or span(x) for x in node)


def drawn_strings(node, block_type=None, key=None):
    """The strings of an article that are drawn as text (pc.source_strings less NOT_DRAWN)."""
    if key in pc.NON_TEXT_KEYS or (block_type, key) in NOT_DRAWN:
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, list) and is_inline(node):
        # Running text of strings and spans is one text: a word may start in one piece and
        # end in the next ("و" and a link "رابطًا …" are the word "ورابطًا").
        yield "".join(item if isinstance(item, str) else item["text"] for item in node)
    elif isinstance(node, list):
        for item in node:
            yield from drawn_strings(item, block_type, key)
    elif isinstance(node, dict):
        kind = node.get("type") if isinstance(node.get("type"), str) else block_type
        for k, v in node.items():
            yield from drawn_strings(v, kind, k)


def source_words(articles):
    words = []
    for a in articles:
        for s in drawn_strings(pc.load_json(a)):
            words.extend(tokens(s))
    return words


def pdftotext(pdf):
    _, out, _ = pc.run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    return out


def pdfjs(ctx, pdf):
    script = ctx.src("tests", "js", "pdfjs_text.mjs")
    _, out, _ = pc.run(["node", script, pdf])
    return out


def pdfjs_many(ctx, pdfs):
    """pdf.js's text of several PDFs from one node process: {pdf: text}."""
    script = ctx.src("tests", "js", "pdfjs_text.mjs")
    if len(pdfs) == 1:
        return {pdfs[0]: pdfjs(ctx, pdfs[0])}
    _, out, _ = pc.run(["node", script] + list(pdfs))
    return json.loads(out)


def workers():
    """How many extractions run at once: the cores this process may use (HANDOUT_TEST_JOBS
    overrides)."""
    if os.environ.get("HANDOUT_TEST_JOBS"):
        return max(1, int(os.environ["HANDOUT_TEST_JOBS"]))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def mutool(pdf):
    _, out, _ = pc.run(["mutool", "draw", "-q", "-F", "txt", pdf])
    return out


def struct_text(pdf):
    """The text of the structure tree as poppler's `pdfinfo -struct-text` prints it: what a
    screen reader meets, element by element. It reads each marked-content sequence in
    content-stream order and does no bidi reordering. The quoted pieces of one element are
    joined as they stand (a word set across two lines comes back as one run-together word
    unless a space is drawn at the line end); each element starts a new line. Read from the
    PDF's copy without /OutputIntents: the same text, 20 times faster (poppler_struct.py)."""
    _, out, _ = pc.run(["pdfinfo", "-enc", "UTF-8", "-struct-text", poppler_struct.reading_copy(pdf)])
    text = []
    for line in out.split("\n"):
        s = line.strip()
        if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
            text.append(s[1:-1])
        else:
            text.append("\n")
    return "".join(text)


def ghostscript(pdf):
    _, out, _ = pc.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite", "-sOutputFile=-", pdf])
    return out


def extracted_words(text):
    # A word with a hard hyphen or dash broken at a line end ("three-|step", "cells—|known")
    # is one word of the source: join the lines there (a soft hyphen is joined as well).
    # (A word joiner may stand between the hyphen and the line end: text_block.cpp draws one
    # after a line-final hyphen so that poppler keeps it.)
    # (pdftotext closes each line of right-to-left text with U+202C and opens the next with
    # U+202B/U+202A: format characters, removed from both sides like any other, so a web
    # address broken after its "/" in Arabic text is joined as in English.)
    # An e-mail address broken after its "@" (together.cpp, link_break_after) is joined the
    # same way: no other line ends in "@".
    text = re.sub(r"([-\u2010\u2013\u2014/@])[ \t\u2060\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]*\n", r"\1", text)
    # A web address broken before a "?" or "&" of its query (together.cpp, link_break_after:
    # a line ending in "?" reads as a question's end) is joined the same way: no other line
    # starts with "?" or "&" and a letter. (pdf.js reads an Arabic list item's bullet after
    # its first line: a bullet there is dropped.)
    fmt = "\u2060\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
    text = re.sub(r"(\S)[ \t%s]*(?:\u2022[ \t%s]*)?\n[%s]*(?=[?&]\w)" % (fmt, fmt, fmt), r"\1", text)
    return tokens(pc.join_soft_hyphens(text))


def score(src, got):
    """(exact, total, missing words) by occurrence."""
    want = collections.Counter(src)
    have = collections.Counter(got)
    exact = sum(min(n, have[w]) for w, n in want.items())
    missing = [w for w, n in want.items() if have[w] < n]
    return exact, len(src), missing


def jobs(ctx):
    """(name, [articles], layout) for every case."""
    out = []
    seed = ctx.src("content", "stem-cell-therapy")
    en, ar = os.path.join(seed, "en.json"), os.path.join(seed, "ar.json")
    for layout in ("a4", "letter", "a5-booklet", "large-print"):
        for lang, art in (("en", en), ("ar", ar)):
            out.append(("seed-%s-%s" % (lang, layout), [art], layout))
    for layout in ("bilingual-parallel", "bilingual-sequential"):
        out.append(("seed-%s" % layout, [en, ar], layout))
    # Arabic stretched by kashida: every drawn tatweel stands for a U+200D (U+2060 when it is
    # drawn less than 0.12 em after the tatweel before it: text_block.cpp, emit_line).
    out.append(("seed-ar-kashida", [ar], "a4-kashida"))
    # Every other bundled article (the template too): each language in A4, both in the
    # sequential bilingual form.
    content = ctx.src("content")
    for topic in sorted(os.listdir(content)):
        d = os.path.join(content, topic)
        pair = [os.path.join(d, lang + ".json") for lang in ("en", "ar")]
        if topic == "stem-cell-therapy" or not all(os.path.isfile(f) for f in pair):
            continue
        name = topic.strip("_")
        for lang, art in zip(("en", "ar"), pair):
            out.append(("%s-%s-a4" % (name, lang), [art], "a4"))
        out.append(("%s-bilingual-sequential" % name, pair, "bilingual-sequential"))
    # The text-layer test articles: textlayer-NAME.json alone in A4, and a pair
    # textlayer-NAME-en.json / textlayer-NAME-ar.json as one bilingual handout and each
    # language alone in A4.
    data = ctx.src("tests", "data")
    files = sorted(f for f in os.listdir(data) if f.startswith("textlayer-") and f.endswith(".json"))
    for f in files:
        stem = f[:-5]
        if stem.endswith("-en") and stem[:-3] + "-ar.json" in files:
            ar = os.path.join(data, stem[:-3] + "-ar.json")
            out.append((stem[:-3], [os.path.join(data, f), ar], "bilingual-sequential"))
            out.append((stem, [os.path.join(data, f)], "a4"))
            out.append((stem[:-3] + "-ar", [ar], "a4"))
            if stem in TRIFOLD:
                # Narrow panels and table columns: words that must not be hyphenated or broken.
                out.append((stem + "-trifold", [os.path.join(data, f)], "trifold-a4"))
                out.append((stem[:-3] + "-ar-trifold", [ar], "trifold-a4"))
        elif not (stem.endswith("-ar") and stem[:-3] + "-en.json" in files):
            out.append((stem, [os.path.join(data, f)], "a4"))
            if "kashida" in stem:
                # Arabic written to be stretched by kashida: justified with it as well.
                out.append((stem + "-kashida", [os.path.join(data, f)], "a4-kashida"))
    # The held-out articles (heldout-NAME-en.json / -ar.json, written to review the
    # typography as a reader would): each language alone in A4, the Arabic one justified by
    # kashida too, and the pair in both bilingual forms.
    for f in sorted(f for f in os.listdir(data) if f.startswith("heldout-") and f.endswith("-en.json")):
        stem = f[:-len("-en.json")]
        en, ar = os.path.join(data, f), os.path.join(data, stem + "-ar.json")
        if not os.path.isfile(ar):
            continue
        out.append((stem + "-en", [en], "a4"))
        out.append((stem + "-ar", [ar], "a4"))
        out.append((stem + "-ar-kashida", [ar], "a4-kashida"))
        out.append((stem + "-bilingual-sequential", [en, ar], "bilingual-sequential"))
        out.append((stem + "-bilingual-parallel", [en, ar], "bilingual-parallel"))
    return out


# Text-layer pairs also rendered in the tri-fold layout (by the English file's stem).
TRIFOLD = {"textlayer-warfarin-en"}


def require(ctx):
    pc.require_tools("pdftotext", "pdfinfo", "mutool", "gs", "node",
                     paths=[ctx.src("tests", "js", "node_modules", "pdfjs-dist")])  # scripts/setup.sh


# Words that must come back exact, per case and reader. What the readers cannot be made to
# return today is measured by the floor instead of listed here: in poppler some words ending in
# lam-alef with tanween or vocalised lam-alef (a mark's zero-width word splits them), words of
# table cells set side by side (poppler), and in pdf.js a word whose last letter carries a mark
# at a line's left end (its glyph, drawn first on the line, is a zero-width diacritic to
# pdf.js and goes to the line before). Numbers, ranges and Latin words in Arabic text come back in
# logical order from poppler since each left-to-right run starts with an Arabic letter mark
# (text_block.cpp, mark_left_to_right_run).
ALLAH = ["الله", "لله", "بالله", "وبالله", "إن", "شاء"]
VOCALISED_EN = ["الْحَضَانَةِ", "الدَّوَاءُ", "الْمَاءِ", "الطَّبِيبَ", "وَزْنِ", "الْجُرْعَتَيْنِ", "الْعِيَادَةِ", "الْحَرَارَةَ"]
BRACKETED_AR = ["الْمَاءِ", "الدَّوَاءُ", "الطَّبِيبِ", "الْجُرْعَةُ", "الشَّرَابُ", "الْعِيَادَةِ", "الْمُمَرِّضَةُ",
                "الْمَاءُ", "الْبَارِدُ", "الرَّاحَةُ", "السَّوَائِلُ", "النَّوْمُ", "الْحُمَّى", "الْأَلَمُ"]
BRACKETED_LATIN = ["Paracetamol", "Ibuprofen", "Fever", "Temperature", "Ward", "800", "7848", "500", "mg", "3–5",
                   "08:30", "Acetaminophen", "37", "°C"]
REQUIRED = {
    "textlayer-ar": {
        # شيئًا and قيئًا: ئ drawn as a base and a hamza mark, the text on the base.
        "pdftotext": ALLAH + ["قريبًا", "شيئًا", "قيئًا", "يَتَعَافَى", "المَرِيضُ", "الجِذْعِيَّةِ",
                              "أَيَّامٍ", "قَلِيلَةٍ", "تَأْكُلْ", "تعافٍ", "يُنسخ", "كُتب", "لا", "ولا",
                              "15–20", "2–3", "500–1000", "10–15", "5–10", "1.5", "2.5", "08:00", "20:00",
                              "0123-456-789", "Therapy", "آمن", "دقيقة",
                              # The first words of numbered items, after "١." and "٢.".
                              "اغسل", "انزع",
                              # A number after a colon: the colon stays with its Arabic word.
                              "الراحة", "25–35",
                              # A lam-alef inside a vocalised word, or ending a word with a mark:
                              # poppler cut the word at the lam and a mark came out between the
                              # pieces (the alef and the marks are now drawn after the run in a
                              # sequence with an empty /ActualText: pdf_writer.cpp, append_text).
                              "العِلَاجِ", "بِالخَلَايَا", "خِلَالَ", "ولاحقًا", "أولًا"],
        "pdf.js": ALLAH + ["15–20", "2–3", "500–1000", "10–15", "5–10", "08:00", "20:00", "0123-456-789",
                           "كُتب", "قريبًا", "شيئًا", "قيئًا", "يَتَعَافَى", "قَلِيلَةٍ", "تَأْكُلْ", "يُنسخ",
                           "لا", "ولا",
                           # Words whose last letter carries a mark, after a space (pdf.js
                           # took that glyph for a zero-width diacritic and put a second space
                           # inside the word: text_block.cpp, keep_marked_word_whole).
                           "المَرِيضُ", "العِلَاجِ", "الجِذْعِيَّةِ", "أَيَّامٍ", "وَيُرَاجِعُ", "الطَّبِيبَ",
                           "شَدِيدٍ", "تعافٍ", "تناولْ", "دواءً", "تُكثرْ",
                           # Cells of a right-to-left table, drawn from the left: each cell's
                           # first and last word stay apart from its neighbours'.
                           "الخطوة", "المدة", "الملاحظة", "الفحص", "دقيقة", "صيام", "خفيف",
                           "التحاليل", "ساعة", "تخدير", "موضعي"],
    },
    # Words that end in a mark or in lam-alef, in a bilingual handout.
    "textlayer-bi": {
        "pdftotext": ["سريعًا", "عادةً", "بتحسّنٍ", "ويُفضَّل", "عيادةٍ", "تعافٍ", "كاملٌ", "ولا", "لا",
                      "24–48", "30–45", "1–3", "efficient", "well-staffed", "first-aid", "affiliated"],
        "pdf.js": ["سريعًا", "عادةً", "ويُفضَّل", "كاملٌ", "ولا", "لا",
                   "بتحسّنٍ", "علاجٌ", "عيادةٍ", "تخديرٌ", "تعافٍ", "اشربْ",
                   "24–48", "30–45", "1–3", "efficient", "well-staffed", "first-aid", "affiliated",
                   # "آمنٌ" ends a line (its "نٌ" drawn first there); "استرحْ" before a number,
                   # its "حْ" drawn first after the number: pdf.js ran each into the text before
                   # (keep_item_starts_for_pdfjs).
                   "آمنٌ", "بحركة", "استرحْ", "10–15"],
    },
    # Words broken after their own hyphen at a line end: poppler dropped the hyphen
    # ("pretreatment") until a word joiner followed it (text_block.cpp, end_with_joiner).
    "seed-en-a4": {"pdftotext": ["pre-treatment"]},
    "seed-en-letter": {"pdftotext": ["three-step"]},
    # The seed in Arabic: words that end in a marked letter, and سهلًا (a marked lam of
    # lam-alef, its alef drawn in place between it and the space).
    "seed-ar-a4": {
        # Words with a lam-alef and a mark (pdf_writer.cpp, append_text).
        "pdftotext": ["علاجٌ", "علاجًا", "سهلًا", "إصلاحًا", "طويلًا", "كاملًا", "بديلًا"],
        "pdf.js": ["علاجٌ", "عادةً", "إجراءً", "خاصةً", "خطوةً", "وعادةً", "كاملةً", "لتعافٍ", "سهلًا",
                   "تعافٍ", "مقارنةً", "ارتدِ", "بديلًا",
                   # A line's last word ending in a marked letter (drawn first on the line), and
                   # the last word of the line before, which pdf.js ran it into ("الرفضلًا"):
                   # text_block.cpp, keep_item_starts_for_pdfjs.
                   "طويلًا", "الرفض"],
    },
    # The same at the ends of other lines in the other layouts.
    "seed-ar-a5-booklet": {"pdf.js": ["إجراءً", "خاصةً", "طويلًا", "الرفض"]},
    "seed-ar-large-print": {"pdf.js": ["تعافٍ", "المتوقعة", "طويلًا", "الرفض"]},
    # A web address after a colon in Arabic text: the colon stays with its Arabic word (a
    # mark at the address's right edge, text_block.cpp, mark_right_edges).
    "showcase-ar-a4": {"pdftotext": ["قليلًا", "ليلًا", "الجراحة", "example.org/recovery"]},
    # The held-out medicine leaflet: words ending in lam-alef with tanween, quantities with a
    # Latin unit after a colon, a number and its unit in a table cell beside an Arabic cell
    # (table.cpp), two numbers in a row.
    "textlayer-leaflet-ar": {
        "pdftotext": ["كاملًا", "سهلًا", "طويلًا", "أولًا", "قليلًا", "بديلًا", "مثلًا", "عاجلًا", "وليلًا",
                      "وَلَا", "طَوِيلًا", "إِسْهَالًا", "ثلاث", "لك", "420–480", "L/min", "اليومية",
                      "250–500", "mg", "الحفظ", "2–8", "°C", "الأعلى", "g", "125", "250", "500", "مرتين", "كل",
                      "800", "1234",
                      # A narrow letter with two marks (بِّ, تَّ): poppler spreads a glyph's text over
                      # its width and cut the word where the next letter began within 0.1 em of the
                      # last character (text_block.cpp, spread_text_for_poppler).
                      "يُسَبِّبُ", "فَاتَّصِلْ"],
        # A line's last word ending in a marked letter (keep_item_starts_for_pdfjs).
        "pdf.js": ["ومساءً", "مستمر"],
    },
    "template-ar-a4": {"pdf.js": ["مساءً", "250"]},
    # A vocalised word after a number and a colon ("15–15: تناوَلْ"): its marked letters, drawn
    # first in its item just after the number, were run into it by pdf.js ("15 ْوَل: تنا") until
    # the space glyph went before them there too (text_block.cpp, keep_item_start_for_pdfjs).
    "textlayer-query-ar": {"pdftotext": ["تناوَلْ", "15–15"], "pdf.js": ["تناوَلْ", "15–15"]},
    # A number or a Latin word after a vocalised word ("بَعْدَ 24 سَاعَةً", "تَنَاوَلْ 500 mg",
    # "اِسْتَخْدِمِ Paracetamol"), the space between them in the vocalised word's item and no wider
    # than the font's: pdf.js read the space glyph set before the marked letter at or before
    # the number's end and ran the number into the text on the vocalised word's other side
    # ("24وألبس") until that glyph started 0.11 em after the number (text_block.cpp,
    # keep_item_start_for_pdfjs). In paragraphs, list items, a callout and table cells.
    "textlayer-vocalised-ar": {"pdf.js": ["24", "mg", "8", "°C", "Paracetamol", "3"]},
    # An Arabic word whose last letter carries a mark in English text ("(الْمَاءِ)", "called
    # الدَّوَاءُ on"): its leftmost glyph stands for the letter and its mark reversed, and poppler,
    # reading the line left to right, put the mark before the word ("(ِالْمَاء)") until the space
    # glyph set before that glyph stood for an Arabic letter mark; against a bracket or a
    # quotation mark pdf.js returned the last letter first ("(ءِالْمَا)") until that glyph went
    # there too (text_block.cpp, insert_pdfjs_space, keep_item_start_for_pdfjs).
    "textlayer-vocalised-en": {
        "pdftotext": VOCALISED_EN,
        "pdf.js": ["الْحَضَانَةِ", "الْمَاءِ", "الطَّبِيبَ", "الْجُرْعَتَيْنِ", "الْحَرَارَةَ"],
    },
    "textlayer-vocalised": {"pdftotext": VOCALISED_EN},
    "textlayer-brackets-en": {"pdftotext": BRACKETED_AR, "pdf.js": BRACKETED_AR},
    "textlayer-brackets": {"pdftotext": BRACKETED_AR + BRACKETED_LATIN, "pdf.js": BRACKETED_AR + BRACKETED_LATIN},
    # Latin words and numbers in brackets and quotation marks in Arabic text; "كُلَّ" after one
    # and before a number: pdf.js took its text item (the space glyph standing for U+2060, which
    # it counts as left to right, and two marked letters) for left to right ("َّكُل").
    "textlayer-brackets-ar": {"pdftotext": BRACKETED_LATIN, "pdf.js": BRACKETED_LATIN + ["كُلَّ"]},
    # Vocalised words stretched by kashida after an initial or medial seen, sad, sheen or dad,
    # before a narrow letter carrying a shadda and a vowel (نِّ, بِّ, يِّ, نُّ): poppler took the
    # tatweel there for duplicated text, then dropped the second of two tatweels drawn over
    # each other as a duplicate of the first, and read the gap left as a space ("يُص ‍نِّف");
    # the second one now stands for U+2060, not U+200D (text_block.cpp, emit_line).
    "textlayer-kashida-ar-kashida": {
        reader: ["يُصَنِّفُ", "تُصَنِّفُ", "يُصَنِّعُ", "الْمُصَنِّعُ", "يُسَبِّبُ", "وَتُسَبِّبُ", "التَّشَنُّجَاتُ",
                 "التَّشَنُّجُ", "التَّسَنُّنُ", "التَّصَبُّغَ", "الْمُسِنِّينَ"]
        for reader in ("pdftotext", "pdf.js")},
    # Table cells holding only one-letter words ("2 L", "x y"): poppler read a line whose first
    # two words are one character long as letter-spaced and ran them together ("2L") until the
    # leftmost letter got a word joiner (text_block.cpp, keep_one_letter_words_apart).
    "textlayer-cells-en": {reader: ["L", "x", "y", "a", "b", "c"] for reader in ("pdftotext", "pdf.js")},
    "heldout-diabetes-ar-kashida": {reader: ["يُصنِّف"] for reader in ("pdftotext", "pdf.js")},
    "heldout-fever-ar": {"pdf.js": ["وألبس"]},
    "heldout-fever-ar-kashida": {"pdf.js": ["وألبس"]},
    "heldout-fever-bilingual-sequential": {"pdf.js": ["وألبس"]},
    # The held-out colonoscopy leaflet (session 17): Latin drug names, times, ranges and a
    # phone number in Arabic text, vocalised sentences, and a web address broken before a
    # "?" of its query at a line end (joined as one, extracted_words).
    "heldout-colonoscopy-ar": {
        reader: ["https://example.org/endoscopy/booking?unit=alreem&lang=ar&ref=prep", "Moviprep", "Picolax",
                 "Dulcolax", "clopidogrel", "metformin", "+971", "0199", "2255", "06:00–08:00", "07:00–19:00",
                 "1–2", "mmol/L", "endoscopy.nurses@example.org", "الْهَاشِمِيُّ", "بِكَمِّيَّاتٍ", "الْحُلِيَّ"]
        for reader in ("pdftotext", "pdf.js")},
    # The held-out asthma leaflet (session 18): a phone number, percentages and ranges in
    # Arabic text and table cells, a Latin drug name in brackets, an address with a query,
    # vocalised sentences (tanween on a final letter: ثَوَانٍ, أَنْفَاسٍ).
    "heldout-asthma-ar": {
        reader: ["https://example.org/asthma/videos?topic=spacer&lang=ar", "prednisolone", "+971", "3000",
                 "08:00–17:00", "80–100", "50–79", "4–6", "100–200", "asthma.nurses@example.org", "الْمُسْعِفَ",
                 "مُسَيْطَرٍ", "ثَوَانٍ", "أَنْفَاسٍ", "الْجِهَازَ"]
        for reader in ("pdftotext", "pdf.js")},
    # The held-out vaccination leaflet (session 19): vaccine names with hyphens and digits
    # ("DTaP-IPV-Hib-HepB", "PCV13") in Arabic text and table cells, dates with slashes, a
    # time range, a phone number and an e-mail address in Arabic text, vocalised words.
    "heldout-vaccines-ar": {
        reader: ["DTaP-IPV-Hib-HepB", "PCV13", "MMR", "12/03/2027", "16/03/2027", "07:30–14:30", "+971", "1100",
                 "child.vaccines@example.org", "تُعَلِّمُ", "اللِّقَاحَاتُ", "الْمَنَاعَةِ", "مُعْدٍ"]
        for reader in ("pdftotext", "pdf.js")},
    # The held-out knee replacement leaflet (session 20): Latin drug names in brackets, a
    # phone number without a span, times, ranges, doses and a product ("2 × 10") in Arabic
    # text, a web address, an e-mail address and a file name, الله in a common phrase and
    # vocalised (اللهِ), tanween (تعافٍ, شيئًا), lam-alef words; in English, an e-mail address
    # broken after its "@" at a line end (joined as one, extracted_words).
    "heldout-knee-en": {reader: ["knee.rehabilitation@example.org", "stockings-guide-2026.pdf", "Rivaroxaban",
                                 "https://example.org/orthopaedics/knee-replacement/exercises/week-by-week-programme"]
                        for reader in ("pdftotext", "pdf.js")},
    "heldout-knee-bilingual-sequential": {reader: ["knee.rehabilitation@example.org"] for reader in ("pdftotext", "pdf.js")},
    "heldout-knee-ar": {
        reader: ["https://example.org/orthopaedics/knee-replacement/exercises/week-by-week-programme",
                 "knee.rehabilitation@example.org", "stockings-guide-2026.pdf", "Paracetamol", "Celecoxib", "Tramadol",
                 "Xarelto", "aspirin", "ibuprofen", "+971", "3400", "3499", "08:00–12:00", "و14:00–17:00", "6–8", "4–6",
                 "37.5", "°C", "mmol/L", "الله", "اللهِ", "تعافٍ", "شيئًا", "لا", "ألّا", "يَعُودُ", "الرُّكْبَةِ",
                 "أَخِصَّائِيُّ", "الْعِلَاجِ", "أُسْبُوعًا", "كُرْسِيٍّ"]
        for reader in ("pdftotext", "pdf.js")},
    # The held-out iron-deficiency anaemia leaflet (session 26): a food table of doses in mg
    # beside wrapped cells, a Latin drug name and "Hb" in brackets, dates, a time range, a
    # phone number, an e-mail and a web address in Arabic text, units with a slash.
    "heldout-anaemia-ar": {
        reader: ["Hb", "ferrous", "sulfate", "15/03/2027", "18/01/2027", "14/06/2027", "08:00–15:00", "+971", "2200",
                 "12–15", "و13–17", "15–30", "8.7", "14.8", "8.5", "0.4", "dietitians@example.org", "example.org/iron"]
        for reader in ("pdftotext", "pdf.js")},
    # The held-out blood-pressure leaflet (session 26): a log table of dates, times and
    # readings ("142/88"), thresholds in cells and text, "mmHg" in Arabic text and headers.
    "heldout-bp-ar": {
        reader: ["22/02/2027", "15/02/2027", "16/02/2027", "07:10", "21:30", "142/88", "138/86", "145/90", "128/82",
                 "135/85", "149/94", "180/120", "mmHg", "22–32", "32–42", "08:00–16:00", "+971", "1700",
                 "bp.readings@example.org", "example.org/home-bp"]
        for reader in ("pdftotext", "pdf.js")},
    # The held-out anticoagulant handout (session 10): vocalised words with shadda, الله, ranges,
    # quantities with their units, a phone number, an e-mail and a web address in Arabic text.
    "textlayer-warfarin-ar": {
        "pdftotext": ALLAH[:1] + ["يُسَبِّبُ", "فَاتَّصِلْ", "يُمَيِّعُ", "الدَّمَ", "البَرِّيِّ", "15–20", "2.5–3.5",
                                  "37.5", "°C", "mmol/L", "micrograms", "+971", "4567", "08:00", "20:00",
                                  "Coumadin", "Clarithromycin", "anticoag.clinic@example.org",
                                  "https://www.example.org/anticoagulation/warfarin-dosing-guide.html"],
        "pdf.js": ALLAH[:1] + ["يُسَبِّبُ", "فَاتَّصِلْ", "يُمَيِّعُ", "الدَّمَ", "15–20", "2.5–3.5", "37.5", "°C",
                               "mmol/L", "micrograms", "+971", "4567", "Coumadin", "anticoag.clinic@example.org",
                               # Broken after a "/" at a line end: its first part is drawn last on
                               # its line, its second first on the next (text_block.cpp,
                               # draw_broken_stretch_at_line_ends).
                               "https://www.example.org/anticoagulation/warfarin-dosing-guide.html"],
    },
    "textlayer-warfarin-ar-trifold": {"pdf.js": ["https://www.example.org/anticoagulation/warfarin-dosing-guide.html"]},
    # Its English in a tri-fold: a spelt-out unit in a narrow dose column is not hyphenated.
    "textlayer-warfarin-en-trifold": {"pdftotext": ["micrograms"], "pdf.js": ["micrograms"]},
    # The last word of a numbered item's first line: pdf.js joins a line's pieces in drawing
    # order, and read the next item's number drawn after its text ("above.1.") until a list
    # marker was drawn before its line in left-to-right text (blocks.cpp, list_parts).
    "wound-care-en-a4": {"pdf.js": ["above", "skin", "normal", "again"]},
    "showcase-en-a4": {"pdf.js": ["seconds", "below", "wool", "again"]},
    "template-en-a4": {"pdf.js": ["step"]},
}

# Passages that must come back from a reader as consecutive words, in their order: the reading
# order of lines, not only each word. poppler took each mark, and the alef of lam-alef, drawn
# after its run and standing for no text (U+2060), for a word of its own that overlapped the
# words around it, and broke the lines there: a vocalised paragraph came back one word per
# line in scrambled order. Those glyphs are drawn in a sequence with an empty /ActualText
# (pdf_writer.cpp, append_text).
REQUIRED_RUNS = {
    "textlayer-ar": {
        "pdftotext": [
            "يَتَعَافَى المَرِيضُ بَعْدَ العِلَاجِ بِالخَلَايَا الجِذْعِيَّةِ خِلَالَ أَيَّامٍ قَلِيلَةٍ، وَيُرَاجِعُ الطَّبِيبَ "
            "إِذَا شَعَرَ بِأَلَمٍ شَدِيدٍ أَوْ حُمَّى.",
            "لا تَأْكُلْ شيئًا قبل الجلسة، وإن شعرت بالغثيان فقد تتقيأ قيئًا خفيفًا، وهذا تعافٍ طبيعي لا يدعو "
            "إلى القلق. تناولْ دواءً واحدًا فقط، ولا تُكثرْ من الماء.",
            "قال الطبيب: الله يشفيك، ولا خوف عليك؛ فالألم لا يدوم، والعلاج الأول لا يؤلم، ولاحقًا تتحسن الحالة "
            "والإلتهاب يزول.",
        ],
    },
    "textlayer-bi": {
        "pdftotext": [
            "يكون التعافي سريعًا عادةً: يشعر معظم المرضى بتحسّنٍ خلال",
            "ويُفضَّل إجراؤه في عيادةٍ مُعدّة ومعقّمة، ولا يُطلب تخديرٌ كاملٌ، ولا تعافٍ طويل.",
        ],
    },
    # Arabic table cells holding a Latin word or a range: pdf.js joins a line's pieces in
    # content order and got them in visual order ("قبل الجرعة الأولى INR فحص", "سنوات 1–5")
    # until cells were written right to left like other lines (text_block.cpp,
    # write_line_right_to_left).
    "textlayer-warfarin-ar": {
        "pdf.js": ["فحص INR قبل الجرعة الأولى", "فيتامين K فقط إذا طلبت العيادة",
                   "فحص INR بعد 15–20 ساعة من آخر جرعة"],
    },
    "textlayer-leaflet-ar": {"pdf.js": ["1–5 سنوات", "6–12 سنة", "بخاخ (وقائي)"]},
}


# Strings that must come back from a reader with their characters in order, white space and
# format characters aside (an address broken across lines is one string again): a web
# address in Arabic text broken in its query. Broken after its "?", poppler took the "?" at
# the end of the left-to-right piece for right-to-left and returned it before the address
# ("عبر ?https://…"); the address now breaks before a "?" or "&" (together.cpp,
# link_break_after).
QUERY = "https://example.net/eye-screening/book-an-appointment?clinic=al-qusais&lang=ar"
REQUIRED_STRINGS = {
    "textlayer-query-ar": {"pdftotext": [QUERY], "pdf.js": [QUERY]},
    # A quantity in brackets in Arabic text: pdf.js, which joins a line's pieces in content
    # order, got "500) (mg" and "37) (°C" until the number, its unit and the brackets touching
    # them were written in logical order (text_block.cpp, emit_in_reading_order).
    # Whole lines of Arabic holding a Latin word, a number and a bracketed word: pdf.js joins
    # a line's pieces in content order, and a right-to-left line written left to right came
    # back with its stretches in visual order ("... 5 ملغ لمدة 40 (prednisolone) البريدنيزولون")
    # until such lines were written right to left (text_block.cpp, write_line_right_to_left).
    "textlayer-brackets-ar": {"pdf.js": ["(500 mg)", "(37 °C)", "(3–5)", "(800 7848)",
                                         "خُذْ دَوَاءَ الْحُمَّى (Paracetamol) كُلَّ 6 سَاعَاتٍ، أَوْ [Ibuprofen] بَعْدَ الطَّعَامِ.",
                                         "اُكْتُبْ «Fever» أَوْ \"Temperature\" عَلَى الْوَرَقَةِ",
                                         "يُسَمَّى الدَّوَاءُ (Paracetamol) أَوْ (Acetaminophen)، وَالْحَرَارَةُ الطَّبِيعِيَّةُ (37 °C) تَقْرِيبًا."]},
    "heldout-asthma-ar": {"pdf.js": ["البريدنيزولون (prednisolone) 40 ملغ لمدة 5 أيام"]},
    # A percentage before a full stop or an Arabic comma in Arabic text: poppler returned the
    # two marks in drawing order ("60.%", "40،%") until an Arabic letter mark parted them
    # (text_block.cpp, part_percent_from_punctuation).
    "heldout-anaemia-ar": {"pdftotext": ["تصل إلى 60%."]},
    "heldout-diabetes-ar": {"pdftotext": ["بنسبة 20–40%."]},
    # A phone number written without a span, a dose range and a product in Arabic running text.
    "heldout-knee-ar": {reader: ["الرقم +971 6 512 3400 (ليلًا أو نهارًا)", "بجرعة 500 mg–1 g أربع", "2 × 10 تكرارات"]
                        for reader in ("pdftotext", "pdf.js")},
}


def squeezed(text):
    """A reader's text with no white space, format characters or list bullets (NFC): pdf.js
    reads an Arabic list item's bullet after its first line."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if not c.isspace() and c != "\u2022" and unicodedata.category(c) != "Cf")


def contains_run(got, run):
    """Whether the words of `run` stand in `got` one after another."""
    want = tokens(run)
    n = len(want)
    return any(got[i:i + n] == want for i in range(len(got) - n + 1))


def pairs_in_order(src, got):
    """How many pairs of consecutive source words come back consecutive (by occurrence): the
    reading order of a reader's text, where `score` counts words wherever they are."""
    want = collections.Counter(zip(src, src[1:]))
    have = collections.Counter(zip(got, got[1:]))
    return sum(min(n, have[k]) for k, n in want.items()), sum(want.values())


def glued_numbers(src, got):
    """Tokens of a reader's text that run a number into an Arabic word ("20الأرز") and are no
    source word: poppler took the space between a number ending an Arabic table cell and the
    next cell into the number's left-to-right stretch when the next cell, on its left, had
    wrapped (table.cpp, the Arabic letter mark at a cell's left edge)."""
    words = set(src)
    return sorted({t for t in got if t not in words and re.search(r"[0-9]", t) and is_arabic(t)})


# The readers whose reading order is measured (consecutive source word pairs, "READER order"
# in the floor file) and held to its floor.
ORDERED = ("pdftotext", "pdf.js")

FLOOR_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "extraction_floor.json")


# The readers: (name, function of (ctx, pdf), checked). mutool and ghostscript do no bidi
# reordering (right-to-left words come back in visual order): they are measured and held to
# their floors, so that they get no worse, but no word is required of them.
READERS = (
    ("pdftotext", lambda ctx, pdf: pdftotext(pdf), True),
    ("pdf.js", pdfjs, True),
    ("struct-text", lambda ctx, pdf: struct_text(pdf), True),
    ("mutool", lambda ctx, pdf: mutool(pdf), False),
    ("gs", lambda ctx, pdf: ghostscript(pdf), False),
)


def extract_all(ctx, cases):
    """Renders every case and reads each PDF with every reader: {(case, reader): text}.
    The renders and the readers run side by side (workers()), pdf.js in one node process for
    all PDFs; what each reader is given and returns is the same as one at a time."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers())
    try:
        pdfs = {}
        rendering = {name: pool.submit(pc.render, ctx, articles if len(articles) > 1 else articles[0],
                                       ctx.out(name + ".pdf"), layout=ctx.src("layouts", layout + ".json"))
                     for name, articles, layout in cases}
        for name, _, _ in cases:
            pdfs[name] = rendering[name].result()
        running = {}
        # pdf.js (one long process) first, then the slowest reader (pdfinfo -struct-text) of
        # every PDF, so the work ends evenly.
        if any(r[0] == "pdf.js" for r in READERS):
            running["pdf.js"] = pool.submit(pdfjs_many, ctx, [pdfs[name] for name, _, _ in cases])
        order = sorted((r for r in READERS if r[0] != "pdf.js"), key=lambda r: r[0] != "struct-text")
        for reader, extract, _ in order:
            for name, _, _ in cases:
                running[name, reader] = pool.submit(extract, ctx, pdfs[name])
        texts = {}
        for key, fut in running.items():
            if key == "pdf.js":
                by_pdf = fut.result()
                for name, _, _ in cases:
                    texts[name, "pdf.js"] = by_pdf[pdfs[name]]
            else:
                texts[key] = fut.result()
        return texts
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_all(ctx, strict):
    require(ctx)
    failures = 0
    floor = json.load(open(FLOOR_FILE, encoding="utf-8")) if os.path.isfile(FLOOR_FILE) else {}
    measured = {}
    totals = collections.defaultdict(lambda: [0, 0])
    order_totals = collections.defaultdict(lambda: [0, 0])
    only = re.compile(os.environ.get("HANDOUT_EXTRACTION_CASES", ""))  # while working on one case
    fmt = "%-30s" + " %13s" * len(READERS)
    print(fmt % (("case",) + tuple(r[0] + ("" if r[2] else " (i)") for r in READERS)))
    cases = [c for c in jobs(ctx) if only.search(c[0])]
    texts = extract_all(ctx, cases)
    # struct-text reads copies without /OutputIntents: on the smallest PDF, the original
    # must give the same text.
    if cases:
        smallest = min((ctx.out(c[0] + ".pdf") for c in cases), key=os.path.getsize)
        differ = poppler_struct.same_text(smallest)
        if differ:
            failures += 1
            print("FAIL: " + differ)
    for name, articles, layout in cases:
        src = source_words(articles)
        row = []
        for reader, extract, checked in READERS:
            got = extracted_words(texts[name, reader])
            exact, total, missing = score(src, got)
            totals[reader][0] += exact
            totals[reader][1] += total
            row.append("%d / %d" % (exact, total))
            # Every reader has a floor (mutool and ghostscript too: they must get no worse);
            # only the readers that reorder right-to-left text are held to listed words.
            measured.setdefault(name, {})[reader] = exact
            if checked and missing:
                print("  %s %s: not exact: %s" % (name, reader, " ".join(missing[:40])))
            want = floor.get(name, {}).get(reader)
            if want is not None and exact < want:
                failures += 1
                print("FAIL: %s %s: %d words exact, fewer than the %d recorded" % (name, reader, exact, want))
            lost = [w for w in REQUIRED.get(name, {}).get(reader, []) if w not in got] if checked else []
            if lost:
                failures += 1
                print("FAIL: %s %s: required words not exact: %s" % (name, reader, " ".join(lost)))
            for want in REQUIRED_STRINGS.get(name, {}).get(reader, []):
                if squeezed(want) not in squeezed(texts[name, reader]):
                    failures += 1
                    print("FAIL: %s %s: not in order: %s" % (name, reader, want))
            for run in REQUIRED_RUNS.get(name, {}).get(reader, []):
                if not contains_run(got, run):
                    failures += 1
                    print("FAIL: %s %s: not in reading order: %s" % (name, reader, run))
            # (One language a case: side by side, poppler reads a line across both columns, and
            # on a page of mostly English, such as the sequential form's first, it returns an
            # Arabic line's stretches in drawing order, PDF-TEXT.md.)
            glued = glued_numbers(src, got) if reader == "pdftotext" and len(articles) == 1 else []
            if glued:
                failures += 1
                print("FAIL: %s %s: a number run into an Arabic word: %s" % (name, reader, " ".join(glued[:12])))
            if reader in ORDERED:
                in_order, pairs = pairs_in_order(src, got)
                order_totals[reader][0] += in_order
                order_totals[reader][1] += pairs
                key = reader + " order"
                measured[name][key] = in_order
                want = floor.get(name, {}).get(key)
                if want is not None and in_order < want:
                    failures += 1
                    print("FAIL: %s %s: %d consecutive word pairs in order, fewer than the %d recorded"
                          % (name, reader, in_order, want))
        print(fmt % ((name,) + tuple(row)))
    print(fmt % (("all",) + tuple("%d / %d" % tuple(totals[r[0]]) for r in READERS)))
    print("consecutive word pairs in order: " +
          ", ".join("%s %d / %d" % ((r,) + tuple(order_totals[r])) for r in ORDERED))
    if strict and os.environ.get("HANDOUT_UPDATE_FLOOR"):
        with open(FLOOR_FILE, "w", encoding="utf-8") as f:
            json.dump(measured, f, indent=2, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        print("wrote " + FLOOR_FILE)
        return True
    if strict and failures:
        print("strict: %d failures" % failures)
        return False
    return True


def is_arabic(word):
    return any("\u0600" <= c <= "\u06ff" for c in word)


def run_together(token, words):
    """Whether `token` is not a source word but two of them joined (either way round for
    Arabic: poppler's -struct-text returns right-to-left text in drawing order)."""
    forms = [token, token[::-1]] if is_arabic(token) else [token]
    if any(f in words for f in forms):
        return False
    return any(f[:i] in words and f[i:] in words for f in forms for i in range(2, len(f) - 1))


def run_lineends(ctx):
    pc.require_tools("pdfinfo")
    # The seed's paragraphs, headings and plain lists (no inline elements: where one meets
    # the paragraph's own text on a right-to-left line, poppler's drawing-order reading
    # joins words that are not at a line end, which is the text layer's other business).
    cases = [("lineends-" + lang, ctx.src("tests", "data", "lineends-%s.json" % lang)) for lang in ("en", "ar")]
    failures = 0
    for name, article in cases:
        pdf = pc.render(ctx, article, ctx.out(name + ".pdf"), layout=ctx.src("layouts", "a4.json"))
        words = set(source_words([article]))
        got = extracted_words(struct_text(pdf))
        joined = [t for t in got if run_together(t, words)]
        print("%s %s: %d tokens, %d of them two words run together%s"
              % ("PASS" if not joined else "FAIL", name, len(got), len(joined),
                 (": " + " ".join(joined[:12])) if joined else ""))
        failures += bool(joined)
    return failures == 0


def find_words(text):
    """The words Firefox's find (pdf.js's PDFFindController) matches in pdf.js's text as
    pdfjs_text.mjs prints it (items joined, a newline at each end of line, a form feed after
    each page): per page, its normalize() keeps the hyphen of "a-\nB", drops the "-\n" after
    any other non-space character (so "ortho-" at a line end and "pedics" on the next are
    found as "orthopedics") and reads any other newline as a space."""
    words = []
    for page in text.split("\f"):
        page = re.sub(r"([a-z])-\n([A-Z])", r"\1-\2", page)
        page = re.sub(r"(\S)-\n", r"\1", page)
        words.extend(tokens(page.replace("\n", " ")))
    return words


def run_hyphens(ctx):
    """Words the typesetter hyphenates at a line end come back whole: pdftotext joins them at
    the soft hyphen (the hyphen's /ActualText), Firefox's find over pdf.js's text joins them
    at "-" and a line end (pdf.js drops a glyph whose text is a soft hyphen: the hyphen's
    text is "-"), and pdfinfo -struct-text joins the two parts (the hyphen is an artifact).
    mutool and ghostscript (which ignore /ActualText) are measured."""
    pc.require_tools("pdftotext", "pdfinfo", "mutool", "gs", "node",
                     paths=[ctx.src("tests", "js", "node_modules", "pdfjs-dist")])
    import wording_checks as wc  # noqa: E402 (its narrow justified column hyphenates)
    long_words = ["orthopedics", "neurology", "dermatology", "physiotherapy", "rehabilitation",
                  "inflammation", "anticoagulation", "cardiovascular", "gastroenterology",
                  "musculoskeletal", "regenerative", "recommendations"]
    filler = "the care team will explain each step and answer your questions before the".split()
    paras = []
    for k in range(8):
        text = []
        for i in range(40):
            text.append(filler[(k + i) % len(filler)])
            if i % 3 == 0:
                text.append(long_words[(k * 5 + i) % len(long_words)])
        paras.append({"type": "paragraph", "text": " ".join(text) + "."})
    pdf = wc.render(ctx, "hyphens-en", paras, wc.narrow_layout(ctx))
    src = source_words([ctx.out("hyphens-en.json")])
    failures = []
    # The words broken by a hyphen the typesetter added, from pdftotext's soft hyphens.
    plain = pdftotext(pdf)
    broken = re.findall(r"(\w+)\u00ad\s*\n\s*(\w+)", plain)
    joined = [a + b for a, b in broken]
    if len(broken) < 4:
        failures.append("only %d words hyphenated at a line end (the case needs at least 4)" % len(broken))
    if any(w not in src for w in joined):
        failures.append("pdftotext: not source words: %s" % " ".join(w for w in joined if w not in src))
    texts = {"pdftotext": extracted_words(plain), "pdf.js find": find_words(pdfjs(ctx, pdf)),
             "struct-text": extracted_words(struct_text(pdf)), "mutool (i)": extracted_words(mutool(pdf)),
             "gs (i)": extracted_words(ghostscript(pdf))}
    js = pdfjs(ctx, pdf)
    # pdf.js's text shows the hyphen at the end of the line, before the word's second part.
    apart = [a + b for a, b in broken if not re.search(re.escape(a) + r"-\n" + re.escape(b), js)]
    if apart:
        failures.append("pdf.js: %d of %d hyphenated words without a \"-\" at the line end: %s"
                        % (len(apart), len(broken), " ".join(apart[:8])))
    for reader, got in texts.items():
        exact, total, missing = score(src, got)
        print("%-12s %d / %d words exact" % (reader, exact, total))
        if not reader.endswith("(i)") and exact < total:
            failures.append("%s: not exact: %s" % (reader, " ".join(missing[:12])))
    for f in failures:
        print("FAIL: " + f)
    print("%s hyphens: %d words hyphenated at line ends" % ("FAIL" if failures else "PASS", len(joined)))
    return not failures


COMMANDS = {"strict": lambda ctx: run_all(ctx, True), "measure": lambda ctx: run_all(ctx, False),
            "lineends": run_lineends, "hyphens": run_hyphens}


if __name__ == "__main__":
    sys.exit(pc.script_main(COMMANDS, __doc__.split("\n")[0]))
