#!/usr/bin/env python3
"""Writes a long article by repeating an article's blocks (the seed by default) until it has
about PAGES pages (the seed gives ~4 A4 pages per copy), with each copy's headings numbered so
no two copies are the same text. Usage: stress.py PAGES OUT.json [ARTICLE.json]"""
import copy
import json
import sys

pages, out = int(sys.argv[1]), sys.argv[2]
src = sys.argv[3] if len(sys.argv) > 3 else 'content/stem-cell-therapy/en.json'
a = json.load(open(src, encoding='utf-8'))
blocks = []
copies = max(1, round(pages / 4))
for i in range(copies):
    for b in a['blocks']:
        b = copy.deepcopy(b)
        if b['type'] == 'heading' and isinstance(b['text'], str):
            b['text'] = f'{b["text"]} ({i + 1})'
        blocks.append(b)
a['blocks'] = blocks
a.pop('$schema', None)
json.dump(a, open(out, 'w', encoding='utf-8'), ensure_ascii=False)
