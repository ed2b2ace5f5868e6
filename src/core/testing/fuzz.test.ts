import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../errors';
import { openWorkbench } from '../workbench';
import { quietLogger } from './fixtures';
import { assertAcceptsOrRefusesCleanly, databaseFingerprint } from './fuzz';
import { createTempDirs } from './tempDir';

// The shared property importers and the bundle reader reuse: it must catch exactly what it claims to.
const tempDir = createTempDirs('awb-fuzz-helper-');

async function database() {
  return openWorkbench(join(tempDir(), 'helper.db'), { logger: quietLogger });
}

describe('assertAcceptsOrRefusesCleanly', () => {
  it('passes code that refuses with its own error and writes inside a transaction', async () => {
    const workbench = await database();
    await assertAcceptsOrRefusesCleanly({
      db: workbench.db,
      arbitrary: fc.integer({ min: 0, max: 20 }),
      numRuns: 50,
      run: (n) =>
        workbench.db.transaction(() => {
          workbench.db.prepare('INSERT INTO app_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`k${n}`, 'v');
          if (n % 2 === 1) throw new WorkbenchError('invalid_input', `odd number ${n}`);
        })(),
    });
    workbench.close();
  });

  it('fails on a refusal that leaves a partial write behind', async () => {
    const workbench = await database();
    await expect(
      assertAcceptsOrRefusesCleanly({
        db: workbench.db,
        arbitrary: fc.integer({ min: 0, max: 1000 }),
        numRuns: 50,
        run: (n) => {
          workbench.db.prepare('INSERT OR REPLACE INTO app_setting (key, value) VALUES (?, ?)').run(`partial${n}`, 'half');
          throw new WorkbenchError('invalid_input', 'refused after writing');
        },
      }),
    ).rejects.toThrow(/left the database changed/);
    workbench.close();
  });

  it('fails on an error that is not the project’s own (a crash)', async () => {
    const workbench = await database();
    await expect(
      assertAcceptsOrRefusesCleanly({
        db: workbench.db,
        arbitrary: fc.string(),
        numRuns: 50,
        run: (text) => {
          if (text.length > 2) (undefined as unknown as { x: number }).x = 1;
        },
      }),
    ).rejects.toThrow(/crashed instead of refusing cleanly/);
    workbench.close();
  });

  it('fingerprints every stored row: a change anywhere changes it', async () => {
    const workbench = await database();
    const before = databaseFingerprint(workbench.db);
    expect(databaseFingerprint(workbench.db)).toBe(before);
    workbench.db.prepare("UPDATE document SET title = title || '.' WHERE seq = (SELECT min(seq) FROM document)").run();
    expect(databaseFingerprint(workbench.db)).not.toBe(before);
    workbench.close();
  });
});
