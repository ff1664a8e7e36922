#!/usr/bin/env bash
# An installed handout works on its own: `cmake --install` to a temporary prefix, the prefix
# moved elsewhere (so no path from the build can help), the sample rendered from an unrelated
# folder, pkg-config and the CMake package used by tests/consumer (a program that renders from
# memory with find_package(handout)).
#
#   install_check.sh SOURCE_DIR BUILD_DIR WORK_DIR [--delete-build-data]
#
# --delete-build-data (CI) also deletes the build tree's copy of the data (build/share/handout)
# first, and puts it back at the end by re-running CMake's configure step.
set -euo pipefail
source_dir=$(cd "$1" && pwd)
build_dir=$(cd "$2" && pwd)
work=$3
delete_build_data=${4:-}
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

fail() { echo "FAIL: install: $*"; exit 1; }

cmake --install "$build_dir" --prefix "$work/prefix" >"$work/install.log"
for f in bin/handout libexec/handout/handout-serve include/handout/handout.h share/handout/layouts/a4.json \
         share/handout/layouts/hyphenation/hyph_en.dic share/handout/layouts/layout.schema.json \
         share/handout/fonts/OFL.txt share/handout/fonts/NotoNaskhArabic-Regular.ttf \
         share/handout/content/article.schema.json share/handout/content/stem-cell-therapy/ar.json \
         share/man/man1/handout.1.gz share/bash-completion/completions/handout share/doc/handout/authoring.md share/doc/handout/reference.md share/doc/handout/commands.md share/doc/handout/typesetting.md; do
  [ -e "$work/prefix/$f" ] || fail "$f was not installed"
done
lib=$(find "$work/prefix" -name 'libhandout.so.*' | head -1)
[ -n "$lib" ] || fail "libhandout.so was not installed"
pc=$(find "$work/prefix" -name handout.pc | head -1)
[ -n "$pc" ] || fail "handout.pc was not installed"

# No path of the source or build tree is compiled into what was installed.
for f in "$work/prefix/bin/handout" "$lib"; do
  if grep -aq -e "$source_dir/layouts" -e "$source_dir/fonts" -e "$build_dir/share" "$f"; then
    fail "$f has the source or build tree's data path compiled in"
  fi
done
# Only the server program links the HTTP library (and OpenSSL with it): the command's start-up
# does not pay for relocating them.
if readelf -d "$work/prefix/bin/handout" | grep -q 'NEEDED.*httplib'; then
  fail "bin/handout links cpp-httplib (only libexec/handout/handout-serve should)"
fi
# libunistring, libjpeg and libqrencode are opened when first needed (src/core/shared_library.h):
# a render that needs none of them does not load them.
if readelf -d "$work/prefix/bin/handout" | grep -qE 'NEEDED.*(unistring|jpeg|qrencode)'; then
  fail "bin/handout links libunistring, libjpeg or libqrencode at start-up (they are opened when first used)"
fi
# libharu, hb-subset, libdeflate, libunibreak and libhyphen too (src/core/lazy_library.h):
# `--version` or `validate` never loads them, and a render's second thread opens them.
if readelf -d "$work/prefix/bin/handout" | grep -qE 'NEEDED.*(hpdf|harfbuzz-subset|deflate|unibreak|hyphen)'; then
  fail "bin/handout links libharu, hb-subset, libdeflate, libunibreak or libhyphen at start-up (they are opened when first used)"
fi
# libc is the first library the program names (after mimalloc, which must answer malloc), so
# the dynamic loader finds most symbols there without asking the others first
# (CMakeLists.txt, HANDOUT_LOOKUP_ORDER).
first_needed=$(readelf -d "$work/prefix/bin/handout" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -v '^libmimalloc' | head -1)
[ "$first_needed" = "libc.so.6" ] || fail "bin/handout names $first_needed first, not libc.so.6"
# The library exports the public API only.
if nm -D --defined-only "$lib" | grep -q ' T .*FontBook'; then fail "libhandout.so exports internals"; fi

if [ "$delete_build_data" = "--delete-build-data" ]; then
  rm -rf "$build_dir/share/handout"
  restore_build_data=1
fi

# Move the prefix, then render from an unrelated folder, without HANDOUT_DATA_DIR.
mv "$work/prefix" "$work/moved"
mkdir -p "$work/elsewhere"
cd "$work/elsewhere"
unset HANDOUT_DATA_DIR
"$work/moved/bin/handout" --version
"$work/moved/bin/handout" render "$work/moved/share/handout/content/stem-cell-therapy/ar.json" -o ar.pdf
[ -s ar.pdf ] || fail "the installed handout rendered nothing"
head -c 5 ar.pdf | grep -q '%PDF-' || fail "ar.pdf is not a PDF"
"$work/moved/bin/handout" render "$work/moved/share/handout/content/stem-cell-therapy/en.json" \
  --layout "$work/moved/share/handout/layouts/letter.json" -o en.pdf
# `handout serve` runs the installed server program, which finds the same data.
"$work/moved/bin/handout" serve --listen 127.0.0.1:0 --quiet 2>serve.log &
serve_pid=$!
for _ in $(seq 100); do grep -q listening serve.log && break; sleep 0.1; done
grep -q "listening.*data $work/moved/share/handout" serve.log || { cat serve.log; kill $serve_pid; fail "the installed handout serve did not start"; }
kill -TERM $serve_pid
wait $serve_pid || fail "the installed handout serve did not stop cleanly on SIGTERM"
# HANDOUT_DATA_DIR is the fallback when the data is not beside the program (a copy of the
# program in a fresh temporary folder, far from any share/handout).
lone=$(mktemp -d)
trap 'rm -rf "$lone"; if [ -n "${restore_build_data:-}" ]; then cmake "$build_dir" >/dev/null; fi' EXIT
cp "$work/moved/bin/handout" "$lone/handout-copy"
if "$lone/handout-copy" render "$work/moved/share/handout/content/stem-cell-therapy/en.json" -o x.pdf \
     2>/dev/null; then
  fail "a handout with no data beside it and no HANDOUT_DATA_DIR rendered"
fi
HANDOUT_DATA_DIR="$work/moved/share/handout" "$lone/handout-copy" render \
  "$work/moved/share/handout/content/stem-cell-therapy/en.json" -o env.pdf
cmp -s env.pdf en.pdf && fail "letter and a4 gave the same PDF"

# pkg-config, from the moved prefix.
PKG_CONFIG_PATH=$(dirname "$pc" | sed "s|$work/prefix|$work/moved|") pkg-config --cflags --libs handout \
  | grep -q -- "-lhandout" || fail "pkg-config handout gives no -lhandout"

# The consumer project: find_package(handout), render from memory, four threads.
cmake -S "$source_dir/tests/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/moved" \
  -DCMAKE_BUILD_TYPE=Release >"$work/consumer.log"
cmake --build "$work/consumer" >>"$work/consumer.log"
"$work/consumer/consumer" "$work/moved/share/handout/content/stem-cell-therapy/en.json" consumer.pdf
"$work/moved/bin/handout" render "$work/moved/share/handout/content/stem-cell-therapy/en.json" -o cli.pdf
cmp consumer.pdf cli.pdf || fail "the library's PDF differs from the command's"
# add_subdirectory(handout) leaks no definitions and builds no tests (configure only).
cmake -S "$source_dir/tests/consumer" -B "$work/subdir" -DHANDOUT_SOURCE="$source_dir" >"$work/subdir.log" 2>&1 ||
  { cat "$work/subdir.log"; fail "add_subdirectory(handout) leaks into the consumer"; }
echo "PASS: install: installed, moved, rendered from another folder; consumer PDF equals the CLI's; add_subdirectory leaks nothing"
