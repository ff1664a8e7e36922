#!/usr/bin/env python3
"""Runs the hostile corpus (generate.py) through `handout render`, optionally under valgrind.

    python3 run_hostile.py --handout PATH --work-dir DIR [--small] [--valgrind] [-k REGEX]

Every case must end as generate.py says: a PDF (exit 0, the file present and starting with
%PDF-) or a refusal (exit 2, no file; 64 for a wrong command line), with the expected diagnostics, never a signal, a hang
(the timeout) or, under valgrind, a memory error (valgrind's --error-exitcode). Prints each
case's CPU and wall time and peak memory (measurements, not assertions: speed is judged in
bench/, where bench/hostile.sh gives --budget).
Exits 77 when valgrind is asked for but missing (outside CI).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
VALGRIND_ERROR = 99


def run(argv, env, timeout, work):
    """Runs argv; returns (exit status or None on timeout, stdout, stderr, wall seconds,
    CPU seconds (user + system), peak KiB)."""
    start = time.monotonic()
    with open(os.path.join(work, "stdout"), "w+b") as out, open(os.path.join(work, "stderr"), "w+b") as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        rc = None
        rss = 0
        cpu = 0.0
        while time.monotonic() - start < timeout:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                rc = os.waitstatus_to_exitcode(status)
                rss = usage.ru_maxrss
                cpu = usage.ru_utime + usage.ru_stime
                break
            time.sleep(0.01)
        if rc is None:
            proc.kill()
            proc.wait()
        wall = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return rc, out.read(), err.read(), wall, cpu, rss


def pdf_problems(path, qpdf):
    """What is wrong inside a written PDF: a ToUnicode entry over 512 bytes (PDF 32000-1,
    9.10.3) or a date without a four-digit year. Needs qpdf to undo the compression."""
    if not qpdf:
        return []
    r = subprocess.run([qpdf, "--qdf", "--object-streams=disable", path, "-"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if r.returncode not in (0, 3):
        return ["qpdf cannot read the PDF: " + r.stderr.decode("utf-8", "replace")[:300]]
    text = r.stdout.decode("latin-1")
    problems = []
    longest = max((len(m) // 2 for m in re.findall(r"^<[0-9A-F]{4}> <([0-9A-F]*)>$", text, re.M)), default=0)
    if longest > 512:
        problems.append("a ToUnicode entry of %d bytes (at most 512)" % longest)
    for m in re.findall(r"/(?:CreationDate|ModDate) \((D:[^)]*)\)", text):
        if not re.match(r"D:\d{14}", m):
            problems.append("an invalid PDF date %s" % m)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--handout", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--valgrind", action="store_true")
    ap.add_argument("--instrumented", action="store_true",
                    help="the program is built with sanitizers: their shadow memory and quarantine "
                         "inflate peak RSS, so the memory guarantee is not asserted")
    ap.add_argument("-k", default=None)
    ap.add_argument("--budget", default=None, metavar="SECONDS,MB",
                    help="also fail when a case takes longer or more memory (bench/hostile.sh)")
    a = ap.parse_args()
    ci = os.environ.get("CI") == "true"
    if a.valgrind and not shutil.which("valgrind"):
        print("valgrind is not installed" + (" (required in CI)" if ci else "; skipped"))
        return 1 if ci else 77
    qpdf = shutil.which("qpdf")
    if not qpdf:
        print("note: qpdf is missing; PDFs are not looked inside" + (" (required in CI)" if ci else ""))
        if ci:
            return 1
    work = os.path.abspath(a.work_dir)
    os.makedirs(work, exist_ok=True)
    gen = [sys.executable, os.path.join(HERE, "generate.py"), os.path.join(work, "in")]
    if a.small:
        gen.append("--small")
    subprocess.run(gen, check=True)
    with open(os.path.join(work, "in", "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    failed = 0
    ran = 0
    worst_time = (0.0, "")
    worst_rss = (0, "")
    budget = [float(x) for x in a.budget.split(",")] if a.budget else None
    for case in cases:
        if a.k and not re.search(a.k, case["name"]):
            continue
        if a.valgrind and not case["memcheck"]:
            continue
        ran += 1
        out_pdf = os.path.join(work, "out", case["name"] + ".pdf")
        os.makedirs(os.path.dirname(out_pdf), exist_ok=True)
        if os.path.exists(out_pdf):
            os.remove(out_pdf)
        argv = [a.handout, "render"] + case["articles"] + ["--layout", case["layout"], "-o", out_pdf] + case["args"]
        timeout = 60.0
        if a.valgrind:
            # The program may allocate with mimalloc (HANDOUT_MIMALLOC), whose malloc memcheck
            # replaces as it does glibc's (the same allocations are seen). mimalloc gives new,
            # new[], delete, delete[] and free one address each, which memcheck then reports as
            # mismatched pairs: that check is left to the AddressSanitizer build.
            argv = ["valgrind", "-q", "--error-exitcode=%d" % VALGRIND_ERROR, "--leak-check=no",
                    "--track-origins=no", "--show-mismatched-frees=no"] + argv
            timeout = 600.0
        env = dict(os.environ)
        env.pop("SOURCE_DATE_EPOCH", None)
        env.update(case["env"])
        rc, out, err, wall, cpu, rss = run(argv, env, timeout, work)
        err_text = err.decode("utf-8", "replace")
        problems = []
        if rc is None:
            problems.append("did not finish within %.0f s" % timeout)
        elif rc == VALGRIND_ERROR and a.valgrind:
            problems.append("valgrind found memory errors")
        elif rc < 0 or rc >= 128:
            problems.append("died with status %d" % rc)
        elif case["expect"] == "pdf":
            if rc != 0:
                problems.append("expected a PDF, got exit %d" % rc)
            elif not os.path.exists(out_pdf):
                problems.append("exit 0 but no PDF")
            else:
                with open(out_pdf, "rb") as f:
                    data = f.read()
                if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
                    problems.append("the PDF is not complete")
                else:
                    problems += pdf_problems(out_pdf, qpdf)
        else:
            want = 64 if case["expect"] == "usage" else 2  # a wrong command line, or refused input
            if rc != want:
                problems.append("expected a refusal (exit %d), got exit %d" % (want, rc))
            if os.path.exists(out_pdf):
                problems.append("a refusal left a PDF")
        for rx in case["stderr"]:
            if not re.search(rx, err_text):
                problems.append("stderr lacks /%s/" % rx)
        worst_time = max(worst_time, (cpu, case["name"]))
        worst_rss = max(worst_rss, (rss, case["name"]))
        # CPU time, not wall time: these machines are shared, and one render is one thread.
        if budget and rc is not None and (cpu > budget[0] or rss / 1024.0 > budget[1]):
            problems.append("over the budget of %g s (CPU) and %g MB" % (budget[0], budget[1]))
        # The memory bound is asserted (peak RSS from getrusage, which load does not change);
        # time is left to the --budget of bench/hostile.sh.
        if case.get("max_mb") and not a.valgrind and not a.instrumented and rss / 1024.0 > case["max_mb"]:
            problems.append("peak memory %.0f MB is over the guaranteed %d MB" % (rss / 1024.0, case["max_mb"]))
        status = "FAIL" if problems else "PASS"
        print("%s %-28s exit %-4s %6.2f s CPU %6.2f s wall %7.1f MB" %
              (status, case["name"], rc, cpu, wall, rss / 1024.0))
        if problems:
            failed += 1
            for p in problems:
                print("    " + p)
            print("    stderr: " + err_text[:1500].replace("\n", "\n    "))
    print("slowest: %s (%.2f s CPU); most memory: %s (%.1f MB)" %
          (worst_time[1], worst_time[0], worst_rss[1], worst_rss[0] / 1024.0))
    print("%d passed, %d failed" % (ran - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
