import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sha256File } from '../../core/backup/backupFiles';
import { quietLogger, seedAnnotatable } from '../../core/testing/fixtures';
import { PROJECT_ROOT } from '../../core/testing/processes';
import { createTempDirs } from '../../core/testing/tempDir';
import { openWorkbench } from '../../core/workbench';

// `awb backup` and `awb restore` as a user types them (bin/awb.js, its own process).
const tempDir = createTempDirs('awb-cli-backup-');

function awb(...args: string[]) {
  const run = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'awb.js'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWB_LOG_LEVEL: 'silent' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const spanCount = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM annotation').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

async function databaseWithSpans(count: number) {
  const dir = tempDir();
  const dbPath = join(dir, 'workbench.db');
  const workbench = await openWorkbench(dbPath, { logger: quietLogger });
  const { documentId, words } = await seedAnnotatable(workbench);
  for (const word of words.slice(0, count)) await workbench.handlers['annotations.create']({ documentId, start: word.start, end: word.end, label: 'ACTOR' });
  workbench.close();
  return { dir, dbPath, documentId, words };
}

describe('awb backup / awb restore', () => {
  it('backs up, lists, and restores a named backup after backing up the current file', async () => {
    const { dir, dbPath, documentId, words } = await databaseWithSpans(2);
    const backedUp = awb('backup', '--db', dbPath);
    expect(backedUp.status, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toMatch(/Backed up .* integrity checked/);
    const [file] = readdirSync(join(dir, 'backups'));
    expect(file).toMatch(/^workbench\..*\.manual\.sqlite$/);

    const listed = awb('backup', '--list', '--db', dbPath);
    expect(listed.stdout).toContain(file);
    expect(listed.stdout).toContain('manual');

    const workbench = await openWorkbench(dbPath, { logger: quietLogger });
    const word = words[7];
    await workbench.handlers['annotations.create']({ documentId, start: word?.start ?? 0, end: word?.end ?? 1, label: 'LOCATION' });
    workbench.close();
    expect(spanCount(dbPath)).toBe(3);

    const restored = awb('restore', file ?? '', '--db', dbPath);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`from ${file}`);
    expect(restored.stdout).toMatch(/as it was is backed up as .*before-restore\.sqlite/);
    expect(spanCount(dbPath)).toBe(2);
    const before = readdirSync(join(dir, 'backups')).find((name) => name.includes('.before-restore.'));
    expect(spanCount(join(dir, 'backups', before ?? ''))).toBe(3);
  });

  it('restore --latest after damage: picks the last good backup and keeps the damaged file', async () => {
    const { dir, dbPath } = await databaseWithSpans(3);
    expect(awb('backup', '--db', dbPath).status).toBe(0);
    const bytes = readFileSync(dbPath);
    bytes.write('ruined header', 0);
    writeFileSync(dbPath, bytes);
    const damaged = sha256File(dbPath);

    const info = awb('info', '--db', dbPath);
    expect(info.status).toBe(1);
    expect(info.stderr).toContain('is damaged');
    expect(info.stderr).toContain('run "awb restore --latest"');
    expect(sha256File(dbPath)).toBe(damaged);

    const restored = awb('restore', '--latest', '--db', dbPath);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('The damaged file was kept');
    expect(spanCount(dbPath)).toBe(3);
    const kept = readdirSync(join(dir, 'backups')).find((name) => name.includes('.damaged.'));
    expect(sha256File(join(dir, 'backups', kept ?? ''))).toBe(damaged);
  });

  it('refuses clearly: no such backup, a path instead of a name, no database, nothing to restore', async () => {
    const { dir, dbPath } = await databaseWithSpans(1);
    const hash = sha256File(dbPath);
    for (const [args, message] of [
      [['restore', 'nope.sqlite'], 'There is no backup named "nope.sqlite"'],
      [['restore', '../workbench.db'], 'There is no backup named'],
      [['restore', '--latest'], 'There is no sound backup'],
      [['restore'], 'Name the backup to restore'],
    ] as const) {
      const run = awb(...args, '--db', dbPath);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toContain(message);
    }
    expect(sha256File(dbPath)).toBe(hash);
    const missing = awb('backup', '--db', join(dir, 'absent.db'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('There is no database at');
  });
});
