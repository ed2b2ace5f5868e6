import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportOptionsInput } from '../../shared/contract/methods/exports';
import type { ImportOptions } from '../../shared/contract/methods/imports';
import type { Db } from '../store/types';
import { exportInto, exportTestSchema, seedExportCorpus, setProjectSchema, TEXTS } from '../testing/exportHarness';
import { chosen, importInto, openTestWorkbench } from '../testing/importHarness';
import { createTempDirs } from '../testing/tempDir';
import type { Workbench } from '../workbench';

const tempDir = createTempDirs('awb-export-');
const VERIFY = join(import.meta.dirname, '..', '..', '..', 'scripts', 'verify-export.py');
const ALL_STATUSES = ['todo', 'in_progress', 'done', 'skipped'] as const;
const FIXTURE_SHAS = new Set(Object.values(TEXTS).map((text) => createHash('sha256').update(text, 'utf8').digest('hex')));

type Span = { sha: string; start: number; end: number; label: string; attributes: string; annotator: string; id: string; origin: string; layer: string };

/** The live spans of the fixture documents, comparable across databases (by text SHA-256, not local ids). */
function spansOf(db: Db, filter: (row: Span) => boolean = () => true): Span[] {
  const rows = db
    .prepare(
      `SELECT d.text_sha256 AS sha, a.start, a."end", a.label, a.attributes_json AS attributes, n.name AS annotator, a.id, a.origin, a.layer
         FROM annotation a JOIN document d ON d.id = a.document_id JOIN annotator n ON n.id = a.annotator_id WHERE a.deleted = 0`,
    )
    .all() as Span[];
  return rows
    .filter((row) => FIXTURE_SHAS.has(row.sha) && filter(row))
    .map((row) => ({ ...row, attributes: JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(row.attributes) as object).sort())) }))
    .sort((a, b) => (a.sha + a.start + a.label + a.annotator + a.end < b.sha + b.start + b.label + b.annotator + b.end ? -1 : 1));
}

/** Only what survives a format without ids, origins or layers: offsets, label, attributes. */
const bare = (spans: Span[], keep: (name: string, value: unknown) => boolean = () => true) =>
  spans
    .map((span) => ({
      sha: span.sha,
      start: span.start,
      end: span.end,
      label: span.label,
      attributes: JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(span.attributes) as object).filter(([name, value]) => keep(name, value)))),
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function seeded(): Promise<{ workbench: Workbench; ids: ReturnType<typeof seedExportCorpus> }> {
  const workbench = await openTestWorkbench(tempDir());
  return { workbench, ids: seedExportCorpus(workbench) };
}

/** Exports, then imports the data files into a fresh database with the same schema. */
async function roundTrip(
  workbench: Workbench,
  options: ExportOptionsInput,
  dataPath: string,
  importOptions: ImportOptions = {},
): Promise<{ db: Workbench; out: string }> {
  const out = join(tempDir(), 'export');
  exportInto(workbench, { statuses: [...ALL_STATUSES], ...options }, { kind: 'exactly', path: out });
  const fresh = await openTestWorkbench(tempDir());
  setProjectSchema(fresh, exportTestSchema());
  const summary = await importInto(fresh, chosen(join(out, dataPath)), importOptions);
  expect(summary.totals.filesFailed, JSON.stringify(summary.files)).toBe(0);
  return { db: fresh, out };
}

function python(out: string): { status: number | null; output: string } {
  const run = spawnSync('python3', [VERIFY, out], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('export round trips (export, import into a fresh database, compare)', () => {
  it('canonical JSONL: identical spans, attributes, ids, annotators, origins and layers, gold included', async () => {
    const { workbench } = await seeded();
    const out = join(tempDir(), 'export');
    exportInto(workbench, { format: 'jsonl', layer: { kind: 'all' }, statuses: [...ALL_STATUSES] }, { kind: 'exactly', path: out });
    const gold = join(tempDir(), 'gold');
    exportInto(workbench, { format: 'jsonl', layer: { kind: 'gold' }, statuses: [...ALL_STATUSES] }, { kind: 'exactly', path: gold });
    const fresh = await openTestWorkbench(tempDir());
    setProjectSchema(fresh, exportTestSchema());
    const summary = await importInto(fresh, chosen(join(out, 'data-00000.jsonl')));
    expect(summary.totals.filesFailed).toBe(0);
    expect((await importInto(fresh, chosen(join(gold, 'data-00000.jsonl')))).totals.filesFailed).toBe(0);
    expect(spansOf(fresh.db)).toEqual(spansOf(workbench.db));
    expect(spansOf(fresh.db).filter((span) => span.layer === 'gold')).toHaveLength(3);
    // Annotators keep their ids.
    const ids = (db: Db) => db.prepare("SELECT id, name FROM annotator WHERE name IN ('Ana', 'Ben', 'Chloe', 'Lina') ORDER BY name").all();
    expect(ids(fresh.db)).toEqual(ids(workbench.db));
    workbench.close();
    fresh.close();
  });

  it('spaCy JSONL: every annotator as a record of their own; spans off token boundaries are reported, the rest come back identical', async () => {
    const { workbench } = await seeded();
    const { db: fresh, out } = await roundTrip(workbench, { format: 'spacy', layer: { kind: 'all' } }, 'data-00000.jsonl');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      lossiness: Record<string, { count: number; examples: { text: string }[] }>;
    };
    // "Kharkiv" inside "Kharkiv's" is not a token of its own (UAX #29 keeps the word whole): three annotators marked it.
    expect(manifest.lossiness.unaligned_span?.count).toBe(3);
    expect(manifest.lossiness.unaligned_span?.examples.map((example) => example.text)).toEqual(['Kharkiv', 'Kharkiv', 'Kharkiv']);
    const expected = spansOf(workbench.db, (span) => span.layer === 'annotator' && span.label + span.start !== 'LOCATION34');
    const byAnnotator = (spans: Span[]) => spans.map((span) => `${span.annotator}|${JSON.stringify(bare([span])[0])}`).sort();
    expect(byAnnotator(spansOf(fresh.db))).toEqual(byAnnotator(expected));
    workbench.close();
    fresh.close();
  });

  it('brat: identical spans and attributes (enum and boolean as A lines, integer and text in notes), a span across CRLF included', async () => {
    const { workbench, ids } = await seeded();
    const { db: fresh, out } = await roundTrip(
      workbench,
      { format: 'brat', layer: { kind: 'annotator', annotatorId: ids.annotatorIds.Ana ?? '' } },
      'data-00000',
    );
    const expected = spansOf(workbench.db, (span) => span.annotator === 'Ana' && span.layer === 'annotator');
    expect(bare(spansOf(fresh.db))).toEqual(bare(expected, (_name, value) => value !== null));
    const crlfAnn = readFileSync(join(out, 'data-00000', `${ids.documentIds.crlf}.ann`), 'utf8');
    expect(crlfAnn).toContain('T3\tLOCATION 70 75;77 98\tErbil International Airport\n');
    expect(readFileSync(join(out, 'data-00000', `${ids.documentIds.crlf}.txt`), 'utf8')).toBe(TEXTS.crlf);
    expect(readFileSync(join(out, 'annotation.conf'), 'utf8')).toContain('confirmed\tArg:ACTOR, Value:true|false');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { lossiness: Record<string, { count: number }> };
    expect(Object.keys(manifest.lossiness)).toEqual(['null_attribute_value']);
    expect(manifest.lossiness.null_attribute_value?.count).toBe(1);
    workbench.close();
    fresh.close();
  });

  it('Label Studio JSON: an annotation per annotator, identical spans and attributes', async () => {
    const { workbench } = await seeded();
    const { db: fresh } = await roundTrip(workbench, { format: 'labelstudio', layer: { kind: 'all' } }, 'data-00000.json', { format: 'labelstudio' });
    const expected = spansOf(workbench.db, (span) => span.layer === 'annotator');
    const byAnnotator = (spans: Span[], keepNull: boolean) =>
      spans.map((span) => `${span.annotator}|${JSON.stringify(bare([span], (_n, value) => keepNull || value !== null)[0])}`).sort();
    expect(byAnnotator(spansOf(fresh.db), true)).toEqual(byAnnotator(expected, false));
    workbench.close();
    fresh.close();
  });

  it('doccano JSONL: UTF-16 offsets that import reads back to the same spans; attributes reported as dropped', async () => {
    const { workbench, ids } = await seeded();
    const { db: fresh, out } = await roundTrip(
      workbench,
      { format: 'doccano', layer: { kind: 'annotator', annotatorId: ids.annotatorIds.Ana ?? '' } },
      'data-00000.jsonl',
    );
    const expected = spansOf(workbench.db, (span) => span.annotator === 'Ana' && span.layer === 'annotator');
    expect(bare(spansOf(fresh.db), () => false)).toEqual(bare(expected, () => false));
    // doccano counts UTF-16 units: the helicopter emoji before "Kharkiv" shifts it by one.
    const line = readFileSync(join(out, 'data-00000.jsonl'), 'utf8')
      .split('\n')
      .find((text) => text.includes('Kharkiv'));
    expect((JSON.parse(line ?? '{}') as { label: unknown[] }).label).toContainEqual([35, 42, 'LOCATION']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { offset_unit: string; lossiness: Record<string, { count: number }> };
    expect(manifest.offset_unit).toBe('utf16');
    expect(manifest.lossiness.attribute_value?.count).toBe(27);
    workbench.close();
    fresh.close();
  });
});

describe('a split canonical export', () => {
  it('imports from its train/ dev/ test/ folders with each file checked against the manifest one folder up', async () => {
    const { workbench } = await seeded();
    const out = join(tempDir(), 'split');
    const summary = exportInto(
      workbench,
      { format: 'jsonl', statuses: [...ALL_STATUSES], split: { train: 0.5, dev: 0.25, test: 0.25, seed: 5 } },
      { kind: 'exactly', path: out },
    );
    const dataFiles = summary.files.filter((file) => file.path.endsWith('.jsonl')).map((file) => join(out, file.path));
    const fresh = await openTestWorkbench(tempDir());
    setProjectSchema(fresh, exportTestSchema());
    expect((await importInto(fresh, chosen(...dataFiles))).totals.filesFailed).toBe(0);
    expect(spansOf(fresh.db)).toEqual(spansOf(workbench.db, (span) => span.layer === 'annotator'));
    // A file altered after the export is refused by its checksum.
    const first = dataFiles[0] ?? '';
    writeFileSync(first, `${readFileSync(first, 'utf8')}\n`);
    const again = await openTestWorkbench(tempDir());
    const refused = await importInto(again, chosen(first));
    expect(refused.files[0]?.error?.message).toMatch(/manifest\.json lists .*; the file was altered or damaged/);
    workbench.close();
    fresh.close();
    again.close();
  });
});

describe('the Python offset check', () => {
  it('passes on the canonical and spaCy exports of emoji, ZWJ, combining-mark, Arabic and CRLF texts, and fails on a broken file', async () => {
    const { workbench } = await seeded();
    for (const format of ['jsonl', 'spacy'] as const) {
      const out = join(tempDir(), format);
      exportInto(workbench, { format, layer: { kind: 'all' }, statuses: [...ALL_STATUSES] }, { kind: 'exactly', path: out });
      const result = python(out);
      expect(result.output).toMatch(/^ok: /);
      expect(result.status).toBe(0);
    }
    // Break the canonical export the classic way (offsets counted in UTF-16, as JavaScript does),
    // keeping the manifest's checksum in step, so only the offsets are wrong.
    const out = join(tempDir(), 'broken');
    exportInto(workbench, { format: 'jsonl', layer: { kind: 'all' }, statuses: [...ALL_STATUSES] }, { kind: 'exactly', path: out });
    const dataPath = join(out, 'data-00000.jsonl');
    const broken = readFileSync(dataPath, 'utf8')
      .split('\n')
      .map((line) => {
        if (!line) return line;
        const record = JSON.parse(line) as { text: string; spans: { start: number; end: number; text: string }[] };
        for (const span of record.spans) {
          const before = Array.from(record.text).slice(0, span.start).join('');
          const shift = before.length - span.start;
          span.start += shift;
          span.end += shift;
        }
        return JSON.stringify(record);
      })
      .join('\n');
    writeFileSync(dataPath, broken);
    const manifestPath = join(out, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { path: string; sha256: string; bytes: number }[] };
    const entry = manifest.files.find((file) => file.path === 'data-00000.jsonl');
    if (!entry) throw new Error('no data file in the manifest');
    entry.sha256 = createHash('sha256').update(broken).digest('hex');
    entry.bytes = Buffer.byteLength(broken);
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const result = python(out);
    expect(result.status).toBe(1);
    expect(result.output).toContain("the span says 'Kharkiv'");
    workbench.close();
  });

  it('is plain python3 with the standard library (runs without any package installed)', () => {
    expect(
      execFileSync('python3', ['-I', '-c', `import ast,sys; ast.parse(open(${JSON.stringify(VERIFY)}).read()); print("parsed")`], { encoding: 'utf8' }),
    ).toContain('parsed');
  });
});
