// The process the crash-consistency test kills. It writes through the real services and reports
// each acknowledged write on file descriptor 3 (a pipe the parent reads) right after the commit
// returns, with a synchronous write, so a line the parent received is a write the app had told
// its user was saved. Usage: crashWriter.ts <mode> <db> <prefix> [words]
//   fresh    create the database (reporting "phase opening", "phase in-migration N" from inside
//            each migration's transaction, "phase ready"), then a burst of spans
//   burst    open an existing database, then a burst of spans
//   upgrade  open an existing database, then apply one extra, heavy migration (the test's own,
//            inserting [words] rows in its one transaction)
//   backup   run as a host does (startWorkbench) with very frequent automatic backups, and write
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startWorkbench } from '../../runningWorkbench';
import { addDocument } from '../../services/addDocument';
import { activeProject } from '../../services/session';
import { MIGRATIONS, type Migration } from '../../store/migrations/index';
import { applyPragmas, migrateDatabase } from '../../store/openDatabase';
import { openWorkbench, type Workbench } from '../../workbench';
import { numberedWords, quietLogger, wordOffsets } from '../fixtures';

const [mode, dbPath, prefix, wordCount] = process.argv.slice(2);
if (!mode || !dbPath || !prefix) throw new Error('usage: crashWriter.ts <fresh|burst|upgrade|backup> <db> <prefix> [words]');
const words = Number(wordCount ?? 300);

const report = (line: string) => writeSync(3, `${line}\n`);

/** Blocks this thread (inside a transaction, so the kill lands while it is open). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

async function burst(workbench: Workbench): Promise<void> {
  if (!(await workbench.dispatch('app.bootstrap', {})).ok) throw new Error('bootstrap failed');
  const named = await workbench.dispatch('annotators.setLocal', { name: `Writer ${prefix}` });
  if (!named.ok) throw new Error(named.error.message);
  const text = numberedWords(words, prefix);
  const document = addDocument(workbench.context, { projectId: activeProject(workbench.context).id, title: `Crash round ${prefix}`, text });
  report(`doc ${document.id}`);
  for (const word of wordOffsets(text)) {
    const result = await workbench.dispatch('annotations.create', { documentId: document.id, start: word.start, end: word.end, label: 'ACTOR' });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    const span = result.value as { id: string; start: number; end: number };
    report(`ack ${span.id} ${span.start} ${span.end}`);
  }
  report('done');
}

if (mode === 'fresh') {
  report('phase opening');
  const db = new Database(dbPath);
  applyPragmas(db, dbPath);
  const slowed: Migration[] = MIGRATIONS.map((migration) => ({
    ...migration,
    up: (connection) => {
      migration.up(connection);
      report(`phase in-migration ${migration.version}`);
      pause(30);
    },
  }));
  await migrateDatabase(db, dbPath, join(dbPath, '..', 'backups'), slowed);
  db.close();
  const workbench = await openWorkbench(dbPath, { logger: quietLogger });
  report('phase ready');
  await burst(workbench);
  workbench.close();
} else if (mode === 'burst') {
  const workbench = await openWorkbench(dbPath, { logger: quietLogger });
  await burst(workbench);
  workbench.close();
} else if (mode === 'upgrade') {
  const db = new Database(dbPath);
  applyPragmas(db, dbPath);
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  const probe: Migration = {
    version: latest + 10,
    name: 'crash-probe',
    up: (connection) => {
      connection.exec('CREATE TABLE crash_probe (n INTEGER PRIMARY KEY, payload TEXT NOT NULL) STRICT');
      report('phase in-migration');
      const insert = connection.prepare('INSERT INTO crash_probe (n, payload) VALUES (?, ?)');
      for (let n = 0; n < words; n++) insert.run(n, `row ${n} of the probe migration`);
    },
  };
  await migrateDatabase(db, dbPath, join(dbPath, '..', 'backups'), [...MIGRATIONS, probe]);
  report('phase migrated');
  db.close();
} else if (mode === 'backup') {
  const running = await startWorkbench(dbPath, { logger: quietLogger, autoBackupMinutes: 0.0005 });
  const workbench = running.workbench();
  if (!workbench) throw new Error('the database did not open');
  await running.startupBackup;
  report('phase ready');
  await burst(workbench);
  await running.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
