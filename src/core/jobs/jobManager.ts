import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { JobResult, JobStatus } from '../../shared/contract/methods/jobs';
import { WorkbenchError } from '../errors';
import type { Logger } from '../logger';
import type { JobRequest, WorkerData, WorkerMessage } from './jobTypes';
import { spawnWorker } from './spawnWorker';

export type JobManagerOptions = {
  dbPath: string;
  logger: Logger;
  /** The better-sqlite3 binary for this runtime (Electron passes its own). */
  nativeBinding?: string | undefined;
  /** A built worker script (the Electron bundle's); by default the TypeScript source runs through tsx. */
  workerScript?: string | undefined;
  /** The built agreement helper thread a job's worker starts (agreementWorker.js); by default its TypeScript source. */
  agreementWorkerScript?: string | undefined;
  /** Called when a job ends, whatever its state. */
  onFinished?: (status: JobStatus) => void;
  /** Called with a job's result as it arrives; what it returns is what polls see (agreement keeps its rows aside here). */
  takeResult?: (jobId: string, result: JobResult) => JobResult;
  /** How many jobs run at once; later ones wait their turn (default: one per core). */
  maxRunning?: number;
};

/**
 * A kept job. `launch` is set while it waits for a free slot (its worker does not exist yet);
 * `stop` ends it at once: a waiting job is taken out of the queue, a running one's worker terminated.
 */
type Job = { status: JobStatus; cancelFlag: Int32Array; finished: Promise<JobStatus>; stop: () => void; launch: (() => void) | null };

/**
 * Kinds whose worker is terminated at once on cancel rather than asked to stop at its next check.
 * They write nothing, so there is nothing to roll back; and a user's token pattern can backtrack
 * for minutes inside one match, where no check runs (JavaScript has no regular expression timeout).
 */
const TERMINATED_ON_CANCEL: ReadonlySet<JobStatus['kind']> = new Set(['agreement']);

const MAX_KEPT = 50;

/** What a job waiting for a free slot shows as its phase. */
export const WAITING_PHASE = 'Waiting for another job to finish';

/**
 * Runs long work (imports, exports, agreement, bundles, suggestions) in worker threads, each with
 * its own database connection, so the host's event loop stays free to answer polls and the user's
 * edits never share a transaction with a job. At most `maxRunning` run at once (one per core by
 * default): each worker holds a connection, its own heap and a core, so a burst of starts (an
 * export clicked ten times) waits in line instead of starving the others and the user's edits.
 * A waiting job is already accepted and shown as running with {@link WAITING_PHASE}. Jobs are
 * polled (`get`), cancelled through a shared flag the worker checks between records, and kept
 * (the last {@link MAX_KEPT}) for their results.
 */
export class JobManager {
  private readonly jobs = new Map<string, Job>();
  /** Accepted jobs waiting for a slot, oldest first. */
  private readonly waiting: Job[] = [];
  private readonly maxRunning: number;

  constructor(private readonly options: JobManagerOptions) {
    this.maxRunning = options.maxRunning ?? Math.max(1, availableParallelism());
    if (!Number.isInteger(this.maxRunning) || this.maxRunning < 1) throw new RangeError(`maxRunning must be a positive integer, not ${this.maxRunning}`);
  }

  /** Accepts a job and answers with its first status at once; it starts now, or when a running job ends. */
  start(request: JobRequest): JobStatus {
    const id = randomUUID();
    const cancelBuffer = new SharedArrayBuffer(4);
    const data: WorkerData = {
      request,
      dbPath: this.options.dbPath,
      nativeBinding: this.options.nativeBinding,
      agreementWorkerScript: this.options.agreementWorkerScript,
      cancelFlag: cancelBuffer,
    };
    const status: JobStatus = {
      id,
      kind: request.kind,
      state: 'running',
      phase: WAITING_PHASE,
      progress: { done: 0, total: 0, unit: 'bytes' },
      cancelRequested: false,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      result: null,
      error: null,
    };
    let finish: (update: Partial<JobStatus>) => void = () => undefined;
    const finished = new Promise<JobStatus>((resolve) => {
      finish = (update) => {
        if (status.state !== 'running') return;
        Object.assign(status, update, { finishedAt: new Date().toISOString() });
        resolve(status);
        this.options.onFinished?.(status);
        this.launchWaiting();
      };
    });
    const job: Job = {
      status,
      cancelFlag: new Int32Array(cancelBuffer),
      finished,
      // Until it is launched, stopping a job just takes it out of the line.
      stop: () => {
        const at = this.waiting.indexOf(job);
        if (at >= 0) this.waiting.splice(at, 1);
        finish({ state: 'cancelled', phase: 'Cancelled' });
      },
      launch: () => {
        job.launch = null;
        status.phase = 'Starting';
        try {
          this.run(job, this.spawn(data), finish);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          finish({ state: 'failed', phase: 'Failed', error: { code: 'internal', message: `The job could not start: ${message}` } });
        }
      },
    };
    this.jobs.set(id, job);
    this.waiting.push(job);
    this.launchWaiting();
    this.prune();
    return { ...status };
  }

  /** Wires a launched job's worker to its status. */
  private run(job: Job, worker: Worker, finish: (update: Partial<JobStatus>) => void): void {
    const { status } = job;
    const id = status.id;
    let terminating = false;
    const end = (update: Partial<JobStatus>) => {
      finish(update);
      void worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        status.phase = message.phase;
        status.progress = { done: message.done, total: message.total, unit: message.unit };
      } else if (message.type === 'done') {
        const result = this.options.takeResult ? this.options.takeResult(id, message.result) : message.result;
        end({ state: 'succeeded', phase: 'Done', result, progress: { ...status.progress, done: status.progress.total } });
      } else if (message.error.code === 'cancelled') {
        end({ state: 'cancelled', phase: 'Cancelled' });
      } else {
        end({ state: 'failed', phase: 'Failed', error: message.error });
      }
    });
    worker.on('error', (error) => {
      this.options.logger.error(`job ${id} crashed`, error);
      end({ state: 'failed', phase: 'Failed', error: { code: 'internal', message: `The job stopped unexpectedly: ${error.message}` } });
    });
    worker.on('exit', (code) =>
      terminating
        ? end({ state: 'cancelled', phase: 'Cancelled' })
        : end({ state: 'failed', phase: 'Failed', error: { code: 'internal', message: `The job's worker exited (code ${code}) before finishing.` } }),
    );
    // Ends as cancelled once the worker has exited (its connection, and so its read snapshot, closed with it).
    job.stop = () => {
      terminating = true;
      void worker.terminate();
    };
  }

  /** Launches waiting jobs, oldest first, while slots are free. */
  private launchWaiting(): void {
    const running = () => [...this.jobs.values()].filter((job) => job.status.state === 'running' && job.launch === null).length;
    while (this.waiting.length > 0 && running() < this.maxRunning) this.waiting.shift()?.launch?.();
  }

  /** A job's current status. */
  get(id: string): JobStatus {
    return { ...this.require(id).status };
  }

  /** Asks a job to stop; it rolls back and ends as `cancelled` (at once if it was still waiting). */
  cancel(id: string): JobStatus {
    const job = this.require(id);
    if (job.status.state === 'running') {
      Atomics.store(job.cancelFlag, 0, 1);
      job.status.cancelRequested = true;
      if (job.launch !== null || TERMINATED_ON_CANCEL.has(job.status.kind)) job.stop();
    }
    return { ...job.status };
  }

  /** Resolves when the job has ended (for the CLI and tests). */
  wait(id: string): Promise<JobStatus> {
    return this.require(id).finished.then((status) => ({ ...status }));
  }

  /** Every kept job, newest first. */
  list(): JobStatus[] {
    return [...this.jobs.values()].map((job) => ({ ...job.status })).reverse();
  }

  /** Cancels running jobs and waits for them to roll back (host shutdown). */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((job) => job.status.state === 'running');
    for (const job of running) this.cancel(job.status.id);
    await Promise.all(running.map((job) => job.finished));
  }

  private require(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new WorkbenchError('not_found', `No job with id ${id} (jobs are kept until the app restarts).`);
    return job;
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, job]) => job.status.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, this.jobs.size - MAX_KEPT))) this.jobs.delete(id);
  }

  private spawn(data: WorkerData): Worker {
    return spawnWorker({ dir: import.meta.dirname, name: 'jobWorker', script: this.options.workerScript }, data);
  }
}
