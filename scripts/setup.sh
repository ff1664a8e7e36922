#!/usr/bin/env bash
# Installs the Debian packages that handout's build, tests and checks need.
# Does nothing (and needs no network) when they are all present.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config
  # engine libraries
  libhpdf-dev libharfbuzz-dev libfribidi-dev libunibreak-dev libfreetype-dev
  nlohmann-json3-dev libcli11-dev libhyphen-dev hyphen-en-us zlib1g-dev libdeflate-dev libpng-dev libjpeg62-turbo-dev libunistring-dev
  # handout serve (HTTP)
  libcpp-httplib-dev
  # the programs' allocator (HANDOUT_MIMALLOC)
  libmimalloc-dev
  libqrencode-dev libicu-dev
  # tests and benchmarks
  googletest libgtest-dev libbenchmark-dev
  # independent PDF and shaping clients used by the tests
  poppler-utils qpdf mupdf-tools libharfbuzz-bin python3
  # `handout import` runs pandoc (and its tests make .docx and .html files with it)
  pandoc
  # the service tests' HTTP client, the .deb check (dpkg-shlibdeps, lintian) and the load
  # benchmark (ab)
  curl dpkg-dev lintian apache2-utils
  # counts the fsync calls of a render (cli.sync) and traces the service (install.systemd)
  strace
  # systemd-analyze verifies the service's unit and names its system call groups (install.systemd)
  systemd
  # reads the manual page the build makes (cli.man)
  groff-base
  # JSON Schema validators of the schema tests (the other one, ajv, comes from npm below)
  python3-jsonschema
  # reads the QR codes back from rendered pages
  zbar-tools
  # pdf.js (npm pdfjs-dist, pinned in tests/js/package.json) reads the PDFs in the tests;
  # npm is added below when the nodejs installed does not bring its own
  nodejs
  # tagged PDF checks: pikepdf walks the tree, ghostscript opens every file, icc-profiles-free
  # is where resources/icc/sRGB.icc comes from, npm installs pdf.js (below)
  python3-pikepdf ghostscript icc-profiles-free
  # fonts with PostScript (CFF) outlines, .otf, for the tests that embed them as TrueType
  # (ghostscript brings them too), and fontTools, which reads the TrueType fonts made of them
  fonts-urw-base35 python3-fonttools
  # the hostile corpus under memcheck (hostile.valgrind): the system libraries are not
  # instrumented by AddressSanitizer
  valgrind
  # fuzzing (scripts/fuzz.sh, run by CI): clang, libFuzzer and the sanitizer runtimes,
  # llvm-symbolizer for readable stack traces
  clang-14 libclang-rt-14-dev llvm-14
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null || missing+=(npm)

# pdf.js for the text-layer and structure-tree tests, into tests/js/node_modules (from its
# lock file).
install_pdfjs() {
  local js
  js="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/js"
  if [ ! -d "$js/node_modules/pdfjs-dist" ] && command -v npm >/dev/null; then
    echo "setup: installing pdfjs-dist into tests/js" >&2
    (cd "$js" && npm ci --omit=optional --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  # ajv-cli (a second JSON Schema validator, strict mode) and vscode-json-languageservice
  # (what VS Code offers from the schemas), pinned in tests/node's lock file.
  local node
  node="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/node"
  if { [ ! -x "$node/node_modules/.bin/ajv" ] || [ ! -d "$node/node_modules/vscode-json-languageservice" ]; } &&
     command -v npm >/dev/null; then
    echo "setup: installing ajv-cli and vscode-json-languageservice into tests/node" >&2
    (cd "$node" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

# Node and npm: Debian's packages unless the machine has them from elsewhere (NodeSource).
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  install_pdfjs
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_pdfjs
