#!/usr/bin/env python3
"""The command line's own texts: what `handout` prints (standard output and standard error)
and its exit status for help, version and usage mistakes, compared byte for byte with
tests/cli/cli_texts.json. Each command line runs in an empty folder with argv[0] "handout";
the program's version (VERSION, the project's) is kept in the file as {version}.

Usage:
    python3 cli_texts.py HANDOUT WORK_DIR VERSION            compare (exit 0 same, 1 different)
    python3 cli_texts.py HANDOUT WORK_DIR VERSION --write    write cli_texts.json from HANDOUT
"""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "cli_texts.json")
COMMANDS = ["render", "validate", "fonts", "batch", "watch", "import", "new", "serve"]
LINES = (
    [[], ["--help"], ["-h"], ["--version"], ["-V"], ["help"], ["help", "nosuch"], ["help", "rendr"]]
    + [["help", c] for c in COMMANDS]
    + [[c, "--help"] for c in COMMANDS]
    + [[c, "-h"] for c in COMMANDS]
    + [[c] for c in COMMANDS if c not in ("fonts", "serve", "watch")]
    + [
        ["rendr", "x.json"], ["--bogus"], ["-x"], ["--max-depth", "3"], ["--version", "extra"],
        ["--version", "--bogus"], ["-V", "render"], ["render", "--version"], ["--version=1"], ["-V", "-V"],
        ["--help", "render"], ["render", "x.json", "--ouput", "y.pdf"], ["render", "a", "b", "c"],
        ["render", "x.json", "--dpi", "0"], ["render", "x.json", "--diagnostics", "xml"],
        ["batch", "m.json", "--jobs", "x"], ["validate", "--kind", "picture", "x.json"],
        ["render", "-", "-"], ["render", "-"], ["render", "x.json", "--pdf-standard", "a-3"],
        # Usage mistakes the guides' readers make: help about help; a page limit over what one
        # PDF holds (it was taken, and then every render or batch job refused it).
        ["help", "--help"], ["render", "x.json", "--max-pages", "40000"],
        ["batch", "m.json", "--out-dir", "out", "--max-pages", "40000"], ["serve", "--max-pages", "40000"],
    ]
)


def run(handout, work, version, args):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "HANDOUT_DATA_DIR")}
    p = subprocess.run(["handout", *args], executable=handout, capture_output=True, cwd=work, env=env,
                       stdin=subprocess.DEVNULL, timeout=60)
    def text(b):
        return b.decode("utf-8", "replace").replace(version, "{version}")
    return {"args": args, "status": p.returncode, "stdout": text(p.stdout), "stderr": text(p.stderr)}


def main():
    handout, work, version = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    got = [run(handout, work, version, args) for args in LINES]
    if sys.argv[4:] == ["--write"]:
        with open(EXPECTED, "w", encoding="utf-8") as f:
            json.dump(got, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("wrote %d command lines to %s" % (len(got), EXPECTED))
        return 0
    with open(EXPECTED, encoding="utf-8") as f:
        expected = {tuple(e["args"]): e for e in json.load(f)}
    bad = 0
    for g in got:
        e = expected.get(tuple(g["args"]))
        if e is None:
            print("FAIL: no expected text for handout %s" % " ".join(g["args"]))
            bad += 1
            continue
        for key in ("status", "stdout", "stderr"):
            if g[key] != e[key]:
                print("FAIL: handout %s: %s differs\n--- expected\n%s\n--- got\n%s" % (" ".join(g["args"]), key, e[key], g[key]))
                bad += 1
    if bad:
        return 1
    print("PASS: %d command lines print what they printed (help, version, usage errors, exit status)" % len(got))
    return 0


if __name__ == "__main__":
    sys.exit(main())
