import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/contract/methods/imports';
import { FIXTURES } from '../../core/testing/importHarness';
import { createTempDirs } from '../../core/testing/tempDir';

const tempDir = createTempDirs();
const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

async function awb(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin', 'awb.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, AWB_LOG_LEVEL: 'error' },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('awb import', () => {
  it('imports files and folders and prints a JSON summary with --json', async () => {
    const db = join(tempDir(), 'cli.db');
    const result = await awb(['import', join(FIXTURES, 'doccano.jsonl'), join(FIXTURES, 'brat'), '--db', db, '--annotator', 'Rana', '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as ImportSummary;
    expect(summary.totals).toMatchObject({ documentsImported: 4, spansImported: 8, filesImported: 3, filesFailed: 0 });
    expect(summary.annotators.map((annotator) => annotator.name)).toEqual(['Rana']);
    const info = await awb(['info', '--db', db, '--json']);
    expect(JSON.parse(info.stdout)).toMatchObject({ documents: 10, annotations: 8 });
  });

  it('says what failed and why, exits 1, and keeps the other files', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"text":"fine"}\n{"text": 5}\n');
    const result = await awb(['import', bad, join(FIXTURES, 'articles.csv'), '--db', join(dir, 'cli.db')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ bad.jsonl: bad.jsonl, line 2, field text: expected the text as a string, got 5. (nothing from this file was imported)');
    expect(result.stdout).toContain('✓ articles.csv (csv): 3 documents imported');
  });

  it('refuses an unknown format with the contract’s message', async () => {
    const result = await awb(['import', join(FIXTURES, 'articles.csv'), '--format', 'docx', '--db', join(tempDir(), 'cli.db')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/awb: awb import: format: /);
  });
});
