#!/usr/bin/env python3
"""Writes a Typst 0.10 document with the same text and structure as a handout article
(headings, paragraphs, lists, tables, FAQ, callouts; A4, the bundled Noto fonts), so the
two engines are timed on the same work. Usage: to_typst.py ARTICLE.json [ARTICLE2.json] OUT.typ
With two articles it writes a bilingual form: 'parallel' (a two-column grid per block pair)
or 'sequential' (one after the other), chosen by --form."""
import argparse
import json


def esc(s):
    out = []
    for ch in s:
        if ch in '\\#*_`$<>@[]~/"=-+.':
            out.append('\\' + ch)
        else:
            out.append(ch)
    return ''.join(out)


def inline(t):
    if isinstance(t, str):
        return esc(t)
    parts = []
    for r in t:
        if isinstance(r, str):
            parts.append(esc(r))
            continue
        s = esc(r.get('text', ''))
        if r.get('lang'):
            s = f'#text(lang: "{r["lang"]}")[{s}]'
        if r.get('strong') or r.get('style') == 'strong':
            s = f'#strong[{s}]'
        if r.get('em') or r.get('style') == 'em':
            s = f'#emph[{s}]'
        if r.get('href'):
            s = f'#link("{r["href"]}")[{s}]'
        parts.append(s)
    return ''.join(parts)


def block(b):
    k = b['type']
    if k == 'heading':
        return '=' * b.get('level', 2) + ' ' + inline(b['text'])
    if k == 'paragraph':
        return inline(b['text'])
    if k == 'list':
        mark = '+' if b.get('ordered') else '-'
        lines = []
        for it in b['items']:
            if isinstance(it, dict) and 'term' in it:
                lines.append(f'{mark} *{inline(it["term"])}:* {inline(it["text"])}')
            else:
                lines.append(f'{mark} {inline(it)}')
        return '\n'.join(lines)
    if k == 'table':
        cols = len(b['header'])
        cells = [f'[*{inline(c)}*]' for c in b['header']]
        for row in b['rows']:
            cells += [f'[{inline(c)}]' for c in row]
        return f'#table(columns: {cols}, ' + ', '.join(cells) + ')'
    if k == 'faq':
        return '\n\n'.join(f'*{inline(i["question"])}*\n\n{inline(i["answer"])}' for i in b['items'])
    if k == 'callout':
        title = inline(b.get('title', ''))
        return f'#block(fill: luma(235), inset: 8pt)[*{title}* \\ {inline(b["text"])}]'
    return ''


def body(a):
    out = [f'#align(center)[#text(size: 20pt)[*{inline(a["title"])}*]]']
    if a.get('subtitle'):
        out.append(f'#align(center)[{inline(a["subtitle"])}]')
    out += [block(b) for b in a['blocks']]
    return out


def setup(lang):
    # Typst 0.10 (the comparison's anchor) has no `context`: a footer shows its page counter as is.
    direction = 'rtl' if lang == 'ar' else 'ltr'
    return (f'#set page(paper: "a4", margin: 20mm, footer: align(center)[#counter(page).display("1 / 1", both: true)])\n'
            f'#set text(font: ("Noto Sans", "Noto Naskh Arabic"), size: 10.5pt, lang: "{lang}", dir: {direction})\n'
            '#set par(justify: true)\n#set text(hyphenate: true)\n')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('articles', nargs='+')
    p.add_argument('--form', default='parallel', choices=['parallel', 'sequential'])
    p.add_argument('-o', required=True)
    args = p.parse_args()
    arts = [json.load(open(x, encoding='utf-8')) for x in args.articles]
    if len(arts) == 1:
        doc = setup(arts[0]['lang']) + '\n\n'.join(body(arts[0]))
    elif args.form == 'sequential':
        doc = setup(arts[0]['lang']) + '\n\n'.join(body(arts[0])) + '\n#pagebreak()\n' + \
            f'#set text(lang: "{arts[1]["lang"]}", dir: {"rtl" if arts[1]["lang"] == "ar" else "ltr"})\n' + \
            '\n\n'.join(body(arts[1]))
    else:
        left, right = body(arts[0]), body(arts[1])
        rows = []
        rl = 'rtl' if arts[1]['lang'] == 'ar' else 'ltr'
        for x, y in zip(left, right):
            rows.append(f'[{x}], [#set text(lang: "{arts[1]["lang"]}", dir: {rl})\n{y}]')
        doc = setup(arts[0]['lang']) + '#grid(columns: (1fr, 1fr), column-gutter: 8mm, row-gutter: 6pt,\n' + \
            ',\n'.join(rows) + ')\n'
    open(args.o, 'w', encoding='utf-8').write(doc)


if __name__ == '__main__':
    main()
