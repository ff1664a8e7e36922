#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan) into build-fuzz/, runs each over its
# saved reproducers (fuzz/regressions/<target>/) and the seed files once, then fuzzes them all
# at once (one process each) for SECONDS. Fails (non-zero) on any crash, sanitizer report, leak, timeout or OOM, and
# leaves the input that did it in build-fuzz/artifacts/<target>/.
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]     (default: $FUZZ_SECONDS or 60; all targets)
#
# Targets: article, layout, render. The corpus starts from content/**/*.json, layouts/*.json,
# tests/data/*.json, fuzz/seeds/<target>/ and the target's reproducers, copied into a
# temporary folder (set FUZZ_CORPUS_DIR to keep a growing corpus across runs, one subfolder
# per target).
# A crash found here becomes a regression test: copy the artifact into
# fuzz/regressions/<target>/ (see fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${FUZZ_SECONDS:-60}
if [ $# -gt 0 ]; then
  seconds=$1
  shift
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(article layout render); fi

bash scripts/setup.sh
# FUZZ_WITH_TESTS=1 (scripts/test.sh in CI) keeps the test suite in the same build: the
# sanitizer pass runs it from build-fuzz/, so the instrumented engine is compiled once.
# Line tables only (-gline-tables-only): sanitizer and libFuzzer reports keep their
# functions, files and lines (inlined frames too), and the objects are less than two thirds
# the size, so they link faster. Debugging a crash in a debugger wants its own -g build.
# Unity sources (CMakeLists.txt) when HANDOUT_UNITY=1 (scripts/test.sh sets it in CI).
unity=OFF
if [ "${HANDOUT_UNITY:-}" = "1" ]; then unity=ON; fi
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DHANDOUT_UNITY="$unity" \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-gline-tables-only -O1" -DCMAKE_CXX_FLAGS_DEBUG="-gline-tables-only -O1" \
  -DHANDOUT_FUZZ=ON -DHANDOUT_SANITIZE=address,undefined \
  -DHANDOUT_TESTS="$([ "${FUZZ_WITH_TESTS:-}" = 1 ] && echo ON || echo OFF)" \
  -DHANDOUT_BENCH=OFF -DHANDOUT_WERROR=OFF >/dev/null
if [ "${FUZZ_WITH_TESTS:-}" = 1 ]; then
  cmake --build build-fuzz -j"$(nproc)"
else
  cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
fi
if [ "${FUZZ_BUILD_ONLY:-}" = 1 ]; then exit 0; fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

status=0
# Each target is prepared (its reproducers run, its corpus copied) in turn, then all of them
# fuzz at once, one process each: the machines have 2 cores and the render target alone takes
# as long as the other two together, so running them side by side halves the wall time.
declare -A corpora logs stamps pids
for target in "${targets[@]}"; do
  # Saved reproducers and seeds, each run once (CTest runs the fuzzer binary on the files).
  # Reproducers that still fail are left out of the corpus: they would stop the fuzzer
  # before it starts.
  regressions_pass=true
  if ! (cd build-fuzz && ctest --output-on-failure -R "^fuzz\.(regressions|seeds)\.$target\$"); then
    echo "fuzz: fuzz_$target: a saved reproducer or seed fails (above); fuzzing without the reproducers" >&2
    status=1
    regressions_pass=false
  fi
  if [ -n "${FUZZ_CORPUS_DIR:-}" ]; then
    corpus="$FUZZ_CORPUS_DIR/$target"
    mkdir -p "$corpus"
  else
    corpus=$(mktemp -d "${TMPDIR:-/tmp}/handout-fuzz-$target.XXXXXX")
  fi
  shopt -s nullglob globstar
  # Several topics have an en.json: name each copy by its path so none overwrites another.
  for f in content/**/*.json layouts/*.json tests/data/*.json; do cp -f "$f" "$corpus/${f//\//_}"; done
  for f in fuzz/seeds/"$target"/*; do cp -f "$f" "$corpus/seed-$(basename "$f")"; done
  # Structured seeds, generated (long runs of bidi controls, marks, brackets, wide tables).
  if [ "$target" = render ]; then python3 fuzz/generate_seeds.py "$corpus"; fi
  if [ "$regressions_pass" = true ]; then
    for f in fuzz/regressions/"$target"/*; do cp -f "$f" "$corpus/regression-$(basename "$f")"; done
  fi
  shopt -u nullglob globstar
  artifacts="$root/build-fuzz/artifacts/$target"
  mkdir -p "$artifacts"
  stamp="$artifacts/.started"
  touch "$stamp"
  log="$root/build-fuzz/fuzz-$target.log"
  corpora[$target]=$corpus
  logs[$target]=$log
  stamps[$target]=$stamp
  # With FUZZ_DETERMINISTIC=1 (CI), a fixed seed and a fixed number of inputs per target:
  # the same binary then explores the same inputs every run, so CI is a repeatable gate
  # and long random exploration stays a developer's command (FUZZ_SECONDS).
  if [ "${FUZZ_DETERMINISTIC:-}" = "1" ]; then
    case "$target" in
      render) runs=400 ;;
      *) runs=40000 ;;
    esac
    budget=(-seed=1 -runs="$runs")
    echo "fuzz: fuzz_$target, $runs inputs from seed 1 (log: build-fuzz/fuzz-$target.log)"
  else
    budget=(-max_total_time="$seconds")
    echo "fuzz: fuzz_$target for ${seconds}s (log: build-fuzz/fuzz-$target.log)"
  fi
  # Any input over 10 s is a failure, for every target (the render fuzzer's slowest known
  # input, fuzz/regressions/render/slow-line-emission-44s-asan.txt, once took 44 s here).
  timeout=10
  ./build-fuzz/fuzz/fuzz_"$target" "$corpus" \
    -dict=fuzz/json.dict "${budget[@]}" -timeout="$timeout" -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 &
  pids[$target]=$!
done

for target in "${targets[@]}"; do
  rc=0
  wait "${pids[$target]}" || rc=$?
  log=${logs[$target]}
  artifacts="$root/build-fuzz/artifacts/$target"
  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)' "$log" | sed "s/^/fuzz: $target: /" || true
  if [ $rc -ne 0 ]; then
    status=1
    echo "fuzz: fuzz_$target FAILED (exit $rc); the end of its log:" >&2
    tail -n 60 "$log" >&2
    find "$artifacts" -type f -newer "${stamps[$target]}" ! -name .started | while read -r a; do
      echo "fuzz: reproducer $a (base64):" >&2
      base64 -w 76 "$a" | head -c 20000 >&2
      echo >&2
    done
    echo "fuzz: keep it as a regression test: cp <reproducer> fuzz/regressions/$target/" >&2
  fi
  if [ -z "${FUZZ_CORPUS_DIR:-}" ]; then rm -rf "${corpora[$target]}"; fi
done
exit $status
