#!/usr/bin/env bash
# Where Docker is not available: checks the Dockerfile's runtime stage in a Debian 12 root
# instead (e.g. from `debootstrap --variant=minbase bookworm ROOT`; needs root and the network).
# Installs the runtime stage's packages (read from the Dockerfile), copies in what the image
# gets (the stripped program and share/handout from `cmake --install --component runtime`),
# runs its default command `handout serve` as the image's unprivileged user, and asks
# /health and /render on 127.0.0.1. Prints the size of the program and data the image adds.
#
#   image_check.sh SOURCE_DIR BUILD_DIR DEBIAN12_ROOT
set -euo pipefail
source_dir=$(cd "$1" && pwd)
build_dir=$(cd "$2" && pwd)
root=$(cd "$3" && pwd)
fail() { echo "FAIL: image: $*"; exit 1; }
packages=$(awk '/^FROM debian:12-slim$/ {stage=1} stage && /apt-get install/ {grab=1; next}
                grab && /&&/ {grab=0} grab {gsub(/\\/, ""); printf "%s ", $0}' "$source_dir/Dockerfile")
[ -n "$packages" ] || fail "no runtime packages found in the Dockerfile"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
chroot "$root" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null 2>&1; rm -rf /var/lib/apt/lists/*"
chroot "$root" id handout >/dev/null 2>&1 ||
  chroot "$root" useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin handout
stage=$(mktemp -d)
trap 'rm -rf "$stage"; kill "$server" 2>/dev/null || true' EXIT
cmake --install "$build_dir" --prefix "$stage" --component runtime --strip >/dev/null
rm -rf "$root/usr/local/share/handout"
cp "$stage/bin/handout" "$root/usr/local/bin/handout"
rm -rf "$root/usr/local/libexec/handout"
mkdir -p "$root/usr/local/libexec"
cp -r "$stage/libexec/handout" "$root/usr/local/libexec/handout"
cp -r "$stage/share/handout" "$root/usr/local/share/handout"
port=$((20000 + RANDOM % 20000))
chroot --userspec=10001:10001 "$root" /usr/local/bin/handout serve --listen "127.0.0.1:$port" \
  2>"$stage/server.log" &
server=$!
for _ in $(seq 100); do grep -q listening "$stage/server.log" && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/health" | grep -q '"ok"' || { cat "$stage/server.log"; fail "no /health"; }
python3 -c "import json,sys; print(json.dumps({'articles': [json.load(open(sys.argv[1]))]}))" \
  "$source_dir/content/stem-cell-therapy/ar.json" >"$stage/req.json"
curl -sf -o "$stage/out.pdf" -H 'Content-Type: application/json' --data-binary @"$stage/req.json" \
  "http://127.0.0.1:$port/render" || fail "POST /render failed"
head -c 5 "$stage/out.pdf" | grep -q '%PDF-' || fail "/render gave no PDF"
kill -TERM "$server"; wait "$server" || fail "the server did not exit 0 on SIGTERM"
echo "PASS: image: the runtime stage's packages run handout serve as uid 10001 in $root;" \
     "program and data $(du -sk "$stage/bin/handout" "$stage/libexec/handout" "$stage/share/handout" | awk '{s+=$1} END {print s}') KiB," \
     "(plus the runtime packages: see /var/log/apt/history.log in the root)"
