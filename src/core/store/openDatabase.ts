import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { createVerifiedBackup } from '../backup/createBackup';
import { DatabaseDamagedError, DatabaseFromNewerVersionError, WorkbenchError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { MIGRATIONS, type Migration } from './migrations/index';
import type { Db } from './types';

/** How long a statement waits for another connection's lock before failing with `busy`. */
export const BUSY_TIMEOUT_MS = 5_000;

export type OpenDatabaseOptions = {
  /** Path of a better-sqlite3 binary built for this runtime's ABI (the Electron app passes one). */
  nativeBinding?: string;
  /** Folder for the backup taken before a migration; defaults to `backups/` beside the database. */
  backupDir?: string;
  logger?: Logger;
};

export type MigrationReport = { from: number; to: number; backupPath: string | null };

/**
 * Opens (creating if needed) a workbench database: WAL journal (asserted), `synchronous=FULL` on
 * every open (better-sqlite3 otherwise reopens WAL databases at NORMAL, which can lose the last
 * commits on power loss), foreign keys on, a busy timeout, pending migrations applied after a
 * backup, and a `quick_check`. A database from a newer version, or a damaged file, is refused
 * and left exactly as it was.
 */
export async function openDatabase(path: string, options: OpenDatabaseOptions = {}): Promise<Db> {
  const logger = options.logger ?? createLogger('store');
  mkdirSync(dirname(path), { recursive: true });
  const db = openConnection(path, options.nativeBinding);
  try {
    applyPragmas(db, path);
    const report = await migrateDatabase(db, path, options.backupDir ?? join(dirname(path), 'backups'), MIGRATIONS, options.nativeBinding);
    if (report.from !== report.to) {
      logger.info(`migrated ${path} from schema ${report.from} to ${report.to}${report.backupPath ? `; backup at ${report.backupPath}` : ''}`);
    }
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DatabaseDamagedError(path, `quick_check: ${String(check)}`);
    return db;
  } catch (error) {
    db.close();
    throw translateOpenError(error, path);
  }
}

/**
 * Checkpoints the WAL into the main file and closes the connection. A checkpoint that cannot run
 * (a read-only file, a reader elsewhere) loses nothing: the log stays and the next open uses it.
 */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // See above: the committed data is in the log, which SQLite reads on the next open.
  } finally {
    db.close();
  }
}

function openConnection(path: string, nativeBinding: string | undefined): Db {
  try {
    return new Database(path, { timeout: BUSY_TIMEOUT_MS, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (error) {
    throw translateOpenError(error, path);
  }
}

/** Sets the connection's durability and integrity settings; run on every open. */
export function applyPragmas(db: Db, path: string): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new WorkbenchError(
      'unsupported',
      `Could not put ${path} in WAL mode (SQLite answered "${String(mode)}"). Keep the database on a local disk, not a network folder.`,
    );
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

/**
 * Applies pending migrations, one transaction per step with `user_version` set inside it, so a
 * crash leaves the last completed version and the next open resumes (a new database: all steps
 * in one transaction). An existing database is
 * backed up with SQLite's online backup first. `migrations` is the app's list; tests pass others.
 */
export async function migrateDatabase(
  db: Db,
  path: string,
  backupDir: string,
  migrations: readonly Migration[] = MIGRATIONS,
  nativeBinding?: string,
): Promise<MigrationReport> {
  const latest = migrations.at(-1)?.version ?? 0;
  const from = Number(db.pragma('user_version', { simple: true }));
  if (from > latest) throw new DatabaseFromNewerVersionError(path, from, latest);
  const pending = migrations.filter((migration) => migration.version > from);
  if (pending.length === 0) return { from, to: from, backupPath: null };

  let backupPath: string | null = null;
  if (from > 0) {
    const { backup } = await createVerifiedBackup(db, { dbPath: path, dir: backupDir, kind: 'before-migration', nativeBinding });
    backupPath = backup.path;
  }
  const applyAll = () => {
    for (const migration of pending) {
      db.transaction(() => {
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      })();
    }
  };
  // A new database is created whole or not at all (every step in one transaction, each step a
  // savepoint): a crash while it is being made leaves no schema rather than an early version.
  if (from === 0) db.transaction(applyAll)();
  else applyAll();
  return { from, to: latest, backupPath };
}

function translateOpenError(error: unknown, path: string): unknown {
  if (error instanceof WorkbenchError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new DatabaseDamagedError(path, message);
  if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
    return new WorkbenchError('busy', `The database ${path} is locked by another program; close it and try again. Nothing was changed (${message}).`, { path });
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_FULL')) {
    return new WorkbenchError('storage_full', `The disk holding ${path} is full; free some space and try again. Nothing was changed (${message}).`, { path });
  }
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return new WorkbenchError(
      'read_only',
      `The folder ${dirname(path)} is read-only: SQLite must create its write-ahead log beside the database. Make the folder writable, or copy the database to one that is. Nothing was changed.`,
      { path },
    );
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
    return new WorkbenchError('read_only', `The database ${path} is read-only; check its permissions (${message}).`, { path });
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_CANTOPEN')) {
    return new WorkbenchError('not_found', `Cannot open the database ${path}${existsSync(dirname(path)) ? '' : ': its folder does not exist'} (${message}).`, {
      path,
    });
  }
  return error;
}
