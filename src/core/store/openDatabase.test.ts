import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseDamagedError, DatabaseFromNewerVersionError } from '../errors';
import { createTempDirs } from '../testing/tempDir';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index';
import { closeDatabase, migrateDatabase, openDatabase } from './openDatabase';

const tempDir = createTempDirs();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (row) => row.name,
  );
}

describe('openDatabase', () => {
  it('creates a fresh file at the latest schema with STRICT tables', async () => {
    const path = join(tempDir(), 'fresh.db');
    const db = await openDatabase(path, { logger: quiet });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const tables = tableNames(db);
    for (const table of ['project', 'document', 'annotator', 'annotation', 'document_status', 'assignment', 'app_setting']) {
      expect(tables).toContain(table);
      const sql = (db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(table) as { sql: string }).sql;
      expect(sql).toMatch(/\)\s*STRICT$/);
    }
    closeDatabase(db);
  });

  it('sets WAL, synchronous=FULL, foreign keys and busy_timeout on every open, reopen included', async () => {
    const path = join(tempDir(), 'pragmas.db');
    closeDatabase(await openDatabase(path, { logger: quiet }));
    // A plain reopen shows what better-sqlite3 would use without our settings (NORMAL for WAL).
    const plain = new Database(path);
    expect(plain.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(plain.pragma('synchronous', { simple: true })).toBe(1);
    plain.close();
    const db = await openDatabase(path, { logger: quiet });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    closeDatabase(db);
  });

  it('enforces the CHECK constraints: an empty span cannot be stored', async () => {
    const db = await openDatabase(join(tempDir(), 'checks.db'), { logger: quiet });
    const insert = () =>
      db
        .prepare(
          `INSERT INTO annotation (id, document_id, annotator_id, start, "end", label, quote, origin, created_at, updated_at)
           VALUES ('x', 'd', 'a', 5, 5, 'ACTOR', '', 'manual', 'now', 'now')`,
        )
        .run();
    expect(insert).toThrow(/CHECK constraint failed|FOREIGN KEY/);
    closeDatabase(db);
  });

  it('refuses a database from a newer version and leaves the file byte for byte unchanged', async () => {
    const path = join(tempDir(), 'newer.db');
    closeDatabase(await openDatabase(path, { logger: quiet }));
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 10}`);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = sha256(path);
    await expect(openDatabase(path, { logger: quiet })).rejects.toThrow(DatabaseFromNewerVersionError);
    await expect(openDatabase(path, { logger: quiet })).rejects.toThrow(/written by a newer version/);
    expect(sha256(path)).toBe(before);
  });

  it('refuses a file that is not a database without touching it', async () => {
    const path = join(tempDir(), 'garbage.db');
    writeFileSync(path, 'this is not an SQLite file, just text that happens to be long enough to fill a header page');
    const before = sha256(path);
    await expect(openDatabase(path, { logger: quiet })).rejects.toThrow(DatabaseDamagedError);
    expect(sha256(path)).toBe(before);
  });
});

describe('migrations', () => {
  it('are numbered in increasing steps', () => {
    const versions = MIGRATIONS.map((migration) => migration.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it.each(MIGRATIONS.map((migration, index) => [index === 0 ? 0 : (MIGRATIONS[index - 1]?.version ?? 0), migration.version]))(
    'bring a database at schema %i up to the latest, keeping its rows',
    async (olderVersion) => {
      const path = join(tempDir(), `from-${olderVersion}.db`);
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      await migrateDatabase(
        db,
        path,
        join(tempDir(), 'backups'),
        MIGRATIONS.filter((migration) => migration.version <= olderVersion),
      );
      expect(db.pragma('user_version', { simple: true })).toBe(olderVersion);
      if (olderVersion >= 10) db.prepare("INSERT INTO app_setting (key, value) VALUES ('marker', 'kept')").run();
      db.close();

      const migrated = await openDatabase(path, { logger: quiet });
      expect(migrated.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      if (olderVersion >= 10) expect(migrated.prepare("SELECT value FROM app_setting WHERE key = 'marker'").get()).toEqual({ value: 'kept' });
      closeDatabase(migrated);
    },
  );

  it('back up an existing database before migrating it', async () => {
    const dir = tempDir();
    const path = join(dir, 'backup.db');
    const db = await openDatabase(path, { logger: quiet });
    db.prepare("INSERT INTO app_setting (key, value) VALUES ('marker', 'before')").run();
    const next: Migration = { version: LATEST_SCHEMA_VERSION + 10, name: 'test-step', up: (d) => d.exec('CREATE TABLE test_step (x INTEGER) STRICT') };
    const report = await migrateDatabase(db, path, join(dir, 'backups'), [...MIGRATIONS, next]);
    expect(report).toMatchObject({ from: LATEST_SCHEMA_VERSION, to: next.version });
    expect(report.backupPath && existsSync(report.backupPath)).toBeTruthy();
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
    const backup = new Database(report.backupPath ?? '', { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(backup.prepare("SELECT value FROM app_setting WHERE key = 'marker'").get()).toEqual({ value: 'before' });
    expect(tableNames(backup)).not.toContain('test_step');
    backup.close();
    closeDatabase(db);
  });

  it('roll a failed step back entirely and keep the previous version', async () => {
    const dir = tempDir();
    const path = join(dir, 'failing.db');
    const db = await openDatabase(path, { logger: quiet });
    const failing: Migration = {
      version: LATEST_SCHEMA_VERSION + 10,
      name: 'fails-halfway',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('boom');
      },
    };
    await expect(migrateDatabase(db, path, join(dir, 'backups'), [...MIGRATIONS, failing])).rejects.toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(tableNames(db)).not.toContain('half_done');
    closeDatabase(db);
  });
});
