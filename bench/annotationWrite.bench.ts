import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyPragmas } from '../src/core/store/openDatabase';
import { openWorkbench } from '../src/core/workbench';
import { median, percentile, timeMs } from './lib/stats';
import type { Benchmark, BenchResult } from './lib/types';

const OPERATIONS = 200;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Saving one span through the contract (validation, offset and overlap checks, its own durable
 * transaction), against the floor: the same row inserted by a bare prepared statement in its own
 * transaction with the same durability settings.
 */
const benchmark: Benchmark = {
  name: 'annotation write',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'awb-bench-'));
    try {
      const workbench = await openWorkbench(join(dir, 'service.db'), { logger: quiet });
      await workbench.dispatch('annotators.setLocal', { name: 'Bench' });
      const projectId = (workbench.db.prepare('SELECT id FROM project').get() as { id: string }).id;
      const text = Array.from({ length: OPERATIONS * 2 }, (_, i) => `word${i}`).join(' ');
      workbench.db
        .prepare("INSERT INTO document (id, project_id, title, text_sha256, char_count, created_at, text) VALUES ('bench-doc', ?, 'bench', ?, ?, 'now', ?)")
        .run(projectId, 'b'.repeat(64), text.length, text);
      const starts = [...text.matchAll(/word\d+/g)].map((match) => ({ start: match.index, end: match.index + match[0].length }));

      const service: number[] = [];
      for (let i = 0; i < OPERATIONS; i++) {
        const span = starts[i * 2];
        if (!span) break;
        service.push(
          await timeMs(async () => {
            const result = await workbench.dispatch('annotations.create', {
              documentId: 'bench-doc',
              ...span,
              label: 'ACTOR',
              attributes: { actor_type: 'other' },
            });
            if (!result.ok) throw new Error(result.error.message);
          }),
        );
      }
      workbench.close();

      const bare = new Database(join(dir, 'bare.db'));
      applyPragmas(bare, 'bare.db');
      bare.exec('CREATE TABLE span (id TEXT PRIMARY KEY, document_id TEXT, start INTEGER, "end" INTEGER, label TEXT, attributes_json TEXT, quote TEXT) STRICT');
      const insert = bare.prepare('INSERT INTO span VALUES (?, ?, ?, ?, ?, ?, ?)');
      const baseline: number[] = [];
      for (let i = 0; i < OPERATIONS; i++) {
        baseline.push(await timeMs(() => bare.transaction(() => insert.run(`id${i}`, 'bench-doc', i, i + 5, 'ACTOR', '{"actor_type":"other"}', 'word'))()));
      }
      bare.close();

      const value = median(service);
      const base = median(baseline);
      return [
        {
          suite: 'store',
          name: `annotations.create, ${OPERATIONS} spans (durable)`,
          unit: 'ms',
          value,
          p95: percentile(service, 95),
          baseline: { name: 'bare INSERT, own transaction', value: base },
          ratio: value / base,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
