import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../../shared/contract/methods/jobs';
import { addDocument } from '../services/addDocument';
import { activeProject } from '../services/session';
import { exportInto, seedExportCorpus } from '../testing/exportHarness';
import { openTestWorkbench } from '../testing/importHarness';
import { createTempDirs } from '../testing/tempDir';
import type { Workbench } from '../workbench';

const tempDir = createTempDirs('awb-export-');
const ROOT = join(import.meta.dirname, '..', '..', '..');

/** A project with `count` plain articles of about 5 KB (large enough that an export takes a while). */
async function bigProject(count: number): Promise<Workbench> {
  const workbench = await openTestWorkbench(tempDir());
  const project = activeProject(workbench.context);
  const body = 'Artillery fire was reported near the eastern checkpoint overnight, a spokesman for the local council said. '.repeat(48);
  workbench.db.transaction(() => {
    for (let i = 0; i < count; i++) addDocument(workbench.context, { projectId: project.id, title: `Bulletin ${i}`, text: `Bulletin ${i}. ${body}` });
  })();
  return workbench;
}

describe('atomic export files', () => {
  it('an export killed part-way leaves complete files or hidden partial ones, never a partial file under its final name', async () => {
    const workbench = await bigProject(24_000);
    const dbPath = workbench.dbPath;
    workbench.close();
    const out = join(tempDir(), 'killed');
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'awb.js'), 'export', '--format', 'jsonl', '--out', out, '--status', 'any', '--shard-size', '2000', '--db', dbPath, '--json'],
      {
        cwd: ROOT,
        env: { ...process.env, AWB_LOG_LEVEL: 'error' },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    // Kill it once a shard has been renamed into place and the next one is being written.
    const killedAt = await new Promise<string[]>((resolve, reject) => {
      const timer = setInterval(() => {
        const names = existsSync(out) ? readdirSync(out) : [];
        if (names.some((name) => /^data-\d{5}\.jsonl$/.test(name)) && names.some((name) => name.endsWith('.partial'))) {
          child.kill('SIGKILL');
          clearInterval(timer);
          resolve(names);
        }
      }, 2);
      child.once('exit', () => {
        clearInterval(timer);
        reject(new Error('the export finished before it could be killed'));
      });
    });
    expect(await exited).toBe('SIGKILL');
    expect(killedAt.length).toBeGreaterThan(0);
    const names = readdirSync(out);
    expect(names).not.toContain('manifest.json');
    const finals = names.filter((name) => /^data-\d{5}\.jsonl$/.test(name));
    const partials = names.filter((name) => name.endsWith('.partial'));
    expect(finals.length).toBeGreaterThan(0);
    expect(partials.length).toBeGreaterThan(0);
    expect(partials.every((name) => /^\.data-\d{5}\.jsonl\.[0-9a-f]{12}\.partial$/.test(name))).toBe(true);
    expect(names.filter((name) => !finals.includes(name) && !partials.includes(name))).toEqual([]);
    // Every file under a final name is complete: 2,000 whole JSON lines.
    for (const name of finals) {
      const content = readFileSync(join(out, name), 'utf8');
      expect(content.endsWith('\n')).toBe(true);
      const lines = content.split('\n').filter(Boolean);
      expect(lines).toHaveLength(2_000);
      for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  }, 120_000);

  it('cancel (through the job, in its worker) removes every file it wrote', async () => {
    const workbench = await bigProject(12_000);
    const result = await workbench.dispatch('export.start', { options: { format: 'jsonl', statuses: ['todo'], shardSize: 500 }, folder: undefined });
    if (!result.ok) throw new Error(result.error.message);
    const { jobId } = result.value as { jobId: string };
    let status: JobStatus;
    do {
      status = workbench.jobs.get(jobId);
      await new Promise((resolve) => setTimeout(resolve, 5));
    } while (status.state === 'running' && status.progress.done < 1_000);
    workbench.jobs.cancel(jobId);
    status = await workbench.jobs.wait(jobId);
    expect(status.state).toBe('cancelled');
    const exportsDir = join(workbench.dbPath, '..', 'exports');
    expect(readdirSync(exportsDir)).toEqual([]);
    await workbench.shutdown();
  }, 60_000);

  it('a span whose offsets do not give its text stops the export and leaves nothing (the check runs before success)', async () => {
    const workbench = await openTestWorkbench(tempDir());
    const { documentIds } = seedExportCorpus(workbench);
    // Simulate a bug upstream: a stored span whose quote disagrees with the text at its offsets.
    workbench.db.prepare("UPDATE annotation SET quote = 'Kyiv' WHERE quote = 'Kharkiv' AND document_id = ?").run(documentIds.emoji);
    const parent = tempDir();
    expect(() => exportInto(workbench, { format: 'labelstudio' }, { kind: 'inside', parent })).toThrow(
      /The Label Studio export was stopped and removed: span .* would be written at 34–41 \(codepoint\), where the text reads "Kharkiv" instead of "Kyiv"/,
    );
    expect(readdirSync(parent)).toEqual([]);
    workbench.close();
  });
});
