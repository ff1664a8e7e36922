"""What editors show from the schemas, checked against the engine (used by schema_checks.py).

    annotations  every property of the four schemas has a description and examples; the page
                 sizes and common language tags are offered as suggestions (an "enum" inside an
                 "anyOf" that also holds the general rule), so an editor completes them without
                 forbidding other valid values
    examples     every example and every default validates against its own property schema,
                 with python-jsonschema and with ajv (strict); every example, and every
                 suggested page size and language tag, is accepted by `handout validate` when
                 put in place in a valid article, layout, manifest or brand
    defaults     every "default" is the engine's: a handout rendered without the property and
                 one rendered with the property set to its default are the same bytes
                 (SOURCE_DATE_EPOCH fixed), and where an example differs from the default,
                 rendering it changes the bytes (so the comparison can see the property)
"""

import copy
import json
import os
import re
import subprocess
import warnings

SOURCE_DATE_EPOCH = "1700000000"
LOGO = "clinic-logo.png"  # beside the context layouts: a link to brands/riverside-logo.png


class Fail(Exception):
    pass


def properties(node, ptr=""):
    """(schema pointer, subschema) of every entry of every "properties" in a schema."""
    if isinstance(node, dict):
        for key, sub in node.items():
            if key in ("if", "not"):  # conditions, not properties a document has
                continue
            p = ptr + "/" + key.replace("~", "~0").replace("/", "~1")
            if key == "properties" and isinstance(sub, dict):
                for name, s in sub.items():
                    if isinstance(s, dict):
                        yield p + "/" + name.replace("~", "~0").replace("/", "~1"), s
            yield from properties(sub, p)
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from properties(sub, "%s/%d" % (ptr, i))


def tokens(ptr):
    return [t.replace("~1", "/").replace("~0", "~") for t in ptr.split("/")[1:]]


def resolve(doc, ptr):
    for t in tokens(ptr):
        doc = doc[int(t)] if isinstance(doc, list) else doc[t]
    return doc


def parent_of(doc, ptr):
    """The container of the last token of ptr (objects on the way created), and that token."""
    parts = tokens(ptr)
    cur = doc
    for t in parts[:-1]:
        if isinstance(cur, list):
            cur = cur[int(t)]
        else:
            if not isinstance(cur.get(t), (dict, list)):
                cur[t] = {}
            cur = cur[t]
    return cur, parts[-1]


def set_at(doc, ptr, value):
    cur, key = parent_of(doc, ptr)
    cur[int(key) if isinstance(cur, list) else key] = value


def remove_at(doc, ptr):
    cur, key = parent_of(doc, ptr)
    cur.pop(key, None)


# Where in a document each definition's properties live, and the smallest valid block of
# each kind (an article's context).
MIN_BLOCK = {
    "heading": {"type": "heading", "level": 1, "text": "When to call us"},
    "paragraph": {"type": "paragraph", "text": ["Keep the dressing ", {"text": "dry"}, " for two days, then change it."]},
    "list": {"type": "list", "items": ["Wash your hands.", {"term": "Hydration:", "text": "Drink water."}]},
    "table": {"type": "table", "header": ["Day", "What to do"], "rows": [["1", "Keep the dressing on."]]},
    "faq": {"type": "faq", "items": [{"question": "Can I shower?", "answer": "Yes, after two days."}]},
    "callout": {"type": "callout", "text": "Call us if the bleeding does not stop."},
    "figure": {"type": "figure", "src": "images/hand-washing.png", "alt": "Two soapy hands under a tap."},
    "qr": {"type": "qr", "data": "https://example.org/handouts/wound-care"},
}
ARTICLE_DEFS = {"Meta": ("/meta", None), "Span": ("/blocks/0/text/1", "paragraph"), "Block": ("/blocks/0", "paragraph"),
                "TermItem": ("/blocks/0/items/1", "list"), "FaqItem": ("/blocks/0/items/0", "faq")}
for _kind in MIN_BLOCK:
    ARTICLE_DEFS[_kind.capitalize()] = ("/blocks/0", _kind)
LAYOUT_DEFS = {"textStyle": "/styles/body", "furniture": "/header"}
MANIFEST_DEFS = {"matrix": "/matrix"}


def instance_pointer(kind, sptr):
    """The place in a document a property at schema pointer `sptr` describes, and the block
    kind an article needs for it (None if any)."""
    parts = tokens(sptr)
    out, block, i = "", None, 0
    if parts[0] == "$defs":
        name = parts[1]
        if kind == "article":
            out, block = ARTICLE_DEFS[name]
        else:
            out = {"layout": LAYOUT_DEFS, "manifest": MANIFEST_DEFS}[kind].get(name)
            if out is None:
                return None, None
        i = 2
    while i < len(parts):
        t = parts[i]
        if t == "properties":
            out += "/" + parts[i + 1].replace("~", "~0").replace("/", "~1")
            i += 2
        elif t in ("anyOf", "oneOf", "allOf"):
            i += 2
        elif t == "additionalProperties":
            out += "/Noto Sans"  # the one map with per-entry properties: fonts.families
            i += 1
        elif t == "items":
            out += "/0"
            i += 1
        else:
            return None, None
    return out, block


class Project:
    """A project folder in the work dir, laid out like the repository (fonts/, layouts/,
    content/, brands/), whose data are links into the source tree: documents written into
    it resolve their relative paths as the bundled ones do."""

    def __init__(self, ctx):
        self.ctx = ctx
        src = ctx.source
        self.root = os.path.join(ctx.work, "project")
        for d in ("layouts", "content/context", "brands"):  # context: a folder per article
            os.makedirs(os.path.join(self.root, d), exist_ok=True)
        os.symlink(os.path.join(src, "fonts"), os.path.join(self.root, "fonts"))
        os.symlink(os.path.join(src, "layouts", "hyphenation"), os.path.join(self.root, "layouts", "hyphenation"))
        os.symlink(os.path.join(src, "brands", "riverside-logo.png"), os.path.join(self.root, "layouts", LOGO))
        for name in os.listdir(os.path.join(src, "brands")):  # logos, and brands a manifest names
            if name.endswith(".png") or (name.endswith(".json") and not name.endswith(".schema.json")):
                os.symlink(os.path.join(src, "brands", name), os.path.join(self.root, "brands", name))
        for name in sorted(os.listdir(os.path.join(src, "content"))):
            if os.path.isdir(os.path.join(src, "content", name)):
                os.symlink(os.path.join(src, "content", name), os.path.join(self.root, "content", name))
        for name in sorted(os.listdir(os.path.join(src, "layouts"))):
            if name.endswith(".json") and not name.endswith(".schema.json"):
                with open(os.path.join(self.root, "layouts", name), "w", encoding="utf-8") as f:
                    json.dump(ctx.load(os.path.join(src, "layouts", name)), f)
        self.count = 0

    def folder(self, kind):
        return os.path.join(self.root, {"article": "content/context", "layout": "layouts",
                                        "manifest": "content", "brand": "brands"}[kind])

    def write(self, kind, doc, stem="context"):
        self.count += 1
        folder = self.folder(kind)
        if kind == "article":  # a folder each: articles in one folder are checked as translations
            folder = os.path.join(folder, str(self.count))
            os.makedirs(folder)
            os.symlink(os.path.join(self.ctx.source, "content", "showcase", "images"), os.path.join(folder, "images"))
        path = os.path.join(folder, "%s-%d.json" % (stem, self.count))
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
        return path

    def layout(self, name):
        return self.ctx.load(os.path.join(self.ctx.source, "layouts", name))

    def base(self, kind, iptr, block):
        """A valid document of `kind` in which a value may be put at instance pointer iptr."""
        if kind == "article":
            doc = {"lang": "en", "title": ["Caring for your wound ", {"text": "at home"}],
                   "meta": {"version": "1.0", "reviewed": "2026-11-30"},
                   "blocks": [copy.deepcopy(MIN_BLOCK[block or "paragraph"])]}
            return doc
        if kind == "layout":
            top = tokens(iptr)[0]
            doc = self.layout({"panels": "trifold-a4.json", "marks": "trifold-a4.json",
                               "bilingual": "bilingual-parallel.json",
                               "imposition": "booklet-a5.json"}.get(top, "a4.json"))
            if top == "panels":
                doc["panels"].update(logo=LOGO, logo_alt="Riverside Clinic logo")
            if top == "imposition":
                doc["imposition"] = {"kind": "saddle-stitch"}
            if top == "marks":
                doc["marks"] = {}
            if iptr.startswith("/page/size/"):
                doc["page"]["size"] = {"width": "210mm", "height": "297mm"}
            if iptr in ("/page/column_gap", "/hyphenate"):  # narrow columns: words are hyphenated
                doc["page"]["columns"] = 2
            if iptr in ("/panels/cover_ink",):
                doc["panels"]["cover_fill"] = "#1d4e89"
            if iptr == "/panels/logo_height":
                doc["panels"]["cover"] = ["logo", "title", "subtitle"]
            if iptr.startswith("/contact/"):
                doc["contact"] = {"text": "Call {clinic.name} on {clinic.phone}."}
            if tokens(iptr)[1:] in (["inside"], ["outside"]) and top in ("header", "footer"):
                doc = self.layout("booklet-a5.json")  # the sides of facing pages
            if iptr.startswith("/header/"):
                doc["header"]["logo_alt"] = "Riverside Clinic logo"
                if iptr == "/header/logo_height":
                    doc["header"]["logo"] = LOGO
            return doc
        if kind == "manifest":
            job = {"articles": ["stem-cell-therapy/en.json"], "layout": "../layouts/a4.json", "output": "x.pdf"}
            matrix = {"articles": "{topic}/{lang}.json", "topics": ["stem-cell-therapy"], "langs": ["en"],
                      "layouts": {"a4": "../layouts/a4.json"}, "output": "{topic}/{topic}-{lang}-{layout}.pdf"}
            return {"jobs": [job]} if iptr.startswith("/jobs") else {"matrix": matrix}
        return {"name": "Riverside Clinic", "address": "12 River Road", "phone": "+44 1234 567890",
                "logo": {"src": "riverside-logo.png", "alt": "Riverside Clinic logo"}}

    def fix(self, kind, doc, iptr, value):
        """Sibling values an example needs to be valid in place."""
        if kind == "article":
            if iptr == "/blocks/0/type":
                doc["blocks"][0] = copy.deepcopy(MIN_BLOCK[value])
            if iptr == "/blocks/0/decorative" and value is True:
                doc["blocks"][0]["alt"] = ""
        if kind == "manifest":
            two = isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
            if iptr == "/jobs/0/articles" and two:
                doc["jobs"][0]["layout"] = "../layouts/bilingual-parallel.json"
            if iptr == "/matrix/articles" and two:
                doc["matrix"]["layouts"] = {"parallel": "../layouts/bilingual-parallel.json"}
                doc["matrix"].pop("langs")
                doc["matrix"]["output"] = "{topic}/{topic}-{layout}.pdf"
        if kind == "layout" and iptr in ("/panels", "/panels/cover", "/panels/back") and "logo" in json.dumps(value):
            doc["panels"].setdefault("logo", LOGO)


def annotated(ctx):
    for kind, path in ctx.schemas.items():
        schema = ctx.load(path)
        for sptr, sub in properties(schema):
            yield kind, schema, sptr, sub


def check_annotations(ctx):
    missing, n = [], 0
    for kind, _, sptr, sub in annotated(ctx):
        n += 1
        if not str(sub.get("description", "")).strip():
            missing.append("%s#%s: no description" % (kind, sptr))
        if not isinstance(sub.get("examples"), list) or not sub["examples"]:
            missing.append("%s#%s: no examples" % (kind, sptr))
        if "default" in sub and sub.get("required"):
            missing.append("%s#%s: a default on an object with required keys" % (kind, sptr))
    for kind, schema, sptr, sub in annotated(ctx):
        parent = resolve(schema, sptr.rsplit("/", 2)[0])
        if "default" in sub and sptr.rsplit("/", 1)[1] in parent.get("required", []):
            missing.append("%s#%s: a required property has a default" % (kind, sptr))
    if missing:
        raise Fail("%d of %d properties lack annotations:\n  %s" % (len(missing), n, "\n  ".join(missing)))
    # Suggestions: an enum beside the general rule (anyOf), so that editors offer the
    # common values and still accept the others.
    suggestions = [("layout", "/properties/page/properties/size", ["A4", "A5", "A6", "A3", "Letter", "Legal"]),
                   ("article", "/$defs/LangTag", ["en", "ar", "fr", "es", "de", "ur", "fa", "he"]),
                   ("layout", "/$defs/langTag", ["en", "ar"]), ("manifest", "/$defs/langTag", ["en", "ar"])]
    for kind, ptr, want in suggestions:
        node = resolve(ctx.load(ctx.schemas[kind]), ptr)
        enums = [v for alt in node.get("anyOf", []) for v in alt.get("enum", [])]
        if not set(want) <= set(enums) or len(node.get("anyOf", [])) < 2:
            raise Fail("%s#%s: expected anyOf [enum of %s, the general rule]; found %s" % (kind, ptr, want, node))
    return "%d properties of %d schemas have a description and examples; page sizes and language tags are suggested" % (
        n, len(ctx.schemas))


def python_validator(schema, sub):
    import jsonschema
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        resolver = jsonschema.RefResolver.from_schema(schema)
        return jsonschema.validators.validator_for(schema)(sub, resolver=resolver)


def values(sub):
    """(label, value) of a property's examples and default."""
    out = [("examples[%d]" % i, v) for i, v in enumerate(sub.get("examples", []))]
    if "default" in sub:
        out.append(("default", sub["default"]))
    return out


def check_examples(ctx):
    # 1. Against the property's own schema, with both validators (ajv: one run per schema,
    #    a wrapper whose property eN refers to the property and whose data is its value).
    bad, n = [], 0
    for kind, path in ctx.schemas.items():
        schema = ctx.load(path)
        wrapper = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "examples-of-" + schema["$id"],
                   "type": "object", "properties": {}}
        data, where = {}, {}
        for sptr, sub in properties(schema):
            v = python_validator(schema, sub)
            for label, value in values(sub):
                n += 1
                errs = [e.message for e in v.iter_errors(value)]
                if errs:
                    bad.append("python-jsonschema: %s#%s %s %r: %s" % (kind, sptr, label, value, errs[0]))
                key = "e%d" % len(data)
                wrapper["properties"][key] = {"$ref": schema["$id"] + "#" + sptr}
                data[key] = value
                where[key] = "%s#%s %s %r" % (kind, sptr, label, value)
        wpath = os.path.join(ctx.work, "examples-of-" + schema["$id"])
        dpath = os.path.join(ctx.work, "examples-data-" + schema["$id"])
        with open(wpath, "w", encoding="utf-8") as f:
            json.dump(wrapper, f)
        with open(dpath, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        p = ctx.ajv("validate", "-s", wpath, "-r", path, "-d", dpath, "--all-errors", "--errors=json")
        if p.returncode != 0:
            text = p.stdout + p.stderr
            named = sorted(set(re.findall(r'"instancePath":\s*"/(e[0-9]+)', text)), key=lambda k: int(k[1:]))
            bad += ["ajv: %s" % where[k] for k in named] or ["ajv (%s):\n%s" % (kind, text[-3000:])]
    if bad:
        raise Fail("examples or defaults that their own schema refuses:\n  " + "\n  ".join(bad))

    # 2. In place, with `handout validate`.
    proj = Project(ctx)
    placed, unplaced = {}, []
    for kind, schema, sptr, sub in annotated(ctx):
        iptr, block = instance_pointer(kind, sptr)
        if iptr is None:
            unplaced.append("%s#%s" % (kind, sptr))
            continue
        for label, value in values(sub):
            doc = proj.base(kind, iptr, block)
            set_at(doc, iptr, copy.deepcopy(value))
            proj.fix(kind, doc, iptr, value)
            placed[proj.write(kind, doc)] = (kind, "%s#%s %s %r" % (kind, sptr, label, value))
    for size in ["A4", "A5", "A6", "A3", "Letter", "Legal"]:
        doc = proj.base("layout", "/page/size", None)
        doc["page"]["size"] = size
        placed[proj.write("layout", doc)] = ("layout", "suggested page size %r" % size)
    art = ctx.load(ctx.schemas["article"])
    for tag in next(a["enum"] for a in art["$defs"]["LangTag"]["anyOf"] if "enum" in a):
        doc = proj.base("article", "/lang", None)
        doc["lang"] = tag
        placed[proj.write("article", doc)] = ("article", "suggested language tag %r" % tag)
    refused = []
    for kind in ("article", "layout", "manifest", "brand"):
        files = [f for f, (k, _) in placed.items() if k == kind]
        layout = ["-l", os.path.join(proj.root, "layouts", "a4.json")] if kind == "article" else []
        p = subprocess.run([ctx.handout, "validate", "--kind", kind, *layout, "--allow-path", ctx.source, "--allow-path",
                            proj.root, "--", *files], capture_output=True, text=True, timeout=600)
        if p.returncode not in (0, 2):
            raise Fail("handout validate exited %d:\n%s" % (p.returncode, p.stderr[-3000:]))
        for f in files:
            lines = [ln for ln in p.stderr.splitlines() if ln.startswith(f + ":") and ": error:" in ln]
            if lines:
                refused.append("%s\n      %s" % (placed[f][1], lines[0]))
    if refused:
        raise Fail("%d examples that handout validate refuses in place:\n  %s" % (len(refused), "\n  ".join(refused)))
    if unplaced:
        raise Fail("properties with no place in a document to try their examples: " + ", ".join(unplaced))
    return "%d examples and defaults valid for both validators; %d documents with them in place accepted by handout validate" % (
        n, len(placed))


# Defaults whose effect the showcase article cannot show, with the reason: their default is
# still rendered both ways (same bytes), but no example is required to change the output.
UNSEEN = {
    "layout#/properties/fonts/properties/dir": "the one sensible example is the default itself",
}


def check_defaults(ctx):
    proj = Project(ctx)
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    showcase = [os.path.join(proj.root, "content", "showcase", n) for n in ("en.json", "ar.json")]
    # A table split across pages, for the table's repeated header.
    rows = [["Day %d" % i, "Change the dressing and look for redness."] for i in range(1, 121)]
    long_table = proj.write("article", {"lang": "en", "title": "Dressing diary", "blocks": [
        {"type": "table", "header": ["Day", "What to do"], "rows": rows}]}, "long-table")
    cache = {}

    def render(kind, doc, iptr):
        # (kashida stretches only Arabic: the Arabic showcase shows "justify")
        articles = (showcase if "bilingual" in doc else [long_table] if iptr.startswith("/table/") else
                    showcase[1:] if iptr == "/justify" else showcase[:1] if kind == "layout" else [])
        key = json.dumps([doc, articles], sort_keys=True)
        if key in cache:
            return cache[key]
        path = proj.write(kind, doc, "default")
        if kind == "layout":
            layout = path
        else:
            articles, layout = [path], os.path.join(proj.root, "layouts", "a4.json")
        out = path[:-5] + ".pdf"
        p = subprocess.run([ctx.handout, "render", *articles, "-l", layout, "-o", out, "--allow-path", ctx.source,
                            "--allow-path", proj.root], capture_output=True, text=True, timeout=300, env=env)
        if p.returncode != 0:
            raise Fail("%s: render failed (%d) for %s:\n%s" % (iptr, p.returncode, path, p.stderr[-2000:]))
        with open(out, "rb") as f:
            cache[key] = f.read()
        return cache[key]

    checked, seen, problems = 0, 0, []
    for kind, _, sptr, sub in annotated(ctx):
        if "default" not in sub:
            continue
        iptr, block = instance_pointer(kind, sptr)
        name = "%s#%s" % (kind, sptr)
        if kind not in ("layout", "article") or iptr is None:
            problems.append("%s: no way to render it" % name)
            continue
        base = proj.base(kind, iptr, block)
        remove_at(base, iptr)
        with_default = copy.deepcopy(base)
        set_at(with_default, iptr, copy.deepcopy(sub["default"]))
        absent = render(kind, base, iptr)
        checked += 1
        if render(kind, with_default, iptr) != absent:
            problems.append("%s: the default %r renders differently from leaving it out" % (name, sub["default"]))
            continue
        others = [e for e in sub.get("examples", []) if e != sub["default"]]
        differs = False
        for e in others:
            d = copy.deepcopy(base)
            set_at(d, iptr, copy.deepcopy(e))
            proj.fix(kind, d, iptr, e)
            differs = differs or render(kind, d, iptr) != absent
        if differs:
            seen += 1
        elif name not in UNSEEN:
            problems.append("%s: no example (%s) changes the output, so the check cannot see the property" % (
                name, others))
    if problems:
        raise Fail("defaults that disagree with the engine or cannot be checked:\n  " + "\n  ".join(problems))
    return "%d defaults render the same bytes as leaving them out (%d also shown to matter; %d renders)" % (
        checked, seen, len(cache))


def editor_answers(ctx, cases):
    """What VS Code's JSON language service answers (tests/schema/completions.cjs)."""
    script = os.path.join(ctx.source, "tests", "schema", "completions.cjs")
    p = subprocess.run(["node", script, ctx.source], input=json.dumps(cases), capture_output=True, text=True,
                       timeout=300)
    if p.returncode != 0:
        raise Fail("completions.cjs exited %d:\n%s" % (p.returncode, p.stderr[-3000:]))
    return json.loads(p.stdout)


CURSOR = "@@cursor@@"


def check_editor(ctx):
    """Property completions show each property's own description (a referenced definition's
    description would replace it: VS Code merges the $ref target over the property), and
    values complete from the suggestions and examples."""
    library = os.path.join(ctx.source, "tests", "node", "node_modules", "vscode-json-languageservice")
    if not os.path.isdir(library):
        if os.environ.get("CI") == "true":
            raise Fail("vscode-json-languageservice is missing (CI installs it with scripts/setup.sh)")
        print("SKIP: vscode-json-languageservice is missing (npm ci in tests/node)")
        raise SystemExit(77)
    rel = {k: os.path.relpath(v, ctx.source) for k, v in ctx.schemas.items()}
    proj = Project(ctx)
    groups = {}
    for kind, _, sptr, sub in annotated(ctx):
        iptr, block = instance_pointer(kind, sptr)
        if iptr is None:
            raise Fail("%s#%s: no place in a document to ask an editor about it" % (kind, sptr))
        parent_s, name = sptr.rsplit("/properties/", 1)
        parent_i = iptr.rsplit("/", 1)[0]
        groups.setdefault((kind, parent_s), (iptr, parent_i, block, []))[3].append((name, sub["description"]))
    cases, want = [], []
    for (kind, parent_s), (iptr, parent_i, block, props) in sorted(groups.items()):
        doc = proj.base(kind, iptr, block)
        inside = "|"
        if parent_i == "":
            text = "{|}"
        else:
            set_at(doc, parent_i, CURSOR)
            if parent_i == "/blocks/0":  # a block's keys follow from its type
                inside = '"type": "%s", |' % (block or "paragraph")
            text = json.dumps(doc, ensure_ascii=False).replace('"%s"' % CURSOR, "{" + inside + "}")
        cases.append({"schema": rel[kind], "text": text})
        want.append(("%s#%s" % (kind, parent_s or "/"), props))
    values = [("layout", '{"page": {"size": |}}', ["A4", "A5", "A6", "A3", "Letter", "Legal"]),
              ("article", '{"lang": |}', ["en", "ar", "fr", "es", "de", "ur", "fa", "he"]),
              ("article", '{"blocks": [{"type": "paragraph", "text": [{"text": "x", "lang": |}]}]}', ["en", "ar"]),
              ("manifest", '{"matrix": {"langs": [|]}}', ["en", "ar", "fr"]),
              ("layout", '{"bilingual": {"order": [|]}}', ["en", "ar"]),
              ("layout", '{"page": {"margins": {"top": |}}}', ["20mm", "25mm"]),
              ("article", '{"blocks": [{"type": |}]}', list(MIN_BLOCK))]
    for kind, text, labels in values:
        cases.append({"schema": rel[kind], "text": text})
    answers = editor_answers(ctx, cases)
    bad = []
    for (where, props), answer in zip(want, answers):
        docs = {i["label"]: i["documentation"] for i in answer["items"]}
        for name, desc in props:
            if name == "type" and where.startswith("article#/$defs/"):
                continue  # written already: a block's keys follow from its type
            if name not in docs:
                bad.append("%s: %r is not offered (offered: %s)" % (where, name, sorted(docs)))
            elif docs[name] != desc:
                bad.append("%s/%s: the editor shows %r, not the property's description" % (where, name, docs[name][:80]))
    for (kind, text, labels), answer in zip(values, answers[len(want):]):
        got = [i["label"] for i in answer["items"]]
        if not set(labels) <= set(got):
            bad.append("%s %s: offered %s, expected at least %s" % (kind, text, got, labels))
    if bad:
        raise Fail("what VS Code's JSON language service shows disagrees with the schemas:\n  " + "\n  ".join(bad))
    return "%d objects' property completions show each property's description; %d value completions offer the suggestions" % (
        len(want), len(values))
