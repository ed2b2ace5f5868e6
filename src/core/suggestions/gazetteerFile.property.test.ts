import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultLabelSchema } from '../services/firstRun';
import { ImportError } from '../import/importError';
import { FUZZ_RUNS } from '../testing/fuzz';
import { createTempDirs } from '../testing/tempDir';
import { readGazetteerFile } from './gazetteerFile';

const tempDir = createTempDirs('awb-gazetteer-prop-');
const schema = defaultLabelSchema();

// Pieces a gazetteer line is made of, valid and not, so runs reach the checks past parsing.
const csvCell = fc.oneof(
  fc.constantFrom(
    'Erbil',
    'al-Omar',
    'العمر',
    'LOCATION',
    'ACTOR',
    'WEAPON',
    'GROUP',
    'admin1',
    'city',
    'ignore-case',
    'exact fold-alef',
    'bogus',
    '',
    ' ',
    '"',
    '""',
    'a|b',
    '|',
    '-',
    '\u0000',
    '\ufeff',
  ),
  fc.string({ maxLength: 12 }),
);
// Rows under the header `surface,label,variants,match,granularity`, mostly well formed.
const csvRow = fc.tuple(
  fc.constantFrom('Erbil', 'Ain al-Asad', 'العمر', '"Mosul, old city"', '', ' x', '-'),
  fc.constantFrom('LOCATION', 'LOCATION', 'ACTOR', 'GROUP'),
  fc.constantFrom('', 'Arbil|أربيل', '|', 'a|b'),
  fc.constantFrom('', 'ignore-case', 'exact fold-alef', 'bogus'),
  fc.constantFrom('', 'admin1', 'city'),
);
const csvLine = fc.oneof(
  { arbitrary: csvRow.map((cells) => cells.join(',')), weight: 6 },
  { arbitrary: fc.array(csvCell, { maxLength: 6 }).map((cells) => cells.join(',')), weight: 1 },
);
const csvFile = fc
  .tuple(
    fc.constantFrom(
      'surface,label,variants,match,granularity',
      'surface,label,variants,match,granularity',
      'surface,label',
      'surface',
      'surface,surface,label',
      '',
    ),
    fc.array(csvLine, { maxLength: 6 }),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([header, lines, newline]) => [header, ...lines].join(newline));
const jsonEntry = fc.record(
  {
    surface: fc.oneof(fc.constantFrom('Erbil', ' Erbil', '-', 'Ain al-Asad', ''), fc.string({ maxLength: 8 })),
    label: fc.constantFrom('LOCATION', 'ACTOR', 'WEAPON', 'CASUALTY_COUNT', 'GROUP', ''),
    attributes: fc.oneof(
      fc.constant({}),
      fc.constant({ granularity: 'admin1' }),
      fc.constant({ category: 'rocket' }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })),
    ),
    variants: fc.array(fc.oneof(fc.constantFrom('Arbil', 'أربيل', ''), fc.string({ maxLength: 6 })), { maxLength: 3 }),
    match: fc.oneof(fc.constantFrom('ignore-case', 'exact', 'nope'), fc.array(fc.constantFrom('ignore-hyphens', 'fold-alef', 'bad'), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
const jsonlFile = fc
  .array(fc.oneof({ arbitrary: jsonEntry.map((entry) => JSON.stringify(entry)), weight: 5 }, { arbitrary: fc.string({ maxLength: 20 }), weight: 1 }), {
    maxLength: 6,
  })
  .map((lines) => lines.join('\n'));

describe(`gazetteer reader (${FUZZ_RUNS} runs per format)`, () => {
  for (const [format, file] of [
    ['csv', csvFile],
    ['jsonl', jsonlFile],
  ] as const) {
    it(`${format}: reads a list completely or refuses it with an ImportError naming the file`, async () => {
      const dir = tempDir();
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof({ arbitrary: file, weight: 9 }, { arbitrary: fc.uint8Array({ maxLength: 200 }), weight: 1 }), async (content) => {
          const path = join(dir, `list.${format}`);
          writeFileSync(path, typeof content === 'string' ? content : Buffer.from(content));
          try {
            const read = await readGazetteerFile(path, `list.${format}`, schema);
            expect(read.entries.length).toBeGreaterThan(0);
            for (const entry of read.entries) expect(schema.labels.some((label) => label.name === entry.label)).toBe(true);
            accepted++;
          } catch (error) {
            if (!(error instanceof ImportError)) throw error;
            expect(error.message.startsWith(`list.${format}`)).toBe(true);
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
      expect(accepted).toBeGreaterThan(0);
    });
  }
});
