import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench, type Workbench } from '../workbench';
import { addDocument } from './addDocument';
import { activeProject } from './session';

const tempDir = createTempDirs();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const TEXT = 'Militants fired three rockets at Harir base in Erbil; at least 40 were wounded and nearly 70 fled.';

/** Code-point offsets of a fragment of TEXT (ASCII here, so UTF-16 and code points agree). */
function at(fragment: string): { start: number; end: number } {
  const start = TEXT.indexOf(fragment);
  if (start < 0) throw new Error(`"${fragment}" is not in the text`);
  return { start, end: start + fragment.length };
}

async function setUp(path = join(tempDir(), 'edits.db')) {
  const workbench = await openWorkbench(path, { logger: quiet });
  await workbench.handlers['annotators.setLocal']({ name: 'Tester' });
  const project = activeProject(workbench.context);
  const document = addDocument(workbench.context, { projectId: project.id, title: 'Edits', text: TEXT });
  return { path, workbench, documentId: document.id };
}

const attempt = <T>(call: () => T | Promise<T>): Promise<T> => Promise.resolve().then(call);

function rowOf(workbench: Workbench, id: string) {
  return workbench.db.prepare('SELECT label, start, "end", revision, deleted, quote, attributes_json FROM annotation WHERE id = ?').get(id) as {
    label: string;
    start: number;
    end: number;
    revision: number;
    deleted: number;
    quote: string;
    attributes_json: string;
  };
}

describe('annotations.listCompact', () => {
  it('holds the same spans as annotations.list, in the same order', async () => {
    const { workbench, documentId } = await setUp();
    await workbench.handlers['annotations.create']({ documentId, ...at('Erbil'), label: 'LOCATION', attributes: { granularity: 'populated_place' } });
    await workbench.handlers['annotations.create']({ documentId, ...at('at least 40'), label: 'CASUALTY_COUNT' });
    const deleted = await workbench.handlers['annotations.create']({ documentId, ...at('Harir'), label: 'LOCATION' });
    await workbench.handlers['annotations.delete']({ id: deleted.id });
    const full = await workbench.handlers['annotations.list']({ documentId });
    const compact = await workbench.handlers['annotations.listCompact']({ documentId });
    expect(compact.spans).toEqual(full.map((span) => [span.id, span.start, span.end, span.label, span.attributes, span.revision]));
    const result = await workbench.dispatch('annotations.listCompact', { documentId });
    expect(result).toMatchObject({ ok: true, value: { spans: compact.spans } });
    workbench.close();
  });
});

describe('annotations.update', () => {
  it('relabels, resizes and edits attributes, raising the revision each time', async () => {
    const { workbench, documentId } = await setUp();
    const span = await workbench.handlers['annotations.create']({ documentId, ...at('Harir'), label: 'ACTOR', attributes: { actor_type: 'other' } });
    const relabelled = await workbench.handlers['annotations.update']({ id: span.id, label: 'LOCATION' });
    expect(relabelled).toMatchObject({ label: 'LOCATION', revision: 2, attributes: {} });
    const grown = await workbench.handlers['annotations.update']({ id: span.id, ...at('Harir base') });
    expect(grown).toMatchObject({ quote: 'Harir base', revision: 3 });
    const withAttribute = await workbench.handlers['annotations.update']({ id: span.id, attributes: { granularity: 'site' } });
    expect(withAttribute).toMatchObject({ attributes: { granularity: 'site' }, revision: 4 });
    expect(withAttribute.updatedAt >= span.updatedAt).toBe(true);
    const cleared = await workbench.handlers['annotations.update']({ id: span.id, attributes: { granularity: null } });
    expect(cleared.attributes).toEqual({});
    expect(rowOf(workbench, span.id)).toMatchObject({ label: 'LOCATION', quote: 'Harir base', revision: 5, deleted: 0 });
    workbench.close();
  });

  it('re-reads a count when the span grows, unless the annotator corrected it', async () => {
    const { workbench, documentId } = await setUp();
    const count = await workbench.handlers['annotations.create']({ documentId, ...at('40'), label: 'CASUALTY_COUNT' });
    expect(count.attributes).toMatchObject({ value: 40, qualifier: 'exact' });
    const grown = await workbench.handlers['annotations.update']({ id: count.id, ...at('at least 40') });
    expect(grown.attributes).toMatchObject({ value: 40, qualifier: 'at_least', status: 'killed' });
    const corrected = await workbench.handlers['annotations.update']({ id: count.id, attributes: { value: 41, status: 'injured' } });
    const shrunk = await workbench.handlers['annotations.update']({ id: count.id, ...at('40') });
    expect(shrunk.attributes).toMatchObject({ value: 41, qualifier: 'exact', status: 'injured' });
    expect(corrected.revision).toBe(3);
    workbench.close();
  });

  it('refuses a resize onto another span, a stale revision, a bad attribute and a deleted span, changing nothing', async () => {
    const { workbench, documentId } = await setUp();
    const harir = await workbench.handlers['annotations.create']({ documentId, ...at('Harir'), label: 'LOCATION' });
    const erbil = await workbench.handlers['annotations.create']({ documentId, ...at('Erbil'), label: 'LOCATION' });
    await expect(attempt(() => workbench.handlers['annotations.update']({ id: harir.id, ...at('Harir base in Erbil') }))).rejects.toMatchObject({
      code: 'overlap',
      details: { overlapping: [erbil.id] },
    });
    await expect(attempt(() => workbench.handlers['annotations.update']({ id: harir.id, label: 'ACTOR', expectedRevision: 7 }))).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(attempt(() => workbench.handlers['annotations.update']({ id: harir.id, attributes: { granularity: 'planet' } }))).rejects.toThrow(
      /granularity: "planet" is not one of/,
    );
    await workbench.handlers['annotations.delete']({ id: erbil.id });
    await expect(attempt(() => workbench.handlers['annotations.update']({ id: erbil.id, label: 'ACTOR' }))).rejects.toMatchObject({ code: 'not_found' });
    expect(rowOf(workbench, harir.id)).toMatchObject({ label: 'LOCATION', quote: 'Harir', revision: 1 });
    workbench.close();
  });
});

describe('annotations.delete and annotations.replace', () => {
  it('deletes by tombstone with a higher revision', async () => {
    const { workbench, documentId } = await setUp();
    const span = await workbench.handlers['annotations.create']({ documentId, ...at('Erbil'), label: 'LOCATION' });
    expect(await workbench.handlers['annotations.delete']({ id: span.id, expectedRevision: 1 })).toEqual({ id: span.id, revision: 2 });
    expect(rowOf(workbench, span.id)).toMatchObject({ deleted: 1, revision: 2, quote: 'Erbil' });
    expect(await workbench.handlers['annotations.list']({ documentId })).toEqual([]);
    workbench.close();
  });

  it('replaces the spans under a selection in one step, and only the spans the user saw', async () => {
    const { workbench, documentId } = await setUp();
    const harir = await workbench.handlers['annotations.create']({ documentId, ...at('Harir'), label: 'ACTOR', attributes: { actor_type: 'other' } });
    const base = await workbench.handlers['annotations.create']({ documentId, ...at('base'), label: 'LOCATION' });
    await expect(
      attempt(() => workbench.handlers['annotations.replace']({ documentId, ...at('Harir base'), label: 'LOCATION', replaceIds: [harir.id] })),
    ).rejects.toMatchObject({ code: 'overlap', details: { overlapping: [harir.id, base.id] } });
    const result = await workbench.handlers['annotations.replace']({ documentId, ...at('Harir base'), label: 'LOCATION', replaceIds: [base.id, harir.id] });
    expect(result.removed.sort()).toEqual([harir.id, base.id].sort());
    expect((await workbench.handlers['annotations.list']({ documentId })).map((span) => span.quote)).toEqual(['Harir base']);
    expect(await workbench.handlers['history.status']({ documentId })).toMatchObject({
      canUndo: true,
      undoDescription: 'Replace ACTOR “Harir”, LOCATION “base” with LOCATION “Harir base”',
    });
    const undone = await workbench.handlers['history.undo']({ documentId });
    expect(undone.removed).toEqual([result.created.id]);
    expect(undone.upserted.map((span) => span.quote).sort()).toEqual(['Harir', 'base']);
    workbench.close();
  });

  it('grows a span onto others only when told to replace exactly those, in one undo step', async () => {
    const { workbench, documentId } = await setUp();
    const harir = await workbench.handlers['annotations.create']({ documentId, ...at('Harir'), label: 'LOCATION' });
    const base = await workbench.handlers['annotations.create']({ documentId, ...at('base'), label: 'ACTOR', attributes: { actor_type: 'other' } });
    const grown = { id: harir.id, ...at('Harir base'), expectedRevision: harir.revision };
    await expect(attempt(() => workbench.handlers['annotations.update'](grown))).rejects.toMatchObject({
      code: 'overlap',
      details: { overlapping: [base.id] },
    });
    const erbil = await workbench.handlers['annotations.create']({ documentId, ...at('Erbil'), label: 'LOCATION' });
    // A confirmation that names other spans than the ones in the way changes nothing.
    await expect(attempt(() => workbench.handlers['annotations.update']({ ...grown, replaceIds: [erbil.id] }))).rejects.toMatchObject({
      code: 'overlap',
      details: { overlapping: [base.id] },
    });
    expect(rowOf(workbench, base.id)).toMatchObject({ deleted: 0 });

    const updated = await workbench.handlers['annotations.update']({ ...grown, replaceIds: [base.id] });
    expect(updated).toMatchObject({ quote: 'Harir base', revision: harir.revision + 1 });
    expect(rowOf(workbench, base.id)).toMatchObject({ deleted: 1, revision: base.revision + 1 });
    expect((await workbench.handlers['annotations.list']({ documentId })).map((span) => span.quote)).toEqual(['Harir base', 'Erbil']);
    expect(await workbench.handlers['history.status']({ documentId })).toMatchObject({
      undoDescription: expect.stringMatching(/replacing ACTOR “base”$/) as unknown,
    });

    const undone = await workbench.handlers['history.undo']({ documentId });
    expect(undone.upserted.map((span) => span.quote).sort()).toEqual(['Harir', 'base']);
    expect((await workbench.handlers['annotations.list']({ documentId })).map((span) => span.quote)).toEqual(['Harir', 'base', 'Erbil']);
    const redone = await workbench.handlers['history.redo']({ documentId });
    expect(redone.removed).toEqual([base.id]);
    expect((await workbench.handlers['annotations.list']({ documentId })).map((span) => span.quote)).toEqual(['Harir base', 'Erbil']);
    workbench.close();
  });
});

describe('history', () => {
  it('undoes and redoes every kind of edit, and survives closing the database', async () => {
    const { path, workbench, documentId } = await setUp();
    const span = await workbench.handlers['annotations.create']({ documentId, ...at('Harir'), label: 'ACTOR', attributes: { actor_type: 'other' } });
    await workbench.handlers['annotations.update']({ id: span.id, label: 'LOCATION' });
    await workbench.handlers['annotations.update']({ id: span.id, ...at('Harir base') });
    await workbench.handlers['annotations.update']({ id: span.id, attributes: { granularity: 'site' } });
    const erbil = await workbench.handlers['annotations.create']({ documentId, ...at('Erbil'), label: 'LOCATION' });
    await workbench.handlers['annotations.delete']({ id: erbil.id });
    workbench.close();

    const reopened = await openWorkbench(path, { logger: quiet });
    const handlers = reopened.handlers;
    expect(await handlers['history.status']({ documentId })).toEqual({
      canUndo: true,
      canRedo: false,
      undoDescription: 'Delete LOCATION “Erbil”',
      redoDescription: null,
    });
    const states: string[] = [];
    const snapshot = async () =>
      (await handlers['annotations.list']({ documentId })).map((s) => `${s.label}:${s.quote}:${JSON.stringify(s.attributes)}`).join('|');
    states.push(await snapshot());
    for (let i = 0; i < 6; i++) {
      const result = await handlers['history.undo']({ documentId });
      expect(result.applied).toBe(true);
      states.push(await snapshot());
    }
    expect(states).toEqual([
      'LOCATION:Harir base:{"granularity":"site"}',
      'LOCATION:Harir base:{"granularity":"site"}|LOCATION:Erbil:{}',
      'LOCATION:Harir base:{"granularity":"site"}',
      'LOCATION:Harir base:{}',
      'LOCATION:Harir:{}',
      'ACTOR:Harir:{"side":"unknown","actor_type":"other"}',
      '',
    ]);
    expect(await handlers['history.undo']({ documentId })).toMatchObject({ applied: false, status: { canUndo: false, canRedo: true } });
    // Every undo was a durable write: the span's revision rose with each.
    expect(rowOf(reopened, span.id)).toMatchObject({ deleted: 1, revision: 8 });
    reopened.close();

    const again = await openWorkbench(path, { logger: quiet });
    for (let i = 5; i >= 0; i--) {
      const result = await again.handlers['history.redo']({ documentId });
      expect(result.applied).toBe(true);
      expect((await again.handlers['annotations.list']({ documentId })).map((s) => `${s.label}:${s.quote}:${JSON.stringify(s.attributes)}`).join('|')).toBe(
        states[i],
      );
    }
    expect(await again.handlers['history.status']({ documentId })).toMatchObject({ canUndo: true, canRedo: false });
    again.close();
  });

  it('discards the redo stack on a new edit, and keeps histories per document', async () => {
    const { workbench, documentId } = await setUp();
    const project = activeProject(workbench.context);
    const other = addDocument(workbench.context, { projectId: project.id, title: 'Other', text: 'Erbil and Baghdad' });
    await workbench.handlers['annotations.create']({ documentId, ...at('Harir'), label: 'LOCATION' });
    await workbench.handlers['annotations.create']({ documentId: other.id, start: 0, end: 5, label: 'LOCATION' });
    await workbench.handlers['history.undo']({ documentId });
    expect(await workbench.handlers['history.status']({ documentId })).toMatchObject({ canUndo: false, canRedo: true });
    expect(await workbench.handlers['history.status']({ documentId: other.id })).toMatchObject({ canUndo: true, canRedo: false });
    await workbench.handlers['annotations.create']({ documentId, ...at('Erbil'), label: 'LOCATION' });
    expect(await workbench.handlers['history.status']({ documentId })).toMatchObject({ canUndo: true, canRedo: false });
    workbench.close();
  });

  it('refuses to undo over a span changed outside the history, and changes nothing', async () => {
    const { workbench, documentId } = await setUp();
    const span = await workbench.handlers['annotations.create']({ documentId, ...at('Harir'), label: 'LOCATION' });
    workbench.db.prepare("UPDATE annotation SET label = 'ACTOR', revision = revision + 1 WHERE id = ?").run(span.id);
    await expect(attempt(() => workbench.handlers['history.undo']({ documentId }))).rejects.toMatchObject({ code: 'conflict' });
    expect(rowOf(workbench, span.id)).toMatchObject({ label: 'ACTOR', deleted: 0, revision: 2 });
    expect(await workbench.handlers['history.status']({ documentId })).toMatchObject({ canUndo: true });
    workbench.close();
  });

  it('writes each edit and its history entry together, or neither', async () => {
    const { workbench, documentId } = await setUp();
    await workbench.handlers['annotations.create']({ documentId, ...at('Harir'), label: 'LOCATION' });
    const count = () => (workbench.db.prepare('SELECT count(*) AS n FROM edit_history').get() as { n: number }).n;
    expect(count()).toBe(1);
    // A refused edit (overlap) records nothing.
    await expect(attempt(() => workbench.handlers['annotations.create']({ documentId, ...at('Harir base'), label: 'LOCATION' }))).rejects.toMatchObject({
      code: 'overlap',
    });
    expect(count()).toBe(1);
    workbench.close();
  });
});

describe('overlap checks', () => {
  it('find a long span far before the new one, through the index of long spans', async () => {
    const path = join(tempDir(), 'long.db');
    const workbench = await openWorkbench(path, { logger: quiet });
    await workbench.handlers['annotators.setLocal']({ name: 'Tester' });
    const text = Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ');
    const document = addDocument(workbench.context, { projectId: activeProject(workbench.context).id, title: 'Long', text });
    const long = await workbench.handlers['annotations.create']({ documentId: document.id, start: 0, end: text.indexOf('w500') + 4, label: 'ACTOR' });
    expect(long.end - long.start).toBeGreaterThan(1000);
    const inside = text.indexOf('w450');
    await expect(
      attempt(() => workbench.handlers['annotations.create']({ documentId: document.id, start: inside, end: inside + 4, label: 'LOCATION' })),
    ).rejects.toMatchObject({ code: 'overlap', details: { overlapping: [long.id] } });
    const after = text.indexOf('w550');
    expect(await workbench.handlers['annotations.create']({ documentId: document.id, start: after, end: after + 4, label: 'LOCATION' })).toMatchObject({
      quote: 'w550',
    });
    const plan = workbench.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM annotation INDEXED BY annotation_long_spans WHERE document_id = ? AND layer = 'annotator' AND annotator_id = ? AND "end" - start >= 1000`,
      )
      .all(document.id, 'x') as { detail: string }[];
    expect(plan.map((row) => row.detail).join()).toMatch(/annotation_long_spans/);
    workbench.close();
  });
});
