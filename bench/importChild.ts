// One side of the import benchmark, run in its own process so its peak RSS is its own:
//   node --import tsx bench/importChild.ts import <db> <jsonl>    the real import (a job in its worker)
//   node --import tsx bench/importChild.ts baseline <db> <count>  the same rows by a bare prepared statement
// Prints one JSON line: { ms, documents, maxRssBytes }.
import { createHash } from 'node:crypto';
import { openWorkbench } from '../src/core/workbench';
import { generateArticles } from './lib/articles';

const quiet = { info: () => undefined, warn: () => undefined, error: (message: string) => process.stderr.write(`${message}\n`) };
const [mode, dbPath, arg] = process.argv.slice(2);
if (!mode || !dbPath || !arg) throw new Error('usage: importChild.ts import|baseline <db> <jsonl|count>');

const workbench = await openWorkbench(dbPath, { logger: quiet });
let ms: number;
let documents: number;
if (mode === 'import') {
  const start = performance.now();
  const job = workbench.jobs.start({ kind: 'import', input: { paths: [{ path: arg, name: 'bench.jsonl' }], options: {} } });
  const done = await workbench.jobs.wait(job.id);
  ms = performance.now() - start;
  if (done.state !== 'succeeded' || !done.result) throw new Error(`import ${done.state}: ${done.error?.message ?? ''}`);
  documents = done.result.summary.totals.documentsImported;
} else {
  // The floor: the same rows, prepared in memory first (not timed), inserted into the same table
  // (same full-text index and triggers) by one prepared statement in one transaction.
  const projectId = (workbench.db.prepare('SELECT id FROM project').get() as { id: string }).id;
  const rows = [...generateArticles(Number(arg))].map((article, index) => ({
    ...article,
    uuid: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    sha: createHash('sha256').update(article.text).digest('hex'),
  }));
  const insert = workbench.db.prepare(
    `INSERT INTO document (id, project_id, external_id, title, source, published_at, text_sha256, char_count, metadata_json, created_at, text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', '2024-01-01T00:00:00Z', ?)`,
  );
  const start = performance.now();
  workbench.db.transaction(() => {
    for (const row of rows) insert.run(row.uuid, projectId, row.id, row.title, row.source, row.date, row.sha, row.text.length, row.text);
  })();
  ms = performance.now() - start;
  documents = rows.length;
}
await workbench.shutdown();
process.stdout.write(`${JSON.stringify({ ms, documents, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
