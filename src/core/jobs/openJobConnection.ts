import Database from 'better-sqlite3';
import { WorkbenchError } from '../errors';
import { LATEST_SCHEMA_VERSION } from '../store/migrations/index';
import { applyPragmas, BUSY_TIMEOUT_MS } from '../store/openDatabase';
import type { Db } from '../store/types';

/**
 * A second connection to a database the host has already opened and migrated: the same
 * durability settings, and a check that the schema is the one this code knows (no migration, no
 * quick_check: the host did both at start-up).
 */
export function openJobConnection(path: string, nativeBinding?: string): Db {
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    applyPragmas(db, path);
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version !== LATEST_SCHEMA_VERSION) {
      throw new WorkbenchError('unsupported', `The database ${path} has schema version ${version}; this job expects ${LATEST_SCHEMA_VERSION}.`);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
