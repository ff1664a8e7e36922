#!/usr/bin/env bash
# Installs the Debian packages that handout's build, tests and checks need.
# Does nothing (and needs no network) when they are all present.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config
  # engine libraries
  libhpdf-dev libharfbuzz-dev libfribidi-dev libunibreak-dev libfreetype-dev
  nlohmann-json3-dev libcli11-dev libhyphen-dev hyphen-en-us zlib1g-dev libpng-dev libunistring-dev libicu-dev
  # tests and benchmarks
  googletest libgtest-dev libbenchmark-dev
  # independent PDF and shaping clients used by the tests
  poppler-utils qpdf mupdf-tools libharfbuzz-bin python3
  # JSON Schema validators the schema tests use (the other one, ajv, comes from npm below)
  python3-jsonschema
  # fuzzing (scripts/fuzz.sh, run by CI): clang, libFuzzer and the sanitizer runtimes,
  # llvm-symbolizer for readable stack traces
  clang-14 libclang-rt-14-dev llvm-14
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# npm (for ajv, a second JSON Schema validator): Debian's, unless the machine has one.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ajv-cli, pinned by tests/node/package-lock.json, into tests/node/node_modules (not committed).
node_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/node"
if [ ! -x "$node_dir/node_modules/.bin/ajv" ]; then
  echo "setup: npm ci in tests/node" >&2
  npm ci --prefix "$node_dir" --no-audit --no-fund >/dev/null
fi
