import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { WorkbenchError } from '../errors';
import { backupFileName, fsyncPath, listBackupFiles, type BackupFile } from './backupFiles';
import { createVerifiedBackup } from './createBackup';
import { verifyConnection, verifyDatabaseFile } from './verifyDatabaseFile';

export type RestoreOptions = {
  dbPath: string;
  backupDir: string;
  /** A backup's file name as listed (never a path). */
  file: string;
  now?: () => Date;
  nativeBinding?: string | undefined;
};

export type RestoreOutcome = {
  restored: BackupFile;
  /** Where the database as it was before the restore is kept. */
  previous: { path: string; kind: 'before-restore' | 'damaged' } | null;
};

/**
 * Puts a backup in place of the database. The database must not be open anywhere (the caller
 * closes its own connection; another program holding it makes this fail with `busy`). Nothing is
 * overwritten unsaved: the current file is first backed up (verified), or, when it is damaged and
 * cannot be backed up, copied byte for byte with its write-ahead log as a `damaged` copy. The
 * backup is verified, copied beside the database, flushed, and renamed over it in one step.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const now = options.now ?? (() => new Date());
  const restored = findRestorableBackup(options);

  let previous: RestoreOutcome['previous'] = null;
  if (existsSync(options.dbPath)) {
    const current = openExclusively(options.dbPath, options.nativeBinding);
    if (current) {
      try {
        if (verifyConnection(current).ok) {
          const { backup } = await createVerifiedBackup(current, {
            dbPath: options.dbPath,
            dir: options.backupDir,
            kind: 'before-restore',
            now,
            nativeBinding: options.nativeBinding,
          });
          previous = { path: backup.path, kind: 'before-restore' };
        }
        // Folding the write-ahead log into the file lets the log be removed below without loss.
        current.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        current.close();
      }
    }
    if (!previous) previous = { path: keepDamagedCopy(options.dbPath, options.backupDir, now()), kind: 'damaged' };
  }

  const staging = join(dirname(options.dbPath), `.${restored.file}.restoring`);
  try {
    copyFileSync(restored.path, staging);
    fsyncPath(staging);
    // The old log and index belong to the old file; applied to the restored one they would corrupt it.
    // Both are already inside the copy kept above.
    rmSync(`${options.dbPath}-wal`, { force: true });
    rmSync(`${options.dbPath}-shm`, { force: true });
    rmSync(`${options.dbPath}-journal`, { force: true });
    renameSync(staging, options.dbPath);
    fsyncPath(dirname(options.dbPath));
  } finally {
    rmSync(staging, { force: true });
  }
  return { restored, previous };
}

/** The listed, sound backup a restore would use; throws `not_found` or `invalid_input` (changing nothing) otherwise. */
export function findRestorableBackup(options: Pick<RestoreOptions, 'dbPath' | 'backupDir' | 'file' | 'nativeBinding'>): BackupFile {
  const restored = listBackupFiles(options.dbPath, options.backupDir).find((backup) => backup.file === options.file);
  if (!restored) throw new WorkbenchError('not_found', `There is no backup named "${options.file}" in ${options.backupDir}.`);
  const verification = verifyDatabaseFile(restored.path, { nativeBinding: options.nativeBinding });
  if (!verification.ok) {
    throw new WorkbenchError('invalid_input', `The backup ${restored.file} is not sound (${verification.reason}); choose another one. Nothing was changed.`);
  }
  return restored;
}

/**
 * Opens the database only if no other connection (in this process or another) has it open, by
 * taking SQLite's exclusive lock. Returns null for a file SQLite cannot read at all (damaged).
 */
function openExclusively(dbPath: string, nativeBinding: string | undefined): Database.Database | null {
  let db: Database.Database;
  try {
    db = new Database(dbPath, { timeout: 0, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch {
    return null;
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return db;
  } catch (error) {
    db.close();
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
      throw new WorkbenchError('busy', `${dbPath} is open in another program (is the app still running?). Close it, then restore. Nothing was changed.`, {
        path: dbPath,
      });
    }
    return null;
  }
}

/** Copies a damaged database and its log byte for byte into the backup folder, as a pair SQLite would read together. */
function keepDamagedCopy(dbPath: string, backupDir: string, at: Date): string {
  mkdirSync(backupDir, { recursive: true });
  const target = join(backupDir, backupFileName(dbPath, 'damaged', at));
  copyFileSync(dbPath, target);
  if (existsSync(`${dbPath}-wal`)) copyFileSync(`${dbPath}-wal`, `${target}-wal`);
  fsyncPath(target);
  fsyncPath(backupDir);
  return target;
}
