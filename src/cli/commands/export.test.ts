import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportSummary } from '../../shared/contract/methods/exports';
import { seededExportDb } from '../../core/testing/exportHarness';
import { runAwb } from '../../core/testing/processes';
import { createTempDirs } from '../../core/testing/tempDir';

const tempDir = createTempDirs();

describe('awb export', () => {
  it('exports one annotator as CoNLL with a split, and prints a JSON summary with --json', async () => {
    const db = await seededExportDb(tempDir());
    const out = join(tempDir(), 'conll');
    const result = await runAwb([
      'export',
      '--format',
      'conll',
      '--out',
      out,
      '--layer',
      'annotator:Ana',
      '--split',
      '0.6,0.2,0.2',
      '--seed',
      '11',
      '--db',
      db,
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as ExportSummary;
    expect(summary).toMatchObject({ format: 'conll', folder: out, documents: 5, spans: 16 });
    expect(summary.lossiness.map((entry) => [entry.kind, entry.count])).toEqual([
      ['overlapping_span', 1],
      ['unaligned_span', 1],
      ['attribute_value', 24],
    ]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { choices: { split: unknown; layer: unknown }; offset_unit: string };
    expect(manifest.choices.split).toEqual({ train: 0.6, dev: 0.2, test: 0.2, seed: 11 });
    expect(manifest.choices.layer).toMatchObject({ kind: 'annotator', annotator: 'Ana' });
    expect(manifest.offset_unit).toBe('none');
    const conll = summary.files.filter((file) => file.path.endsWith('.conll'));
    expect(conll.reduce((sum, file) => sum + file.documents, 0)).toBe(5);
    const text = conll.map((file) => readFileSync(join(out, file.path), 'utf8')).join('');
    expect(text.match(/^-DOCSTART-\tO$/gm)).toHaveLength(5);
    expect(text).toContain('Erbil\tB-LOCATION\nInternational\tI-LOCATION\nAirport\tI-LOCATION\n');
    expect(text).toContain('👩🏽‍🚒\tB-ACTOR\ncrews\tI-ACTOR\n');
  });

  it('prints a readable summary, and refuses bad choices with the reason', async () => {
    const db = await seededExportDb(tempDir());
    const readable = await runAwb(['export', '--format', 'jsonl', '--out', join(tempDir(), 'x'), '--status', 'any', '--db', db]);
    expect(readable.code).toBe(0);
    expect(readable.stdout).toMatch(/✓ 11 documents, 11 records and 27 spans written to /);
    expect(readable.stdout).toContain("every span's text[start:end] checked: 27 spans");
    const split = await runAwb(['export', '--format', 'jsonl', '--out', join(tempDir(), 'y'), '--split', '0.8,0.1', '--db', db]);
    expect(split.code).toBe(1);
    expect(split.stderr).toContain('--split takes three ratios for train, dev and test');
    const sum = await runAwb(['export', '--format', 'jsonl', '--out', join(tempDir(), 'y'), '--split', '0.8,0.1,0.2', '--db', db]);
    expect(sum.stderr).toContain('the split ratios must add up to 1');
    const who = await runAwb(['export', '--format', 'brat', '--out', join(tempDir(), 'z'), '--layer', 'annotator:Nobody', '--db', db]);
    expect(who.stderr).toContain('no annotator is called "Nobody"');
    const all = await runAwb(['export', '--format', 'hf', '--out', join(tempDir(), 'w'), '--db', db]);
    expect(all.code).toBe(1);
    expect(all.stderr).toContain('Hugging Face JSONL holds one set of spans per document');
  });
});
