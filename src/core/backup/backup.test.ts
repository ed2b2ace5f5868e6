import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createTempDirs } from '../testing/tempDir';
import { quietLogger, seedAnnotatable } from '../testing/fixtures';
import { openWorkbench } from '../workbench';
import { BACKUPS_KEPT, backupFileName, listBackupFiles, parseBackupFileName, sha256File } from './backupFiles';
import { createVerifiedBackup } from './createBackup';
import { findLastGoodBackup } from './lastGoodBackup';
import { restoreBackup } from './restoreBackup';
import { verifyDatabaseFile } from './verifyDatabaseFile';

const tempDir = createTempDirs('awb-backup-');

/** A clock that moves one second per call, so backup names sort in the order they were taken. */
function steppingClock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return () => new Date((t += 1000));
}

async function seeded(spans = 3) {
  const dir = tempDir();
  const dbPath = join(dir, 'workbench.db');
  const workbench = await openWorkbench(dbPath, { logger: quietLogger });
  const { documentId, words } = await seedAnnotatable(workbench);
  for (const word of words.slice(0, spans)) await workbench.handlers['annotations.create']({ documentId, start: word.start, end: word.end, label: 'ACTOR' });
  return { dir, dbPath, backupDir: join(dir, 'backups'), workbench, documentId, words };
}

const countSpans = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM annotation').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('backup file names', () => {
  it('round-trip and sort by time; partial and foreign files are ignored', () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    const name = backupFileName('/x/workbench.db', 'auto', at);
    expect(name).toBe('workbench.2026-03-04T05-06-07-089Z.auto.sqlite');
    expect(parseBackupFileName(name)).toEqual({ stem: 'workbench', createdAt: at.toISOString(), kind: 'auto' });
    expect(parseBackupFileName(`.${name}.partial`)).toBeNull();
    expect(parseBackupFileName('workbench.2026-03-04T05-06-07-089Z.unknown.sqlite')).toBeNull();
  });
});

describe('createVerifiedBackup', () => {
  it('writes a verified, self-contained copy with every committed span, and nothing partial', async () => {
    const { dbPath, backupDir, workbench } = await seeded(5);
    const { backup, created } = await createVerifiedBackup(workbench.db, { dbPath, dir: backupDir, kind: 'manual' });
    expect(created).toBe(true);
    expect(backup.kind).toBe('manual');
    expect(readdirSync(backupDir)).toEqual([backup.file]);
    expect(verifyDatabaseFile(backup.path)).toMatchObject({ ok: true });
    expect(countSpans(backup.path)).toBe(5);
    // One file, no write-ahead log beside it: it can be copied or restored on its own.
    const copy = new Database(backup.path, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    workbench.close();
  });

  it('keeps the last N automatic copies and never deletes manual ones', async () => {
    const { dbPath, backupDir, workbench, documentId, words } = await seeded(1);
    const now = steppingClock();
    const keep = BACKUPS_KEPT.auto ?? 0;
    await createVerifiedBackup(workbench.db, { dbPath, dir: backupDir, kind: 'manual', now });
    for (let i = 0; i < keep + 3; i++) {
      const word = words[i + 1];
      if (word) await workbench.handlers['annotations.create']({ documentId, start: word.start, end: word.end, label: 'WEAPON' });
      await createVerifiedBackup(workbench.db, { dbPath, dir: backupDir, kind: 'auto', now, skipIfUnchanged: true });
    }
    const backups = listBackupFiles(dbPath, backupDir);
    expect(backups.filter((backup) => backup.kind === 'auto')).toHaveLength(keep);
    expect(backups.filter((backup) => backup.kind === 'manual')).toHaveLength(1);
    // The newest automatic copy holds the latest span.
    expect(countSpans(backups[0]?.path ?? '')).toBe(keep + 4);
    workbench.close();
  });

  it('does not pile up identical automatic copies of an unchanged database', async () => {
    const { dbPath, backupDir, workbench } = await seeded(2);
    const now = steppingClock();
    const first = await createVerifiedBackup(workbench.db, { dbPath, dir: backupDir, kind: 'auto', now, skipIfUnchanged: true });
    const second = await createVerifiedBackup(workbench.db, { dbPath, dir: backupDir, kind: 'auto', now, skipIfUnchanged: true });
    expect(first.created).toBe(true);
    expect(second).toEqual({ backup: first.backup, created: false });
    expect(readdirSync(backupDir)).toEqual([first.backup.file]);
    workbench.close();
  });

  it('discards a copy that fails its check and says why', async () => {
    const { dbPath, backupDir, workbench } = await seeded(1);
    // A row that points at no document: integrity_check passes, foreign_key_check does not.
    workbench.db.pragma('foreign_keys = OFF');
    workbench.db
      .prepare(
        `INSERT INTO annotation (id, document_id, annotator_id, layer, start, "end", label, attributes_json, quote, origin, created_at, updated_at)
         SELECT 'orphan', 'no-such-document', annotator_id, layer, start, "end", label, attributes_json, quote, origin, created_at, updated_at FROM annotation LIMIT 1`,
      )
      .run();
    await expect(createVerifiedBackup(workbench.db, { dbPath, dir: backupDir, kind: 'auto' })).rejects.toThrow(
      /failed its check and was discarded \(foreign_key_check/,
    );
    expect(readdirSync(backupDir)).toEqual([]);
    workbench.close();
  });
});

describe('restoreBackup', () => {
  it('backs up the current file first, then puts the backup in place', async () => {
    const { dbPath, backupDir, workbench, documentId, words } = await seeded(2);
    const now = steppingClock();
    const { backup } = await createVerifiedBackup(workbench.db, { dbPath, dir: backupDir, kind: 'manual', now });
    const later = words[5];
    if (later) await workbench.handlers['annotations.create']({ documentId, start: later.start, end: later.end, label: 'LOCATION' });
    workbench.close();
    expect(countSpans(dbPath)).toBe(3);

    const outcome = await restoreBackup({ dbPath, backupDir, file: backup.file, now });
    expect(countSpans(dbPath)).toBe(2);
    expect(outcome.previous?.kind).toBe('before-restore');
    // Nothing was lost: the state before the restore is a verified backup of its own.
    expect(countSpans(outcome.previous?.path ?? '')).toBe(3);
    expect(verifyDatabaseFile(dbPath)).toMatchObject({ ok: true });
    const reopened = await openWorkbench(dbPath, { logger: quietLogger });
    expect(await reopened.handlers['annotations.list']({ documentId })).toHaveLength(2);
    reopened.close();
  });

  it('keeps a damaged database byte for byte before replacing it', async () => {
    const { dbPath, backupDir, workbench } = await seeded(2);
    const { backup } = await createVerifiedBackup(workbench.db, { dbPath, dir: backupDir, kind: 'auto' });
    workbench.close();
    const bytes = readFileSync(dbPath);
    bytes.write('garbage, not a header', 0);
    writeFileSync(dbPath, bytes);
    const damagedHash = sha256File(dbPath);

    const outcome = await restoreBackup({ dbPath, backupDir, file: backup.file });
    expect(outcome.previous?.kind).toBe('damaged');
    expect(sha256File(outcome.previous?.path ?? '')).toBe(damagedHash);
    expect(countSpans(dbPath)).toBe(2);
    // Damaged copies are never offered as "last good".
    expect(findLastGoodBackup(dbPath, backupDir)?.file).toBe(backup.file);
  });

  it('refuses while another connection has the database open, changing nothing', async () => {
    const { dbPath, backupDir, workbench } = await seeded(2);
    const { backup } = await createVerifiedBackup(workbench.db, { dbPath, dir: backupDir, kind: 'auto' });
    const before = readdirSync(backupDir).length;
    await expect(restoreBackup({ dbPath, backupDir, file: backup.file })).rejects.toMatchObject({ code: 'busy' });
    expect(readdirSync(backupDir)).toHaveLength(before);
    expect(await workbench.handlers['annotations.list']({ documentId: (await seededDocumentId(workbench)) ?? '' })).toHaveLength(2);
    workbench.close();
  });

  it('refuses a backup that is not sound, or not in the list, changing nothing', async () => {
    const { dbPath, backupDir, workbench } = await seeded(2);
    const { backup } = await createVerifiedBackup(workbench.db, { dbPath, dir: backupDir, kind: 'auto' });
    workbench.close();
    const dbHash = sha256File(dbPath);
    writeFileSync(backup.path, 'not a database at all, just some bytes that fill up space');
    await expect(restoreBackup({ dbPath, backupDir, file: backup.file })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(restoreBackup({ dbPath, backupDir, file: '../workbench.db' })).rejects.toMatchObject({ code: 'not_found' });
    expect(sha256File(dbPath)).toBe(dbHash);
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    expect(findLastGoodBackup(dbPath, backupDir)).toBeNull();
  });
});

async function seededDocumentId(workbench: Awaited<ReturnType<typeof openWorkbench>>): Promise<string | undefined> {
  const project = (await workbench.handlers['app.bootstrap']({})).project;
  const page = await workbench.handlers['documents.list']({ projectId: project.id, offset: 0, limit: 100, sort: 'order', direction: 'asc' });
  return page.rows.find((row) => row.title === 'Numbered words')?.id;
}
