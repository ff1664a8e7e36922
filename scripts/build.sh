#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh) and builds handout into build/.
# In CI (CI=true) warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
# Unity sources (CMakeLists.txt) when HANDOUT_UNITY=1 (scripts/test.sh sets it in CI); else
# one object per source, as the product is built.
unity=OFF
if [ "${HANDOUT_UNITY:-}" = "1" ]; then unity=ON; fi
# Line tables only (-g1): backtraces keep their files and lines, and the build takes about a
# quarter less CPU than with full debug information (-g). A debugging session configures its
# own build (-DCMAKE_BUILD_TYPE=Debug).
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHANDOUT_WERROR="$werror" -DHANDOUT_UNITY="$unity" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
cmake --build build -j"$(nproc)"
