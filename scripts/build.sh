#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh) and builds handout into build/.
# In CI (CI=true) warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHANDOUT_WERROR="$werror" >/dev/null
cmake --build build -j"$(nproc)"
