#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh) and builds handout into build/.
# In CI (CI=true) warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
werror=OFF
# Unity sources (CMakeLists.txt, HANDOUT_UNITY): on in CI (so that a CI=true build here
# finds what a unity build refuses), else CMake's default again (on unless ccache is used).
unity=(-UHANDOUT_UNITY)
if [ "${CI:-}" = "true" ]; then werror=ON; unity=(-DHANDOUT_UNITY=ON); fi
# Line tables only (-g1): backtraces keep their files and lines, and the build takes about a
# quarter less CPU than with full debug information (-g). A debugging session configures its
# own build (-DCMAKE_BUILD_TYPE=Debug).
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHANDOUT_WERROR="$werror" "${unity[@]}" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
cmake --build build -j"$(nproc)"
