import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { textSha256 } from '../src/core/services/addDocument';
import { activeProject } from '../src/core/services/session';
import { openWorkbench } from '../src/core/workbench';
import { generateArticles } from './lib/articles';
import type { Benchmark, BenchResult } from './lib/types';

const run = promisify(execFile);
/** The size by default; `AWB_BENCH_EXPORT_DOCS=10000 npm run bench -- export` for a quick run. */
const DOCUMENTS = Number(process.env.AWB_BENCH_EXPORT_DOCS ?? 100_000);
const SPANS_PER_DOCUMENT = 10;
const RSS_TARGET_MB = 300;
const LABELS = [
  ['ACTOR', '{"actor_type":"state_force","side":"unknown"}'],
  ['LOCATION', '{"granularity":"populated_place"}'],
  ['WEAPON', '{"category":"rocket"}'],
  ['CASUALTY_COUNT', '{"value":3,"qualifier":"exact","status":"killed"}'],
] as const;

type ChildResult = { ms: number; documents: number; bytes: number; maxRssBytes: number };

/** The benchmark corpus: generated articles (about 2 KB), ten spans each on whole words, one annotator who marked them done. */
async function buildDatabase(path: string): Promise<void> {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const workbench = await openWorkbench(path, { logger: quiet });
  const db = workbench.db;
  const projectId = activeProject(workbench.context).id;
  const annotatorId = randomUUID();
  const now = new Date().toISOString();
  db.prepare("INSERT INTO annotator (id, name, role, created_at) VALUES (?, 'Bench', 'annotator', ?)").run(annotatorId, now);
  const document = db.prepare(
    `INSERT INTO document (id, project_id, external_id, title, source, published_at, text_sha256, char_count, metadata_json, created_at, text, normalization)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{"language":"en"}', ?, ?, 'NFC')`,
  );
  const span = db.prepare(
    `INSERT INTO annotation (id, document_id, annotator_id, layer, start, "end", label, attributes_json, quote, origin, revision, created_at, updated_at)
     VALUES (?, ?, ?, 'annotator', ?, ?, ?, ?, ?, 'manual', 1, ?, ?)`,
  );
  const status = db.prepare("INSERT INTO document_status (document_id, annotator_id, status, updated_at) VALUES (?, ?, 'done', ?)");
  db.transaction(() => {
    // Only the generated documents: the demo corpus would be exported by neither side alike.
    db.prepare('DELETE FROM document WHERE project_id = ?').run(projectId);
    let n = 0;
    for (const article of generateArticles(DOCUMENTS, 2_000)) {
      const id = randomUUID();
      document.run(id, projectId, article.id, article.title, article.source, article.date, textSha256(article.text), article.text.length, now, article.text);
      const words = [...article.text.matchAll(/[A-Za-z]+/g)];
      const step = Math.floor(words.length / SPANS_PER_DOCUMENT);
      for (let s = 0; s < SPANS_PER_DOCUMENT; s++) {
        const word = words[s * step];
        if (!word) continue;
        const [label, attributes] = LABELS[(n + s) % LABELS.length] ?? LABELS[0];
        span.run(randomUUID(), id, annotatorId, word.index, word.index + word[0].length, label, attributes, word[0], now, now);
      }
      status.run(id, annotatorId, now);
      n++;
    }
  })();
  await workbench.shutdown();
}

async function child(mode: 'export' | 'baseline', db: string, out: string): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'exportChild.ts'), mode, db, out], {
    maxBuffer: 1024 * 1024,
    env: { ...process.env, AWB_LOG_LEVEL: 'error' },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

/**
 * Exporting a large project to canonical JSONL through the real job (worker thread, read
 * snapshot, paged reads, span checks, atomic files with SHA-256, manifest and card), against the
 * floor measured in the same run: the same rows selected by the same paged queries and written
 * with JSON.stringify and nothing else. Each side runs in its own process (peak RSS is its own);
 * building the database is setup and is not timed.
 */
const benchmark: Benchmark = {
  name: 'export',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'awb-bench-export-'));
    try {
      const db = join(dir, 'bench.db');
      await buildDatabase(db);
      const baselineOut = join(dir, 'baseline');
      mkdirSync(baselineOut);
      const exported = await child('export', db, join(dir, 'export'));
      const baseline = await child('baseline', db, baselineOut);
      if (exported.documents !== DOCUMENTS || baseline.documents !== DOCUMENTS) {
        throw new Error(`expected ${DOCUMENTS} documents, got ${exported.documents} and ${baseline.documents}`);
      }
      const perSecond = (result: ChildResult) => result.documents / (result.ms / 1000);
      const mbPerSecond = (result: ChildResult) => result.bytes / 1024 / 1024 / (result.ms / 1000);
      const size = `${DOCUMENTS.toLocaleString('en')} documents, ${(DOCUMENTS * SPANS_PER_DOCUMENT).toLocaleString('en')} spans, ${(exported.bytes / 1024 / 1024).toFixed(0)} MB JSONL`;
      return [
        {
          suite: 'export',
          name: `canonical JSONL export, ${size} (documents/s)`,
          unit: 'docs/s',
          value: perSecond(exported),
          baseline: { name: 'same rows, JSON.stringify, no other logic', value: perSecond(baseline) },
          ratio: perSecond(baseline) / perSecond(exported),
          target: '≥ 50% of baseline (ratio ≤ 2.00×)',
        },
        {
          suite: 'export',
          name: `canonical JSONL export, ${size} (MB/s written)`,
          unit: 'MB/s',
          value: mbPerSecond(exported),
          baseline: { name: 'same rows, JSON.stringify, no other logic', value: mbPerSecond(baseline) },
          ratio: mbPerSecond(baseline) / mbPerSecond(exported),
        },
        {
          suite: 'export',
          name: `canonical JSONL export, ${size} (peak RSS of the exporting process)`,
          unit: 'MB',
          value: exported.maxRssBytes / 1024 / 1024,
          baseline: { name: 'baseline process', value: baseline.maxRssBytes / 1024 / 1024 },
          target: `≤ ${RSS_TARGET_MB} MB`,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
