#!/usr/bin/env python3
"""Pagination defects of every render of a manifest, counted from the engine's own dump.

For each job of a batch manifest (the bundled content/manifest.json matrix or a jobs list),
renders it with `handout render --dump` and counts, per render:
  pages      pages of the PDF
  last       lists whose last item stands alone at the top of a region (page, panel, side)
  first      lists whose first item stands alone at the bottom of a region
  heading    headings that end a region while text follows in the next one
  split      lists that run over more than one region (where the counts above can happen)
A region is a page, a tri-fold panel, or one language's side of a parallel page. A list is
a run of list lines (roles list, list_marker, list_term) of one language; an item starts at
its marker. Totals at the end; `--json FILE` keeps the per-render figures for a comparison
(`--compare BEFORE.json` prints the renders that differ).

  scripts/pagination-metrics.py --handout build/handout content/manifest.json --json after.json
  scripts/pagination-metrics.py --handout /work/ref/handout content/manifest.json --json before.json
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

LIST_ROLES = {"list", "list_marker", "list_term"}
FURNITURE = {"header", "footer"}
TEXT = re.compile(r'^  text (\S+) x=(\S+) y=(\S+) w=\S+ size=(\S+) font=\S+ (?:ltr|rtl) lang=(\S*) "')
PAGE = re.compile(r"^page (\d+) (\S+)x(\S+)")


def jobs_of(manifest_path):
    base = os.path.dirname(os.path.abspath(manifest_path))
    m = json.load(open(manifest_path))
    out = []
    for job in m.get("jobs", []):
        arts = job["articles"] if isinstance(job["articles"], list) else [job["articles"]]
        out.append({"articles": [os.path.join(base, a) for a in arts], "layout": os.path.join(base, job["layout"]),
                    "brand": os.path.join(base, job["brand"]) if job.get("brand") else None, "output": job["output"]})
    for e in m.get("matrix", []):
        brands = e.get("brands") or {"": None}
        for topic in e.get("topics", [""]):
            for lang in e.get("langs", [""]):
                for lname, lpath in e["layouts"].items():
                    for bname, bpath in brands.items():
                        def fill(s):
                            return s.replace("{topic}", topic).replace("{lang}", lang).replace(
                                "{layout}", lname).replace("{brand}", bname)
                        arts = e["articles"] if isinstance(e["articles"], list) else [e["articles"]]
                        out.append({"articles": [os.path.join(base, fill(a)) for a in arts],
                                    "layout": os.path.join(base, lpath),
                                    "brand": os.path.join(base, bpath) if bpath else None,
                                    "output": fill(e["output"])})
    return out


def columns_of(layout_path):
    spec = json.load(open(layout_path))
    if spec.get("panels") or "trifold" in os.path.basename(layout_path):
        return 3
    return int(spec.get("columns", 1))


def measure(dump_text, columns):
    """Counts from one dump: regions are split by page, column third (tri-fold) and a jump up."""
    pages = 0
    width = 1.0
    lines = []  # (lang, region key, role, y, size)
    for raw in dump_text.splitlines():
        pm = PAGE.match(raw)
        if pm:
            pages = int(pm.group(1))
            width = float(pm.group(2))
            continue
        tm = TEXT.match(raw)
        if not tm or tm.group(1) in FURNITURE:
            continue
        role, x, y, size, lang = tm.group(1), float(tm.group(2)), float(tm.group(3)), float(tm.group(4)), tm.group(5)
        col = min(columns - 1, int(x / (width / columns))) if columns > 1 else 0
        lines.append((lang.split("-")[0], pages, col, role, y, size))
    counts = {"pages": pages, "last": 0, "first": 0, "heading": 0, "split": 0, "where": []}
    for lang in sorted({l[0] for l in lines}):
        seq = [l for l in lines if l[0] == lang]
        # Region numbers along the flow: a new page or panel, or a line higher than the last.
        region = 0
        prev = None
        flow = []  # (region, role, y)
        for (_, page, col, role, y, size) in seq:
            if prev is not None:
                ppage, pcol, py = prev
                if page != ppage or col != pcol or y < py - size:
                    region += 1
            prev = (page, col, y)
            flow.append((region, role, y, page))
        # Headings that end a region with text after them.
        for k, (reg, role, y, page) in enumerate(flow):
            if role in ("h1", "h2", "h3") and k + 1 < len(flow) and flow[k + 1][0] != reg and flow[k + 1][1] not in ("h1", "h2", "h3"):
                counts["heading"] += 1
                counts["where"].append(f"{lang} heading ends page {page}")
        # Lists: runs of list lines; items start at markers.
        k = 0
        while k < len(flow):
            if flow[k][1] not in LIST_ROLES:
                k += 1
                continue
            run = []
            while k < len(flow) and flow[k][1] in LIST_ROLES:
                run.append(flow[k])
                k += 1
            # Lines: the pieces of a run at one height in one region; an item starts at a
            # line holding a marker (drawn before the line's text, or after it right to left).
            rows = []  # [region, y, page, has_marker]
            for (reg, role, y, page) in run:
                if rows and rows[-1][0] == reg and abs(rows[-1][1] - y) <= 0.5:
                    rows[-1][3] = rows[-1][3] or role == "list_marker"
                else:
                    rows.append([reg, y, page, role == "list_marker"])
            items = []  # per item: (region, page) of each line
            for (reg, y, page, marker) in rows:
                if marker or not items:
                    items.append([])
                items[-1].append((reg, page))
            if len(items) < 2:
                continue
            if len({reg for it in items for reg, _ in it}) > 1:
                counts["split"] += 1
            last, before = items[-1], items[-2]
            if last[0][0] != before[-1][0] and all(r == last[0][0] for r, _ in last):
                counts["last"] += 1
                counts["where"].append(f"{lang} last item alone, page {last[0][1]}")
            first, after = items[0], items[1]
            if first[-1][0] != after[0][0] and all(r == first[0][0] for r, _ in first):
                counts["first"] += 1
                counts["where"].append(f"{lang} first item alone, page {first[0][1]}")
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("manifest")
    ap.add_argument("--handout", default="build/handout")
    ap.add_argument("--allow-path", action="append", default=[])
    ap.add_argument("--json", help="write per-render figures here")
    ap.add_argument("--compare", help="a --json file of an earlier run: print what differs")
    ap.add_argument("--verbose", action="store_true", help="say where each defect is")
    a = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for job in jobs_of(a.manifest):
            pdf = os.path.join(tmp, "out.pdf")
            dump = os.path.join(tmp, "out.txt")
            cmd = [a.handout, "render", *job["articles"], "--layout", job["layout"], "-o", pdf, "--dump", dump]
            if job["brand"]:
                cmd += ["--brand", job["brand"]]
            for p in a.allow_path:
                cmd += ["--allow-path", p]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{job['output']}: render failed: {r.stderr.strip()[:300]}", file=sys.stderr)
                continue
            results[job["output"]] = measure(open(dump).read(), columns_of(job["layout"]))
    keys = ("pages", "last", "first", "heading", "split")
    totals = {k: sum(v[k] for v in results.values()) for k in keys}
    for out, v in sorted(results.items()):
        if a.verbose and v["where"]:
            print(out, "; ".join(v["where"]))
    print(f"{len(results)} renders: " + ", ".join(f"{k} {totals[k]}" for k in keys))
    if a.compare:
        before = json.load(open(a.compare))
        for out, v in sorted(results.items()):
            b = before.get(out)
            if b and any(b[k] != v[k] for k in keys):
                print(f"  {out}: " + ", ".join(f"{k} {b[k]}->{v[k]}" for k in keys if b[k] != v[k]))
    if a.json:
        json.dump(results, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
