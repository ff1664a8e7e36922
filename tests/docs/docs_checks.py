#!/usr/bin/env python3
"""The guides say what handout does: their examples are run, so they cannot silently rot.
Every Markdown file read is README.md and docs/*.md.

Usage:
    python3 docs_checks.py CHECK --handout PATH --source-dir DIR --work-dir DIR

Checks (each one a CTest test, docs.CHECK):
    json      every ```json block: an article, a block, a span list or a "text" member is
              validated and rendered (exit 0, no diagnostic); a batch manifest is validated
              and run (every job written); report.json's example has the keys a real report
              has; anything else fails, so that a new kind of example gets a check
    mistakes  every diagnostic line a guide shows for a file named m<N>.json (authoring.md's
              common mistakes, batch.md's manifest errors) is exactly what handout prints for
              the input of that name kept in tests/docs/mistakes/, and the command's exit
              status is 2 (0 when it shows only warnings)
    commands  the command lines shown in the guides (`build/handout ...`, `handout ...`,
              and the service's curl client) run in a scratch copy of the project and exit 0,
              and the files they name (-o, --png, --dump, --out-dir, new's topic) are made;
              `watch` and `serve` are started, used and stopped as the guides say
    options   every option of every command's --help is named in a guide, and every
              `--option` a guide gives a handout command exists
    schema    every property of the article, layout, brand and manifest schemas is named in
              the guide its readers use, and docs/reference.md is what scripts/schema_reference.py
              writes from the schemas

Exit status: 0 pass, 1 fail, 77 skipped (a tool is missing and CI is not set).
"""

import glob
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from check_args import check_paths, parse_check_args  # noqa: E402

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
COMMANDS = ["render", "validate", "fonts", "batch", "watch", "import", "new", "serve"]


class Fail(Exception):
    pass


def need(cond, what):
    if not cond:
        raise Fail(what)


def guides(source):
    return [os.path.join(source, "README.md")] + sorted(glob.glob(os.path.join(source, "docs", "*.md")))


def rel(source, path):
    return os.path.relpath(path, source)


def fenced_blocks(text):
    """(language, body, line) of every ``` block."""
    for m in re.finditer(r"^```([\w-]*)\n(.*?)^```", text, re.S | re.M):
        yield m.group(1), m.group(2), text.count("\n", 0, m.start()) + 2


def indented_blocks(text):
    """(body, line) of every code block indented by four spaces (outside ``` blocks), with
    the indentation of its first line removed from every line."""
    lines = text.split("\n")
    i, fenced = 0, False
    while i < len(lines):
        if lines[i].startswith("```"):
            fenced = not fenced
            i += 1
            continue
        if not fenced and lines[i].startswith("    ") and lines[i].strip() and (i == 0 or not lines[i - 1].strip()):
            indent = len(lines[i]) - len(lines[i].lstrip(" "))
            start = i
            body = []
            while i < len(lines) and (lines[i].startswith(" " * indent) or not lines[i].strip()):
                body.append(lines[i][indent:])
                i += 1
            while body and not body[-1].strip():
                body.pop()
            yield "\n".join(body), start + 1
            continue
        i += 1


class Ctx:
    def __init__(self, a):
        self.handout, self.source, self.work = check_paths(a)
        self.env = {k: v for k, v in os.environ.items() if k not in ("HANDOUT_DATA_DIR", "SOURCE_DATE_EPOCH")}
        self.env["NO_COLOR"] = "1"

    def run(self, args, cwd, timeout=120, env=None):
        return subprocess.run([self.handout, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                              env=env or self.env, stdin=subprocess.DEVNULL)

    def project(self, name):
        """A scratch copy of the project's inputs: content, layouts, brands (fonts linked)."""
        root = os.path.join(self.work, name)
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(root)
        for d in ("content", "layouts", "brands"):
            shutil.copytree(os.path.join(self.source, d), os.path.join(root, d))
        os.symlink(os.path.join(self.source, "fonts"), os.path.join(root, "fonts"))
        os.makedirs(os.path.join(root, "build"))
        os.symlink(self.handout, os.path.join(root, "build", "handout"))
        # The data beside the program (/usr/share/handout of the package is this).
        os.symlink(os.path.join(os.path.dirname(self.handout), "share"), os.path.join(root, "build", "share"))
        return root


# ---------------------------------------------------------------------------------------- json

ARABIC = re.compile("[\u0600-\u06ff]")


def parse_example(body):
    """The JSON values of a ```json block: a whole value, several values one after another
    (a block in English, then the same in Arabic), or an object's member ("text": [...]).
    A "[ ... ]" stands for content the example leaves out."""
    text = body.replace("[ ... ]", "[]")
    decoder = json.JSONDecoder()
    for candidate in (text, "{" + text + "}"):
        values, at = [], 0
        try:
            while True:
                while at < len(candidate) and candidate[at].isspace():
                    at += 1
                if at == len(candidate):
                    break
                value, at = decoder.raw_decode(candidate, at)
                values.append(value)
        except json.JSONDecodeError:
            continue
        return values
    return None


def language_of(value):
    """The language of an example: that of its first string (a span in another language
    comes later), or of its title."""
    def first(v):
        if isinstance(v, str):
            return v
        if isinstance(v, list):
            for x in v:
                s = first(x)
                if s:
                    return s
        if isinstance(v, dict):
            for k in ("title", "text", "question", "alt", "caption", "header", "items", "data"):
                if k in v:
                    s = first(v[k])
                    if s:
                        return s
        return ""
    return "ar" if ARABIC.search(first(value)) else "en"


FILLER = {"en": "The example's text, in a paragraph.", "ar": "نص المثال، في فقرة."}


def article_for(value):
    """The article an example stands for, or None when it is not article content."""
    if isinstance(value, dict) and "blocks" in value:
        article = dict(value)
        if not article["blocks"]:
            article["blocks"] = [{"type": "paragraph", "text": FILLER[article.get("lang", "en")]}]
        return article
    lang = language_of(value)
    base = {"lang": lang, "title": {"en": "An example", "ar": "مثال"}[lang]}
    if isinstance(value, dict) and "type" in value:
        return dict(base, blocks=[value])
    if isinstance(value, dict) and list(value) == ["text"]:
        return dict(base, blocks=[{"type": "paragraph", "text": value["text"]}])
    if isinstance(value, list) and all(isinstance(v, (str, dict)) for v in value):
        return dict(base, blocks=[{"type": "paragraph", "text": value}])
    return None


def key_shape(value):
    """The keys of an object, recursively; a list's items merged into one shape."""
    if isinstance(value, dict):
        return {k: key_shape(v) for k, v in value.items()}
    if isinstance(value, list):
        merged = None
        for item in value:
            merged = merge_shapes(merged, key_shape(item))
        return [merged] if merged is not None else []
    return None


def merge_shapes(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: merge_shapes(a.get(k), b.get(k)) for k in set(a) | set(b)}
    if isinstance(a, list) and isinstance(b, list):
        return [merge_shapes(a[0] if a else None, b[0] if b else None)] if a or b else []
    return a if b is None else b


def schema_errors(ctx, name, value):
    """What python3-jsonschema finds wrong in `value` by content/ or layouts/ NAME (an editor
    would mark it red), or None when python3-jsonschema is not installed."""
    try:
        import jsonschema
    except ImportError:
        if os.environ.get("CI") == "true":
            raise Fail("python3-jsonschema is missing (CI installs it with scripts/setup.sh)")
        return None
    with open(os.path.join(ctx.source, name), encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    return ["%s at /%s" % (e.message, "/".join(str(p) for p in e.absolute_path)) for e in validator.iter_errors(value)]


def check_json(ctx):
    root = ctx.project("json")
    content = os.path.join(root, "content")
    # Pictures of the examples are the wound-care leaflet's: articles go in its folder.
    topic = os.path.join(content, "wound-care")
    real_report = None
    count = 0
    problems = []
    for guide in guides(ctx.source):
        with open(guide, encoding="utf-8") as f:
            text = f.read()
        for lang, body, line in fenced_blocks(text):
            if lang != "json":
                continue
            where = "%s:%d" % (rel(ctx.source, guide), line)
            values = parse_example(body)
            if values is None:
                problems.append("%s: the example is not JSON" % where)
                continue
            for n, value in enumerate(values):
                count += 1
                name = "%s-%d-%d" % (os.path.basename(guide)[:-3], line, n)
                article = article_for(value)
                if article is not None:
                    path = os.path.join(topic, name + ".json")
                    with open(path, "w", encoding="utf-8") as f:
                        json.dump(article, f, ensure_ascii=False, indent=1)
                    errors = schema_errors(ctx, "content/article.schema.json", article)
                    if errors:
                        problems.append("%s: the article schema refuses the example: %s" % (where, errors[:3]))
                    for args in (["validate", path], ["render", path, "-o", os.path.join(ctx.work, name + ".pdf")]):
                        p = ctx.run(args, root)
                        if p.returncode != 0 or p.stderr.strip():
                            problems.append("%s: `handout %s` of the example: exit %d\n%s" %
                                            (where, args[0], p.returncode, p.stderr))
                    continue
                if isinstance(value, dict) and "jobs_total" in value:
                    if real_report is None:
                        real_report = batch_report(ctx, root)
                    want, got = key_shape(value), key_shape(real_report)
                    # A failed job's diagnostics hold one diagnostic: compare with the real one's.
                    if want != got:
                        problems.append("%s: report.json's keys differ from a real report's:\n  guide: %s\n  real:  %s" %
                                        (where, json.dumps(want, sort_keys=True), json.dumps(got, sort_keys=True)))
                    continue
                if isinstance(value, dict) and ("jobs" in value or "matrix" in value):
                    errors = schema_errors(ctx, "content/manifest.schema.json", value)
                    if errors:
                        problems.append("%s: the manifest schema refuses the example: %s" % (where, errors[:3]))
                    path = os.path.join(content, name + ".json")
                    with open(path, "w", encoding="utf-8") as f:
                        json.dump(value, f, ensure_ascii=False, indent=1)
                    p = ctx.run(["validate", path], root)
                    if p.returncode != 0 or p.stderr.strip():
                        problems.append("%s: `handout validate` of the manifest: exit %d\n%s" %
                                        (where, p.returncode, p.stderr))
                    out = os.path.join(ctx.work, name)
                    p = ctx.run(["batch", path, "--out-dir", out, "--quiet", "-j", "2"], root, timeout=300)
                    if p.returncode != 0:
                        problems.append("%s: `handout batch` of the manifest: exit %d\n%s" %
                                        (where, p.returncode, p.stderr))
                    continue
                problems.append("%s: a JSON example of a kind this check does not know; teach it "
                                "(tests/docs/docs_checks.py) how to run it" % where)
    need(count >= 20, "only %d JSON examples found in the guides" % count)
    if problems:
        raise Fail("\n".join(problems))
    print("%d JSON examples validated and run" % count)


def batch_report(ctx, root):
    """A real report.json: one job written, one failed (a missing article)."""
    manifest = os.path.join(root, "content", "report-example.json")
    with open(manifest, "w") as f:
        json.dump({"jobs": [
            {"articles": ["stem-cell-therapy/en.json"], "layout": "../layouts/a4.json", "output": "ok.pdf"},
            {"articles": ["missing/en.json"], "layout": "../layouts/a4.json", "output": "bad.pdf"}]}, f)
    out = os.path.join(ctx.work, "report-example")
    p = ctx.run(["batch", manifest, "--out-dir", out, "--quiet"], root)
    need(p.returncode == 1, "a batch with a missing article: exit %d, expected 1\n%s" % (p.returncode, p.stderr))
    with open(os.path.join(out, "report.json")) as f:
        return json.load(f)


# ------------------------------------------------------------------------------------ mistakes

DIAG = re.compile(r"^\s*((m\d*b?)(/[\w.-]+)?\.?[\w]*):(\d+):(\d+): (error|warning|note): ")


def check_mistakes(ctx):
    inputs = os.path.join(HERE, "mistakes")
    shown = {}  # input name (file or folder) -> [(guide:line, diagnostic line)]
    for guide in guides(ctx.source):
        with open(guide, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for n, line in enumerate(lines, 1):
            m = DIAG.match(line)
            if m:
                name = m.group(2) + ("" if m.group(3) else ".json")
                shown.setdefault(name, []).append(("%s:%d" % (rel(ctx.source, guide), n), line.strip()))
    need(len(shown) >= 10, "only %d example inputs found in the guides" % len(shown))
    problems = []
    for name, lines in sorted(shown.items()):
        src = os.path.join(inputs, name)
        if not os.path.exists(src):
            problems.append("%s: shows what handout says about %s, which tests/docs/mistakes/ does not hold" %
                            (lines[0][0], name))
            continue
        work = os.path.join(ctx.work, "mistakes")
        os.makedirs(work, exist_ok=True)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(work, name), dirs_exist_ok=True)
            # Named as the guide names them: the English first (validate en.json ar.json).
            files = sorted((os.path.join(name, f) for f in os.listdir(src)), key=lambda f: (not f.endswith("en.json"), f))
            args = ["validate", *files]
        else:
            shutil.copy(src, os.path.join(work, name))
            with open(src, encoding="utf-8") as f:
                is_manifest = '"jobs"' in f.read()
            # A manifest is run by batch; an article rendered, as the guide says ("stops the render").
            args = ["batch", name, "--out-dir", "out"] if is_manifest else ["render", name, "-o", "out.pdf"]
        p = ctx.run(args, work)
        printed = [l for l in p.stderr.split("\n") if not l.startswith("  |")]
        errors = any(": error: " in l for _, l in lines)
        want_status = 2 if errors else 0
        if p.returncode != want_status:
            problems.append("%s: `handout %s`: exit %d, the guide means %d" %
                            (lines[0][0], " ".join(args), p.returncode, want_status))
        for made in ("out.pdf", "out"):
            if errors and os.path.exists(os.path.join(work, made)):
                problems.append("%s: %s was written for %s" % (lines[0][0], made, name))
        for where, line in lines:
            if line not in printed:
                problems.append("%s: the guide shows\n    %s\nbut `handout %s` prints\n    %s" %
                                (where, line, " ".join(args), "\n    ".join(l for l in printed if l)))
        # Everything handout says about the input is shown (in its order), not a part.
        said = [l for l in printed if DIAG.match(l)]
        if [l for _, l in lines] != said and all(l in printed for _, l in lines):
            problems.append("%s: the guide shows %d of the %d diagnostics for %s, or another order:\n    %s" %
                            (lines[0][0], len(lines), len(said), name, "\n    ".join(said)))
        for made in ("out.pdf", "out"):
            shutil.rmtree(os.path.join(work, made), ignore_errors=True)
            if os.path.isfile(os.path.join(work, made)):
                os.remove(os.path.join(work, made))
    if problems:
        raise Fail("\n".join(problems))
    print("%d example inputs give what the guides show" % len(shown))


# ------------------------------------------------------------------------------------ commands

SKIPPED_PROGRAMS = ("sudo", "cmake", "(cd", "cpack", "docker", "journalctl", "systemctl", "parallel", "srun",
                    "bash", "valgrind", "TSAN_OPTIONS", "/usr/bin/time", "npm", "python3 bench", "python3 tests",
                    "build/bench", "HANDOUT_UPDATE_GOLDEN", "HANDOUT_SANITIZE_TESTS", "m.json:", "export",
                    "#", "HANDOUT_SERVE_OPTIONS", "ExecStart", "draft.", "2026-", "{", "apiVersion")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def command_lines(source, guide):
    """The shell command lines of a guide's code blocks (indented, or ```sh), continuation
    lines joined, each with where it is and the section (## heading) it is in."""
    with open(guide, encoding="utf-8") as f:
        text = f.read()
    blocks = [(body, line) for body, line in indented_blocks(text)]
    blocks += [(body, line) for lang, body, line in fenced_blocks(text) if lang == "sh"]
    blocks.sort(key=lambda b: b[1])
    headings = [n for n, l in enumerate(text.split("\n"), 1) if l.startswith("## ")]
    for body, line in blocks:
        section = len([h for h in headings if h < line])
        joined, start = "", line
        for n, raw in enumerate(body.split("\n")):
            if not joined:
                start = line + n
            joined += raw.rstrip("\\").rstrip() + " " if raw.rstrip().endswith("\\") else raw
            if raw.rstrip().endswith("\\"):
                continue
            cmd, joined = joined.strip(), ""
            if cmd:
                yield cmd, "%s:%d" % (rel(source, guide), start), section


def strip_comment(cmd):
    """The command without a trailing `# comment` (a # inside quotes stays)."""
    quote = None
    for i, c in enumerate(cmd):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or cmd[i - 1] == " "):
            return cmd[:i].rstrip()
    return cmd


PLACEHOLDERS = [
    ("ARTICLE.json", "content/stem-cell-therapy/en.json"),
    ("OUT.pdf", "out/placeholder.pdf"),
    ("OUT.txt", "out/placeholder.txt"),
    ("[--dpi 96]", "--dpi 96"),
    ("/usr/share/handout/", "build/share/handout/"),
]


def expected_outputs(argv):
    """The files a handout command line says it makes."""
    out = []
    if len(argv) < 2:
        return out
    command = argv[1]
    for i, a in enumerate(argv[:-1]):
        nxt = argv[i + 1]
        if a in ("-o", "--output") and nxt != "-":
            out.append(nxt)
        elif a == "--dump":
            out.append(nxt)
        elif a == "--out-dir":
            out.append(os.path.join(nxt, "report.json"))
        elif a == "--png":
            pdf = argv[argv.index("-o") + 1]
            out.append(os.path.join(nxt, os.path.basename(pdf)[:-4] + "-1.png"))
    if command == "new":
        langs = argv[argv.index("--langs") + 1].split(",") if "--langs" in argv else ["en", "ar"]
        out += ["content/%s/%s.json" % (argv[2], lang) for lang in langs]
    return out


def check_commands(ctx):
    problems, ran = [], 0
    have_pandoc = shutil.which("pandoc") is not None
    if not have_pandoc and os.environ.get("CI") == "true":
        raise Fail("pandoc is missing (CI installs it with scripts/setup.sh)")
    sections = []  # (guide, section, [(command, where)]): a reader follows one section at a time
    for guide in guides(ctx.source):
        if os.path.basename(guide) in ("performance.md", "architecture.md"):
            continue  # measurements for developers, not steps for readers
        for cmd, where, section in command_lines(ctx.source, guide):
            if not sections or sections[-1][:2] != (guide, section):
                sections.append((guide, section, []))
            sections[-1][2].append((cmd, where))
    for guide, section, commands in sections:
        root = ctx.project("commands-%s-%d" % (os.path.basename(guide)[:-3], section))
        os.makedirs(os.path.join(root, "out"), exist_ok=True)
        shutil.copy(os.path.join(root, "content", "stem-cell-therapy", "en.json"), os.path.join(root, "en.json"))
        if have_pandoc:
            with open(os.path.join(root, "draft.md"), "w") as f:
                f.write("# Knee injection\n\nRest your knee for **one day**.\n\n- Use ice.\n- Walk gently.\n")
            subprocess.run(["pandoc", "draft.md", "-o", "draft.docx"], cwd=root, check=True)
        env = dict(ctx.env, PATH=os.path.join(root, "build") + os.pathsep + ctx.env.get("PATH", ""))
        server = None
        port = free_port()
        try:
            for cmd, where in commands:
                cmd = strip_comment(cmd)
                if not cmd or cmd.startswith(SKIPPED_PROGRAMS) or "|" in cmd.split("||")[0] and "||" not in cmd:
                    continue
                program = cmd.split()[0]
                if program not in ("build/handout", "handout", "curl", "python3", "mkdir"):
                    continue
                if program == "python3" and "json.dumps" not in cmd:
                    continue
                for a, b in PLACEHOLDERS:
                    cmd = cmd.replace(a, b)
                cmd = cmd.replace("127.0.0.1:8080", "127.0.0.1:%d" % port)
                if " import " in cmd and not have_pandoc:
                    print("SKIP (no pandoc): %s" % cmd)
                    continue
                argv = shlex.split(cmd)
                ran += 1
                print("%s: %s" % (where, cmd))
                if program.endswith("handout") and argv[1] == "serve":
                    server = subprocess.Popen(argv, cwd=root, env=env, stdout=subprocess.PIPE,
                                              stderr=subprocess.PIPE, text=True)
                    deadline = time.time() + 30
                    while time.time() < deadline:
                        try:
                            socket.create_connection(("127.0.0.1", port), timeout=1).close()
                            break
                        except OSError:
                            time.sleep(0.1)
                    else:
                        problems.append("%s: `%s` is not listening" % (where, cmd))
                    continue
                if program.endswith("handout") and argv[1] == "watch":
                    outputs = expected_outputs(argv)
                    for o in outputs:
                        if os.path.exists(os.path.join(root, o)):
                            os.remove(os.path.join(root, o))
                    w = subprocess.Popen(argv, cwd=root, env=env, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True)
                    deadline = time.time() + 60
                    while time.time() < deadline and not all(os.path.exists(os.path.join(root, o)) for o in outputs):
                        time.sleep(0.1)
                    time.sleep(0.3)
                    w.send_signal(signal.SIGINT)  # "Stop with Ctrl+C"
                    _, err = w.communicate(timeout=30)
                    if w.returncode != 0:
                        problems.append("%s: `%s` stopped with Ctrl+C: exit %d\n%s" % (where, cmd, w.returncode, err))
                    for o in outputs:
                        if not os.path.exists(os.path.join(root, o)):
                            problems.append("%s: `%s` did not make %s" % (where, cmd, o))
                    continue
                p = subprocess.run(cmd, shell=True, cwd=root, env=env, capture_output=True, text=True, timeout=300)
                if p.returncode != 0:
                    problems.append("%s: `%s`: exit %d\n%s%s" % (where, cmd, p.returncode, p.stdout[-2000:], p.stderr[-2000:]))
                    continue
                if program.endswith("handout"):
                    for o in expected_outputs(argv):
                        if not os.path.exists(os.path.join(root, o)):
                            problems.append("%s: `%s` did not make %s" % (where, cmd, o))
                        elif o.endswith(".pdf"):
                            with open(os.path.join(root, o), "rb") as f:
                                need(f.read(5) == b"%PDF-", "%s: %s is not a PDF" % (where, o))
                if program == "curl" and "-o " in cmd:
                    target = argv[argv.index("-o") + 1]
                    with open(os.path.join(root, target), "rb") as f:
                        if f.read(5) != b"%PDF-":
                            problems.append("%s: `%s` did not get a PDF" % (where, cmd))
        finally:
            if server:
                server.send_signal(signal.SIGTERM)
                _, err = server.communicate(timeout=60)
                if server.returncode != 0:
                    problems.append("%s: the service exited %d on SIGTERM (the guide says 0)\n%s" %
                                    (rel(ctx.source, guide), server.returncode, err))
    need(ran >= 20, "only %d command lines run from the guides" % ran)
    if problems:
        raise Fail("\n".join(problems))
    print("%d command lines of the guides run as they say" % ran)


# ------------------------------------------------------------------------------------- options

OTHER_PROGRAMS = re.compile(r"^(cmake|cpack|curl|pandoc|valgrind|python3|bash|npm|docker|sudo|systemctl|"
                            r"journalctl|parallel|srun|pdftoppm|pdftotext|pdfinfo|pdfimages|mutool|qpdf|zbarimg|"
                            r"hyperfine|perf|ab|gs|ajv|node|git|strace|clang|g\+\+|lintian|dpkg|debootstrap|buildah|"
                            r"build/bench|/usr/bin/time|HANDOUT_|TSAN_)")


def help_options(ctx, command):
    p = ctx.run([command, "--help"], ctx.work)
    need(p.returncode == 0, "handout %s --help: exit %d" % (command, p.returncode))
    return set(re.findall(r"(?:^|[ ,])(--[a-z][a-z0-9-]*)", p.stdout, re.M)) - {"--help"}


def check_options(ctx):
    text = ""
    for guide in guides(ctx.source):
        with open(guide, encoding="utf-8") as f:
            text += f.read() + "\n"
    known = set()
    problems = []
    for command in COMMANDS:
        options = help_options(ctx, command)
        known |= options
        for o in sorted(options):
            # Named with its command in a guide: in a command line, or in prose near it.
            if not re.search(re.escape(o) + r"(?![a-z-])", text):
                problems.append("handout %s %s: in --help, in no guide" % (command, o))
    known |= {"--help", "--version", "--man", "--bash-completion"}
    # Options the guides give handout that it does not have.
    for guide in guides(ctx.source):
        with open(guide, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for n, line in enumerate(lines, 1):
            for m in re.finditer(r"(?:build/)?handout (" + "|".join(COMMANDS + ["help"]) + r")\b([^`\n]*)", line):
                rest = m.group(2).split("#")[0]
                for o in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", rest):
                    if o not in known:
                        problems.append("%s:%d: `handout %s ... %s`: handout has no such option" %
                                        (rel(ctx.source, guide), n, m.group(1), o))
    if problems:
        raise Fail("\n".join(problems))
    print("every option of %d commands is in a guide, and the guides name no other" % len(COMMANDS))


# -------------------------------------------------------------------------------------- schema

SCHEMAS = {
    # schema -> the guides where its readers look for a property
    "content/article.schema.json": ["docs/authoring.md", "docs/reference.md"],
    "layouts/layout.schema.json": ["docs/reference.md"],
    "brands/brand.schema.json": ["docs/reference.md"],
    "content/manifest.schema.json": ["docs/batch.md", "docs/reference.md"],
}


def property_names(schema):
    names = set()

    def walk(s):
        if isinstance(s, dict):
            for k, v in s.get("properties", {}).items():
                names.add(k)
                walk(v)
            for k, v in s.items():
                if k != "properties":
                    walk(v)
        elif isinstance(s, list):
            for v in s:
                walk(v)
    walk(schema)
    return names - {"$schema"}


def check_schema(ctx):
    problems = []
    tool = os.path.join(ctx.source, "scripts", "schema_reference.py")
    p = subprocess.run([sys.executable, tool, "--source-dir", ctx.source, "--check"], capture_output=True, text=True)
    if p.returncode != 0:
        problems.append("docs/reference.md is not what scripts/schema_reference.py writes from the schemas "
                        "(run `python3 scripts/schema_reference.py` and commit it):\n" + p.stdout + p.stderr)
    for schema, docs in SCHEMAS.items():
        with open(os.path.join(ctx.source, schema), encoding="utf-8") as f:
            names = property_names(json.load(f))
        for doc in docs:
            with open(os.path.join(ctx.source, doc), encoding="utf-8") as f:
                text = f.read()
            for name in sorted(names):
                # As a key (`"name"`, `name`) or a component of a key's path (`page.name`).
                if not re.search(r'[`".]' + re.escape(name) + r'[`"\[]', text):
                    problems.append("%s: property %s of %s is not named" % (doc, name, schema))
    # Each block kind's keys where an author reads about that kind: its "### kind" section of
    # authoring.md ("level" named for headings said nothing of a QR code's "level").
    with open(os.path.join(ctx.source, "content", "article.schema.json"), encoding="utf-8") as f:
        defs = json.load(f)["$defs"]
    with open(os.path.join(ctx.source, "docs", "authoring.md"), encoding="utf-8") as f:
        authoring = f.read()
    for name, node in defs.items():
        kind = node.get("properties", {}).get("type", {}).get("const")
        if not kind:
            continue
        m = re.search(r"^### %s\b.*?(?=^##)" % re.escape(kind), authoring, re.S | re.M)
        if not m:
            problems.append("docs/authoring.md: no section \"### %s\" for the %s block" % (kind, kind))
            continue
        for key in node["properties"]:
            if key in ("type", "id"):  # said once for every block, under "## Blocks"
                continue
            if not re.search(r'[`"]' + re.escape(key) + r'[`"]', m.group(0)):
                problems.append('docs/authoring.md, "### %s": the %s block\'s key "%s" is not named' % (kind, kind, key))
    if problems:
        raise Fail("\n".join(problems))
    print("every schema property is in the guides")


CHECKS = {"json": check_json, "mistakes": check_mistakes, "commands": check_commands, "options": check_options,
          "schema": check_schema}


def main():
    args = parse_check_args(CHECKS, __doc__)
    ctx = Ctx(args)
    try:
        CHECKS[args.check](ctx)
    except Fail as e:
        print("FAIL: %s" % e)
        return 1
    print("PASS: docs.%s" % args.check)
    return 0


if __name__ == "__main__":
    sys.exit(main())
