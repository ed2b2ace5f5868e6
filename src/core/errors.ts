import type { ErrorCode, ErrorPayload } from '../shared/contract/result';

/** An error the user can act on, with a stable code that crosses both hosts unchanged. */
export class WorkbenchError extends Error {
  override name = 'WorkbenchError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The database file was written by a newer version of the app; it is left untouched. */
export class DatabaseFromNewerVersionError extends WorkbenchError {
  override name = 'DatabaseFromNewerVersionError';
  constructor(path: string, found: number, known: number) {
    super(
      'unsupported',
      `The database ${path} has schema version ${found}, but this version of Annotation Workbench knows only up to ${known}. ` +
        'It was written by a newer version: update the app. The file was not changed.',
      { path, found, known },
    );
  }
}

/** The database file is damaged or is not a database at all; it is left untouched. */
export class DatabaseDamagedError extends WorkbenchError {
  override name = 'DatabaseDamagedError';
  constructor(path: string, reason: string) {
    super('internal', `The database ${path} is damaged or is not an Annotation Workbench database (${reason}). It was not changed; restore it from a backup.`, {
      path,
    });
  }
}

type SqliteLike = { code?: unknown; message?: unknown };

/** Converts anything thrown into the payload a host returns, keeping SQLite's meaning. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof WorkbenchError) {
    return error.details === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, details: error.details };
  }
  const sqlite = error as SqliteLike;
  const sqliteCode = typeof sqlite?.code === 'string' ? sqlite.code : '';
  const message = typeof sqlite?.message === 'string' ? sqlite.message : String(error);
  if (sqliteCode.startsWith('SQLITE_FULL')) {
    return { code: 'storage_full', message: 'The disk is full or the database reached its size limit; the change was not saved.' };
  }
  if (sqliteCode.startsWith('SQLITE_READONLY')) {
    return { code: 'read_only', message: 'The database is read-only (check the file permissions); the change was not saved.' };
  }
  if (sqliteCode.startsWith('SQLITE_BUSY') || sqliteCode.startsWith('SQLITE_LOCKED')) {
    return { code: 'busy', message: 'The database is locked by another program; the change was not saved. Try again.' };
  }
  if (sqliteCode.startsWith('SQLITE_CONSTRAINT')) {
    return { code: 'conflict', message: `The change breaks a rule of the database: ${message}` };
  }
  if (sqliteCode === 'SQLITE_CORRUPT' || sqliteCode === 'SQLITE_NOTADB') {
    return { code: 'internal', message: `The database is damaged (${message}). Restore it from a backup.` };
  }
  return { code: 'internal', message };
}
