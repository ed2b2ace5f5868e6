import { listBackupFiles, type BackupFile } from './backupFiles';
import { verifyDatabaseFile } from './verifyDatabaseFile';

/** Verifying every backup of a broken database could take long; the newest few are enough. */
const MAX_BACKUPS_CHECKED = 5;

/** The newest backup of a database that passes its integrity check (damaged copies never count), or null. */
export function findLastGoodBackup(dbPath: string, backupDir: string, nativeBinding?: string): BackupFile | null {
  const candidates = listBackupFiles(dbPath, backupDir)
    .filter((backup) => backup.kind !== 'damaged')
    .slice(0, MAX_BACKUPS_CHECKED);
  return candidates.find((backup) => verifyDatabaseFile(backup.path, { nativeBinding }).ok) ?? null;
}
