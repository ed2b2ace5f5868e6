import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../../shared/contract/methods/jobs';
import { dumpDatabase, openTestWorkbench } from '../testing/importHarness';
import { createTempDirs } from '../testing/tempDir';
import type { Workbench } from '../workbench';
import { JobManager, WAITING_PHASE } from './jobManager';

const tempDir = createTempDirs();

/** Writes a JSONL file of generated articles, big enough that an import takes a while. */
async function writeArticles(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    const text = `Report ${i}: shelling hit district ${i % 97} overnight, officials said. `.repeat(12);
    if (!out.write(`${JSON.stringify({ id: `gen-${i}`, title: `Report ${i}`, text })}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function withWorkbench(run: (workbench: Workbench, dir: string) => Promise<void>): Promise<void> {
  const dir = tempDir();
  const workbench = await openTestWorkbench(dir);
  try {
    await run(workbench, dir);
  } finally {
    await workbench.shutdown();
  }
}

describe('jobs (import in a worker thread with its own connection)', () => {
  it('runs an import to the end, reporting progress, through the contract', () =>
    withWorkbench(async (workbench, dir) => {
      await writeArticles(join(dir, 'articles.jsonl'), 3_000);
      const file = workbench.files.registerPath(join(dir, 'articles.jsonl'), 'articles.jsonl');
      const started = await workbench.dispatch('import.start', { handles: [file.handle] });
      if (!started.ok) throw new Error(started.error.message);
      const { jobId } = started.value as { jobId: string };
      const seen: JobStatus[] = [];
      let status: JobStatus;
      do {
        const polled = await workbench.dispatch('jobs.get', { jobId });
        if (!polled.ok) throw new Error(polled.error.message);
        status = polled.value as JobStatus;
        seen.push(status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      } while (status.state === 'running');
      expect(status.state).toBe('succeeded');
      expect(status.result?.kind === 'import' && status.result.summary.totals).toMatchObject({ documentsImported: 3_000, filesImported: 1 });
      expect(seen.some((s) => s.state === 'running' && s.progress.done > 0 && s.progress.done < s.progress.total)).toBe(true);
      expect(status.progress).toMatchObject({ done: file.bytes, total: file.bytes, unit: 'bytes' });
      expect(workbench.db.prepare("SELECT count(*) AS n FROM document WHERE external_id LIKE 'gen-%'").get()).toEqual({ n: 3_000 });
      const listed = await workbench.dispatch('jobs.list', {});
      expect(listed).toMatchObject({ ok: true, value: [{ id: jobId, state: 'succeeded' }] });
    }));

  it('cancel leaves the database exactly as before (compared by a dump)', () =>
    withWorkbench(async (workbench, dir) => {
      await writeArticles(join(dir, 'big.jsonl'), 60_000);
      const before = dumpDatabase(workbench.db);
      const started = workbench.jobs.start({ kind: 'import', input: { paths: [{ path: join(dir, 'big.jsonl'), name: 'big.jsonl' }], options: {} } });
      await until(() => workbench.jobs.get(started.id).progress.done > 0);
      expect(workbench.jobs.cancel(started.id)).toMatchObject({ state: 'running', cancelRequested: true });
      const finished = await workbench.jobs.wait(started.id);
      expect(finished).toMatchObject({ state: 'cancelled', result: null });
      expect(dumpDatabase(workbench.db)).toBe(before);
    }));

  it('a span saved while an import is open is never part of the import: it survives the import’s rollback', () =>
    withWorkbench(async (workbench, dir) => {
      await workbench.dispatch('annotators.setLocal', { name: 'Ana' });
      const doc = workbench.db.prepare("SELECT id, text FROM document WHERE text LIKE '%Tower 22%'").get() as { id: string; text: string };
      const start = [...doc.text.slice(0, doc.text.indexOf('Tower 22'))].length;
      await writeArticles(join(dir, 'big.jsonl'), 60_000);
      const started = workbench.jobs.start({ kind: 'import', input: { paths: [{ path: join(dir, 'big.jsonl'), name: 'big.jsonl' }], options: {} } });
      await until(() => workbench.jobs.get(started.id).progress.done > 0);
      workbench.jobs.cancel(started.id);
      // The write waits for the import's lock (a separate connection), then commits on its own.
      const saved = await workbench.dispatch('annotations.create', { documentId: doc.id, start, end: start + 8, label: 'LOCATION' });
      expect(saved).toMatchObject({ ok: true, value: { quote: 'Tower 22' } });
      expect(await workbench.jobs.wait(started.id)).toMatchObject({ state: 'cancelled' });
      expect(workbench.db.prepare("SELECT quote FROM annotation WHERE label = 'LOCATION'").all()).toEqual([{ quote: 'Tower 22' }]);
      expect(workbench.db.prepare("SELECT count(*) AS n FROM document WHERE external_id LIKE 'gen-%'").get()).toEqual({ n: 0 });
    }));

  it('runs at most maxRunning jobs at once: the others wait in line, and a waiting job cancels at once', () =>
    withWorkbench(async (workbench, dir) => {
      await writeArticles(join(dir, 'big.jsonl'), 60_000);
      await writeArticles(join(dir, 'small.jsonl'), 50);
      const importOf = (name: string) => ({ kind: 'import' as const, input: { paths: [{ path: join(dir, name), name }], options: {} } });
      const jobs = new JobManager({ dbPath: workbench.dbPath, logger: workbench.context.logger, maxRunning: 1 });
      try {
        const big = jobs.start(importOf('big.jsonl'));
        const next = jobs.start(importOf('small.jsonl'));
        const dropped = jobs.start(importOf('small.jsonl'));
        expect([big.phase, next.phase, dropped.phase]).toEqual(['Starting', WAITING_PHASE, WAITING_PHASE]);
        await until(() => jobs.get(big.id).progress.done > 0);
        // While the first runs, the others have not started: no worker, no progress.
        expect(jobs.get(next.id)).toMatchObject({ state: 'running', phase: WAITING_PHASE, progress: { done: 0, total: 0 } });
        expect(jobs.cancel(dropped.id)).toMatchObject({ state: 'cancelled', phase: 'Cancelled', result: null });
        jobs.cancel(big.id);
        expect(await jobs.wait(big.id)).toMatchObject({ state: 'cancelled' });
        // The slot freed, the next in line ran to the end; the dropped one never ran.
        const finished = await jobs.wait(next.id);
        expect(finished.state).toBe('succeeded');
        expect(finished.result?.kind === 'import' && finished.result.summary.totals).toMatchObject({ documentsImported: 50 });
        expect(workbench.db.prepare("SELECT count(*) AS n FROM document WHERE external_id LIKE 'gen-%'").get()).toEqual({ n: 50 });
        expect(jobs.get(dropped.id)).toMatchObject({ state: 'cancelled', result: null });
        expect(() => new JobManager({ dbPath: workbench.dbPath, logger: workbench.context.logger, maxRunning: 0 })).toThrow(
          'maxRunning must be a positive integer',
        );
      } finally {
        await jobs.close();
      }
    }));

  it('a job that fails reports the error, and an unknown job is not_found', () =>
    withWorkbench(async (workbench) => {
      const started = workbench.jobs.start({ kind: 'import', input: { paths: [{ path: '/nonexistent/file.jsonl', name: 'file.jsonl' }], options: {} } });
      const finished = await workbench.jobs.wait(started.id);
      expect(finished).toMatchObject({ state: 'failed', error: { code: 'not_found', message: 'file.jsonl: the file does not exist or cannot be read.' } });
      expect(await workbench.dispatch('jobs.get', { jobId: 'no-such-job' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await workbench.dispatch('files.pick', { purpose: 'import' })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
      expect(await workbench.dispatch('import.preview', { handles: ['unknown-handle'] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }));
});
