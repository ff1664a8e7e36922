#!/usr/bin/env bash
# The resource guarantee, measured: every input of the hostile corpus (tests/hostile/, at full
# size: 10,000 bidi controls, 100,000 marks, 50,000 bracket pairs, inputs filled to the 2 MiB limit, ...)
# must end in a PDF or a refusal in under 5 s of CPU and 512 MB on this machine, as README says.
# Prints each case's wall time and peak memory, then the slowest and the largest.
#   bash bench/hostile.sh [BUILD_DIR]      (default build/; needs build/handout)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
exec python3 tests/hostile/run_hostile.py --handout "$build/handout" --work-dir "$build/hostile-bench" \
  --budget 5,512
