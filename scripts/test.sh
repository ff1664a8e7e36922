#!/usr/bin/env bash
# Sets up, builds, and runs every test (unit, golden traces, PDFs checked with qpdf,
# poppler, mupdf and hb-shape).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)"
