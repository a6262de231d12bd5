#!/usr/bin/env node
// cdk-nag AwsSolutions scan of a synthesized CloudFormation template (the .NET cdk-nag package
// is not available here; the npm one is). Usage: node scripts/nag/scan.js <template.json>
// Loads the template with CfnInclude into a throw-away stack, applies AwsSolutionsChecks, prints
// every unsuppressed finding and every suppression with its reason; exits 1 on any finding.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { App, Aspects, DefaultStackSynthesizer, Stack } = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks } = require('cdk-nag');

const templateFile = process.argv[2];
if (!templateFile || !fs.existsSync(templateFile)) {
  console.error(`usage: scan.js <template.json> (got ${templateFile ?? 'nothing'})`);
  process.exit(2);
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
try {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Scanned', {
    synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  });
  new CfnInclude(stack, 'Template', { templateFile });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true, reports: true }));
  const assembly = app.synth();

  const findings = assembly.getStackArtifact(stack.artifactId).messages
    .filter((m) => m.level === 'error' || m.level === 'warning')
    .map((m) => ({ level: m.level, path: m.id.replace('/Scanned/Template/', ''), text: String(m.entry.data) }));

  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
  const suppressions = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    for (const rule of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) {
      suppressions.push({ logicalId, id: rule.id, reason: rule.reason });
    }
  }
  // cdk-nag's report counts the findings the suppressions actually silenced.
  const report = path.join(outdir, fs.readdirSync(outdir).find((f) => f.endsWith('NagReport.csv')) ?? 'none');
  const suppressedFindings = fs.existsSync(report)
    ? fs.readFileSync(report, 'utf8').split('\n').filter((l) => l.includes('"Suppressed"')).length
    : 'unknown';

  console.log(`cdk-nag AwsSolutions: ${templateFile}`);
  console.log(`  resources: ${Object.keys(template.Resources ?? {}).length}`);
  console.log(`  suppressions: ${suppressions.length} (silencing ${suppressedFindings} rule findings)`);
  for (const s of suppressions) console.log(`    ${s.id} on ${s.logicalId}: ${s.reason}`);
  console.log(`  unsuppressed findings: ${findings.length}`);
  for (const f of findings) console.log(`    [${f.level}] ${f.path}: ${f.text.split('\n')[0]}`);
  process.exitCode = findings.length === 0 ? 0 : 1;
} finally {
  if (process.env.NAG_KEEP_REPORT) fs.copyFileSync(path.join(outdir, fs.readdirSync(outdir).find((f) => f.endsWith('NagReport.csv'))), process.env.NAG_KEEP_REPORT);
  fs.rmSync(outdir, { recursive: true, force: true });
}
