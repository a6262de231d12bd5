#!/usr/bin/env bash
# The two Lambdas' zipped package sizes (the FaceIndexer's with the face models, for local mode) and their init + first-invocation time from a cold process.
# Publishes each function as infra/EyeOfHorus.Infra/LambdaPackages.cs does (framework-dependent,
# ReadyToRun): for linux-arm64 (the deployed package, zipped and measured) and for this machine's
# architecture (run once per round in a fresh process against local servers: dynalite, s3rver, the
# SNS and Rekognition stand-ins). Needs `npm ci` (the emulators).
# Usage: scripts/cold-start.sh [rounds]      SOURCE_ROOT=<other checkout> measures that checkout's functions.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source_root=${SOURCE_ROOT:-$root}
rounds=${1:-5}
out=$root/obj/cold-start
case "$(uname -m)" in x86_64) host_rid=linux-x64 ;; aarch64) host_rid=linux-arm64 ;; *) echo "unsupported machine $(uname -m)" >&2; exit 2 ;; esac
rm -rf "$out"
mkdir -p "$out"

publish() { # project rid folder
  dotnet publish "$source_root/functions/$1/$1.csproj" -c Release -r "$2" --self-contained false \
    -p:PublishReadyToRun=true --nologo -v quiet --artifacts-path "$out/artifacts-$2" -o "$3"
  if [ "$1" = EyeOfHorus.FaceIndexer ]; then # the face models local mode checks photos with, as LambdaPackages copies them
    mkdir -p "$3/models" && cp "$root"/models/face_detector.{onnx,LICENSE,SOURCE} "$3/models/"
  fi
}

for project in EyeOfHorus.MatchAlerter EyeOfHorus.FaceIndexer; do
  publish "$project" linux-arm64 "$out/linux-arm64/$project"
  (cd "$out/linux-arm64/$project" && zip -qr -X -9 "$out/$project.zip" .)
  [ "$host_rid" = linux-arm64 ] || publish "$project" "$host_rid" "$out/$host_rid/$project"
  size=$(stat -c %s "$out/$project.zip")
  echo "$project: $(awk -v s="$size" 'BEGIN { printf "%.2f MB", s / 1048576 }') zipped ($size bytes, linux-arm64); $(ls "$out/linux-arm64/$project" | wc -l) files; AWSSDK: $(cd "$out/linux-arm64/$project" && ls AWSSDK.*.dll 2>/dev/null | tr '\n' ' ')"
done

dotnet build "$root/tests/EyeOfHorus.ColdStart" -c Release --nologo -v quiet
dotnet run -c Release --project "$root/tests/EyeOfHorus.Benchmarks" -- cold-start \
  "$root/tests/EyeOfHorus.ColdStart/bin/Release/net10.0/EyeOfHorus.ColdStart.dll" \
  "$out/$host_rid/EyeOfHorus.MatchAlerter" "$out/$host_rid/EyeOfHorus.FaceIndexer" "$rounds"
