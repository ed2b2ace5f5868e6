// fast-check properties: whatever bytes a user feeds an importer, it either imports the file
// completely or refuses it with the project's own import error (a clear message, code
// invalid_input or too_large) and leaves the database exactly as it was; it never crashes and
// never leaves part of a file behind. 1,000 runs per importer.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImportFormat } from '../../shared/contract/methods/imports';
import { openJobConnection } from '../jobs/openJobConnection';
import type { Db } from '../store/types';
import { createTempDirs } from '../testing/tempDir';
import { openTestWorkbench, quietLogger } from '../testing/importHarness';
import { ImportError } from './importError';
import { runImport } from './runImport';

const tempDir = createTempDirs();
const RUNS = 1_000;

const LABELS = ['ACTOR', 'LOCATION', 'WEAPON', 'CASUALTY_COUNT', 'PER', ''];
const word = fc.constantFrom(
  'Drone',
  'strike',
  'Kyiv',
  '🚀',
  '👍🏽',
  'كَتَبَ',
  'e\u0301',
  '\r\n',
  '\n',
  ' ',
  '"',
  ',',
  ';',
  '\t',
  '<p>',
  '&amp;',
  '\u0000',
  '\ud83d',
  'T1',
);
const text = fc.oneof(
  fc.array(word, { maxLength: 12 }).map((words) => words.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const offset = fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(0.5, Number.MAX_SAFE_INTEGER, 1e300));
const junk = fc.oneof(fc.constant(null), fc.constant(''), fc.integer(), fc.string({ maxLength: 5 }), fc.constant([]), fc.constant({}));
const span = fc.record({ start: fc.oneof(offset, junk), end: fc.oneof(offset, junk), label: fc.oneof(fc.constantFrom(...LABELS), junk) }, { requiredKeys: [] });
const bytes = fc.uint8Array({ maxLength: 200 }).map((array) => Buffer.from(array));
const bom = fc.constantFrom(Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff]));
const asBytes = (content: string) => Buffer.from(content, 'utf8');

const jsonlLine = fc.oneof(
  fc
    .record({ text: fc.oneof(text, junk), title: fc.oneof(text, junk), spans: fc.oneof(fc.array(span, { maxLength: 4 }), junk) }, { requiredKeys: [] })
    .map((v) => JSON.stringify(v)),
  fc.record({ text, label: fc.array(fc.tuple(offset, offset, fc.constantFrom(...LABELS)), { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
  fc
    .record({
      text,
      entities: fc.array(fc.record({ start_offset: offset, end_offset: offset, label: fc.constantFrom(...LABELS) }), { maxLength: 3 }),
      relations: junk,
    })
    .map((v) => JSON.stringify(v)),
  fc.record({ id: fc.uuid(), title: text, text, text_sha256: fc.string(), spans: fc.array(span, { maxLength: 2 }) }).map((v) => JSON.stringify(v)),
  text,
);
const csvCell = fc.oneof(text, fc.constantFrom('"quoted, cell"', '"open', '=SUM(1)', '""', 'a""b'));

/** A file's bytes for each format: mostly well-shaped records, often broken, sometimes random bytes. */
const CONTENTS: Record<ImportFormat, fc.Arbitrary<Buffer>> = {
  text: fc.oneof(
    text.map(asBytes),
    bytes,
    fc.tuple(bom, text).map(([b, t]) => Buffer.concat([b, asBytes(t)])),
  ),
  jsonl: fc.oneof(
    fc.tuple(bom, fc.array(jsonlLine, { maxLength: 5 })).map(([b, lines]) => Buffer.concat([b, asBytes(lines.join('\n'))])),
    bytes,
  ),
  csv: fc.oneof(
    fc
      .tuple(
        fc.constantFrom('text,title', 'title;text', 'text', 'a,b', ''),
        fc.array(fc.array(csvCell, { maxLength: 3 }), { maxLength: 4 }),
        fc.constantFrom(',', ';', '\t'),
      )
      .map(([header, rows, d]) => asBytes([header, ...rows.map((row) => row.join(d))].join('\n'))),
    bytes,
  ),
  html: fc.oneof(
    fc
      .array(fc.oneof(word, fc.constantFrom('<article>', '</p>', '<h1>', '<script>x=1</script>', '<!--', '<nav>', '&#xD800;', '&#0;', '<br>')), {
        maxLength: 30,
      })
      .map((parts) => asBytes(parts.join(''))),
    bytes,
  ),
  labelstudio: fc.oneof(
    fc
      .array(
        fc.record({
          id: fc.oneof(fc.integer(), junk),
          data: fc.oneof(fc.record({ text: fc.oneof(text, junk) }), junk),
          annotations: fc.oneof(
            fc.array(
              fc.record({
                completed_by: fc.oneof(fc.integer(), fc.string()),
                result: fc.array(
                  fc.record({
                    id: fc.string(),
                    type: fc.constantFrom('labels', 'choices', 'x'),
                    value: fc.record({ start: offset, end: offset, text, labels: fc.array(fc.constantFrom(...LABELS)) }),
                  }),
                  { maxLength: 3 },
                ),
              }),
              { maxLength: 2 },
            ),
            junk,
          ),
        }),
        { maxLength: 3 },
      )
      .map((tasks) => asBytes(JSON.stringify(tasks))),
    fc.oneof(text, fc.constant('{"not":"an array"}'), fc.constant('[{"data":')).map(asBytes),
    bytes,
  ),
  brat: fc.oneof(text.map(asBytes), bytes),
};

/** For brat, the .ann beside the .txt. */
const ANN = fc.array(
  fc.oneof(
    fc
      .tuple(fc.constantFrom(...LABELS), offset, offset, text)
      .map(([label, start, end, t]) => `T${Math.abs(Number(start) % 9)}\t${label} ${start} ${end}\t${t}`),
    fc
      .tuple(fc.constantFrom('Negated', 'category'), fc.nat(9), fc.constantFrom('', ' uav_drone', ' Foo'))
      .map(([name, n, value]) => `A1\t${name} T${n}${value}`),
    fc.constantFrom('R1\tNear Arg1:T1 Arg2:T2', 'T2\tACTOR 0 2;3 5\tab cd', '#1\tnote', 'garbage line', ''),
    text,
  ),
  { maxLength: 5 },
);

type Snapshot = { documents: number; chars: number; annotations: number; annotators: number };
function snapshot(db: Db): Snapshot {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM document) AS documents, (SELECT total(char_count) FROM document) AS chars,
              (SELECT count(*) FROM annotation) AS annotations, (SELECT count(*) FROM annotator) AS annotators`,
    )
    .get() as Snapshot;
}

describe.each(Object.keys(CONTENTS) as ImportFormat[])('the %s importer, on arbitrary input', (format) => {
  it(`imports completely or refuses with an ImportError and changes nothing (${RUNS} runs)`, async () => {
    const dir = tempDir();
    const workbench = await openTestWorkbench(dir);
    const db = openJobConnection(workbench.dbPath);
    const ctx = { db, logger: quietLogger, now: () => new Date().toISOString(), newId: randomUUID };
    const extension = format === 'labelstudio' ? 'json' : format === 'text' || format === 'brat' ? 'txt' : format;
    try {
      await fc.assert(
        fc.asyncProperty(CONTENTS[format], ANN, async (content, ann) => {
          const path = join(dir, `input.${extension}`);
          writeFileSync(path, content);
          if (format === 'brat') writeFileSync(join(dir, 'input.ann'), ann.join('\n'));
          const before = snapshot(db);
          let summary;
          try {
            summary = await runImport(
              ctx,
              { paths: [{ path, name: `input.${extension}` }], options: { format } },
              { isCancelled: () => false, progress: () => undefined },
            );
          } catch (error) {
            // Only planning may refuse before the transaction (never for a forced format with one file).
            expect(error).toBeInstanceOf(ImportError);
            expect(snapshot(db)).toEqual(before);
            return;
          }
          expect(db.inTransaction).toBe(false);
          const after = snapshot(db);
          const file = summary.files[0];
          if (file?.status === 'failed') {
            expect(['invalid_input', 'too_large']).toContain(file.error?.code);
            expect(file.error?.message.startsWith('input.')).toBe(true);
            expect(after).toEqual(before);
          } else {
            expect(file?.status).toBe('imported');
            expect(after.documents - before.documents).toBe(summary.totals.documentsImported);
            expect(after.annotations - before.annotations).toBe(summary.totals.spansImported);
          }
        }),
        { numRuns: RUNS },
      );
    } finally {
      db.close();
      workbench.close();
    }
  }, 300_000);
});
