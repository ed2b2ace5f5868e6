import { accessSync, constants, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FileHandleRegistry } from './files/fileHandles';
import { createLogger, type Logger } from './logger';
import { listBackupFiles, defaultBackupDir, type BackupFile } from './backup/backupFiles';
import { createVerifiedBackup } from './backup/createBackup';
import { findRestorableBackup, restoreBackup } from './backup/restoreBackup';
import { findLastGoodBackup } from './backup/lastGoodBackup';
import { DatabaseDamagedError, DatabaseFromNewerVersionError, WorkbenchError } from './errors';
import { createDispatcher, type Dispatch } from './services/dispatch';
import type { Handlers } from './services/handlerTypes';
import type { RestoreResult, StorageControl } from './services/storageControl';
import { storageHandlers } from './services/storageHandlers';
import { openWorkbench, type Workbench } from './workbench';
import { METHOD_NAMES } from '../shared/contract/index';
import type { BackupSummary, StorageProblem, StorageStatus } from '../shared/contract/methods/storage';

export type StartOptions = {
  nativeBinding?: string | undefined;
  logger?: Logger;
  /** Defaults to `backups/` beside the database. */
  backupDir?: string;
  /** Minutes between automatic backups while there are edits; 0 turns them off (tests). */
  autoBackupMinutes?: number;
  now?: () => Date;
  /** A built job worker script (the Electron bundle's); tsx loads the source otherwise. */
  jobWorkerScript?: string;
  /** The built agreement helper thread script (agreementWorker.js); tsx loads the source otherwise. */
  agreementWorkerScript?: string;
};

/**
 * The database as an interactive host (the Electron window, the HTTP host) runs it: opened if it
 * can be, read-only when the file is, or not at all (damaged, locked, from a newer version, disk
 * full) — in which case the host still starts and every method answers `unavailable` except
 * storage status, backups and restore, so the window can offer the last good backup. It also
 * takes a verified backup at start-up and every N minutes while there are edits.
 */
export type RunningWorkbench = {
  dbPath: string;
  backupDir: string;
  dispatch: Dispatch;
  control: StorageControl;
  /** Files the user chose or uploaded, behind opaque handles; kept across restores. */
  files: FileHandleRegistry;
  /** The open database and services, or null while the database is unavailable. */
  workbench(): Workbench | null;
  /** Resolves once the start-up backup is written (or failed, see status().lastBackupError). */
  startupBackup: Promise<void>;
  close(): Promise<void>;
};

/** Default minutes between automatic backups while editing. */
export const AUTO_BACKUP_MINUTES = 10;

/** Opens the database for a host; never throws for a database problem (see RunningWorkbench). */
export async function startWorkbench(dbPath: string, options: StartOptions = {}): Promise<RunningWorkbench> {
  const logger = options.logger ?? createLogger('storage');
  const now = options.now ?? (() => new Date());
  const backupDir = options.backupDir ?? defaultBackupDir(dbPath);
  const intervalMs = (options.autoBackupMinutes ?? AUTO_BACKUP_MINUTES) * 60_000;
  let current: Workbench | null = null;
  let problem: StorageProblem | null = null;
  let readOnly = false;
  let lastBackup: BackupFile | null = null;
  let lastBackupError: string | null = null;
  let lastGoodBackup: BackupFile | null = null;
  let changesAtLastBackup: { db: unknown; changes: number } | null = null;
  let inFlightBackup: Promise<unknown> = Promise.resolve();
  let maintenance: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const files = new FileHandleRegistry();

  const summary = (file: BackupFile): BackupSummary => ({ file: file.file, kind: file.kind, createdAt: file.createdAt, sizeBytes: file.sizeBytes });

  const status = (): StorageStatus => ({
    state: current ? (readOnly ? 'read_only' : 'ready') : 'unavailable',
    problem,
    databasePath: dbPath,
    backupFolder: backupDir,
    lastBackup: lastBackup ? summary(lastBackup) : null,
    lastBackupError,
    lastGoodBackup: !current && lastGoodBackup ? summary(lastGoodBackup) : null,
  });

  const open = async (): Promise<void> => {
    readOnly = existsSync(dbPath) && !isWritable(dbPath);
    try {
      current = await openWorkbench(dbPath, {
        nativeBinding: options.nativeBinding,
        backupDir,
        logger,
        storage: control,
        files,
        jobWorkerScript: options.jobWorkerScript,
        agreementWorkerScript: options.agreementWorkerScript,
      });
      problem = readOnly
        ? { kind: 'read_only', message: `The database ${dbPath} is read-only (check its permissions): you can read, but changes cannot be saved.` }
        : null;
      lastGoodBackup = null;
    } catch (error) {
      current = null;
      problem = classifyOpenFailure(error, dbPath);
      lastGoodBackup = findLastGoodBackup(dbPath, backupDir, options.nativeBinding);
      const offer = lastGoodBackup ? ` The last good backup is ${lastGoodBackup.file}.` : ' No backup of it was found.';
      problem = { ...problem, message: problem.message + (problem.kind === 'damaged' ? offer : '') };
      logger.error(`the database cannot be used: ${problem.message}`);
    }
  };

  const changeCount = (workbench: Workbench): number => Number((workbench.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n);

  const backupNow = async (kind: 'auto' | 'manual'): Promise<BackupFile> => {
    const workbench = current;
    if (!workbench) throw new WorkbenchError('unavailable', problem?.message ?? 'The database is not open.');
    const run = (async () => {
      const changes = changeCount(workbench);
      try {
        const outcome = await createVerifiedBackup(workbench.db, {
          dbPath,
          dir: backupDir,
          kind,
          now,
          nativeBinding: options.nativeBinding,
          skipIfUnchanged: kind === 'auto',
        });
        lastBackup = outcome.backup;
        lastBackupError = null;
        changesAtLastBackup = { db: workbench.db, changes };
        return outcome.backup;
      } catch (error) {
        lastBackupError = error instanceof Error ? error.message : String(error);
        logger.warn(`backup failed: ${lastBackupError}`);
        throw error;
      }
    })();
    inFlightBackup = run.catch(() => undefined);
    return run;
  };

  /** Every interval: a backup if anything was written since the last one. */
  const tick = () => {
    const workbench = current;
    if (!workbench || !workbench.db.open) return;
    const edited = changesAtLastBackup?.db !== workbench.db || changeCount(workbench) !== changesAtLastBackup.changes;
    if (edited) void backupNow('auto').catch(() => undefined);
  };

  const control: StorageControl = {
    status,
    reopen: async () => {
      await maintenance;
      if (!current) await open();
      return status();
    },
    listBackups: () => listBackupFiles(dbPath, backupDir).map(summary),
    createBackup: async () => summary(await backupNow('manual')),
    restore: (file) => {
      // A name that is not a sound, listed backup is refused before the database is touched.
      findRestorableBackup({ dbPath, backupDir, file, nativeBinding: options.nativeBinding });
      const run = (async (): Promise<RestoreResult> => {
        await inFlightBackup;
        // Running jobs roll back and stop before the file is replaced.
        await current?.shutdown();
        current = null;
        let outcome;
        try {
          outcome = await restoreBackup({ dbPath, backupDir, file, now, nativeBinding: options.nativeBinding });
        } finally {
          await open();
        }
        if (!current) throw new WorkbenchError('internal', `The backup ${file} was restored but cannot be opened: ${problem?.message ?? ''}`);
        return {
          restored: summary(outcome.restored),
          previous: outcome.previous ? { file: outcome.previous.path.split(/[\\/]/).at(-1) ?? '', kind: outcome.previous.kind } : null,
          status: status(),
        };
      })();
      maintenance = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
  };

  const unavailable = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      () => {
        throw new WorkbenchError('unavailable', problem?.message ?? 'The database is not open.', { problem: problem?.kind });
      },
    ]),
  ) as unknown as Handlers;
  const recoveryDispatch = createDispatcher({ ...unavailable, ...storageHandlers(control) }, logger);

  const dispatch: Dispatch = async (method, input) => {
    await maintenance;
    const result = current ? await current.dispatch(method, input) : await recoveryDispatch(method, input);
    if (!result.ok && result.error.code === 'read_only' && current && !readOnly) {
      readOnly = true;
      problem = { kind: 'read_only', message: result.error.message };
    }
    return result;
  };

  removeStalePartials(backupDir);
  await open();
  const startupBackup = current
    ? backupNow('auto').then(
        () => undefined,
        () => undefined,
      )
    : Promise.resolve();
  if (intervalMs > 0) {
    timer = setInterval(tick, intervalMs);
    timer.unref();
  }

  return {
    dbPath,
    backupDir,
    dispatch,
    control,
    files,
    workbench: () => current,
    startupBackup,
    close: async () => {
      if (timer) clearInterval(timer);
      await maintenance;
      await inFlightBackup;
      await current?.shutdown();
      current = null;
      files.close();
    },
  };
}

/** Partial backups left by a crash mid-backup (never under a final name, so never listed): cleared at start. */
function removeStalePartials(backupDir: string): void {
  let names: string[];
  try {
    names = readdirSync(backupDir);
  } catch {
    return;
  }
  for (const name of names) if (/^\..*\.partial(-journal)?$/.test(name)) rmSync(join(backupDir, name), { force: true });
}

/** Whether this process may write the file (root may write anything; a read-only mount refuses everyone). */
function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Turns an open failure into a problem the window can explain and act on. */
export function classifyOpenFailure(error: unknown, dbPath: string): StorageProblem {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DatabaseDamagedError) return { kind: 'damaged', message };
  if (error instanceof DatabaseFromNewerVersionError) return { kind: 'newer_version', message };
  const code = error instanceof WorkbenchError ? error.code : (error as { code?: unknown }).code;
  if (code === 'busy') return { kind: 'locked', message };
  if (code === 'storage_full') return { kind: 'storage_full', message };
  if (code === 'read_only' || (typeof code === 'string' && code.startsWith('SQLITE_READONLY'))) {
    return {
      kind: 'read_only',
      message: code === 'read_only' ? message : `The database ${dbPath} is read-only and cannot be prepared for this version of the app (${message}).`,
    };
  }
  return { kind: 'cannot_open', message };
}
