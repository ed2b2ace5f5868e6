import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_THREADS } from '../src/core/agreement/parallelAgreement';
import { openWorkbench } from '../src/core/workbench';
import { writeAgreementCorpus } from './lib/agreementCorpus';
import { median } from './lib/stats';
import type { Benchmark, BenchResult } from './lib/types';

const DOCUMENTS = 10_000;
const SMALL = 2_000;
const RUNS = 3;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const child = join(import.meta.dirname, 'lib', 'agreementChild.ts');

type Measurement = { ms: number; cpuMs: number; rssBeforeMb: number; peakRssMb: number };

/** Runs one measurement in its own process (its peak RSS is then its own). */
function measure(dbPath: string, mode: string): Measurement {
  const output = execFileSync(process.execPath, ['--import', 'tsx', child, dbPath, mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').pop()!) as Measurement;
}

function medianOf(dbPath: string, mode: string, runs = RUNS): Measurement {
  const all = Array.from({ length: runs }, () => measure(dbPath, mode));
  const middle = (key: keyof Measurement) => median(all.map((m) => m[key]));
  return { ms: middle('ms'), cpuMs: middle('cpuMs'), peakRssMb: middle('peakRssMb'), rssBeforeMb: middle('rssBeforeMb') };
}

/** CPU time and machine load beside a wall-clock figure: on a shared machine the wall clock also counts other processes' turns. */
function cpuNote(measured: Measurement, floor?: Measurement): string {
  const ratio = floor ? ` (${(measured.cpuMs / floor.cpuMs).toFixed(2)}× the baseline's ${floor.cpuMs.toFixed(0)} ms)` : '';
  return `CPU ${measured.cpuMs.toFixed(0)} ms${ratio}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
}

/**
 * Every agreement metric over 10,000 generated articles of about 3 KB × 3 annotators, read from
 * a real SQLite file through the real store, as the job computes it (the documents shared between
 * this thread and helper threads, one per core up to four), against the floor measured in the
 * same run (the same reads, tokenizing and labelling the same tokens, no metric logic, in one
 * thread); the same in one thread; and peak memory at 2,000 and 10,000 documents, which should
 * be about the same (nothing grows with the text).
 */
const benchmark: Benchmark = {
  name: 'agreement',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'awb-bench-agreement-'));
    try {
      const paths: Record<number, string> = {};
      for (const documents of [SMALL, DOCUMENTS]) {
        paths[documents] = join(dir, `corpus-${documents}.db`);
        const workbench = await openWorkbench(paths[documents], { logger: quiet });
        writeAgreementCorpus(workbench, documents);
        workbench.close();
      }
      const big = paths[DOCUMENTS]!;
      const threadNote = `${Math.min(availableParallelism(), MAX_THREADS)} threads (this one and helper threads, computeAgreementInParallel)`;
      const full = medianOf(big, 'full');
      const single = medianOf(big, 'single');
      const floor = medianOf(big, 'baseline');
      const regex = medianOf(big, 'regex');
      const job = medianOf(big, 'job');
      const small = medianOf(paths[SMALL]!, 'full', 1);
      const segmenter = medianOf(big, 'segmenter', 1);
      const latin = medianOf(big, 'latin', 1);
      return [
        {
          suite: 'agreement',
          name: `every metric, ${DOCUMENTS} docs × 3 annotators, project tokenizer`,
          unit: 'ms',
          value: full.ms,
          baseline: { name: 'same reads + tokenize + label tokens, no metrics (one thread)', value: floor.ms },
          ratio: full.ms / floor.ms,
          target: '≤ 3000 ms',
          note: `${threadNote}; ${cpuNote(full, floor)} (CPU of every thread)`,
        },
        {
          suite: 'agreement',
          name: `every metric, ${DOCUMENTS} docs × 3 annotators, project tokenizer, one thread`,
          unit: 'ms',
          value: single.ms,
          baseline: { name: 'same reads + tokenize + label tokens, no metrics (one thread)', value: floor.ms },
          ratio: single.ms / floor.ms,
          note: `computeAgreement alone, as an export's dataset card runs it inside its own read transaction; ${cpuNote(single, floor)}`,
        },
        {
          suite: 'agreement',
          name: `every metric, ${DOCUMENTS} docs, regex tokenizer \\w+|[^\\w\\s]`,
          unit: 'ms',
          value: regex.ms,
          baseline: { name: 'every metric, project tokenizer', value: full.ms },
          ratio: regex.ms / full.ms,
          target: '≤ 3000 ms',
          note: `${threadNote}; ${cpuNote(regex)}`,
        },
        {
          suite: 'agreement',
          name: `every metric as a job (worker thread + helper threads, all rows kept, first drill-down page), ${DOCUMENTS} docs`,
          unit: 'ms',
          value: job.ms,
          baseline: { name: 'every metric, computed in the calling thread', value: full.ms },
          ratio: job.ms / full.ms,
          target: '≤ 3000 ms',
          note: `${cpuNote(job)} (CPU includes opening the workbench); peak RSS ${job.peakRssMb.toFixed(0)} MB (the workers' included); from source each worker also compiles its TypeScript through tsx, which the built app does not`,
        },
        {
          suite: 'agreement',
          name: `peak RSS, every metric, ${DOCUMENTS} docs`,
          unit: 'MB',
          value: full.peakRssMb,
          baseline: { name: `peak RSS, every metric, ${SMALL} docs`, value: small.peakRssMb },
          ratio: full.peakRssMb / small.peakRssMb,
          note: `RSS before computing: ${full.rssBeforeMb.toFixed(0)} MB; flat memory means a ratio near 1 (both with the helper threads, each with its own heap); one thread at ${DOCUMENTS} docs: ${single.peakRssMb.toFixed(0)} MB`,
        },
        {
          suite: 'agreement',
          name: 'project tokenizer, 1,000 docs, Intl.Segmenter path (non-Latin text)',
          unit: 'ms',
          value: segmenter.ms,
          baseline: { name: 'fast Latin-script path, same texts and tokens', value: latin.ms },
          ratio: segmenter.ms / latin.ms,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
