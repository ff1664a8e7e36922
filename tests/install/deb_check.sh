#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` builds it; it holds the program, the library, the header
# and the data under /usr; its Depends are Debian 12 packages (checked with apt-cache).
# With --root DIR (a Debian 12 root folder, e.g. from `debootstrap --variant=minbase bookworm
# DIR`; needs root and the network), it is also installed there with dpkg -i (its dependencies
# with apt-get -f install) and run: handout --version, a render, and handout serve's /health.
#
#   deb_check.sh BUILD_DIR WORK_DIR [--root DEBIAN12_ROOT]
set -euo pipefail
build_dir=$(cd "$1" && pwd)
work=$2
root=""
if [ "${3:-}" = "--root" ]; then root=$4; fi
fail() { echo "FAIL: deb: $*"; exit 1; }
for tool in cpack dpkg-deb apt-cache dpkg-shlibdeps; do
  if ! command -v "$tool" >/dev/null; then
    if [ "${CI:-}" = "true" ]; then fail "$tool is missing"; fi
    echo "SKIP: $tool is missing"; exit 77
  fi
done
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

(cd "$work" && cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work" >"$work/cpack.log") ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/handout_*.deb | head -1)
[ -f "$deb" ] || fail "no .deb was made"
dpkg-deb --contents "$deb" >"$work/contents.txt"
for f in ./usr/bin/handout ./usr/libexec/handout/handout-serve ./usr/include/handout/handout.h ./usr/share/handout/layouts/a4.json \
         ./usr/share/handout/fonts/OFL.txt ./usr/share/handout/layouts/hyphenation/hyph_en.dic \
         ./usr/share/handout/content/stem-cell-therapy/en.json ./usr/share/man/man1/handout.1.gz \
         ./usr/share/bash-completion/completions/handout ./usr/share/doc/handout/authoring.md; do
  grep -q " $f\$" "$work/contents.txt" || fail "$f is not in the package"
done
grep -q "libhandout.so" "$work/contents.txt" || fail "libhandout.so is not in the package"
depends=$(dpkg-deb --field "$deb" Depends)
[ -n "$depends" ] || fail "the package declares no dependencies"
echo "Depends: $depends"
for dep in $(echo "$depends" | tr ',' '\n' | sed 's/(.*)//; s/|.*//' | tr -d ' '); do
  apt-cache show "$dep" >/dev/null 2>&1 || fail "dependency $dep is not a Debian package here"
done
# libicu72, libunistring2, libjpeg62-turbo, libqrencode4, libhpdf-2.3.0, libharfbuzz-subset0,
# libdeflate0, libunibreak1, libhyphen0: handout opens them with dlopen, so dpkg-shlibdeps
# cannot see them (cmake/install.cmake).
for dep in libharfbuzz0b libhpdf-2.3.0 libfribidi0 libunibreak1 libcpp-httplib0.11 libicu72 libunistring2 \
           libjpeg62-turbo libqrencode4 libharfbuzz-subset0 libdeflate0 libhyphen0; do
  echo "$depends" | grep -q "$dep" || fail "the package does not depend on $dep"
done

if [ -n "$root" ]; then
  [ -x "$root/usr/bin/apt-get" ] || fail "$root is not a Debian root"
  cp "$deb" "$root/tmp/handout.deb"
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  trap 'umount "$root/proc" 2>/dev/null || true' EXIT
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  chroot "$root" sh -c 'dpkg -i /tmp/handout.deb >/dev/null 2>&1 || true;
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq >/dev/null'
  chroot "$root" dpkg -s handout | grep -q "Status: install ok installed" || fail "dpkg did not install handout"
  chroot "$root" handout --version
  chroot "$root" sh -c 'cd /tmp && handout render /usr/share/handout/content/stem-cell-therapy/ar.json -o ar.pdf &&
    head -c 5 ar.pdf' | grep -q '%PDF-' || fail "the installed handout does not render in the Debian 12 root"
  echo "PASS: deb: installed with dpkg -i in $root (Debian $(cat "$root/etc/debian_version")); it renders"
fi
echo "PASS: deb: $(basename "$deb"), $(stat -c %s "$deb") bytes"
