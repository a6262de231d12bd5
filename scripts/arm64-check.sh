#!/usr/bin/env bash
# Runs the linux-arm64 package's horus on this x64 machine under qemu-user and compares its
# `horus faces check` table with the x64 package's on the same photos (same engine, same models:
# the distances must agree). Not in CI. Needs root (apt), and the two .debs of scripts/package.sh.
# Usage: scripts/arm64-check.sh [dist folder]     (default: dist/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=${1:-$root/dist}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends qemu-user libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross >/dev/null
dpkg --print-foreign-architectures | grep -qx arm64 || { dpkg --add-architecture arm64; apt-get update -qq; }
(cd "$work" && apt-get download -qq libssl3:arm64 2>/dev/null)   # .NET's crypto loads libssl; no cross package ships it

dpkg-deb -x "$dist"/horus_*_arm64.deb "$work/arm64"
dpkg-deb -x "$dist"/horus_*_amd64.deb "$work/amd64"
mkdir -p "$work/sysroot" && cp -a /usr/aarch64-linux-gnu/. "$work/sysroot/" && dpkg-deb -x "$work"/libssl3_*_arm64.deb "$work/sysroot"

photos=$root/tests/EyeOfHorus.FaceEngine.Tests/Vectors/faces
mkdir -p "$work/faces/obama" "$work/faces/biden"
cp "$photos"/obama.jpg "$photos"/obama2.jpg "$work/faces/obama/"
cp "$photos"/biden.jpg "$photos"/biden2.jpg "$work/faces/biden/"

"$work/amd64/usr/lib/horus/horus" faces check "$work/faces" --models "$work/amd64/usr/lib/horus/models" >"$work/x64.txt"
start=$SECONDS
DOTNET_EnableWriteXorExecute=0 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 QEMU_LD_PREFIX="$work/sysroot" \
  LD_LIBRARY_PATH="$work/sysroot/usr/lib/aarch64-linux-gnu:$work/sysroot/lib" \
  qemu-aarch64 "$work/arm64/usr/lib/horus/horus" faces check "$work/faces" --models "$work/arm64/usr/lib/horus/models" 2>/dev/null >"$work/arm64.txt"
echo "== x64";   cat "$work/x64.txt"
echo "== arm64 under qemu-aarch64 ($(( SECONDS - start )) s)"; cat "$work/arm64.txt"
# Same people, photos and verdicts; distances may differ in the last digit (float order of operations).
strip() { sed -E 's/[0-9]\.[0-9]{3}/D/g; s/\([0-9.]+\)/(S)/g; s/[+-]0\.[0-9]+/M/g' "$1"; }
if diff <(strip "$work/x64.txt") <(strip "$work/arm64.txt") >/dev/null; then
  echo "arm64-check: the arm64 build gives the x64 build's table"
else
  echo "arm64-check: the tables differ" >&2; exit 1
fi
