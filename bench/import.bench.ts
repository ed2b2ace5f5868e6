import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeArticlesJsonl } from './lib/articles';
import type { Benchmark, BenchResult } from './lib/types';

const run = promisify(execFile);
/** The size by default; `AWB_BENCH_IMPORT_DOCS=10000 npm run bench -- import` for a quick run. */
const DOCUMENTS = Number(process.env.AWB_BENCH_IMPORT_DOCS ?? 100_000);
const RSS_TARGET_MB = 300;

type ChildResult = { ms: number; documents: number; maxRssBytes: number };

async function child(mode: 'import' | 'baseline', db: string, arg: string): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'importChild.ts'), mode, db, arg], {
    maxBuffer: 1024 * 1024,
    env: { ...process.env, AWB_LOG_LEVEL: 'error' },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

/**
 * Importing one large JSONL file (about 3 KB per article) into a fresh database with its
 * full-text index, through the real job (worker thread, own connection, validation, dedupe, one
 * transaction), against the floor measured in the same run: the same rows inserted into the same
 * table and index by a bare prepared statement in one transaction. Each side runs in its own
 * process, so the peak RSS reported is the import's own.
 */
const benchmark: Benchmark = {
  name: 'import',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'awb-bench-import-'));
    try {
      const file = join(dir, 'articles.jsonl');
      const bytes = await writeArticlesJsonl(file, DOCUMENTS);
      const imported = await child('import', join(dir, 'import.db'), file);
      const baseline = await child('baseline', join(dir, 'baseline.db'), String(DOCUMENTS));
      if (imported.documents !== DOCUMENTS || baseline.documents !== DOCUMENTS)
        throw new Error(`expected ${DOCUMENTS} documents, got ${imported.documents} and ${baseline.documents}`);
      const perSecond = (result: ChildResult) => result.documents / (result.ms / 1000);
      const mbPerSecond = (result: ChildResult) => bytes / 1024 / 1024 / (result.ms / 1000);
      const size = `${DOCUMENTS.toLocaleString('en')} articles, ${(bytes / 1024 / 1024).toFixed(0)} MB JSONL`;
      return [
        {
          suite: 'import',
          name: `JSONL import, ${size} (documents/s)`,
          unit: 'docs/s',
          value: perSecond(imported),
          baseline: { name: 'bare INSERT, one transaction, same FTS', value: perSecond(baseline) },
          ratio: perSecond(baseline) / perSecond(imported),
          target: '≥ 50% of baseline (ratio ≤ 2.00×)',
        },
        {
          suite: 'import',
          name: `JSONL import, ${size} (MB/s)`,
          unit: 'MB/s',
          value: mbPerSecond(imported),
          baseline: { name: 'bare INSERT, one transaction, same FTS', value: mbPerSecond(baseline) },
          ratio: mbPerSecond(baseline) / mbPerSecond(imported),
        },
        {
          suite: 'import',
          name: `JSONL import, ${size} (peak RSS of the importing process)`,
          unit: 'MB',
          value: imported.maxRssBytes / 1024 / 1024,
          baseline: { name: 'baseline process (all rows in memory)', value: baseline.maxRssBytes / 1024 / 1024 },
          target: `≤ ${RSS_TARGET_MB} MB`,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
