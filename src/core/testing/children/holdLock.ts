// A separate process that holds a lock on a database until its stdin closes, as another program
// (a sqlite3 shell, a sync tool) would. Usage: holdLock.ts <db> <write|exclusive>
import Database from 'better-sqlite3';

const [path, mode] = process.argv.slice(2);
if (!path || (mode !== 'write' && mode !== 'exclusive')) throw new Error('usage: holdLock.ts <db> <write|exclusive>');
const db = new Database(path, { timeout: 0 });
if (mode === 'exclusive') {
  // No other connection can even read until this one closes.
  db.pragma('locking_mode = EXCLUSIVE');
  db.exec('BEGIN EXCLUSIVE; COMMIT');
} else {
  // Readers go on; every other writer waits, then gets SQLITE_BUSY.
  db.exec('BEGIN IMMEDIATE');
}
process.stdout.write('locked\n');
process.stdin.resume();
process.stdin.on('end', () => {
  if (db.inTransaction) db.exec('ROLLBACK');
  db.close();
  process.exit(0);
});
