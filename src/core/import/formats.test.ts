import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLiveAnnotations } from '../store/annotations';
import { createTempDirs } from '../testing/tempDir';
import { chosen, FIXTURES, importInto, openTestWorkbench } from '../testing/importHarness';
import type { Db } from '../store/types';
import type { Workbench } from '../workbench';

const tempDir = createTempDirs();
const fixture = (...parts: string[]) => join(FIXTURES, ...parts);

type DocRow = {
  id: string;
  title: string;
  source: string | null;
  published_at: string | null;
  external_id: string | null;
  metadata_json: string;
  text: string;
};

function documentByExternalId(db: Db, externalId: string): DocRow {
  const row = db.prepare('SELECT id, title, source, published_at, external_id, metadata_json, text FROM document WHERE external_id = ?').get(externalId) as
    DocRow | undefined;
  if (!row) throw new Error(`no document ${externalId}`);
  return row;
}

function documentContaining(db: Db, fragment: string): DocRow {
  const row = db.prepare('SELECT id, title, source, published_at, external_id, metadata_json, text FROM document WHERE instr(text, ?) > 0').get(fragment) as
    DocRow | undefined;
  if (!row) throw new Error(`no document containing ${fragment}`);
  return row;
}

type SpanRow = {
  start: number;
  end: number;
  label: string;
  quote: string;
  annotator: string;
  origin: string;
  origin_source: string;
  attributes_json: string;
  layer: string;
  id: string;
};

function spansOf(db: Db, documentId: string): SpanRow[] {
  return db
    .prepare(
      `SELECT a.id, a.start, a."end", a.label, a.quote, n.name AS annotator, a.origin, a.origin_source, a.attributes_json, a.layer
         FROM annotation a JOIN annotator n ON n.id = a.annotator_id WHERE a.document_id = ? ORDER BY a.start, n.name, a.label`,
    )
    .all(documentId) as SpanRow[];
}

/** Every stored span's quote is Python's text[start:end] of its document. */
function expectQuotesMatchCodePoints(db: Db): void {
  const rows = db.prepare('SELECT a.start, a."end", a.quote, d.text FROM annotation a JOIN document d ON d.id = a.document_id').all() as {
    start: number;
    end: number;
    quote: string;
    text: string;
  }[];
  for (const row of rows) expect([...row.text].slice(row.start, row.end).join('')).toBe(row.quote);
}

async function withWorkbench(run: (workbench: Workbench) => Promise<void>): Promise<void> {
  const workbench = await openTestWorkbench(tempDir());
  try {
    await run(workbench);
  } finally {
    workbench.close();
  }
}

describe('import formats', () => {
  it('plain text: a folder of .txt files, one document each, title from the first line or the file name', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, [{ path: fixture('plain'), name: 'plain' }]);
      expect(summary.totals).toMatchObject({ documentsImported: 2, filesImported: 2, filesFailed: 0 });
      const first = documentContaining(workbench.db, 'Negotiators left');
      expect(first.title).toBe('Ceasefire talks stall');
      expect(first.text).toBe('Ceasefire talks stall\n\nNegotiators left the capital without an agreement on Thursday.\n');
      // The second file's first line is far too long to be a title: the file name is used.
      expect(documentContaining(workbench.db, 'A convoy of aid trucks').title).toBe('second-report');
    }));

  it('doccano label triples: UTF-16 offsets converted to code points after an emoji, metadata kept', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, chosen(fixture('doccano.jsonl')));
      expect(summary.totals).toMatchObject({ documentsImported: 2, spansImported: 6, spansSkipped: 0 });
      const depot = documentByExternalId(workbench.db, 'dc-2');
      expect(depot).toMatchObject({ title: 'Drone hits fuel depot', source: 'Field desk', published_at: '2024-03-06' });
      expect(JSON.parse(depot.metadata_json)).toEqual({ language: 'en' });
      const spans = spansOf(workbench.db, depot.id);
      expect(spans.map((span) => [span.label, span.quote, span.annotator, span.origin])).toEqual([
        ['WEAPON', 'drone', 'doccano', 'imported'],
        ['LOCATION', 'Deir ez-Zor', 'doccano', 'imported'],
        ['CASUALTY_COUNT', 'at least five', 'doccano', 'imported'],
      ]);
      const text = [...depot.text];
      expect(text.slice(spans[2]?.start, spans[2]?.end).join('')).toBe('at least five');
      expect(spans[2]?.origin_source).toBe('doccano:doccano.jsonl');
      expectQuotesMatchCodePoints(workbench.db);
    }));

  it('doccano entities/relations: Arabic spans imported, relations reported as not imported', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, chosen(fixture('doccano-entities.jsonl')), { annotator: 'Huda' });
      expect(summary.totals).toMatchObject({ documentsImported: 1, spansImported: 2 });
      expect(summary.issues.some((issue) => issue.message.includes('1 relation(s) not imported'))).toBe(true);
      const document = documentContaining(workbench.db, 'الحدود الشمالية');
      expect(document.external_id).toBe('7');
      expect(spansOf(workbench.db, document.id).map((span) => [span.label, span.quote, span.annotator])).toEqual([
        ['WEAPON', 'طائرة مسيرة', 'Huda'],
        ['LOCATION', 'الحدود الشمالية', 'Huda'],
      ]);
    }));

  it('Prodigy/spaCy spans: code points, the annotator from _annotator_id, CR and CRLF kept verbatim', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, chosen(fixture('prodigy.jsonl')));
      expect(summary.totals).toMatchObject({ documentsImported: 2, spansImported: 4 });
      const kherson = documentContaining(workbench.db, 'Kherson');
      expect(kherson.text).toContain('fire\r\nhit a school; nobody was hurt.\rRepairs');
      expect(spansOf(workbench.db, kherson.id).map((span) => [span.quote, span.annotator])).toEqual([
        ['Kherson', 'news-ner-omar'],
        ['artillery', 'news-ner-omar'],
      ]);
      expect(JSON.parse(kherson.metadata_json)).toEqual({ meta: '{"feed":"wire"}' });
      expectQuotesMatchCodePoints(workbench.db);
    }));

  it('canonical JSONL with its manifest: ids, annotators, origins, layers and attributes read back losslessly', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, chosen(fixture('canonical', 'data-00000.jsonl')));
      expect(summary.totals).toMatchObject({ documentsImported: 2, spansImported: 4, spansSkipped: 0 });
      const depot = workbench.db.prepare('SELECT * FROM document WHERE id = ?').get('6f1c2b8e-0000-4000-8000-000000000001') as DocRow;
      expect(depot).toMatchObject({ external_id: 'demo-007', source: 'Workbench test desk', published_at: '2024-03-06' });
      expect(JSON.parse(depot.metadata_json)).toEqual({ language: 'en', tags: ['drone', 'syria'] });
      const spans = spansOf(workbench.db, depot.id);
      expect(spans.map((span) => [span.id, span.label, span.annotator, span.origin, span.layer, JSON.parse(span.attributes_json) as unknown])).toEqual([
        ['c0a80000-0000-4000-8000-00000000000a', 'LOCATION', 'Ana', 'manual', 'annotator', { granularity: 'admin1' }],
        ['c0a80000-0000-4000-8000-00000000000b', 'CASUALTY_COUNT', 'Ana', 'manual', 'annotator', { value: 5, qualifier: 'at_least', status: 'killed' }],
        ['c0a80000-0000-4000-8000-00000000000c', 'CASUALTY_COUNT', 'Lead Lina', 'adjudicated', 'gold', { value: 5, qualifier: 'at_least', status: 'killed' }],
      ]);
      expect(workbench.db.prepare("SELECT id FROM annotator WHERE name = 'Ana'").get()).toEqual({ id: '41d20000-0000-4000-8000-0000000000a1' });
      // Importing the same export again changes nothing: documents are duplicates, spans already present.
      const again = await importInto(workbench, chosen(fixture('canonical', 'data-00000.jsonl')));
      expect(again.totals).toMatchObject({ documentsImported: 0, duplicates: 2, spansImported: 0, spansSkipped: 4 });
    }));

  it('CSV: quoted newlines and doubled quotes, formula-looking cells stored as text, other columns as metadata', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, chosen(fixture('articles.csv')));
      expect(summary.totals).toMatchObject({ documentsImported: 3, filesFailed: 0 });
      const first = documentByExternalId(workbench.db, 'cs-1');
      expect(first.title).toBe('Rockets, again');
      expect(first.text).toBe('Militia fighters fired three rockets at an airbase near Erbil.\r\nTwo contractors were "lightly" hurt.');
      expect(JSON.parse(first.metadata_json)).toEqual({ note: '=SUM(A1:A2)' });
      expect(JSON.parse(documentByExternalId(workbench.db, 'cs-3').metadata_json)).toEqual({ note: '@desk' });
    }));

  it('CSV from Excel: BOM stripped, semicolons detected, columns chosen by the user', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, chosen(fixture('articles-excel.csv')), { fields: { text: 'body', title: 'headline', source: 'outlet' } });
      expect(summary.totals).toMatchObject({ documentsImported: 2 });
      const convoy = documentByExternalId(workbench.db, 'sc-1');
      expect(convoy).toMatchObject({ title: 'Convoy ambushed', source: 'Wire', text: 'Gunmen ambushed a supply convoy; three drivers were missing.' });
    }));

  it('TSV: tab-delimited, no id column', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, chosen(fixture('articles.tsv')));
      expect(summary.totals).toMatchObject({ documentsImported: 2 });
      expect(documentContaining(workbench.db, 'Soldiers raided')).toMatchObject({ title: 'Night raid', published_at: '2024-02-01' });
    }));

  it('HTML: the reader-view text (title and paragraphs, entities decoded), boilerplate dropped, nothing executed', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, chosen(fixture('article.html')));
      expect(summary.totals).toMatchObject({ documentsImported: 1 });
      const article = documentContaining(workbench.db, 'Artillery shells');
      expect(article.title).toBe('Shelling hits market town');
      expect(article.source).toBe('The Test Gazette');
      expect(article.published_at).toBe('2024-03-08T06:00:00Z');
      expect(article.text).toBe(
        [
          'Shelling hits market town',
          'Artillery shells struck the covered market in Nova Sloboda early on Friday, local officials said, killing two traders and wounding at least nine shoppers.',
          'The regional governor said the strike came from positions across the river & that emergency crews had put out the fires by mid\u2011morning.',
          'Residents described hearing at least four explosions before dawn; the market had been busy with farmers unloading produce.',
        ].join('\n\n'),
      );
      for (const boilerplate of ['Home', 'Most read', 'All rights reserved', 'since 1901', 'Subscribe', 'color: red', '__awbInjected'])
        expect(article.text).not.toContain(boilerplate);
      expect((globalThis as { __awbInjected?: unknown }).__awbInjected).toBeUndefined();
      expect(JSON.parse(article.metadata_json)).toEqual({ url: 'https://gazette.example/shelling-market' });
    }));

  it('Label Studio: annotations by user and predictions by model, region choices as attributes, cancelled annotations skipped', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, chosen(fixture('labelstudio.json')), { fields: { title: 'headline' } });
      expect(summary.totals).toMatchObject({ documentsImported: 2, spansImported: 5 });
      const depot = documentByExternalId(workbench.db, '101');
      expect(depot).toMatchObject({ title: 'Drone hits fuel depot', source: 'Field desk' });
      expect(JSON.parse(depot.metadata_json)).toEqual({});
      expect(
        spansOf(workbench.db, depot.id).map((span) => [
          span.quote,
          span.label,
          span.annotator,
          span.origin_source,
          JSON.parse(span.attributes_json) as unknown,
        ]),
      ).toEqual([
        ['drone', 'WEAPON', 'rana@example.org', 'label-studio:annotation:labelstudio.json', { category: 'uav_drone' }],
        ['fuel depot', 'LOCATION', 'Label Studio model ner-v2', 'label-studio:prediction:labelstudio.json', {}],
        ['Deir ez-Zor', 'LOCATION', 'rana@example.org', 'label-studio:annotation:labelstudio.json', {}],
        ['at least five', 'CASUALTY_COUNT', 'omar@example.org', 'label-studio:annotation:labelstudio.json', {}],
      ]);
      expect(summary.issues.map((issue) => issue.message)).toEqual(
        expect.arrayContaining([expect.stringContaining('cancelled'), expect.stringContaining('"choices" result is not imported')]),
      );
      expectQuotesMatchCodePoints(workbench.db);
    }));

  it('brat: .txt with .ann (T lines, A attributes), a .txt without .ann, relations and discontinuous spans reported', () =>
    withWorkbench(async (workbench) => {
      const summary = await importInto(workbench, [{ path: fixture('brat'), name: 'brat' }]);
      expect(summary.totals).toMatchObject({ documentsImported: 2, spansImported: 2, filesFailed: 0 });
      const clinic = documentContaining(workbench.db, 'Kafr Nabl');
      expect(spansOf(workbench.db, clinic.id).map((span) => [span.quote, span.label, span.annotator, JSON.parse(span.attributes_json) as unknown])).toEqual([
        ['mortar rounds', 'WEAPON', 'brat', { category: 'artillery_mortar' }],
        ['Kafr Nabl clinic', 'LOCATION', 'brat', { granularity: 'site' }],
      ]);
      const messages = summary.issues.map((issue) => issue.message).join('\n');
      expect(messages).toContain('T3 is a discontinuous span');
      expect(messages).toContain('relation, event, normalisation or note');
      expect(messages).toContain('attribute "negated" dropped');
    }));

  it('dedupe: one file per annotator of the same articles gives one document with both annotators’ spans', () =>
    withWorkbench(async (workbench) => {
      await importInto(workbench, chosen(fixture('doccano.jsonl')), { annotator: 'Rana' });
      const second = await importInto(workbench, chosen(fixture('doccano.jsonl')), { annotator: 'Omar' });
      expect(second.totals).toMatchObject({ documentsImported: 0, duplicates: 2, spansImported: 6 });
      expect(second.issues.filter((issue) => issue.kind === 'duplicate')).toHaveLength(2);
      const depot = documentByExternalId(workbench.db, 'dc-2');
      expect(new Set(spansOf(workbench.db, depot.id).map((span) => span.annotator))).toEqual(new Set(['Rana', 'Omar']));
      const rana = (workbench.db.prepare("SELECT id FROM annotator WHERE name = 'Rana'").get() as { id: string }).id;
      expect(listLiveAnnotations(workbench.db, depot.id, rana)).toHaveLength(3);
      // A third import by Rana adds nothing: her identical spans are already there.
      const third = await importInto(workbench, chosen(fixture('doccano.jsonl')), { annotator: 'Rana' });
      expect(third.totals).toMatchObject({ duplicates: 2, spansImported: 0, spansSkipped: 6 });
    }));

  it('an annotator whose spans a file carries is marked done on those documents, and an existing status is kept', () =>
    withWorkbench(async (workbench) => {
      const statusOf = (documentId: string, name: string) =>
        (
          workbench.db
            .prepare('SELECT s.status FROM document_status s JOIN annotator a ON a.id = s.annotator_id WHERE s.document_id = ? AND a.name = ?')
            .get(documentId, name) as { status: string } | undefined
        )?.status ?? null;
      await importInto(workbench, chosen(fixture('doccano.jsonl')), { annotator: 'Rana' });
      const depot = documentByExternalId(workbench.db, 'dc-2');
      expect(statusOf(depot.id, 'Rana')).toBe('done');
      const omar = workbench.context.newId();
      workbench.db.prepare("INSERT INTO annotator (id, name, role, created_at) VALUES (?, 'Omar', 'annotator', 'now')").run(omar);
      workbench.db
        .prepare("INSERT INTO document_status (document_id, annotator_id, status, updated_at) VALUES (?, ?, 'in_progress', 'now')")
        .run(depot.id, omar);
      await importInto(workbench, chosen(fixture('doccano.jsonl')), { annotator: 'Omar' });
      expect(statusOf(depot.id, 'Omar')).toBe('in_progress');
    }));

  it('labels outside the schema are skipped and reported, or renamed with a label map', () =>
    withWorkbench(async (workbench) => {
      const dir = tempDir();
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        join(dir, 'ner.jsonl'),
        `${JSON.stringify({
          text: 'Rebels entered Avdiivka.',
          label: [
            [0, 6, 'ORG'],
            [15, 23, 'GPE'],
          ],
        })}\n`,
      );
      const skipped = await importInto(workbench, chosen(join(dir, 'ner.jsonl')));
      expect(skipped.totals).toMatchObject({ documentsImported: 1, spansImported: 0, spansSkipped: 2 });
      expect(skipped.issues[0]?.message).toContain('label "ORG" is not in the project\'s schema');
      const mapped = await importInto(workbench, chosen(join(dir, 'ner.jsonl')), { labelMap: { ORG: 'ACTOR', GPE: 'LOCATION' }, annotator: 'Mapper' });
      expect(mapped.totals).toMatchObject({ duplicates: 1, spansImported: 2 });
    }));
});
