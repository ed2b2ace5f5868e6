import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/contract/methods/imports';
import { FIXTURES } from '../../core/testing/importHarness';
import { runAwb } from '../../core/testing/processes';
import { createTempDirs } from '../../core/testing/tempDir';

const tempDir = createTempDirs();

describe('awb import', () => {
  it('imports files and folders and prints a JSON summary with --json', async () => {
    const db = join(tempDir(), 'cli.db');
    const result = await runAwb(['import', join(FIXTURES, 'doccano.jsonl'), join(FIXTURES, 'brat'), '--db', db, '--annotator', 'Rana', '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as ImportSummary;
    expect(summary.totals).toMatchObject({ documentsImported: 4, spansImported: 8, filesImported: 3, filesFailed: 0 });
    expect(summary.annotators.map((annotator) => annotator.name)).toEqual(['Rana']);
    const info = await runAwb(['info', '--db', db, '--json']);
    expect(JSON.parse(info.stdout)).toMatchObject({ documents: 10, annotations: 8 });
  });

  it('says what failed and why, exits 1, and keeps the other files', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"text":"fine"}\n{"text": 5}\n');
    const result = await runAwb(['import', bad, join(FIXTURES, 'articles.csv'), '--db', join(dir, 'cli.db')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ bad.jsonl: bad.jsonl, line 2, field text: expected the text as a string, got 5. (nothing from this file was imported)');
    expect(result.stdout).toContain('✓ articles.csv (csv): 3 documents imported');
  });

  it('refuses an unknown format with the contract’s message', async () => {
    const result = await runAwb(['import', join(FIXTURES, 'articles.csv'), '--format', 'docx', '--db', join(tempDir(), 'cli.db')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/awb: awb import: format: /);
  });
});
