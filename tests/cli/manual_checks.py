#!/usr/bin/env python3
"""The manual page and the bash completion the build makes (src/cli/manual.h, CMakeLists.txt):

  man          share/man/man1/handout.1.gz beside the program is what `handout help --man`
               prints; groff reads it with no warning (-ww); it has the usual sections; every
               command of `handout --help` has its section, holding every option that
               `handout help COMMAND` lists; its version is the program's.
  completion   share/bash-completion/completions/handout is what `handout help
               --bash-completion` prints; sourced in bash, it completes commands, each
               command's options, the words an option takes, folders for a folder option,
               files for a file option and nothing for a number.
"""

import gzip
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "author"))
from common import Fail, main, require_tools, run  # noqa: E402


def installed(args, *parts):
    """A file the build put under share/ beside the program."""
    return os.path.join(os.path.dirname(args.handout), "share", *parts)


def commands_of(args):
    _, out, _ = run([args.handout, "--help"])
    section = out.split("Subcommands:", 1)[1]
    return re.findall(r"^  (\w+) ", section, re.M)


def options_of(args, command):
    _, out, _ = run([args.handout, "help", command])
    options = out.split("Options:", 1)[1].split("Exit status", 1)[0]
    names = set()
    for line in options.splitlines():
        if re.match(r"^  -", line):
            names.update(line.split()[0].split(","))
    return names - {"-h", "--help"}


def cmd_man(args):
    require_tools("groff")
    page = installed(args, "man", "man1", "handout.1.gz")
    if not os.path.isfile(page):
        raise Fail("the build made no manual page at %s" % page)
    with gzip.open(page, "rt", encoding="ascii") as f:
        roff = f.read()
    _, printed, _ = run([args.handout, "help", "--man"])
    if roff != printed:
        raise Fail("%s is not what `handout help --man` prints (rebuilt without the page?)" % page)
    p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z"], input=roff.encode("ascii"),
                       capture_output=True)
    if p.returncode != 0 or p.stderr.strip():
        raise Fail("groff -ww: %s" % p.stderr.decode(errors="replace"))
    p = subprocess.run(["groff", "-man", "-Tutf8"], input=roff.encode("ascii"), capture_output=True,
                       env=dict(os.environ, GROFF_NO_SGR="1", MANWIDTH="200"))
    text = re.sub(r".\x08", "", p.stdout.decode("utf-8", errors="replace"))
    for heading in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "EXIT STATUS", "ENVIRONMENT",
                    "FILES", "EXAMPLES", "SEE ALSO"):
        if not re.search(r"^%s$" % heading, text, re.M):
            raise Fail("the manual page has no %s section" % heading)
    _, version, _ = run([args.handout, "--version"])
    if not roff.startswith('.TH HANDOUT 1 "" "%s"' % version.strip().replace("-", "\\-")):
        raise Fail("the manual page's header does not name %r: %s" % (version.strip(), roff.splitlines()[0]))
    commands = commands_of(args)
    if len(commands) < 8:
        raise Fail("`handout --help` lists only %s" % commands)
    sections = re.split(r"^   handout ", text.split("\nCOMMANDS\n", 1)[1].split("\nOPTIONS\n", 1)[0], flags=re.M)
    by_command = {s.split()[0]: s for s in sections if s.strip()}
    for command in commands:
        if command not in by_command:
            raise Fail("the manual page has no section for `handout %s`" % command)
        body = by_command[command].replace("\u2010", "-").replace("\u2212", "-")
        for option in sorted(options_of(args, command)):
            if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(option), body):
                raise Fail("the manual page's `handout %s` does not name its option %s" % (command, option))
    for var in ("HANDOUT_DATA_DIR", "SOURCE_DATE_EPOCH", "NO_COLOR"):
        if var not in text:
            raise Fail("the manual page's ENVIRONMENT does not name %s" % var)


COMPLETE = r'''
source "$1"
shift
COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
_handout
printf '%s\n' "${COMPREPLY[@]}"
'''


def cmd_completion(args):
    require_tools("bash")
    script = installed(args, "bash-completion", "completions", "handout")
    if not os.path.isfile(script):
        raise Fail("the build made no bash completion at %s" % script)
    with open(script, encoding="utf-8") as f:
        made = f.read()
    _, printed, _ = run([args.handout, "help", "--bash-completion"])
    if made != printed:
        raise Fail("%s is not what `handout help --bash-completion` prints" % script)
    work = args.work_dir
    os.makedirs(os.path.join(work, "pages"))
    os.makedirs(os.path.join(work, "plans"))
    for name in ("knee.json", "knee-ar.json", "notes.txt"):
        open(os.path.join(work, name), "w").close()

    def complete(*words):
        p = subprocess.run(["bash", "-c", COMPLETE, "bash", script, "handout"] + list(words), cwd=work,
                           capture_output=True, text=True)
        if p.returncode != 0 or p.stderr.strip():
            raise Fail("completing %r: exit %d %s" % (words, p.returncode, p.stderr))
        return sorted(w for w in p.stdout.split("\n") if w)

    cases = [
        (("re",), ["render"]),
        (("help", "ba"), ["batch"]),
        (("render", "--la"), ["--layout"]),
        (("render", "--diagnostics", ""), ["json", "text"]),
        (("validate", "--kind", "a"), ["article", "auto"]),
        (("render", "--dpi", ""), []),
        (("render", "--png", "p"), ["pages", "plans"]),
        (("batch", "m.json", "--out-dir", ""), ["pages", "plans"]),
        (("render", "-l", "kn"), ["knee-ar.json", "knee.json"]),
        (("render", "knee.json", "-o", "n"), ["notes.txt"]),
        (("render", "k"), ["knee-ar.json", "knee.json"]),
    ]
    for words, want in cases:
        got = complete(*words)
        if got != want:
            raise Fail("handout %s<TAB>: %s, expected %s" % (" ".join(words), got, want))
    # Every command's options, as `handout help COMMAND` lists them.
    for command in commands_of(args):
        got = set(complete(command, "-"))
        missing = options_of(args, command) - got
        if missing:
            raise Fail("handout %s -<TAB> does not offer %s" % (command, sorted(missing)))
    commands = set(complete(""))
    if not set(commands_of(args)) <= commands or "help" not in commands:
        raise Fail("handout <TAB>: %s" % sorted(commands))


if __name__ == "__main__":
    main({"man": cmd_man, "completion": cmd_completion}, __doc__)
