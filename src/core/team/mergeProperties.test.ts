import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../errors';
import { activeProject } from '../services/session';
import { getAnnotation, type StoredAnnotation } from '../store/annotations';
import { bundleInto, dumpTeamData, jsonLines, mergeFiles, openPackageFile, packagesInto, readZip } from '../testing/teamHarness';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench, type Workbench } from '../workbench';
import type { BundleAnnotationLine } from './formats';

const tempDir = createTempDirs('awb-merge-prop-');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The starting point every run copies: a lead who sent packages to three annotators (k = 2), each of whom opened theirs. */
let base: string;
let projectId: string;
const ANNOTATORS = 3;
/** Each annotator's assigned documents with their word ranges. */
const words: { documentId: string; ranges: { start: number; end: number }[] }[][] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'awb-merge-base-'));
  const lead = await openWorkbench(join(base, 'lead.db'), { logger: quiet });
  await lead.handlers['annotators.setLocal']({ name: 'Lead' });
  const team = [];
  for (let i = 0; i < ANNOTATORS; i++) team.push(await lead.handlers['team.addAnnotator']({ name: `Annotator ${i}`, role: 'annotator' }));
  projectId = activeProject(lead.context).id;
  const packages = await packagesInto(lead, { projectId, filter: {}, annotatorIds: team.map((member) => member.id), k: 2, seed: 5 }, join(base, 'packages'));
  lead.close();
  for (const [index, member] of team.entries()) {
    const app = await openWorkbench(join(base, `annotator-${index}.db`), { logger: quiet });
    await openPackageFile(app, packages.packages.find((item) => item.annotatorId === member.id)?.file ?? '');
    const list = await app.handlers['documents.list']({ projectId, offset: 0, limit: 50, sort: 'order', direction: 'asc' });
    const mine = [];
    for (const row of list.rows) {
      const { text } = await app.handlers['documents.get']({ id: row.id });
      const ranges = [...text.matchAll(/\p{L}{4,}/gu)].slice(0, 6).map((match) => {
        const start = [...text.slice(0, match.index)].length;
        return { start, end: start + [...match[0]].length };
      });
      mine.push({ documentId: row.id, ranges });
    }
    words.push(mine);
    app.close();
  }
}, 60_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

type Op =
  | { kind: 'create'; who: number; doc: number; word: number; label: number }
  | { kind: 'update'; who: number; pick: number; label: number }
  | { kind: 'delete'; who: number; pick: number }
  | { kind: 'undo'; who: number; doc: number }
  | { kind: 'status'; who: number; doc: number; status: number }
  | { kind: 'bundle'; who: number };

const who = fc.nat(ANNOTATORS - 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), who, doc: fc.nat(10), word: fc.nat(5), label: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('update' as const), who, pick: fc.nat(20), label: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), who, pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const), who, doc: fc.nat(10) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), who, doc: fc.nat(10), status: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('bundle' as const), who }) },
);

const LABELS = ['ACTOR', 'LOCATION', 'WEAPON', 'CASUALTY_COUNT'] as const;
const STATUSES = ['todo', 'in_progress', 'done', 'skipped'] as const;

/** Runs a handler; refusals the editor would show (overlap, stale revision…) are part of a random history. */
async function tryEdit(run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof WorkbenchError)) throw error;
  }
}

/** Plays a history on copies of the annotators' databases; returns every bundle written, in the order written. */
async function play(ops: Op[], dir: string): Promise<string[]> {
  const apps: Workbench[] = [];
  for (let i = 0; i < ANNOTATORS; i++) {
    copyFileSync(join(base, `annotator-${i}.db`), join(dir, `annotator-${i}.db`));
    apps.push(await openWorkbench(join(dir, `annotator-${i}.db`), { logger: quiet }));
  }
  const spans: string[][] = apps.map(() => []);
  const bundles: string[] = [];
  try {
    for (const step of [...ops, ...apps.map((_, index) => ({ kind: 'bundle' as const, who: index }))]) {
      const app = apps[step.who];
      const mine = words[step.who] ?? [];
      if (!app) continue;
      if (step.kind === 'create') {
        const document = mine[step.doc % mine.length];
        const range = document?.ranges[step.word % document.ranges.length];
        if (!document || !range) continue;
        await tryEdit(async () => {
          const span = await app.handlers['annotations.create']({ documentId: document.documentId, ...range, label: LABELS[step.label] ?? 'ACTOR' });
          spans[step.who]?.push(span.id);
        });
      } else if (step.kind === 'update' || step.kind === 'delete') {
        const ids = spans[step.who] ?? [];
        const id = ids[step.pick % Math.max(1, ids.length)];
        if (!id) continue;
        if (step.kind === 'update') await tryEdit(() => app.handlers['annotations.update']({ id, label: LABELS[step.label] ?? 'ACTOR' }));
        else await tryEdit(() => app.handlers['annotations.delete']({ id }));
      } else if (step.kind === 'undo') {
        const document = mine[step.doc % mine.length];
        if (document) await tryEdit(() => app.handlers['history.undo']({ documentId: document.documentId }));
      } else if (step.kind === 'status') {
        const document = mine[step.doc % mine.length];
        if (document) await tryEdit(() => app.handlers['documents.setStatus']({ documentId: document.documentId, status: STATUSES[step.status] ?? 'done' }));
      } else {
        bundles.push((await bundleInto(app, join(dir, 'bundles'))).file);
      }
    }
  } finally {
    for (const app of apps) app.close();
  }
  return bundles;
}

/** A lead database at the starting point, in its own folder. */
async function leadCopy(dir: string, name: string): Promise<Workbench> {
  copyFileSync(join(base, 'lead.db'), join(dir, `${name}.db`));
  return openWorkbench(join(dir, `${name}.db`), { logger: quiet });
}

const fixedNow = () => '2030-01-01T00:00:00.000Z';

async function bundleLines(path: string): Promise<BundleAnnotationLine[]> {
  const entry = (await readZip(path)).find((item) => item.name === 'annotations.jsonl');
  return jsonLines<BundleAnnotationLine>(entry?.data.toString('utf8') ?? '');
}

function storedOf(line: BundleAnnotationLine): StoredAnnotation {
  return {
    id: line.id,
    documentId: line.document_id,
    annotatorId: line.annotator_id,
    layer: line.layer,
    start: line.start,
    end: line.end,
    label: line.label,
    attributes: line.attributes,
    quote: line.quote,
    origin: line.origin,
    originSource: line.origin_source,
    revision: line.revision,
    createdAt: line.created_at,
    updatedAt: line.updated_at,
    deleted: line.deleted,
  };
}

describe('merge properties over random edit histories of three annotators', () => {
  it('is idempotent, order-independent (equal dumps) and loses nothing; the newest copy of each span wins', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 30 }), fc.nat(1000), async (ops, shuffleSeed) => {
        const dir = tempDir();
        const bundles = await play(ops, dir);
        // Another order: reversed, then rotated by the seed.
        const reversed = [...bundles].reverse();
        const rotation = shuffleSeed % reversed.length;
        const otherOrder = [...reversed.slice(rotation), ...reversed.slice(0, rotation)];

        const first = await leadCopy(dir, 'lead-a');
        const second = await leadCopy(dir, 'lead-b');
        try {
          const summary = await mergeFiles(first, bundles, fixedNow);
          expect(summary.totals.bundlesRefused).toBe(0);
          await mergeFiles(second, otherOrder, fixedNow);
          const dump = dumpTeamData(first.db);
          expect(dumpTeamData(second.db)).toBe(dump);

          // Idempotent: merging everything again (one at a time, too) changes nothing.
          const again = await mergeFiles(first, bundles, fixedNow);
          expect(again.totals.annotations.inserted + again.totals.annotations.updated).toBe(0);
          expect(dumpTeamData(first.db)).toBe(dump);

          // No loss, and the later revision wins: each span here is its copy in the last bundle written
          // that held it (an installation's spans only move forward), whatever order the merge saw.
          const newest = new Map<string, StoredAnnotation>();
          for (const path of bundles) for (const line of await bundleLines(path)) newest.set(line.id, storedOf(line));
          const leftOut = new Set(summary.bundles.flatMap((report) => report.leftOutAnnotations.map((item) => item.id)));
          for (const [id, expected] of newest) {
            if (leftOut.has(id)) continue;
            expect(getAnnotation(first.db, id)).toEqual(expected);
          }
          const stored = first.db.prepare('SELECT count(*) AS n FROM annotation').get() as { n: number };
          expect(stored.n).toBe(newest.size - leftOut.size);
        } finally {
          first.close();
          second.close();
        }
      }),
      { numRuns: 20 },
    );
  }, 240_000);
});
