"""The command line every check script of the tests takes (each check is one CTest test):

    SCRIPT CHECK --handout PROGRAM --source-dir SOURCE --work-dir WORK [extra options]

Imported by the scripts in tests/*/ (they put this folder on sys.path first).
"""
import argparse


def parse_check_args(checks, description=None, extra_options=()):
    """The parsed arguments; `checks` names the script's checks (args.check is one of them)."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("check", choices=sorted(checks))
    ap.add_argument("--handout", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--work-dir", required=True)
    for option in extra_options:
        ap.add_argument(option)
    return ap.parse_args()


def check_paths(args):
    """The program, the source folder and the work folder (emptied and made), absolute."""
    import os
    import shutil
    work = os.path.abspath(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    return os.path.abspath(args.handout), os.path.abspath(args.source_dir), work
