import { homedir } from 'node:os';
import type { Command } from 'commander';
import { resolveDatabasePath } from '../core/dataPaths';
import { defaultBackupDir } from '../core/backup/backupFiles';
import { DatabaseDamagedError, WorkbenchError } from '../core/errors';
import { findLastGoodBackup } from '../core/backup/lastGoodBackup';

/** The database a command works on: `--db`, else `AWB_DB`, else the app's user-data folder. */
export function databasePathOf(command: Command): string {
  const { db } = command.optsWithGlobals<{ db?: string }>();
  return resolveDatabasePath({ flag: db, env: process.env, platform: process.platform, home: homedir() });
}

/** Prints a command's failure the way users should see it: the message, no stack for known errors. */
export function reportFailure(error: unknown): number {
  if (error instanceof WorkbenchError) {
    process.stderr.write(`awb: ${error.message}\n`);
    const path = typeof error.details?.path === 'string' ? error.details.path : null;
    if (error instanceof DatabaseDamagedError && path) {
      const good = findLastGoodBackup(path, defaultBackupDir(path));
      process.stderr.write(
        good
          ? `awb: the last good backup is ${good.file} (${good.createdAt}); run "awb restore --latest" to put it back.\n`
          : 'awb: no sound backup of it was found.\n',
      );
    }
    return 1;
  }
  process.stderr.write(`awb: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 2;
}
