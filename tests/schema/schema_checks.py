#!/usr/bin/env python3
"""The JSON Schemas agree with the engine, checked with two validators nobody here wrote:
python3-jsonschema (Debian) and ajv (npm, strict mode).

Usage:
    python3 schema_checks.py CHECK --handout PATH --source-dir DIR --work-dir DIR [--ajv PATH]

Checks:
    compile   every schema is a valid draft 2020-12 schema for both validators (ajv
              --strict=true); every "$id" resolves from the repository (no placeholder domain)
    bundled   every bundled article, layout and manifest validates against its schema with
              both validators, and with `handout validate`
    bad       the held-out direction: inputs the engine refuses for a rule a schema can say
              are rejected by both validators too
    annotations, examples, defaults, editor
              what editors show from the schemas agrees with the engine (annotation_checks.py)

Exit status: 0 pass, 1 fail, 77 skipped (a validator is missing and CI is not set).
"""

import copy
import glob
import json
import os
import shutil
import subprocess
import sys

import annotation_checks
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from check_args import parse_check_args  # noqa: E402

SKIP = 77


class Fail(Exception):
    pass


def skip_or_fail(what):
    if os.environ.get("CI") == "true":
        print("FAIL: %s is missing (CI installs it with scripts/setup.sh)" % what)
        sys.exit(1)
    print("SKIP: %s is missing" % what)
    sys.exit(SKIP)


class Ctx:
    def __init__(self, a):
        self.handout = os.path.abspath(a.handout)
        self.source = os.path.abspath(a.source_dir)
        self.work = os.path.abspath(a.work_dir)
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.ajv_path = a.ajv or os.path.join(self.source, "tests", "node", "node_modules", ".bin", "ajv")
        try:
            import jsonschema  # noqa: F401
        except ImportError:
            skip_or_fail("python3-jsonschema")
        if not os.access(self.ajv_path, os.X_OK):
            skip_or_fail("ajv (npm install in tests/node)")
        self.validators = {}
        self.schemas = {
            "article": os.path.join(self.source, "content", "article.schema.json"),
            "layout": os.path.join(self.source, "layouts", "layout.schema.json"),
            "manifest": os.path.join(self.source, "content", "manifest.schema.json"),
            "brand": os.path.join(self.source, "brands", "brand.schema.json"),
        }

    def load(self, path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)

    def python_errors(self, kind, doc):
        # One validator per schema: checking and compiling a schema costs far more than
        # validating one document with it.
        if kind not in self.validators:
            import jsonschema
            schema = self.load(self.schemas[kind])
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            self.validators[kind] = cls(schema)
        return [e.message for e in self.validators[kind].iter_errors(doc)]

    def ajv(self, *args):
        return subprocess.run([self.ajv_path, *args, "--spec=draft2020", "--strict=true"], capture_output=True,
                              text=True, timeout=120)

    def ajv_valid(self, kind, path):
        return self.ajv_valid_many(kind, [path])[path]

    def ajv_valid_many(self, kind, paths):
        """{path: (valid, ajv's output)} from one ajv process for all the paths (node's start
        and the schema's compilation cost about a second a process). ajv prints "PATH valid"
        or "PATH invalid" (then the errors) for each; a path it reports neither way fails."""
        p = self.ajv("validate", "-s", self.schemas[kind], *[x for path in paths for x in ("-d", path)])
        text = p.stdout + p.stderr
        verdict = {}
        for line in text.splitlines():
            for path in paths:
                if line == path + " valid":
                    verdict[path] = True
                elif line == path + " invalid":
                    verdict[path] = False
        missing = [path for path in paths if path not in verdict]
        if missing:
            raise Fail("ajv said nothing about %s:\n%s" % (missing, text))
        if all(verdict.values()) != (p.returncode == 0):
            raise Fail("ajv's exit status %d disagrees with its verdicts:\n%s" % (p.returncode, text))
        return {path: (verdict[path], text) for path in paths}

    def bundled(self):
        files = {"article": sorted(glob.glob(os.path.join(self.source, "content", "*", "*.json"))),
                 "layout": sorted(f for f in glob.glob(os.path.join(self.source, "layouts", "*.json"))
                                  if not f.endswith(".schema.json")),
                 "manifest": [os.path.join(self.source, "content", "manifest.json")],
                 "brand": sorted(f for f in glob.glob(os.path.join(self.source, "brands", "*.json"))
                                 if not f.endswith(".schema.json"))}
        return files


def check_compile(ctx):
    for kind, path in ctx.schemas.items():
        p = ctx.ajv("compile", "-s", path)
        if p.returncode != 0:
            raise Fail("ajv --strict=true: %s schema invalid:\n%s%s" % (kind, p.stdout, p.stderr))
        ctx.python_errors(kind, {})  # check_schema raises on an invalid schema
        schema = ctx.load(path)
        sid = schema.get("$id", "")
        if "://" in sid or sid != os.path.basename(path):
            raise Fail('%s: "$id" is %r; expected its own file name, which resolves from the repository' % (path, sid))
    return "%d schemas compile in ajv strict mode and python-jsonschema; $ids are their file names" % len(ctx.schemas)


def check_bundled(ctx):
    n = 0
    for kind, files in ctx.bundled().items():
        for f in files:
            errs = ctx.python_errors(kind, ctx.load(f))
            if errs:
                raise Fail("python-jsonschema: %s fails the %s schema: %s" % (f, kind, errs[:3]))
        for f, (ok, out) in ctx.ajv_valid_many(kind, files).items():
            if not ok:
                raise Fail("ajv: %s fails the %s schema:\n%s" % (f, kind, out))
            n += 1
    allfiles = [f for fs in ctx.bundled().values() for f in fs]
    p = subprocess.run([ctx.handout, "validate", *allfiles], capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise Fail("handout validate refused bundled files:\n" + p.stderr)
    # Written as the guides allow, unlike any bundled file: valid for the engine, so for both
    # validators (an editor must not mark them red).
    content = os.path.join(ctx.source, "content")
    good = {"manifest_matrix_without_topics": {"matrix": {
        "articles": os.path.join(content, "stem-cell-therapy", "{lang}.json"), "langs": ["en", "ar"],
        "layouts": {"a4": os.path.join(ctx.source, "layouts", "a4.json")}, "output": "stem-cell-therapy-{lang}.pdf"}}}
    for name, doc in good.items():
        path = os.path.join(ctx.work, name + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        p = subprocess.run([ctx.handout, "validate", "--allow-path", ctx.source, "--", path], capture_output=True,
                           text=True, timeout=60)
        if p.returncode != 0:
            raise Fail("%s: handout validate refused it:\n%s" % (name, p.stderr))
        errs = ctx.python_errors("manifest", doc)
        if errs:
            raise Fail("%s: python-jsonschema refuses what the engine accepts: %s" % (name, errs[:3]))
        for _, (ok, out) in ctx.ajv_valid_many("manifest", [path]).items():
            if not ok:
                raise Fail("%s: ajv refuses what the engine accepts:\n%s" % (name, out))
    return "%d bundled files and %d others valid for both validators and handout validate" % (n, len(good))


def bad_inputs(ctx):
    """(name, kind, document): each breaks one rule a schema can express."""
    art = ctx.load(os.path.join(ctx.source, "content", "stem-cell-therapy", "en.json"))
    lay = ctx.load(os.path.join(ctx.source, "layouts", "a4.json"))
    lay["fonts"]["dir"] = os.path.join(ctx.source, "fonts")
    man = {"jobs": [{"articles": ["a.json"], "layout": "l.json", "output": "a.pdf"}]}

    def m(base, fn):
        d = copy.deepcopy(base)
        fn(d)
        return d

    out = [
        ("article_unknown_key", "article", m(art, lambda d: d.update(titel="x"))),
        ("article_no_lang", "article", m(art, lambda d: d.pop("lang"))),
        ("article_lang_number", "article", m(art, lambda d: d.update(lang=1))),
        ("article_blocks_empty", "article", m(art, lambda d: d.update(blocks=[]))),
        ("article_block_no_type", "article", m(art, lambda d: d["blocks"][0].pop("type"))),
        ("article_block_bad_type", "article", m(art, lambda d: d["blocks"][0].update(type="paragrap"))),
        ("article_heading_level_7", "article",
         m(art, lambda d: d["blocks"].insert(0, {"type": "heading", "level": 7, "text": "x"}))),
        ("article_list_no_items", "article",
         m(art, lambda d: d["blocks"].insert(0, {"type": "list", "items": []}))),
        ("article_paragraph_extra_key", "article",
         m(art, lambda d: d["blocks"].insert(0, {"type": "paragraph", "text": "x", "items": ["y"]}))),
        ("article_bad_date", "article", m(art, lambda d: d["meta"].update(reviewed="1 Dec 2026"))),
        # Text that must print something (the engine refuses it empty or blank).
        ("article_title_empty", "article", m(art, lambda d: d.update(title=""))),
        ("article_title_spaces", "article", m(art, lambda d: d.update(title="   "))),
        ("article_title_spans_blank", "article", m(art, lambda d: d.update(title=["", {"text": " ", "em": True}]))),
        ("article_heading_empty", "article",
         m(art, lambda d: d["blocks"].insert(0, {"type": "heading", "level": 2, "text": ""}))),
        ("article_heading_spaces", "article",
         m(art, lambda d: d["blocks"].insert(0, {"type": "heading", "level": 2, "text": [" \t"]}))),
        ("article_faq_question_empty", "article",
         m(art, lambda d: d["blocks"].insert(0, {"type": "faq", "items": [{"question": "", "answer": "a"}]}))),
        ("layout_unknown_key", "layout", m(lay, lambda d: d.update(colour="red"))),
        ("layout_bad_size", "layout", m(lay, lambda d: d.setdefault("page", {}).update(size="A7"))),
        ("layout_bad_length", "layout", m(lay, lambda d: d.setdefault("list", {}).update(indent="12px"))),
        ("layout_length_too_big", "layout", m(lay, lambda d: d.setdefault("list", {}).update(indent=500))),
        ("layout_bad_colour", "layout", m(lay, lambda d: d.setdefault("callout", {}).update(fill="red"))),
        ("layout_bilingual_bad_mode", "layout", m(lay, lambda d: d.update(bilingual={"mode": "side"}))),
        ("layout_bilingual_no_mode", "layout", m(lay, lambda d: d.update(bilingual={"order": ["en", "ar"]}))),
        ("manifest_unknown_key", "manifest", {"jobz": man["jobs"]}),
        ("manifest_empty", "manifest", {}),
        ("manifest_job_articles_string", "manifest", m(man, lambda d: d["jobs"][0].update(articles="a.json"))),
        ("manifest_job_no_output", "manifest", m(man, lambda d: d["jobs"][0].pop("output"))),
        ("manifest_output_escapes", "manifest", m(man, lambda d: d["jobs"][0].update(output="../x.pdf"))),
        ("manifest_output_not_pdf", "manifest", m(man, lambda d: d["jobs"][0].update(output="x.txt"))),
        ("manifest_three_articles", "manifest",
         m(man, lambda d: d["jobs"][0].update(articles=["a.json", "b.json", "c.json"]))),
    ]
    return out


def check_bad(ctx):
    paths = {}
    for name, kind, doc in bad_inputs(ctx):
        path = os.path.join(ctx.work, name + ".json")
        paths.setdefault(kind, []).append(path)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
        p = subprocess.run([ctx.handout, "validate", "--kind", kind, "--allow-path", ctx.source, "--", path],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 2:
            raise Fail("%s: handout validate exited %d (expected 2: the case must be bad)\n%s" % (
                name, p.returncode, p.stderr))
        if not ctx.python_errors(kind, doc):
            raise Fail("%s: python-jsonschema accepts what the engine refuses:\n%s" % (name, p.stderr))
    for kind, kind_paths in paths.items():
        for path, (ok, _) in ctx.ajv_valid_many(kind, kind_paths).items():
            if ok:
                raise Fail("%s: ajv accepts what the engine refuses" % os.path.basename(path)[:-5])
    return "%d bad inputs refused by the engine and by both validators" % len(bad_inputs(ctx))


CHECKS = {"compile": check_compile, "bundled": check_bundled, "bad": check_bad,
          "annotations": annotation_checks.check_annotations, "examples": annotation_checks.check_examples,
          "defaults": annotation_checks.check_defaults, "editor": annotation_checks.check_editor}


def main():
    a = parse_check_args(CHECKS, __doc__, ["--ajv"])
    ctx = Ctx(a)
    try:
        print("PASS %s: %s" % (a.check, CHECKS[a.check](ctx)))
        return 0
    except (Fail, annotation_checks.Fail) as e:
        print("FAIL %s: %s" % (a.check, e))
        return 1


if __name__ == "__main__":
    sys.exit(main())
