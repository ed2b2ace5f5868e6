import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultBackupDir, listBackupFiles, type BackupFile } from '../../core/backup/backupFiles';
import { createVerifiedBackup } from '../../core/backup/createBackup';
import { restoreBackup } from '../../core/backup/restoreBackup';
import { WorkbenchError } from '../../core/errors';
import { findLastGoodBackup } from '../../core/backup/lastGoodBackup';
import { closeDatabase, openDatabase } from '../../core/store/openDatabase';
import { databasePathOf } from '../context';

const describe = (backup: BackupFile) => `${backup.createdAt}  ${backup.kind.padEnd(16)} ${formatBytes(backup.sizeBytes).padStart(9)}  ${backup.file}`;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `awb backup` (take or list backups) and `awb restore` (put one back). */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('take a verified backup of the database into backups/ beside it (or list them with --list)')
    .option('--list', 'list the backups, newest first, instead of taking one')
    .action(async (options: { list?: boolean }, command: Command) => {
      const dbPath = databasePathOf(command);
      const dir = defaultBackupDir(dbPath);
      if (options.list) {
        const backups = listBackupFiles(dbPath, dir);
        process.stdout.write(backups.length === 0 ? `No backups in ${dir}.\n` : `Backups in ${dir}:\n${backups.map(describe).join('\n')}\n`);
        return;
      }
      if (!existsSync(dbPath)) throw new WorkbenchError('not_found', `There is no database at ${dbPath}.`);
      const db = await openDatabase(dbPath);
      try {
        const { backup } = await createVerifiedBackup(db, { dbPath, dir, kind: 'manual' });
        process.stdout.write(`Backed up ${dbPath} to ${backup.path} (${formatBytes(backup.sizeBytes)}, integrity checked).\n`);
      } finally {
        closeDatabase(db);
      }
    });

  program
    .command('restore')
    .description('replace the database with a backup; the current file is backed up first (quit the app before)')
    .argument('[file]', 'the backup file name, as "awb backup --list" shows it')
    .option('--latest', 'restore the newest backup that passes its integrity check')
    .action(async (file: string | undefined, options: { latest?: boolean }, command: Command) => {
      const dbPath = databasePathOf(command);
      const backupDir = defaultBackupDir(dbPath);
      let chosen = file;
      if (options.latest) {
        if (file) throw new WorkbenchError('invalid_input', 'Give a backup file name or --latest, not both.');
        chosen = findLastGoodBackup(dbPath, backupDir)?.file;
        if (!chosen) throw new WorkbenchError('not_found', `There is no sound backup of ${dbPath} in ${backupDir}.`);
      }
      if (!chosen) throw new WorkbenchError('invalid_input', 'Name the backup to restore (see "awb backup --list"), or pass --latest.');
      const outcome = await restoreBackup({ dbPath, backupDir, file: chosen });
      process.stdout.write(`Restored ${dbPath} from ${outcome.restored.file} (${outcome.restored.createdAt}).\n`);
      if (outcome.previous) {
        process.stdout.write(
          outcome.previous.kind === 'damaged'
            ? `The damaged file was kept, byte for byte, as ${outcome.previous.path}.\n`
            : `The database as it was is backed up as ${outcome.previous.path}.\n`,
        );
      }
    });
}
