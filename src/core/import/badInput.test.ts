// The bad-input cases of reliability-and-security.md §4 that apply to import (1–17 and 25): each
// gives a clear error naming the file and line, byte or field, and leaves the database exactly as
// it was (compared by a dump of every table, the full-text index's included).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportOptions, ImportSummary } from '../../shared/contract/methods/imports';
import { createTempDirs } from '../testing/tempDir';
import { chosen, dumpDatabase, importInto, openTestWorkbench } from '../testing/importHarness';
import type { Workbench } from '../workbench';

const tempDir = createTempDirs();

type Setup = { workbench: Workbench; dir: string; write: (name: string, content: string | Buffer) => string };

async function withSetup(run: (setup: Setup) => Promise<void>): Promise<void> {
  const dir = tempDir();
  const workbench = await openTestWorkbench(dir);
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  try {
    await run({ workbench, dir, write });
  } finally {
    workbench.close();
  }
}

/** Imports a file that must fail: returns the error message after checking nothing changed. */
async function expectRefused(setup: Setup, path: string, options: ImportOptions = {}): Promise<string> {
  const before = dumpDatabase(setup.workbench.db);
  const summary: ImportSummary = await importInto(setup.workbench, chosen(path), options);
  expect(summary.files[0]?.status).toBe('failed');
  expect(summary.totals).toMatchObject({ documentsImported: 0, spansImported: 0, filesFailed: 1 });
  expect(dumpDatabase(setup.workbench.db)).toBe(before);
  return summary.files[0]?.error?.message ?? '';
}

function textOf(workbench: Workbench, fragment: string): string {
  const row = workbench.db.prepare('SELECT text FROM document WHERE instr(text, ?) > 0').get(fragment) as { text: string } | undefined;
  if (!row) throw new Error(`no document containing ${fragment}`);
  return row.text;
}

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

describe('bad input (§4), import', () => {
  it('a chosen field named like what every object has (valueOf, __proto__) is no field of the record', () =>
    withSetup(async (setup) => {
      const jsonl = setup.write('articles.jsonl', '{"body":"Rockets hit the base near Erbil."}\n');
      expect(await expectRefused(setup, jsonl, { fields: { text: 'valueOf' } })).toContain(
        'articles.jsonl, line 1, field valueOf: expected the text as a string, got nothing',
      );
      const labelStudio = setup.write('tasks.json', '[{"data":{"body":"Rockets hit the base near Erbil."}}]');
      expect(await expectRefused(setup, labelStudio, { format: 'labelstudio', fields: { text: '__proto__' } })).toContain('expected the task text as a string');
      const csv = setup.write('articles.csv', 'text,valueOf\nRockets hit the base near Erbil.,\n');
      const summary = await importInto(setup.workbench, chosen(csv), { fields: { title: 'toString', source: 'valueOf' } });
      expect(summary.totals).toMatchObject({ documentsImported: 1 });
      const row = setup.workbench.db.prepare("SELECT title, source FROM document WHERE instr(text, 'Erbil') > 0").get() as {
        title: string | null;
        source: string | null;
      };
      // No such columns: the title falls back to the text's first line, the source stays empty.
      expect(row).toEqual({ title: 'Rockets hit the base near Erbil.', source: null });
    }));

  it('1: invalid UTF-8 is refused naming the byte', () =>
    withSetup(async (setup) => {
      const bytes = Buffer.concat([Buffer.from('{"text":"ok text"}\n{"text":"bad '), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
      const message = await expectRefused(setup, setup.write('bad.jsonl', bytes));
      expect(message).toBe('bad.jsonl, line 2, byte 32: not UTF-8 (an invalid byte sequence starts here). Save the file as UTF-8.');
      const text = Buffer.concat([Buffer.from('Some text '), Buffer.from([0xff]), Buffer.from(' more')]);
      expect(await expectRefused(setup, setup.write('bad.txt', text))).toContain('bad.txt, byte 10: not UTF-8');
    }));

  it('2: a UTF-8 BOM is stripped; offsets count from the text without it', () =>
    withSetup(async ({ workbench, write }) => {
      const path = write('bom.jsonl', `\ufeff${line({ text: 'Gunmen seized Bakhmut.', spans: [{ start: 14, end: 21, label: 'LOCATION' }] })}`);
      const summary = await importInto(workbench, chosen(path));
      expect(summary.totals).toMatchObject({ documentsImported: 1, spansImported: 1 });
      expect(textOf(workbench, 'Gunmen seized')).toBe('Gunmen seized Bakhmut.');
      expect(workbench.db.prepare("SELECT quote FROM annotation WHERE label = 'LOCATION'").get()).toEqual({ quote: 'Bakhmut' });
    }));

  it('3: UTF-16 LE and BE with a BOM are decoded, never read as UTF-8', () =>
    withSetup(async ({ workbench, write }) => {
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Shelling near Lyman 🚀 at night.\n', 'utf16le')]);
      const beBody = Buffer.from('Shelling near Siversk at dawn.\n', 'utf16le').swap16();
      const be = Buffer.concat([Buffer.from([0xfe, 0xff]), beBody]);
      const summary = await importInto(workbench, chosen(write('le.txt', le), write('be.txt', be)));
      expect(summary.totals).toMatchObject({ documentsImported: 2, filesFailed: 0 });
      expect(textOf(workbench, 'Lyman')).toBe('Shelling near Lyman 🚀 at night.\n');
      expect(textOf(workbench, 'Siversk')).toBe('Shelling near Siversk at dawn.\n');
      const jsonl = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(line({ text: 'Artillery hit Vuhledar 🚀 again.', spans: [{ start: 14, end: 22, label: 'LOCATION' }] }), 'utf16le'),
      ]);
      expect((await importInto(workbench, chosen(write('le.jsonl', jsonl)))).totals).toMatchObject({ documentsImported: 1, spansImported: 1 });
    }));

  it('4: UTF-16 without a BOM is refused as such', () =>
    withSetup(async (setup) => {
      const message = await expectRefused(setup, setup.write('nobom.txt', Buffer.from('Plain report text without a BOM.', 'utf16le')));
      expect(message).toMatch(/^nobom\.txt, byte 1: this looks like UTF-16 text without a byte-order mark/);
    }));

  it('5: CRLF and bare CR are kept verbatim, and offsets count the \\r', () =>
    withSetup(async ({ workbench, write }) => {
      const text = 'Line one.\r\nLine two.\rDrone hit Kupiansk.';
      const start = [...text].indexOf('K');
      const summary = await importInto(workbench, chosen(write('cr.jsonl', line({ text, spans: [{ start, end: start + 8, label: 'LOCATION' }] }))));
      expect(summary.totals).toMatchObject({ documentsImported: 1, spansImported: 1 });
      expect(textOf(workbench, 'Line one.')).toBe(text);
      expect(workbench.db.prepare('SELECT start, quote FROM annotation').get()).toEqual({ start: 31, quote: 'Kupiansk' });
    }));

  it('6: NUL bytes are refused (raw, and escaped in JSON)', () =>
    withSetup(async (setup) => {
      expect(await expectRefused(setup, setup.write('nul.txt', Buffer.from('before\u0000after some text here')))).toBe(
        'nul.txt, byte 6: the file contains a NUL byte; it is not a text file (or is UTF-16 without a BOM).',
      );
      expect(await expectRefused(setup, setup.write('nul.jsonl', line({ text: 'a\u0000b' })))).toBe(
        'nul.jsonl, line 1, field text: contains a NUL character at character 1.',
      );
    }));

  it('7: a lone surrogate in JSON is refused with its position', () =>
    withSetup(async (setup) => {
      const message = await expectRefused(setup, setup.write('lone.jsonl', '{"text":"ok"}\n{"text":"broken \\ud83d here"}\n'));
      expect(message).toBe('lone.jsonl, line 2, field text: contains a lone surrogate (\\ud83d at character 7); it is not valid Unicode text.');
    }));

  it('8: a 200 MB single line is refused by its line number without reading it into memory', () =>
    withSetup(async (setup) => {
      const path = join(setup.dir, 'huge.jsonl');
      const { openSync, writeSync, closeSync } = await import('node:fs');
      const fd = openSync(path, 'w');
      writeSync(fd, `${line({ text: 'A first, normal line.' })}{"text":"`);
      const block = Buffer.alloc(1024 * 1024, 'a');
      for (let i = 0; i < 200; i++) writeSync(fd, block);
      writeSync(fd, '"}\n');
      closeSync(fd);
      const rssBefore = process.memoryUsage().rss;
      const message = await expectRefused(setup, path);
      expect(message).toBe('huge.jsonl, line 2, byte 33: the line is longer than 32 MB; a record may be at most that long.');
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
    }));

  it('9: an empty or whitespace-only file says no documents were found', () =>
    withSetup(async (setup) => {
      expect(await expectRefused(setup, setup.write('empty.jsonl', ''))).toMatch(/^empty\.jsonl: no documents found/);
      expect(await expectRefused(setup, setup.write('blank.txt', '  \n\t\n'))).toMatch(/^blank\.txt: no documents found/);
      expect(await expectRefused(setup, setup.write('blank.jsonl', '\n\n   \n'))).toMatch(/^blank\.jsonl: no documents found/);
    }));

  it('10: one bad JSONL line refuses the whole file (nothing of its good lines is kept)', () =>
    withSetup(async (setup) => {
      const content = `${line({ text: 'First good article.' })}${line({ text: 'Second good article.' })}{"text": "cut off\n${line({ text: 'Fourth.' })}`;
      expect(await expectRefused(setup, setup.write('one-bad.jsonl', content))).toMatch(/^one-bad\.jsonl, line 3: not valid JSON/);
    }));

  it('11: wrong types are refused with a JSON path', () =>
    withSetup(async (setup) => {
      const cases: [unknown, string][] = [
        [{ text: 42 }, 'line 1, field text: expected the text as a string, got 42.'],
        [{ text: 'Some text here.', spans: '' }, 'line 1, field spans: invalid input: expected array, received string'],
        [{ text: 'Some text here.', spans: [{ start: -1, end: 3, label: 'ACTOR' }] }, 'line 1, field spans[0].start: expected a whole number ≥ 0, got -1.'],
        [{ text: 'Some text here.', spans: [{ start: 1.5, end: 3, label: 'ACTOR' }] }, 'line 1, field spans[0].start: expected a whole number ≥ 0, got 1.5.'],
        [{ text: 'Some text here.', spans: [{ start: 5, end: 2, label: 'ACTOR' }] }, 'line 1, field spans[0]: the span ends (2) at or before it starts (5).'],
        [{ text: 'Some text here.', label: [[0, 'x', 'ACTOR']] }, 'line 1, field label[0][1]: '],
        [
          { text: 'Some text here.', spans: [{ start: 0, end: 1e300, label: 'ACTOR' }] },
          'line 1, field spans[0].end: expected a whole number ≥ 0, got 1e+300.',
        ],
      ];
      for (const [value, expected] of cases) {
        const message = await expectRefused(setup, setup.write('types.jsonl', line(value)));
        expect(message.toLowerCase()).toContain(`types.jsonl, ${expected}`.toLowerCase());
      }
      // NaN is not JSON at all.
      expect(await expectRefused(setup, setup.write('nan.jsonl', '{"text":"abc def","spans":[{"start":NaN,"end":2,"label":"ACTOR"}]}\n'))).toMatch(
        /^nan\.jsonl, line 1: not valid JSON/,
      );
    }));

  it('12: duplicate texts are imported once and reported, within a file and across files', () =>
    withSetup(async ({ workbench, write }) => {
      const a = write('a.jsonl', `${line({ id: 'x1', text: 'Same article text.' })}${line({ id: 'x2', text: 'Same article text.' })}`);
      const first = await importInto(workbench, chosen(a));
      expect(first.totals).toMatchObject({ documentsImported: 1, duplicates: 1 });
      expect(first.issues[0]).toMatchObject({ kind: 'duplicate', line: 2 });
      const second = await importInto(workbench, chosen(a));
      expect(second.totals).toMatchObject({ documentsImported: 0, duplicates: 2 });
    }));

  it('13: CSV with embedded newlines and quotes, a ragged row named by line, and an unterminated quote', () =>
    withSetup(async (setup) => {
      const ragged = setup.write('ragged.csv', 'title,text\nOne,"Fine text, with a comma"\nTwo,Text,extra cell\n');
      expect(await expectRefused(setup, ragged)).toBe('ragged.csv, line 3: the row has 3 columns but the header has 2.');
      const open = setup.write('open.csv', 'title,text\nOne,"never closed\n');
      expect(await expectRefused(setup, open)).toMatch(/^open\.csv, line \d+: not valid CSV: /);
      const stray = setup.write('stray.csv', 'title,text\nOne,=HYPERLINK("x")\n');
      expect(await expectRefused(setup, stray)).toMatch(/^stray\.csv, line 2: not valid CSV: Invalid Opening Quote/);
      const good = setup.write('good.csv', 'title,text\nOne,"Two lines\nwith ""quotes"""\n');
      expect((await importInto(setup.workbench, chosen(good))).totals).toMatchObject({ documentsImported: 1 });
      expect(textOf(setup.workbench, 'Two lines')).toBe('Two lines\nwith "quotes"');
    }));

  it('14: CSV cells starting with = + - @ are stored as plain text', () =>
    withSetup(async ({ workbench, write }) => {
      await importInto(workbench, chosen(write('formula.csv', 'text,note\n"=HYPERLINK(""http://x"")",-2+3\n+cmd,@SUM(1)\n')));
      const rows = workbench.db.prepare("SELECT text, metadata_json FROM document WHERE text LIKE '=%' OR text LIKE '+%' ORDER BY seq").all();
      expect(rows).toEqual([
        { text: '=HYPERLINK("http://x")', metadata_json: '{"note":"-2+3"}' },
        { text: '+cmd', metadata_json: '{"note":"@SUM(1)"}' },
      ]);
    }));

  it('15: HTML scripts, on* handlers, iframes and javascript: links are never run nor kept', () =>
    withSetup(async ({ workbench, write }) => {
      const html = `<html><head><script>globalThis.__awbRan = true</script></head><body onload="globalThis.__awbRan = true">
        <article><h1>Headline here</h1><p>Body text of the article, long enough to be read as an article by the reader view, with several words.</p>
        <img src=x onerror="globalThis.__awbRan = true"><iframe srcdoc="<script>parent.__awbRan = true</script>"></iframe>
        <p><a href="javascript:globalThis.__awbRan = true">A link</a> inside a paragraph that also has enough words to count.</p></article></body></html>`;
      await importInto(workbench, chosen(write('hostile.html', html)));
      expect((globalThis as { __awbRan?: boolean }).__awbRan).toBeUndefined();
      const text = textOf(workbench, 'Body text');
      expect(text).not.toMatch(/script|onerror|iframe|javascript/);
      expect(text).toContain('A link inside a paragraph');
    }));

  it('16: HTML entities and whitespace are extracted deterministically', () =>
    withSetup(async ({ workbench, write }) => {
      const html = '<p>Fighters&nbsp;&amp;   tanks &lt;moved&gt;\n\n  toward the&#32;river &eacute;&#x2014;ok, the report said in full sentences here.</p>';
      await importInto(workbench, chosen(write('entities.html', html)));
      expect(textOf(workbench, 'Fighters')).toBe('Fighters & tanks <moved> toward the river é—ok, the report said in full sentences here.');
    }));

  it('17: NFC and NFD text is stored as it came, with its normalization form recorded', () =>
    withSetup(async ({ workbench, write }) => {
      const nfd = 'Cafe\u0301 owners in Kherson reported shelling.';
      const nfc = 'Caf\u00e9 owners in Mykolaiv reported shelling.';
      const mixed = 'Caf\u00e9 and cafe\u0301 in Odesa.';
      await importInto(workbench, chosen(write('forms.jsonl', [nfd, nfc, mixed].map((text) => line({ text })).join(''))));
      const rows = workbench.db.prepare('SELECT text, normalization FROM document WHERE text IN (?, ?, ?) ORDER BY seq').all(nfd, nfc, mixed);
      expect(rows).toEqual([
        { text: nfd, normalization: 'NFD' },
        { text: nfc, normalization: 'NFC' },
        { text: mixed, normalization: 'mixed' },
      ]);
    }));

  it('25: a span past the end, splitting a surrogate pair, a grapheme, or with the wrong text is refused naming the document', () =>
    withSetup(async (setup) => {
      const text = 'Strike 👍🏽 on Izium.';
      const cases: [unknown, string][] = [
        [{ text, spans: [{ start: 10, end: 40, label: 'LOCATION' }] }, 'spans[0]: ends at 40, past the end of the text (19 characters).'],
        [{ text, label: [[0, 8, 'ACTOR']] }, 'label[0]: 0–8 splits a character (a surrogate pair) when counted in UTF-16 units.'],
        [{ text, spans: [{ start: 7, end: 8, label: 'WEAPON' }] }, 'spans[0]: the span 7–8 splits a character (a letter and its marks, or an emoji sequence).'],
        [
          { text, spans: [{ start: 13, end: 18, label: 'LOCATION', text: 'Kyiv!' }] },
          'spans[0]: its text "Kyiv!" does not match the document\'s "Izium" at 13–18.',
        ],
      ];
      for (const [value, expected] of cases) {
        expect(await expectRefused(setup, setup.write('spans.jsonl', line({ id: 'doc-9', ...(value as object) })))).toBe(
          `spans.jsonl, line 1, field ${expected}`,
        );
      }
      const ann = setup.write('izium.ann', 'T1\tLOCATION 13 18\tIzium.\n');
      setup.write('izium.txt', text);
      expect(await expectRefused(setup, ann)).toContain('izium.ann, line 1, field T1: its text "Izium." does not match');
    }));

  it('a file over the size limit is refused before it is read', () =>
    withSetup(async (setup) => {
      const { truncateSync } = await import('node:fs');
      const path = setup.write('big.html', '<p>x</p>');
      truncateSync(path, 65 * 1024 * 1024);
      expect(await expectRefused(setup, path)).toBe('big.html: the file is 65 MB, over the limit of 64 MB for this format.');
    }));
});
