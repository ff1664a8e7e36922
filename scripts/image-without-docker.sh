#!/usr/bin/env bash
# Builds the Dockerfile's image on a machine with no Docker engine and no access to a
# container registry, then runs it: buildah (Debian's package) builds the Dockerfile in chroot
# isolation, from a Debian 12 base made here by debootstrap in place of debian:12-slim,
# trimmed the way the official slim image is (no documentation, manual pages or locales, and
# dpkg told to leave them out of later installs). Prints the image's size and checks that
# the image serves: GET /health, GET /layouts and POST /render (a PDF that qpdf accepts).
#
#   sudo bash scripts/image-without-docker.sh [WORK_DIR]      (default /tmp/handout-image)
#
# Needs root, network access to a Debian mirror, and about 2 GB in WORK_DIR. The base is an
# approximation of debian:12-slim (same release, same trimming), so the size printed is an
# estimate of the published image's; with Docker, `docker build -t handout .` is the real thing.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/handout-image}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$work"
export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot
storage=(--root "$work/storage" --runroot "$work/run")

for tool in debootstrap buildah curl qpdf; do
  command -v "$tool" >/dev/null || { echo "image: $tool is missing (apt-get install debootstrap buildah curl qpdf)" >&2; exit 2; }
done

base="localhost/debian-slim-local:12"
if ! buildah "${storage[@]}" images --quiet "$base" >/dev/null 2>&1; then
  rootfs="$work/rootfs"
  rm -rf "$rootfs"
  echo "image: debootstrap bookworm (minbase) into $rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log"
  # What the official slim image leaves out, now and in every later install.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
CFG
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/groff/* "$rootfs"/usr/share/lintian/*
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  echo "deb $mirror bookworm main" >"$rootfs/etc/apt/sources.list"
  ctr=$(buildah "${storage[@]}" from scratch)
  buildah "${storage[@]}" copy "$ctr" "$rootfs" / >/dev/null
  buildah "${storage[@]}" commit --quiet "$ctr" "$base" >/dev/null
  buildah "${storage[@]}" rm "$ctr" >/dev/null
fi

# The Dockerfile as it is, with its base image pointed at the local one.
sed "s|^FROM debian:12-slim|FROM $base|" Dockerfile >"$work/Dockerfile"
echo "image: buildah bud (log in $work/build.log)"
buildah "${storage[@]}" bud --pull-never --layers -f "$work/Dockerfile" -t localhost/handout:test . >"$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log" >&2; exit 1; }
for image in localhost/handout:test "$base"; do buildah "${storage[@]}" images "$image"; done

# Run it: the image's own user, entry point and command, on this machine's network.
ctr=$(buildah "${storage[@]}" from localhost/handout:test)
trap 'kill "$server" 2>/dev/null || true; buildah "${storage[@]}" rm "$ctr" >/dev/null 2>&1 || true' EXIT
port=${HANDOUT_IMAGE_PORT:-18080}
buildah "${storage[@]}" run --user 10001 "$ctr" -- /usr/local/bin/handout --version
buildah "${storage[@]}" run --user 10001 "$ctr" -- /usr/local/bin/handout serve --listen "127.0.0.1:$port" \
  >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/health"; echo
curl -fsS "http://127.0.0.1:$port/layouts" | head -c 200; echo
python3 - "$work/request.json" <<'PY'
import json, sys
article = json.load(open("content/stem-cell-therapy/en.json", encoding="utf-8"))
json.dump({"articles": [article], "layout": "a4"}, open(sys.argv[1], "w"))
PY
curl -fsS -X POST -H 'Content-Type: application/json' --data-binary @"$work/request.json" \
  "http://127.0.0.1:$port/render" -o "$work/served.pdf"
qpdf --check "$work/served.pdf" >/dev/null
echo "image: served a $(stat -c %s "$work/served.pdf")-byte PDF that qpdf accepts"
