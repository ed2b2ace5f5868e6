import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sha256File } from './backup/backupFiles';
import { startWorkbench, type RunningWorkbench } from './runningWorkbench';
import { LATEST_SCHEMA_VERSION } from './store/migrations/index';
import { closeDatabase } from './store/openDatabase';
import { messageOf, quietLogger, seedAnnotatable } from './testing/fixtures';
import { asUnprivilegedUser, holdLock, PROJECT_ROOT, runJsonChild } from './testing/processes';
import { createTempDirs } from './testing/tempDir';
import { openWorkbench } from './workbench';
import type { StorageStatus } from '../shared/contract/methods/storage';
import type { Result } from '../shared/contract/result';

// Each fault of the reference's §4 (cases 27–29) against the workbench as a host runs it: a clear
// error, the app still answering, nothing already stored lost or overwritten.
const tempDir = createTempDirs('awb-faults-');
const PROBE = join(PROJECT_ROOT, 'src', 'core', 'testing', 'children', 'storageProbe.ts');

type Probe = { results: Result<unknown>[]; status: StorageStatus };

/** A database with the fixture document and `spans` spans, closed cleanly (log folded in), plus one verified backup. */
async function prepared(spans = 3) {
  const dir = tempDir();
  const dbPath = join(dir, 'workbench.db');
  const running = await startWorkbench(dbPath, { logger: quietLogger, autoBackupMinutes: 0 });
  const workbench = running.workbench();
  if (!workbench) throw new Error('the fixture database did not open');
  const { documentId, words } = await seedAnnotatable(workbench, 400);
  for (const word of words.slice(0, spans)) await workbench.handlers['annotations.create']({ documentId, start: word.start, end: word.end, label: 'ACTOR' });
  await running.startupBackup;
  const backup = await running.control.createBackup();
  await running.close();
  return { dir, dbPath, documentId, words, backup };
}

async function start(dbPath: string): Promise<RunningWorkbench> {
  return startWorkbench(dbPath, { logger: quietLogger, autoBackupMinutes: 0 });
}

const spanCount = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM annotation').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('disk full (SQLITE_FULL, provoked with max_page_count)', () => {
  it('refuses the write that does not fit with storage_full, keeps every earlier one, and keeps running', async () => {
    const { dbPath, documentId, words } = await prepared(0);
    const running = await start(dbPath);
    const db = running.workbench()?.db;
    if (!db) throw new Error('not open');
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true })) + 2}`);

    const acknowledged: string[] = [];
    let refusal: Result<unknown> | null = null;
    for (const word of words) {
      const result = await running.dispatch('annotations.create', {
        documentId,
        start: word.start,
        end: word.end,
        label: 'WEAPON',
        attributes: { category: 'unspecified' },
      });
      if (!result.ok) {
        refusal = result;
        break;
      }
      acknowledged.push((result.value as { id: string }).id);
    }
    expect(refusal).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    expect(messageOf(refusal)).toMatch(/disk is full.*not saved/);
    expect(acknowledged.length).toBeGreaterThan(0);

    // Still answering, with exactly the acknowledged spans; the refused one left nothing behind.
    const listed = await running.dispatch('annotations.list', { documentId });
    expect(listed.ok && (listed.value as { id: string }[]).map((span) => span.id).sort()).toEqual([...acknowledged].sort());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Once there is room again, saving works.
    db.pragma('max_page_count = 1073741823');
    const word = words.at(-1);
    expect(await running.dispatch('annotations.create', { documentId, start: word?.start, end: word?.end, label: 'ACTOR' })).toMatchObject({ ok: true });
    await running.close();
    expect(spanCount(dbPath)).toBe(acknowledged.length + 1);
  });
});

describe('a read-only database', () => {
  it('opens in read-only mode: reads work, a change is refused with read_only, and the file is not touched', async () => {
    const { dir, dbPath, documentId, words } = await prepared(2);
    chmodSync(dbPath, 0o444);
    const before = sha256File(dbPath);
    const word = words[10];
    const probe = runJsonChild<Probe>(
      PROBE,
      [
        dbPath,
        JSON.stringify([
          ['app.bootstrap', {}],
          ['annotations.list', { documentId }],
          ['annotations.create', { documentId, start: word?.start, end: word?.end, label: 'ACTOR' }],
        ]),
      ],
      asUnprivilegedUser(dir),
    );
    expect(probe.status).toMatchObject({ state: 'read_only', problem: { kind: 'read_only' } });
    expect(messageOf(probe.status)).toContain('read-only');
    expect(probe.results[0]).toMatchObject({ ok: true });
    expect(probe.results[1]).toMatchObject({ ok: true, value: [expect.anything(), expect.anything()] });
    expect(probe.results[2]).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(messageOf(probe.results[2])).toContain('not saved');
    expect(sha256File(dbPath)).toBe(before);
    chmodSync(dbPath, 0o644);
    expect(spanCount(dbPath)).toBe(2);
  });

  it('in a read-only folder (no room for the write-ahead log) it is refused with a clear error, untouched', async () => {
    const { dir, dbPath } = await prepared(2);
    const unprivileged = asUnprivilegedUser(dir);
    chmodSync(dbPath, 0o444);
    chmodSync(dir, 0o555);
    const before = sha256File(dbPath);
    try {
      const probe = runJsonChild<Probe>(PROBE, [dbPath, JSON.stringify([['app.bootstrap', {}]])], unprivileged);
      expect(probe.status).toMatchObject({ state: 'unavailable', problem: { kind: 'read_only' } });
      expect(messageOf(probe.status)).toMatch(/folder .* is read-only/);
      expect(probe.results[0]).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    } finally {
      chmodSync(dir, 0o755);
    }
    expect(sha256File(dbPath)).toBe(before);
  });
});

describe('a database locked by another process', () => {
  it('refuses a write with busy after the wait, loses nothing, and saves once the lock is gone', async () => {
    const { dbPath, documentId, words } = await prepared(1);
    const running = await start(dbPath);
    const lock = await holdLock(dbPath, 'write');
    const word = words[20];
    const input = { documentId, start: word?.start, end: word?.end, label: 'LOCATION' };
    try {
      const refused = await running.dispatch('annotations.create', input);
      expect(refused).toMatchObject({ ok: false, error: { code: 'busy' } });
      expect(messageOf(refused)).toContain('locked by another program');
      // Reading still works while the other program holds its write lock.
      expect(await running.dispatch('annotations.list', { documentId })).toMatchObject({ ok: true, value: [expect.anything()] });
    } finally {
      await lock.release();
    }
    expect(await running.dispatch('annotations.create', input)).toMatchObject({ ok: true });
    await running.close();
    expect(spanCount(dbPath)).toBe(2);
  });

  it('at start-up (exclusive lock) the host starts anyway, explains, and opens on "try again"', async () => {
    const { dbPath } = await prepared(1);
    const lock = await holdLock(dbPath, 'exclusive');
    let running: RunningWorkbench;
    try {
      running = await start(dbPath);
      expect(running.control.status()).toMatchObject({ state: 'unavailable', problem: { kind: 'locked' } });
      expect(messageOf(running.control.status())).toContain('locked by another program');
      expect(await running.dispatch('app.bootstrap', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    } finally {
      await lock.release();
    }
    expect(await running.dispatch('storage.reopen', {})).toMatchObject({ ok: true, value: { state: 'ready', problem: null } });
    expect(await running.dispatch('app.bootstrap', {})).toMatchObject({ ok: true });
    await running.close();
  });
});

describe('a damaged database', () => {
  /** Overwrites the first bytes (the header) of a closed database. */
  function damageHeader(path: string): void {
    const bytes = readFileSync(path);
    bytes.write('this is no longer an SQLite file', 0);
    writeFileSync(path, bytes);
  }

  /** Scribbles over the middle of the annotation table's first page, as a bad sector would. */
  function flipAnnotationPage(path: string): void {
    const db = new Database(path);
    const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'annotation'").get() as { rootpage: number };
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    closeDatabase(db);
    const bytes = readFileSync(path);
    bytes.fill(0xa5, (rootpage - 1) * pageSize + 8, (rootpage - 1) * pageSize + 200);
    writeFileSync(path, bytes);
  }

  it.each([
    ['a garbage header', damageHeader],
    ['a flipped page', flipAnnotationPage],
  ])('with %s: no crash loop, nothing overwritten, the last good backup offered and restorable', async (_name, damage) => {
    const { dbPath, documentId, backup } = await prepared(3);
    damage(dbPath);
    const damagedHash = sha256File(dbPath);

    for (let attempt = 0; attempt < 2; attempt++) {
      const running = await start(dbPath);
      const status = running.control.status();
      expect(status).toMatchObject({ state: 'unavailable', problem: { kind: 'damaged' }, lastGoodBackup: { file: backup.file } });
      expect(status.problem?.message).toContain(`The last good backup is ${backup.file}`);
      expect(await running.dispatch('app.bootstrap', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      await running.close();
      expect(sha256File(dbPath)).toBe(damagedHash);
    }

    const running = await start(dbPath);
    const restored = await running.dispatch('backups.restore', { file: backup.file });
    expect(restored).toMatchObject({ ok: true, value: { restored: { file: backup.file }, previous: { kind: 'damaged' }, status: { state: 'ready' } } });
    expect(await running.dispatch('annotations.list', { documentId })).toMatchObject({
      ok: true,
      value: [expect.anything(), expect.anything(), expect.anything()],
    });
    await running.close();
    const previous = (restored as { value: { previous: { file: string } } }).value.previous.file;
    expect(sha256File(join(running.backupDir, previous))).toBe(damagedHash);
  });

  it('from a newer version of the app: refused, explained, untouched', async () => {
    const { dbPath } = await prepared(1);
    const raw = new Database(dbPath);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 10}`);
    closeDatabase(raw);
    const before = sha256File(dbPath);
    const running = await start(dbPath);
    expect(running.control.status()).toMatchObject({ state: 'unavailable', problem: { kind: 'newer_version' } });
    expect(messageOf(running.control.status())).toContain('newer version');
    await running.close();
    expect(sha256File(dbPath)).toBe(before);
  });
});

describe('automatic backups', () => {
  it('are taken at start-up, verified, and again after edits', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'workbench.db');
    const running = await startWorkbench(dbPath, { logger: quietLogger, autoBackupMinutes: 0.002 });
    await running.startupBackup;
    const first = running.control.status().lastBackup;
    expect(first).toMatchObject({ kind: 'auto' });
    const workbench = running.workbench();
    if (!workbench) throw new Error('not open');
    const { documentId, words } = await seedAnnotatable(workbench);
    const word = words[0];
    await running.dispatch('annotations.create', { documentId, start: word?.start, end: word?.end, label: 'ACTOR' });
    await expect.poll(() => running.control.status().lastBackup?.file, { timeout: 10_000 }).not.toBe(first?.file);
    const latest = running.control.listBackups()[0];
    expect(spanCount(join(running.backupDir, latest?.file ?? ''))).toBe(1);
    await running.close();
    expect(readdirSync(running.backupDir).every((file) => !file.includes('partial'))).toBe(true);
  });

  it('a bare database (commands, tests) has no backup service and says so', async () => {
    const dir = tempDir();
    const workbench = await openWorkbench(join(dir, 'bare.db'), { logger: quietLogger });
    expect(await workbench.dispatch('backups.list', {})).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    workbench.close();
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });
});
