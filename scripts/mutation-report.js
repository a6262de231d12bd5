#!/usr/bin/env node
// Prints the score table of a Stryker mutation-report.json: per mutated file and in total,
// score = (killed + timeout) / (killed + timeout + survived + no coverage). Compile errors and
// ignored mutants are left out. With --survivors, lists every surviving / uncovered mutant.
'use strict';
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const listSurvivors = args.includes('--survivors');
const file = args.find(a => !a.startsWith('--'));
if (!file) {
  console.error('usage: mutation-report.js REPORT.json [--survivors]');
  process.exit(2);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const rows = [];
const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
const survivors = [];
for (const [name, entry] of Object.entries(report.files)) {
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  for (const m of entry.mutants) {
    if (m.status in count) {
      count[m.status]++;
      total[m.status]++;
    }
    if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const lines = entry.source.split('\n');
      const line = m.location.start.line;
      survivors.push(`${path.basename(name)}:${line} ${m.status} ${m.mutatorName}: ${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 90)}  | ${lines[line - 1].trim().slice(0, 90)}`);
    }
  }
  const tested = count.Killed + count.Timeout + count.Survived + count.NoCoverage;
  if (tested > 0) rows.push([path.basename(name), count, tested]);
}
const pct = (c, n) => (n === 0 ? 'n/a' : ((100 * (c.Killed + c.Timeout)) / n).toFixed(1) + ' %');
const line = (name, c, n) => console.log(
  `| ${name.padEnd(28)} | ${String(n).padStart(6)} | ${String(c.Killed).padStart(6)} | ${String(c.Timeout).padStart(7)} | ${String(c.Survived).padStart(8)} | ${String(c.NoCoverage).padStart(11)} | ${pct(c, n).padStart(7)} |`);
console.log('| File                         | Tested | Killed | Timeout | Survived | No coverage |   Score |');
console.log('|------------------------------|--------|--------|---------|----------|-------------|---------|');
for (const [name, c, n] of rows.sort((a, b) => a[0].localeCompare(b[0]))) line(name, c, n);
line('TOTAL', total, total.Killed + total.Timeout + total.Survived + total.NoCoverage);
if (listSurvivors) {
  console.log('');
  for (const s of survivors) console.log(s);
}
