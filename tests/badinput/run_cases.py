#!/usr/bin/env python3
"""Bad-input suite for the handout CLI.

Feeds `handout render`, `validate` and `batch` broken articles, layouts, manifests and
output paths, and checks that every refusal is clean:

  * the exit status is the expected one (2 for every refusal of bad input, 1 for a batch
    in which a job failed, 0 for the few positive controls), never a signal or >= 128;
  * stderr carries a useful message: the file name, line:col where there is one, the JSON
    pointer, and the key words of the explanation (each case lists regexes that must match);
  * nothing is written: no output file, no temporary ".*.tmp-*" left in the output folder;
  * stdout is empty for refusals;
  * the command finishes within its time limit (a hang is a failure).

Usage:
  python3 run_cases.py --handout PATH --source-dir DIR --work-dir DIR [-k REGEX] [-v]

Prints one PASS/FAIL line per case and, alone on the last line, "N passed, M failed".
Exits 0 only if every case passed. Python 3 standard library only.

Inputs are generated at run time into --work-dir (big and odd ones too: a 30 MB paragraph,
100000-deep nesting, invalid UTF-8 bytes). Layouts written by the suite live in
<work-dir>/proj/layouts/ beside a copy of the project's fonts in <work-dir>/proj/fonts/, so
that they read fonts from "the project's folders" just as layouts/*.json do.
"""

import argparse
import copy
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib

DEFAULT_TIMEOUT = 20.0

# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------

BASE_ARTICLE = {
    "lang": "en",
    "title": "Test handout",
    "meta": {"version": "1.0", "reviewed": "2026-11-01"},
    "blocks": [
        {"type": "heading", "level": 2, "text": "Section"},
        {"type": "paragraph", "text": ["Plain ", {"text": "bold", "strong": True}, " text."]},
        {"type": "list", "items": ["one", "two"]},
        {"type": "table", "header": ["A", "B", "C"], "rows": [["1", "2", "3"], ["4", "5", "6"]]},
        {"type": "faq", "items": [{"question": "Why?", "answer": "Because."}]},
        {"type": "callout", "title": "Note", "text": "Remember this."},
    ],
}

BASE_ARTICLE_AR = {
    "lang": "ar",
    "title": "نشرة تجريبية",
    "meta": {"version": "1.0", "reviewed": "2026-11-01"},
    "blocks": [
        {"type": "heading", "level": 2, "text": "قسم"},
        {"type": "paragraph", "text": ["نص ", {"text": "عريض", "strong": True}, " عادي."]},
        {"type": "list", "items": ["واحد", "اثنان"]},
        {"type": "table", "header": ["أ", "ب", "ج"], "rows": [["١", "٢", "٣"], ["٤", "٥", "٦"]]},
        {"type": "faq", "items": [{"question": "لماذا؟", "answer": "لأن."}]},
        {"type": "callout", "title": "ملاحظة", "text": "تذكر هذا."},
    ],
}


def dump(obj):
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def grey_png(width, height):
    """A PNG of width x height grey pixels (8-bit greyscale)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = (b"\x00" + b"\x80" * width) * height
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


class NewRoot:
    """Returned by a mutator that replaces the whole document."""

    def __init__(self, root):
        self.root = root


def mutated(obj, mutate):
    obj = copy.deepcopy(obj)
    if mutate is not None:
        r = mutate(obj)
        if isinstance(r, NewRoot):
            obj = r.root
    return obj


def article(mutate=None, base=BASE_ARTICLE):
    """The base article, pretty-printed, after `mutate(dict)` (which may return a NewRoot)."""
    return dump(mutated(base, mutate))


def layout_obj(src_dir):
    """A valid single-language layout (a4.json) to mutate; fonts.dir is "../fonts"."""
    with open(os.path.join(src_dir, "layouts", "a4.json"), encoding="utf-8") as f:
        return json.load(f)


def line_of(text, needle, nth=1):
    """1-based line number of the nth occurrence of `needle` in `text`."""
    pos = -1
    for _ in range(nth):
        pos = text.index(needle, pos + 1)
    return text.count("\n", 0, pos) + 1


class LayoutAt:
    """Stands for "<generated layout>:line:col" of the line holding `needle`; resolved when the
    case runs, since the layout is generated from the project's a4.json then."""

    def __init__(self, needle):
        self.needle = needle


class LayoutRx:
    """An on_one_line() regex with LayoutAt parts still to resolve."""

    def __init__(self, parts):
        self.parts = parts

    def resolve(self, fn):
        return on_one_line(*[fn(p) for p in self.parts])


def on_one_line(*parts):
    """A regex that matches when every part (a regex) occurs on one single line, in any order."""
    if any(isinstance(p, LayoutAt) for p in parts):
        return LayoutRx(parts)
    def scoped(p):
        return "(?i:%s)" % p[4:] if p.startswith("(?i)") else p
    locs = "".join("(?=.*%s)" % p for p in parts if isinstance(p, Loc))
    words = "".join("(?=.*%s)" % scoped(p) for p in parts if not isinstance(p, Loc))
    return "(?m)^" + locs + r"(?=.*?\b(?:error|warning|note): " + words + ").*$"


class Loc(str):
    """A regex for the location part of a diagnostic (file name, line:col); the other parts of
    on_one_line() must match the message after "error:", so that words in a path do not count."""


def at(fname, line, col=None):
    """The "file:line:col" prefix of a diagnostic, as a regex."""
    return Loc("%s:%d:%s" % (re.escape(fname), line, r"\d+" if col is None else str(col)))


def F(fname):
    """A file name in the location part of a diagnostic."""
    return Loc(re.escape(fname))


def ptr(pointer):
    """A JSON pointer in a message: not followed by more path segments."""
    return re.escape(pointer) + r"(?![\w/~])"


Q = re.escape  # quote a literal in a regex

UTF8_WORDS = r"(?i)(invalid|ill-formed|malformed) UTF-8"


# --------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------

class Case:
    def __init__(self, name, argv, rc, stderr=(), files=None, outputs=(), out_dir="out",
                 no_stdout_check=False, timeout=DEFAULT_TIMEOUT, extra_check=None,
                 allowed_extra=(), prepare=None, wrap=None, out_dir_may_be_absent=False):
        self.name = name
        self.argv = argv              # list; "{H}" handout, "{D}" case dir, "{SRC}", "{W}", "{P}" proj
        self.rc = rc                  # expected exit status
        self.stderr = list(stderr)    # regexes that must all match stderr
        self.files = files or {}      # relative path (in the case dir) -> str | bytes | callable
        self.outputs = list(outputs)  # files (relative to the output folder) that must exist
        self.out_dir = out_dir        # the output folder (relative to the case dir) or None
        self.no_stdout_check = no_stdout_check
        self.timeout = timeout
        self.extra_check = extra_check  # fn(ctx, stdout, stderr) -> error string or None
        self.allowed_extra = list(allowed_extra)  # regexes of other file names allowed in out_dir
        self.prepare = prepare        # fn(ctx) run after files are written
        self.wrap = wrap              # fn(argv) -> argv, e.g. to run under `ulimit -f`
        self.out_dir_may_be_absent = out_dir_may_be_absent


def build_cases(src):
    C = []
    lay_a4 = os.path.join(src, "layouts", "a4.json")
    lay_par = os.path.join(src, "layouts", "bilingual-parallel.json")
    lay_seq = os.path.join(src, "layouts", "bilingual-sequential.json")
    en_src = os.path.join(src, "content", "stem-cell-therapy", "en.json")

    def render(name, text, stderr, rc=2, fname="article.json", extra=(), **kw):
        """render of one article file `fname` with a4.json, to out/out.pdf."""
        files = {fname: text}
        files.update(kw.pop("files", {}))
        outputs = ["out.pdf"] if rc == 0 else []
        C.append(Case(name, ["{H}", "render", "{D}/" + fname, "-l", lay_a4, "-o", "{D}/out/out.pdf"]
                      + list(extra), rc, stderr, files=files, outputs=outputs, **kw))

    def validate(name, paths, stderr, rc=2, files=None, extra=(), **kw):
        C.append(Case(name, ["{H}", "validate"] + list(extra) + paths, rc, stderr, files=files,
                      out_dir=None, **kw))

    # ---- syntax and encoding ---------------------------------------------------------
    good = article()
    cut = good[: good.index('"type": "list"')]
    render("truncated_json", cut,
           [on_one_line(at("article.json", cut.count("\n") + 1),
                        r"(?i)(unexpected end|end of (input|file)|truncated|incomplete)")])

    t = article(lambda a: a.update(title="Caf\uFFFF au lait"))
    b = t.encode("utf-8").replace("\uFFFF".encode("utf-8"), b"\xe9")
    render("utf8_invalid_in_string", b,
           [on_one_line(at("article.json", line_of(t, '"title"')), UTF8_WORDS, ptr("/title"))])

    b = t.encode("utf-8").replace("\uFFFF".encode("utf-8"), b"\xc0\xaf")
    render("utf8_overlong_in_string", b,
           [on_one_line(at("article.json", line_of(t, '"title"')), UTF8_WORDS, ptr("/title"))])

    b = t.encode("utf-8").replace("\uFFFF".encode("utf-8"), b"\xed\xa0\x80")
    render("utf8_encoded_surrogate_in_string", b,
           [on_one_line(at("article.json", line_of(t, '"title"')), UTF8_WORDS, ptr("/title"))])

    b = good.encode("utf-8").replace(b'  "lang": "en",', b'  \xff"lang": "en",')
    render("utf8_invalid_outside_string", b,
           [on_one_line(at("article.json", line_of(good, '"lang"'), 3), r"(?i)(UTF-8|0xFF\b|\\xFF\b)")])

    t = article(lambda a: a.update(title="A \uFFFF B")).replace("\uFFFF", "\\ud800")
    render("surrogate_escape_unpaired", t,
           [on_one_line(at("article.json", line_of(t, '"title"')), r"(?i)surrogate", r"(?i)\\?ud800",
                        ptr("/title"))])

    t = article(lambda a: a.update(title="A \uFFFF B")).replace("\uFFFF", "\\udc00\\ud83d")
    render("surrogate_escape_reversed_pair", t,
           [on_one_line(at("article.json", line_of(t, '"title"')), r"(?i)surrogate", ptr("/title"))])

    render("bom_prefixed_accepted", b"\xef\xbb\xbf" + good.encode("utf-8"), [], rc=0)

    render("empty_file", b"", [on_one_line(F("article.json"), r"(?i)empty")])
    render("whitespace_only", b"  \n\t\n   \r\n",
           [on_one_line(F("article.json"), r"(?i)(empty|white ?space|no JSON|blank|unexpected end of input)")])

    t = article(lambda a: a.update(title="A\uFFFFB")).replace("\uFFFF", "\x01")
    render("raw_control_char_in_string", t,
           [on_one_line(at("article.json", line_of(t, '"title"')), r"(?i)(control char|U\+0001|\\u0001)")])

    t = good.replace('"level": 2', '"level": NaN')
    render("nan_token", t, [on_one_line(at("article.json", line_of(t, "NaN")), r"(?i)(syntax|invalid|unexpected)")])

    render("trailing_garbage", good + "}\n",
           [on_one_line(at("article.json", good.count("\n") + 1), r"(?i)(syntax|unexpected|end of input|trailing)")])

    # A NUL byte ends the parser's input: what follows it must not be silently ignored.
    render("nul_after_json", good + "\x00{\"more\": 1}\n",
           [on_one_line(at("article.json", good.count("\n") + 1, 1), r"(?i)NUL byte", r"(?i)not JSON")])
    t = good.replace('  "blocks"', '\x00 "blocks"')
    render("nul_between_keys", t,
           [on_one_line(at("article.json", line_of(t, '"blocks"'), 1), r"(?i)NUL byte")])
    render("utf16_without_bom", good.encode("utf-16-le"),
           [on_one_line(at("article.json", 1, 2), r"(?i)NUL byte", r"UTF-16")])

    # UTF-16 with its byte order mark (Notepad's "Unicode"): "byte 0xFF here is not UTF-8".
    for nm, data, endian in (("le", b"\xff\xfe" + good.encode("utf-16-le"), "little"),
                             ("be", b"\xfe\xff" + good.encode("utf-16-be"), "big")):
        render("utf16_with_bom_" + nm, data,
               [on_one_line(at("article.json", 1, 1), r"the file is UTF-16 text", endian + r"-endian byte order mark",
                            r"save it as UTF-8")])
    # A Latin-1 (or Windows-1252) "é" before a space, and Windows-1256 Arabic: the byte shown
    # is the one that is not UTF-8, at its column, with what to do ("invalid string:
    # ill-formed UTF-8 byte" at the space, or at the second Arabic letter, before).
    t = article(lambda a: a.update(title="Caf\uFFFF au lait"))
    b = t.encode("utf-8").replace("\uFFFF".encode("utf-8"), b"\xe9")
    col = t.splitlines()[line_of(t, '"title"') - 1].index("\uFFFF") + 1
    render("latin1_letter_before_space", b,
           [on_one_line(at("article.json", line_of(t, '"title"'), col), r"byte 0xE9 here is not UTF-8 text",
                        r"save the file as UTF-8", ptr("/title"))])
    t = article(lambda a: a.update(title="\uFFFF"))
    b = t.encode("utf-8").replace("\uFFFF".encode("utf-8"), "عناية".encode("cp1256"))
    col = t.splitlines()[line_of(t, '"title"') - 1].index("\uFFFF") + 1
    render("windows_1256_arabic", b,
           [on_one_line(at("article.json", line_of(t, '"title"'), col), r"byte 0xDA here is not UTF-8 text",
                        r"save the file as UTF-8", ptr("/title"))])

    # Lines ended by a lone carriage return (classic Mac OS) are lines too.
    t = article(lambda a: a["blocks"][1].update(type="paragrap"))
    render("cr_line_ends_locate", t.replace("\n", "\r"),
           [on_one_line(at("article.json", line_of(t, '"paragrap"'), t.split("\n")[line_of(t, '"paragrap"') - 1].index('"paragrap"') + 1),
                        r'did you mean "paragraph"', ptr("/blocks/1/type"))])

    # ---- wrong types -----------------------------------------------------------------
    t = article(lambda a: a.update(title=42))
    render("type_title_number", t,
           [on_one_line(at("article.json", line_of(t, '"title"')), ptr("/title"), r"(?i)string", r"(?i)number")])

    t = article(lambda a: a.update(blocks={"type": "paragraph", "text": "x"}))
    render("type_blocks_object", t,
           [on_one_line(at("article.json", line_of(t, '"blocks"')), ptr("/blocks"), r"(?i)array|list",
                        r"(?i)object")])

    t = article(lambda a: a["blocks"][1]["text"][1].update(strong="yes"))
    render("type_span_strong_string", t,
           [on_one_line(at("article.json", line_of(t, '"strong"')), ptr("/blocks/1/text/1/strong"),
                        r"(?i)(bool|true or false)", r"(?i)string")])

    t = article(lambda a: a["blocks"][0].update(level="2"))
    render("type_heading_level_string", t,
           [on_one_line(at("article.json", line_of(t, '"level"')), ptr("/blocks/0/level"),
                        r"(?i)(integer|number)", r"(?i)string")])

    t = article(lambda a: a["blocks"][3].update(rows=["1", "2", "3"]))
    render("type_table_rows_not_arrays", t,
           [on_one_line(at("article.json", line_of(t, '"rows"') + 1), ptr("/blocks/3/rows/0"),
                        r"(?i)(array|list)", r"(?i)string")])

    t = article(lambda a: NewRoot([a]))
    render("type_root_array", t, [on_one_line(at("article.json", 1), r"(?i)object", r"(?i)array")])

    t = article(lambda a: a["blocks"][2].update(items=[1, 2]))
    render("type_list_item_number", t,
           [on_one_line(at("article.json", line_of(t, '"items"') + 1), ptr("/blocks/2/items/0"), r"(?i)number")])

    # A wrong type says what the value is for and how it is written, not only the type it
    # found ("expected an array, found a string" left the author to guess the shape).
    t = article(lambda a: a["blocks"][2].update(items="first"))
    render("type_list_items_string_shape", t,
           [on_one_line(at("article.json", line_of(t, '"items"')), ptr("/blocks/2/items"),
                        Q("expected an array, found a string"), Q("a list's \"items\" is an array of strings"),
                        Q('"items": ["first", "second"]'))])
    t = article(lambda a: a["blocks"][4].update(items={"question": "Why?", "answer": "Because."}))
    render("type_faq_items_object_shape", t,
           [on_one_line(at("article.json", line_of(t, '"items": {')), ptr("/blocks/4/items"),
                        Q("expected an array, found an object"), Q('"items": [{"question": '))])
    t = article(lambda a: a["blocks"][4].update(items=["Why?"]))
    render("type_faq_item_string_shape", t,
           [on_one_line(at("article.json", line_of(t, '"Why?"')), ptr("/blocks/4/items/0"),
                        Q("expected an object, found a string"), Q("each FAQ item is a question with its answer"))])
    t = article(lambda a: a["blocks"][3].update(rows="1, 2, 3"))
    render("type_table_rows_string_shape", t,
           [on_one_line(at("article.json", line_of(t, '"rows"')), ptr("/blocks/3/rows"),
                        Q("expected an array, found a string"), Q('"rows": [["'))])
    t = article(lambda a: a.update(meta="1.0"))
    render("type_meta_string_shape", t,
           [on_one_line(at("article.json", line_of(t, '"meta"')), ptr("/meta"),
                        Q("expected an object, found a string"), Q('"meta": {"version": "1.0"'))])
    t = article(lambda a: a.update(blocks="Hello"))
    render("type_blocks_string_shape", t,
           [on_one_line(at("article.json", line_of(t, '"blocks"')), ptr("/blocks"),
                        Q("expected an array, found a string"), Q('"blocks": [{"type": "heading"'))])
    t = article(lambda a: a["blocks"][1].update(text=7))
    render("type_text_number_shape", t,
           [on_one_line(at("article.json", line_of(t, '"text": 7')), ptr("/blocks/1/text"),
                        Q("expected text: a string or an array of strings and spans, found a number"),
                        Q('{"text": "before", "strong": true}'))])
    # A scalar in quotes, or a number where a string belongs: the value as it should be written.
    t = article(lambda a: a["blocks"][0].update(level="2"))
    render("type_heading_level_quoted_says_unquoted", t,
           [on_one_line(at("article.json", line_of(t, '"level"')), ptr("/blocks/0/level"),
                        Q('"level" must be a whole number, found a string; write "level": 2, without quotes'))])
    t = article(lambda a: a["blocks"][1]["text"][1].update(strong="true"))
    render("type_strong_quoted_says_unquoted", t,
           [on_one_line(at("article.json", line_of(t, '"strong"')), ptr("/blocks/1/text/1/strong"),
                        Q('"strong" must be true or false, found a string; write "strong": true, without quotes'))])
    t = article(lambda a: a["blocks"][2].update(ordered=1))
    render("type_ordered_number_says_how", t,
           [on_one_line(at("article.json", line_of(t, '"ordered"')), ptr("/blocks/2/ordered"),
                        Q('found a number; write "ordered": true or "ordered": false'))])
    t = article(lambda a: a["meta"].update(version=1.5))
    render("type_version_number_says_quoted", t,
           [on_one_line(at("article.json", line_of(t, '"version"')), ptr("/meta/version"),
                        Q('"version" must be a string, found a number; write it in quotes: "version": "1.5"'))],
           extra_check=lambda ctx, out, err: None if err.count(": error:") == 1
           else "expected 1 error (it was reported twice), got %d" % err.count(": error:"))

    # ---- unknown keys and types ------------------------------------------------------
    def rename(d, old, new):
        return {(new if k == old else k): v for k, v in d.items()}

    t = article(lambda a: NewRoot(rename(a, "blocks", "blcoks")))
    render("unknown_key_top_level", t,
           [on_one_line(at("article.json", line_of(t, '"blcoks"')), r'unknown key "blcoks"',
                        r'did you mean "blocks"', ptr("/blcoks"))])

    t = article(lambda a: a["blocks"][1]["text"].__setitem__(1, rename(a["blocks"][1]["text"][1], "strong", "stong")))
    render("unknown_key_in_span", t,
           [on_one_line(at("article.json", line_of(t, '"stong"')), r'unknown key "stong"',
                        r'did you mean "strong"', ptr("/blocks/1/text/1/stong"))])

    t = article(lambda a: a["blocks"].__setitem__(5, rename(a["blocks"][5], "text", "txt")))
    render("unknown_key_in_block", t,
           [on_one_line(at("article.json", line_of(t, '"txt"')), r'unknown key "txt"',
                        r'did you mean "text"', ptr("/blocks/5/txt"))])

    t = article(lambda a: a["blocks"][1].update(colour="red"))
    render("unknown_key_in_block_no_guess", t,
           [on_one_line(at("article.json", line_of(t, '"colour"')), r'unknown key "colour"', ptr("/blocks/1/colour"))])

    t = article(lambda a: a["blocks"][1].update(type="paragrap"))
    render("unknown_block_type", t,
           [on_one_line(at("article.json", line_of(t, '"paragrap"')), r'"paragrap"',
                        r'did you mean "paragraph"', ptr("/blocks/1/type"))])

    # Bold given to the block, not to a run of its text: how to write it.
    t = article(lambda a: a["blocks"][1].update(bold=True))
    render("block_key_of_a_run", t,
           [on_one_line(at("article.json", line_of(t, '"bold": true')), r'unknown key "bold"',
                        r'"text" as a list of runs', r'"strong": true', ptr("/blocks/1/bold"))])

    # A name from HTML or a word processor: the format's own name for it.
    t = article(lambda a: a["blocks"][1].update(type="note"))
    render("block_type_named_as_elsewhere", t,
           [on_one_line(at("article.json", line_of(t, '"note"')), r'"note"',
                        r'did you mean "callout"', ptr("/blocks/1/type"))])

    # ---- bad values ------------------------------------------------------------------
    for lvl in (0, 7):
        t = article(lambda a, lvl=lvl: a["blocks"][0].update(level=lvl))
        render("heading_level_%d" % lvl, t,
               [on_one_line(at("article.json", line_of(t, '"level"')), ptr("/blocks/0/level"),
                            r"\b%d\b" % lvl, r"1.*3")])

    # A number too large for a double (read as infinity) was shown as "found null".
    t = good.replace('"level": 2', '"level": 1e400')
    render("heading_level_1e400", t,
           [on_one_line(at("article.json", line_of(t, '"level"')), ptr("/blocks/0/level"), r"too large")])
    # A right-to-left override pasted into English printed the rest reversed, silently.
    t = article(lambda a: a["blocks"][1]["text"].__setitem__(0, "Plain \u202e override "))
    render("text_with_override_warns", t,
           [on_one_line(at("article.json", line_of(t, "override")), ptr("/blocks/1/text/0"),
                        r"text contains U\+202E RIGHT-TO-LEFT OVERRIDE", r"reverse order")], rc=0)
    # An isolate or embedding pasted without its closing character reordered the rest of
    # the paragraph, silently: a warning at the string, which is closed where it ends.
    t = article(lambda a: a["blocks"][1]["text"].__setitem__(0, "Pasted \u2067 isolate "))
    render("text_with_unclosed_isolate_warns", t,
           [on_one_line(at("article.json", line_of(t, "isolate")), ptr("/blocks/1/text/0"),
                        r"text opens U\+2067 RIGHT-TO-LEFT ISOLATE and does not close it with U\+2069 POP "
                        r"DIRECTIONAL ISOLATE", r"closes it at the end of this text")], rc=0)
    t = article(lambda a: a["blocks"][1]["text"].__setitem__(0, "Pasted \u202b embedding \u2066 and isolate "))
    render("text_with_unclosed_embedding_warns", t,
           [on_one_line(at("article.json", line_of(t, "embedding")), ptr("/blocks/1/text/0"),
                        r"text opens U\+202B RIGHT-TO-LEFT EMBEDDING and does not close it with U\+202C POP "
                        r"DIRECTIONAL FORMATTING", r"1 more open")], rc=0)
    # Closed ones, and a closing character with nothing open, say nothing.
    t = article(lambda a: a["blocks"][1]["text"].__setitem__(0, "Quoted \u2067closed\u2069 and \u2069 stray "))
    render("text_with_closed_isolate_is_quiet", t, [], rc=0,
           extra_check=lambda ctx, out, err: None if "does not close" not in err else "unexpected warning: " + err)
    # A character lost in a conversion ("2\ufffd8 \u00b0C" for "2\u20138 \u00b0C") printed its
    # replacement mark, silently.
    t = article(lambda a: a["blocks"][1]["text"].__setitem__(0, "Store at 2\ufffd8 \u00b0C "))
    render("text_with_replacement_character_warns", t,
           [on_one_line(at("article.json", line_of(t, "Store at")), ptr("/blocks/1/text/0"),
                        r"U\+FFFD REPLACEMENT CHARACTER", r"copied or converted")], rc=0)
    # A word pasted in a script no font has was one error a letter (seven for "\u0907\u0902\u0938\u0941\u0932\u093f\u0928"):
    # one error names each word.
    t = article(lambda a: a["blocks"][1]["text"].__setitem__(
        0, "Ask for \u0907\u0902\u0938\u0941\u0932\u093f\u0928 or \u80f0\u5c9b\u7d20 "))
    render("uncovered_words_one_error_each", t,
           [on_one_line(at("article.json", line_of(t, "Ask for")), ptr("/blocks/1/text/0"),
                        r'the text "\u0907\u0902\u0938\u0941\u0932\u093f\u0928" has 7 characters', r"not in any font"),
            on_one_line(at("article.json", line_of(t, "Ask for")), ptr("/blocks/1/text/0"),
                        r'the text "\u80f0\u5c9b\u7d20" has 3 characters', r"U\+80F0")],
           extra_check=lambda ctx, out, err: None if err.count(": error:") == 2
           else "expected 2 errors, got %d" % err.count(": error:"))
    # A scheme with nothing after it was told that links must start with that scheme.
    t = article(lambda a: a["blocks"][1]["text"][1].update(href="tel:"))
    render("link_scheme_only", t,
           [on_one_line(at("article.json", line_of(t, '"href"')), ptr("/blocks/1/text/1/href"),
                        r'nothing after "tel:"')])

    t = article(lambda a: a["blocks"][3]["rows"].__setitem__(1, ["4", "5"]))
    render("table_row_too_short", t,
           [on_one_line(at("article.json", line_of(t, '"4"') - 1), ptr("/blocks/3/rows/1"), r"\b2\b", r"\b3\b",
                        r"(?i)(cell|column|header)")])

    t = article(lambda a: a["blocks"][3]["rows"].__setitem__(1, ["4", "5", "6", "7"]))
    render("table_row_too_long", t,
           [on_one_line(at("article.json", line_of(t, '"4"') - 1), ptr("/blocks/3/rows/1"), r"\b4\b", r"\b3\b",
                        r"(?i)(cell|column|header)")])

    t = article(lambda a: a["blocks"][3].update(header=[], rows=[[], []]))
    render("table_header_empty", t,
           [on_one_line(at("article.json", line_of(t, '"header"')), ptr("/blocks/3/header"),
                        r"(?i)(empty|at least one)")])

    t = article(lambda a: a.update(blocks=[]))
    render("blocks_empty", t,
           [on_one_line(at("article.json", line_of(t, '"blocks"')), ptr("/blocks"), r"(?i)(empty|at least one|no blocks)")])

    for key in ("lang", "title", "blocks"):
        t = article(lambda a, key=key: a.pop(key))
        render("missing_" + key, t,
               [on_one_line(at("article.json", 1), r'(?i)missing.*"%s"' % key)])

    t = article(lambda a: a["blocks"][1].pop("text"))
    render("missing_paragraph_text", t,
           [on_one_line(at("article.json", line_of(t, '"paragraph"') - 1), r'(?i)missing.*"text"',
                        ptr("/blocks/1"))])

    t = article(lambda a: a["blocks"][4]["items"][0].pop("question"))
    render("missing_faq_question", t,
           [on_one_line(at("article.json", line_of(t, '"answer"') - 1), r'(?i)missing.*"question"',
                        ptr("/blocks/4/items/0"))])

    t = good.replace('  "title": "Test handout",', '  "title": "Test handout",\n  "title": "Again",')
    render("duplicate_key", t,
           [on_one_line(at("article.json", line_of(t, '"Again"')), r'(?i)duplicate.*"title"', ptr("/title"))])

    # Two strings in a row run together as they print: a list written inside a list item
    # printed "nestedlist", two sentences "drops.Wash", with no word from handout (the render
    # is made: nothing is lost but a space).
    t = article(lambda a: a["blocks"][2].update(items=["one", ["nested", "list"]]))
    render("text_pieces_glued_list_item", t,
           [on_one_line(at("article.json", line_of(t, '"list"\n')), ptr("/blocks/2/items/1/1"),
                        Q('prints "nestedlist"'), r"lists do not nest"), r"article\.json:\d+:\d+: warning: "], rc=0)
    t = article(lambda a: a["blocks"][1].update(text=["Use the drops.", "Wash your hands."]))
    render("text_pieces_glued_sentences", t,
           [on_one_line(at("article.json", line_of(t, '"Wash your hands."')), ptr("/blocks/1/text/1"),
                        Q('prints "drops.Wash"'), r"end the one before with a space"),
            r"article\.json:\d+:\d+: warning: "], rc=0)
    t = article(lambda a: a["blocks"][1].update(text=["Use the drops. ", "Wash your hands."]))
    render("text_pieces_spaced_no_warning", t, [], rc=0,
           extra_check=lambda ctx, so, se: "a warning for pieces with a space between: " + se if "warning" in se else None)

    # Combining marks stacked on one letter (20 acute accents, 20 grave accents below) are
    # raised or lowered mark on mark, 5 mm and more, and printed over the paragraph above or
    # the table row below without a word. A warning at the text; stacks that belong to a
    # language (Vietnamese, two or three marks on a letter) stay quiet.
    t = article(lambda a: a["blocks"][1].update(text="Use the drops a" + "\u0301" * 20 + " now."))
    render("stacked_marks_above", t,
           [on_one_line(at("article.json", line_of(t, '"Use the drops')), ptr("/blocks/1/text"),
                        r'"a" with 20 combining marks stacked on it reaches \d+\.\d mm above its baseline',
                        r"prints over the text above it")], rc=0)
    t = article(lambda a: a["blocks"][3]["rows"][0].__setitem__(0, "x" + "\u0316" * 20))
    render("stacked_marks_below_table_cell", t,
           [on_one_line(ptr("/blocks/3/rows/0/0"), r'"x" with 20 combining marks stacked on it reaches \d+\.\d mm below',
                        r"prints over the text below it")], rc=0)
    t = article(lambda a: a["blocks"][1].update(text="Ẫn Ặc Ờ ộ ữ Ḯ Ǘ Q\u0301\u0302\u0303 q\u0323\u0324\u0325 e\u0301\u0301\u0301"))
    render("stacked_marks_of_a_language_no_warning", t, [], rc=0,
           extra_check=lambda ctx, so, se: "a warning for marks a language stacks: " + se if "warning" in se else None)

    # A block's id names one block (the schema says so): two blocks with one id, or an empty
    # one, were taken.
    def two_ids(a):
        a["blocks"][0]["id"] = "eye-drops"
        a["blocks"][1]["id"] = "eye-drops"
    t = article(two_ids)
    render("block_id_duplicated", t,
           [on_one_line(at("article.json", line_of(t, '"id"', 2)), ptr("/blocks/1/id"), Q('"eye-drops"'),
                        r"already the id of the block at line %d \(/blocks/0\)" % line_of(t, '"id"', 1))])
    t = article(lambda a: a["blocks"][0].update(id=""))
    render("block_id_empty", t,
           [on_one_line(at("article.json", line_of(t, '"id"')), ptr("/blocks/0/id"), r'"id" is empty',
                        r"leave \"id\" out")])

    t = article(lambda a: a["meta"].update(reviewed="2026-13-01"))
    render("meta_reviewed_bad_month", t,
           [on_one_line(at("article.json", line_of(t, '"reviewed"')), ptr("/meta/reviewed"),
                        Q("2026-13-01"), r"(?i)(YYYY-MM-DD|date)")])

    t = article(lambda a: a["meta"].update(reviewed="2026-02-30"))
    render("meta_reviewed_feb_30", t,
           [on_one_line(at("article.json", line_of(t, '"reviewed"')), ptr("/meta/reviewed"),
                        Q("2026-02-30"), r"(?i)(YYYY-MM-DD|date)")])

    t = article(lambda a: a["meta"].update(reviewed="1 Nov 2026"))
    render("meta_reviewed_free_text", t,
           [on_one_line(at("article.json", line_of(t, '"reviewed"')), ptr("/meta/reviewed"),
                        r"(?i)(YYYY-MM-DD|date)")])

    t = article(lambda a: a.update(lang="english!"))
    render("lang_invalid_tag", t,
           [on_one_line(at("article.json", line_of(t, '"lang"')), ptr("/lang"), Q('"english!"'),
                        r"(?i)(language tag|BCP ?47)")])

    t = article(lambda a: a["blocks"][1]["text"][1].update(lang="x y"))
    render("span_lang_invalid_tag", t,
           [on_one_line(at("article.json", line_of(t, '"x y"')), ptr("/blocks/1/text/1/lang"),
                        r"(?i)(language tag|BCP ?47)")])

    for nm, href, word in (("javascript", "javascript:alert(1)", r"javascript"),
                           ("data", "data:text/html;base64,PHNjcmlwdD4=", r"data"),
                           ("no_scheme", "www.example.com/page", r"(scheme|must start with)")):
        t = article(lambda a, href=href: a["blocks"][1]["text"][1].update(href=href))
        render("link_" + nm, t,
               [on_one_line(at("article.json", line_of(t, '"href"')), ptr("/blocks/1/text/1/href"),
                            r"(?i)" + word, r"(?i)(link|URL|href|scheme)")])

    # An address written as it is on paper: the link it stands for.
    for nm, href, meant in (("web_address_without_scheme", "www.example.com/page", "https://www.example.com/page"),
                            ("phone_number_as_printed", "0123 456 789", "tel:0123456789"),
                            ("phone_number_with_dashes", "+44 20-7946-0958", "tel:+442079460958"),
                            ("mail_address_without_scheme", "info@example.org", "mailto:info@example.org")):
        t = article(lambda a, href=href: a["blocks"][1]["text"][1].update(href=href))
        render("link_" + nm, t,
               [on_one_line(at("article.json", line_of(t, '"href"')), ptr("/blocks/1/text/1/href"),
                            r"must start with", r'did you mean "%s"\?' % re.escape(meant))])
    # A file's name is not taken for a web address.
    t = article(lambda a: a["blocks"][1]["text"][1].update(href="leaflet.pdf"))
    render("link_file_name", t,
           [on_one_line(at("article.json", line_of(t, '"href"')), ptr("/blocks/1/text/1/href"),
                        r"must start with http://, https://, mailto: or tel: \(at ")])

    # Text that must print something (an empty title fails PDF/UA: the document has no title).
    for nm, title in (("empty", ""), ("spaces", "   "), ("invisible", "\u200b\u202e")):
        t = article(lambda a, title=title: a.update(title=title))
        render("title_blank_" + nm, t,
               [on_one_line(at("article.json", line_of(t, '"title"')), ptr("/title"), r"(?i)(empty|only spaces)",
                            r"(?i)needs a title")])
    t = article(lambda a: a["blocks"][0].update(text=" "))
    render("heading_blank", t,
           [on_one_line(at("article.json", line_of(t, '"level"') + 1), ptr("/blocks/0/text"), r"(?i)heading needs text")])
    t = article(lambda a: a["blocks"][4]["items"][0].update(question=[""]))
    render("faq_question_blank", t,
           [on_one_line(F("article.json"), ptr("/blocks/4/items/0/question"), r"(?i)question needs text")])

    # Default-ignorable characters no font has (a variation selector after "©" pasted from a
    # phone) are invisible, not missing.
    render("variation_selector_accepted",
           article(lambda a: a["blocks"][1].update(text="Clinic \u00a9\ufe0f 2026, \u2122\ufe0e, a\U000e0100b")), [], rc=0)

    # Text an author left empty: a gap in the handout, so a warning at its pointer (the PDF
    # is still made); a link with no text to click is lost, so an error.
    for nm, mutate, pointer, words in (
            ("paragraph_empty_warns", lambda a: a["blocks"][1].update(text=""), "/blocks/1/text",
             r"(?i)empty.*paragraph would be an empty gap"),
            ("paragraph_spans_blank_warns", lambda a: a["blocks"][1].update(text=[" ", {"text": "\u200b", "em": True}]),
             "/blocks/1/text", r"(?i)only spaces or invisible.*empty gap"),
            ("list_item_empty_warns", lambda a: a["blocks"][2].update(items=["one", "  "]), "/blocks/2/items/1",
             r"(?i)list item would be a bullet with no text"),
            ("list_item_object_empty_warns", lambda a: a["blocks"][2].update(items=["one", {"text": ""}]),
             "/blocks/2/items/1/text", r"(?i)list item would be a bullet with no text"),
            ("callout_text_empty_warns", lambda a: a["blocks"][5].update(text=""), "/blocks/5/text",
             r"(?i)callout would be an empty box"),
            ("callout_title_blank_warns", lambda a: a["blocks"][5].update(title=" "), "/blocks/5/title",
             r"(?i)callout's title would be an empty line"),
            ("faq_answer_empty_warns", lambda a: a["blocks"][4]["items"][0].update(answer=""),
             "/blocks/4/items/0/answer", r"(?i)question would have no answer")):
        t = article(mutate)
        render(nm, t, [on_one_line(F("article.json"), ptr(pointer), words)], rc=0,
               extra_check=lambda ctx, so, se: None if re.search(r"(?m)^\S*article\.json:\d+:\d+: warning: ", se)
               else "no located warning")
    for nm, text in (("empty", ""), ("blank", " \u200b")):
        t = article(lambda a, text=text: a["blocks"][1]["text"].__setitem__(
            1, {"text": text, "href": "https://example.org/info"}))
        render("link_text_" + nm, t,
               [on_one_line(at("article.json", line_of(t, '"https://example.org/info"') - 1), ptr("/blocks/1/text/1/text"),
                            r"(?i)link's text is (empty|only spaces)", r"(?i)nobody could see or click")])

    t = article(lambda a: a["blocks"][1]["text"][1].update(href="https://example.org/patient info"))
    render("link_with_space", t,
           [on_one_line(at("article.json", line_of(t, '"href"')), ptr("/blocks/1/text/1/href"), r"(?i)contains a space")])

    def uri_in_pdf(expected):
        def check(ctx, so, se):
            qpdf = shutil.which("qpdf")
            if not qpdf:
                return None
            r = subprocess.run([qpdf, "--qdf", "--object-streams=disable", os.path.join(ctx["D"], "out", "out.pdf"), "-"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            return None if expected.encode() in r.stdout else "no %s in the PDF" % expected
        return check
    render("link_non_ascii_percent_encoded",
           article(lambda a: a["blocks"][1]["text"][1].update(href="https://example.org/caf\u00e9")), [], rc=0,
           extra_check=uri_in_pdf("/URI (https://example.org/caf%C3%A9)"))

    # ---- limits ----------------------------------------------------------------------
    def nested_title(depth):
        return lambda ctx: article(lambda a: a.update(title="\uFFFF")).replace(
            '"\uFFFF"', "[" * depth + '"deep"' + "]" * depth).encode("utf-8")

    render("depth_over_max_depth_option", nested_title(20),
           [on_one_line(F("article.json"), r"(?i)(nest|deep|depth)", r"\b10\b")], extra=["--max-depth", "10"])

    def nested_meta(depth):
        return lambda ctx: article(lambda a: a["meta"].update(x="\uFFFF")).replace(
            '"\uFFFF"', '{"x": ' * depth + "1" + "}" * depth).encode("utf-8")

    render("depth_over_default_64", nested_meta(70),
           [on_one_line(F("article.json"), r"(?i)(nest|deep|depth)", r"\b64\b")])

    render("depth_100000_arrays", nested_title(100000),
           [on_one_line(F("article.json"), r"(?i)(nest|deep|depth)", r"\b64\b")])

    render("depth_100000_objects", nested_meta(100000),
           [on_one_line(F("article.json"), r"(?i)(nest|deep|depth)", r"\b64\b")])

    def big_paragraph(nbytes):
        def gen(ctx):
            word = "lorem ipsum dolor sit amet "
            body = (word * (nbytes // len(word) + 1))[:nbytes]
            return article(lambda a: a["blocks"][1].update(text="\uFFFF")).replace("\uFFFF", body).encode("utf-8")
        return gen

    render("input_30mb_over_2mib_limit", big_paragraph(30 * 1024 * 1024),
           [on_one_line(F("article.json"), r"(?i)(limit|larger than|too (big|large)|exceeds|over)",
                        r"(?i)(2 MiB|2097152|--max-input-bytes)")], timeout=30)

    render("input_just_over_2mib_limit", big_paragraph(2 * 1024 * 1024),
           [on_one_line(F("article.json"), r"(?i)(limit|larger than|too (big|large)|exceeds|over)",
                        r"(?i)(2 MiB|2097152|--max-input-bytes)")], timeout=30)

    render("input_30mb_with_raised_input_limit", big_paragraph(30 * 1024 * 1024),
           [on_one_line(at("article.json", 16), ptr("/blocks/1/text"), r"\b100 ?000\b", r"(?i)(characters|chars)")],
           extra=["--max-input-bytes", str(64 * 1024 * 1024)], timeout=30)

    render("text_200kb_accepted_with_max_text_option", big_paragraph(200 * 1000), [], rc=0,
           extra=["--max-text", "300000"])

    render("input_over_max_input_bytes_option", good,
           [on_one_line(F("article.json"), r"(?i)(limit|larger than|too (big|large)|exceeds|over)",
                        r"(?i)(\b200\b|--max-input-bytes)")], extra=["--max-input-bytes", "200"])

    render("text_200kb_over_max_text", big_paragraph(200 * 1000),
           [on_one_line(F("article.json"), ptr("/blocks/1/text"), r"\b100 ?000\b", r"(?i)(characters|chars)")])

    render("text_over_max_text_option", good,
           [on_one_line(F("article.json"), ptr("/blocks/5/text"), r"\b5\b", r"(?i)(characters|chars)")],
           extra=["--max-text", "5"])

    C.append(Case("max_pages_exceeded",
                  ["{H}", "render", en_src, "-l", lay_a4, "-o", "{D}/out/out.pdf", "--max-pages", "1"], 2,
                  [on_one_line(F("en.json"), r"\bpages\b", r"(?i)(--max-pages|limit of 1\b)")]))

    # ---- characters no font covers ---------------------------------------------------
    for cp, cname in ((0x10300, "OLD ITALIC LETTER A"), (0x1F600, "GRINNING FACE")):
        t = article(lambda a, cp=cp: a["blocks"][1].update(text=["Some text ", "then " + chr(cp) + " here"]))
        render("uncovered_char_U+%X" % cp, t,
               [on_one_line(F("article.json"), r"U\+%X\b" % cp, Q(cname), r"/blocks/1/text(/1)?(?![\w/~])",
                            r"(?i)tried")])

    # ---- files that are not there ----------------------------------------------------
    C.append(Case("article_is_directory", ["{H}", "render", "{D}/adir", "-l", lay_a4, "-o", "{D}/out/out.pdf"], 2,
                  [on_one_line(F("adir"), r"(?i)directory")], prepare=lambda ctx: os.mkdir(ctx["D"] + "/adir")))
    C.append(Case("article_missing", ["{H}", "render", "{D}/nope.json", "-l", lay_a4, "-o", "{D}/out/out.pdf"], 2,
                  [on_one_line(F("nope.json"), r"(?i)(not found|no such file|does not exist|cannot open)")]))
    C.append(Case("layout_missing",
                  ["{H}", "render", "{D}/article.json", "-l", "{D}/nolayout.json", "-o", "{D}/out/out.pdf"], 2,
                  [on_one_line(F("nolayout.json"), r"(?i)(not found|no such file|does not exist|cannot open)")],
                  files={"article.json": good}))
    C.append(Case("layout_is_directory",
                  ["{H}", "render", "{D}/article.json", "-l", "{D}", "-o", "{D}/out/out.pdf"], 2,
                  [on_one_line(F("layout_is_directory"), r"(?i)directory")], files={"article.json": good}))
    validate("validate_missing_file", ["{D}/gone.json"],
             [on_one_line(F("gone.json"), r"(?i)(not found|no such file|does not exist|cannot open)")])

    # ---- layouts ---------------------------------------------------------------------
    def layout_case(name, mutate, stderr, rc=2, extra=(), cmd="render", prepare=None, files=None, text=good,
                    extra_check=None):
        """A layout written to <work>/proj/layouts/<name>.json (fonts in <work>/proj/fonts)."""
        def gen(ctx):
            return dump(mutated(layout_obj(ctx["SRC"]), mutate))
        lay_path = "{P}/layouts/" + name + ".json"
        if cmd == "render":
            argv = ["{H}", "render", "{D}/article.json", "-l", lay_path, "-o", "{D}/out/out.pdf"] + list(extra)
            out_dir, outputs = "out", (["out.pdf"] if rc == 0 else [])
        else:
            argv = ["{H}", "validate"] + list(extra) + [lay_path]
            out_dir, outputs = None, []
        C.append(Case(name, argv, rc, stderr, files=dict({"article.json": text, lay_path: gen}, **(files or {})),
                      outputs=outputs, out_dir=out_dir, prepare=prepare, extra_check=extra_check))

    layout_case("layout_generated_control", None, [], rc=0)
    layout_case("layout_validate_control", None, [], rc=0, cmd="validate")

    def set_in(path, value):
        def m(lay):
            d = lay
            for k in path[:-1]:
                d = d.setdefault(k, {})
            d[path[-1]] = value
        return m

    # A6 (105 x 148 mm), a clinic's pocket leaflet or an A6 booklet on A5 sheets, is a size the
    # layout may name (it was refused, with "did you mean A4?").
    layout_case("layout_page_size_a6", set_in(["page", "size"], "a6"), [], rc=0,
                extra_check=lambda ctx, so, se: None if re.search(
                    r"Page size:\s+297\.6\d* x 419\.5", subprocess.run(
                        ["pdfinfo", os.path.join(ctx["D"], "out", "out.pdf")], capture_output=True, text=True).stdout)
                else "out.pdf is not 105 x 148 mm (297.64 x 419.53 pt)")
    layout_case("layout_page_size_A44", set_in(["page", "size"], "A44"),
                [on_one_line(LayoutAt('"A44"'), ptr("/page/size"), Q('"A44"'), r'did you mean "A4"')])
    layout_case("layout_page_size_A44_validate", set_in(["page", "size"], "A44"),
                [on_one_line(LayoutAt('"A44"'), ptr("/page/size"), r'did you mean "A4"')], cmd="validate")

    # Brochures and print output.
    def trifold(**panels):
        def m(lay):
            lay["page"]["orientation"] = "landscape"
            lay["page"]["margins"] = {"top": "10mm", "bottom": "10mm", "start": "8mm", "end": "8mm"}
            lay["panels"] = dict({"fold": "tri-fold"}, **panels)
        return m
    layout_case("layout_trifold_control", trifold(), [], rc=0)
    layout_case("layout_trifold_widths_sum", trifold(widths=["90mm", "100mm", "100mm"]),
                [on_one_line(LayoutAt('"widths"'), ptr("/panels/widths"), r"add up to 290 mm",
                             r"297 mm wide")])
    # A title too long for the cover was refused at the layout's list of panel items
    # (/panels/cover), which the author did not write and cannot shorten.
    long_title = article(lambda a: a.update(title=" ".join(["Understanding"] * 60)))
    layout_case("trifold_title_too_long", trifold(), [
        on_one_line(at("article.json", line_of(long_title, '"title"')), ptr("/title"),
                    r"the article's title is \d+ pt tall on the brochure's cover, which has room for \d+ pt")],
                text=long_title)
    layout_case("layout_trifold_item_misspelt", trifold(cover=["titel"]),
                [on_one_line(LayoutAt('"titel"'), ptr("/panels/cover/0"), r'did you mean "title"')],
                cmd="validate")
    layout_case("layout_trifold_item_unknown", trifold(back=["contact", "qrcode"]),
                [on_one_line(LayoutAt('"qrcode"'), ptr("/panels/back/1"), r"not a panel item.*\bqr\b.*\bbrand\b")])
    # Panels that list the title nowhere printed a brochure without it (exit 0), its first
    # tagged heading an H2; the back may show it instead of the cover.
    layout_case("layout_trifold_no_title", trifold(cover=["subtitle", "reviewed"], back=["contact", "qr"]),
                [on_one_line(LayoutAt('"cover"'), ptr("/panels/cover"), r"(?i)no title", Q('"title"'))])
    layout_case("layout_trifold_title_on_back", trifold(cover=["subtitle"], back=["title", "contact"]), [], rc=0)
    layout_case("layout_trifold_logo_missing", trifold(cover=["logo", "title"]),
                [on_one_line(ptr("/panels"), r'"logo"', r"(?i)no .*image")])
    # A QR code the layout draws under 10 mm (a footer's 3 mm, a panel's 5 mm) was drawn with
    # exit 0, too small for a phone to read; the qr block's own lower bound is 10 mm.
    layout_case("layout_footer_qr_too_small", set_in(["footer", "qr"], "3mm"),
                [on_one_line(LayoutAt('"qr"'), ptr("/footer/qr"), r"3\.00 mm", r"(?i)cannot be scanned",
                             Q('"10mm"'))], cmd="validate")
    layout_case("layout_trifold_qr_size_too_small", trifold(qr_size="5mm"),
                [on_one_line(LayoutAt('"qr_size"'), ptr("/panels/qr_size"), r"5\.00 mm", r"(?i)cannot be scanned")])
    layout_case("layout_imposition_unknown", set_in(["imposition"], "perfect-bound"),
                [on_one_line(LayoutAt('"perfect-bound"'), ptr("/imposition"), r"saddle-stitch")])
    # Lengths each within its bound that together leave no room for text (tests/data/
    # layouts-heldout): a list indent, a callout's padding, a table's cell padding in a
    # narrow column, two parallel columns on a small page; validate and render refuse them.
    def columns4(lay):
        lay["page"]["columns"] = 4  # A4 with 20 mm margins, 8 mm gaps: 36.5 mm columns
    def both(*ms):
        def m(lay):
            for f in ms:
                f(lay)
        return m
    for cmd in ("render", "validate"):
        layout_case("layout_room_list_indent_" + cmd, both(columns4, set_in(["list", "indent"], 144)),
                    [on_one_line(LayoutAt('"indent": 144'), ptr("/list/indent"), r"list indent",
                                 r"leaves 0\.0 mm", r"36\.5 mm column", r"smaller indent")], cmd=cmd)
        layout_case("layout_room_callout_padding_" + cmd, both(columns4, set_in(["callout", "padding"], 72)),
                    [on_one_line(LayoutAt('"padding": 72'), ptr("/callout/padding"), r"callout's bar",
                                 r"36\.5 mm column", r"smaller padding")], cmd=cmd)
        layout_case("layout_room_table_padding_" + cmd, both(columns4, set_in(["table", "cell_padding"], 40)),
                    [on_one_line(LayoutAt('"cell_padding": 40'), ptr("/table/cell_padding"),
                                 r"six times its size \(9\.5 pt\)", r"smaller cell_padding")], cmd=cmd)
        # Text narrower than its words: 20 pt body text (its lists and callouts set smaller) and
        # a 30 pt title in a 36.5 mm column broke nearly every word between letters, with
        # warnings only ("What to Ex|pect Dur|ing a Stem Cell The|rapy").
        small_boxes = both(set_in(["styles", "list"], {"size": 9}), set_in(["styles", "callout"], {"size": 9}),
                           set_in(["styles", "faq_answer"], {"size": 9}))
        layout_case("layout_room_body_size_" + cmd, both(columns4, small_boxes, set_in(["styles", "body", "size"], 20)),
                    [on_one_line(LayoutAt('"size": 20'), ptr("/styles/body/size"), r"body",
                                 r"six times its size \(20 pt\)", r"36\.5 mm column")], cmd=cmd)
        layout_case("layout_room_title_size_" + cmd, both(columns4, set_in(["styles", "title"], {"size": 30})),
                    [on_one_line(LayoutAt('"size": 30'), ptr("/styles/title/size"), r"title",
                                 r"four times its size \(30 pt\)", r"36\.5 mm column")], cmd=cmd)
        layout_case("layout_room_sizes_control_" + cmd,
                    both(columns4, small_boxes, set_in(["styles", "body", "size"], 16),
                         set_in(["styles", "title"], {"size": 25})), [], rc=0, cmd=cmd)
    def parallel_a6(lay):
        lay["page"] = {"size": {"width": "105mm", "height": "148mm"},
                       "margins": {"top": "10mm", "bottom": "10mm", "start": "7mm", "end": "7mm"}}
        lay["bilingual"] = {"mode": "parallel", "gap": 144}
    layout_case("layout_room_parallel_gap", parallel_a6,
                [on_one_line(LayoutAt('"gap": 144'), ptr("/bilingual/gap"), r"two language columns",
                             r"20\.1 mm wide", r"less than one inch")], cmd="validate")
    # The parallel form is one column a language: "columns" was left unread, and a layout
    # copied from bilingual-parallel.json with "columns": 2 printed one column a language
    # without a word. The sequential form keeps the page's columns.
    def parallel_columns(mode):
        def m(lay):
            lay["page"]["columns"] = 2
            lay["bilingual"] = {"mode": mode}
        return m
    layout_case("layout_parallel_columns", parallel_columns("parallel"),
                [on_one_line(LayoutAt('"columns": 2'), ptr("/page/columns"), r"parallel form",
                             r'remove "columns"', r'"sequential"')], cmd="validate")
    layout_case("layout_sequential_columns", parallel_columns("sequential"), [], rc=0, cmd="validate")
    layout_case("layout_room_control", both(columns4, set_in(["list", "indent"], 40),
                                            set_in(["callout", "padding"], 15), set_in(["table", "cell_padding"], 20)),
                [], rc=0, cmd="validate")
    # The layout's own texts are drawn with its fonts: validate of the layout alone refuses a
    # character none has, where render refused every article (a bullet: every one with a list);
    # in a text for one language, it warns (only articles in that language are refused).
    # (Emoji: handout's own symbol fonts have "▸", "✓" and "☎", but no emoji.)
    layout_case("layout_bullet_not_in_fonts_validate", set_in(["list", "bullet"], "\U0001f539"),
                [on_one_line(LayoutAt('"bullet"'), ptr("/list/bullet"), r"U\+1F539", r"not in any font")],
                cmd="validate")
    layout_case("layout_footer_char_not_in_fonts_validate",
                set_in(["footer", "center"], {"en": "Page {page} \U0001f60a", "ar": "\u0635\u0641\u062d\u0629 {page} \U0001f4de"}),
                [on_one_line(LayoutAt("\U0001f60a"), ptr("/footer/center/en"), r"U\+1F60A", r"not in any font",
                             r'an article in "en" would be refused'),
                 on_one_line(LayoutAt("\U0001f4de"), ptr("/footer/center/ar"), r"U\+1F4DE",
                             r'an article in "ar" would be refused')],
                rc=0, cmd="validate")
    layout_case("layout_contact_char_not_in_fonts_validate", set_in(["contact"], {"text": "Call \U0001f4de 0123"}),
                [on_one_line(LayoutAt("\U0001f4de"), ptr("/contact/text"), r"U\+1F4DE", r"not in any font")],
                cmd="validate")
    # What no font of the layout has but handout's own symbol fonts do (Noto Sans Math, Noto
    # Sans Symbols2) is set in them, with nothing to report: it was refused.
    layout_case("layout_symbols_in_handouts_fonts_validate",
                both(set_in(["list", "bullet"], "\u25b8"),
                     set_in(["footer", "center"], {"en": "Page {page} \u2713 \u2265", "ar": "\u0635\u0641\u062d\u0629 {page} \u260e"}),
                     set_in(["contact"], {"text": "Call \u260e 0123 \u2192 \u2610"})),
                [], rc=0, cmd="validate")
    # Text 1 mm (or 0 mm) from the paper's edge: a printer cannot print there and a print
    # shop's trimmer cuts into it (3 mm of safety inside the trim); it was printed silently.
    for cmd in ("render", "validate"):
        layout_case("layout_margin_at_edge_" + cmd,
                    both(set_in(["page", "margins", "start"], "1mm"), set_in(["page", "margins", "bottom"], 0),
                         lambda lay: lay.pop("footer")),
                    [on_one_line(LayoutAt('"start": "1mm"'), ptr("/page/margins/start"), r"1\.0 mm", r"(?i)edge",
                                 r"3 mm"),
                     on_one_line(LayoutAt('"bottom": 0'), ptr("/page/margins/bottom"), r"0\.0 mm")],
                    rc=0, cmd=cmd)
    layout_case("layout_margin_at_edge_strict",
                set_in(["page", "margins", "end"], "2mm"),
                [on_one_line(LayoutAt('"end": "2mm"'), ptr("/page/margins/end"), r"2\.0 mm")], extra=["--strict"])
    layout_case("layout_bleed_too_large", set_in(["bleed"], "40mm"),
                [on_one_line(LayoutAt('"40mm"'), ptr("/bleed"), r"(?i)out of range")])

    def style_role(lay):
        lay["styles"]["bdy"] = lay["styles"].pop("body")
    layout_case("layout_unknown_style_role", style_role,
                [on_one_line(LayoutAt('"bdy"'), ptr("/styles/bdy"), r'"bdy"', r'did you mean "body"')])

    def table_role(lay):
        lay["styles"]["tabel_header"] = {"size": 9}
    layout_case("layout_unknown_style_role_table", table_role,
                [on_one_line(LayoutAt('"tabel_header"'), ptr("/styles/tabel_header"), r'"tabel_header"',
                             r'did you mean "table_header"')], cmd="validate")

    def chain_typo(lay):
        lay["fonts"]["scripts"]["latin"] = ["Noto San", "Noto Naskh Arabic"]
    layout_case("layout_font_family_misspelt", chain_typo,
                [on_one_line(LayoutAt('"Noto San"'), ptr("/fonts/scripts/latin/0"), Q('"Noto San"'),
                             r'did you mean "Noto Sans"')])

    escape = "../" * 40 + "etc/passwd"
    layout_case("layout_font_path_escapes", set_in(["fonts", "families", "Noto Sans", "regular"], escape),
                [on_one_line(LayoutAt('"regular": "../'), ptr("/fonts/families/Noto Sans/regular"),
                             Q("/etc/passwd"), r"(?i)outside the project's folders", Q("--allow-path"))])
    layout_case("layout_font_path_allowed_but_not_a_font",
                set_in(["fonts", "families", "Noto Sans", "regular"], escape),
                [on_one_line(LayoutAt('etc/passwd"'), r"/fonts/families/Noto Sans/regular(?![\w/~])",
                             Q("/etc/passwd"), r"(?i)(not a (usable |valid |TrueType |OpenType )?font|"
                                               r"font.*(invalid|unreadable|could not|cannot))")],
                extra=["--allow-path", "/etc"])

    # A folder in a font file's place was "not found".
    layout_case("layout_font_path_is_a_folder", set_in(["fonts", "families", "Noto Sans", "regular"], "."),
                [on_one_line(LayoutAt('"regular": "."'), ptr("/fonts/families/Noto Sans/regular"),
                             r"(?i)is a folder, not a font file")])

    layout_case("layout_fonts_dir_outside_refused", set_in(["fonts", "dir"], "../../extfonts"),
                [on_one_line(LayoutAt('"regular": "NotoSans-Regular.ttf"'), ptr("/fonts/families/Noto Sans/regular"),
                             r"(?i)outside the project's folders", Q("--allow-path"))])
    layout_case("layout_fonts_dir_outside_allowed", set_in(["fonts", "dir"], "../../extfonts"), [], rc=0,
                extra=["--allow-path", "{W}/extfonts"])

    def link_to_passwd(name):
        def prep(ctx):
            link = os.path.join(ctx["P"], "fonts", name)
            if os.path.lexists(link):
                os.remove(link)
            os.symlink("/etc/passwd", link)
        return prep
    layout_case("layout_font_symlink_escapes", set_in(["fonts", "families", "Noto Sans", "bold"], "linked-bold.ttf"),
                [on_one_line(LayoutAt('"linked-bold.ttf"'), ptr("/fonts/families/Noto Sans/bold"),
                             Q("/etc/passwd"), r"(?i)outside the project's folders")],
                prepare=link_to_passwd("linked-bold.ttf"))

    layout_case("layout_font_file_missing", set_in(["fonts", "families", "Noto Sans", "bold"], "NotoSans-Bolt.ttf"),
                [on_one_line(LayoutAt('"NotoSans-Bolt.ttf"'), ptr("/fonts/families/Noto Sans/bold"),
                             Q("NotoSans-Bolt.ttf"), r"(?i)not found")])

    for nm, val, words in (("negative", "-5mm", r"(?i)(negative|must not be|at least|>= ?0|out of range \(0 to)"),
                           ("negative_number", -5, r"(?i)(negative|must not be|at least|>= ?0|out of range \(0 to)"),
                           ("nan", "NaN", r"(?i)(not a length|unit|number|invalid|expected)"),
                           ("px_unit", "12px", r"(?i)(unit|px)"),
                           ("huge", "1e308mm", r"(?i)(at most|too (large|big)|limit|maximum|2000)")):
        layout_case("layout_length_" + nm, set_in(["page", "margins", "top"], val),
                    [on_one_line(LayoutAt('"top"'), ptr("/page/margins/top"), words)])

    layout_case("layout_margins_leave_no_room",
                set_in(["page", "margins"], {"top": "20mm", "bottom": "20mm", "start": "110mm", "end": "95mm"}),
                [on_one_line(LayoutAt(None), ptr("/page") + "|" + ptr("/page/margins"), r"(?i)margin",
                             r"(?i)(room|too (wide|narrow|large)|width|inch)")])

    # A running header or footer taller than its margin was drawn off the paper with exit 0:
    # a 25 mm footer QR code in a 10 mm margin cut at the page's edge (unscannable), the
    # header and page numbers of 4 mm margins above and below the page.
    with_url = article(lambda a: a["meta"].__setitem__("url", "https://example.org/handouts/test"))
    def footer_qr(lay):
        lay["page"]["margins"]["bottom"] = "10mm"
        lay["footer"]["qr"] = "25mm"
    layout_case("layout_footer_qr_taller_than_margin", footer_qr,
                [on_one_line(LayoutAt('"qr"'), ptr("/footer/qr"), r"(?i)footer", r"(?i)off the page",
                             r"28\.6 mm")], text=with_url)
    def small_margins(lay):
        lay["page"]["margins"].update({"top": "4mm", "bottom": "4mm"})
        lay["header"]["on_first_page"] = True
    layout_case("layout_header_taller_than_margin", small_margins,
                [on_one_line(LayoutAt('"top"'), ptr("/page/margins/top"), r"(?i)header", r"(?i)off the page"),
                 on_one_line(LayoutAt('"bottom"'), ptr("/page/margins/bottom"), r"(?i)footer", r"(?i)off the page")])
    # With no header on the first page, a one-page handout has none to place.
    layout_case("layout_header_taller_than_margin_not_shown",
                set_in(["page", "margins", "top"], "4mm"), [], rc=0)
    # Validating the layout alone finds them too (it lays out probe articles with a link and
    # pages enough for a header): it said nothing, and every render of a long or linked
    # article failed.
    layout_case("layout_footer_qr_taller_than_margin_validate", footer_qr,
                [on_one_line(LayoutAt('"qr"'), ptr("/footer/qr"), r"(?i)footer", r"(?i)off the page",
                             r"28\.6 mm")], cmd="validate")
    layout_case("layout_header_taller_than_margin_validate", set_in(["page", "margins", "top"], "4mm"),
                [on_one_line(LayoutAt('"top"'), ptr("/page/margins/top"), r"(?i)header", r"(?i)off the page")],
                cmd="validate")

    layout_case("layout_logo_escapes", set_in(["header", "logo"], "../" * 40 + "etc/logo.png"),
                [on_one_line(LayoutAt('"logo"'), ptr("/header/logo"), r"(?i)outside the project's folders",
                             Q("--allow-path"))])

    # A running line's QR code (and logo) that leave its texts less than an inch: they were cut
    # to "P…" or left out without a word, and under 36 pt ran into the QR code.
    def crowded_header(lay):
        lay["page"]["size"] = "A6"
        lay["page"]["margins"]["top"] = "70mm"
        lay["header"]["qr"] = "50mm"
        lay["header"]["on_first_page"] = True
    layout_case("layout_header_qr_crowds_text", crowded_header,
                [on_one_line(LayoutAt('"qr"'), ptr("/header/qr"), r"QR code \(50\.0 mm\) take 52\.1 mm of its 65\.0 mm line",
                             r"cut to a letter or left out")])
    layout_case("layout_header_qr_crowds_text_validate", crowded_header,
                [on_one_line(LayoutAt('"qr"'), ptr("/header/qr"), r"less than the 25\.4 mm its texts need")],
                cmd="validate")
    layout_case("layout_logo_missing", set_in(["header", "logo"], "no-such-logo.png"),
                [on_one_line(LayoutAt('"logo"'), ptr("/header/logo"), Q("no-such-logo.png"), r"(?i)not found")])

    layout_case("layout_unknown_top_key", lambda lay: NewRoot(rename(lay, "styles", "style")),
                [on_one_line(LayoutAt('"style"'), ptr("/style"), r'unknown key "style"', r'did you mean "styles"')])

    layout_case("layout_bad_color", set_in(["styles", "body", "color"], "#12345"),
                [on_one_line(LayoutAt('"#12345"'), ptr("/styles/body/color"), r"(?i)colou?r|#rrggbb")])

    # Characters no font has in the layout's own texts are reported in the layout, not the article.
    def header_text(lay):
        lay["header"]["start"] = "Clinic \u4e2d"
        lay["header"]["on_first_page"] = True
    layout_case("layout_header_char_no_font", header_text,
                [on_one_line(LayoutAt('"Clinic'), ptr("/header/start"), r"U\+4E2D")])
    layout_case("layout_bullet_char_no_font", set_in(["list", "bullet"], "\U0001F600"),
                [on_one_line(LayoutAt('"bullet"'), ptr("/list/bullet"), r"U\+1F600")])
    layout_case("layout_contact_char_no_font", set_in(["contact"], {"text": "Call \u05e2"}),
                [on_one_line(LayoutAt('"text"'), ptr("/contact/text"), r"U\+05E2")])

    # A brand's texts filled into the layout's ({clinic.name}) are reported in the brand file,
    # the article's title filled into a header in the article only, a tri-fold's panel texts
    # in the layout.
    def brand_json(**kw):
        return dump(dict({"name": "Riverside Clinic", "address": "12 Mill Lane", "phone": "+44 20 7946 0321"}, **kw))

    def not_in(*words):
        def check(ctx, so, se):
            bad = [w for w in words if w in se]
            return "stderr names %s" % bad if bad else None
        return check

    def slot(part, key, value):
        def m(lay):
            lay.setdefault(part, {})[key] = value
            lay[part]["on_first_page"] = True
        return m
    brand_arg = ["--brand", "{D}/brand.json"]
    b = brand_json(name="Clinic \u4e2d")
    layout_case("brand_name_char_no_font_header", slot("header", "start", "{clinic.name}"),
                [on_one_line(at("brand.json", line_of(b, '"name"')), ptr("/name"), r"U\+4E2D")],
                extra=brand_arg, files={"brand.json": b}, extra_check=not_in("/header"))
    b = brand_json(address={"en": "Road \u05e2", "ar": "\u0637\u0631\u064a\u0642"})
    layout_case("brand_address_char_no_font_footer", slot("footer", "center", "{clinic.address} {page}"),
                [on_one_line(at("brand.json", line_of(b, '"en": "Road')), ptr("/address/en"), r"U\+05E2")],
                extra=brand_arg, files={"brand.json": b}, extra_check=not_in("/footer"))
    b = brand_json(name="Clinic \u4e2d")
    layout_case("brand_name_char_no_font_contact", set_in(["contact"], {"text": "Call {clinic.name}"}),
                [on_one_line(at("brand.json", line_of(b, '"name"')), ptr("/name"), r"U\+4E2D")],
                extra=brand_arg, files={"brand.json": b}, extra_check=not_in("/contact"))
    layout_case("brand_name_char_no_font_trifold", trifold(cover=["title", "brand"]),
                [on_one_line(at("brand.json", line_of(b, '"name"')), ptr("/name"), r"U\+4E2D")],
                extra=brand_arg, files={"brand.json": b}, extra_check=not_in("/panels", "article.json"))

    # A layout that prints a clinic's details is warned about without a brand, at its first
    # {clinic.*}, and the pieces holding them are left out (it printed "· Phone · ·" around
    # nothing, silently); with a brand that lacks a detail (e-mail and website are optional) or
    # an article without meta.version, the " · " piece holding it is left out, not printed empty.

    def contact_text(expected, unexpected):
        def check(ctx, so, se):
            tool = shutil.which("pdftotext")
            if not tool:
                return "pdftotext is needed for this check"
            r = subprocess.run([tool, "-layout", os.path.join(ctx["D"], "out", "out.pdf"), "-"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            text = r.stdout.decode("utf-8", "replace")
            missing = [w for w in expected if w not in text]
            bad = [w for w in unexpected if re.search(w, text, re.M)]
            return "missing %s, found %s in:\n%s" % (missing, bad, text) if missing or bad else None
        return check
    contact = {"title": "Questions? {clinic.name}",
               "text": "{clinic.address} · Phone {clinic.phone} · {clinic.email} · {clinic.website} · Version {meta.version}"}
    def no_brand(lay):
        lay.setdefault("footer", {})["start"] = "{clinic.name} · {clinic.phone}"
        lay["footer"]["on_first_page"] = True
        lay["contact"] = contact
    layout_case("layout_clinic_without_brand", no_brand,
                [on_one_line(LayoutAt("{clinic.name}"), ptr("/footer/start"), Q("{clinic.name}"),
                             r"(?i)no brand", r"(?i)left out", Q("--brand"))], rc=0,
                extra_check=contact_text(["Version 1.0"], [r"·\s*·", r"·\s*$", r"^\s*·", r"Phone", r"Questions"]))
    b = brand_json()
    layout_case("brand_without_optional_details", set_in(["contact"], contact), [], rc=0,
                extra=brand_arg, files={"brand.json": b},
                extra_check=contact_text(["12 Mill Lane · Phone +44 20 7946 0321 · Version 1.0"],
                                         [r"·\s*·", r"·\s*$", r"Phone\s*·"]))
    # Other separators than " · " split pieces the same way; the separator in front of a
    # left-out piece goes with it.
    mixed = {"title": "Questions? {clinic.name}",
             "text": "{clinic.address} | Phone {clinic.phone} \u2013 {clinic.email} / {clinic.website} \u2022 Version {meta.version}"}
    layout_case("brand_without_optional_details_other_separators", set_in(["contact"], mixed), [], rc=0,
                extra=brand_arg, files={"brand.json": b},
                extra_check=contact_text(["12 Mill Lane | Phone +44 20 7946 0321 \u2022 Version 1.0"],
                                         [r"[|\u2013/\u2022]\s*[|\u2013/\u2022]", r"[|\u2013/\u2022]\s*$"]))
    layout_case("article_without_version_in_contact", set_in(["contact"], contact), [], rc=0,
                extra=brand_arg, files={"brand.json": b},
                text=article(lambda a: a["meta"].pop("version")),
                extra_check=contact_text(["12 Mill Lane · Phone +44 20 7946 0321"], [r"Version", r"·\s*$"]))
    t = article(lambda a: a.update(title="Test \u4e2d"))
    layout_case("title_in_header_reported_once", slot("header", "end", "{title}"),
                [on_one_line(at("article.json", line_of(t, '"title"')), ptr("/title"), r"U\+4E2D")],
                text=t, extra_check=not_in("/header"))
    layout_case("trifold_contact_char_no_font", trifold(contact="Call \u05e2"),
                [on_one_line(LayoutAt('"contact"'), ptr("/panels/contact"), r"U\+05E2")],
                extra_check=not_in("article.json"))
    layout_case("trifold_reviewed_char_no_font",
                trifold(back=["reviewed"], reviewed={"en": "Checked \u05e2 {meta.reviewed}", "ar": "{meta.reviewed}"}),
                [on_one_line(LayoutAt('"en": "Checked'), ptr("/panels/reviewed/en"), r"U\+05E2")],
                extra_check=not_in("article.json"))

    # A brand logo's alternative text is the brand's: empty, it is refused in the brand file at
    # /logo/alt; without the article's language, the render names the brand too (main named the
    # layout's /header/logo, a pointer a tri-fold layout does not even have, at its 1:1).
    def copy_logo(ctx):
        shutil.copy(os.path.join(ctx["SRC"], "brands", "al-noor-logo.png"), os.path.join(ctx["D"], "logo.png"))
    for nm, alt in (("empty", ""), ("empty_object", {}), ("empty_en", {"en": "", "ar": "\u0634\u0639\u0627\u0631"})):
        b = brand_json(logo={"src": "logo.png", "alt": alt})
        layout_case("brand_logo_alt_" + nm, None,
                    [on_one_line(at("brand.json", line_of(b, '"en": ""' if alt else '"alt"')),
                                 ptr("/logo/alt/en" if alt else "/logo/alt"),
                                 r"(?i)empty|at least one language")],
                    extra=brand_arg, files={"brand.json": b}, prepare=copy_logo, extra_check=not_in("/header"))
    # A logo far wider than tall is drawn at the header's logo_height: it ran over the header's
    # text and off the page; one far taller than wide was a hairline. Refused at /logo/src.
    for nm, size, words in (("wide", (4000, 10), r"wider than the 85\.0 mm it may take there"),
                            ("thin", (10, 4000), r"narrower than 3 mm")):
        b = brand_json(logo={"src": "logo.png", "alt": {"en": "Logo", "ar": "\u0634\u0639\u0627\u0631"}})
        layout_case("brand_logo_" + nm, None,
                    [on_one_line(at("brand.json", line_of(b, '"src"')), ptr("/logo/src"), words)],
                    extra=brand_arg, files={"brand.json": b, "logo.png": grey_png(*size)})
    # A brand's logo goes in the running header even of a layout that writes none; with a top
    # margin too small for it, the error named /header/logo_height, a key the layout does not
    # have, at its 1:1. It names the margin the layout wrote.
    def no_header_small_top(lay):
        lay.pop("header", None)
        lay["page"]["margins"]["top"] = "6mm"
    b = brand_json(logo={"src": "logo.png", "alt": {"en": "Logo", "ar": "\u0634\u0639\u0627\u0631"}})
    layout_case("brand_logo_header_taller_than_margin", no_header_small_top,
                [on_one_line(LayoutAt('"top"'), ptr("/page/margins/top"), r"(?i)header", r"(?i)logo",
                             r"(?i)off the page")],
                extra=brand_arg, files={"brand.json": b}, prepare=copy_logo, extra_check=not_in("logo_height"))
    # Text in a colour the paper or its box hardly differs from (a clinic's white or yellow
    # accent on headings, white text in a pale callout, dark header cells on a dark fill) was
    # printed, unreadable or invisible, without a word. Refused below WCAG's 3:1 floor, at the
    # colour written last: the brand's accent, a style's colour, the fill.
    for nm, accent in (("white", "#ffffff"), ("yellow", "#ffff00")):
        b = brand_json(colors={"accent": accent})
        layout_case("brand_accent_contrast_" + nm, None,
                    [on_one_line(at("brand.json", line_of(b, '"accent"')), ptr("/colors/accent"),
                                 r"contrast of 1\.[0-9]+:1", r"(?i)title", r"at least 3:1")],
                    extra=brand_arg, files={"brand.json": b})
    # On a tri-fold's cover band the accent is the band and the title is cover_ink (white).
    b = brand_json(colors={"accent": "#f0f0f0"})
    layout_case("brand_accent_contrast_cover_band", trifold(cover_fill="#1d4e89"),
                [on_one_line(at("brand.json", line_of(b, '"accent"')), ptr("/colors/accent"), r"(?i)cover",
                             r"at least 3:1")],
                extra=brand_arg, files={"brand.json": b})
    layout_case("layout_style_color_contrast", set_in(["styles", "h3", "color"], "#f4f4f4"),
                [on_one_line(LayoutAt('"#f4f4f4"'), ptr("/styles/h3/color"), r"(?i)h3", r"contrast of 1\.[0-9]+:1")])
    layout_case("layout_style_color_contrast_validate", set_in(["styles", "h3", "color"], "#f4f4f4"),
                [on_one_line(LayoutAt('"#f4f4f4"'), ptr("/styles/h3/color"), r"contrast of 1\.[0-9]+:1")],
                cmd="validate")
    layout_case("layout_callout_fill_contrast", set_in(["callout", "fill"], "#333333"),
                [on_one_line(LayoutAt('"#333333"'), ptr("/callout/fill"), r"(?i)callout", r"at least 3:1")])
    layout_case("layout_table_header_fill_contrast", set_in(["table", "header_fill"], "#202020"),
                [on_one_line(LayoutAt('"#202020"'), ptr("/table/header_fill"), r"(?i)table_header")])
    # Controls: white header text on a dark fill, and a dark callout with light text, are fine.
    layout_case("layout_contrast_control",
                both(set_in(["table", "header_fill"], "#202020"), set_in(["styles", "table_header", "color"], "#ffffff"),
                     set_in(["callout", "fill"], "#333333"), set_in(["styles", "callout", "color"], "#ffffff"),
                     set_in(["styles", "callout_title", "color"], "#ffffaa")), [], rc=0)
    # "inside" and "outside" are the sides of a page by its binding: refused beside "start" or
    # "end" (the same side on every other page); accepted on facing pages and on single-sided
    # ones (all rectos).
    facing = set_in(["page", "margins"], {"top": "20mm", "bottom": "20mm", "inside": "22mm", "outside": "16mm"})
    for cmd in ("render", "validate"):
        layout_case("layout_header_outside_beside_start_" + cmd, both(facing, set_in(["header", "outside"], "Qz {title}")),
                    [on_one_line(LayoutAt('"Qz {title}"'), ptr("/header/outside"), r'"outside" and "(start|end)"',
                                 r"not both")], cmd=cmd)
    layout_case("layout_footer_outside_single_sided", set_in(["footer"], {"outside": "Page {page} of {pages}"}), [],
                rc=0)
    layout_case("layout_footer_outside_control", both(facing, set_in(["footer"], {"outside": "Page {page} of {pages}",
                                                                                 "inside": "Qz"})), [], rc=0)
    # On a tri-fold's panel (no header there), the logo stands alone on its line.
    b = brand_json(logo={"src": "logo.png", "alt": {"en": "Logo", "ar": "\u0634\u0639\u0627\u0631"}})
    layout_case("brand_logo_wide_trifold", trifold(cover=["brand", "title"]),
                [on_one_line(at("brand.json", line_of(b, '"src"')), ptr("/logo/src"), r"panel's logo_height",
                             r"wider than the")],
                extra=brand_arg, files={"brand.json": b, "logo.png": grey_png(4000, 10)})
    b = brand_json(logo={"src": "logo.png", "alt": {"ar": "\u0634\u0639\u0627\u0631"}})
    for nm, mutate in (("a4", None), ("trifold", trifold())):
        layout_case("brand_logo_alt_no_lang_" + nm, mutate,
                    [on_one_line(at("brand.json", line_of(b, '"alt"')), ptr("/logo/alt"), r"(?i)brand's logo",
                                 r'alternative text for "en"')],
                    extra=brand_arg, files={"brand.json": b}, prepare=copy_logo,
                    extra_check=not_in("/header", '"logo_alt"'))

    # A font file cut short (a failed copy): HarfBuzz drops the tables past the end (the
    # letters, or GSUB with Arabic joining) without a word.
    def cut_font(name, keep_fraction):
        def prep(ctx):
            with open(os.path.join(ctx["SRC"], "fonts", "NotoSans-Regular.ttf"), "rb") as f:
                data = f.read()
            with open(os.path.join(ctx["P"], "fonts", name), "wb") as f:
                f.write(data[: int(len(data) * keep_fraction)])
        return prep
    for nm, frac in (("head", 0.01), ("tail", 0.998)):
        fname = "cut-%s.ttf" % nm
        layout_case("layout_font_cut_short_" + nm, set_in(["fonts", "families", "Noto Sans", "regular"], fname),
                    [on_one_line(LayoutAt('"%s"' % fname), ptr("/fonts/families/Noto Sans/regular"),
                                 r"(?i)cut short")], prepare=cut_font(fname, frac))

    # A French handout with a4.json: its footer ("Page {page} of {pages}") and header are
    # given in "en" and "ar" only, and were left off every page without a word.
    layout_case("layout_footer_not_in_article_language", None,
                [on_one_line(LayoutAt('"center": {'), ptr("/footer/center"), Q('"en"'), Q('"ar"'), Q('"fr"'),
                             r"left out of the handout"),
                 on_one_line(LayoutAt('"start": {'), ptr("/header/start"), Q('"fr"'), r"left out of the handout")],
                rc=0, text=article(lambda a: a.update(lang="fr", blocks=a["blocks"] + [
                    {"type": "paragraph", "text": "Bonjour tout le monde. " * 300}])))

    # An entry for the language, even an empty one, says the slot is left empty on purpose.
    layout_case("layout_footer_empty_for_article_language",
                both(set_in(["footer", "center"], {"en": "Page {page}", "fr": ""}),
                     set_in(["header", "start"], {"default": "Info"})), [], rc=0,
                text=article(lambda a: a.update(lang="fr")),
                extra_check=lambda ctx, so, se: "left out of the handout" in se and "a warning: " + se[:300] or None)

    # The same for a brochure's back panel (its contact text and review line) and an A4
    # handout's contact box.
    fr = article(lambda a: a.update(lang="fr"))
    layout_case("layout_panels_not_in_article_language",
                trifold(back=["contact", "reviewed"], contact={"en": "Call us.", "ar": "اتصل بنا."},
                        reviewed={"en": "Reviewed {meta.reviewed}"}),
                [on_one_line(LayoutAt('"contact": {'), ptr("/panels/contact"), Q('"fr"'), r"left out of the handout"),
                 on_one_line(LayoutAt('"reviewed": {'), ptr("/panels/reviewed"), Q('"en"'), Q('"fr"'),
                             r"left out of the handout")], rc=0, text=fr)
    layout_case("layout_contact_not_in_article_language",
                set_in(["contact"], {"text": {"en": "Call us.", "ar": "اتصل بنا."}}),
                [on_one_line(LayoutAt('"text": {'), ptr("/contact/text"), Q('"fr"'), r"left out of the handout")],
                rc=0, text=fr)

    # An Arabic font without OpenType joining (GSUB gone, as in fonts converted by old tools):
    # HarfBuzz's fallback printed "ماذا" as "مجاذا", or letters unjoined, without a word.
    def drop_gsub(name, source):
        def prep(ctx):
            with open(os.path.join(ctx["SRC"], "fonts", source), "rb") as f:
                data = f.read()
            n = struct.unpack(">H", data[4:6])[0]
            recs = [data[12 + 16 * i:28 + 16 * i] for i in range(n)]
            recs = [r for r in recs if r[:4] != b"GSUB"]
            head = data[:4] + struct.pack(">HHHH", len(recs), 0, 0, 0)
            body, out_recs, off = b"", [], 12 + 16 * len(recs)
            for r in recs:
                at_, length = struct.unpack(">II", r[8:16])
                table = data[at_:at_ + length]
                out_recs.append(r[:8] + struct.pack(">II", off + len(body), length))
                body += table + b"\0" * (-len(table) % 4)
            with open(os.path.join(ctx["P"], "fonts", name), "wb") as f:
                f.write(head + b"".join(out_recs) + body)
        return prep
    for key, source in (("regular", "NotoNaskhArabic-Regular.ttf"), ("bold", "NotoNaskhArabic-Bold.ttf")):
        fname = "no-gsub-%s.ttf" % key
        layout_case("layout_arabic_font_without_joining_" + key,
                    set_in(["fonts", "families", "Noto Naskh Arabic", key], fname),
                    [on_one_line(LayoutAt('"%s"' % fname), ptr("/fonts/families/Noto Naskh Arabic/" + key),
                                 r"no OpenType forms to join them", r"unjoined")],
                    prepare=drop_gsub(fname, source), text=article(base=BASE_ARTICLE_AR))

    # ---- output paths ----------------------------------------------------------------
    def out_case(name, out, stderr, prepare=None, out_dir="out", **kw):
        # Exit 3: the output could not be written (2 is for refused input).
        C.append(Case(name, ["{H}", "render", "{D}/article.json", "-l", lay_a4, "-o", out], 3, stderr,
                      files={"article.json": good}, prepare=prepare, out_dir=out_dir, **kw))

    out_case("output_under_proc", "/proc/handout-badinput-nonexistent/out.pdf",
             [on_one_line(F("/proc/handout-badinput-nonexistent"), r"(?i)(cannot|could not|unable to) write")],
             out_dir=None)
    out_case("output_under_sys", "/sys/handout-badinput.pdf",
             [on_one_line(F("handout-badinput.pdf"), r"(?i)(cannot|could not|unable to) write")], out_dir=None)
    out_case("output_parent_is_regular_file", "{D}/out/file.txt/out.pdf",
             [on_one_line(F("file.txt"), r"(?i)(cannot|could not|unable to) write",
                          r"(?i)(not a (directory|folder)|does not exist)")],
             prepare=lambda ctx: open(ctx["D"] + "/out/file.txt", "w").close(), allowed_extra=[r"^file\.txt$"])
    out_case("output_is_existing_directory", "{D}/out/out.pdf",
             [on_one_line(F("out.pdf"), r"(?i)(cannot|could not|unable to) write", r"(?i)directory")],
             prepare=lambda ctx: os.mkdir(ctx["D"] + "/out/out.pdf"), allowed_extra=[r"^out\.pdf$"],
             extra_check=lambda ctx, so, se: None if not os.listdir(ctx["D"] + "/out/out.pdf")
             else "something was written into the directory out.pdf")
    out_case("output_folder_missing", "{D}/out/no/such/folder/out.pdf",
             [on_one_line(F("out.pdf"), r"(?i)(cannot|could not|unable to) write", r"(?i)(does not exist|no such)")])
    # It said "does not exist", not what to do (the guides' commands write to out/, which a
    # new checkout has not).
    out_case("output_folder_missing_says_mkdir", "{D}/out/new folder/out.pdf",
             [on_one_line(F("out.pdf"), r"does not exist; make the folder first \(mkdir -p '[^']*/out/new folder'\)")])
    C.append(Case("output_full_disk_ulimit",
                  ["{H}", "render", en_src, "-l", lay_a4, "-o", "{D}/out/out.pdf"], 3,
                  [on_one_line(F("out.pdf"), r"(?i)(cannot|could not|unable to) write",
                               r"(?i)(file too large|no space|disk|quota)", r"nothing was written")],
                  wrap=lambda argv: ["bash", "-c", 'ulimit -f 16 && exec "$@"', "bash"] + argv))
    # Over an existing PDF: the old one stays, and the message says so.
    C.append(Case("output_full_disk_keeps_existing",
                  ["{H}", "render", en_src, "-l", lay_a4, "-o", "{D}/out/out.pdf"], 3,
                  [on_one_line(F("out.pdf"), r"(?i)(file too large|no space|disk|quota)", r"nothing was written",
                               r"existing file is kept as it was")],
                  files={"out/out.pdf": "%PDF-1.7 old\n%%EOF\n"}, allowed_extra=[r"^out\.pdf$"],
                  extra_check=lambda ctx, so, se: None if open(os.path.join(ctx["D"], "out", "out.pdf"), "rb").read()
                  == b"%PDF-1.7 old\n%%EOF\n" else "out.pdf was changed",
                  wrap=lambda argv: ["bash", "-c", 'ulimit -f 16 && exec "$@"', "bash"] + argv))
    C.append(Case("dump_full_disk_ulimit",
                  ["{H}", "render", en_src, "-l", lay_a4, "-o", "{D}/out/out.pdf", "--dump", "{D}/out/dump.txt"], 3,
                  [r"(?i)(cannot|could not|unable to) write", r"(?i)(file too large|no space|disk|quota)"],
                  wrap=lambda argv: ["bash", "-c", 'ulimit -f 4 && exec "$@"', "bash"] + argv))

    # An output name that is an existing file other than a PDF (a translation named by
    # mistake: "-o ar.json"), or a link to one, is not replaced.
    kept_text = article(base=BASE_ARTICLE_AR)

    def unchanged(path_parts):
        def check(ctx, so, se):
            with open(os.path.join(ctx["D"], *path_parts), "rb") as f:
                return None if f.read() == kept_text.encode("utf-8") else "%s was changed" % "/".join(path_parts)
        return check
    C.append(Case("output_is_existing_non_pdf",
                  ["{H}", "render", "{D}/article.json", "-l", lay_a4, "-o", "{D}/out/ar.json"], 3,
                  [on_one_line(F("ar.json"), r"(?i)cannot write", r"(?i)not a PDF", r"\b%d bytes\b" % len(kept_text.encode()))],
                  files={"article.json": good, "out/ar.json": kept_text}, allowed_extra=[r"^ar\.json$"],
                  extra_check=unchanged(["out", "ar.json"])))
    C.append(Case("output_links_to_non_pdf",
                  ["{H}", "render", "{D}/article.json", "-l", lay_a4, "-o", "{D}/out/out.pdf"], 3,
                  [on_one_line(F("out.pdf"), r"(?i)cannot write", r"(?i)links to", Q("notes.txt"), r"(?i)not a PDF")],
                  files={"article.json": good, "notes.txt": kept_text},
                  prepare=lambda ctx: os.symlink("../notes.txt", os.path.join(ctx["D"], "out", "out.pdf")),
                  allowed_extra=[r"^out\.pdf$"], extra_check=unchanged(["notes.txt"])))
    C.append(Case("output_replaces_empty_file",
                  ["{H}", "render", "{D}/article.json", "-l", lay_a4, "-o", "{D}/out/out.pdf"], 0, [],
                  files={"article.json": good, "out/out.pdf": ""}, outputs=["out.pdf"]))

    # ---- bilingual -------------------------------------------------------------------
    en, ar = article(), article(base=BASE_ARTICLE_AR)

    def bi(name, argv_articles, layout, rc, stderr, files):
        C.append(Case(name, ["{H}", "render"] + argv_articles + ["-l", layout, "-o", "{D}/out/out.pdf"], rc,
                      stderr, files=files, outputs=(["out.pdf"] if rc == 0 else [])))

    bi("bilingual_parallel_control", ["{D}/en.json", "{D}/ar.json"], lay_par, 0, [], {"en.json": en, "ar.json": ar})
    bi("bilingual_sequential_control", ["{D}/en.json", "{D}/ar.json"], lay_seq, 0, [], {"en.json": en, "ar.json": ar})

    def ar_mismatch(a):
        a["blocks"][2] = {"type": "paragraph", "text": "فقرة"}
    bi("bilingual_blocks_differ", ["{D}/en.json", "{D}/ar.json"], lay_par, 2,
       [on_one_line(at("en.json", line_of(en, '"list"')), r"/blocks/2(/type)?(?![\w/~])", r"(?i)list.*paragraph",
                    Q("ar.json"))],
       {"en.json": en, "ar.json": article(ar_mismatch, base=BASE_ARTICLE_AR)})

    def ar_table_shape(a):
        a["blocks"][3]["rows"].append(["٧", "٨", "٩"])
    bi("bilingual_table_shape_differs", ["{D}/en.json", "{D}/ar.json"], lay_par, 2,
       [on_one_line(r"(?:en|ar)\.json", r"/blocks/3(/rows)?(?![\w/~])", r"(?i)rows", r"\b2\b", r"\b3\b")],
       {"en.json": en, "ar.json": article(ar_table_shape, base=BASE_ARTICLE_AR)})

    bi("bilingual_two_articles_single_layout", ["{D}/en.json", "{D}/ar.json"], lay_a4, 2,
       [on_one_line(F("a4.json"), r"(?i)(one article|single)", r"\b2\b", r"(?i)bilingual")],
       {"en.json": en, "ar.json": ar})
    bi("bilingual_layout_one_article", ["{D}/en.json"], lay_par, 2,
       [on_one_line(F("bilingual-parallel.json"), r"(?i)two (translations|articles)", r"\b1\b")], {"en.json": en})
    bi("bilingual_same_language_twice", ["{D}/en.json", "{D}/en2.json"], lay_par, 2,
       [on_one_line(F("bilingual-parallel.json"), r'"ar"', r'"en" and "en"')], {"en.json": en, "en2.json": en})
    C.append(Case("render_three_articles",
                  ["{H}", "render", "{D}/en.json", "{D}/ar.json", "{D}/en.json", "-l", lay_par, "-o", "{D}/out/out.pdf"],
                  64, [r"(?i)(at most 2|expected|too many|argument|extra)"], files={"en.json": en, "ar.json": ar}))
    C.append(Case("render_stdin_without_output_option", ["{H}", "render", "-", "-l", lay_a4], 64,
                  [r"(?i)standard input.*-o"], files={"en.json": en}, out_dir=None))

    # ---- batch -----------------------------------------------------------------------
    def batch(name, manifest, stderr, rc=2, outputs=(), files=None, allowed_extra=(), **kw):
        fs_ = {"manifest.json": manifest, "en.json": en, "ar.json": ar}
        fs_.update(files or {})
        C.append(Case(name, ["{H}", "batch", "{D}/manifest.json", "--out-dir", "{D}/out", "-j", "2", "--quiet",
                             "--allow-path", "{SRC}"],
                      rc, stderr, files=fs_, outputs=outputs, allowed_extra=allowed_extra,
                      out_dir_may_be_absent=(rc == 2), **kw))

    good_jobs = {"jobs": [{"articles": ["en.json"], "layout": lay_a4, "output": "en.pdf"},
                          {"articles": ["ar.json"], "layout": lay_a4, "output": "ar.pdf"}]}
    batch("batch_control", dump(good_jobs), [], rc=0, outputs=["en.pdf", "ar.pdf"], allowed_extra=[r"^report\.json$", r"^\..*\.pdf\.key$"])

    # A failed job's diagnostics in file order, as `render` prints them: they came in the
    # order the checks ran ("7:22" unknown key before "7:5" missing key, a FAQ item's keys
    # from its last).
    def faq_keys_misspelt(a):
        a["blocks"][4]["items"][0] = {"q": "Why?", "a": "Because."}
    bad_en = article(faq_keys_misspelt)

    def in_order(ctx, so, se):
        places = [(int(m.group(1)), int(m.group(2))) for m in re.finditer(r"en\.json:(\d+):(\d+): ", se)]
        return None if len(places) >= 4 and places == sorted(places) else \
            "a failed job's diagnostics are not in file order: %s" % places
    batch("batch_failed_job_diagnostics_in_file_order", dump(good_jobs),
          [on_one_line(F("en.json"), r'unknown key "q"'), on_one_line(F("en.json"), r'missing required key "answer"')],
          rc=1, outputs=["ar.pdf"], files={"en.json": bad_en}, allowed_extra=[r"^report\.json$", r"^\..*\.pdf\.key$"],
          extra_check=in_order)

    m = dump(good_jobs)
    m_cut = m[: m.rindex('"output"')]
    batch("batch_manifest_truncated", m_cut,
          [on_one_line(at("manifest.json", m_cut.count("\n") + 1), r"(?i)(unexpected end|end of input|syntax)")])

    assert m.count("},\n    {") == 1
    m_bad = m.replace("},\n    {", "}\n    {")  # a missing comma between the two jobs
    batch("batch_manifest_syntax_error", m_bad,
          [on_one_line(at("manifest.json", line_of(m_bad, "}\n    {") + 1), r"(?i)(syntax|unexpected|expected|missing comma)")])

    m_key = dump({"jobz": good_jobs["jobs"]})
    batch("batch_manifest_unknown_key", m_key,
          [on_one_line(at("manifest.json", line_of(m_key, '"jobz"')), r'unknown key "jobz"',
                       r'did you mean "jobs"', ptr("/jobz"))])

    jobs_key = copy.deepcopy(good_jobs)
    jobs_key["jobs"][1]["outptu"] = jobs_key["jobs"][1].pop("output")
    m_key2 = dump(jobs_key)
    batch("batch_manifest_unknown_job_key", m_key2,
          [on_one_line(at("manifest.json", line_of(m_key2, '"outptu"')), r'unknown key "outptu"',
                       r'did you mean "output"', ptr("/jobs/1/outptu"))])

    jobs_esc = copy.deepcopy(good_jobs)
    jobs_esc["jobs"][1]["output"] = "../../escaped.pdf"
    m_esc = dump(jobs_esc)
    batch("batch_manifest_output_escapes", m_esc,
          [on_one_line(at("manifest.json", line_of(m_esc, '"../../escaped.pdf"')), ptr("/jobs/1/output"),
                       Q("../../escaped.pdf"))],
          extra_check=lambda ctx, so, se: "escaped.pdf was written" if any(
              os.path.exists(os.path.join(ctx["D"], *([".."] * k), "escaped.pdf")) for k in (0, 1, 2)) else None)

    jobs_dup = copy.deepcopy(good_jobs)
    jobs_dup["jobs"][1]["output"] = "en.pdf"
    m_dup = dump(jobs_dup)
    batch("batch_manifest_duplicate_output", m_dup,
          [on_one_line(F("manifest.json"), Q("en.pdf"), r"(?i)(twice|duplicate|more than one|same output|also made by)")])

    # A PDF where another job needs a folder, or a folder named like the batch's report: main
    # made the folder, ran the jobs, and failed writing the PDF (exit 1) or the report (exit 3).
    for nm, outs in (("file_then_folder", ["x.pdf", "x.pdf/en.pdf"]), ("folder_then_file", ["x.pdf/en.pdf", "x.pdf"])):
        jobs_ff = copy.deepcopy(good_jobs)
        for job, out in zip(jobs_ff["jobs"], outs):
            job["output"] = out
        m_ff = dump(jobs_ff)
        batch("batch_manifest_output_in_pdf_" + nm, m_ff,
              [on_one_line(at("manifest.json", line_of(m_ff, '"x.pdf/en.pdf"')), ptr("/jobs/%d/output" % outs.index("x.pdf/en.pdf")),
                           Q('"x.pdf/en.pdf"'), r'needs a folder "x\.pdf"', r"writes as its PDF")])
    for folder in ("report.json", "report-0-of-2.json"):
        jobs_rep = copy.deepcopy(good_jobs)
        jobs_rep["jobs"][1]["output"] = folder + "/ar.pdf"
        m_rep = dump(jobs_rep)
        batch("batch_manifest_output_in_" + folder.replace(".", "_").replace("-", "_"), m_rep,
              [on_one_line(at("manifest.json", line_of(m_rep, folder + "/ar.pdf")), ptr("/jobs/1/output"),
                           Q('"%s"' % folder), r"(?i)report")])

    batch("batch_manifest_empty_file", "", [on_one_line(F("manifest.json"), r"(?i)empty")])

    # An output whose path in --out-dir is longer than the system takes (PATH_MAX, 4096 bytes),
    # each folder name short enough: main failed making its folder (exit 3), naming the folder
    # but not the job.
    jobs_long = copy.deepcopy(good_jobs)
    jobs_long["jobs"][1]["output"] = "/".join(["d" * 200] * 25) + "/ar.pdf"
    m_long = dump(jobs_long)
    batch("batch_manifest_output_path_too_long", m_long,
          [on_one_line(at("manifest.json", line_of(m_long, '"ddd')), ptr("/jobs/1/output"),
                       r"(?i)longer than the system's limit")],
          extra_check=lambda ctx, so, se: "a folder was made" if os.path.exists(os.path.join(ctx["D"], "out", "d" * 200))
          else None)

    jobs_fail = copy.deepcopy(good_jobs)
    jobs_fail["jobs"][1]["articles"] = ["broken.json"]
    broken = article(lambda a: a["blocks"][1].update(type="paragrap"))
    batch("batch_one_job_fails", dump(jobs_fail),
          [on_one_line(at("broken.json", line_of(broken, '"paragrap"')), r'did you mean "paragraph"',
                       ptr("/blocks/1/type"))], rc=1,
          outputs=["en.pdf"], files={"broken.json": broken}, allowed_extra=[r"^report\.json$", r"^\..*\.pdf\.key$"],
          extra_check=check_batch_report)

    batch("batch_output_is_existing_non_pdf", dump(good_jobs),
          [on_one_line(F("manifest.json"), Q("en.pdf"), r"(?i)not a PDF")], rc=1,
          outputs=["ar.pdf"], files={"out/en.pdf": "notes, not a PDF\n"},
          allowed_extra=[r"^report\.json$", r"^\..*\.pdf\.key$", r"^en\.pdf$"],
          extra_check=lambda ctx, so, se: None if open(os.path.join(ctx["D"], "out", "en.pdf"), "rb").read() ==
          b"notes, not a PDF\n" else "en.pdf was replaced")

    jobs_missing = copy.deepcopy(good_jobs)
    jobs_missing["jobs"][0]["articles"] = ["absent.json"]
    batch("batch_job_article_missing", dump(jobs_missing),
          [on_one_line(F("absent.json"), r"(?i)(not found|no such file|does not exist|cannot open)")], rc=1,
          outputs=["ar.pdf"], allowed_extra=[r"^report\.json$", r"^\..*\.pdf\.key$"])

    # ---- figures too narrow to see ---------------------------------------------------
    # A "width" of a hundredth of a millimetre, or a long thin picture shrunk to the page's
    # height: main printed them (a speck, with a warning of "0%").
    fig_png = {"pic.png": grey_png(20, 20), "thin.png": grey_png(1, 8000), "flat.png": grey_png(5000, 1)}
    for nm, src, width, where, words in (("width", "pic.png", "0.01mm", "width", r"give a larger"),
                                         ("shrunk", "thin.png", "100%", "src", r"shrunk to fit")):
        t = article(lambda a: a["blocks"].append({"type": "figure", "src": src, "alt": "A line.", "width": width}))
        render("figure_too_narrow_" + nm, t,
               [on_one_line(at("article.json", line_of(t, '"%s"' % where)), ptr("/blocks/6/" + where),
                            r"too narrow to be seen", words)], files=dict(fig_png))

    # A long wide picture: 5,000 x 1 pixels at 40 mm is 0.008 mm tall (main printed nothing,
    # with a warning about its pixels per inch).
    t = article(lambda a: a["blocks"].append({"type": "figure", "src": "flat.png", "alt": "A line.", "width": "40mm"}))
    render("figure_too_thin", t, [on_one_line(at("article.json", line_of(t, '"src"')), ptr("/blocks/6/src"),
                                              r"0\.008 mm tall", r"too thin to be seen")], files=dict(fig_png))

    # A short Arabic leaflet with pictures and a QR code: their file names and the code's web
    # address are not its text, and counted as such they made it "mostly left to right" (a
    # warning that the "lang" tag may be wrong; with --strict, a refusal).
    def short_arabic(a):
        a["title"] = "نشرة"
        a["blocks"] = [{"type": "paragraph", "text": "اغسل يديك."},
                       {"type": "figure", "src": "images/hand-washing.png", "alt": "يدان.", "width": "30%"},
                       {"type": "figure", "src": "images/hand-washing.png", "alt": "يدان.", "width": "30%"},
                       {"type": "qr", "data": "https://example.org/handouts/wound-care", "size": "25mm", "level": "M"}]
    render("direction_not_counted_in_src_or_qr_data", article(short_arabic, base=BASE_ARTICLE_AR), [], rc=0,
           extra=["--strict"], files={"images/hand-washing.png": grey_png(40, 40)},
           extra_check=lambda ctx, so, se: "a warning: " + se[:300] if "warning" in se else None)

    # ---- a picture's name written as the author's own computer would take it --------------
    # Linux names are case-sensitive, and a folder may be misspelt: the error said "not
    # found" and nothing more.
    pics = {"images/eye-drops.png": grey_png(20, 20)}
    for nm, src, meant in (("wrong_case", "images/Eye-Drops.PNG", "images/eye-drops.png"),
                           ("folder_misspelt", "image/eye-drops.png", "images/eye-drops.png"),
                           ("name_misspelt", "images/eye-drop.png", "images/eye-drops.png")):
        t = article(lambda a: a["blocks"].append({"type": "figure", "src": src, "alt": "Eye drops."}))
        render("figure_src_" + nm, t,
               [on_one_line(at("article.json", line_of(t, '"src"')), ptr("/blocks/6/src"), r"not found",
                            Q('did you mean "%s"?' % meant))], files=dict(pics))
    t = article(lambda a: a["blocks"].append({"type": "figure", "src": "images/none.png", "alt": "Eye drops."}))
    render("figure_src_missing_no_guess", t,
           [on_one_line(at("article.json", line_of(t, '"src"')), ptr("/blocks/6/src"), r"not found",
                        r"path from the article's own folder")], files=dict(pics))

    # An article named without a folder ("article.json", run from its folder) had an empty
    # folder, which resolved to an empty path: the confinement of its pictures let every file
    # through (a figure read /etc/shadow; a PNG anywhere was printed). The same for a layout's
    # fonts and a brand's logo.
    def outside_pic(ctx):
        return article(lambda a: a["blocks"].append(
            {"type": "figure", "src": os.path.join(os.path.dirname(ctx["D"]), "outside-author.png"), "alt": "x"}))
    C.append(Case("figure_outside_folder_article_named_without_folder",
                  ["{H}", "render", "article.json", "-l", lay_a4, "-o", "{D}/out/out.pdf"], 2,
                  [on_one_line(F("article.json"), ptr("/blocks/6/src"), r"outside the article's folder",
                               Q("--allow-path"))],
                  files={"article.json": outside_pic, "../outside-author.png": grey_png(20, 20)}))
    C.append(Case("figure_outside_folder_article_named_without_folder_validate",
                  ["{H}", "validate", "article.json"], 2,
                  [on_one_line(F("article.json"), ptr("/blocks/6/src"), r"outside the article's folder")],
                  files={"article.json": outside_pic, "../outside-author.png": grey_png(20, 20)}, out_dir=None))

    def layout_fonts_elsewhere(ctx):
        lay = layout_obj(ctx["SRC"])
        lay["fonts"]["dir"] = os.path.join(ctx["SRC"], "fonts")
        return dump(lay)
    C.append(Case("layout_named_without_folder_fonts_outside",
                  ["{H}", "render", "{D}/article.json", "-l", "lay.json", "-o", "{D}/out/out.pdf"], 2,
                  [on_one_line(F("lay.json"), r"(?i)outside the project's folders", Q("--allow-path"))],
                  files={"article.json": good, "lay.json": layout_fonts_elsewhere}))

    # ---- a letter wider than its column ------------------------------------------------
    # Broken between letters as far as it goes, a letter wider than its column still ran
    # over the next table column (60 columns of "W": letters printed over each other past
    # the table's edge) or off the page (a 144 pt title on a narrow page), with only a
    # warning that words were "broken between letters".
    t = article(lambda a: a["blocks"].append({"type": "table", "header": ["W"] * 60, "rows": [["MWM"] * 60]}))
    render("table_letter_wider_than_column", t,
           [on_one_line(at("article.json", line_of(t, '"W"')), ptr("/blocks/6/header/0"),
                        Q('"W" is'), r"no line break can make it fit", r"over the next column", r"60 columns")])
    for lang, base in (("en", BASE_ARTICLE), ("ar", BASE_ARTICLE_AR)):
        t = article(base=base)
        layout_case("title_letter_wider_than_column_" + lang,
                    both(set_in(["page", "size"], {"width": 112, "height": 842}),
                         set_in(["page", "margins"], {"top": 60, "bottom": 60, "start": 10, "end": 10}),
                         set_in(["styles", "title"], {"size": 144})),
                    # (Session 27: a column narrower than four times the title's size is refused
                    # in the layout, before any article is set; the article's letter was the
                    # place named before.)
                    [on_one_line(LayoutAt('"size": 144'), ptr("/styles/title/size"), r"four times its size",
                                 r"32\.5 mm column")], text=t, extra_check=not_in("article.json"))

    # ---- JSON diagnostics ------------------------------------------------------------
    t = article(lambda a: a["blocks"][1].update(type="paragrap"))
    render("diagnostics_json_render", t, [], extra=["--diagnostics", "json"],
           extra_check=json_diag_check("article.json", "/blocks/1/type", line_of(t, '"paragrap"'), "paragraph"))
    C.append(Case("diagnostics_json_validate", ["{H}", "validate", "--diagnostics", "json", "{D}/article.json"], 2, [],
                  files={"article.json": t}, out_dir=None,
                  extra_check=json_diag_check("article.json", "/blocks/1/type", line_of(t, '"paragrap"'),
                                              "paragraph")))
    bad_utf8 = good.encode("utf-8").replace(b'  "lang": "en",', b'  \xff"lang": "en",')
    C.append(Case("diagnostics_json_invalid_utf8", ["{H}", "validate", "--diagnostics", "json", "{D}/article.json"], 2,
                  [], files={"article.json": bad_utf8}, out_dir=None,
                  extra_check=json_diag_check("article.json", None, line_of(good, '"lang"'), "UTF-8")))

    # ---- validate --------------------------------------------------------------------
    validate("validate_good_article_and_layout", [en_src, lay_a4], [], rc=0)
    validate("validate_good_bilingual_layout", [lay_par], [], rc=0)
    validate("validate_one_bad_of_two", [en_src, "{D}/article.json"],
             [on_one_line(at("article.json", 1), r'(?i)missing.*"lang"')],
             files={"article.json": article(lambda a: a.pop("lang"))})
    # Translations that stop lining up: a block left out of one, one added, two in the other
    # order. Only "block type is paragraph here but list" was said, at the first block that
    # differed, however the two went on.
    def blocks_of(a, kinds):
        by_kind = {}
        for blk in a["blocks"]:
            by_kind.setdefault(blk["type"], blk)
        a["blocks"] = [copy.deepcopy(by_kind[k]) for k in kinds]
    for nm, en_kinds, ar_kinds, words_en, words_ar in (
            ("missing", ["heading", "paragraph", "callout", "table", "faq"], ["heading", "paragraph", "table", "faq"],
             r"this callout block has no counterpart in \S*ar\.json: the blocks after it line up with \S*ar\.json's "
             r"from its table block \(line %(ar_i)d\) on",
             r"the callout block of \S*en\.json \(line %(en_i)d\) is missing before this table block"),
            ("extra", ["heading", "paragraph", "table", "faq"], ["heading", "paragraph", "callout", "table", "faq"],
             r"\S*ar\.json has a callout block \(line %(ar_i)d\) with no counterpart here, before this table block",
             r"this callout block has no counterpart in \S*en\.json: it would go before \S*en\.json's table block "
             r"\(line %(en_i)d\)"),
            ("swapped", ["heading", "paragraph", "list", "table"], ["heading", "list", "paragraph", "table"],
             r"this paragraph block and the list block after it are in the other order in \S*ar\.json "
             r"\(lines %(ar_i)d and %(ar_j)d\)",
             r"this list block and the paragraph block after it are in the other order in \S*en\.json "
             r"\(lines %(en_i)d and %(en_j)d\)")):
        te = article(lambda a: blocks_of(a, en_kinds))
        ta = article(lambda a: blocks_of(a, ar_kinds), base=BASE_ARTICLE_AR)
        i = 2 if nm != "swapped" else 1
        lines = {"en_i": line_of(te, '"type"', i + 1), "en_j": line_of(te, '"type"', i + 2),
                 "ar_i": line_of(ta, '"type"', i + 1), "ar_j": line_of(ta, '"type"', i + 2)}
        validate("translation_block_" + nm, ["{D}/t/en.json", "{D}/t/ar.json"],
                 [on_one_line(at("en.json", line_of(te, '"type"', i + 1)), ptr("/blocks/%d/type" % i),
                              r"translations do not correspond: " + words_en % lines),
                  on_one_line(at("ar.json", line_of(ta, '"type"', i + 1)), ptr("/blocks/%d/type" % i),
                              words_ar % lines)],
                 files={"t/en.json": te, "t/ar.json": ta})
    validate("validate_kind_layout_given_article", ["--kind", "layout", en_src],
             [on_one_line(F("en.json"), r'(?i)(unknown key|missing.*"fonts")')])

    return C


def check_batch_report(ctx, stdout, stderr):
    path = os.path.join(ctx["D"], "out", "report.json")
    if not os.path.exists(path):
        return None  # a report is optional for this suite
    try:
        with open(path, encoding="utf-8") as f:
            json.load(f)
    except (OSError, ValueError) as e:
        return "report.json does not parse: %s" % e
    return None


def json_diag_check(fname, pointer, line, word):
    def check(ctx, stdout, stderr):
        try:
            doc = json.loads(stderr)
        except ValueError as e:
            return "stderr is not JSON: %s" % e
        diags = doc.get("diagnostics") if isinstance(doc, dict) else None
        if not isinstance(diags, list) or not diags:
            return "no \"diagnostics\" list in the JSON"
        for d in diags:
            if not isinstance(d, dict):
                continue
            if (str(d.get("file", "")).endswith(fname) and d.get("line") == line
                    and isinstance(d.get("column"), int) and d.get("severity") == "error"
                    and (pointer is None or d.get("pointer") == pointer)
                    and word in str(d.get("message", ""))):
                return None
        return "no diagnostic with file %s, line %d, pointer %s, message with %r in %s" % (
            fname, line, pointer, word, json.dumps(diags, ensure_ascii=False)[:600])
    return check


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------

TEMP_RE = re.compile(r"^\..*\.tmp-|\.tmp$|~$")


def subst(s, ctx):
    for k, v in ctx.items():
        s = s.replace("{%s}" % k, v)
    return s


def run_case(case, ctx, verbose):
    errors = []
    d = ctx["D"]
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    out_dir = os.path.join(d, case.out_dir) if case.out_dir else None
    is_batch = len(case.argv) > 1 and case.argv[1] == "batch"
    if out_dir and not is_batch:
        os.makedirs(out_dir, exist_ok=True)

    written = {}
    for rel, content in case.files.items():
        path = subst(rel, ctx)
        if not os.path.isabs(path):
            path = os.path.join(d, path)
        if callable(content):
            content = content(ctx)
        data = content.encode("utf-8") if isinstance(content, str) else content
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        written[path] = data
    if case.prepare:
        case.prepare(ctx)

    # Resolve LayoutAt placeholders against the generated layout text.
    lay_files = [p for p in written if os.sep + "layouts" + os.sep in p and p.startswith(ctx["P"])]

    def resolve(part):
        if isinstance(part, LayoutAt) and part.needle is None:
            return F(os.path.basename(lay_files[0]))
        if isinstance(part, LayoutAt):
            text = written[lay_files[0]].decode("utf-8")
            return at(os.path.basename(lay_files[0]), line_of(text, part.needle))
        return part
    final_regexes = [rx.resolve(resolve) if isinstance(rx, LayoutRx) else rx for rx in case.stderr]

    argv = [subst(a, ctx) for a in case.argv]
    if case.wrap:
        argv = case.wrap(argv)
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            cwd=d, start_new_session=True)
    try:
        so, se = proc.communicate(timeout=case.timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        so, se = proc.communicate()
        timed_out = True
    elapsed = time.monotonic() - t0
    stdout = so.decode("utf-8", "replace")
    stderr = se.decode("utf-8", "replace")
    try:
        se.decode("utf-8")
        stderr_utf8 = True
    except UnicodeDecodeError as e:
        stderr_utf8 = "stderr is not valid UTF-8 (raw byte 0x%02X echoed at offset %d: ...%r...)" % (
            se[e.start], e.start, se[max(0, e.start - 30):e.start + 5])
    rc = proc.returncode

    if timed_out:
        errors.append("timed out after %.0f s (a hang)" % case.timeout)
    elif rc < 0 or rc >= 128:
        errors.append("crashed: exit status %d%s" % (
            rc, " (signal %s)" % signal.Signals(-rc).name if rc < 0 and -rc in signal.valid_signals() else ""))
    elif rc != case.rc:
        errors.append("exit status %d, expected %d" % (rc, case.rc))

    if not timed_out:
        for rx in final_regexes:
            if not re.search(rx, stderr):
                errors.append("stderr does not match %s" % rx)
        if case.rc != 0 and not case.no_stdout_check and stdout.strip():
            errors.append("stdout not empty: %r" % stdout[:200])
        if stderr_utf8 is not True:
            errors.append(stderr_utf8)
        for m in re.finditer(r"(\(at [^()]*\))\s*\1", stderr):
            errors.append("a diagnostic repeats its pointer: %r" % m.group(0))
            break
        if "AddressSanitizer" in stderr or "runtime error:" in stderr:
            errors.append("sanitizer report on stderr")

    # What was written.
    if out_dir:
        if not os.path.exists(out_dir):
            if not case.out_dir_may_be_absent and (case.outputs or not is_batch):
                errors.append("output folder %s is gone" % out_dir)
        else:
            names = sorted(os.listdir(out_dir))
            for n in names:
                if TEMP_RE.search(n):
                    errors.append("temporary file left behind: %s" % n)
                elif n in case.outputs:
                    continue
                elif not any(re.search(a, n) for a in case.allowed_extra):
                    errors.append("unexpected file written: %s" % n)
            for n in case.outputs:
                p = os.path.join(out_dir, n)
                if not os.path.isfile(p):
                    errors.append("expected output %s was not written" % n)
                elif n.endswith(".pdf"):
                    with open(p, "rb") as f:
                        data = f.read()
                    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
                        errors.append("output %s is not a complete PDF" % n)
    if case.extra_check and not timed_out:
        msg = case.extra_check(ctx, stdout, stderr)
        if msg:
            errors.append(msg)

    ok = not errors
    print("%s %s (%.1fs)" % ("PASS" if ok else "FAIL", case.name, elapsed))
    if not ok or verbose:
        for e in errors:
            print("    - " + e)
        if stderr:
            shown = stderr if len(stderr) < 1500 else stderr[:1500] + "\n    [...]"
            print("    stderr: " + shown.rstrip().replace("\n", "\n            "))
    sys.stdout.flush()
    return ok


def setup_project(work, src):
    """<work>/proj/{fonts,layouts}: a project-shaped folder for generated layouts."""
    proj = os.path.join(work, "proj")
    os.makedirs(os.path.join(proj, "layouts"), exist_ok=True)
    # proj/fonts: as beside layouts/; extfonts: a font folder outside "the project's folders".
    for fonts in (os.path.join(proj, "fonts"), os.path.join(work, "extfonts")):
        if not os.path.isdir(fonts):
            tmp = fonts + ".tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.copytree(os.path.join(src, "fonts"), tmp)
            os.rename(tmp, fonts)
    return proj


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--handout", required=True, help="the handout binary")
    ap.add_argument("--source-dir", required=True, help="the project's source folder")
    ap.add_argument("--work-dir", required=True, help="scratch folder for generated inputs")
    ap.add_argument("-k", default=None, help="run only cases whose name matches this regex")
    ap.add_argument("-v", "--verbose", action="store_true", help="show stderr of passing cases too")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    args = ap.parse_args()

    handout = os.path.abspath(args.handout)
    src = os.path.abspath(args.source_dir)
    work = os.path.abspath(args.work_dir)
    os.makedirs(work, exist_ok=True)
    cases = build_cases(src)
    names = [c.name for c in cases]
    dups = {n for n in names if names.count(n) > 1}
    if dups:
        print("duplicate case names: %s" % ", ".join(sorted(dups)))
        print("0 passed, %d failed" % len(cases))
        return 1
    if args.list:
        for c in cases:
            print(c.name)
        return 0
    if args.k:
        cases = [c for c in cases if re.search(args.k, c.name)]
    proj = setup_project(work, src)

    passed = failed = 0
    for case in cases:
        ctx = {"H": handout, "SRC": src, "W": work, "P": proj, "D": os.path.join(work, "cases", case.name)}
        try:
            ok = run_case(case, ctx, args.verbose)
        except Exception as e:  # a bug in the suite itself must not hide the other cases
            print("FAIL %s (suite error: %s: %s)" % (case.name, type(e).__name__, e))
            ok = False
        if ok:
            passed += 1
            shutil.rmtree(ctx["D"], ignore_errors=True)  # keep failures for inspection
        else:
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
