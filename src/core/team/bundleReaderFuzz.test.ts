import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { WorkbenchError } from '../errors';
import { openJobConnection } from '../jobs/openJobConnection';
import { activeProject } from '../services/session';
import type { Db } from '../store/types';
import { assertAcceptsOrRefusesCleanly, awkwardJsonValue, FUZZ_RUNS, pollutingObject } from '../testing/fuzz';
import { quietLogger } from '../testing/importHarness';
import { bundleInto, openPackageFile, packagesInto, readZip, writeZip } from '../testing/teamHarness';
import { openWorkbench, type Workbench } from '../workbench';
import { runMerge } from './mergeBundles';

let dir: string;
let lead: Workbench;
let db: Db;
let valid: Buffer;
let entries: { name: string; data: Buffer }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awb-bundle-fuzz-'));
  lead = await openWorkbench(join(dir, 'lead.db'), { logger: quietLogger });
  await lead.handlers['annotators.setLocal']({ name: 'Lead' });
  const ana = await lead.handlers['team.addAnnotator']({ name: 'Ana', role: 'annotator' });
  const projectId = activeProject(lead.context).id;
  const packages = await packagesInto(lead, { projectId, filter: {}, annotatorIds: [ana.id], k: 1, seed: 3 }, join(dir, 'packages'));
  const app = await openWorkbench(join(dir, 'ana.db'), { logger: quietLogger });
  await openPackageFile(app, packages.packages[0]?.file ?? '');
  const list = await app.handlers['documents.list']({ projectId, offset: 0, limit: 3, sort: 'order', direction: 'asc' });
  for (const row of list.rows) {
    const { text } = await app.handlers['documents.get']({ id: row.id });
    const match = /\p{L}{5,}/u.exec(text);
    if (!match) continue;
    const start = [...text.slice(0, match.index)].length;
    const span = await app.handlers['annotations.create']({ documentId: row.id, start, end: start + [...match[0]].length, label: 'LOCATION' });
    await app.handlers['annotations.update']({ id: span.id, label: 'ACTOR' });
    await app.handlers['documents.setStatus']({ documentId: row.id, status: 'done' });
  }
  const bundle = await bundleInto(app, join(dir, 'bundles'));
  app.close();
  valid = readFileSync(bundle.file);
  entries = await readZip(bundle.file);
  db = openJobConnection(lead.dbPath);
}, 60_000);

afterAll(() => {
  db.close();
  lead.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A damaged copy of the valid bundle's bytes. */
const byteMutation: fc.Arbitrary<{ kind: 'bytes'; bytes: Buffer }> = fc
  .oneof(
    fc.nat().map((cut) => (bytes: Buffer) => bytes.subarray(0, cut % bytes.length)),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => (bytes: Buffer) => {
      const copy = Buffer.from(bytes);
      for (const [at, mask] of flips) copy[at % copy.length] = (copy[at % copy.length] ?? 0) ^ mask;
      return copy;
    }),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, junk]) => (bytes: Buffer) => {
      const cut = at % bytes.length;
      return Buffer.concat([bytes.subarray(0, cut), Buffer.from(junk), bytes.subarray(cut)]);
    }),
    fc.uint8Array({ maxLength: 512 }).map((junk) => () => Buffer.from(junk)),
  )
  .map((mutate) => ({ kind: 'bytes' as const, bytes: mutate(valid) }));

/** A well-formed zip whose checksums are right but one JSON line (or the manifest) holds something else. */
const lineMutation: fc.Arbitrary<{ kind: 'line'; entry: string; line: number; value: unknown }> = fc.record({
  kind: fc.constant('line' as const),
  entry: fc.constantFrom('manifest.json', 'documents.jsonl', 'annotations.jsonl', 'statuses.jsonl'),
  line: fc.nat(4),
  value: fc.oneof(awkwardJsonValue, pollutingObject, fc.jsonValue({ maxDepth: 3 })),
});

async function fileOf(input: { kind: 'bytes'; bytes: Buffer } | { kind: 'line'; entry: string; line: number; value: unknown }): Promise<string> {
  const path = join(dir, `${randomUUID()}.awbbundle`);
  if (input.kind === 'bytes') {
    writeFileSync(path, input.bytes);
    return path;
  }
  const texts = new Map(entries.map((entry) => [entry.name, entry.data.toString('utf8')]));
  const lines = (texts.get(input.entry) ?? '').split('\n');
  lines[input.line % lines.length] = JSON.stringify(input.value) ?? 'undefined';
  texts.set(input.entry, lines.join('\n'));
  if (input.entry !== 'manifest.json') {
    const manifest = JSON.parse(texts.get('manifest.json') ?? '{}') as { files: { path: string; sha256: string; bytes: number }[] };
    manifest.files = manifest.files.map((file) => {
      const data = Buffer.from(texts.get(file.path) ?? '', 'utf8');
      return { path: file.path, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
    });
    texts.set('manifest.json', JSON.stringify(manifest));
  }
  await writeZip(
    path,
    [...texts].map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8') })),
  );
  return path;
}

describe('the bundle reader under fuzzing', () => {
  it(`accepts a bundle or refuses it with the project's own error, leaving the database as it was (${FUZZ_RUNS} runs)`, async () => {
    await assertAcceptsOrRefusesCleanly({
      arbitrary: fc.oneof(byteMutation, lineMutation),
      db,
      run: async (input) => {
        const path = await fileOf(input);
        try {
          const summary = await runMerge(
            { db, logger: quietLogger, now: () => new Date().toISOString(), newId: randomUUID },
            { paths: [{ path, name: 'fuzzed.awbbundle' }] },
            { isCancelled: () => false, progress: () => undefined },
          );
          const refused = summary.bundles[0]?.error;
          if (refused) throw new WorkbenchError('invalid_input', refused.message);
          return summary;
        } finally {
          rmSync(path, { force: true });
        }
      },
    });
  }, 300_000);
});
