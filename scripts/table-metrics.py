#!/usr/bin/env python3
"""Lines and heights of every table in handout text dumps (`handout render --dump`), to compare
column widths before and after a change.

Usage:
    table-metrics.py DUMP...            one line per table: header lines, body rows, body lines,
                                        wrapped body lines (lines past a cell's first), height
    table-metrics.py --json DUMP...     the same as JSON

A table is found by its rules (full-width rectangles at most 1 pt high); a row is what lies
between two rules; a table continued on the next page (same extent, same header) is one
table, its repeated header not counted again.
"""

import json
import re
import sys

ITEM = re.compile(r'^\s+(text|rect) (\S+)?\s*x=([-\d.]+) y=([-\d.]+) (?:w=([-\d.]+))?\s*(?:h=([-\d.]+))?')


def parse(path):
    """Pages of the dump: lists of (kind, role, x, y, w, h, text)."""
    pages = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("page "):
            pages.append([])
            continue
        if not pages:
            continue
        s = line.strip()
        if s.startswith("rect "):
            m = re.match(r'rect x=([-\d.]+) y=([-\d.]+) w=([-\d.]+) h=([-\d.]+)', s)
            if m:
                x, y, w, h = map(float, m.groups())
                pages[-1].append(("rect", None, x, y, w, h, ""))
        elif s.startswith("text table_"):
            m = re.match(r'text (table_\w+) x=([-\d.]+) y=([-\d.]+) w=([-\d.]+).*?"(.*)"$', s)
            if m:
                role, x, y, w, text = m.group(1), float(m.group(2)), float(m.group(3)), float(m.group(4)), m.group(5)
                pages[-1].append(("text", role, x, y, w, 0.0, text))
    return pages


def fragments(pages):
    """Per page and table extent: rows as (is_header, items in dump order, top, bottom)."""
    out = []
    for pno, items in enumerate(pages):
        rules = [it for it in items if it[0] == "rect" and it[5] <= 3.01 and it[4] > 20]
        extents = sorted({(round(r[2], 1), round(r[4], 1)) for r in rules})
        for ex, ew in extents:
            ys = sorted({round(r[3] + r[5], 2) for r in rules if (round(r[2], 1), round(r[4], 1)) == (ex, ew)})
            texts = [it for it in items if it[0] == "text" and ex - 0.5 <= it[2] <= ex + ew + 0.5]
            if not texts or len(ys) < 2:
                continue
            top_rule = min(r[3] for r in rules if (round(r[2], 1), round(r[4], 1)) == (ex, ew))
            bounds = [top_rule] + ys[1:] if ys[0] - top_rule < 3.02 else [top_rule] + ys
            rows = []
            for a, b in zip(bounds, bounds[1:]):
                row = [t for t in texts if a < t[3] < b]
                if row:
                    rows.append((row[0][1] == "table_header", row, a, b))
            # A header row starts a table (two tables may share a page and a panel).
            for row in rows:
                if row[0] or not out or out[-1]["page"] != pno + 1 or out[-1]["extent"] != (ex, ew):
                    out.append({"page": pno + 1, "extent": (ex, ew), "rows": []})
                out[-1]["rows"].append(row)
    return out


def row_lines(row_items):
    """(lines of the row, wrapped lines in its cells): a cell's lines after its first are
    the runs of items below the row's first baseline."""
    first = min(t[3] for t in row_items)
    lines = len({round(t[3], 1) for t in row_items})
    wrapped, prev = 0, None
    for t in row_items:
        y = round(t[3], 1)
        if y > first + 0.5 and y != prev:
            wrapped += 1
        prev = y
    return lines, wrapped


def tables(path):
    result = []
    for frag in fragments(parse(path)):
        header = frag["rows"][0] if frag["rows"][0][0] else None
        htext = " ".join(t[6] for t in header[1]) if header else ""
        first_body = next((" ".join(t[6] for t in r[1]) for r in frag["rows"] if not r[0]), "")
        # A continuation: the same header as a table set on this page or the one before,
        # going on with other rows.
        prev = next((t for t in reversed(result) if t["header_text"] == htext and t["last_page"] >= frag["page"] - 1
                     and t["first_body"] != first_body), None)
        cont = prev is not None
        if not cont:
            prev = {"extent": frag["extent"], "page": frag["page"], "header_text": htext, "header_lines": 0,
                    "header_height": 0.0, "rows": 0, "body_lines": 0, "wrapped": 0, "height": 0.0,
                    "row_lines": [], "first_body": first_body}
            result.append(prev)
        prev["last_page"] = frag["page"]
        for is_header, items, a, b in frag["rows"]:
            lines, wrapped = row_lines(items)
            if is_header:
                if not cont:
                    prev["header_lines"] = lines
                    prev["header_height"] = round(b - a, 2)
                    prev["height"] += b - a
                continue
            prev["rows"] += 1
            prev["body_lines"] += lines
            prev["wrapped"] += wrapped
            prev["row_lines"].append(lines)
            prev["height"] += b - a
    for t in result:
        t["height"] = round(t["height"], 2)
    return result


def main(argv):
    as_json = "--json" in argv
    paths = [a for a in argv if a != "--json"]
    everything = {p: tables(p) for p in paths}
    if as_json:
        json.dump(everything, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    for p, ts in everything.items():
        for i, t in enumerate(ts):
            print("%s #%d p%d: header %d lines, %d rows, body %d lines (%d wrapped), height %.2f  [%s]"
                  % (p, i + 1, t["page"], t["header_lines"], t["rows"], t["body_lines"], t["wrapped"], t["height"],
                     t["header_text"][:40]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
