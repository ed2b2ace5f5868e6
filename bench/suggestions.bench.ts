import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGazetteer } from '../src/core/store/gazetteers';
import { documentTextPage } from '../src/core/store/suggestions';
import { gazetteerPhraseSource } from '../src/core/suggestions/sources';
import { runSuggest } from '../src/core/suggestions/runSuggest';
import { seededRandom } from '../src/core/testing/seededRandom';
import { openWorkbench } from '../src/core/workbench';
import { TokenBuffer } from '../src/shared/text/tokenBuffer';
import { tokenizeInto } from '../src/shared/text/tokenize';
import { generateArticles } from './lib/articles';
import { median, timeMs } from './lib/stats';
import type { Benchmark, BenchResult } from './lib/types';

const DOCUMENTS = Number(process.env.AWB_BENCH_SUGGEST_DOCUMENTS ?? 10_000);
const ENTRIES = 50_000;
const RUNS = Number(process.env.AWB_BENCH_SUGGEST_RUNS ?? 3);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const LABELS = ['ACTOR', 'LOCATION', 'WEAPON'] as const;

// Syllables the generated articles never use, so a name occurs only where it is set into a text.
const SYLLABLES = ['qua', 'xen', 'yor', 'fje', 'wub', 'plo', 'kry', 'vash', 'oth', 'jin', 'eck', 'zul', 'brim', 'tov', 'gue', 'fax'];

type BenchEntry = { surface: string; label: string; attributes: Record<string, never>; variants: string[]; match: ('ignore-case' | 'ignore-hyphens')[] };

/**
 * 50,000 made-up names of one to three capitalised words, in the three labels, a third of them
 * with folding keywords and a fifth with a hyphenated and an Arabic-script variant, as a real
 * list of actors, places and weapons would be: most entries never occur in a given article.
 */
function gazetteerEntries(): BenchEntry[] {
  const random = seededRandom(9);
  const word = () => {
    let text = '';
    for (let i = 0, n = 2 + Math.floor(random() * 3); i < n; i++) text += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const seen = new Set<string>();
  const entries: BenchEntry[] = [];
  while (entries.length < ENTRIES) {
    const surface = Array.from({ length: 1 + Math.floor(random() * 3) }, word).join(' ');
    if (seen.has(surface)) continue;
    seen.add(surface);
    entries.push({
      surface,
      label: LABELS[entries.length % 3]!,
      attributes: {},
      variants: random() < 0.2 ? [surface.replace(' ', '-'), `العمر ${entries.length}`] : [],
      match: random() < 0.33 ? ['ignore-case', 'ignore-hyphens'] : [],
    });
  }
  return entries;
}

/** An article with about eight of the list's names set into its sentences (and a casualty phrase now and then). */
function withNames(text: string, entries: BenchEntry[], random: () => number): string {
  const sentences = text.split('. ');
  for (let i = 0; i < 8; i++) {
    const at = Math.floor(random() * sentences.length);
    const entry = entries[Math.floor(random() * entries.length)]!;
    sentences[at] = `${sentences[at] ?? ''} near ${entry.surface}`;
  }
  if (random() < 0.3) sentences[0] = `${sentences[0] ?? ''}; at least 12 people were killed`;
  return sentences.join('. ');
}

/**
 * A suggestion run over 10,000 documents of about 3 KB against a 50,000-entry gazetteer (plus the
 * casualty rule and propagation), through the job's own runner with its batched writes, against
 * the floor measured in the same run: reading the same documents page by page and tokenizing
 * them. Memory: the live heap (after a forced GC; `npm run bench` passes --expose-gc) after the
 * first quarter of the documents and at the end (flat means the run holds no per-document state).
 */
const benchmark: Benchmark = {
  name: 'suggestions',
  async run(): Promise<BenchResult[]> {
    const dir = mkdtempSync(join(tmpdir(), 'awb-bench-suggest-'));
    try {
      const workbench = await openWorkbench(join(dir, 'suggest.db'), { logger: quiet });
      const db = workbench.db;
      const projectId = (db.prepare('SELECT id FROM project').get() as { id: string }).id;
      const insert = db.prepare(
        'INSERT INTO document (id, project_id, title, text_sha256, char_count, created_at, text) VALUES (@id, @projectId, @title, @sha, @chars, @now, @text)',
      );
      const entries = gazetteerEntries();
      const random = seededRandom(31);
      db.transaction(() => {
        for (const generated of generateArticles(DOCUMENTS)) {
          const article = { ...generated, text: withNames(generated.text, entries, random) };
          insert.run({
            id: article.id,
            projectId,
            title: article.title,
            sha: createHash('sha256').update(article.text).digest('hex'),
            chars: [...article.text].length,
            now: new Date().toISOString(),
            text: article.text,
          });
        }
      })();
      db.transaction(() => writeGazetteer(db, { id: 'bench-list', projectId, name: 'bench', fileName: null, now: new Date().toISOString() }, entries))();

      const buildMs = await timeMs(() => gazetteerPhraseSource('bench', entries));

      // The floor: every document read and tokenized, nothing matched or written.
      const tokens = new TokenBuffer();
      const floorMs = await timeMs(() => {
        let afterSeq = 0;
        for (;;) {
          const page = documentTextPage(db, projectId, afterSeq, 100);
          if (page.length === 0) break;
          for (const document of page) tokenizeInto(document.text, tokens);
          afterSeq = page[page.length - 1]!.seq;
        }
      });

      // Three full runs, each from an empty suggestion table, so every run does the same work.
      // Memory: the heap after a forced full GC (live data only, no garbage) when a quarter of the
      // documents are done and when all are, while the run still holds its automata. The forced
      // GCs' own time is taken out of the run's time.
      const gc = (globalThis as { gc?: () => void }).gc;
      const runs: number[] = [];
      const heaps: { quarter: number; end: number }[] = [];
      let done: ReturnType<typeof runSuggest> | null = null;
      for (let run = 0; run < RUNS; run++) {
        db.exec('DELETE FROM suggestion');
        const heap = { quarter: Number.NaN, end: Number.NaN };
        let gcMs = 0;
        const liveHeap = () => {
          const start = process.hrtime.bigint();
          gc?.();
          const used = process.memoryUsage().heapUsed;
          gcMs += Number(process.hrtime.bigint() - start) / 1e6;
          return used;
        };
        const ms = await timeMs(() => {
          done = runSuggest(
            workbench.context,
            { sources: ['gazetteer:bench', 'casualty-rule', 'propagation'] },
            {
              isCancelled: () => false,
              progress: ({ done: count, phase }) => {
                if (phase !== 'Suggesting') return;
                if (Number.isNaN(heap.quarter) && count >= DOCUMENTS / 4) heap.quarter = liveHeap();
                if (count === DOCUMENTS) heap.end = liveHeap();
              },
            },
          );
        });
        runs.push(ms - gcMs);
        heaps.push(heap);
      }
      const runMs = median(runs);
      workbench.close();
      const summary = done as ReturnType<typeof runSuggest> | null;
      const mb = (bytes: number) => bytes / 1024 / 1024;
      const growth = Math.max(...heaps.map((heap) => heap.end - heap.quarter));
      return [
        {
          suite: 'suggestions',
          name: `suggest ${DOCUMENTS.toLocaleString()} documents × ${ENTRIES.toLocaleString()} entries (+ casualty rule, propagation), written`,
          unit: 'ms',
          value: runMs,
          baseline: { name: 'read and tokenize the same documents', value: floorMs },
          ratio: runMs / floorMs,
          target: '≤ 10,000 ms',
          note: `${summary?.suggestions ?? 0} suggestions stored per run; median of ${RUNS} runs (${runs.map((ms) => Math.round(ms)).join(', ')} ms), automaton built inside each, forced GCs excluded`,
        },
        { suite: 'suggestions', name: `build the automaton of ${ENTRIES.toLocaleString()} entries`, unit: 'ms', value: buildMs },
        {
          suite: 'suggestions',
          name: `live heap growth from 25% to 100% of the run (after forced GC${gc ? '' : ': not available, run node --expose-gc'})`,
          unit: 'MB',
          value: mb(growth),
          note: `live heap at 25% → 100% per run: ${heaps.map((heap) => `${mb(heap.quarter).toFixed(1)} → ${mb(heap.end).toFixed(1)} MB`).join('; ')}; flat means no per-document state is kept`,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
