import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listBackupFiles } from './backup/backupFiles';
import { verifyDatabaseFile } from './backup/verifyDatabaseFile';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './store/migrations/index';
import { migrateDatabase } from './store/openDatabase';
import { quietLogger } from './testing/fixtures';
import { PROJECT_ROOT, tsxArgs } from './testing/processes';
import { createTempDirs } from './testing/tempDir';
import { openWorkbench } from './workbench';
import { seededRandom } from './testing/seededRandom';

// Reference §4 case 26 (kill -9 in the middle of a write burst) and case 30 (a crash during a
// migration): a child writes through the real services and reports each acknowledged commit over
// a pipe; it is SIGKILLed at a random moment; the database must then pass integrity_check and
// hold every acknowledged write. SIGKILL cannot simulate losing power (the OS page cache
// survives it); synchronous=FULL covers that case, and openDatabase.test.ts checks it is set.
const tempDir = createTempDirs('awb-crash-');
const WRITER = join(PROJECT_ROOT, 'src', 'core', 'testing', 'children', 'crashWriter.ts');
// Large enough that the probe migration outlasts the longest kill delay (about 0.2 s unloaded).
const PROBE_ROWS = 200_000;

const SEED = Number(process.env.AWB_CRASH_SEED ?? Date.now() % 1_000_000);
const rand = seededRandom(SEED);
const between = (min: number, max: number) => Math.floor(min + rand() * (max - min + 1));

type Acked = { documents: string[]; spans: Map<string, { start: number; end: number }>; phases: string[]; done: boolean };

/**
 * Runs the writer and kills it with SIGKILL `delayMs` after it first reports `trigger` (a line
 * prefix), or lets it finish if it never does. Returns what it acknowledged and how it ended.
 */
function runAndKill(args: string[], trigger: string, delayMs: number): Promise<{ acked: Acked; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, tsxArgs(WRITER, ...args), { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const acked: Acked = { documents: [], spans: new Map(), phases: [], done: false };
  let stderr = '';
  let pending = '';
  let armed = false;
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const fromChild = child.stdio[3] as Readable;
  fromChild.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const [kind, id, start, end] = line.split(' ');
      if (kind === 'ack' && id) acked.spans.set(id, { start: Number(start), end: Number(end) });
      else if (kind === 'doc' && id) acked.documents.push(id);
      else if (kind === 'phase') acked.phases.push(line.slice(6));
      else if (kind === 'done') acked.done = true;
      if (!armed && line.startsWith(trigger)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    }
  });
  return new Promise((resolve) => child.once('close', (_code, signal) => resolve({ acked, signal, stderr })));
}

/** Every acknowledged write is in a sound database that the app opens normally. */
async function expectIntactWith(dbPath: string, acked: Acked, context: string): Promise<void> {
  if (existsSync(dbPath)) {
    const raw = new Database(dbPath);
    expect(raw.pragma('integrity_check', { simple: true }), context).toBe('ok');
    expect(raw.pragma('foreign_key_check'), context).toEqual([]);
    raw.close();
  }
  // The app itself opens it (quick_check, migrations resumed or completed, first-run seeding).
  const workbench = await openWorkbench(dbPath, { logger: quietLogger, backupDir: join(dbPath, '..', 'backups') });
  try {
    for (const id of acked.documents)
      expect(workbench.db.prepare('SELECT count(*) AS n FROM document WHERE id = ?').get(id), `${context}: document ${id}`).toEqual({ n: 1 });
    const stored = new Map(
      (workbench.db.prepare('SELECT id, start, "end" FROM annotation').all() as { id: string; start: number; end: number }[]).map((row) => [row.id, row]),
    );
    for (const [id, span] of acked.spans) {
      expect(stored.get(id), `${context}: acknowledged span ${id} is missing`).toEqual({ id, start: span.start, end: span.end });
    }
  } finally {
    workbench.close();
  }
}

/** Every table, index, trigger and view, with its SQL: what a schema version consists of. */
function schemaObjects(db: Database.Database): { type: string; name: string; sql: string | null }[] {
  return db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as {
    type: string;
    name: string;
    sql: string | null;
  }[];
}

const referenceSchemas = new Map<number, ReturnType<typeof schemaObjects>>();

/** The schema of a fresh database migrated exactly up to `version` (0: nothing). */
async function referenceSchemaAt(version: number): Promise<ReturnType<typeof schemaObjects>> {
  const known = referenceSchemas.get(version);
  if (known) return known;
  const path = join(tempDir(), `reference-${version}.db`);
  const db = new Database(path);
  await migrateDatabase(
    db,
    path,
    join(path, '..', 'backups'),
    MIGRATIONS.filter((migration) => migration.version <= version),
  );
  const schema = schemaObjects(db);
  db.close();
  referenceSchemas.set(version, schema);
  return schema;
}

// Each round starts a writer process; on a loaded 2-core machine a round can take seconds.
const CRASH_TEST_TIMEOUT_MS = 300_000;

describe(`crash consistency (SIGKILL at random moments; replay with AWB_CRASH_SEED=${SEED})`, () => {
  it(
    'while the database is being created: before the schema exists, inside the first migration, during first-run seeding, in the first writes',
    async () => {
      const triggers = ['phase opening', 'phase in-migration', 'phase ready', 'ack'];
      let killed = 0;
      for (let round = 0; round < 12; round++) {
        const dbPath = join(tempDir(), 'workbench.db');
        const trigger = triggers[round % triggers.length] ?? 'ack';
        const delay = between(0, trigger === 'phase in-migration' ? 25 : 15);
        const { acked, signal, stderr } = await runAndKill(['fresh', dbPath, `f${round}x`, '120'], trigger, delay);
        const context = `seed ${SEED}, fresh round ${round}, kill ${delay} ms after "${trigger}", phases [${acked.phases.join(', ')}]`;
        expect(signal === 'SIGKILL' || acked.done, `${context}: the writer failed: ${stderr}`).toBe(true);
        if (signal === 'SIGKILL') killed++;
        if (existsSync(dbPath)) {
          // A kill inside a migration leaves the last completed step (each step is one transaction),
          // never half a schema: the file's schema is exactly that version's.
          const raw = new Database(dbPath);
          const version = Number(raw.pragma('user_version', { simple: true }));
          const schema = schemaObjects(raw);
          raw.close();
          expect([0, ...MIGRATIONS.map((migration) => migration.version)], context).toContain(version);
          expect(schema, context).toEqual(await referenceSchemaAt(version));
        }
        await expectIntactWith(dbPath, acked, context);
      }
      expect(killed).toBeGreaterThanOrEqual(10);
    },
    CRASH_TEST_TIMEOUT_MS,
  );

  it(
    'in the middle of bursts of span writes, round after round on the same database',
    async () => {
      const dbPath = join(tempDir(), 'workbench.db');
      (await openWorkbench(dbPath, { logger: quietLogger })).close();
      const everAcked: Acked = { documents: [], spans: new Map(), phases: [], done: false };
      let midBurst = 0;
      for (let round = 0; round < 40; round++) {
        const delay = between(0, 60);
        const { acked, signal, stderr } = await runAndKill(['burst', dbPath, `b${round}x`, '300'], 'ack', delay);
        const context = `seed ${SEED}, burst round ${round}, kill ${delay} ms after the first acknowledged span (${acked.spans.size} acknowledged)`;
        expect(signal === 'SIGKILL' || acked.done, `${context}: the writer failed: ${stderr}`).toBe(true);
        if (signal === 'SIGKILL' && acked.spans.size > 0 && !acked.done) midBurst++;
        everAcked.documents.push(...acked.documents);
        for (const [id, span] of acked.spans) everAcked.spans.set(id, span);
        // This round's writes and every earlier round's.
        await expectIntactWith(dbPath, everAcked, context);
      }
      expect(midBurst).toBeGreaterThanOrEqual(30);
      expect(everAcked.spans.size).toBeGreaterThan(40);
    },
    CRASH_TEST_TIMEOUT_MS,
  );

  it(
    'during a heavy migration: the old version stays whole, and the next start applies it again',
    async () => {
      const base = join(tempDir(), 'base.db');
      const seedRun = await runAndKill(['burst', base, 'm0x', '50'], 'never', 0);
      expect(seedRun.acked.done, seedRun.stderr).toBe(true);
      const probe: Migration = {
        version: LATEST_SCHEMA_VERSION + 10,
        name: 'crash-probe',
        up: (db) => {
          db.exec('CREATE TABLE crash_probe (n INTEGER PRIMARY KEY, payload TEXT NOT NULL) STRICT');
          const insert = db.prepare('INSERT INTO crash_probe (n, payload) VALUES (?, ?)');
          for (let n = 0; n < PROBE_ROWS; n++) insert.run(n, `row ${n} of the probe migration`);
        },
      };
      let killedInside = 0;
      for (let round = 0; round < 8; round++) {
        const dbPath = join(tempDir(), 'workbench.db');
        copyFileSync(base, dbPath);
        const delay = between(0, 120);
        const { acked, signal, stderr } = await runAndKill(['upgrade', dbPath, `u${round}x`, String(PROBE_ROWS)], 'phase in-migration', delay);
        const context = `seed ${SEED}, migration round ${round}, kill ${delay} ms into the migration, phases [${acked.phases.join(', ')}]`;
        expect(signal === 'SIGKILL' || acked.phases.includes('migrated'), `${context}: ${stderr}`).toBe(true);
        const db = new Database(dbPath);
        expect(db.pragma('integrity_check', { simple: true }), context).toBe('ok');
        const version = Number(db.pragma('user_version', { simple: true }));
        const probeTable = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'crash_probe'").get() as { n: number };
        if (version === LATEST_SCHEMA_VERSION) {
          killedInside++;
          expect(probeTable.n, `${context}: half a migration is visible`).toBe(0);
        } else {
          expect(version, context).toBe(probe.version);
          expect(db.prepare('SELECT count(*) AS n FROM crash_probe').get(), context).toEqual({ n: PROBE_ROWS });
        }
        // The spans written before the upgrade are all there.
        expect((db.prepare('SELECT count(*) AS n FROM annotation').get() as { n: number }).n, context).toBe(seedRun.acked.spans.size);
        // The next start resumes: the migration applies in full.
        await migrateDatabase(db, dbPath, join(dbPath, '..', 'backups'), [...MIGRATIONS, probe]);
        expect(db.prepare('SELECT count(*) AS n FROM crash_probe').get(), context).toEqual({ n: PROBE_ROWS });
        db.close();
      }
      expect(killedInside).toBeGreaterThanOrEqual(3);
    },
    CRASH_TEST_TIMEOUT_MS,
  );

  it(
    'while automatic backups run: every backup under a final name is whole, and no write is lost',
    async () => {
      for (let round = 0; round < 6; round++) {
        const dbPath = join(tempDir(), 'workbench.db');
        (await openWorkbench(dbPath, { logger: quietLogger })).close();
        const delay = between(5, 120);
        const { acked, signal, stderr } = await runAndKill(['backup', dbPath, `k${round}x`, '300'], 'ack', delay);
        const context = `seed ${SEED}, backup round ${round}, kill ${delay} ms after the first span`;
        expect(signal === 'SIGKILL' || acked.done, `${context}: ${stderr}`).toBe(true);
        const backupDir = join(dbPath, '..', 'backups');
        const backups = listBackupFiles(dbPath, backupDir);
        expect(backups.length, context).toBeGreaterThan(0);
        for (const backup of backups) expect(verifyDatabaseFile(backup.path), `${context}: ${backup.file}`).toMatchObject({ ok: true });
        await expectIntactWith(dbPath, acked, context);
        // Leftover partial files are never taken for backups, and the next start clears them.
        expect(readdirSync(backupDir).filter((file) => !file.startsWith('.')).length).toBe(backups.length);
      }
    },
    CRASH_TEST_TIMEOUT_MS,
  );
});
