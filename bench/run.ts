// `npm run bench`: runs every bench/*.bench.ts, prints medians and ratios to their same-run
// baselines, and writes bench/results/latest.json. `npm run bench -- <filter>` runs a subset.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchResult } from './lib/types';

const here = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => !filter || file.includes(filter))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  const module = (await import(join(here, file))) as { default: Benchmark };
  process.stdout.write(`running ${module.default.name} (${file})…\n`);
  results.push(...(await module.default.run()));
}

const format = (value: number | undefined, digits = 2) => (value === undefined || Number.isNaN(value) ? '' : value.toFixed(digits));
const rows = [
  ['suite', 'benchmark', 'median', 'p95', 'unit', 'baseline', 'baseline median', 'baseline p95', 'ratio', 'target'],
  ...results.map((r) => [
    r.suite,
    r.name,
    format(r.value),
    format(r.p95),
    r.unit,
    r.baseline?.name ?? '',
    format(r.baseline?.value),
    format(r.baseline?.p95),
    r.ratio === undefined ? '' : `${format(r.ratio)}×`,
    r.target ?? '',
  ]),
];
const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
for (const row of rows) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}\n`);
const noted = results.filter((r) => r.note);
if (noted.length > 0) process.stdout.write(`\nnotes:\n${noted.map((r) => `  ${r.name}: ${r.note}`).join('\n')}\n`);

mkdirSync(join(here, 'results'), { recursive: true });
const out = join(here, 'results', 'latest.json');
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, memoryBytes: totalmem(), results }, null, 2)}\n`,
);
process.stdout.write(`\nwrote ${out}\n`);
