#!/usr/bin/env bash
# The test command (README): build, synthesize and scan the stack, run every test project.
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
if [[ -f scripts/synth-and-scan.sh ]]; then bash scripts/synth-and-scan.sh; fi
dotnet test EyeOfHorus.sln -c Release --no-build
