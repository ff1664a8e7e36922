#!/usr/bin/env bash
# Sets up, builds, and renders the bundled library into out/: every article of content/
# with the default layout (A4) and the other layouts, and the bilingual leaflets, all in
# one `handout batch` run over content/manifest.json (see docs/batch.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/handout batch content/manifest.json --out-dir out
echo "PDFs are in out/ (the default layout's: out/*/*-a4.pdf); report: out/report.json"
