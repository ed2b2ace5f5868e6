import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportOptionsInput } from '../../shared/contract/methods/exports';
import { addDocument } from '../services/addDocument';
import { activeProject } from '../services/session';
import { exportInto, seedExportCorpus, TEXTS } from '../testing/exportHarness';
import { openTestWorkbench } from '../testing/importHarness';
import { createTempDirs } from '../testing/tempDir';
import type { Workbench } from '../workbench';
import { splitOf } from './split';

const tempDir = createTempDirs('awb-export-');

type Line = {
  id: string;
  title: string;
  text: string;
  text_sha256: string;
  split?: string;
  spans: { label: string; text: string; annotator: string; votes?: number; voters?: number; attributes: Record<string, unknown> }[];
};

function lines(path: string): Line[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
}

function exportLines(workbench: Workbench, options: Omit<ExportOptionsInput, 'format'>): Line[] {
  const out = join(tempDir(), 'export');
  exportInto(workbench, { format: 'jsonl', ...options }, { kind: 'exactly', path: out });
  return lines(join(out, 'data-00000.jsonl'));
}

const titles = (records: Line[]) => records.map((record) => record.title).sort();

describe('export choices', () => {
  it('by default: every annotator, documents some annotator marked done', async () => {
    const workbench = await openTestWorkbench(tempDir());
    seedExportCorpus(workbench);
    const records = exportLines(workbench, {});
    // The crlf document is done by Ana; the arabic one by Ana (Ben is in progress there, so his span is out).
    expect(titles(records)).toEqual(['Fixture arabic', 'Fixture combining', 'Fixture crlf', 'Fixture emoji', 'Fixture zwj']);
    const arabic = records.find((record) => record.title === 'Fixture arabic');
    expect(new Set(arabic?.spans.map((span) => span.annotator))).toEqual(new Set(['Ana']));
    workbench.close();
  });

  it('one annotator, with statuses; labels; a publication date range', async () => {
    const workbench = await openTestWorkbench(tempDir());
    const { annotatorIds } = seedExportCorpus(workbench);
    const ben = exportLines(workbench, { layer: { kind: 'annotator', annotatorId: annotatorIds.Ben ?? '' }, statuses: ['in_progress'] });
    expect(titles(ben)).toEqual(['Fixture arabic']);
    expect(ben[0]?.spans.map((span) => span.text)).toEqual(['دير الزور']);
    const locations = exportLines(workbench, { labels: ['LOCATION'] });
    expect(locations.flatMap((record) => record.spans.map((span) => span.label))).toEqual(Array(10).fill('LOCATION'));
    // Fixture dates are 2024-03-01 … 2024-03-05 in insertion order.
    expect(titles(exportLines(workbench, { dateFrom: '2024-03-02', dateTo: '2024-03-03' }))).toEqual(['Fixture combining', 'Fixture zwj']);
    const out = join(tempDir(), 'labels');
    const summary = exportInto(workbench, { format: 'jsonl', labels: ['WEAPON'], dateFrom: '2024-03-05' }, { kind: 'exactly', path: out });
    expect(summary).toMatchObject({ documents: 1, spans: 1, spansNotChosen: 3, documentsSkipped: { byStatus: 0, byDate: 10 } });
    workbench.close();
  });

  it('the gold layer: the adjudicated spans of documents whose adjudication has a chosen status', async () => {
    const workbench = await openTestWorkbench(tempDir());
    seedExportCorpus(workbench);
    const done = exportLines(workbench, { layer: { kind: 'gold' } });
    expect(titles(done)).toEqual(['Fixture emoji']);
    expect(done[0]?.spans.map((span) => [span.text, span.annotator])).toEqual([
      ['Kharkiv', 'Lina'],
      ['3 soldiers', 'Lina'],
    ]);
    expect(titles(exportLines(workbench, { layer: { kind: 'gold' }, statuses: ['done', 'in_progress'] }))).toEqual(['Fixture combining', 'Fixture emoji']);
    workbench.close();
  });

  it('majority vote: more than half of the annotators; exact halves are ties, reported; attributes by plurality', async () => {
    const workbench = await openTestWorkbench(tempDir());
    seedExportCorpus(workbench);
    const out = join(tempDir(), 'majority');
    const summary = exportInto(workbench, { format: 'jsonl', layer: { kind: 'majority' } }, { kind: 'exactly', path: out });
    const records = lines(join(out, 'data-00000.jsonl'));
    const spans = (title: string) =>
      records.find((record) => record.title === title)?.spans.map((span) => [span.text, span.votes, span.voters, span.attributes]);
    // emoji: Ana, Ben, Chloe voted. Kharkiv 3/3 (granularity 2 to 1), the army 3/3, Drone and 3 1/3, 3 soldiers 1/3.
    expect(spans('Fixture emoji')).toEqual([
      // Each attribute: the value given most often by the spans that set it (Ana alone set note and confirmed).
      ['Kharkiv', 3, 3, { granularity: 'populated_place', note: 'city "Kharkiv"\tcentre' }],
      ['the army', 3, 3, { actor_type: 'state_force', confirmed: false }],
    ]);
    // zwj: Mosul 3/3 with granularity populated_place 2 to 1.
    expect(spans('Fixture zwj')).toEqual([['Mosul', 3, 3, { granularity: 'populated_place' }]]);
    // combining: Ana and Ben. Béziers 2/2 (Ana's attributes only: the one value given wins); the rest 1/2 ties.
    expect(spans('Fixture combining')).toEqual([['Be\u0301ziers-sur-Oued', 2, 2, { granularity: 'populated_place', note: null }]]);
    expect(summary.majorityTies).toBe(3);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { majority: { ties: number; tie_examples: { text: string }[] } };
    expect(manifest.majority.ties).toBe(3);
    expect(manifest.majority.tie_examples.map((tie) => tie.text).sort()).toEqual(['12', '12 civilians', 'Militia fighters']);
    expect(records.every((record) => record.spans.every((span) => span.annotator === 'Majority vote'))).toBe(true);
    workbench.close();
  });

  it('a train/dev/test split by document, from the seed and the text hash: the same across runs, insertion orders and local ids', async () => {
    const first = await openTestWorkbench(tempDir());
    seedExportCorpus(first);
    const second = await openTestWorkbench(tempDir());
    seedExportCorpus(second, ['crlf', 'arabic', 'combining', 'zwj', 'emoji']);
    const split = { train: 0.4, dev: 0.3, test: 0.3, seed: 20240301 };
    const assignment = (workbench: Workbench) => {
      const out = join(tempDir(), 'split');
      const summary = exportInto(workbench, { format: 'jsonl', statuses: ['todo', 'done', 'in_progress'], split }, { kind: 'exactly', path: out });
      const map = new Map<string, string>();
      for (const file of summary.files.filter((entry) => entry.path.endsWith('.jsonl'))) {
        for (const record of lines(join(out, file.path))) {
          expect(file.path.startsWith(`${record.split}/`)).toBe(true);
          map.set(record.text_sha256, record.split ?? '');
        }
      }
      return { map, summary };
    };
    const a = assignment(first);
    const again = assignment(first);
    const b = assignment(second);
    expect([...a.map.entries()].sort()).toEqual([...again.map.entries()].sort());
    expect([...a.map.entries()].sort()).toEqual([...b.map.entries()].sort());
    expect(a.map.size).toBe(11);
    expect(new Set(a.map.values()).size).toBeGreaterThan(1);
    expect(a.summary.documentsPerSplit).toEqual(b.summary.documentsPerSplit);
    // The documents' ids differ between the databases; the split does not depend on them.
    expect(first.db.prepare('SELECT id FROM document ORDER BY text_sha256').all()).not.toEqual(
      second.db.prepare('SELECT id FROM document ORDER BY text_sha256').all(),
    );
    // Another seed moves some documents.
    const other = [...a.map.keys()].filter((sha) => splitOf(sha, { ...split, seed: 7 }) !== a.map.get(sha));
    expect(other.length).toBeGreaterThan(0);
    first.close();
    second.close();
  });

  it('splits large corpora close to the ratios', () => {
    const counts = { train: 0, dev: 0, test: 0 };
    for (let i = 0; i < 20_000; i++) counts[splitOf(String(i).padStart(64, '0'), { train: 0.8, dev: 0.1, test: 0.1, seed: 1 })]++;
    expect(counts.train / 20_000).toBeCloseTo(0.8, 1);
    expect(counts.dev / 20_000).toBeCloseTo(0.1, 1);
  });

  it('shards: files of at most N documents, one record never split across files', async () => {
    const workbench = await openTestWorkbench(tempDir());
    const project = activeProject(workbench.context);
    workbench.db.transaction(() => {
      for (let i = 0; i < 23; i++)
        addDocument(workbench.context, { projectId: project.id, title: `Bulletin ${i}`, text: `Bulletin ${i}: shelling reported near the dam.` });
    })();
    const out = join(tempDir(), 'shards');
    const summary = exportInto(workbench, { format: 'jsonl', statuses: ['todo'], shardSize: 10 }, { kind: 'exactly', path: out });
    expect(summary.files.filter((file) => file.path.startsWith('data-')).map((file) => [file.path, file.documents])).toEqual([
      ['data-00000.jsonl', 10],
      ['data-00001.jsonl', 10],
      ['data-00002.jsonl', 9],
    ]);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'data-00000.jsonl', 'data-00001.jsonl', 'data-00002.jsonl', 'manifest.json']);
    expect([0, 1, 2].map((n) => lines(join(out, `data-0000${n}.jsonl`)).length)).toEqual([10, 10, 9]);
    workbench.close();
  });

  it('refuses clearly: every annotator in a one-annotator format, an unknown label or annotator, nothing to export, a folder that is not empty', async () => {
    const workbench = await openTestWorkbench(tempDir());
    seedExportCorpus(workbench);
    const target = () => ({ kind: 'exactly' as const, path: join(tempDir(), 'out') });
    expect(() => exportInto(workbench, { format: 'conll' }, target())).toThrow(
      /CoNLL holds one set of spans per document.*choose one annotator, the gold layer or the majority vote/,
    );
    expect(() => exportInto(workbench, { format: 'jsonl', labels: ['PERSON'] }, target())).toThrow(/Unknown label\(s\) PERSON/);
    expect(() => exportInto(workbench, { format: 'jsonl', layer: { kind: 'annotator', annotatorId: randomUUID() } }, target())).toThrow(/No annotator with id/);
    const empty = target();
    expect(() => exportInto(workbench, { format: 'jsonl', statuses: ['skipped'] }, empty)).toThrow(
      /Nothing to export: none of the 11 documents has an annotator with the status skipped/,
    );
    // The folder it made for the failed export is gone again.
    expect(readdirSync(join(empty.path, '..'))).toEqual([]);
    const busy = tempDir();
    exportInto(workbench, { format: 'jsonl' }, { kind: 'exactly', path: busy });
    expect(() => exportInto(workbench, { format: 'jsonl' }, { kind: 'exactly', path: busy })).toThrow(/is not empty; choose an empty or new folder/);
    workbench.close();
  });

  it('writes a dataset card with counts per label and split, annotators, the agreement summary, schema and offset unit', async () => {
    const workbench = await openTestWorkbench(tempDir());
    seedExportCorpus(workbench);
    const out = join(tempDir(), 'card');
    exportInto(workbench, { format: 'jsonl', split: { train: 0.5, dev: 0.25, test: 0.25, seed: 3 } }, { kind: 'exactly', path: out });
    const card = readFileSync(join(out, 'README.md'), 'utf8');
    expect(card).toContain('Offsets count **Unicode code points**, end exclusive');
    expect(card).toMatch(/\| label \| train \| dev \| test \| total \|/);
    expect(card).toMatch(/\| Ana \| 5 \| 18 \|/);
    // Ana, Ben and Chloe marked documents done: the card carries their agreement, computed in the export's snapshot.
    expect(card).not.toContain('No agreement summary exists for this project yet');
    expect(card).toMatch(/\| Cohen's kappa \| tokens, Ana–Ben \| -?\d\.\d{3} \| \d+ \| 2 \|/);
    expect(card).toContain('marked done (not only the exported ones), with the project tokenizer');
    expect(card).toContain('`confirmed` (boolean)');
    expect(card).toContain(`${Object.keys(TEXTS).length - 1} NFC, 1 NFD, 0 mixed`);
    workbench.close();
  });
});
