#!/usr/bin/env bash
# Sets up, builds, and renders every bundled article (content/<topic>/<lang>.json) with
# the default layout into out/<topic>-<lang>.pdf.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
mkdir -p out
status=0
for article in content/*/*.json; do
  topic=$(basename "$(dirname "$article")")
  lang=$(basename "$article" .json)
  pdf="out/${topic}-${lang}.pdf"
  if ./build/handout render "$article" --layout layouts/a4.json -o "$pdf"; then
    echo "rendered $pdf"
  else
    status=2
  fi
done
exit $status
