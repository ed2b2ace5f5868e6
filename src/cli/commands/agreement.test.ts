import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { AgreementRunSummary } from '../../shared/contract/methods/agreement';
import { seededExportDb } from '../../core/testing/exportHarness';
import { runAwb } from '../../core/testing/processes';
import { createTempDirs } from '../../core/testing/tempDir';

const tempDir = createTempDirs('awb-agreement-cli-');

describe('awb agreement', () => {
  it('prints every figure as JSON that the contract schema accepts, with every per-document row', async () => {
    const db = await seededExportDb(tempDir());
    const result = await runAwb(['agreement', '--db', db, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = AgreementRunSummary.parse(JSON.parse(result.stdout));
    expect(summary.annotators.map((annotator) => annotator.name)).toEqual(['Ana', 'Ben', 'Chloe']);
    expect(summary.documents.compared).toBe(3);
    expect(summary.perDocument).toHaveLength(3);
    expect(summary.token.pairs).toHaveLength(3);
  });

  it('takes annotators by name, labels and a token pattern, and writes the report: HTML with charts and no script, CSV and JSON', async () => {
    const db = await seededExportDb(tempDir());
    const out = join(tempDir(), 'report');
    const result = await runAwb([
      'agreement',
      '--db',
      db,
      '--annotators',
      'Ana,Ben',
      '--labels',
      'ACTOR,LOCATION',
      '--tokenizer',
      'regex:\\w+|[^\\w\\s]',
      '--report',
      out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Agreement of Ana, Ben on ACTOR, LOCATION');
    expect(result.stdout).toMatch(/Ana–Ben\s+-?\d\.\d{3}/);
    expect(result.stdout).toContain(`report written to ${out}`);
    expect(readdirSync(out).sort()).toEqual([
      'agreement-confusion.csv',
      'agreement-documents.csv',
      'agreement-figures.csv',
      'agreement-report.html',
      'agreement.json',
    ]);

    const json = JSON.parse(readFileSync(join(out, 'agreement.json'), 'utf8')) as { format: string; format_version: number; summary: unknown };
    expect(json).toMatchObject({ format: 'awb-agreement-report', format_version: 1 });
    const summary = AgreementRunSummary.parse(json.summary);
    expect(summary.tokenizer).toEqual({ kind: 'regex', pattern: '\\w+|[^\\w\\s]' });
    expect(summary.labels).toEqual(['ACTOR', 'LOCATION']);

    // The figures CSV holds the same numbers as the JSON.
    const figures = parse<Record<string, string>>(readFileSync(join(out, 'agreement-figures.csv'), 'utf8'), { columns: true });
    const alpha = figures.find((row) => row.level === 'token' && row.metric === "Krippendorff's alpha");
    expect(alpha, JSON.stringify(figures.slice(0, 3))).toBeDefined();
    expect(Number(alpha?.value)).toBeCloseTo('value' in summary.token.alpha ? summary.token.alpha.value : NaN, 9);
    const documents = parse<Record<string, string>>(readFileSync(join(out, 'agreement-documents.csv'), 'utf8'), { columns: true });
    expect(documents.map((row) => row.document_id)).toEqual(summary.perDocument.map((row) => row.documentId));
    const confusion = parse<Record<string, string>>(readFileSync(join(out, 'agreement-confusion.csv'), 'utf8'), { columns: true });
    expect(confusion.map((row) => row.label)).toEqual(['ACTOR', 'LOCATION', 'none']);

    // The HTML: parsed, self-contained, with the charts drawn as SVG.
    const html = readFileSync(join(out, 'agreement-report.html'), 'utf8');
    type Node = { getAttribute(name: string): string | null; textContent: string | null };
    type Page = { querySelectorAll(selector: string): Node[]; querySelector(selector: string): Node | null; body: Node };
    const { document } = parseHTML(html) as unknown as { document: Page };
    expect(document.querySelectorAll('script')).toHaveLength(0);
    for (const element of [...document.querySelectorAll('[src], [href]')]) {
      const target = element.getAttribute('src') ?? element.getAttribute('href') ?? '';
      expect(target).not.toMatch(/^(https?:)?\/\//);
    }
    expect(document.querySelectorAll('svg').length).toBeGreaterThanOrEqual(2);
    expect(document.querySelector('h1')?.textContent).toContain('agreement');
    expect(document.body.textContent).toContain('Ana');
  });

  it('refuses a pattern that matches the empty string, an unknown annotator, and a report folder that is not empty, each named', async () => {
    const db = await seededExportDb(tempDir());
    const empty = await runAwb(['agreement', '--db', db, '--tokenizer', 'regex:\\w*']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/can match the empty string/);
    const unknown = await runAwb(['agreement', '--db', db, '--annotators', 'Ana,Nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--annotators: no annotator is called "Nobody"');
    const out = join(tempDir(), 'busy');
    expect((await runAwb(['agreement', '--db', db, '--report', out])).code).toBe(0);
    const again = await runAwb(['agreement', '--db', db, '--report', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty/);
  });
});
