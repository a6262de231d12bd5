#!/usr/bin/env bash
# Mutation testing with Stryker.NET (the version pinned in .config/dotnet-tools.json), one
# production project at a time against its own test project, then the score table per file.
# Not part of CI (tens of minutes per project on 2 cores).
#
#   scripts/mutation.sh                       # every project with a stryker-config.json, in turn
#   scripts/mutation.sh MatchAlerter          # one project (EyeOfHorus.<name> under functions/, engine/ or edge/)
#   scripts/mutation.sh Recognition -m "**/FaceNaming.cs" -m "**/Faces/*.cs"   # only these files
#
# Extra arguments go to dotnet-stryker; each project's settings are in its stryker-config.json.
# Reports: .mutation/<project>/reports/mutation-report.{html,json} (the run before: .mutation/<project>.previous);
# log: .mutation/<project>.log.
# Runs are shortened only here, through the environment: the fault-injection property runs
# HORUS_FAULT_BATCHES batches (default 50 instead of 1000) and CsCheck properties run
# HORUS_PROPERTY_PERCENT % of their iterations (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

projects=(Aws Recognition MatchAlerter FaceIndexer Contract FaceEngine Local WebConsole)
if [[ $# -gt 0 && $1 != -* ]]; then
  projects=("$1")
  shift
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export HORUS_FAULT_BATCHES=${HORUS_FAULT_BATCHES:-50}
export HORUS_PROPERTY_PERCENT=${HORUS_PROPERTY_PERCENT:-5}
dotnet tool restore >/dev/null
[[ -d node_modules ]] || npm ci   # the emulators the tests start

status=0
for project in "${projects[@]}"; do
  dir=""
  for parent in functions engine edge; do [[ -d "$parent/EyeOfHorus.$project" ]] && dir="$parent/EyeOfHorus.$project"; done
  [[ -n $dir && -f "$dir/stryker-config.json" ]] || { echo "no stryker-config.json for EyeOfHorus.$project" >&2; exit 2; }
  out="$root/.mutation/$project"
  rm -rf "$out.previous"; [[ -d $out ]] && mv "$out" "$out.previous"  # the last run, to compare with
  mkdir -p "$out"
  echo "== $project (log: .mutation/$project.log)"
  start=$SECONDS
  if (cd "$dir" && dotnet dotnet-stryker --config-file stryker-config.json --output "$out" "$@") >"$root/.mutation/$project.log" 2>&1; then
    node scripts/mutation-report.js "$out/reports/mutation-report.json"
    node scripts/mutation-report.js "$out/reports/mutation-report.json" --survivors >"$out/survivors.txt"
    echo "($(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s)"
  else
    echo "Stryker failed for $project; see .mutation/$project.log" >&2
    tail -20 "$root/.mutation/$project.log" >&2
    status=1
  fi
done
exit $status
