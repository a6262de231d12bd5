#!/usr/bin/env bash
# CPU cost per frame of the edge face detector (GStreamer's OpenCV facedetect, Debian's Haar cascade)
# at 640x480, measured in one run: the same 640x480 face frame pushed N times through the pipeline
# with and without facedetect; the difference in user+system CPU time divided by N.
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-100}
photo=tests/EyeOfHorus.Edge.Tests/Analysis/faces/obama.jpg
run() {
  /usr/bin/time -f "%U %S" gst-launch-1.0 -q filesrc location="$photo" ! jpegdec ! videoconvert ! videoscale \
    ! video/x-raw,width=640,height=480,pixel-aspect-ratio=1/1 ! imagefreeze num-buffers="$frames" ! videoconvert \
    ! "$@" fakesink sync=false 2>&1 >/dev/null | grep -v ERROR | tail -1 | awk '{print $1 + $2}'
}
base=$(run identity !)
detect=$(run facedetect display=false updates=every_frame min-size-width=40 min-size-height=40 !)
awk -v b="$base" -v d="$detect" -v n="$frames" 'BEGIN {
  printf "frames: %d at 640x480\nwithout facedetect: %.2f s CPU\nwith facedetect:    %.2f s CPU\nfacedetect CPU per frame: %.1f ms (at 2 fps sampling: %.1f%% of one core)\n", n, b, d, (d - b) * 1000 / n, (d - b) * 2 * 100 / n }'
