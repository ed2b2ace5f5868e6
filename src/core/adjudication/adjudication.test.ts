import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract/index';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import { addDocument } from '../services/addDocument';
import { activeProject } from '../services/session';
import { insertAnnotator } from '../store/annotators';
import { setDocumentStatus } from '../store/documentStatus';
import { exportInto } from '../testing/exportHarness';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench, type Workbench } from '../workbench';
import { insertManualSpan } from '../testing/fixtures';

const tempDir = createTempDirs('awb-adjudication-');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const NOW = '2025-01-10T09:00:00.000Z';

// Fixture text written for these tests (code points: no astral characters before the spans).
const TEXT = 'Rebel fighters shelled Qaryat al-Nur on Monday, killing 12 villagers near the old mill.';
const at = (part: string) => {
  const start = TEXT.indexOf(part);
  return { start, end: start + part.length };
};

type Seed = { part: string; label: string; attributes?: Record<string, string | number | boolean> };

/** A seeded span's id (ids are letters, digits, _ and -). */
const spanId = (annotatorId: 'ana' | 'bo', seed: Seed) => `${annotatorId}-${seed.label}-${seed.part.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** A real database file: the demo project, annotators Ana and Bo who marked the document done, and a local adjudicator. */
async function setUp(work: Record<'ana' | 'bo', Seed[]>, statuses: Partial<Record<'ana' | 'bo', DocumentStatus>> = { ana: 'done', bo: 'done' }) {
  const path = join(tempDir(), 'adjudication.db');
  const workbench = await openWorkbench(path, { logger: quiet });
  const judge = await workbench.handlers['annotators.setLocal']({ name: 'Judge' });
  const projectId = activeProject(workbench.context).id;
  insertAnnotator(workbench.db, { id: 'ana', name: 'Ana', role: 'annotator', createdAt: NOW });
  insertAnnotator(workbench.db, { id: 'bo', name: 'Bo', role: 'annotator', createdAt: NOW });
  const documentId = addDocument(workbench.context, { projectId, title: 'Shelling report', text: TEXT }).id;
  for (const annotatorId of ['ana', 'bo'] as const) {
    const status = statuses[annotatorId];
    if (status) setDocumentStatus(workbench.db, documentId, annotatorId, status, NOW);
    for (const seed of work[annotatorId]) {
      const id = spanId(annotatorId, seed);
      insertManualSpan(workbench.db, {
        id,
        documentId,
        annotatorId,
        ...at(seed.part),
        label: seed.label,
        attributes: seed.attributes ?? {},
        quote: seed.part,
        at: NOW,
      });
    }
  }
  return { path, workbench, judge, projectId, documentId };
}

const ACTOR: Seed = { part: 'Rebel fighters', label: 'ACTOR', attributes: { actor_type: 'non_state_armed' } };
const PLACE: Seed = { part: 'Qaryat al-Nur', label: 'LOCATION', attributes: { granularity: 'populated_place' } };
const PLACE_WIDE: Seed = { part: 'Qaryat al-Nur on Monday', label: 'LOCATION', attributes: { granularity: 'populated_place' } };
const MILL_LOCATION: Seed = { part: 'the old mill', label: 'LOCATION', attributes: { granularity: 'site' } };
const MILL_ACTOR: Seed = { part: 'the old mill', label: 'ACTOR', attributes: { actor_type: 'other' } };

/** Dispatches a method and parses its answer with the contract's output schema (what a host sends). */
async function dispatch<M extends keyof typeof contract>(workbench: Workbench, method: M, input: unknown) {
  const result = await workbench.dispatch(method, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return contract[method].output.parse(result.value) as ReturnType<(typeof contract)[M]['output']['parse']>;
}

describe('adjudication.document', () => {
  it("shows each annotator's lane, the gold layer and the comparison behind the figures", async () => {
    const { workbench, documentId } = await setUp({ ana: [ACTOR, PLACE], bo: [ACTOR, PLACE_WIDE] });
    const view = await dispatch(workbench, 'adjudication.document', { documentId });
    expect(view.annotators.map((lane) => [lane.name, lane.counted, lane.spans.length])).toEqual([
      ['Ana', true, 2],
      ['Bo', true, 2],
    ]);
    expect(view.gold).toEqual([]);
    expect(view.adjudication).toEqual({ status: 'todo', adjudicator: null, updatedAt: null });
    // ACTOR matches exactly; the two LOCATIONs only by overlap.
    const pair = view.comparison?.pairs[0];
    expect(pair?.exact.matched).toHaveLength(1);
    expect(pair?.overlap.matched).toHaveLength(2);
    workbench.close();
  });

  it('says why a document is not compared when only one annotator counts', async () => {
    const { workbench, documentId } = await setUp({ ana: [ACTOR], bo: [ACTOR] }, { ana: 'done', bo: 'in_progress' });
    const view = await dispatch(workbench, 'adjudication.document', { documentId });
    expect(view.comparison).toBeNull();
    expect(view.notCompared).toMatch(/only one/);
    workbench.close();
  });
});

describe('adjudication writes (gold layer)', () => {
  it("accepts one annotator's span into gold, stamped with the adjudicator, durably and only once", async () => {
    const { path, workbench, judge, documentId } = await setUp({ ana: [ACTOR, PLACE], bo: [ACTOR, PLACE_WIDE] });
    const after = await dispatch(workbench, 'adjudication.accept', { documentId, spanIds: [spanId('bo', PLACE_WIDE)] });
    expect(after.gold).toHaveLength(1);
    expect(after.gold[0]).toMatchObject({
      ...at(PLACE_WIDE.part),
      label: 'LOCATION',
      annotatorId: judge.id,
      origin: 'adjudicated',
      attributes: PLACE_WIDE.attributes,
    });
    expect(after.adjudication).toMatchObject({ status: 'in_progress', adjudicator: { id: judge.id, name: 'Judge' } });
    // Accepting the same span again adds nothing.
    const again = await dispatch(workbench, 'adjudication.accept', { documentId, spanIds: [spanId('bo', PLACE_WIDE)] });
    expect(again.gold.map((span) => span.id)).toEqual(after.gold.map((span) => span.id));
    workbench.close();

    const reopened = await openWorkbench(path, { logger: quiet });
    const row = reopened.db.prepare(`SELECT layer, annotator_id, origin, origin_source, quote FROM annotation WHERE layer = 'gold'`).all();
    expect(row).toEqual([{ layer: 'gold', annotator_id: judge.id, origin: 'adjudicated', origin_source: spanId('bo', PLACE_WIDE), quote: PLACE_WIDE.part }]);
    reopened.close();
  });

  it('accepts several spans at once, from different annotators, in one transaction', async () => {
    const { workbench, documentId } = await setUp({ ana: [ACTOR, MILL_LOCATION], bo: [PLACE] });
    const after = await dispatch(workbench, 'adjudication.accept', {
      documentId,
      spanIds: [spanId('ana', ACTOR), spanId('bo', PLACE), spanId('ana', MILL_LOCATION)],
    });
    expect(after.gold.map((span) => span.label)).toEqual(['ACTOR', 'LOCATION', 'LOCATION']);
    workbench.close();
  });

  it('refuses overlapping gold spans where the schema forbids overlap, names the span in the way, and writes nothing', async () => {
    const { workbench, documentId } = await setUp({ ana: [PLACE], bo: [PLACE_WIDE] });
    const first = await dispatch(workbench, 'adjudication.accept', { documentId, spanIds: [spanId('ana', PLACE)] });
    await expect(dispatch(workbench, 'adjudication.accept', { documentId, spanIds: [spanId('bo', PLACE_WIDE)] })).rejects.toMatchObject({
      code: 'overlap',
      message: expect.stringMatching(/overlaps the gold span LOCATION “Qaryat al-Nur”/) as string,
    });
    // Replacing it in the same call is the way to choose the other annotator's span.
    const replaced = await dispatch(workbench, 'adjudication.accept', {
      documentId,
      spanIds: [spanId('bo', PLACE_WIDE)],
      replaceGoldIds: [first.gold[0]!.id],
    });
    expect(replaced.gold.map((span) => span.end - span.start)).toEqual([PLACE_WIDE.part.length]);
    const tombstones = workbench.db.prepare(`SELECT count(*) AS n FROM annotation WHERE layer = 'gold' AND deleted = 1`).get() as { n: number };
    expect(tombstones.n).toBe(1);
    workbench.close();
  });

  it('rejects (accepts none): the gold span becomes a tombstone and the document stays in progress', async () => {
    const { workbench, documentId } = await setUp({ ana: [MILL_ACTOR], bo: [] });
    const accepted = await dispatch(workbench, 'adjudication.accept', { documentId, spanIds: [spanId('ana', MILL_ACTOR)] });
    const rejected = await dispatch(workbench, 'adjudication.reject', { documentId, goldIds: [accepted.gold[0]!.id] });
    expect(rejected.gold).toEqual([]);
    expect(rejected.adjudication.status).toBe('in_progress');
    // A stale id (already removed) is a conflict, not a silent success.
    await expect(dispatch(workbench, 'adjudication.reject', { documentId, goldIds: [accepted.gold[0]!.id] })).rejects.toMatchObject({ code: 'conflict' });
    workbench.close();
  });

  it('creates an edited span and edits a gold span’s label, offsets and attributes', async () => {
    const { workbench, documentId } = await setUp({ ana: [PLACE_WIDE], bo: [MILL_ACTOR] });
    const made = await dispatch(workbench, 'adjudication.create', {
      documentId,
      ...at('Qaryat al-Nur'),
      label: 'LOCATION',
      attributes: { granularity: 'admin2' },
    });
    expect(made.gold[0]).toMatchObject({ ...at('Qaryat al-Nur'), label: 'LOCATION', attributes: { granularity: 'admin2' }, origin: 'adjudicated' });
    const edited = await dispatch(workbench, 'adjudication.update', {
      id: made.gold[0]!.id,
      attributes: { granularity: 'populated_place' },
      expectedRevision: 1,
    });
    expect(edited.gold[0]).toMatchObject({ attributes: { granularity: 'populated_place' }, revision: 2 });
    const moved = await dispatch(workbench, 'adjudication.update', { id: made.gold[0]!.id, ...at('the old mill') });
    expect(moved.gold[0]).toMatchObject({ ...at('the old mill'), label: 'LOCATION' });
    // An older revision is refused with the current one.
    await expect(dispatch(workbench, 'adjudication.update', { id: made.gold[0]!.id, label: 'ACTOR', expectedRevision: 1 })).rejects.toMatchObject({
      code: 'conflict',
    });
    // A value the schema does not allow names the attribute.
    await expect(dispatch(workbench, 'adjudication.update', { id: made.gold[0]!.id, attributes: { granularity: 'galaxy' } })).rejects.toThrow(/granularity/);
    workbench.close();
  });

  it('accepts every agreed span at once and leaves the disagreements', async () => {
    const { workbench, documentId } = await setUp({ ana: [ACTOR, PLACE, MILL_LOCATION], bo: [ACTOR, PLACE_WIDE, MILL_ACTOR] });
    const result = await dispatch(workbench, 'adjudication.acceptAgreed', { documentId });
    expect(result).toMatchObject({ accepted: 1, alreadyInGold: 0, leftForDecision: 2 });
    expect(result.gold.map((span) => [span.label, TEXT.slice(span.start, span.end)])).toEqual([['ACTOR', 'Rebel fighters']]);
    const again = await dispatch(workbench, 'adjudication.acceptAgreed', { documentId });
    expect(again).toMatchObject({ accepted: 0, alreadyInGold: 1, leftForDecision: 2 });
    workbench.close();
  });

  it('counts attribute differences as disagreement: a span with other attributes is not agreed', async () => {
    const { workbench, documentId } = await setUp({ ana: [PLACE], bo: [{ ...PLACE, attributes: { granularity: 'admin2' } }] });
    const result = await dispatch(workbench, 'adjudication.acceptAgreed', { documentId });
    expect(result).toMatchObject({ accepted: 0, leftForDecision: 1 });
    workbench.close();
  });

  it('tracks progress per project: documents to adjudicate, in progress, adjudicated', async () => {
    const { workbench, projectId, documentId } = await setUp({ ana: [ACTOR], bo: [ACTOR] });
    expect(await dispatch(workbench, 'adjudication.progress', { projectId })).toEqual({ total: 1, adjudicated: 0, inProgress: 0 });
    await dispatch(workbench, 'adjudication.acceptAgreed', { documentId });
    expect(await dispatch(workbench, 'adjudication.progress', {})).toEqual({ total: 1, adjudicated: 0, inProgress: 1 });
    const done = await dispatch(workbench, 'adjudication.setStatus', { documentId, status: 'done' });
    expect(done.adjudication.status).toBe('done');
    expect(await dispatch(workbench, 'adjudication.progress', {})).toEqual({ total: 1, adjudicated: 1, inProgress: 0 });
    // Writing to a finished document does not reopen it.
    await dispatch(workbench, 'adjudication.create', { documentId, ...at('the old mill'), label: 'LOCATION', attributes: { granularity: 'site' } });
    expect(await dispatch(workbench, 'adjudication.progress', {})).toEqual({ total: 1, adjudicated: 1, inProgress: 0 });
    workbench.close();
  });
});

describe('export of the gold layer', () => {
  it('writes the adjudicated spans, with the adjudication state as the gold status, and the agreement summary in the card', async () => {
    const { workbench, judge, documentId } = await setUp({ ana: [ACTOR, PLACE], bo: [ACTOR, PLACE_WIDE] });
    await dispatch(workbench, 'adjudication.acceptAgreed', { documentId });
    await dispatch(workbench, 'adjudication.accept', { documentId, spanIds: [spanId('ana', PLACE)] });

    // In progress: a gold export of done documents leaves it out (here: nothing left, said clearly).
    const early = join(tempDir(), 'early');
    expect(() => exportInto(workbench, { format: 'jsonl', layer: { kind: 'gold' }, statuses: ['done'] }, { kind: 'exactly', path: early })).toThrow(
      /has a gold layer with the status done/,
    );

    await dispatch(workbench, 'adjudication.setStatus', { documentId, status: 'done' });
    const out = join(tempDir(), 'gold');
    exportInto(workbench, { format: 'jsonl', layer: { kind: 'gold' }, statuses: ['done'] }, { kind: 'exactly', path: out });
    const lines = readFileSync(join(out, 'data-00000.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as { text: string; spans: { start: number; end: number; label: string; annotator: unknown }[] };
    expect(record.spans.map((span) => [span.label, record.text.slice(span.start, span.end)])).toEqual([
      ['ACTOR', 'Rebel fighters'],
      ['LOCATION', 'Qaryat al-Nur'],
    ]);
    expect(JSON.stringify(record.spans)).toContain(judge.id);

    const card = readFileSync(join(out, 'README.md'), 'utf8');
    expect(card).not.toContain('No agreement summary exists');
    expect(card).toMatch(/\| Krippendorff's alpha \(nominal\) \| tokens, all labels \| \d\.\d{3} \| 1 \| 2 \|/);
    expect(card).toContain('span F1, exact match');
    workbench.close();
  });

  it('says no agreement summary exists while fewer than two annotators have finished a document', async () => {
    const { workbench } = await setUp({ ana: [ACTOR], bo: [ACTOR] }, { ana: 'done' });
    const out = join(tempDir(), 'card');
    exportInto(workbench, { format: 'jsonl' }, { kind: 'exactly', path: out });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('No agreement summary exists');
    workbench.close();
  });
});
