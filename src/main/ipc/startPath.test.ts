import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File } from '../../core/backup/backupFiles';
import { startWorkbench } from '../../core/runningWorkbench';
import { quietLogger, seedAnnotatable } from '../../core/testing/fixtures';
import { createTempDirs } from '../../core/testing/tempDir';
import { APP_ENTRY_URL } from '../security/appOrigin';
import { createIpcHandler } from './createIpcHandler';

// Electron main's start path without Electron (no binary here): src/main/index.ts calls
// startWorkbench and registers createIpcHandler(dispatch) for every method, exactly as below.
// The Electron e2e spec (e2e/electron/hardening.electron.spec.ts) runs the real thing where it can.
const tempDir = createTempDirs('awb-main-start-');
const fromApp = { senderFrame: { url: APP_ENTRY_URL } };

describe('Electron main start path', () => {
  it('on a damaged database: the window is told why and offered the last good backup; nothing is overwritten; restore works over IPC', async () => {
    const dbPath = join(tempDir(), 'workbench.db');
    const first = await startWorkbench(dbPath, { logger: quietLogger, autoBackupMinutes: 0 });
    const workbench = first.workbench();
    if (!workbench) throw new Error('not open');
    const { documentId, words } = await seedAnnotatable(workbench);
    await workbench.handlers['annotations.create']({ documentId, start: words[0]?.start ?? 0, end: words[0]?.end ?? 1, label: 'ACTOR' });
    const backup = await first.control.createBackup();
    await first.close();
    const bytes = readFileSync(dbPath);
    bytes.write('not a database header any more', 0);
    writeFileSync(dbPath, bytes);
    const damagedHash = sha256File(dbPath);

    const running = await startWorkbench(dbPath, { logger: quietLogger, autoBackupMinutes: 0 });
    const ipc = (method: Parameters<typeof createIpcHandler>[1]) => createIpcHandler(running.dispatch, method);
    expect(await ipc('app.bootstrap')(fromApp, {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await ipc('storage.status')(fromApp, {})).toMatchObject({
      ok: true,
      value: { state: 'unavailable', problem: { kind: 'damaged' }, lastGoodBackup: { file: backup.file } },
    });
    // A foreign frame may not restore anything.
    expect(await ipc('backups.restore')({ senderFrame: { url: 'https://evil.example/' } }, { file: backup.file })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(sha256File(dbPath)).toBe(damagedHash);

    expect(await ipc('backups.restore')(fromApp, { file: backup.file })).toMatchObject({ ok: true, value: { previous: { kind: 'damaged' } } });
    expect(await ipc('annotations.list')(fromApp, { documentId })).toMatchObject({ ok: true, value: [{ label: 'ACTOR' }] });
    await running.close();
  });

  it('a full disk at run time: the write is refused with storage_full over IPC, earlier spans stay', async () => {
    const dbPath = join(tempDir(), 'workbench.db');
    const running = await startWorkbench(dbPath, { logger: quietLogger, autoBackupMinutes: 0 });
    const db = running.workbench()?.db;
    const workbench = running.workbench();
    if (!db || !workbench) throw new Error('not open');
    const { documentId, words } = await seedAnnotatable(workbench, 400);
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true })) + 1}`);
    const create = createIpcHandler(running.dispatch, 'annotations.create');
    let saved = 0;
    let last: unknown = null;
    for (const word of words) {
      last = await create(fromApp, { documentId, start: word.start, end: word.end, label: 'LOCATION' });
      if (!(last as { ok: boolean }).ok) break;
      saved++;
    }
    expect(last).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    expect(((await createIpcHandler(running.dispatch, 'annotations.list')(fromApp, { documentId })) as { value: unknown[] }).value).toHaveLength(saved);
    await running.close();
  });
});
