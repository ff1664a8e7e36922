#!/usr/bin/env bash
# Bytes against instructions at libdeflate levels 1-9 for the page content (written at 6) or
# the object streams (at 1, with the fonts, CMaps and cross-reference stream, which share that
# level), the other kind at its own level: the seed's four renders (A4 en and ar, bilingual
# parallel and sequential; bytes, and instructions of the whole render with one thread
# counted by callgrind, which the machine's load does not change) and the bytes of the bundled
# batch (content/manifest.json). No rebuild: bench/level_shim.c, preloaded, remakes the
# compressor asked for at 6 or 1 at the level measured.
#   bash bench/deflate_levels.sh content|objects [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?content or objects}
build=${2:-build}
case $kind in
  content) var=HANDOUT_LEVEL_6 ;;
  objects) var=HANDOUT_LEVEL_1 ;;
  *) echo "deflate_levels: content or objects, not $kind" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -shared -fPIC -o "$work/shim.so" bench/level_shim.c -ldl
seed=content/stem-cell-therapy
cases=("en:$seed/en.json:layouts/a4.json" "ar:$seed/ar.json:layouts/a4.json"
       "parallel:$seed/en.json,$seed/ar.json:layouts/bilingual-parallel.json"
       "sequential:$seed/en.json,$seed/ar.json:layouts/bilingual-sequential.json")
printf '%-5s %8s %8s %8s %8s %9s %9s %9s %9s %11s\n' level "en B" "ar B" "par B" "seq B" "en M" "ar M" "par M" "seq M" "batch B"
for level in 1 2 3 4 5 6 7 8 9; do
  bytes=() instr=()
  for c in "${cases[@]}"; do
    IFS=: read -r _ arts layout <<<"$c"
    IFS=, read -r -a files <<<"$arts"
    env "$var=$level" LD_PRELOAD="$work/shim.so" "$build/handout" render "${files[@]}" --layout "$layout" -o "$work/out.pdf"
    bytes+=("$(stat -c %s "$work/out.pdf")")
    env "$var=$level" LD_PRELOAD="$work/shim.so" valgrind --tool=callgrind --callgrind-out-file="$work/cg" \
      "$build/handout" render "${files[@]}" --layout "$layout" -o "$work/cg.pdf" --threads 1 >/dev/null 2>&1
    instr+=("$(awk '/^summary:/ {printf "%.2f", $2 / 1e6; exit}' "$work/cg")")
  done
  env "$var=$level" LD_PRELOAD="$work/shim.so" "$build/handout" batch content/manifest.json --out-dir "$work/batch" --force --quiet
  batch=$(find "$work/batch" -name '*.pdf' -printf '%s\n' | awk '{s += $1} END {print s}')
  rm -rf "$work/batch"
  printf '%-5s %8s %8s %8s %8s %9s %9s %9s %9s %11s\n' "$level" "${bytes[@]}" "${instr[@]}" "$batch"
done
