import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench } from '../workbench';
import { addDocument } from './addDocument';
import { activeProject } from './session';

const tempDir = createTempDirs();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A workbench with the demo corpus plus three documents of known titles, sources and dates. */
async function setUp() {
  const path = join(tempDir(), 'documents.db');
  const workbench = await openWorkbench(path, { logger: quiet });
  await workbench.handlers['annotators.setLocal']({ name: 'Tester' });
  const projectId = activeProject(workbench.context).id;
  const added = [
    { title: 'zulu report', source: 'Beta Wire', publishedAt: '2024-03-01', text: 'Shelling near Deir Ezzor; the garrison returned fire.' },
    { title: 'Alpha bulletin', source: 'alpha news', publishedAt: '2023-12-31', text: 'A drone struck a convoy. Drones were seen again at dawn.' },
    { title: 'Mike digest', source: null, publishedAt: null, text: 'قصف صاروخي على قاعدة عين الأسد في محافظة الأنبار' },
  ].map((document) => addDocument(workbench.context, { projectId, ...document }));
  return { workbench, projectId, added };
}

describe('documents.list', () => {
  it('sorts by title, date, source and import order, both ways, with stable ties', async () => {
    const { workbench, projectId } = await setUp();
    const list = async (sort: 'order' | 'title' | 'date' | 'source' | 'status', direction: 'asc' | 'desc' = 'asc') =>
      (await workbench.handlers['documents.list']({ projectId, sort, direction, offset: 0, limit: 500 })).rows;
    const titles = (await list('title')).map((row) => row.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(titles[0]).toBe('Alpha bulletin');
    expect((await list('title', 'desc')).map((row) => row.title)).toEqual([...titles].reverse());
    const dates = (await list('date', 'desc')).map((row) => row.publishedAt);
    expect(dates[0]).toBe('2024-03-01');
    expect(dates.at(-1)).toBeNull();
    const sources = (await list('source')).map((row) => row.source);
    expect(sources[0]).toBeNull();
    expect(sources[1]).toBe('alpha news');
    const order = (await list('order')).map((row) => row.title);
    expect(order.slice(-3)).toEqual(['zulu report', 'Alpha bulletin', 'Mike digest']);
    workbench.close();
  });

  it('filters by status and by text in the title or source, and pages through the result', async () => {
    const { workbench, projectId, added } = await setUp();
    const [zulu, alpha, mike] = added;
    if (!zulu || !alpha || !mike) throw new Error('setup');
    await workbench.handlers['documents.setStatus']({ documentId: zulu.id, status: 'done' });
    await workbench.handlers['documents.setStatus']({ documentId: alpha.id, status: 'skipped' });
    const base = { projectId, sort: 'order' as const, direction: 'asc' as const, offset: 0, limit: 100 };
    const done = await workbench.handlers['documents.list']({ ...base, statuses: ['done', 'skipped'] });
    expect(done.rows.map((row) => [row.title, row.status])).toEqual([
      ['zulu report', 'done'],
      ['Alpha bulletin', 'skipped'],
    ]);
    const todo = await workbench.handlers['documents.list']({ ...base, statuses: ['todo'] });
    expect(todo.rows.every((row) => row.status === 'todo')).toBe(true);
    expect(todo.total).toBe(todo.rows.length);
    expect(todo.rows.map((row) => row.id)).toContain(mike.id);
    const byText = await workbench.handlers['documents.list']({ ...base, query: 'ALPHA' });
    expect(byText.rows.map((row) => row.title)).toEqual(['Alpha bulletin']);
    const wildcard = await workbench.handlers['documents.list']({ ...base, query: '%' });
    expect(wildcard.total).toBe(0);
    const all = await workbench.handlers['documents.list']({ ...base, sort: 'title' });
    const paged = [];
    for (let offset = 0; offset < all.total; offset += 2)
      paged.push(...(await workbench.handlers['documents.list']({ ...base, sort: 'title', offset, limit: 2 })).rows);
    expect(paged).toEqual(all.rows);
    const byStatus = await workbench.handlers['documents.list']({ ...base, sort: 'status', direction: 'desc' });
    expect(byStatus.rows.slice(0, 2).map((row) => row.status)).toEqual(['skipped', 'done']);
    workbench.close();
  });

  it('locates a document in a view, and not when the filter hides it', async () => {
    const { workbench, projectId, added } = await setUp();
    const alpha = added[1];
    if (!alpha) throw new Error('setup');
    const view = { projectId, sort: 'title' as const, direction: 'asc' as const };
    expect(await workbench.handlers['documents.locate']({ ...view, documentId: alpha.id })).toMatchObject({ index: 0 });
    const page = await workbench.handlers['documents.list']({ ...view, sort: 'date', direction: 'desc', offset: 0, limit: 500 });
    const index = page.rows.findIndex((row) => row.id === alpha.id);
    expect(await workbench.handlers['documents.locate']({ ...view, sort: 'date', direction: 'desc', documentId: alpha.id })).toEqual({
      index,
      total: page.total,
    });
    expect(await workbench.handlers['documents.locate']({ ...view, statuses: ['done'], documentId: alpha.id })).toEqual({ index: null, total: 0 });
    workbench.close();
  });

  it('sorts by status group by group, in import order within each, paging and locating exactly', async () => {
    const { workbench, projectId } = await setUp();
    const statuses = ['todo', 'in_progress', 'done', 'skipped'] as const;
    for (let i = 0; i < 24; i++) {
      const document = addDocument(workbench.context, { projectId, title: `Extra ${i}`, text: `Extra document number ${i}.` });
      const status = statuses[(i * 7) % 4] ?? 'todo';
      if (status !== 'todo') await workbench.handlers['documents.setStatus']({ documentId: document.id, status });
    }
    const all = (await workbench.handlers['documents.list']({ projectId, sort: 'order', direction: 'asc', offset: 0, limit: 500 })).rows;
    const rank = (status: string) => statuses.indexOf(status as (typeof statuses)[number]);
    for (const direction of ['asc', 'desc'] as const) {
      for (const filter of [undefined, ['todo', 'done'] as ('todo' | 'done')[], ['skipped', 'in_progress'] as ('skipped' | 'in_progress')[]]) {
        const expected = all
          .map((row, index) => ({ row, index }))
          .filter(({ row }) => !filter || (filter as string[]).includes(row.status))
          .sort((a, b) => (direction === 'asc' ? 1 : -1) * (rank(a.row.status) - rank(b.row.status) || a.index - b.index))
          .map(({ row }) => row.id);
        const view = { projectId, sort: 'status' as const, direction, ...(filter ? { statuses: filter } : {}) };
        const paged: string[] = [];
        for (let offset = 0; offset < expected.length + 3; offset += 5) {
          paged.push(...(await workbench.handlers['documents.list']({ ...view, offset, limit: 5 })).rows.map((row) => row.id));
        }
        expect(paged).toEqual(expected);
        expect((await workbench.handlers['documents.list']({ ...view, offset: 0, limit: 1 })).total).toBe(expected.length);
        for (const [index, id] of expected.entries())
          expect(await workbench.handlers['documents.locate']({ ...view, documentId: id })).toMatchObject({ index });
      }
    }
    workbench.close();
  });

  it('walks an index for every sort instead of sorting the table', async () => {
    const { workbench, projectId } = await setUp();
    for (const key of ['d.seq', 'd.title COLLATE NOCASE', 'd.published_at', 'd.source COLLATE NOCASE']) {
      for (const direction of ['ASC', 'DESC']) {
        const plan = workbench.db
          .prepare(`EXPLAIN QUERY PLAN SELECT d.seq FROM document d WHERE d.project_id = ? ORDER BY ${key} ${direction}, d.seq ${direction} LIMIT 10 OFFSET 5`)
          .all(projectId) as { detail: string }[];
        const details = plan.map((row) => row.detail).join('; ');
        expect(details, key).toMatch(/USING (COVERING )?INDEX document_by_/);
        expect(details, key).not.toMatch(/TEMP B-TREE/);
      }
    }
    workbench.close();
  });
});

describe('documents.setStatus and documents.progress', () => {
  it('stores the status per annotator with a revision, and counts the corpus', async () => {
    const { workbench, projectId, added } = await setUp();
    const [zulu, alpha] = added;
    if (!zulu || !alpha) throw new Error('setup');
    const before = await workbench.handlers['documents.progress']({ projectId });
    expect(before).toMatchObject({ todo: before.total, done: 0 });
    expect(await workbench.handlers['documents.setStatus']({ documentId: zulu.id, status: 'done' })).toEqual({
      documentId: zulu.id,
      status: 'done',
      revision: 1,
    });
    expect(await workbench.handlers['documents.setStatus']({ documentId: zulu.id, status: 'skipped' })).toMatchObject({ revision: 2 });
    expect(await workbench.handlers['documents.setStatus']({ documentId: zulu.id, status: 'done' })).toMatchObject({ revision: 3 });
    await workbench.handlers['documents.setStatus']({ documentId: alpha.id, status: 'skipped' });
    expect(await workbench.handlers['documents.progress']({ projectId })).toEqual({
      total: before.total,
      todo: before.total - 2,
      in_progress: 0,
      done: 1,
      skipped: 1,
    });
    // Another annotator on the same database starts from nothing.
    await workbench.handlers['annotators.setLocal']({ name: 'Renamed' });
    expect((await workbench.handlers['documents.get']({ id: zulu.id })).status).toBe('done');
    workbench.db.prepare("UPDATE app_setting SET value = 'nobody' WHERE key = 'local_annotator_id'").run();
    expect(await workbench.handlers['documents.progress']({ projectId })).toMatchObject({ todo: before.total, done: 0 });
    workbench.close();
  });
});

describe('documents.search', () => {
  it('finds words and word prefixes with a snippet and the code-point offset of the first hit', async () => {
    const { workbench, projectId, added } = await setUp();
    const result = await workbench.handlers['documents.search']({ projectId, query: 'drone', offset: 0, limit: 20 });
    const alpha = result.hits.find((hit) => hit.documentId === added[1]?.id);
    expect(alpha).toBeDefined();
    expect(alpha?.offset).toBe(2);
    expect(alpha?.length).toBe(5);
    expect(alpha?.snippet.some((part) => part.hit && /^drone$/i.test(part.text))).toBe(true);
    expect(result.total).toBeGreaterThanOrEqual(result.hits.length);

    const arabic = await workbench.handlers['documents.search']({ projectId, query: 'الأسد', offset: 0, limit: 20 });
    const mike = arabic.hits.find((hit) => hit.documentId === added[2]?.id);
    const text = 'قصف صاروخي على قاعدة عين الأسد في محافظة الأنبار';
    expect(mike?.offset).toBe([...text.slice(0, text.indexOf('الأسد'))].length);
    workbench.close();
  });

  it('takes operators and quotes in the query literally and finds nothing for punctuation alone', async () => {
    const { workbench, projectId } = await setUp();
    for (const query of ['"unbalanced', 'drone OR NOT', 'title:zulu', '(*)', 'NEAR(a b']) {
      const result = await Promise.resolve().then(() => workbench.handlers['documents.search']({ projectId, query, offset: 0, limit: 5 }));
      expect(result.total).toBeGreaterThanOrEqual(0);
    }
    expect(await workbench.handlers['documents.search']({ projectId, query: '!!! ...', offset: 0, limit: 5 })).toEqual({ total: 0, hits: [] });
    const hits = await workbench.handlers['documents.search']({ projectId, query: 'drone convoy', offset: 0, limit: 5 });
    expect(hits.hits.map((hit) => hit.title)).toEqual(['Alpha bulletin']);
    workbench.close();
  });
});
