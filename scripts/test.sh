#!/usr/bin/env bash
# The test command (README): build, synthesize and scan the stack, run every test project,
# and close with one "N passed, N failed" line over all test assemblies.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# jsii unpacks ~66 MB per process into TMPDIR and never deletes it: keep it in one folder we remove.
export TMPDIR="$root/.test-tmp/tmp"
rm -rf "$root/.test-tmp" && mkdir -p "$TMPDIR"
trap 'rm -rf "$root/.test-tmp"' EXIT

dotnet build EyeOfHorus.sln -c Release -warnaserror
bash scripts/models.sh  # the face engine's ONNX files, converted from node_modules
if [[ -f scripts/synth-and-scan.sh ]]; then
  bash scripts/synth-and-scan.sh
  export HORUS_LAMBDA_CODE_DIR="$root/obj/lambda"  # the Lambda code that synth published: Infra.Tests reuse it
fi

log="$root/.test-tmp/dotnet-test.log"
status=0
dotnet test EyeOfHorus.sln -c Release --no-build 2>&1 | tee "$log" || status=$?

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 14, Skipped: 0, ...").
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- Failed:' "$log" |
  sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
if (( status != 0 && failed == 0 )); then failed=1; fi  # a crash or build error still fails the run
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $(( status != 0 || failed != 0 ))
