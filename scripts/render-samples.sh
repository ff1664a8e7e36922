#!/usr/bin/env bash
# Sets up, builds, and renders the bundled library into out/: every article of content/
# with the default layout (A4) and the other layouts, and the bilingual leaflets, all in
# one `handout batch` run over content/manifest.json (see docs/batch.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Only the program: the tests and benchmarks are scripts/test.sh's to build.
# Line tables only, as scripts/build.sh builds (see there).
# One object per source (HANDOUT_UNITY=OFF), as the product is built (CMakeLists.txt).
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHANDOUT_UNITY=OFF \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
cmake --build build -j"$(nproc)" --target handout
./build/handout batch content/manifest.json --out-dir out
echo "PDFs are in out/ (the default layout's: out/*/*-a4.pdf); report: out/report.json"
