#!/usr/bin/env bash
# Instructions for a page preview at 96 dpi against writing that page's PDF (callgrind; see
# instr_preview.cpp): page 1 of the seed in English and Arabic, A4. Instruction counts do not
# depend on the machine's load; give two build folders to compare them in one run.
#   bash bench/instr_preview.sh [BUILD_DIR ...]          (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- build
n=${INSTR_RENDERS:-5}
seed=content/stem-cell-therapy
per_run() {  # TOOL ARTICLE MODE
  local out total
  out=$(mktemp)
  valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$out" "$1" "$2" layouts/a4.json "$3" "$n" >/dev/null 2>&1
  total=$(grep -m1 '^summary:' "$out" | awk '{print $2}')
  rm -f "$out"
  echo $((total / n))
}
printf '%-24s %-4s %14s %14s %14s %8s\n' build case "preview warm" "preview cold" "PDF of page" "warm/PDF"
for build in "$@"; do
  tool="$build/bench/handout_instr_preview"
  for lang in en ar; do
    w=$(per_run "$tool" "$seed/$lang.json" preview)
    c=$(per_run "$tool" "$seed/$lang.json" cold)
    p=$(per_run "$tool" "$seed/$lang.json" pdf)
    printf '%-24s %-4s %14s %14s %14s %8s\n' "$build" "$lang" "$w" "$c" "$p" "$(awk -v w="$w" -v p="$p" 'BEGIN{printf "%.2f", w/p}')"
  done
done
