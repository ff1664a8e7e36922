"""Helpers shared by the authoring checks (previews, watch, import, new): running
handout and the clients, skipping when a tool is missing outside CI, and reading PNG/PGM
images with the standard library only."""

import os
import shutil
import sys

# The PDF checks' helpers: Fail, require_tools (exit 77 outside CI), run, PNG and PGM reading.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pdf"))
from pdf_checks import Fail, png_decode_gray, read_pgm, require_tools, run  # noqa: E402,F401


def main(commands, doc):
    """Runs the subcommand named on the command line: argv = SUBCOMMAND --handout H
    --source-dir S --work-dir W."""
    import argparse
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("command", choices=sorted(commands))
    parser.add_argument("--handout", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    args.handout = os.path.abspath(args.handout)
    args.source_dir = os.path.abspath(args.source_dir)
    args.work_dir = os.path.abspath(args.work_dir)
    if os.path.isdir(args.work_dir):
        shutil.rmtree(args.work_dir)
    os.makedirs(args.work_dir)
    try:
        commands[args.command](args)
    except Fail as e:
        print("FAIL: %s" % e)
        sys.exit(1)
    print("PASS: %s" % args.command)
    sys.exit(0)


def read_png_gray(path):
    """(width, height, bytes) of a PNG file as grey."""
    with open(path, "rb") as f:
        return png_decode_gray(f.read(), path)
