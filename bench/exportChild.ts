// One side of the export benchmark, run in its own process so its peak RSS is its own:
//   node --import tsx bench/exportChild.ts export <db> <out>    the real export (a job in its worker)
//   node --import tsx bench/exportChild.ts baseline <db> <out>  the same rows, JSON.stringify, no other logic
// Prints one JSON line: { ms, documents, bytes, maxRssBytes }.
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { activeProject } from '../src/core/services/session';
import { documentPage, spansOfPage, statusesOfPage } from '../src/core/store/exportReads';
import { openWorkbench } from '../src/core/workbench';

const quiet = { info: () => undefined, warn: () => undefined, error: (message: string) => process.stderr.write(`${message}\n`) };
const [mode, dbPath, out] = process.argv.slice(2);
if (!mode || !dbPath || !out) throw new Error('usage: exportChild.ts export|baseline <db> <out>');

const workbench = await openWorkbench(dbPath, { logger: quiet });
let ms: number;
let documents = 0;
let bytes: number;
if (mode === 'export') {
  const start = performance.now();
  const job = workbench.jobs.start({
    kind: 'export',
    input: { options: { format: 'jsonl', layer: { kind: 'all' }, statuses: ['done'] }, target: { kind: 'exactly', path: out } },
  });
  const done = await workbench.jobs.wait(job.id);
  ms = performance.now() - start;
  if (done.state !== 'succeeded' || done.result?.kind !== 'export') throw new Error(`export ${done.state}: ${done.error?.message ?? ''}`);
  documents = done.result.summary.documents;
  bytes = done.result.summary.files.filter((file) => file.path.startsWith('data-')).reduce((sum, file) => sum + file.bytes, 0);
} else {
  // The floor: the same pages of documents, spans and statuses, each document written as
  // JSON.stringify of its row with its span rows, buffered into one file. No filtering, no
  // checks, no hashing, no fsync.
  const projectId = activeProject(workbench.context).id;
  const path = join(out, 'baseline.jsonl');
  const start = performance.now();
  const fd = openSync(path, 'w');
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = () => {
    const buffer = Buffer.from(pending.join(''), 'utf8');
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
    pending = [];
    pendingChars = 0;
  };
  const range = { from: null, to: null };
  for (let after = 0; ;) {
    const page = documentPage(workbench.db, projectId, range, after, 256);
    const last = page.at(-1);
    if (!last) break;
    const spans = new Map<string, unknown[]>();
    for (const row of spansOfPage(workbench.db, projectId, after, last.seq)) {
      const list = spans.get(row.document_id);
      if (list) list.push(row);
      else spans.set(row.document_id, [row]);
    }
    statusesOfPage(workbench.db, projectId, after, last.seq);
    for (const row of page) {
      const line = `${JSON.stringify({ ...row, spans: spans.get(row.id) ?? [] })}\n`;
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars >= 1 << 20) flush();
      documents++;
    }
    after = last.seq;
  }
  flush();
  closeSync(fd);
  ms = performance.now() - start;
  bytes = statSync(path).size;
}
await workbench.shutdown();
process.stdout.write(`${JSON.stringify({ ms, documents, bytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
