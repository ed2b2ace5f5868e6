// One agreement measurement in a fresh process, so that its peak RSS is its own:
// `node --import tsx bench/lib/agreementChild.ts <db> <mode>` prints one line of JSON.
import { computeAgreement, resolveSettings } from '../../src/core/agreement/computeAgreement';
import { readAgreementDocuments } from '../../src/core/agreement/loadInputs';
import { computeAgreementInParallel } from '../../src/core/agreement/parallelAgreement';
import { participation } from '../../src/core/agreement/participation';
import { prepareSettings } from '../../src/core/agreement/settings';
import { TokenWorkspace } from '../../src/core/agreement/tokenLabels';
import { closeDatabase, openDatabase } from '../../src/core/store/openDatabase';
import { openWorkbench } from '../../src/core/workbench';
import { firstProjectId } from '../../src/core/store/projects';
import type { Db } from '../../src/core/store/types';
import { OffsetMap } from '../../src/shared/text/offsetMap';
import { tokenize, tokenizeWithSegmenter } from '../../src/shared/text/tokenize';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const [dbPath, mode] = process.argv.slice(2);
if (!dbPath || !mode) throw new Error('usage: agreementChild.ts <db> <full|single|regex|baseline|segmenter|latin|job>');

/**
 * The floor under every token metric, measured on the same reads: the same documents and work
 * read in the same transaction, the same participation rule, the project tokenizer, and each
 * counted annotator's spans laid on the tokens. No kappa, alpha, matching or rows.
 */
function baseline(db: Db, projectId: string): number {
  return db.transaction(() => {
    const prepared = prepareSettings(resolveSettings(db, { projectId }));
    let tokens = 0;
    const workspace = new TokenWorkspace();
    for (const document of readAgreementDocuments(db, projectId, prepared.annotatorIds)) {
      const counted = document.work.filter((work) => participation(work, 'done').counted);
      if (counted.length < 2) continue;
      prepared.tokenizer.tokenizeInto(document.text, workspace.tokens);
      workspace.reset(counted.length, prepared.labels.length);
      const offsets = new OffsetMap(document.text);
      counted.forEach((work, slot) => {
        const spans = work.spans.filter((span) => prepared.categoryOf.has(span.label));
        const categories = Int32Array.from(spans, (span) => prepared.categoryOf.get(span.label)!);
        workspace.read(slot, spans, categories, offsets, prepared.labels.length);
      });
      tokens += workspace.tokens.length;
    }
    return tokens;
  })();
}

/** Tokenizes the first 1,000 texts with one path of the project tokenizer. */
function tokenizeOnly(db: Db, projectId: string, split: (text: string) => unknown[]): number {
  const texts = db.prepare('SELECT text FROM document WHERE project_id = ? ORDER BY seq LIMIT 1000').pluck().all(projectId) as string[];
  const start = performance.now();
  let tokens = 0;
  for (const text of texts) tokens += split(text).length;
  return performance.now() - start + tokens * 0;
}

const db = await openDatabase(dbPath, { logger: quiet });
const projectId = firstProjectId(db)!;
const rssBefore = process.memoryUsage().rss;
const cpuBefore = process.cpuUsage();
const start = performance.now();
let ms: number;
switch (mode) {
  case 'full':
    // What the job runs: the documents shared between this thread and helper threads.
    await computeAgreementInParallel(db, { projectId });
    ms = performance.now() - start;
    break;
  case 'single':
    computeAgreement(db, { projectId });
    ms = performance.now() - start;
    break;
  case 'regex':
    await computeAgreementInParallel(db, { projectId, tokenizer: { kind: 'regex', pattern: '\\w+|[^\\w\\s]' } });
    ms = performance.now() - start;
    break;
  case 'baseline':
    baseline(db, projectId);
    ms = performance.now() - start;
    break;
  case 'segmenter':
    ms = tokenizeOnly(db, projectId, tokenizeWithSegmenter);
    break;
  case 'latin':
    ms = tokenizeOnly(db, projectId, tokenize);
    break;
  case 'job': {
    // What the dashboard waits for: agreement.start (checks, then a worker thread with its own
    // connection), the summary with every per-document row posted back and kept, then the first
    // page of the documents behind one label's figure.
    // Opening the workbench (its start-up quick_check reads the whole file) is not part of the run.
    const workbench = await openWorkbench(dbPath, { logger: quiet });
    const jobStart = performance.now();
    const { jobId } = await workbench.handlers['agreement.start']({ projectId, tokenizer: { kind: 'project' }, counting: 'done' });
    const status = await workbench.jobs.wait(jobId);
    if (status.state !== 'succeeded') throw new Error(`the agreement job ${status.state}: ${status.error?.message ?? ''}`);
    await workbench.handlers['agreement.documents']({ runId: jobId, focus: { measure: 'exact', label: 'LOCATION' }, offset: 0, limit: 50 });
    ms = performance.now() - jobStart;
    await workbench.shutdown();
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
const cpu = process.cpuUsage(cpuBefore);
closeDatabase(db);
// CPU time beside wall time: on a shared machine the wall clock also counts other processes' turns.
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(`${JSON.stringify({ ms, cpuMs, rssBeforeMb: rssBefore / 2 ** 20, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
