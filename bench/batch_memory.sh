#!/usr/bin/env bash
# Peak memory of `handout batch` over a long "jobs" list of tiny distinct handouts (each job
# its own article of a title and two short paragraphs of different words, A4), at -j1 and -j2,
# for N = 1,000, 3,000 and 10,000 jobs (COUNTS="1000 3000" to choose). Needs GNU time
# (/usr/bin/time). Prints the peak resident set size of each run.
# A clinic's batch of 10,000 small handouts should run in memory bounded by a constant plus
# the manifest's own size, not grow with every job.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${HANDOUT:-build/handout}
counts=${COUNTS:-1000 3000 10000}
jobs_list=${THREADS:-1 2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
max=0
for n in $counts; do [ "$n" -gt "$max" ] && max=$n; done
python3 - "$max" "$work" "$PWD" $counts <<'PY'
import json, os, random, re, sys
top, work, root = int(sys.argv[1]), sys.argv[2], sys.argv[3]
counts = [int(c) for c in sys.argv[4:]]
with open(os.path.join(root, "content", "stem-cell-therapy", "en.json"), encoding="utf-8") as f:
    words = sorted(set(re.findall(r"[A-Za-z]{3,}", f.read())))
rng = random.Random(32)
os.makedirs(os.path.join(work, "a"), exist_ok=True)
for i in range(top):
    blocks = [{"type": "paragraph", "text": " ".join(rng.choice(words) for _ in range(12)) + "."}
              for _ in range(2)]
    with open(os.path.join(work, "a", "t%d.json" % i), "w", encoding="utf-8") as f:
        json.dump({"lang": "en", "title": "Topic %d" % i, "blocks": blocks}, f)
for n in counts:
    jobs = [{"articles": ["a/t%d.json" % i], "layout": os.path.join(root, "layouts", "a4.json"),
             "output": "t%d.pdf" % i} for i in range(n)]
    with open(os.path.join(work, "m%d.json" % n), "w", encoding="utf-8") as f:
        json.dump({"jobs": jobs}, f, indent=2)
PY
printf '%-8s %-4s %12s %10s %14s\n' jobs -j "peak (KB)" seconds "manifest (KB)"
for j in $jobs_list; do
  for n in $counts; do
    out="$work/out-$n-$j"
    # A list of more than about 14,000 such jobs is over the default --max-input-bytes (2 MiB).
    size=$(stat -c %s "$work/m$n.json")
    /usr/bin/time -f '%M %e' -o "$work/time" "$bin" batch "$work/m$n.json" --out-dir "$out" -j "$j" --quiet \
      --allow-path "$PWD/layouts" --allow-path "$PWD/fonts" --max-input-bytes $(( size > 2097152 ? size : 2097152 ))
    read -r peak secs < "$work/time"
    printf '%-8s %-4s %12s %10s %14s\n' "$n" "$j" "$peak" "$secs" "$(( size / 1024 ))"
    rm -rf "$out"
  done
done
