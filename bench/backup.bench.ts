import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVerifiedBackup } from '../src/core/backup/createBackup';
import { verifyDatabaseFile } from '../src/core/backup/verifyDatabaseFile';
import { openWorkbench } from '../src/core/workbench';
import { median, timeMs } from './lib/stats';
import type { Benchmark, BenchResult } from './lib/types';

const DOCUMENTS = 40;
const WORDS_PER_DOCUMENT = 1_000;
const RUNS = 5;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A verified backup (online backup, integrity and foreign-key checks, fsync, rename) of a database
 * with 40,000 spans, against the floor: copying the same file. The check runs on the thread that
 * serves the window, so its own time is reported too (it is the longest the app stops answering).
 */
const benchmark: Benchmark = {
  name: 'verified backup',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'awb-bench-backup-'));
    try {
      const dbPath = join(dir, 'workbench.db');
      const workbench = await openWorkbench(dbPath, { logger: quiet });
      await workbench.dispatch('annotators.setLocal', { name: 'Bench' });
      const projectId = (workbench.db.prepare('SELECT id FROM project').get() as { id: string }).id;
      const annotatorId = (workbench.db.prepare('SELECT id FROM annotator').get() as { id: string }).id;
      workbench.db.transaction(() => {
        const insertDocument = workbench.db.prepare(
          'INSERT INTO document (id, project_id, title, text_sha256, char_count, created_at, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        const insertSpan = workbench.db.prepare(
          `INSERT INTO annotation (id, document_id, annotator_id, start, "end", label, quote, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'ACTOR', ?, 'manual', 'now', 'now')`,
        );
        for (let d = 0; d < DOCUMENTS; d++) {
          const text = Array.from({ length: WORDS_PER_DOCUMENT }, (_, i) => `d${d}w${i}`).join(' ');
          insertDocument.run(`doc${d}`, projectId, `Document ${d}`, d.toString(16).padStart(64, '0'), text.length, 'now', text);
          for (const match of text.matchAll(/\S+/g))
            insertSpan.run(`s${d}-${match.index}`, `doc${d}`, annotatorId, match.index, match.index + match[0].length, match[0]);
        }
      })();
      workbench.db.pragma('wal_checkpoint(TRUNCATE)');

      const backups: number[] = [];
      const copies: number[] = [];
      const checks: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        let path = '';
        backups.push(
          await timeMs(async () => (path = (await createVerifiedBackup(workbench.db, { dbPath, dir: join(dir, 'backups'), kind: 'manual' })).backup.path)),
        );
        checks.push(await timeMs(() => verifyDatabaseFile(path)));
        copies.push(await timeMs(() => copyFileSync(dbPath, join(dir, `copy${run}.db`))));
      }
      const size = statSync(dbPath).size;
      workbench.close();
      const base = median(copies);
      return [
        {
          suite: 'backup',
          name: `verified backup of ${(size / 1024 / 1024).toFixed(1)} MB (${DOCUMENTS * WORDS_PER_DOCUMENT} spans)`,
          unit: 'ms',
          value: median(backups),
          baseline: { name: 'plain file copy', value: base },
          ratio: median(backups) / base,
        },
        {
          suite: 'backup',
          name: 'integrity + foreign-key check alone (blocks the host thread)',
          unit: 'ms',
          value: median(checks),
          baseline: { name: 'plain file copy', value: base },
          ratio: median(checks) / base,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
