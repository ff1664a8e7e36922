#!/usr/bin/env bash
# Instructions per warm in-process render (callgrind; see instr_render.cpp): the seed in
# English, Arabic and both bilingual forms, tagged (PDF/UA-1 + PDF/A-2a) and plain, and the
# tagging's share. Instruction counts do not depend on the machine's load.
#   bash bench/instr.sh [BUILD_DIR]          (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
tool="$build/bench/handout_instr_render"
n=${INSTR_RENDERS:-5}
seed=content/stem-cell-therapy
per_render() {  # ARTICLES LAYOUT STANDARD
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$out" "$tool" "$1" "$2" "$3" "$n" >/dev/null 2>&1
  local total
  total=$(grep -m1 '^summary:' "$out" | awk '{print $2}')
  rm -f "$out"
  echo $((total / n))
}
printf '%-22s %14s %14s %8s\n' case tagged plain share
for c in "en:$seed/en.json:layouts/a4.json" "ar:$seed/ar.json:layouts/a4.json" \
         "parallel:$seed/en.json,$seed/ar.json:layouts/bilingual-parallel.json" \
         "sequential:$seed/en.json,$seed/ar.json:layouts/bilingual-sequential.json"; do
  IFS=: read -r name arts layout <<<"$c"
  [ -f "$layout" ] || continue
  t=$(per_render "$arts" "$layout" ua)
  p=$(per_render "$arts" "$layout" none)
  printf '%-22s %14s %14s %7s%%\n' "$name" "$t" "$p" "$(awk -v t="$t" -v p="$p" 'BEGIN{printf "%+.1f", (t-p)*100/p}')"
done
