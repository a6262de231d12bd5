#!/usr/bin/env bash
# Synthesizes the stack as `cdk deploy` would (the real `npx cdk synth`, which also publishes the
# Lambda code) in all three recognition modes, scans each template with cdk-nag's AwsSolutions rules
# (scripts/nag/scan.js) and checks every function's runtime against Lambda's deprecation schedule
# (scripts/lambda-runtimes.js). Prints synth time and resource counts; fails on any finding or on a
# runtime Lambda no longer lets you create (warns when that is less than 180 days away).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true
if [[ -z "${TMPDIR:-}" || "$TMPDIR" != "$root/.test-tmp/"* ]]; then
  # jsii leaves ~66 MB per process in TMPDIR: keep it where we delete it (scripts/test.sh does the same).
  export TMPDIR="$root/.test-tmp/synth-tmp"
  mkdir -p "$TMPDIR"
  trap 'rm -rf "$root/.test-tmp/synth-tmp"' EXIT
fi

failed=0
synth_and_scan() { # name, cdk context flags...
  local name=$1; shift
  local out="$root/.test-tmp/synth/$name"
  rm -rf "$out"
  local start end
  start=$(date +%s%N)
  npx --no-install cdk synth --quiet --no-notices --output "$out" "$@" >/dev/null
  end=$(date +%s%N)
  local template="$out/EyeOfHorus.template.json"
  echo "== $name ($*)"
  local ms=$(( (end - start) / 1000000 ))
  printf 'synth: %d.%01d s\n' $((ms / 1000)) $((ms % 1000 / 100))
  node -e '
    const t = require(process.argv[1]);
    const counts = {};
    for (const r of Object.values(t.Resources)) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
    console.log(`resources: ${Object.keys(t.Resources).length}, outputs: ${Object.keys(t.Outputs).length}`);
    for (const [type, n] of Object.entries(counts).sort()) console.log(`  ${n} ${type}`);
  ' "$template"
  node scripts/nag/scan.js "$template" || failed=1
  node scripts/lambda-runtimes.js "$template" || failed=1
}

# The first synth publishes the Lambda code (to obj/lambda, as `cdk deploy` does); the second synth
# and the infra tests (scripts/test.sh sets HORUS_LAMBDA_CODE_DIR) reuse it.
synth_and_scan stream-processor -c recognition=stream-processor -c cameras=front-door,garage
synth_and_scan edge -c recognition=edge -c lambdaCodeDir="$root/obj/lambda"
synth_and_scan local -c recognition=local -c lambdaCodeDir="$root/obj/lambda"

if [[ $failed -ne 0 ]]; then
  echo "cdk-nag findings or blocked Lambda runtimes (see above)" >&2
  exit 1
fi
