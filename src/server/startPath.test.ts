import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File } from '../core/backup/backupFiles';
import { startWorkbench } from '../core/runningWorkbench';
import { messageOf, quietLogger, seedAnnotatable } from '../core/testing/fixtures';
import { PROJECT_ROOT, tsxArgs } from '../core/testing/processes';
import { createTempDirs } from '../core/testing/tempDir';

// The HTTP host's start path as `npm start` / `awb serve` run it: its own process, a damaged
// database. It must start, say what is wrong and which backup can be restored, change nothing,
// and restore over HTTP.
const tempDir = createTempDirs('awb-start-');

async function damagedDatabaseWithBackup() {
  const dir = tempDir();
  const dbPath = join(dir, 'workbench.db');
  const running = await startWorkbench(dbPath, { logger: quietLogger, autoBackupMinutes: 0 });
  const workbench = running.workbench();
  if (!workbench) throw new Error('not open');
  const { documentId, words } = await seedAnnotatable(workbench);
  const word = words[3];
  await workbench.handlers['annotations.create']({ documentId, start: word?.start ?? 0, end: word?.end ?? 1, label: 'ACTOR' });
  const backup = await running.control.createBackup();
  await running.close();
  const bytes = readFileSync(dbPath);
  bytes.write('scrambled header bytes!', 0);
  writeFileSync(dbPath, bytes);
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>test</title>');
  return { dir, dbPath, backup, renderer, documentId };
}

function serve(dbPath: string, renderer: string) {
  const child = spawn(process.execPath, tsxArgs(join(PROJECT_ROOT, 'src', 'server', 'main.ts'), '--db', dbPath, '--renderer', renderer), {
    cwd: PROJECT_ROOT,
    env: { ...process.env, AWB_LOG_LEVEL: 'silent' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+\/)#token=([\w-]+)/.exec(stdout);
      if (match?.[1] && match[2]) {
        clearInterval(timer);
        resolve({ url: match[1], token: match[2] });
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`the server exited with ${String(code)}: ${stderr}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { ready, stop, output: () => ({ stdout, stderr }) };
}

describe('HTTP host start path', () => {
  it('starts on a damaged database, offers the last good backup, changes nothing, and restores on request', async () => {
    const { dbPath, backup, renderer, documentId } = await damagedDatabaseWithBackup();
    const damagedHash = sha256File(dbPath);
    const server = serve(dbPath, renderer);
    try {
      const { url, token } = await server.ready;
      await expect.poll(() => server.output().stderr).toContain(`The last good backup is ${backup.file}`);
      expect(server.output().stderr).toContain('awb restore --latest');
      const call = async (method: string, input: unknown) => {
        const response = await fetch(`${url}api/${method}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        return { status: response.status, body: (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
      };
      const boot = await call('app.bootstrap', {});
      expect(boot).toMatchObject({ status: 503, body: { ok: false, error: { code: 'unavailable' } } });
      expect(messageOf(boot)).toContain('damaged');
      expect(await call('storage.status', {})).toMatchObject({
        status: 200,
        body: { value: { state: 'unavailable', problem: { kind: 'damaged' }, lastGoodBackup: { file: backup.file } } },
      });
      expect(sha256File(dbPath)).toBe(damagedHash);

      expect(await call('backups.restore', { file: backup.file })).toMatchObject({ status: 200, body: { ok: true, value: { status: { state: 'ready' } } } });
      expect(await call('annotations.list', { documentId })).toMatchObject({ status: 200, body: { ok: true, value: [{ label: 'ACTOR' }] } });
    } finally {
      await server.stop();
    }
  });
});
