import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { AgreementSummary } from '../../shared/contract/methods/agreement';
import type { ErrorCode } from '../../shared/contract/result';
import { WorkbenchError } from '../errors';
import { spawnWorker } from '../jobs/spawnWorker';
import { countDocuments } from '../store/documents';
import { BUSY_TIMEOUT_MS } from '../store/openDatabase';
import { prepareCached } from '../store/statementCache';
import type { Db } from '../store/types';
import { CANCEL_CELL, countClaimedChunks, documentsDone, FIRST_THREAD_CELL, type SeqRange } from './addStoredDocuments';
import { type AgreementControl, type AgreementRequest, computeAgreement, resolveSettings } from './computeAgreement';
import { AgreementAccumulator, type AgreementPart } from './corpusAgreement';
import { prepareSettings } from './settings';
import type { AgreementSettings } from './types';

/** How to share the work: at most `threads` threads (this one included), each with at least `minDocumentsPerThread` documents. */
export type ParallelOptions = {
  /** Default: the machine's parallelism, at most {@link MAX_THREADS}. */
  threads?: number;
  /** Below this many documents per thread a helper thread costs more than it saves. Default {@link MIN_DOCUMENTS_PER_THREAD}. */
  minDocumentsPerThread?: number;
  /** Documents per chunk a thread claims at a time. Default: about 16 chunks per thread, at least {@link MIN_CHUNK}. */
  chunkDocuments?: number;
  /** The built agreementWorker.js (the Electron main process passes the bundle's); see spawnWorker. */
  workerScript?: string | undefined;
  /** The better-sqlite3 binary for this runtime (Electron passes its own). */
  nativeBinding?: string | undefined;
};

/** What a helper thread is started with. */
export type AgreementWorkerData = {
  dbPath: string;
  nativeBinding?: string | undefined;
  /** The schema version the calling thread's connection has (checked at open, so the helper need not load the migrations). */
  schemaVersion: number;
  busyTimeoutMs: number;
  projectId: string;
  settings: AgreementSettings;
  chunks: SeqRange[];
  total: number;
  /** Int32 cells: see CANCEL_CELL, NEXT_CHUNK_CELL, FIRST_THREAD_CELL (addStoredDocuments.ts). */
  shared: SharedArrayBuffer;
  /** This thread's cell of documents done. */
  cell: number;
};

/** What a helper thread posts back, once: the parts of the chunks it counted, by chunk index. */
export type AgreementWorkerMessage = { type: 'done'; parts: [number, AgreementPart][] } | { type: 'failed'; error: { code: string; message: string } };

/** More threads than this gain little (the reads share one file) and each costs its own heap. */
export const MAX_THREADS = 4;
/** Below this many documents per thread a helper thread costs more than it saves. */
export const MIN_DOCUMENTS_PER_THREAD = 500;
/** Chunks per thread: enough that threads starting late or running slower even out. */
const CHUNKS_PER_THREAD = 16;
export const MIN_CHUNK = 50;

/**
 * Agreement over a stored project with the documents shared between this thread and helper
 * threads. The corpus is cut into chunks of consecutive documents (by seq); every thread claims
 * the next chunk from a shared counter until none is left (helpers on read-only connections of
 * their own, each in one read transaction), so a thread that starts late or is slowed by other
 * work simply counts fewer. The chunks' parts are merged in corpus order
 * (AgreementAccumulator.absorb); every count is an integer, so the summary is exactly
 * computeAgreement's, row order included.
 *
 * One snapshot: the threads' transactions could see different states of the file if something
 * were committed while they read. `PRAGMA data_version` on this connection, read before the
 * corpus is planned and after the last chunk is counted, changes exactly when another connection
 * committed in between; then the parts are dropped and the corpus is counted again here in one
 * transaction (computeAgreement).
 *
 * Small corpora, one-core machines and calls inside an open transaction (an export's snapshot)
 * go straight to computeAgreement. Progress counts every thread's documents; cancel stops them all.
 */
export async function computeAgreementInParallel(
  db: Db,
  request: AgreementRequest,
  control: AgreementControl = {},
  options: ParallelOptions = {},
): Promise<AgreementSummary> {
  for (const name of ['threads', 'minDocumentsPerThread', 'chunkDocuments'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new Error(`Agreement option ${name} must be a positive integer, not ${value}.`);
  }
  const threads = Math.min(options.threads ?? availableParallelism(), MAX_THREADS);
  if (threads < 2 || db.inTransaction || db.memory) return computeAgreement(db, request, control);
  const before = dataVersion(db);
  const plan = db.transaction(() => {
    const settings = resolveSettings(db, request);
    // Checked here, so a bad token pattern or label is refused before any thread starts.
    const prepared = prepareSettings(settings);
    const total = countDocuments(db, request.projectId);
    const helpers = Math.min(threads, Math.floor(total / (options.minDocumentsPerThread ?? MIN_DOCUMENTS_PER_THREAD))) - 1;
    const chunkSize = options.chunkDocuments ?? Math.max(MIN_CHUNK, Math.ceil(total / ((helpers + 1) * CHUNKS_PER_THREAD)));
    return { settings, prepared, total, helpers, chunks: helpers > 0 ? cutIntoChunks(db, request.projectId, chunkSize) : [] };
  })();
  if (plan.helpers < 1) return computeAgreement(db, request, control);

  const { settings, prepared, total, chunks } = plan;
  const shared = new Int32Array(new SharedArrayBuffer(4 * (FIRST_THREAD_CELL + 1 + plan.helpers)));
  const workers: Worker[] = [];
  try {
    const helperParts = Array.from({ length: plan.helpers }, (_, i) => {
      const data: AgreementWorkerData = {
        dbPath: db.name,
        nativeBinding: options.nativeBinding,
        schemaVersion: Number(db.pragma('user_version', { simple: true })),
        busyTimeoutMs: BUSY_TIMEOUT_MS,
        projectId: request.projectId,
        settings,
        chunks,
        total,
        shared: shared.buffer,
        cell: FIRST_THREAD_CELL + 1 + i,
      };
      const worker = spawnWorker({ dir: import.meta.dirname, name: 'agreementWorker', script: options.workerScript }, data);
      workers.push(worker);
      return partsOf(worker);
    });
    // A helper's failure is seen when its parts are awaited below, not as an unhandled rejection meanwhile.
    for (const parts of helperParts) parts.catch(() => undefined);

    let mine: [number, AgreementPart][];
    try {
      mine = db.transaction(() =>
        countClaimedChunks(db, request.projectId, prepared, chunks, shared, FIRST_THREAD_CELL, { total, control, allDone: () => documentsDone(shared) }),
      )();
    } catch (error) {
      Atomics.store(shared, CANCEL_CELL, 1);
      throw error;
    }
    const theirs = await waitFor(helperParts, () => {
      if (control.isCancelled?.()) Atomics.store(shared, CANCEL_CELL, 1);
      else control.progress?.({ done: documentsDone(shared), total, unit: 'items', phase: 'Comparing documents' });
    });
    // Something was committed while the threads read: count again in one snapshot.
    if (dataVersion(db) !== before) return computeAgreement(db, request, control);
    const accumulator = new AgreementAccumulator(prepared);
    for (const [, part] of [...mine, ...theirs.flat()].sort(([x], [y]) => x - y)) accumulator.absorb(part);
    control.progress?.({ done: accumulator.documentsAdded, total, unit: 'items', phase: 'Comparing documents' });
    return accumulator.finish();
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}

/** Consecutive chunks of `size` documents (the last one shorter), by seq. */
function cutIntoChunks(db: Db, projectId: string, size: number): SeqRange[] {
  const seqs = prepareCached<[string], number>(db, 'SELECT seq FROM document WHERE project_id = ? ORDER BY seq').pluck().all(projectId);
  const chunks: SeqRange[] = [];
  for (let first = 0; first < seqs.length; first += size) {
    const last = Math.min(first + size, seqs.length) - 1;
    chunks.push({ afterSeq: first === 0 ? -1 : seqs[first - 1]!, throughSeq: seqs[last]! });
  }
  return chunks;
}

/** The parts a helper posts, or its error (a crash or an exit before posting is an error too). */
function partsOf(worker: Worker): Promise<[number, AgreementPart][]> {
  return new Promise((resolve, reject) => {
    worker.once('message', (message: AgreementWorkerMessage) => {
      if (message.type === 'done') resolve(message.parts);
      else reject(new WorkbenchError(message.error.code as ErrorCode, message.error.message));
    });
    worker.once('error', (error) => reject(new WorkbenchError('internal', `An agreement thread stopped unexpectedly: ${error.message}`)));
    worker.once('exit', (code) => reject(new WorkbenchError('internal', `An agreement thread exited (code ${code}) before finishing.`)));
  });
}

/** Every helper's parts, calling `tick` (progress, cancel) every 100 ms meanwhile; the first failure rejects. */
async function waitFor<T>(parts: Promise<T>[], tick: () => void): Promise<T[]> {
  const timer = setInterval(tick, 100);
  try {
    return await Promise.all(parts);
  } finally {
    clearInterval(timer);
  }
}

/** `PRAGMA data_version`: changes when another connection has committed since this one last looked. */
function dataVersion(db: Db): number {
  return Number(db.pragma('data_version', { simple: true }));
}
