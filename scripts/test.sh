#!/usr/bin/env bash
# Sets up, builds, and runs every test (unit, golden traces, PDFs checked with qpdf,
# poppler, mupdf and hb-shape).
#
# In CI (CI=true), and outside it when asked, two more passes follow:
# - sanitizers (HANDOUT_SANITIZE_TESTS=1): the whole suite again, built with clang-14 into
#   build-fuzz/ with AddressSanitizer (and LeakSanitizer) and UndefinedBehaviorSanitizer,
#   asserts on;
# - fuzzing (HANDOUT_FUZZ_TESTS=1): scripts/fuzz.sh builds the libFuzzer targets (in the
#   same build-fuzz/), runs the saved reproducers, and fuzzes each target for
#   FUZZ_SECONDS, or in CI a fixed seeded set of inputs per target (repeatable).
set -euo pipefail
cd "$(dirname "$0")/.."
# Each phase's wall time goes to the log (CI must stay under 20 minutes), with the CPU
# seconds (user + system) of the processes it ran: on a loaded machine the wall time says
# little, the CPU time is what the phase costs.
phase_start=$SECONDS
# `times` runs in this shell (in a command substitution it would count that subshell's
# children only); cpu_now: the CPU time of every finished child so far, in hundredths of a second.
times_file=$(mktemp)
trap 'rm -f "$times_file"' EXIT
read_cpu() {
  times >"$times_file"
  cpu_now=$(tail -n 1 "$times_file" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] } printf "%.0f", t * 100 }')
}
read_cpu
phase_cpu=$cpu_now
phase() {
  read_cpu
  echo "test: $1 took $((SECONDS - phase_start)) s, $(((cpu_now - phase_cpu) / 100)) s of CPU (total $SECONDS s, $((cpu_now / 100)) s of CPU)"
  phase_start=$SECONDS
  phase_cpu=$cpu_now
}
ci=false
if [ "${CI:-}" = "true" ]; then ci=true; fi
# CI builds both trees from unity sources (CMakeLists.txt, HANDOUT_UNITY): about 30% less
# CPU for the same checks. Its build/handout then runs a few percent more instructions than
# the product's one-object-per-source build: measure renders in a build made without it.
if [ "$ci" = true ]; then export HANDOUT_UNITY=${HANDOUT_UNITY:-1}; fi
bash scripts/build.sh
phase "setup and build"

status=0

# In CI, install.prefix is left to the install check below: the same script
# (tests/install/install_check.sh), run there with the build tree's data deleted as well.
main_exclude=()
if [ "$ci" = true ]; then main_exclude=(-E '^install\.prefix$'); fi
(cd build && ctest --output-on-failure -j"$(nproc)" "${main_exclude[@]}") || status=1
phase "the suite"

if [ "$ci" = true ]; then
  echo "test: install to a temporary prefix with the build tree's data deleted"
  bash tests/install/install_check.sh . build build/install-ci --delete-build-data || status=1
  phase "the install check"
fi

# Both passes below use one instrumented build (clang-14: ASan + UBSan + libFuzzer's
# coverage), build-fuzz/: the instrumented engine is compiled once for both.
sanitize=false
if [ "$ci" = true ] || [ "${HANDOUT_SANITIZE_TESTS:-}" = "1" ]; then sanitize=true; fi
fuzz=false
if [ "$ci" = true ] || [ "${HANDOUT_FUZZ_TESTS:-}" = "1" ]; then fuzz=true; fi

if [ "$sanitize" = true ]; then
  echo "test: the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-fuzz, clang-14)"
  # Builds the fuzzers and the suite (warnings are errors in the main build already, not here).
  FUZZ_WITH_TESTS=1 FUZZ_BUILD_ONLY=1 bash scripts/fuzz.sh || status=1
  phase "the instrumented build"
  (
    cd build-fuzz
    export ASAN_OPTIONS=detect_leaks=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    if [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer; fi
    # libhyphen's own loader leaks a few bytes (its frames cannot be unwound, so the
    # suppression names the library); only the test comparing our loader with it calls it.
    export LSAN_OPTIONS="suppressions=$PWD/../tests/lsan.supp"
    # The same suite, less what cannot or need not run instrumented:
    # - valgrind cannot run an AddressSanitizer binary (hostile.valgrind runs in the main pass);
    # - the install checks build and package a consumer;
    # - checks whose time goes to the independent readers and validators, not the engine, and
    #   whose engine paths other tests here run instrumented (kept to hold CI under 20 minutes):
    #   schema.* (python3-jsonschema and ajv over every schema example; `handout validate`
    #   runs instrumented in badinput.* and the article and layout fuzzers), tagged.order,
    #   tagged.pdfjs and tagged.readers (pdfinfo -struct-text, pdf.js, mutool and ghostscript
    #   over the tagged files that tagged.tree renders here), batch.kill (kills workers at
    #   timed moments; batch.* else runs here), author.preview.compare (pdftoppm at 96 dpi;
    #   the previews are drawn instrumented in author.preview.files and .thumbnails),
    #   pdf.extraction (five readers over 22 renders, 150 s of CPU instrumented; the same
    #   articles and layouts render instrumented in pdf.*, tagged.tree and fuzz.seeds.render),
    #   typography.lastblock (hundreds of renders of articles whose lead grows a few words at a time, 72 s
    #   of CPU instrumented; the paginator's last-block rules run instrumented in
    #   unit.Paginate.*LastBlock* and in every other render here).
    # - when the fuzzing pass follows: fuzz.regressions.* and fuzz.seeds.*, which
    #   scripts/fuzz.sh runs first (the same tests in the same build), before it fuzzes.
    excluded='hostile\.valgrind|install\..*|author\.preview\.compare|schema\..*|tagged\.(order|pdfjs|readers)|batch\.kill|pdf\.extraction|typography\.lastblock'
    if [ "$fuzz" = true ]; then excluded="$excluded|fuzz\.(regressions|seeds)\..*"; fi
    ctest --output-on-failure -j"$(nproc)" -E "^($excluded)\$"
  ) || status=1
  phase "the suite instrumented"
fi

if [ "$fuzz" = true ]; then
  echo "test: fuzzing (scripts/fuzz.sh ${FUZZ_SECONDS:-30})"
  FUZZ_WITH_TESTS=$([ "$sanitize" = true ] && echo 1 || echo 0) \
  FUZZ_DETERMINISTIC=${FUZZ_DETERMINISTIC:-$([ "$ci" = true ] && echo 1 || echo 0)} \
    bash scripts/fuzz.sh "${FUZZ_SECONDS:-30}" || status=1
  phase "fuzzing"
fi

exit $status
