#!/usr/bin/env bash
# The Debian packages: `cpack -G DEB` builds three, as Debian splits a program with a library:
# handout (the program, the server program and its systemd unit, the data, the manual page),
# libhandout0 (the engine as a shared library) and libhandout-dev (its header, CMake package
# and pkg-config file). Each holds its files under /usr, its copyright file and changelog; its
# Depends are Debian 12 packages (checked with apt-cache); lintian finds nothing in them but
# what their lintian overrides explain.
# With --root DIR (a Debian 12 root folder, e.g. from `debootstrap --variant=minbase bookworm
# DIR`; needs root and the network), they are also installed there with dpkg -i (their
# dependencies with apt-get -f install) and run: handout --version, a render, and handout
# serve's /health.
#
#   deb_check.sh BUILD_DIR WORK_DIR [--root DEBIAN12_ROOT]
set -euo pipefail
build_dir=$(cd "$1" && pwd)
work=$2
root=""
if [ "${3:-}" = "--root" ]; then root=$4; fi
fail() { echo "FAIL: deb: $*"; exit 1; }
for tool in cpack dpkg-deb apt-cache dpkg-shlibdeps lintian; do
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
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build_dir/CPackConfig.cmake")
[ -n "$version" ] || fail "no version in CPackConfig.cmake"
debs=()
for package in handout libhandout0 libhandout-dev; do
  deb="$work/${package}_${version}_$(dpkg --print-architecture).deb"
  [ -f "$deb" ] || fail "no $(basename "$deb") was made: $(ls "$work")"
  debs+=("$deb")
  dpkg-deb --contents "$deb" >"$work/$package.contents"
  [ "$(dpkg-deb --field "$deb" Package)" = "$package" ] || fail "$deb is not the package $package"
  for f in ./usr/share/doc/$package/copyright ./usr/share/doc/$package/changelog.gz; do
    grep -q " $f\$" "$work/$package.contents" || fail "$f is not in $package"
  done
done
deb=${debs[0]}
for f in ./usr/bin/handout ./usr/libexec/handout/handout-serve ./usr/share/handout/layouts/a4.json \
         ./usr/share/handout/fonts/OFL.txt ./usr/share/handout/layouts/hyphenation/hyph_en.dic \
         ./usr/share/handout/content/stem-cell-therapy/en.json ./usr/share/man/man1/handout.1.gz \
         ./usr/share/bash-completion/completions/handout ./usr/share/doc/handout/authoring.md ./usr/share/doc/handout/reference.md ./usr/share/doc/handout/commands.md ./usr/share/doc/handout/typesetting.md \
         ./usr/lib/systemd/system/handout.service; do
  grep -q " $f\$" "$work/handout.contents" || fail "$f is not in handout"
done
grep -q " ./usr/lib/libhandout.so.0 -> " "$work/libhandout0.contents" || fail "libhandout0 has no libhandout.so.0"
! grep -q "libhandout.so\|include/" "$work/handout.contents" || fail "handout holds the library's files"
for f in ./usr/include/handout/handout.h ./usr/lib/pkgconfig/handout.pc ./usr/lib/cmake/handout/handoutConfig.cmake; do
  grep -q " $f\$" "$work/libhandout-dev.contents" || fail "$f is not in libhandout-dev"
done
grep -q " ./usr/lib/libhandout.so -> " "$work/libhandout-dev.contents" || fail "libhandout-dev has no libhandout.so link"
dpkg-deb --field "${debs[2]}" Depends | grep -q "libhandout0 (= $version)" || fail "libhandout-dev does not depend on libhandout0 $version"
dpkg-deb --field "${debs[1]}" Depends | grep -q "handout (= $version)" || fail "libhandout0 does not depend on handout $version (its data)"
dpkg-deb --ctrl-tarfile "${debs[1]}" | tar -xO ./shlibs | grep -q "^libhandout 0 libhandout0" || fail "libhandout0 has no shlibs"
dpkg-deb --ctrl-tarfile "${debs[1]}" | tar -xO ./triggers | grep -q "^activate-noawait ldconfig" || fail "libhandout0 has no ldconfig trigger"
for script in postinst prerm postrm; do
  dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./$script >"$work/$script" || fail "handout has no $script"
  sh -n "$work/$script" || fail "handout's $script is not a valid sh script"
done
grep -q "deb-systemd-invoke stop handout.service" "$work/prerm" || fail "handout's prerm does not stop the service"

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
# lintian (as root it says so on stderr; that is not a finding). Errors and warnings fail;
# the packages' overrides (resources/debian/*lintian-overrides) say why each one left is right.
lintian --tag-display-limit 0 --fail-on error,warning "${debs[@]}" >"$work/lintian.log" 2>"$work/lintian.err" ||
  { cat "$work/lintian.log" "$work/lintian.err"; fail "lintian finds faults in the packages"; }
grep -v "^running with root privileges" "$work/lintian.err" | grep . && fail "lintian: $(cat "$work/lintian.err")"
echo "lintian: clean ($(grep -c . "$work/lintian.log" || true) notes)"

if [ -n "$root" ]; then
  [ -x "$root/usr/bin/apt-get" ] || fail "$root is not a Debian root"
  cp "${debs[@]}" "$root/tmp/"
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  trap 'umount "$root/proc" 2>/dev/null || true' EXIT
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  chroot "$root" sh -c 'dpkg -i /tmp/*handout*.deb >/dev/null 2>&1 || true;
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq >/dev/null'
  chroot "$root" dpkg -s handout | grep -q "Status: install ok installed" || fail "dpkg did not install handout"
  chroot "$root" handout --version
  chroot "$root" sh -c 'cd /tmp && handout render /usr/share/handout/content/stem-cell-therapy/ar.json -o ar.pdf &&
    head -c 5 ar.pdf' | grep -q '%PDF-' || fail "the installed handout does not render in the Debian 12 root"
  echo "PASS: deb: installed with dpkg -i in $root (Debian $(cat "$root/etc/debian_version")); it renders"
fi
echo "PASS: deb: $(for d in "${debs[@]}"; do printf '%s (%s bytes) ' "$(basename "$d")" "$(stat -c %s "$d")"; done)"
