#!/usr/bin/env python3
"""Writes docs/reference.md, every key of every file handout reads, from the JSON Schemas'
own descriptions, defaults and examples (the words an editor shows on hover), so that a reader
without such an editor finds them too, and so that the page cannot fall behind the schemas.

Usage:
    python3 scripts/schema_reference.py [--source-dir DIR]           write docs/reference.md
    python3 scripts/schema_reference.py [--source-dir DIR] --check   exit 1 if it is not current
"""

import argparse
import difflib
import json
import os
import sys

SCHEMAS = [
    ("content/article.schema.json", "Articles", "`content/<topic>/<lang>.json`; how to write one: "
     "[authoring.md](authoring.md)"),
    ("layouts/layout.schema.json", "Layouts", "`layouts/<name>.json`. To make your own, copy the bundled "
     "layout closest to what you want (`a4.json`, `letter.json`, `large-print.json`, the tri-folds "
     "`trifold-a4.json` and `trifold-letter.json`, the booklets `a5-booklet.json` and `booklet-a5.json`, the "
     "bilingual forms) and change what differs; `handout validate my-layout.json` checks it and lays out "
     "sample articles in English and Arabic with it, and `handout fonts --layout my-layout.json` lists the "
     "fonts it uses"),
    ("brands/brand.schema.json", "Clinic brands", "`brands/<name>.json`, given with `--brand` or a "
     "manifest's `brands`"),
    ("content/manifest.schema.json", "Batch manifests", "what `handout batch` runs; how: [batch.md](batch.md)"),
]

# Headings for the definitions a schema shares between keys.
DEF_NAMES = {
    "Meta": "meta",
    "Block": "A block",
    "Span": "A span",
    "TermItem": "A list item with a term",
    "FaqItem": "A FAQ item",
    "textStyle": "A text style",
    "furniture": "A header or footer",
    "matrix": "A matrix",
}


def load(source, path):
    with open(os.path.join(source, path), encoding="utf-8") as f:
        return json.load(f)


def compact(value):
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return "`%s`" % text.replace("|", "\\|") if "`" not in text else text


def cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


class Writer:
    def __init__(self, schema):
        self.schema = schema
        self.defs = schema.get("$defs", {})
        self.pending = []  # definitions to write as their own tables, in order of first use
        self.done = set()

    def resolve(self, node):
        """A node with its $ref followed, and the definition's name (or None)."""
        name = None
        while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/$defs/"):
            name = node["$ref"].split("/")[-1]
            merged = dict(self.defs[name])
            merged.update({k: v for k, v in node.items() if k != "$ref"})
            node = merged
        return node, name

    def object_parts(self, node):
        """The object schemas a value may be (itself, or the alternatives of anyOf/oneOf/allOf)."""
        node, _ = self.resolve(node)
        if not isinstance(node, dict):
            return []
        parts = [node] if "properties" in node else []
        for key in ("anyOf", "oneOf", "allOf"):
            for alt in node.get(key, []):
                alt_node, name = self.resolve(alt)
                if name and self.has_properties(alt_node):
                    continue  # a definition of its own: written as its own table
                parts += self.object_parts(alt)
        return parts

    def has_properties(self, node):
        return bool(self.object_parts(node)) if isinstance(node, dict) else False

    def definition_refs(self, node, seen=None):
        """Names of object definitions a value uses (directly, in alternatives or in array items)."""
        seen = seen if seen is not None else set()
        out = []
        if not isinstance(node, dict):
            return out
        if "$ref" in node and node["$ref"].startswith("#/$defs/"):
            name = node["$ref"].split("/")[-1]
            if name in seen:
                return out
            seen.add(name)
            target = self.defs[name]
            if "properties" in target:
                out.append(name)
            out += self.definition_refs(target, seen)
            return out
        for key in ("anyOf", "oneOf", "allOf"):
            for alt in node.get(key, []):
                out += self.definition_refs(alt, seen)
        for key in ("then", "else"):  # a block's kind selects its definition
            if isinstance(node.get(key), dict):
                out += self.definition_refs(node[key], seen)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                out += self.definition_refs(node[key], seen)
        return out

    def rows(self, node, prefix):
        out = []
        listed = set()
        for part in self.object_parts(node):
            required = set(part.get("required", []))
            for key, sub in part.get("properties", {}).items():
                if key == "$schema" or key in listed:
                    continue  # an alternative that only requires a key listed already
                listed.add(key)
                path = prefix + key
                sub = sub if isinstance(sub, dict) else {}
                resolved, _ = self.resolve(sub)
                desc = sub.get("description") or resolved.get("description", "")
                if key in required and "Required" not in desc:
                    desc = "Required. " + desc
                default = sub["default"] if "default" in sub else resolved.get("default")
                examples = sub.get("examples") or resolved.get("examples") or []
                const = resolved.get("const")
                example = compact(const) if const is not None else (compact(examples[0]) if examples else "")
                used = [n for n in self.definition_refs(sub) if n not in self.done]
                for n in used:
                    if n not in self.pending:
                        self.pending.append(n)
                if used:
                    desc += " (" + ", ".join("see *%s*" % self.title(n) for n in used) + ")"
                out.append("| `%s` | %s | %s | %s |" % (path, cell(desc), compact(default) if default is not None else "",
                                                         example))
                # An object written in place: its keys follow, under its own path.
                inline = sub if "$ref" not in sub else {}
                if inline and self.object_parts(inline):
                    out += self.rows(inline, path + ".")
                items = sub.get("items")
                if isinstance(items, dict) and "$ref" not in items and self.object_parts(items):
                    out += self.rows(items, path + "[].")
                # An object of your own names (font families by name): each value's keys.
                named = sub.get("additionalProperties")
                if isinstance(named, dict) and "$ref" not in named and self.object_parts(named):
                    out += self.rows(named, path + ".<name>.")
        return out

    def title(self, name):
        node = self.defs[name]
        kind = node.get("properties", {}).get("type", {}).get("const")
        if kind:
            return "A %s block" % kind
        return DEF_NAMES.get(name, name)

    def table(self, node, prefix=""):
        rows = self.rows(node, prefix)
        if not rows:
            return []
        return ["| key | what it is | default | example |", "|---|---|---|---|"] + rows

    def write(self, heading, intro):
        out = ["## %s" % heading, "", intro + ".", ""]
        if self.schema.get("description"):
            out += [cell(self.schema["description"]), ""]
        out += self.table(self.schema)
        while self.pending:
            name = self.pending.pop(0)
            if name in self.done:
                continue
            self.done.add(name)
            node = self.defs[name]
            out += ["", "### %s" % self.title(name), ""]
            if node.get("description"):
                out += [cell(node["description"]), ""]
            out += self.table(node)
        return out + [""]


def render(source):
    out = ["# Reference: every key of every file", "",
           "Written by `scripts/schema_reference.py` from the JSON Schemas (the descriptions, defaults and",
           "examples an editor shows as you type); `ctest -R docs.schema` fails when it falls behind them.",
           "Do not edit it by hand: change the schema, then run `python3 scripts/schema_reference.py`.",
           "A key in *default* is what handout uses when the key is left out; lengths are points (1/72",
           "inch) unless they carry a unit (`\"20mm\"`, `\"0.75in\"`).", ""]
    for path, heading, intro in SCHEMAS:
        out += Writer(load(source, path)).write(heading, intro)
    return "\n".join(out).rstrip("\n") + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source-dir", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    target = os.path.join(a.source_dir, "docs", "reference.md")
    text = render(a.source_dir)
    if a.check:
        try:
            with open(target, encoding="utf-8") as f:
                have = f.read()
        except OSError:
            have = ""
        if have != text:
            sys.stdout.writelines(difflib.unified_diff(have.splitlines(True), text.splitlines(True),
                                                       "docs/reference.md", "from the schemas", n=1))
            return 1
        return 0
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s" % target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
