#!/usr/bin/env python3
"""Checks of tagged PDF/UA-1 + PDF/A-2a output with independent readers.

Usage:
    python3 tagged_checks.py SUBCOMMAND --handout /path/to/handout \
        --source-dir /path/to/source --work-dir /tmp/somewhere

Subcommands (each one is a separate test):
    tree        pikepdf walks every handout (seed en and ar with every single-language
                layout, both bilingual forms): catalog (MarkInfo, StructTreeRoot, Lang,
                DisplayDocTitle, Metadata, sRGB OutputIntent), %PDF-1.7, trailer ID; every
                text, path and image inside an MCID sequence or an Artifact; ParentTree,
                StructParents and ParentTreeNextKey consistent; headings H1.. never skipping;
                Table > THead/TBody > TR > TH (Scope) / TD; L > LI > Lbl + LBody; links with
                /F 4, Contents, StructParent and an OBJR in a Link element; XMP (pdfaid 2A,
                pdfuaid 1, extension schema) agreeing with Info; spans in the other language;
                every glyph code shown maps to text in ToUnicode; link descriptions not blank
                (also the showcase and wound-care articles, with a clinic's brand)
    bundled     the tree checks on every handout of the bundled library (content/manifest.json,
                one `handout batch`: every article in every layout, both bilingual forms, the
                brands), each Part holding its own article's figures and QR codes
    order       pdfinfo -struct-text, in reading order, for en, ar and both bilingual forms:
                the element sequence the article's blocks call for (title, headings with
                their levels, list items, table cells, FAQ questions and answers), English
                headings word for word; bilingual: one language whole, then the other
    pdfjs       pdf.js (npm pdfjs-dist, installed by scripts/setup.sh) getStructTree() of
                every page: the roles of the article's headings, lists and tables
    readers     qpdf --check, ghostscript -dPDFSTOPONERROR and mutool open every file
                without a warning
    packed      every object but streams is in an object stream and the cross-reference table
                is a stream (qpdf --show-xref, pikepdf), qpdf --check is clean, pdfinfo reads
                the file; the seed in en, ar and parallel is at most 8 KB over the untagged file
    standard    --pdf-standard: the default equals "ua-1,a-2a"; "none" writes an untagged PDF
                with no XMP; a bad value exits 64; batch takes it too (a batch run again with
                another standard remakes its outputs); a layout logo without "logo_alt" is refused
                with its location and no output file; with it the logo is a Figure with Alt
                and BBox on its first page and an artifact after; re-renders are identical
    cells       tables with empty cells (blank rows of a form, a write-in column, an empty
                corner) in en, ar, a booklet, brochures and both bilingual forms: every row
                has a TH or TD per column, empty where the article's cell is
    qralt       a QR code's Alt says it is a QR code and where it leads (web page, call,
                e-mail) in en and ar (English with /Lang en in another language); a layout's
                footer code is a Figure on its first page only
    qrlinks     every QR code is also a link on screen: on each page, the Link annotations
                over QR codes are as many as the codes zbarimg reads there, and each one's
                rectangle, rendered and cropped, decodes (zbarimg) to its own URI; tagged,
                its /StructParent is a Link element that holds the code's Figure, its /Contents
                is the Figure's Alt, and a repeated footer code joins the first one's Link
                (read once); in a4-clinic with a brand, a tri-fold, a booklet and untagged
    spanlang    words in another script the author did not mark (MRI in Arabic, Arabic in
                English) are Spans with /Lang (en, ar; the other side's language in a bilingual
                handout), numbers stay in the paragraph's language

Exit status: 0 pass, 1 fail, 77 skipped (a tool is missing and CI is not set).
Needs Debian's python3-pikepdf: when the running interpreter lacks it, the script runs
itself again with /usr/bin/python3.
"""

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import unicodedata
import zlib
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from check_args import parse_check_args  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import poppler_struct  # noqa: E402

SKIP = 77

try:
    import pikepdf  # noqa: F401
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    pikepdf = None


class Fail(Exception):
    pass


def skip_or_fail(what):
    if os.environ.get("CI"):
        print("FAIL: %s missing in CI" % what)
        sys.exit(1)
    print("SKIPPED: %s missing" % what)
    sys.exit(SKIP)


def require_tools(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        skip_or_fail(", ".join(missing))


def require_pikepdf():
    if pikepdf is None:
        skip_or_fail("python3-pikepdf")


class Ctx:
    def __init__(self, args):
        self.handout = os.path.abspath(args.handout)
        self.source = os.path.abspath(args.source_dir)
        self.work = os.path.abspath(args.work_dir)
        os.makedirs(self.work, exist_ok=True)

    def src(self, *p):
        return os.path.join(self.source, *p)

    def out(self, name):
        return os.path.join(self.work, name)

    def render(self, articles, layout, out, extra=(), expect_ok=True):
        cmd = [self.handout, "render"] + list(articles) + ["--layout", layout, "-o", out] + list(extra)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        r = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if expect_ok and r.returncode != 0:
            raise Fail("render failed (%d): %s\n%s" % (r.returncode, " ".join(cmd), r.stderr))
        return r


SEED = "stem-cell-therapy"


def seed(ctx, lang):
    return ctx.src("content", SEED, lang + ".json")


def single_layouts(ctx):
    out = []
    for name in sorted(os.listdir(ctx.src("layouts"))):
        if not name.endswith(".json") or name == "layout.schema.json":
            continue
        spec = json.load(open(ctx.src("layouts", name), encoding="utf-8"))
        if spec.get("bilingual") or spec.get("brochure"):
            continue
        out.append(name)
    return out


def bilingual_layouts(ctx):
    out = []
    for name in sorted(os.listdir(ctx.src("layouts"))):
        if name.endswith(".json") and name != "layout.schema.json":
            spec = json.load(open(ctx.src("layouts", name), encoding="utf-8"))
            if spec.get("bilingual"):
                out.append((name, spec["bilingual"].get("mode")))
    return out


def render_all(ctx):
    """(pdf path, description, article paths) for every handout the checks look at."""
    made = []
    for layout in single_layouts(ctx):
        for lang in ("en", "ar"):
            pdf = ctx.out("%s-%s.pdf" % (layout[:-5], lang))
            ctx.render([seed(ctx, lang)], ctx.src("layouts", layout), pdf)
            made.append((pdf, "%s with %s" % (lang, layout), [seed(ctx, lang)]))
    for layout, _ in bilingual_layouts(ctx):
        pdf = ctx.out("%s.pdf" % layout[:-5])
        arts = [seed(ctx, "en"), seed(ctx, "ar")]
        ctx.render(arts, ctx.src("layouts", layout), pdf)
        made.append((pdf, "en+ar with %s" % layout, arts))
    return made


# ---------------------------------------------------------------------------------------------
# The article's expected structure, from its JSON alone.

def inline_text(v):
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return "".join(inline_text(x) for x in v)
    if isinstance(v, dict):
        return inline_text(v.get("text", ""))
    return ""


def expected_sequence(article):
    """Structure types in reading order (headings with their level, no skipping)."""
    seq = ["H1", "P"] if article.get("subtitle") else ["H1"]
    open_levels = []
    for b in article["blocks"]:
        t = b["type"]
        if t == "heading":
            lvl = b.get("level", 1)
            while open_levels and open_levels[-1] >= lvl:
                open_levels.pop()
            open_levels.append(lvl)
            seq.append("H%d" % min(6, len(open_levels) + 1))
        elif t == "paragraph":
            seq.append("P")
        elif t == "list":
            seq.append("L")
            for _ in b["items"]:
                seq += ["LI", "Lbl", "LBody"]
        elif t == "table":
            seq.append("Table")
            if b.get("caption"):
                seq.append("Caption")
            seq += ["THead", "TR"] + ["TH"] * len(b["header"]) + ["TBody"]
            for row in b["rows"]:
                seq += ["TR"] + ["TD"] * len(row)
        elif t == "faq":
            for _ in b["items"]:
                seq += ["Sect", "H%d" % min(6, len(open_levels) + 2), "P"]
        elif t == "callout":
            seq.append("Aside")
            if b.get("title"):
                seq.append("P")
            seq.append("P")
    return seq


def heading_texts(article):
    out = [inline_text(article["title"])]
    out += [inline_text(b["text"]) for b in article["blocks"] if b["type"] == "heading"]
    return out


# ---------------------------------------------------------------------------------------------
# tree

def struct_kids(elem):
    k = elem.get("/K")
    if k is None:
        return []
    if isinstance(k, pikepdf.Array):
        return list(k)
    return [k]


def walk(elem, depth, out, parent_lang):
    lang = str(elem["/Lang"]) if "/Lang" in elem else parent_lang
    out.append((depth, str(elem["/S"])[1:], elem, lang))
    for k in struct_kids(elem):
        if isinstance(k, pikepdf.Dictionary) and "/S" in k:
            walk(k, depth + 1, out, lang)


CONTENT_OPS = {"TJ", "Tj", "'", '"', "re", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh"}


def page_marks(page):
    """MCIDs on the page, and content operators outside marked content (should be none)."""
    mcids, bare, depth_problems = [], 0, 0
    stack = []
    for operands, op in pikepdf.parse_content_stream(page):
        o = str(op)
        if o in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if o == "BDC" and len(operands) > 1 else None
            if props is not None and isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                if any(s[0] == "/Artifact" for s in stack):
                    depth_problems += 1
                mcids.append(int(props["/MCID"]))
            stack.append((tag, props))
        elif o == "EMC":
            if not stack:
                depth_problems += 1
            else:
                stack.pop()
        elif o in CONTENT_OPS and not stack:
            bare += 1
    return mcids, bare, depth_problems + len(stack)


def check_tree(pdf_path, desc, articles, problems):
    import xml.etree.ElementTree as ET
    arts = [json.load(open(a, encoding="utf-8")) for a in articles]
    with open(pdf_path, "rb") as f:
        head = f.read(16)
    if not head.startswith(b"%PDF-1.7"):
        problems.append("%s: header %r is not %%PDF-1.7" % (desc, head[:8]))
    pdf = pikepdf.open(pdf_path)
    root = pdf.Root
    if not (root.get("/MarkInfo") and bool(root.MarkInfo.get("/Marked"))):
        problems.append("%s: no MarkInfo Marked true" % desc)
    if str(root.get("/Lang", "")) != arts[0]["lang"]:
        problems.append("%s: catalog Lang %r, article %r" % (desc, root.get("/Lang"), arts[0]["lang"]))
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        problems.append("%s: DisplayDocTitle not true" % desc)
    tid = pdf.trailer.get("/ID")
    if tid is None or len(tid) != 2 or any(len(bytes(x)) != 16 for x in tid):
        problems.append("%s: trailer ID is not two 16-byte strings" % desc)
    intents = root.get("/OutputIntents")
    if not intents or str(intents[0].get("/S")) != "/GTS_PDFA1" or int(intents[0].DestOutputProfile.get("/N", 0)) != 3:
        problems.append("%s: no sRGB GTS_PDFA1 OutputIntent" % desc)
    else:
        icc = intents[0].DestOutputProfile.read_bytes()
        if icc[36:40] != b"acsp" or icc[16:20] != b"RGB ":
            problems.append("%s: the OutputIntent's profile is not an RGB ICC profile" % desc)

    # XMP agrees with Info.
    meta = root.get("/Metadata")
    if meta is None or "/Filter" in meta:
        problems.append("%s: no unfiltered Metadata stream" % desc)
    else:
        xml = meta.read_bytes().decode("utf-8")
        body = xml[xml.index("<x:xmpmeta"):xml.rindex("</x:xmpmeta>") + len("</x:xmpmeta>")]
        tree = ET.fromstring(body)
        ns = {"dc": "http://purl.org/dc/elements/1.1/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
              "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
              "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
              "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#"}

        def val(path):
            e = tree.find(".//" + path, ns)
            return None if e is None else (e.text or "")
        if val("pdfaid:part") != "2" or val("pdfaid:conformance") != "A" or val("pdfuaid:part") != "1":
            problems.append("%s: XMP does not identify PDF/A-2a and PDF/UA-1" % desc)
        if val("pdfaSchema:namespaceURI") != "http://www.aiim.org/pdfua/ns/id/":
            problems.append("%s: XMP has no extension schema declaring pdfuaid" % desc)
        info = pdf.docinfo
        if val("dc:title/rdf:Alt/rdf:li") != str(info.get("/Title", "")):
            problems.append("%s: dc:title differs from Info Title" % desc)
        if val("pdf:Producer") != str(info.get("/Producer", "")):
            problems.append("%s: pdf:Producer differs from Info Producer" % desc)
        if val("xmp:CreatorTool") != str(info.get("/Creator", "")):
            problems.append("%s: xmp:CreatorTool differs from Info Creator" % desc)
        cd = str(info.get("/CreationDate", ""))
        m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z", cd)
        want = "%s-%s-%sT%s:%s:%sZ" % m.groups() if m else None
        if val("xmp:CreateDate") != want or val("xmp:ModifyDate") != want:
            problems.append("%s: XMP dates %r/%r differ from Info %r" % (desc, val("xmp:CreateDate"), val("xmp:ModifyDate"), cd))
        langs = [e.text for e in tree.findall(".//dc:language/rdf:Bag/rdf:li", ns)]
        if langs != [a["lang"] for a in arts]:
            problems.append("%s: dc:language %r" % (desc, langs))

    st = root.get("/StructTreeRoot")
    if st is None:
        problems.append("%s: no StructTreeRoot" % desc)
        return
    elems = []
    walk(st.K, 0, elems, str(root.get("/Lang", "")))
    if elems[0][1] != "Document":
        problems.append("%s: the tree's root is %s, not Document" % (desc, elems[0][1]))
    role_map = {str(k)[1:]: str(v)[1:] for k, v in st.get("/RoleMap", {}).items()}

    def std(t):
        return role_map.get(t, t)

    # Headings start at H1 and never skip a level.
    last = 0
    for _, t, _, _ in elems:
        if re.fullmatch(r"H[1-6]", t):
            n = int(t[1])
            if n > last + 1:
                problems.append("%s: %s after H%d" % (desc, t, last))
            last = n
    # Parents and children.
    for depth, t, e, _ in elems:
        kids = [str(k["/S"])[1:] for k in struct_kids(e) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        par = e.get("/P")
        ptype = str(par.get("/S", "/"))[1:] if par is not None else ""
        if t == "L" and any(k not in ("LI", "Caption") for k in kids):
            problems.append("%s: L holds %s" % (desc, kids))
        if t == "LI" and kids != ["Lbl", "LBody"]:
            problems.append("%s: LI holds %s, not Lbl then LBody" % (desc, kids))
        if t == "TR" and ptype not in ("THead", "TBody", "TFoot", "Table"):
            problems.append("%s: TR under %s" % (desc, ptype))
        if t == "Table" and not any(
                k == "TR" or (k in ("THead", "TBody", "TFoot") and any(
                    isinstance(g, pikepdf.Dictionary) and str(g.get("/S")) == "/TR" for g in struct_kids(kid)))
                for k, kid in ((str(x["/S"])[1:], x) for x in struct_kids(e)
                               if isinstance(x, pikepdf.Dictionary) and "/S" in x)):
            problems.append("%s: a Table with no TR (it holds %s)" % (desc, kids))
        if t in ("TH", "TD") and ptype != "TR":
            problems.append("%s: %s under %s" % (desc, t, ptype))
        if t == "TH" and str(e.get("/A", {}).get("/Scope", "")) != "/Column":
            problems.append("%s: TH without Scope Column" % desc)
        if t == "Figure" and not str(e.get("/Alt", "")):
            problems.append("%s: Figure without Alt" % desc)
        if std(t) not in STANDARD_TYPES:
            problems.append("%s: %s is not a standard type or role-mapped to one" % (desc, t))

    # Bilingual: one Part per language, the first language first.
    if len(arts) == 2:
        parts = [(t, lang) for d, t, _, lang in elems if d == 1]
        if parts != [("Part", arts[0]["lang"]), ("Part", arts[1]["lang"])]:
            problems.append("%s: top level is %s, want a Part per language in order" % (desc, parts))
    # Each article's figures (pictures with a description, QR codes) lie in its own Part.
    if len(arts) == 2:
        for a in arts:
            want = sum(1 for b in a["blocks"] if (b["type"] == "figure" and b.get("alt")) or b["type"] == "qr")
            got = sum(1 for d, t, _, lang in elems if t == "Figure" and lang == a["lang"])
            if got != want:
                problems.append("%s: %d Figure elements in the %s Part, %d figures with a description and QR codes in its article"
                                % (desc, got, a["lang"], want))
    # Phrases in the other language are Spans with their own Lang.
    other_spans = [lang for _, t, _, lang in elems if t == "Span"]
    want_spans = sum(len(re.findall(r'"lang"\s*:', json.dumps(a["blocks"]))) for a in arts)
    if want_spans and not other_spans:
        problems.append("%s: no Span for the %d phrases in another language" % (desc, want_spans))
    for d, t, e, lang in elems:
        if t == "Span" and "/Lang" not in e:
            problems.append("%s: Span without Lang" % desc)
    # The author's emphasis: a Strong or Em element for each strong or em phrase.
    # A link stays a Link and strong wins over em.
    phrases = []

    def collect(v):
        if isinstance(v, dict):
            if isinstance(v.get("text"), str) and not v.get("href"):
                phrases.append("strong" if v.get("strong") else "em" if v.get("em") else "")
            for x in v.values():
                collect(x)
        elif isinstance(v, list):
            for x in v:
                collect(x)
    collect([a["blocks"] for a in arts])
    for key, tag in (("strong", "Strong"), ("em", "Em")):
        want = phrases.count(key)
        got = len([t for _, t, _, _ in elems if t == tag])
        if got < want:
            problems.append("%s: %d %s elements for %d %s phrases" % (desc, got, tag, want, key))

    # Marked content on every page, and the ParentTree.
    nums = list(st.ParentTree.Nums)
    ptree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    next_key = int(st.ParentTreeNextKey)
    if ptree and max(ptree) >= next_key:
        problems.append("%s: ParentTreeNextKey %d not above every key" % (desc, next_key))
    owned = {}
    for _, _, e, _ in elems:
        pg = e.get("/Pg")
        for k in struct_kids(e):
            if isinstance(k, int):
                owned[(pg.objgen, k)] = e.objgen
            elif isinstance(k, pikepdf.Dictionary) and str(k.get("/Type", "")) == "/MCR":
                owned[(k.Pg.objgen, int(k.MCID))] = e.objgen
    for i, page in enumerate(pdf.pages):
        mcids, bare, bad = page_marks(page)
        if bare:
            problems.append("%s: page %d has %d content operators outside marked content" % (desc, i + 1, bare))
        if bad:
            problems.append("%s: page %d: unbalanced or nested marked content" % (desc, i + 1))
        if str(page.obj.get("/Tabs", "")) != "/S":
            problems.append("%s: page %d without Tabs S" % (desc, i + 1))
        if not mcids:
            continue
        sp = page.obj.get("/StructParents")
        if sp is None or int(sp) not in ptree:
            problems.append("%s: page %d has no StructParents in the ParentTree" % (desc, i + 1))
            continue
        arr = ptree[int(sp)]
        for m in mcids:
            if m >= len(arr) or owned.get((page.obj.objgen, m)) != arr[m].objgen:
                problems.append("%s: page %d MCID %d: ParentTree and tree disagree" % (desc, i + 1, m))
        if len(set(mcids)) != len(mcids):
            problems.append("%s: page %d repeats an MCID" % (desc, i + 1))
        if sorted(m for (pg, m) in owned if pg == page.obj.objgen) != sorted(mcids):
            problems.append("%s: page %d: the tree's MCIDs differ from the content's" % (desc, i + 1))
        # Links: printed, described, and in a Link element through an OBJR.
        for a in page.obj.get("/Annots", []):
            if str(a.get("/Subtype")) != "/Link":
                continue
            if int(a.get("/F", 0)) != 4 or not str(a.get("/Contents", "")).strip():
                problems.append("%s: page %d: link without /F 4 or Contents" % (desc, i + 1))
            k = a.get("/StructParent")
            el = ptree.get(int(k)) if k is not None else None
            if el is None or str(el.get("/S")) != "/Link" or not any(
                    isinstance(x, pikepdf.Dictionary) and str(x.get("/Type", "")) == "/OBJR" and x.Obj.objgen == a.objgen
                    for x in struct_kids(el)):
                problems.append("%s: page %d: link annotation not in a Link element" % (desc, i + 1))
    problems.extend("%s: %s" % (desc, x) for x in unmapped_codes(pdf))


def tounicode_map(font):
    """Codes a Type0 font's ToUnicode CMap maps to text (bfchar and bfrange)."""
    tu = font.get("/ToUnicode")
    if tu is None:
        return set()
    cmap = tu.read_bytes().decode("latin-1")
    codes = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            if dst and dst.upper() not in ("0000", "FEFF", "FFFE"):
                codes.add(int(src, 16))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            codes.update(range(int(lo, 16), int(hi, 16) + 1))
    return codes


def unmapped_codes(pdf):
    """Every character code shown on a page maps to text through its font's ToUnicode."""
    out = []
    for i, page in enumerate(pdf.pages):
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        maps = {str(k): tounicode_map(v) for k, v in fonts.items()}
        font = None
        for operands, op in pikepdf.parse_content_stream(page):
            o = str(op)
            if o == "Tf":
                font = str(operands[0])
            elif o in ("TJ", "Tj") and font in maps:
                strings = [x for x in (operands[0] if o == "TJ" else [operands[0]]) if isinstance(x, pikepdf.String)]
                for st in strings:
                    b = bytes(st)
                    missing = {b[j] << 8 | b[j + 1] for j in range(0, len(b) - 1, 2)} - maps[font]
                    if missing:
                        out.append("page %d font %s: codes without text in ToUnicode: %s"
                                   % (i + 1, font, " ".join("%04X" % c for c in sorted(missing))))
    return out


STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "H", "H1", "H2", "H3", "H4", "H5", "H6", "P", "L", "LI", "Lbl", "LBody",
    "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
    "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure",
    "Formula", "Form",
}


def run_tree(ctx):
    require_pikepdf()
    problems = []
    made = render_all(ctx)
    # A link, so annotations are checked too.
    linked = ctx.out("link-en.json")
    art = json.load(open(seed(ctx, "en"), encoding="utf-8"))
    art["blocks"].insert(0, {"type": "paragraph", "text": [
        "See ", {"text": "the clinic's page on stem cell therapy, which explains every step", "href": "https://example.org/stem-cells"},
        " for more."]})
    json.dump(art, open(linked, "w", encoding="utf-8"), ensure_ascii=False)
    pdf = ctx.out("link-en.pdf")
    ctx.render([linked], ctx.src("layouts", "a4.json"), pdf)
    made.append((pdf, "en with a link", [linked]))
    # Links set in several runs (a phone number in Arabic), glyphs without text of their own
    # (a second glyph of one cluster in Naskh), a clinic's brand.
    for topic, layout, extra in (("showcase", "a4.json", []),
                                 ("wound-care", "a4-clinic.json", ["--brand", ctx.src("brands", "al-noor.json")])):
        for lang in ("en", "ar"):
            art = ctx.src("content", topic, lang + ".json")
            out = ctx.out("%s-%s.pdf" % (topic, lang))
            ctx.render([art], ctx.src("layouts", layout), out, extra)
            made.append((out, "%s %s with %s" % (topic, lang, layout), [art]))
    # Pictures with captions in both bilingual forms: each translation's figures and captions
    # in its own Part (they were all put in the first, and a caption then read as a table's).
    for layout, _ in bilingual_layouts(ctx):
        arts = [ctx.src("content", "wound-care", lang + ".json") for lang in ("en", "ar")]
        out = ctx.out("wound-care-%s.pdf" % layout[:-5])
        ctx.render(arts, ctx.src("layouts", layout), out)
        made.append((out, "wound-care en+ar with %s" % layout, arts))
    # A decorative picture with a caption (the picture is an artifact, so there is no Figure
    # for a Caption: it was a Table holding only a Caption) and a link in a list term (its
    # annotation was in the term's Strong, not a Link element), alone and side by side.
    tiny_png(ctx.out("deco.png"))
    odd = []
    for lang in ("en", "ar"):
        art = json.load(open(seed(ctx, lang), encoding="utf-8"))
        art["blocks"][1:1] = [
            {"type": "figure", "src": "deco.png", "alt": "", "decorative": True, "width": "30%",
             "caption": "Keep this leaflet." if lang == "en" else "احتفظ بهذه النشرة."},
            {"type": "list", "items": [
                {"term": [{"text": "Nurse line" if lang == "en" else "خط التمريض", "href": "tel:+15550100"}],
                 "text": "any day." if lang == "en" else "كل يوم."},
                {"term": ["Ward ", {"text": "page", "href": "https://example.org/ward"}], "text": "online."}]}]
        odd.append(ctx.out("odd-%s.json" % lang))
        json.dump(art, open(odd[-1], "w", encoding="utf-8"), ensure_ascii=False)
        pdf = ctx.out("odd-%s.pdf" % lang)
        ctx.render([odd[-1]], ctx.src("layouts", "a4.json"), pdf)
        made.append((pdf, "%s with a decorative captioned picture and linked list terms" % lang, [odd[-1]]))
    pdf = ctx.out("odd-parallel.pdf")
    ctx.render(odd, ctx.src("layouts", "bilingual-parallel.json"), pdf)
    made.append((pdf, "en+ar with a decorative captioned picture and linked list terms", odd))
    for path, desc, arts in made:
        before = len(problems)
        check_tree(path, desc, arts, problems)
        print("%s %s" % ("PASS" if len(problems) == before else "FAIL", desc))
    p = pikepdf.open(pdf)
    if not any(str(a.get("/Subtype")) == "/Link" for pg in p.pages for a in pg.obj.get("/Annots", [])):
        problems.append("the linked article has no link annotation")
    for x in problems[:40]:
        print("  " + x)
    return not problems


def run_bundled(ctx):
    require_pikepdf()
    out_dir = ctx.out("bundled")
    cmd = [ctx.handout, "batch", ctx.src("content", "manifest.json"), "--out-dir", out_dir, "--force", "--quiet"]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ctx.src())
    if r.returncode != 0:
        raise Fail("batch failed (%d): %s\n%s" % (r.returncode, " ".join(cmd), r.stderr))
    report = json.load(open(os.path.join(out_dir, "report.json"), encoding="utf-8"))
    problems = []
    for job in report["jobs"]:
        before = len(problems)
        check_tree(os.path.join(out_dir, job["output"]), job["output"],
                   [ctx.src(a) for a in job["articles"]], problems)
        print("%s %s" % ("PASS" if len(problems) == before else "FAIL", job["output"]))
    if len(report["jobs"]) < 50:
        problems.append("the bundled batch made %d handouts, expected at least 50" % len(report["jobs"]))
    for x in problems[:40]:
        print("  " + x)
    return not problems


# ---------------------------------------------------------------------------------------------
# order: pdfinfo -struct-text

def struct_text(pdf):
    # Read from the PDF's copy without /OutputIntents: the same text, 20 times faster
    # (poppler_struct.py; run_order checks the premise on its first file).
    rc, out, err = poppler_struct.pdfinfo_struct_text(poppler_struct.reading_copy(pdf))
    if rc != 0:
        raise Fail("pdfinfo -struct-text failed: " + err)
    lines = []
    for line in out.splitlines():
        m = re.match(r"^( *)([A-Za-z][A-Za-z0-9]*)( \((block|inline)\))?:?$", line)
        if m:
            lines.append(("elem", len(m.group(1)) // 2, m.group(2)))
        else:
            m = re.match(r'^( *)"(.*)"$', line)
            if m:
                lines.append(("text", len(m.group(1)) // 2, m.group(2)))
    return lines


def norm(s):
    return re.sub(r"\s+", "", s)


def run_order(ctx):
    require_tools("pdfinfo")
    problems = []
    cases = [(["en"], "a4.json"), (["ar"], "a4.json")]
    cases += [(["en", "ar"], name) for name, _ in bilingual_layouts(ctx)]
    for langs, layout in cases:
        arts = [seed(ctx, l) for l in langs]
        pdf = ctx.out("%s-%s.pdf" % ("-".join(langs), layout[:-5]))
        ctx.render(arts, ctx.src("layouts", layout), pdf)
        if (langs, layout) == cases[0]:
            differ = poppler_struct.same_text(pdf)
            if differ:
                problems.append(differ)
        lines = struct_text(pdf)
        ignore = {"Document", "Part", "Span", "Strong", "Em", "Link"}
        got = [t for kind, _, t in lines if kind == "elem" and t not in ignore]
        want = []
        for a in arts:
            want += expected_sequence(json.load(open(a, encoding="utf-8")))
        # poppler, like pdf.js, names role-mapped elements by their standard type.
        want = [ROLE_MAPPED.get(t, t) for t in want]
        desc = "%s with %s" % ("+".join(langs), layout)
        if got != want:
            i = next((k for k in range(min(len(got), len(want))) if got[k] != want[k]), min(len(got), len(want)))
            problems.append("%s: reading order differs at element %d: got %s, want %s" % (desc, i, got[i:i + 6], want[i:i + 6]))
        # English headings, word for word, in order (Arabic text order is the text layer's
        # business: poppler reads right-to-left runs in drawing order).
        a0 = json.load(open(arts[0], encoding="utf-8"))
        if a0["lang"] == "en":
            heads = []
            for k, (kind, d, t) in enumerate(lines):
                if kind == "elem" and re.fullmatch(r"H[1-6]", t):
                    text = ""
                    for kind2, d2, t2 in lines[k + 1:]:
                        if kind2 == "elem" and d2 <= d:
                            break
                        if kind2 == "text":
                            text += t2
                    heads.append(norm(text))
            for h in heading_texts(a0):
                if norm(h) not in heads:
                    problems.append("%s: heading %r not read as a heading" % (desc, h))
        print("%s %s: %d elements" % ("PASS" if not problems else "....", desc, len(got)))
    for x in problems:
        print("  " + x)
    return not problems


# ---------------------------------------------------------------------------------------------
# pdfjs

def pdfjs_dir(ctx):
    for d in (os.environ.get("HANDOUT_NODE_MODULES", ""), ctx.src("tests", "js", "node_modules")):
        if d and os.path.exists(os.path.join(d, "pdfjs-dist", "legacy", "build", "pdf.mjs")):
            return d
    return None


ROLE_MAPPED = {"Aside": "Sect", "Strong": "Span", "Em": "Span"}


def run_pdfjs(ctx):
    require_tools("node")
    mods = pdfjs_dir(ctx)
    if not mods:
        skip_or_fail("pdfjs-dist (scripts/setup.sh installs it into tests/js)")
    problems = []
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pdfjs_struct.mjs")
    cases = [(["en"], "a4.json"), (["ar"], "a4.json")] + [(["en", "ar"], n) for n, _ in bilingual_layouts(ctx)]
    for langs, layout in cases:
        arts = [seed(ctx, l) for l in langs]
        pdf = ctx.out("%s-%s.pdf" % ("-".join(langs), layout[:-5]))
        ctx.render(arts, ctx.src("layouts", layout), pdf)
        r = subprocess.run(["node", script, pdf], capture_output=True, text=True,
                           env=dict(os.environ, NODE_PATH=mods, HANDOUT_PDFJS=os.path.join(mods, "pdfjs-dist")))
        desc = "%s with %s" % ("+".join(langs), layout)
        if r.returncode != 0:
            problems.append("%s: pdf.js failed: %s" % (desc, r.stderr[-500:]))
            continue
        roles = json.loads(r.stdout)
        want = []
        for a in arts:
            want += expected_sequence(json.load(open(a, encoding="utf-8")))
        # pdf.js reports role-mapped types by the standard type they map to.
        want = [ROLE_MAPPED.get(t, t) for t in want]
        for role in sorted(set(want)):
            if roles.get(role, 0) < want.count(role):
                problems.append("%s: pdf.js sees %d %s, the article has %d" % (desc, roles.get(role, 0), role, want.count(role)))
        print("%s %s: %s" % ("PASS" if not problems else "....", desc, json.dumps(roles, sort_keys=True)))
    for x in problems:
        print("  " + x)
    return not problems


# ---------------------------------------------------------------------------------------------
# readers

# Debian's mupdf is built without an ICC engine; it says so on any file with an ICC profile.
MUTOOL_EXPECTED = re.compile(r"^warning: ICC support is not available$")


def run_readers(ctx):
    require_tools("qpdf", "gs", "mutool")
    problems = []
    for pdf, desc, _ in render_all(ctx):
        r = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
        if r.returncode != 0 or "No syntax or stream encoding errors" not in r.stdout or r.stderr.strip():
            problems.append("%s: qpdf --check: %s %s" % (desc, r.stdout[-300:], r.stderr[-300:]))
        r = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR", "-dPDFSTOPONWARNING",
                            "-sDEVICE=nullpage", pdf], capture_output=True, text=True)
        if r.returncode != 0 or r.stdout.strip() or r.stderr.strip():
            problems.append("%s: ghostscript: %s %s" % (desc, r.stdout[-300:], r.stderr[-300:]))
        r = subprocess.run(["mutool", "draw", "-q", "-o", "/dev/null", "-F", "txt", pdf], capture_output=True, text=True)
        noise = [l for l in r.stderr.splitlines() if l.strip() and not MUTOOL_EXPECTED.match(l.strip())]
        if r.returncode != 0 or noise:
            problems.append("%s: mutool: %s" % (desc, noise[:5]))
        print("%s %s" % ("PASS" if not problems else "....", desc))
    for x in problems:
        print("  " + x)
    return not problems


# ---------------------------------------------------------------------------------------------
# packed

SIZE_BUDGET = 8 * 1024  # what tagging and PDF/A may add to a seed handout


def run_packed(ctx):
    require_pikepdf()
    require_tools("qpdf", "pdfinfo")
    problems = []
    cases = [(["en"], "a4.json"), (["ar"], "a4.json"), (["en", "ar"], "bilingual-parallel.json")]
    for langs, layout in cases:
        arts = [seed(ctx, l) for l in langs]
        desc = "%s with %s" % ("+".join(langs), layout)
        base = ctx.out("packed-%s-%s" % ("-".join(langs), layout[:-5]))
        ctx.render(arts, ctx.src("layouts", layout), base + ".pdf")
        ctx.render(arts, ctx.src("layouts", layout), base + "-plain.pdf", ["--pdf-standard", "none"])
        pdf = base + ".pdf"
        tagged, plain = os.path.getsize(pdf), os.path.getsize(base + "-plain.pdf")
        print("%s: %d bytes tagged, %d untagged (+%d)" % (desc, tagged, plain, tagged - plain))
        if tagged - plain > SIZE_BUDGET:
            problems.append("%s: tagging adds %d bytes, over the budget of %d" % (desc, tagged - plain, SIZE_BUDGET))
        r = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
        if r.returncode != 0 or "No syntax or stream encoding errors" not in r.stdout or r.stderr.strip():
            problems.append("%s: qpdf --check: %s %s" % (desc, r.stdout[-300:], r.stderr[-300:]))
        r = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
        if r.returncode != 0 or r.stderr.strip() or not re.search(r"PDF version:\s+1\.7", r.stdout):
            problems.append("%s: pdfinfo: %s" % (desc, r.stderr[-300:]))
        data = open(pdf, "rb").read()
        if re.search(rb"(^|[\r\n])xref[\r\n]", data) or b"trailer" in data:
            problems.append("%s: a cross-reference table or trailer keyword (not a cross-reference stream)" % desc)
        r = subprocess.run(["qpdf", "--show-xref", pdf], capture_output=True, text=True)
        packed, loose = 0, []
        for line in r.stdout.splitlines():
            m = re.match(r"(\d+)/(\d+): (compressed|uncompressed)", line)
            if m and m.group(3) == "compressed":
                packed += 1
            elif m:
                loose.append((int(m.group(1)), int(m.group(2))))
        p = pikepdf.open(pdf)
        if str(p.trailer.get("/Type", "")) != "/XRef":
            problems.append("%s: the trailer is not a cross-reference stream" % desc)
        for key in ("/Root", "/Info", "/ID"):
            if key not in p.trailer:
                problems.append("%s: the cross-reference stream has no %s" % (desc, key))
        not_streams = [n for n, g in loose if not isinstance(p.get_object((n, g)), pikepdf.Stream)]
        if not_streams:
            problems.append("%s: %d objects outside object streams are not streams (%s)" % (desc, len(not_streams), not_streams[:5]))
        elems = len([o for o in p.objects if isinstance(o, pikepdf.Dictionary) and "/S" in o and "/P" in o])
        if packed < elems:
            problems.append("%s: %d objects in object streams, fewer than the %d structure elements" % (desc, packed, elems))
        print("%s %s: %d objects in object streams, %d at the top level" % ("PASS" if not problems else "....", desc, packed, len(loose)))
    for x in problems:
        print("  " + x)
    return not problems


# ---------------------------------------------------------------------------------------------
# standard

def tiny_png(path):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    w, h = 8, 8
    raw = b"".join(b"\x00" + b"\x20\x60\xa0" * w for _ in range(h))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)


def run_standard(ctx):
    require_pikepdf()
    problems = []
    en = seed(ctx, "en")
    a4 = ctx.src("layouts", "a4.json")
    default, explicit, plain = ctx.out("default.pdf"), ctx.out("explicit.pdf"), ctx.out("none.pdf")
    ctx.render([en], a4, default)
    ctx.render([en], a4, explicit, ["--pdf-standard", "ua-1,a-2a"])
    ctx.render([en], a4, plain, ["--pdf-standard", "none"])
    if open(default, "rb").read() != open(explicit, "rb").read():
        problems.append("the default differs from --pdf-standard ua-1,a-2a")
    again = ctx.out("again.pdf")
    ctx.render([en], a4, again)
    if open(default, "rb").read() != open(again, "rb").read():
        problems.append("two renders of the same input differ")
    p = pikepdf.open(plain)
    if "/StructTreeRoot" in p.Root or "/Metadata" in p.Root or "/OutputIntents" in p.Root:
        problems.append("--pdf-standard none still writes tags or PDF/A metadata")
    if open(plain, "rb").read(8) == b"%PDF-1.7":
        problems.append("--pdf-standard none claims PDF 1.7")
    r = ctx.render([en], a4, ctx.out("bad.pdf"), ["--pdf-standard", "ua-2"], expect_ok=False)
    if r.returncode != 64 or os.path.exists(ctx.out("bad.pdf")):
        problems.append("--pdf-standard ua-2 was not refused as a usage error, exit 64 (got %d)" % r.returncode)

    # batch takes --pdf-standard too: its default is render's file, "none" the plain one,
    # and a batch run again with another standard remakes its outputs.
    manifest = ctx.out("batch.json")
    json.dump({"jobs": [{"articles": [en], "layout": a4, "output": "seed-en.pdf"}]}, open(manifest, "w"))
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")

    def batch(out_dir, extra):
        cmd = [ctx.handout, "batch", manifest, "--out-dir", out_dir, "--quiet", "-j1", "--allow-path", ctx.source] + extra
        return subprocess.run(cmd, capture_output=True, text=True, env=env)
    bdir = ctx.out("batch-out")
    shutil.rmtree(bdir, ignore_errors=True)
    r = batch(bdir, [])
    if r.returncode != 0 or open(os.path.join(bdir, "seed-en.pdf"), "rb").read() != open(default, "rb").read():
        problems.append("batch's default differs from render's (exit %d): %s" % (r.returncode, r.stderr[-300:]))
    r = batch(bdir, ["--pdf-standard", "none"])
    if r.returncode != 0 or open(os.path.join(bdir, "seed-en.pdf"), "rb").read() != open(plain, "rb").read():
        problems.append("batch --pdf-standard none (run again over tagged outputs) is not render's plain file (exit %d): %s"
                        % (r.returncode, r.stderr[-300:]))
    r = batch(ctx.out("batch-bad"), ["--pdf-standard", "pdf/x"])
    if r.returncode != 64:
        problems.append("batch --pdf-standard pdf/x was not refused as a usage error, exit 64 (got %d)" % r.returncode)

    # A layout with a logo: next to a copy of a4.json, so the logo is in the layout's folder.
    spec = json.load(open(a4, encoding="utf-8"))
    fonts_dir = spec.get("fonts", {}).get("dir", "../fonts")
    spec.setdefault("fonts", {})["dir"] = os.path.normpath(os.path.join(ctx.src("layouts"), fonts_dir))
    if spec.get("hyphenation"):
        pass
    tiny_png(ctx.out("logo.png"))
    spec.setdefault("header", {})["logo"] = "logo.png"
    spec["header"].pop("logo_alt", None)
    text = json.dumps(spec, indent=2)
    no_alt = ctx.out("logo-no-alt.json")
    open(no_alt, "w", encoding="utf-8").write(text)
    out = ctx.out("logo-no-alt.pdf")
    if os.path.exists(out):
        os.remove(out)
    r = ctx.render([en], no_alt, out, ["--allow-path", ctx.source], expect_ok=False)
    line = next(i + 1 for i, l in enumerate(text.splitlines()) if '"logo"' in l)
    if r.returncode != 2 or os.path.exists(out):
        problems.append("a logo without logo_alt was not refused (exit %d)" % r.returncode)
    elif not re.search(r"logo-no-alt\.json:%d:\d+: error: .*logo_alt.*\(at /header/logo\)" % line, r.stderr):
        problems.append("the refusal does not say where: %r" % r.stderr)
    r = ctx.render([en], no_alt, out, ["--allow-path", ctx.source, "--pdf-standard", "none"], expect_ok=False)
    if r.returncode != 0:
        problems.append("--pdf-standard none refused a logo without alt text: %s" % r.stderr)
    spec["header"]["logo_alt"] = {"en": "Riverside Clinic", "ar": "عيادة ريفرسايد"}
    with_alt = ctx.out("logo-alt.json")
    json.dump(spec, open(with_alt, "w", encoding="utf-8"), ensure_ascii=False)
    out = ctx.out("logo-alt.pdf")
    ctx.render([en], with_alt, out, ["--allow-path", ctx.source])
    p = pikepdf.open(out)
    elems = []
    walk(p.Root.StructTreeRoot.K, 0, elems, "en")
    figs = [e for _, t, e, _ in elems if t == "Figure"]
    if len(figs) != 1 or str(figs[0].get("/Alt")) != "Riverside Clinic" or "/BBox" not in figs[0].get("/A", {}):
        problems.append("the logo is not one Figure with its Alt and BBox: %d figures" % len(figs))
    logos = 0
    for i, page in enumerate(p.pages):
        ops = [(list(o), str(op)) for o, op in pikepdf.parse_content_stream(page)]
        for k, (operands, op) in enumerate(ops):
            if op != "Do":
                continue
            tags = [str(o[0]) for o, oper in ops[:k] if oper == "BDC"]
            want = "/Figure" if logos == 0 else "/Artifact"
            logos += 1
            if not tags or tags[-1] != want:
                problems.append("page %d: the logo is marked %s, want %s" % (i + 1, tags[-1:] or None, want))
    if logos < 2:
        problems.append("the logo was drawn %d times, expected on several pages" % logos)
    for x in problems:
        print("  " + x)
    print("standard: %s" % ("PASS" if not problems else "FAIL"))
    return not problems


def figures_with_alt(pdf):
    """(Alt, Lang in force) of every Figure element, in reading order."""
    out = []
    walk(pdf.Root.StructTreeRoot.K, 0, out, str(pdf.Root.get("/Lang", "")))
    return [(str(e.get("/Alt", "")), lang) for _, s, e, lang in out if s == "Figure"]


def run_cells(ctx):
    """Empty table cells (a write-in column, blank rows of a form, an empty corner of the
    header) keep their place: every row of the tree has a TH or TD per column, empty where
    the article's cell is, so no cell is read under another column's header."""
    require_pikepdf()
    problems = []
    tables = {
        "en": [{"type": "table", "caption": "Blood test record", "header": ["Date", "INR", "Dose (mg)", "Signed"],
                "rows": [["", "", "", ""], ["12/01", "2.4", "", ""], ["", "", "5", "ok"], ["", "", "", ""]]},
               {"type": "table", "header": ["", "Morning", "Evening"],
                "rows": [["Monday", "", "1 tablet"], ["Tuesday", "1 tablet", ""]]}],
        "ar": [{"type": "table", "caption": "سجل فحوص الدم", "header": ["التاريخ", "INR", "الجرعة", "التوقيع"],
                "rows": [["", "", "", ""], ["12/01", "2.4", "", ""], ["", "", "5", "نعم"], ["", "", "", ""]]},
               {"type": "table", "header": ["", "صباحًا", "مساءً"],
                "rows": [["الاثنين", "", "قرص واحد"], ["الثلاثاء", "قرص واحد", ""]]}],
    }
    arts = {}
    for lang in ("en", "ar"):
        art = json.load(open(seed(ctx, lang), encoding="utf-8"))
        art["blocks"] = tables[lang] + art["blocks"]
        arts[lang] = ctx.out("cells-%s.json" % lang)
        json.dump(art, open(arts[lang], "w", encoding="utf-8"), ensure_ascii=False)
        # A brochure's panels hold less: the tables and the seed's first blocks.
        art["blocks"] = art["blocks"][:6]
        arts[lang + "-short"] = ctx.out("cells-%s-short.json" % lang)
        json.dump(art, open(arts[lang + "-short"], "w", encoding="utf-8"), ensure_ascii=False)
    cases = [([arts["en"]], "a4.json", [tables["en"]]), ([arts["ar"]], "a4.json", [tables["ar"]]),
             ([arts["ar"]], "booklet-a5.json", [tables["ar"]]), ([arts["en-short"]], "trifold-a4.json", [tables["en"]]),
             ([arts["ar-short"]], "trifold-letter.json", [tables["ar"]])]
    cases += [([arts["en"], arts["ar"]], name, [tables["en"], tables["ar"]]) for name, _ in bilingual_layouts(ctx)]
    for articles, layout, want_sides in cases:
        desc = "%s with %s" % ("+".join(os.path.basename(a) for a in articles), layout)
        pdf_path = ctx.out("cells-%d.pdf" % len(os.listdir(ctx.work)))
        ctx.render(articles, ctx.src("layouts", layout), pdf_path)
        pdf = pikepdf.open(pdf_path)
        elems = []
        walk(pdf.Root.StructTreeRoot.K, 0, elems, "")
        found = [e for _, s, e, _ in elems if s == "Table"]
        want = [t for side in want_sides for t in side]
        before = len(problems)
        # The article's first two tables of each side are these (the seed has tables of its own after).
        got = []
        for table in found:
            rows = []
            for group in struct_kids(table):
                if not isinstance(group, pikepdf.Dictionary) or str(group.get("/S")) not in ("/THead", "/TBody"):
                    continue
                for tr in struct_kids(group):
                    rows.append([(str(c["/S"])[1:], bool(struct_kids(c))) for c in struct_kids(tr)])
            got.append(rows)
        for t in want:
            expect = [[("TH", c != "") for c in t["header"]]] + [[("TD", c != "") for c in r] for r in t["rows"]]
            if expect not in got:
                problems.append("%s: no table reads as %s; rows of the tables found: %s" % (desc, expect, got[:4]))
        print("%s %s" % ("PASS" if len(problems) == before else "FAIL", desc))
    for x in problems[:20]:
        print("  " + x)
    return not problems


def run_qralt(ctx):
    """A QR code's alternative text says that it is a QR code and where it leads (a web page,
    a phone number to call, an address to write to), in the article's language; the code a
    layout draws on every page is a Figure once and an artifact on the pages after."""
    require_pikepdf()
    problems = []
    # (data, its text by language): Persian and Urdu in their own words (they were read in English).
    codes = [("https://example.org/af/video", {"en": "QR code to the web page https://example.org/af/video",
                                                "ar": "رمز QR لصفحة الويب https://example.org/af/video",
                                                "fa": "کد QR صفحهٔ وب https://example.org/af/video",
                                                "ur": "ویب صفحے کا QR کوڈ https://example.org/af/video"}),
             ("tel:+441234567890", {"en": "QR code to call +441234567890", "ar": "رمز QR للاتصال بالرقم +441234567890",
                                    "fa": "کد QR برای تماس با شمارهٔ +441234567890",
                                    "ur": "نمبر ملانے کا QR کوڈ +441234567890"}),
             ("mailto:af.nurse@example.org?subject=AF", {"en": "QR code to write an e-mail to af.nurse@example.org",
                                                         "ar": "رمز QR لكتابة بريد إلكتروني إلى af.nurse@example.org",
                                                         "fa": "کد QR برای نوشتن ایمیل به af.nurse@example.org",
                                                         "ur": "ای میل لکھنے کا QR کوڈ af.nurse@example.org"})]
    for lang in ("en", "ar", "fr", "fa", "ur"):
        art = json.load(open(seed(ctx, "ar" if lang in ("ar", "fa", "ur") else "en"), encoding="utf-8"))
        art["lang"] = lang
        art["blocks"] += [{"type": "qr", "data": data, "size": "25mm"} for data, _ in codes]
        path = ctx.out("qr-%s.json" % lang)
        json.dump(art, open(path, "w", encoding="utf-8"), ensure_ascii=False)
        pdf_path = ctx.out("qr-%s.pdf" % lang)
        ctx.render([path], ctx.src("layouts", "a4.json"), pdf_path)
        figs = figures_with_alt(pikepdf.open(pdf_path))
        want = [(text["en" if lang == "fr" else lang], "en" if lang == "fr" else lang) for _, text in codes]
        got = [f for f in figs if "QR" in f[0] or any(d in f[0] for d, _ in codes)]
        if got != want:
            problems.append("%s: QR figures read %s, want %s" % (lang, got, want))
    # The furniture's code (a4-clinic's footer draws the article's meta.url on every page).
    for lang in ("en", "ar"):
        art = ctx.src("content", "wound-care", lang + ".json")
        url = json.load(open(art, encoding="utf-8"))["meta"]["url"]
        pdf_path = ctx.out("qr-clinic-%s.pdf" % lang)
        ctx.render([art], ctx.src("layouts", "a4-clinic.json"), pdf_path, ["--brand", ctx.src("brands", "al-noor.json")])
        pdf = pikepdf.open(pdf_path)
        figs = [a for a, _ in figures_with_alt(pdf) if url in a]
        if len(pdf.pages) < 2 or len(figs) != 1:
            problems.append("%s with a4-clinic: %d pages and %d Figures for the footer's QR code (want 1): %s"
                            % (lang, len(pdf.pages), len(figs), figs))
        elif not figs[0].startswith("رمز QR" if lang == "ar" else "QR code"):
            problems.append("%s with a4-clinic: the footer's QR code reads %r" % (lang, figs[0]))
    for x in problems:
        print("FAIL " + x)
    if not problems:
        print("PASS QR codes in en, ar, fr, fa and ur; the footer's code in en and ar")
    return not problems


def parent_tree_map(pdf):
    """StructParent key -> element, from the ParentTree's /Nums (and /Kids)."""
    out = {}

    def visit(node):
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums), 2):
                out[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            visit(kid)
    visit(pdf.Root.StructTreeRoot.ParentTree)
    return out


def zbar_codes(png):
    r = subprocess.run(["zbarimg", "--quiet", "--raw", png], capture_output=True, text=True)
    return sorted(line for line in r.stdout.splitlines() if line)


def run_qrlinks(ctx):
    """A QR code printed on paper is a link on screen too (a handout sent by e-mail or put on
    a website): every code has a Link annotation over it to what it encodes; tagged, the
    annotation belongs to a Link element holding the code's Figure (PDF/UA: a link
    annotation is in a Link element and described by /Contents)."""
    require_pikepdf()
    require_tools("pdftoppm", "zbarimg")
    problems = []
    # The seed with a code of each kind, in a4-clinic (its footer draws meta.url on every
    # page) with a brand, a tri-fold (a panel's code), a booklet (sheets) and untagged.
    codes = ["https://example.org/af/video", "tel:+441234567890", "mailto:af.nurse@example.org?subject=AF"]
    arts = {}
    for lang in ("en", "ar"):
        art = json.load(open(seed(ctx, lang), encoding="utf-8"))
        art.setdefault("meta", {})["url"] = "https://example.org/af/" + lang
        blocks = art["blocks"]
        for name, kept in ((lang, blocks), (lang + "-short", blocks[:4])):
            art["blocks"] = kept[:4] + [{"type": "qr", "data": d, "size": "25mm"} for d in codes] + kept[4:]
            arts[name] = ctx.out("qrlinks-%s.json" % name)
            json.dump(art, open(arts[name], "w", encoding="utf-8"), ensure_ascii=False)
    cases = [("en", "a4-clinic.json", ["--brand", ctx.src("brands", "riverside.json")], True),
             ("ar", "a4-clinic.json", ["--brand", ctx.src("brands", "al-noor.json")], True),
             ("en-short", "trifold-a4.json", [], True), ("ar", "booklet-a5.json", [], True),
             ("en", "a4-clinic.json", ["--pdf-standard", "none"], False)]
    for lang, layout, extra, tagged in cases:
        desc = "%s with %s%s" % (lang, layout, " " + " ".join(os.path.basename(x) for x in extra) if extra else "")
        pdf_path = ctx.out("qrlinks-%d.pdf" % len([f for f in os.listdir(ctx.work) if f.endswith(".pdf")]))
        ctx.render([arts[lang]], ctx.src("layouts", layout), pdf_path, extra)
        pdf = pikepdf.open(pdf_path)
        by_key = parent_tree_map(pdf) if tagged else {}
        links_of_elem = {}
        before = len(problems)
        total = 0
        for n, page in enumerate(pdf.pages, 1):
            png = ctx.out("qrlinks-page")
            subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", str(n), "-l", str(n), "-singlefile",
                            pdf_path, png], check=True)
            on_page = zbar_codes(png + ".png")
            want = [c for c in on_page if c in codes or c.startswith("https://example.org/af/")]
            height = float(page.MediaBox[3]) - float(page.MediaBox[1])
            qr_annots = []
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Link" or "/A" not in annot:
                    continue
                uri = str(annot.A.get("/URI", ""))
                if uri not in want:
                    continue
                x0, y0, x1, y1 = [float(v) for v in annot.Rect]
                # The annotation's rectangle alone, rendered: it must be the code of its URI.
                crop = ctx.out("qrlinks-crop")
                subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", str(n), "-l", str(n), "-singlefile",
                                "-x", str(int(x0 * 200 / 72)), "-y", str(int((height - y1) * 200 / 72)),
                                "-W", str(int((x1 - x0) * 200 / 72) + 1), "-H", str(int((y1 - y0) * 200 / 72) + 1),
                                pdf_path, crop], check=True)
                read = zbar_codes(crop + ".png")
                if read != [uri]:
                    problems.append("%s page %d: the link to %s covers a code that reads %s" % (desc, n, uri, read))
                qr_annots.append(uri)
                if tagged:
                    elem = by_key.get(int(annot.get("/StructParent", -1)))
                    kids = struct_kids(elem) if elem is not None else []
                    figs = [k for k in kids if isinstance(k, pikepdf.Dictionary) and str(k.get("/S")) == "/Figure"]
                    objr = [k for k in kids if isinstance(k, pikepdf.Dictionary) and str(k.get("/Type")) == "/OBJR"]
                    if elem is None or str(elem.get("/S")) != "/Link" or len(figs) != 1:
                        problems.append("%s page %d: the link to %s is not in a Link element holding its Figure (%s)"
                                        % (desc, n, uri, elem.get("/S") if elem is not None else None))
                    elif str(annot.get("/Contents", "")) != str(figs[0].get("/Alt", "")) or uri.split("?")[0].split(":")[-1] \
                            not in str(annot.get("/Contents", "")):
                        problems.append("%s page %d: the link to %s says %r, its Figure %r" % (
                            desc, n, uri, str(annot.get("/Contents", "")), str(figs[0].get("/Alt", ""))))
                    elif not any(o.Obj.objgen == annot.objgen for o in objr):
                        problems.append("%s page %d: the Link element of %s does not hold its annotation" % (desc, n, uri))
                    else:
                        links_of_elem.setdefault(uri, set()).add(elem.objgen)
            if sorted(qr_annots) != want:
                problems.append("%s page %d: links over QR codes %s, codes read %s" % (desc, n, sorted(qr_annots), want))
            total += len(want)
        # A code drawn on every page is one Link element (read once), clickable on each page.
        for uri, elems in links_of_elem.items():
            if len(elems) != 1:
                problems.append("%s: the code of %s is %d Link elements" % (desc, uri, len(elems)))
        if total < len(codes) + (len(pdf.pages) if layout == "a4-clinic.json" else 0):
            problems.append("%s: only %d QR codes read" % (desc, total))
        print("%s %s (%d codes)" % ("PASS" if len(problems) == before else "FAIL", desc, total))
    for x in problems[:20]:
        print("  " + x)
    return not problems


def tounicode_text(font):
    """Code -> text of a Type0 font's ToUnicode CMap (bfchar entries and bfranges)."""
    tu = font.get("/ToUnicode")
    out = {}
    if tu is None:
        return out
    cmap = tu.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(dst, 16)
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(first + k)
    return out


def mcid_texts(pdf):
    """(page index, MCID) -> the text its glyphs stand for (ToUnicode, content order)."""
    texts = {}
    for i, page in enumerate(pdf.pages):
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        maps = {str(k): tounicode_text(v) for k, v in fonts.items()}
        font, stack = None, []
        for operands, op in pikepdf.parse_content_stream(page):
            o = str(op)
            if o == "BDC":
                props = operands[1]
                stack.append(int(props["/MCID"]) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None)
            elif o == "BMC":
                stack.append(None)
            elif o == "EMC" and stack:
                stack.pop()
            elif o == "Tf":
                font = str(operands[0])
            elif o in ("TJ", "Tj") and font in maps:
                mcid = next((m for m in reversed(stack) if m is not None), None)
                if mcid is None:
                    continue
                for st in [x for x in (operands[0] if o == "TJ" else [operands[0]]) if isinstance(x, pikepdf.String)]:
                    b = bytes(st)
                    texts[(i, mcid)] = texts.get((i, mcid), "") + "".join(
                        maps[font].get(b[j] << 8 | b[j + 1], "") for j in range(0, len(b) - 1, 2))
    return texts


def run_spanlang(ctx):
    """Words the author did not mark as another language (drug names, "MRI" and "ECG" in an
    Arabic sentence, an Arabic word in an English one) are a Span with that language, in
    paragraphs, headings, list items and table cells; numbers get none; the other side of a
    bilingual handout names the language when it is written in that script (French beside
    Arabic, Yiddish beside English), else the script's likely language (Hebrew in English);
    a Latin word with a Greek letter ("β-blockers", "μg") is one English word. Each such word is one Span
    with what touches it (the "°" of "°C", the "4" of "4B", a digit or sign in another run or
    font; a Span boundary there made two words of it for pdfinfo -struct-text), and a web
    address broken at a line end is one Span across the lines."""
    require_pikepdf()
    require_tools("pdftotext", "node")
    problems = []
    latin = ["MRI", "ECG", "Warfarin", "INR"]
    url = "https://example.org/orthopaedics/knee-replacement/exercises/week-by-week-programme"
    whole = ["°C", "5mg", "B12", "4B", url, "knee.rehabilitation@example.org"]
    arabic = ["الوارفارين", "تخطيط"]
    ar = {"lang": "ar", "title": "فحص القلب ECG", "blocks": [
        {"type": "paragraph", "text": "قد يطلب طبيبك فحص MRI أو تخطيط القلب ECG خلال 24 ساعة."},
        {"type": "heading", "level": 1, "text": "دواء Warfarin"},
        {"type": "list", "items": ["قيس INR كل أسبوع", "اشرب 2 لتر من الماء"]},
        {"type": "table", "header": ["الفحص", "النتيجة"], "rows": [["INR", "2.5"]]},
        {"type": "paragraph", "text": "أدوية β-blockers بجرعة 50 μg يوميًا."},
        {"type": "paragraph", "text": "احفظ الدواء في 2–8 °C وخذ 5mg من فيتامين B12 مع فحص 4B، وشاهد التمارين على "
                                      + url + " أو راسل knee.rehabilitation@example.org في أي وقت."}]}
    en = {"lang": "en", "title": "Heart tests", "blocks": [
        {"type": "paragraph", "text": "Your doctor may call warfarin الوارفارين and an ECG تخطيط in Arabic."},
        {"type": "heading", "level": 1, "text": "Medicine"}]}
    fr = {"lang": "fr", "title": "Examens du cœur", "blocks": [
        {"type": "paragraph", "text": "Votre médecin peut demander الوارفارين et un ECG."},
        {"type": "heading", "level": 1, "text": "Médicament"},
        {"type": "list", "items": ["Mesurez l'INR", "Buvez 2 litres"]},
        {"type": "table", "header": ["Examen", "Résultat"], "rows": [["INR", "2.5"]]},
        {"type": "paragraph", "text": "Les bêtabloquants, 50 µg par jour."},
        {"type": "paragraph", "text": "Conservez le médicament entre 2 et 8 °C et écrivez-nous."}]}
    paths = {}
    for name, art in (("ar", ar), ("en", en), ("fr", fr)):
        paths[name] = ctx.out("spanlang-%s.json" % name)
        json.dump(art, open(paths[name], "w", encoding="utf-8"), ensure_ascii=False)
    # A French and Arabic handout: bilingual-parallel.json with French in English's place.
    spec = json.load(open(ctx.src("layouts", "bilingual-parallel.json"), encoding="utf-8"))
    spec["bilingual"]["order"] = ["fr", "ar"]
    spec["fonts"]["dir"] = ctx.src("fonts")
    spec.pop("$schema", None)
    fr_ar = ctx.out("spanlang-fr-ar.json")
    json.dump(spec, open(fr_ar, "w", encoding="utf-8"))
    # Hebrew letters: no bundled font has them, so a copy of Noto Sans draws them with its
    # Cyrillic capitals (none of which the articles use, so each glyph keeps one meaning in
    # the text layer). An English handout with a Hebrew word, and an English and Yiddish
    # one: the language of a script comes from one look-up (core/lang.h), not a list of
    # Arabic-script languages, so Hebrew letters in English read as Hebrew, and beside a
    # Yiddish side as Yiddish, and the Yiddish side's Latin words as English.
    from fontTools.ttLib import TTFont
    font = TTFont(ctx.src("fonts", "NotoSans-Regular.ttf"))
    for table in font["cmap"].tables:
        if table.isUnicode():
            for k in range(0x05EA - 0x05D0 + 1):
                table.cmap[0x05D0 + k] = table.cmap[0x0410 + k]
            # The points (sheva to dagesh) drawn with combining accents (U+0300-U+030C).
            for k in range(0x05BC - 0x05B0 + 1):
                table.cmap[0x05B0 + k] = table.cmap[0x0300 + k]
    font.save(ctx.out("hebrew-test.ttf"))
    spec = json.load(open(ctx.src("layouts", "bilingual-parallel.json"), encoding="utf-8"))
    spec["fonts"]["families"]["Hebrew Test"] = {"regular": ctx.out("hebrew-test.ttf")}
    spec["fonts"]["scripts"]["default"].append("Hebrew Test")
    spec["fonts"]["dir"] = ctx.src("fonts")
    spec["bilingual"]["order"] = ["en", "yi"]
    spec.pop("$schema", None)
    en_yi = ctx.out("spanlang-en-yi.json")
    json.dump(spec, open(en_yi, "w", encoding="utf-8"))
    a4 = json.load(open(ctx.src("layouts", "a4.json"), encoding="utf-8"))
    a4["fonts"] = spec["fonts"]
    a4.pop("$schema", None)
    a4_hebrew = ctx.out("spanlang-a4-hebrew.json")
    json.dump(a4, open(a4_hebrew, "w", encoding="utf-8"))
    hebrew = ["שלום", "רופא"]
    en_he = {"lang": "en", "title": "Greetings", "blocks": [
        {"type": "paragraph", "text": "Your doctor may say שלום when you arrive and call the nurse רופא by mistake."},
        {"type": "heading", "level": 1, "text": "Visits"}]}
    yi = {"lang": "yi", "title": "באזוכן", "blocks": [
        {"type": "paragraph", "text": "דער דאקטער קען בעטן MRI אדער ECG היינט."},
        {"type": "heading", "level": 1, "text": "Warfarin"}]}
    for name, art in (("en-he", en_he), ("yi", yi)):
        paths[name] = ctx.out("spanlang-%s.json" % name)
        json.dump(art, open(paths[name], "w", encoding="utf-8"), ensure_ascii=False)
    # A Greek letter in a Latin word is set in a run of its own script: one word, English.
    whole_ar = whole + ["β-blockers", "μg"]
    cases = [([paths["ar"]], "a4.json", {"en": latin}, "ar", {"en": whole_ar}),
             ([paths["en"]], "a4.json", {"ar": arabic}, "en", {}),
             ([paths["ar"]], "booklet-a5.json", {"en": latin}, "ar", {"en": whole_ar}),
             ([paths["fr"], paths["ar"]], fr_ar, {"fr": latin, "ar": ["الوارفارين"]}, None, {"fr": whole}),
             ([paths["en-he"]], a4_hebrew, {"he": hebrew}, "en", {}),
             ([paths["en-he"], paths["yi"]], en_yi, {"yi": hebrew, "en": ["MRI", "ECG", "Warfarin"]}, None, {})]
    for articles, layout, want, doc_lang, want_whole in cases:
        desc = "%s with %s" % ("+".join(os.path.basename(a) for a in articles), os.path.basename(layout))
        pdf_path = ctx.out("spanlang-%d.pdf" % len(os.listdir(ctx.work)))
        ctx.render(articles, ctx.src("layouts", layout), pdf_path, ["--allow-path", ctx.src("fonts"), "--allow-path", ctx.work])
        pdf = pikepdf.open(pdf_path)
        texts = mcid_texts(pdf)
        page_of = {p.objgen: i for i, p in enumerate(pdf.pages)}
        elems = []
        walk(pdf.Root.StructTreeRoot.K, 0, elems, str(pdf.Root.get("/Lang", "")))
        spoken = {}  # language -> text of the MCIDs read in it
        own = {}  # language -> the text of each element's own MCIDs, one string an element
        for _, _, e, lang in elems:
            pg = page_of.get(e["/Pg"].objgen) if "/Pg" in e else None
            mine = ""
            for k in struct_kids(e):
                if isinstance(k, int) and pg is not None:
                    mine += texts.get((pg, k), "")
                    spoken[lang] = spoken.get(lang, "") + " " + texts.get((pg, k), "")
                elif isinstance(k, pikepdf.Dictionary) and str(k.get("/Type", "")) == "/MCR":
                    mine += texts.get((page_of[k["/Pg"].objgen], int(k["/MCID"])), "")
                    spoken[lang] = spoken.get(lang, "") + " " + texts.get((page_of[k["/Pg"].objgen], int(k["/MCID"])), "")
            own.setdefault(lang, []).append("".join(c for c in mine if unicodedata.category(c) != "Cf"))
        before = len(problems)
        for lang, words in want_whole.items():
            for w in words:
                if not any(w in t for t in own.get(lang, [])):
                    problems.append("%s: %r is not one element read as %s (its elements: %s)"
                                    % (desc, w, lang, [t for ts in own.values() for t in ts if w[:2] in t or w[-2:] in t]))
        for lang, words in want.items():
            for w in words:
                if w not in spoken.get(lang, "") and w[::-1] not in spoken.get(lang, ""):
                    problems.append("%s: %r is not read as %s (text read in each language: %s)" % (desc, w, lang, spoken))
        if doc_lang:
            for w in ("24", "2.5", "2–8"):
                if doc_lang == "ar" and w not in spoken.get("ar", ""):
                    problems.append("%s: the number %s is not read in the paragraph's language" % (desc, w))
        print("%s %s" % ("PASS" if len(problems) == before else "FAIL", desc))
    # A Hebrew article's invisible direction marks (a Latin word's or number's edge, a list
    # number's end, the spacing glyph before a pointed word for pdf.js) stand for U+061C ARABIC
    # LETTER MARK, as in Arabic: U+200F RIGHT-TO-LEFT MARK, the mark of Hebrew text, is no
    # right-to-left character to poppler (it dropped the space after "MRI" and read the list
    # numbers after their items) nor to pdf.js (its bidi table counts it left to right: the
    # pointed word "לְךָ" went to the end of the line before). Both read the text in order.
    he = {"lang": "he", "title": "ביקור", "blocks": [
        {"type": "paragraph", "text": "הרופא יבקש MRI או ECG היום בשעה 10 בבוקר."},
        {"type": "list", "ordered": True, "items": ["שלום לְךָ", "רופא"]},
        {"type": "paragraph", "text": "שלום לְךָ"}]}
    he_path = ctx.out("spanlang-he.json")
    json.dump(he, open(he_path, "w", encoding="utf-8"), ensure_ascii=False)
    before = len(problems)
    pdf_path = ctx.out("spanlang-he.pdf")
    ctx.render([he_path], a4_hebrew, pdf_path, ["--allow-path", ctx.src("fonts"), "--allow-path", ctx.work])
    controls = "[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2060]"
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf_path, "-"], capture_output=True, text=True).stdout
    plain = re.sub(controls, "", out)
    for words in ("הרופא יבקש MRI או ECG היום בשעה 10 בבוקר.", "שלום לְךָ"):
        if words not in plain:
            problems.append("Hebrew article: pdftotext does not give %r: %r" % (words, plain[:300]))
    script = ctx.src("tests", "js", "pdfjs_text.mjs")
    js = subprocess.run(["node", script, pdf_path], capture_output=True, text=True, cwd=os.path.dirname(script))
    lines = [re.sub(controls, "", line).strip() for line in js.stdout.split("\n")]
    if js.returncode != 0 or "שלום לְךָ" not in lines:
        problems.append("Hebrew article: pdf.js does not give the line 'שלום לְךָ': %r %s" % (lines, js.stderr[-300:]))
    print("%s Hebrew article's direction marks" % ("PASS" if len(problems) == before else "FAIL"))
    for x in problems[:20]:
        print("  " + x[:600])
    return not problems


def main():
    checks = {"tree": run_tree, "bundled": run_bundled, "order": run_order, "pdfjs": run_pdfjs, "readers": run_readers,
              "packed": run_packed, "standard": run_standard,
              "cells": run_cells, "qralt": run_qralt, "qrlinks": run_qrlinks, "spanlang": run_spanlang}
    args = parse_check_args(checks, __doc__)
    ctx = Ctx(args)
    try:
        ok = checks[args.check](ctx)
    except Fail as e:
        print("FAIL: %s" % e)
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
