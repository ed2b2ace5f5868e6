import { randomUUID } from 'node:crypto';
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
};

type Running = { status: JobStatus; worker: Worker; cancelFlag: Int32Array; finished: Promise<JobStatus>; stop: () => void };

/**
 * Kinds whose worker is terminated at once on cancel rather than asked to stop at its next check.
 * They write nothing, so there is nothing to roll back; and a user's token pattern can backtrack
 * for minutes inside one match, where no check runs (JavaScript has no regular expression timeout).
 */
const TERMINATED_ON_CANCEL: ReadonlySet<JobStatus['kind']> = new Set(['agreement']);

const MAX_KEPT = 50;

/**
 * Runs long work (imports now; exports and bundles later) in worker threads, each with its own
 * database connection, so the host's event loop stays free to answer polls and the user's edits
 * never share a transaction with a job. Jobs are polled (`get`), cancelled through a shared flag
 * the worker checks between records, and kept (the last {@link MAX_KEPT}) for their results.
 */
export class JobManager {
  private readonly jobs = new Map<string, Running>();

  constructor(private readonly options: JobManagerOptions) {}

  /** Starts a job and answers with its first status at once. */
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
    const worker = this.spawn(data);
    const status: JobStatus = {
      id,
      kind: request.kind,
      state: 'running',
      phase: 'Starting',
      progress: { done: 0, total: 0, unit: 'bytes' },
      cancelRequested: false,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      result: null,
      error: null,
    };
    let stop: () => void = () => undefined;
    let terminating = false;
    const finished = new Promise<JobStatus>((resolve) => {
      const finish = (update: Partial<JobStatus>) => {
        if (status.state !== 'running') return;
        Object.assign(status, update, { finishedAt: new Date().toISOString() });
        resolve(status);
        this.options.onFinished?.(status);
        void worker.terminate();
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') {
          status.phase = message.phase;
          status.progress = { done: message.done, total: message.total, unit: message.unit };
        } else if (message.type === 'done') {
          const result = this.options.takeResult ? this.options.takeResult(id, message.result) : message.result;
          finish({ state: 'succeeded', phase: 'Done', result, progress: { ...status.progress, done: status.progress.total } });
        } else if (message.error.code === 'cancelled') {
          finish({ state: 'cancelled', phase: 'Cancelled' });
        } else {
          finish({ state: 'failed', phase: 'Failed', error: message.error });
        }
      });
      worker.on('error', (error) => {
        this.options.logger.error(`job ${id} crashed`, error);
        finish({ state: 'failed', phase: 'Failed', error: { code: 'internal', message: `The job stopped unexpectedly: ${error.message}` } });
      });
      worker.on('exit', (code) =>
        terminating
          ? finish({ state: 'cancelled', phase: 'Cancelled' })
          : finish({ state: 'failed', phase: 'Failed', error: { code: 'internal', message: `The job's worker exited (code ${code}) before finishing.` } }),
      );
      // Ends as cancelled once the worker has exited (its connection, and so its read snapshot, closed with it).
      stop = () => {
        terminating = true;
        void worker.terminate();
      };
    });
    this.jobs.set(id, { status, worker, cancelFlag: new Int32Array(cancelBuffer), finished, stop });
    this.prune();
    return { ...status };
  }

  /** A job's current status. */
  get(id: string): JobStatus {
    return { ...this.require(id).status };
  }

  /** Asks a job to stop; it rolls back and ends as `cancelled`. */
  cancel(id: string): JobStatus {
    const job = this.require(id);
    if (job.status.state === 'running') {
      Atomics.store(job.cancelFlag, 0, 1);
      job.status.cancelRequested = true;
      if (TERMINATED_ON_CANCEL.has(job.status.kind)) job.stop();
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

  private require(id: string): Running {
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
