#!/usr/bin/env bash
# Batch throughput and memory: N seed handouts (English and Arabic alternating, A4) in one
# `handout batch` process at -j2, for N = 200 and 2000. Needs hyperfine and GNU time
# (apt-get install hyperfine time); prints medians and peak memory.
# Two cases each:
# - "first build": into a new, empty folder each run (every output is created);
# - "rebuild": --force over the previous run's outputs (every job is rendered again; an output
#   whose file already holds the same bytes is kept in place, see docs/batch.md).
# The new folders are kept until the end: deleting thousands of files between runs makes the
# file system's next creations slower (ext4 without a journal searches recently freed inodes),
# which would be measured as the batch's.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${HANDOUT:-build/handout}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The manifest is in a temporary folder: the seed and the layout are allowed by path.
allow="--allow-path $PWD/content --allow-path $PWD/layouts"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for n in 200 2000; do
  python3 - "$n" "$work/m$n.json" "$PWD" <<'PY'
import json, sys
n, out, root = int(sys.argv[1]), sys.argv[2], sys.argv[3]
jobs = [{"articles": [f"{root}/content/stem-cell-therapy/{'en' if i % 2 == 0 else 'ar'}.json"],
         "layout": f"{root}/layouts/a4.json", "output": f"h{i:05d}.pdf"} for i in range(n)]
json.dump({"jobs": jobs}, open(out, "w"))
PY
  echo "== $n handouts, -j2, first build (a new folder each run)"
  times=()
  for r in $(seq 0 "$runs"); do  # run 0 warms the caches and is not counted
    s=$(date +%s.%N)
    "$bin" batch "$work/m$n.json" --out-dir "$work/fresh$n-$r" -j2 --quiet $allow
    e=$(date +%s.%N)
    [ "$r" -gt 0 ] && times+=("$(awk -v s="$s" -v e="$e" 'BEGIN{print e-s}')")
  done
  m=$(printf '%s\n' "${times[@]}" | median)
  awk -v m="$m" -v n="$n" 'BEGIN{printf "median %.3f s = %.0f handouts/s\n", m, n/m}'
  echo "== $n handouts, -j2, rebuild (--force over the last run's outputs)"
  hyperfine -N --runs "$runs" --warmup 1 --export-json "$work/h$n.json" \
    "$bin batch $work/m$n.json --out-dir $work/fresh$n-0 -j2 --force --quiet $allow" | grep -E "Time|Range"
  python3 -c "import json,sys; r=json.load(open('$work/h$n.json'))['results'][0]; print(f'median {r[\"median\"]:.3f} s = {$n/r[\"median\"]:.0f} handouts/s')"
  /usr/bin/time -v "$bin" batch "$work/m$n.json" --out-dir "$work/fresh$n-0" -j2 --force --quiet $allow 2>&1 \
    | grep -E "Maximum resident set size" | sed 's/^\s*/peak memory (rebuild): /'
done
