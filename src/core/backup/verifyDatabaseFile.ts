import Database from 'better-sqlite3';

export type VerifyOptions = {
  /** The better-sqlite3 binary for this runtime (the Electron app passes its own). */
  nativeBinding?: string | undefined;
  /**
   * Rewrite the file as a single self-contained file (rollback journal instead of WAL), so a
   * backup is one file that can be copied, mailed or restored on its own. Only for files the app
   * just wrote (backups), never for the user's database.
   */
  makeSelfContained?: boolean;
};

export type Verification = { ok: true; schemaVersion: number } | { ok: false; reason: string };

/**
 * Checks that a file is a whole, consistent workbench database: SQLite's `integrity_check`
 * (every page, index and constraint) and `foreign_key_check`, which integrity_check leaves out.
 * Never throws for a bad file; says why instead.
 */
export function verifyDatabaseFile(path: string, options: VerifyOptions = {}): Verification {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, {
      readonly: !options.makeSelfContained,
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    if (options.makeSelfContained) db.pragma('journal_mode = DELETE');
    return verifyConnection(db);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

/** The same checks on a connection that is already open (for example one holding an exclusive lock). */
export function verifyConnection(db: Database.Database): Verification {
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, reason: `integrity_check: ${String(integrity)}` };
    const orphans = db.pragma('foreign_key_check') as unknown[];
    if (orphans.length > 0) return { ok: false, reason: `foreign_key_check: ${orphans.length} rows refer to rows that do not exist` };
    const schemaVersion = Number(db.pragma('user_version', { simple: true }));
    if (schemaVersion <= 0) return { ok: false, reason: 'it has no workbench schema' };
    return { ok: true, schemaVersion };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
