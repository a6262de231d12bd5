#!/usr/bin/env bash
# See it work on this machine, no AWS account: scripts/demo.sh
# Sets itself up (GStreamer when run as root, else it prints the apt line; npm packages; the face
# models; horus), builds a 10-second 640x480 clip from the licensed sample photos in
# tests/EyeOfHorus.Local.Tests/faces (SOURCES.txt), authorises "obama" with one photo, and runs
# `horus run` on the clip: it prints a person_recognised alert (another photo of him) and an
# unknown_face alert (a stranger). Everything it writes is under .demo/ (state, snapshots).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

gst_packages="gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly"
have_gst() {
  command -v gst-launch-1.0 >/dev/null &&
    for element in videotestsrc imagefreeze jpegdec x264enc matroskamux decodebin; do
      gst-inspect-1.0 --exists "$element" || return 1
    done
}
if ! have_gst; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "demo: installing GStreamer ($gst_packages)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $gst_packages >/dev/null
  else
    echo "demo: GStreamer is missing. Install it, then run this again:" >&2
    echo "  sudo apt-get install --no-install-recommends $gst_packages" >&2
    exit 3
  fi
fi

if [[ ! -d node_modules/@mediapipe/face_detection || ! -d node_modules/@vladmandic/face-api ]]; then
  echo "demo: npm ci (the face models come from npm packages)"
  npm ci --no-audit --no-fund --loglevel=error
fi
if [[ ! -f models/face_detector.onnx || ! -f models/face_embedder.onnx ]]; then
  echo "demo: converting the face models (scripts/models.sh)"
  bash scripts/models.sh >/dev/null
fi
echo "demo: building horus"
dotnet build edge/EyeOfHorus.Edge -c Release -nologo -v q "-clp:ErrorsOnly;NoSummary"
horus=(dotnet "$root/edge/EyeOfHorus.Edge/bin/Release/net10.0/horus.dll")

demo="$root/.demo"
photos="$root/tests/EyeOfHorus.Local.Tests/faces"
rm -rf "$demo" && mkdir -p "$demo/faces/obama"
cp "$photos/obama.jpg" "$demo/faces/obama/portrait.jpg"

# The clip, 20 fps: a test pattern, obama (another photo of him), a ball, a stranger, a test pattern.
scale="videoconvert ! videoscale ! video/x-raw,format=I420,width=640,height=480,pixel-aspect-ratio=1/1"
pattern() { echo "videotestsrc num-buffers=$(( $2 * 20 )) pattern=$1 ! $scale,framerate=20/1 ! c."; }
photo() { echo "filesrc location=$photos/$1 ! jpegdec ! $scale ! imagefreeze num-buffers=$(( $2 * 20 )) ! video/x-raw,framerate=20/1 ! c."; }
# shellcheck disable=SC2046
gst-launch-1.0 -q concat name=c ! videoconvert ! x264enc threads=1 bframes=0 key-int-max=20 tune=zerolatency speed-preset=ultrafast \
  ! video/x-h264,profile=baseline ! matroskamux ! filesink location="$demo/clip.mkv" \
  $(pattern smpte 1) $(photo obama2.jpg 3) $(pattern ball 2) $(photo biden2.jpg 3) $(pattern smpte 1)

echo "demo: authorised: $demo/faces/obama/portrait.jpg; camera front-door plays $demo/clip.mkv"
echo "\$ horus run --camera front-door=file:$demo/clip.mkv --faces $demo/faces --state $demo/state"
"${horus[@]}" run --camera "front-door=file:$demo/clip.mkv" --faces "$demo/faces" --state "$demo/state" --models "$root/models" | tee "$demo/alerts.txt"

grep -q "person_recognised  obama" "$demo/alerts.txt" && grep -q "unknown_face" "$demo/alerts.txt" || {
  echo "demo: expected a person_recognised alert for obama and an unknown_face alert (see above)" >&2
  exit 1
}
echo "demo: done. Snapshots are in $demo/state/snapshots; horus faces list --local --faces $demo/faces --state $demo/state lists the authorised photos."
