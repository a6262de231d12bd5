#!/usr/bin/env bash
# Pipeline latency and CPU: the seed's x264 settings against horus publish's, same live source,
# size and bitrate, in one run. Latency comes from GStreamer's latency tracer (time each buffer
# takes from the source's src pad to the sink: GST_TRACERS=latency, GST_DEBUG=GST_TRACER:7);
# CPU from /usr/bin/time (user+system seconds for the same number of frames). Also measures the
# keyframe interval each encoder produces.
#
# Usage: scripts/pipeline-latency.sh [SECONDS]   (default 10 s of video per pipeline)
# Needs gst-launch-1.0 with -base, -good, -bad, -ugly plugins and /usr/bin/time.
set -euo pipefail

seconds=${1:-10}
fps=20 width=640 height=480 bitrate=300
frames=$((seconds * fps))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

raw="video/x-raw,format=I420,width=$width,height=$height,framerate=$fps/1"
h264="video/x-h264,stream-format=avc,alignment=au,profile=baseline"
# The seed: x264enc defaults (speed preset medium: look-ahead, frame threads), key-int-max=65.
seed_encoder="x264enc key-int-max=65 bitrate=$bitrate"
# horus publish (PipelineBuilder.AddEncoder; a test checks this line matches it):
ours_encoder="x264enc bframes=0 key-int-max=$fps tune=zerolatency speed-preset=veryfast bitrate=$bitrate option-string=scenecut=0"

# run NAME ENCODER: live pipeline into a non-synchronising sink (kvssink does not wait on the clock either)
run() {
  local name=$1 encoder=$2
  # shellcheck disable=SC2086 # the pipeline is word-split on purpose
  GST_TRACERS=latency GST_DEBUG=GST_TRACER:7 GST_DEBUG_NO_COLOR=1 GST_DEBUG_FILE="$work/$name.trace" \
    /usr/bin/time -f '%U %S %e' -o "$work/$name.time" \
    gst-launch-1.0 -q videotestsrc is-live=true num-buffers=$frames ! videoconvert ! $raw ! $encoder ! $h264 ! fakesink sync=false \
    >/dev/null
}

# stats NAME: count mean median p95 max of the per-buffer latency, in ms
stats() {
  grep -o 'sink-element=(string)fakesink0, sink=(string)sink, time=(guint64)[0-9]*' "$work/$1.trace" \
    | sed 's/.*time=(guint64)//' | sort -n \
    | awk '{ v[NR] = $1 / 1e6; s += $1 / 1e6 }
           END { if (NR == 0) { print "0 0 0 0 0"; exit }
                 printf "%d %.1f %.1f %.1f %.1f\n", NR, s / NR, v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.5)], v[NR] }'
}

cpu() { awk '{ printf "%.2f %.1f\n", $1 + $2, 100 * ($1 + $2) / $3 }' "$work/$1.time"; }

# keyframes NAME ENCODER: seconds between keyframes over 4 s of video (non-live, fast)
keyframes() {
  local name=$1 encoder=$2
  # shellcheck disable=SC2086
  gst-launch-1.0 -q videotestsrc num-buffers=$((4 * fps)) ! videoconvert ! $raw ! $encoder ! $h264 ! matroskamux ! filesink location="$work/$name.mkv" >/dev/null
  gst-launch-1.0 -v filesrc location="$work/$name.mkv" ! matroskademux ! h264parse ! identity silent=false ! fakesink 2>/dev/null \
    | grep -o 'pts: [0-9:.]*, duration: [0-9:.]*, offset: [0-9-]*, offset_end: [0-9-]*, flags: [0-9a-f]* [a-z -]*' \
    | grep -v delta-unit | sed 's/pts: \([0-9:.]*\),.*/\1/' \
    | awk -F: '{ t = $1 * 3600 + $2 * 60 + $3; if (NR > 1) printf "%s%.2f", (NR > 2 ? " " : ""), t - p; p = t } END { print "" }'
}

echo "pipeline latency, $seconds s of live videotestsrc ${width}x${height}@${fps} at $bitrate kbit/s per pipeline"
run seed "$seed_encoder"
run ours "$ours_encoder"
read -r sn smean smed sp95 smax < <(stats seed)
read -r on omean omed op95 omax < <(stats ours)
read -r scpu spct < <(cpu seed)
read -r ocpu opct < <(cpu ours)
printf '%-6s %8s %10s %10s %10s %10s %12s %8s\n' "" buffers "mean ms" "median ms" "p95 ms" "max ms" "CPU s" "CPU %"
printf '%-6s %8d %10.1f %10.1f %10.1f %10.1f %12.2f %8.1f\n' seed "$sn" "$smean" "$smed" "$sp95" "$smax" "$scpu" "$spct"
printf '%-6s %8d %10.1f %10.1f %10.1f %10.1f %12.2f %8.1f\n' ours "$on" "$omean" "$omed" "$op95" "$omax" "$ocpu" "$opct"
awk -v s="$smean" -v o="$omean" -v sm="$smed" -v om="$omed" -v sc="$scpu" -v oc="$ocpu" 'BEGIN {
  printf "latency ratio seed/ours: mean %.1fx, median %.1fx (goal >= 10x)\n", s / o, sm / om
  printf "CPU ratio ours/seed: %.2f (goal <= 1)\n", oc / sc }'
echo "keyframe intervals (s), seed: $(keyframes seed "$seed_encoder")"
echo "keyframe intervals (s), ours: $(keyframes ours "$ours_encoder")"
