import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { WorkbenchError } from '../errors';
import type { Db } from '../store/types';
import { BACKUPS_KEPT, backupFileName, fsyncPath, listBackupFiles, sha256File, type BackupFile, type BackupKind } from './backupFiles';
import { verifyDatabaseFile } from './verifyDatabaseFile';

export type BackupOptions = {
  dbPath: string;
  dir: string;
  kind: BackupKind;
  now?: () => Date;
  nativeBinding?: string | undefined;
  /** For `auto`: when the newest backup holds the same bytes, keep that one instead of a duplicate. */
  skipIfUnchanged?: boolean;
};

export type BackupOutcome = { backup: BackupFile; created: boolean };

/**
 * Takes a backup with SQLite's online backup API (consistent even while the app writes; a file
 * copy is not), into a hidden partial file, verifies it (integrity_check and foreign_key_check),
 * flushes it and only then renames it to its final name, so a backup under a final name is always
 * complete and sound. A copy that fails verification is deleted and reported. Old copies of the
 * same kind are rotated.
 */
export async function createVerifiedBackup(db: Db, options: BackupOptions): Promise<BackupOutcome> {
  const at = (options.now ?? (() => new Date()))();
  const file = backupFileName(options.dbPath, options.kind, at);
  const finalPath = join(options.dir, file);
  const partialPath = join(options.dir, `.${file}.partial`);
  mkdirSync(options.dir, { recursive: true });
  try {
    await db.backup(partialPath);
    const verification = verifyDatabaseFile(partialPath, { nativeBinding: options.nativeBinding, makeSelfContained: true });
    if (!verification.ok) {
      throw new WorkbenchError('internal', `The backup of ${options.dbPath} failed its check and was discarded (${verification.reason}).`, {
        path: options.dbPath,
      });
    }
    if (options.skipIfUnchanged) {
      const newest = listBackupFiles(options.dbPath, options.dir)[0];
      if (newest && sha256File(newest.path) === sha256File(partialPath)) {
        rmSync(partialPath, { force: true });
        return { backup: newest, created: false };
      }
    }
    fsyncPath(partialPath);
    renameSync(partialPath, finalPath);
    fsyncPath(options.dir);
  } catch (error) {
    rmSync(partialPath, { force: true });
    rmSync(`${partialPath}-journal`, { force: true });
    if (error instanceof WorkbenchError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOSPC' || (typeof code === 'string' && code.startsWith('SQLITE_FULL'))) {
      throw new WorkbenchError('storage_full', `No room on the disk for a backup in ${options.dir}; free some space.`, { dir: options.dir });
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || (typeof code === 'string' && code.startsWith('SQLITE_READONLY'))) {
      throw new WorkbenchError('read_only', `Cannot write backups into ${options.dir}: the folder is read-only.`, { dir: options.dir });
    }
    throw error;
  }
  rotateBackups(options.dbPath, options.dir, options.kind);
  const backup = listBackupFiles(options.dbPath, options.dir).find((candidate) => candidate.file === basename(finalPath));
  if (!backup) throw new WorkbenchError('internal', `The backup ${finalPath} vanished right after it was written.`);
  return { backup, created: true };
}

/** Deletes the oldest copies of a kind beyond the number kept; manual and damaged copies are never deleted. */
export function rotateBackups(dbPath: string, dir: string, kind: BackupKind): BackupFile[] {
  const keep = BACKUPS_KEPT[kind];
  if (keep === undefined) return [];
  const surplus = listBackupFiles(dbPath, dir)
    .filter((backup) => backup.kind === kind)
    .slice(keep);
  for (const backup of surplus) rmSync(backup.path, { force: true });
  return surplus;
}
