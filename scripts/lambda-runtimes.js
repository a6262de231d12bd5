#!/usr/bin/env node
// Lists every AWS::Lambda::Function of synthesized templates with its runtime in every region
// (resolving Fn::FindInMap over the template's own region maps) and checks each runtime against
// Lambda's published schedule in infra/lambda-runtimes.json, as of today (or LAMBDA_RUNTIMES_TODAY).
// Exit 1 if creating a function on a runtime is already blocked somewhere, or a runtime is not in
// the table; prints a WARNING when the block is less than 180 days away (or its dates are unknown).
// Usage: node scripts/lambda-runtimes.js <template.json>...
'use strict';
const fs = require('fs');
const path = require('path');

const WARN_DAYS = 180;
const table = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'infra', 'lambda-runtimes.json'), 'utf8'));
const today = new Date((process.env.LAMBDA_RUNTIMES_TODAY ?? new Date().toISOString().slice(0, 10)) + 'T00:00:00Z');
const days = (iso) => Math.round((new Date(iso + 'T00:00:00Z') - today) / 86400000);

// One region per partition stands for a plain-string runtime; a FindInMap is resolved for every region its map lists.
const EVERY_REGION = 'every region';

function runtimesByRegion(template, runtime) {
  if (typeof runtime === 'string') return new Map([[EVERY_REGION, runtime]]);
  const find = runtime?.['Fn::FindInMap'];
  if (!Array.isArray(find) || find[1]?.Ref !== 'AWS::Region')
    throw new Error(`cannot resolve Runtime ${JSON.stringify(runtime)}`);
  const map = template.Mappings?.[find[0]];
  if (!map) throw new Error(`Runtime refers to a missing mapping ${find[0]}`);
  const out = new Map();
  for (const [region, values] of Object.entries(map)) {
    if (values[find[2]] === undefined) throw new Error(`mapping ${find[0]} has no ${find[2]} for ${region}`);
    out.set(region, values[find[2]]);
  }
  return out;
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  console.log(`Lambda runtimes: ${file} (as of ${today.toISOString().slice(0, 10)}; table checked ${table.lastChecked})`);
  const functions = Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
  if (functions.length === 0) console.log('  no functions');
  for (const [id, resource] of functions) {
    let byRegion;
    try {
      byRegion = runtimesByRegion(template, resource.Properties?.Runtime);
    } catch (e) {
      console.log(`  FAIL ${id}: ${e.message}`);
      failed = true;
      continue;
    }
    // Group regions by runtime: "nodejs20.x: 33 regions (af-south-1, ...)".
    const groups = new Map();
    for (const [region, runtime] of byRegion) groups.set(runtime, [...(groups.get(runtime) ?? []), region]);
    for (const [runtime, regions] of groups) {
      const where = regions[0] === EVERY_REGION ? EVERY_REGION : `${regions.length} region(s): ${regions.join(', ')}`;
      const entry = table.runtimes[runtime];
      let verdict;
      if (!entry) {
        verdict = `FAIL: ${runtime} is not in infra/lambda-runtimes.json; add its dates from ${table.source}`;
        failed = true;
      } else if (!entry.blockCreate) {
        verdict = `WARNING: no published block-create date recorded for ${runtime} (${entry.source})`;
      } else if (days(entry.blockCreate) <= 0) {
        verdict = `FAIL: Lambda refuses to create ${runtime} functions since ${entry.blockCreate} (updates from ${entry.blockUpdate})`;
        failed = true;
      } else if (days(entry.blockCreate) < WARN_DAYS) {
        verdict = `WARNING: creating ${runtime} functions is blocked from ${entry.blockCreate}, in ${days(entry.blockCreate)} days`;
      } else {
        verdict = `ok: deprecated ${entry.deprecation}, create blocked ${entry.blockCreate} (${days(entry.blockCreate)} days), update blocked ${entry.blockUpdate}`;
      }
      console.log(`  ${id}: ${runtime} in ${where} -- ${verdict}`);
    }
  }
}
process.exitCode = failed ? 1 : 0;
