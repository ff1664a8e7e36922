#!/usr/bin/env bash
# Batch throughput and memory: N seed handouts (English and Arabic alternating, A4) in one
# `handout batch` process at -j2, for N = 200 and 2000. Needs hyperfine and GNU time
# (apt-get install hyperfine time); prints medians and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${HANDOUT:-build/handout}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The manifest is in a temporary folder: the seed and the layout are allowed by path.
allow="--allow-path $PWD/content --allow-path $PWD/layouts"
for n in 200 2000; do
  python3 - "$n" "$work/m$n.json" "$PWD" <<'PY'
import json, sys
n, out, root = int(sys.argv[1]), sys.argv[2], sys.argv[3]
jobs = [{"articles": [f"{root}/content/stem-cell-therapy/{'en' if i % 2 == 0 else 'ar'}.json"],
         "layout": f"{root}/layouts/a4.json", "output": f"h{i:05d}.pdf"} for i in range(n)]
json.dump({"jobs": jobs}, open(out, "w"))
PY
  echo "== $n handouts, -j2"
  hyperfine -N --runs 5 --warmup 1 --export-json "$work/h$n.json" \
    "$bin batch $work/m$n.json --out-dir $work/out$n -j2 --force --quiet $allow" | grep -E "Time|Range"
  python3 -c "import json,sys; r=json.load(open('$work/h$n.json'))['results'][0]; print(f'median {r[\"median\"]:.3f} s = {$n/r[\"median\"]:.0f} handouts/s')"
  /usr/bin/time -v "$bin" batch "$work/m$n.json" --out-dir "$work/out$n" -j2 --force --quiet $allow 2>&1 \
    | grep -E "Maximum resident set size" | sed 's/^\s*/peak memory: /'
done
