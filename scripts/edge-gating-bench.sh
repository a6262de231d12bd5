#!/usr/bin/env bash
# Edge recognition gating benchmark: SearchFacesByImage calls per minute of video with the
# detector+tracker gating off (one call per sampled frame) and on, measured in one run on a ~100 s
# clip (three 10 s face segments, 20 s gaps), the ratio, and whether every face segment made a record.
# Needs GStreamer, the face models (scripts/models.sh) and `npm ci` (kinesalite, s3rver). No OpenCV.
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project tests/EyeOfHorus.Benchmarks -- edge-gating
