import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkbench, type Workbench } from '../src/core/workbench';
import { median, percentile, timeMs } from './lib/stats';
import type { Benchmark, BenchResult } from './lib/types';

const DOCUMENTS = 100_000;
const RUNS = 30;
const PAGE = 100;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** 100,000 documents with titles, sources and dates in no particular order, and statuses on a fifth of them. */
function seed(workbench: Workbench, projectId: string, annotatorId: string): void {
  const insert = workbench.db.prepare(
    `INSERT INTO document (seq, id, project_id, title, source, published_at, text_sha256, char_count, created_at, text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'now', ?)`,
  );
  const status = workbench.db.prepare(`INSERT INTO document_status (document_id, annotator_id, status, revision, updated_at) VALUES (?, ?, ?, 1, 'now')`);
  const statuses = ['in_progress', 'done', 'skipped'] as const;
  workbench.db.transaction(() => {
    for (let i = 0; i < DOCUMENTS; i++) {
      const id = randomUUID();
      // A scrambled number, so title and date order differ from import order.
      const key = (i * 7919) % DOCUMENTS;
      const text = `Report ${i}: shelling near checkpoint ${key % 997} in district ${key % 113}; officials said ${key % 40} people were hurt.`;
      insert.run(
        i + 10,
        id,
        projectId,
        `Report ${String(key).padStart(6, '0')} on district ${key % 113}`,
        `Wire ${key % 37}`,
        `20${String(10 + (key % 15)).padStart(2, '0')}-${String(1 + (key % 12)).padStart(2, '0')}-${String(1 + (key % 28)).padStart(2, '0')}`,
        createHash('sha256').update(text).digest('hex'),
        text.length,
        text,
      );
      if (i % 5 === 0) status.run(id, annotatorId, statuses[i % 3]);
    }
  })();
}

/**
 * The document list over 100,000 documents, as the virtual list asks for it: one page of 100
 * rows at the top, in the middle and at the end, in every order and with filters, plus locating
 * the open document, the corpus progress and a full-text search; against a bare SQLite read of
 * the first 100 rows in import order in the same run.
 */
const benchmark: Benchmark = {
  name: 'document list',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'awb-bench-list-'));
    try {
      const workbench = await openWorkbench(join(dir, 'list.db'), { logger: quiet });
      await workbench.dispatch('annotators.setLocal', { name: 'Bench' });
      const projectId = (workbench.db.prepare('SELECT id FROM project').get() as { id: string }).id;
      const annotatorId = (workbench.db.prepare("SELECT value FROM app_setting WHERE key = 'local_annotator_id'").get() as { value: string }).value;
      seed(workbench, projectId, annotatorId);
      workbench.db.exec('ANALYZE');
      const some = (workbench.db.prepare('SELECT id FROM document ORDER BY seq LIMIT 1 OFFSET 73123').get() as { id: string }).id;

      const measure = async (input: unknown, method = 'documents.list') => {
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          times.push(
            await timeMs(async () => {
              const result = await workbench.dispatch(method, input);
              if (!result.ok) throw new Error(result.error.message);
            }),
          );
        }
        return times;
      };
      const bare = workbench.db.prepare('SELECT id, title, source, published_at, char_count FROM document WHERE project_id = ? ORDER BY seq LIMIT 100');
      const baseline: number[] = [];
      for (let i = 0; i < RUNS; i++) baseline.push(await timeMs(() => bare.all(projectId)));
      const base = median(baseline);

      const cases: [string, unknown, string?][] = [
        ['first page, import order', { projectId, offset: 0, limit: PAGE }],
        ['page at row 50,000, import order', { projectId, offset: 50_000, limit: PAGE }],
        ['last page, title order', { projectId, sort: 'title', offset: DOCUMENTS - PAGE, limit: PAGE }],
        ['page at row 50,000, newest first', { projectId, sort: 'date', direction: 'desc', offset: 50_000, limit: PAGE }],
        ['page at row 50,000, by source', { projectId, sort: 'source', offset: 50_000, limit: PAGE }],
        ['page at row 50,000, by status', { projectId, sort: 'status', offset: 50_000, limit: PAGE }],
        ['first page, only done', { projectId, statuses: ['done'], offset: 0, limit: PAGE }],
        ['first page, not finished', { projectId, statuses: ['todo', 'in_progress'], offset: 0, limit: PAGE }],
        ['first page, title filter "district 42"', { projectId, query: 'district 42', offset: 0, limit: PAGE }],
        ['locate a document, title order', { projectId, sort: 'title', documentId: some }, 'documents.locate'],
        ['corpus progress', { projectId }, 'documents.progress'],
        ['full-text search "checkpoint 512"', { projectId, query: 'checkpoint 512', limit: 20 }, 'documents.search'],
      ];
      const results: BenchResult[] = [];
      for (const [name, input, method] of cases) {
        const times = await measure(input, method);
        const value = median(times);
        results.push({
          suite: 'document list',
          name: `${name}, 100,000 documents`,
          unit: 'ms',
          value,
          p95: percentile(times, 95),
          baseline: { name: 'bare first 100 rows', value: base },
          ratio: value / base,
          target: 'instant (< 50 ms)',
        });
      }
      workbench.close();
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
