#!/usr/bin/env python3
"""One render on two threads (render --threads 2: the writer's deflating on a second thread)
gives the bytes of one thread.

Usage:
    python3 threads_checks.py SUBCOMMAND --handout PATH --source-dir DIR --work-dir DIR

Subcommands:
    bundled   every job of content/manifest.json (each article in each layout, both bilingual
              forms, the brands), and the seed untagged (--pdf-standard none), rendered with
              --threads 1 and --threads 2, and with --threads 2 where a test-only hook
              (HANDOUT_TEST_SIDE_LANE) has the second thread sleep before each task ("slow":
              the two threads race for the tasks), never gives it one ("never"), gives it
              every one ("all") or has it stall inside each task it starts ("stall": the
              main thread does that work too): the same bytes.
    long      generated long articles (bench/stress.py; English and Arabic, beyond the 64
              pages the writer holds in memory, so later pages go through its temporary
              file) likewise.

Exit status: 0 pass, 1 fail.
"""

import itertools
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_checks as pc  # noqa: E402  (shared helpers: run, render, script_main, ...)

# (name, extra arguments, environment additions) of the renders compared with --threads 1.
VARIANTS = [
    ("two", ["--threads", "2"], {}),
    ("slow", ["--threads", "2"], {"HANDOUT_TEST_SIDE_LANE": "slow"}),
    ("never", ["--threads", "2"], {"HANDOUT_TEST_SIDE_LANE": "never"}),
    ("all", ["--threads", "2"], {"HANDOUT_TEST_SIDE_LANE": "all"}),
    ("stall", ["--threads", "2"], {"HANDOUT_TEST_SIDE_LANE": "stall"}),
]
LIMITS = ["--max-pages", "2000", "--max-input-bytes", "16777216"]


def manifest_jobs(ctx):
    """(name, [articles], layout, [extra arguments]) of every job of content/manifest.json."""
    base = ctx.src("content")
    manifest = pc.load_json(os.path.join(base, "manifest.json"))
    jobs = []
    for entry in manifest["matrix"]:
        topics = entry.get("topics", [""])
        langs = entry.get("langs", [""])
        brands = entry.get("brands", {"": None})
        for topic, lang, (layout_name, layout), (brand_name, brand) in itertools.product(
                topics, langs, entry["layouts"].items(), brands.items()):
            def fill(text):
                return text.replace("{topic}", topic).replace("{lang}", lang).replace(
                    "{layout}", layout_name).replace("{brand}", brand_name)
            articles = entry["articles"]
            articles = [articles] if isinstance(articles, str) else articles
            paths = [os.path.normpath(os.path.join(base, fill(a))) for a in articles]
            extra = ["--brand", os.path.normpath(os.path.join(base, brand))] if brand else []
            name = fill(entry["output"]).replace("/", "_")
            jobs.append((name, paths, os.path.normpath(os.path.join(base, layout)), extra))
    return jobs


def compare(ctx, tally, name, articles, layout, extra):
    """Renders with --threads 1 and every variant; records whether each has the same bytes."""
    want_pdf = pc.render(ctx, articles, ctx.out(name + "-1.pdf"), extra=["--threads", "1"] + extra, layout=layout)
    want = open(want_pdf, "rb").read()
    for variant, args, env_add in VARIANTS:
        env = dict(os.environ)
        env.update(env_add)
        got_pdf = pc.render(ctx, articles, ctx.out("%s-%s.pdf" % (name, variant)), extra=args + extra,
                            layout=layout, env=env)
        got = open(got_pdf, "rb").read()
        tally.check(got == want, "%s (%s): %d bytes, %d with one thread" % (name, variant, len(got), len(want)))
        os.remove(got_pdf)
    os.remove(want_pdf)


def cmd_bundled(ctx):
    t = pc.Tally("bundled")
    jobs = manifest_jobs(ctx)
    if len(jobs) < 50:
        raise pc.Fail("the manifest gave %d jobs, fewer than the bundled renders" % len(jobs))
    jobs.append(("seed-ar-untagged", [ctx.src("content", "stem-cell-therapy", "ar.json")], ctx.layout,
                 ["--pdf-standard", "none"]))
    for name, articles, layout, extra in jobs:
        compare(ctx, t, name, articles, layout, extra)
    print("bundled: %d jobs, each rendered with one thread and %d ways with two, %d failures"
          % (len(jobs), len(VARIANTS), len(t.failures)))
    return not t.failures


def cmd_long(ctx):
    t = pc.Tally("long")
    for pages, lang in ((300, "en"), (140, "ar")):
        article = ctx.out("stress-%s-%d.json" % (lang, pages))
        pc.run([sys.executable, ctx.src("bench", "stress.py"), str(pages), article,
                ctx.src("content", "stem-cell-therapy", lang + ".json")], cwd=ctx.source)
        compare(ctx, t, "stress-%s-%d" % (lang, pages), [article], ctx.layout, LIMITS)
        print("long: stress %s %d rendered with one thread and %d ways with two" % (lang, pages, len(VARIANTS)))
    return not t.failures


COMMANDS = {"bundled": cmd_bundled, "long": cmd_long}


def main():
    return pc.script_main(COMMANDS, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
