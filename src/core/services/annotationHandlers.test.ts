import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../errors';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench } from '../workbench';
import { addDocument } from './addDocument';
import { activeProject } from './session';

const tempDir = createTempDirs();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function setUp(text: string) {
  const path = join(tempDir(), 'spans.db');
  const workbench = await openWorkbench(path, { logger: quiet });
  await workbench.handlers['annotators.setLocal']({ name: 'Tester' });
  const project = activeProject(workbench.context);
  const document = addDocument(workbench.context, { projectId: project.id, title: 'Test', text });
  return { path, workbench, documentId: document.id };
}

/** Runs a handler so that a synchronous throw and a rejection look the same. */
const attempt = <T>(call: () => T | Promise<T>): Promise<T> => Promise.resolve().then(call);

/** Python's `text[start:end]`. */
const pySlice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

describe('annotations.create', () => {
  it('stores code-point offsets whose Python slice is the quoted text, after emoji', async () => {
    const text = '👨🏻‍🚒 Three soldiers died near Tower 22 in Jordan.';
    const { path, workbench, documentId } = await setUp(text);
    const start = [...text.slice(0, text.indexOf('Tower'))].length;
    const span = await workbench.handlers['annotations.create']({ documentId, start, end: start + 8, label: 'LOCATION' });
    expect(span.quote).toBe('Tower 22');
    expect(pySlice(text, span.start, span.end)).toBe('Tower 22');
    expect(span).toMatchObject({ label: 'LOCATION', origin: 'manual', revision: 1 });
    workbench.close();

    const reopened = await openWorkbench(path, { logger: quiet });
    const spans = await reopened.handlers['annotations.list']({ documentId });
    expect(spans).toEqual([span]);
    expect(await reopened.handlers['documents.get']({ id: documentId })).toMatchObject({ status: 'in_progress' });
    reopened.close();
  });

  it('fills attribute defaults from the schema, then what a count says', async () => {
    const { workbench, documentId } = await setUp('at least 40 were wounded');
    const span = await workbench.handlers['annotations.create']({ documentId, start: 0, end: 11, label: 'CASUALTY_COUNT' });
    expect(span.attributes).toEqual({ value: 40, qualifier: 'at_least', status: 'killed', scope: 'single_event' });
    workbench.close();
  });

  it('refuses an overlapping span with the overlapped span named', async () => {
    const { workbench, documentId } = await setUp('Islamic Resistance in Iraq claimed it');
    const first = await workbench.handlers['annotations.create']({ documentId, start: 0, end: 26, label: 'ACTOR' });
    const overlapping = attempt(() => workbench.handlers['annotations.create']({ documentId, start: 22, end: 26, label: 'LOCATION' }));
    await expect(overlapping).rejects.toMatchObject({ code: 'overlap', details: { overlapping: [first.id] } });
    await expect(attempt(() => workbench.handlers['annotations.create']({ documentId, start: 22, end: 26, label: 'LOCATION' }))).rejects.toThrow(
      /overlaps ACTOR “Islamic Resistance in Iraq”/,
    );
    expect(await workbench.handlers['annotations.list']({ documentId })).toHaveLength(1);
    workbench.close();
  });

  it.each([
    ['past the end of the text', 0, 999, /past the end/],
    ['splitting a grapheme cluster', 0, 1, /splits a character/],
    ['only whitespace', 2, 3, /more than whitespace/],
  ])('refuses a span %s', async (_case, start, end, message) => {
    const { workbench, documentId } = await setUp('e\u0301 word');
    await expect(attempt(() => workbench.handlers['annotations.create']({ documentId, start, end, label: 'ACTOR' }))).rejects.toThrow(message);
    workbench.close();
  });

  it('refuses an unknown label and wrong attribute values', async () => {
    const { workbench, documentId } = await setUp('Washington said');
    await expect(attempt(() => workbench.handlers['annotations.create']({ documentId, start: 0, end: 10, label: 'PERSON' }))).rejects.toThrow(
      /Unknown label "PERSON"/,
    );
    await expect(
      attempt(() => workbench.handlers['annotations.create']({ documentId, start: 0, end: 10, label: 'ACTOR', attributes: { actor_type: 'alien' } })),
    ).rejects.toThrow(WorkbenchError);
    workbench.close();
  });

  it('requires an annotator before any span', async () => {
    const workbench = await openWorkbench(join(tempDir(), 'anonymous.db'), { logger: quiet });
    const project = activeProject(workbench.context);
    const document = addDocument(workbench.context, { projectId: project.id, title: 'T', text: 'Baghdad' });
    await expect(
      attempt(() => workbench.handlers['annotations.create']({ documentId: document.id, start: 0, end: 7, label: 'LOCATION' })),
    ).rejects.toMatchObject({ code: 'forbidden' });
    workbench.close();
  });
});

describe('first run', () => {
  it('seeds the default project with the guidelines schema and at least six demo articles, one Arabic', async () => {
    const workbench = await openWorkbench(join(tempDir(), 'first.db'), { logger: quiet });
    const boot = await workbench.handlers['app.bootstrap']({});
    expect(boot.annotator).toBeNull();
    expect(boot.project.schema.labels.map((label) => [label.name, label.key])).toEqual([
      ['ACTOR', 'a'],
      ['LOCATION', 'l'],
      ['WEAPON', 'w'],
      ['CASUALTY_COUNT', 'c'],
    ]);
    expect(boot.project.schema.allowOverlap).toBe(false);
    const page = await workbench.handlers['documents.list']({ projectId: boot.project.id, offset: 0, limit: 100, sort: 'order', direction: 'asc' });
    expect(page.total).toBeGreaterThanOrEqual(6);
    const texts = await Promise.all(page.rows.map((row) => attempt(() => workbench.handlers['documents.get']({ id: row.id }))));
    expect(texts.some((document) => /[\u0600-\u06ff]/.test(document.text))).toBe(true);
    workbench.close();
    // A second open seeds nothing more.
    const again = await openWorkbench(join(tempDir(), 'first.db'), { logger: quiet });
    again.close();
  });
});
