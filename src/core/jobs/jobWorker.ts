// The entry point of a job's worker thread: opens its own connection to the database, runs the
// job, and posts progress and the outcome. The host never shares its connection with a job, so
// no other write can land inside a job's transaction and be lost by its rollback.
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../errors';
import { createLogger } from '../logger';
import { openJobConnection } from './openJobConnection';
import { runJob } from './jobRunners';
import type { WorkerData, WorkerMessage } from './jobTypes';

const PROGRESS_INTERVAL_MS = 100;

async function main(): Promise<void> {
  const data = workerData as WorkerData;
  const post = (message: WorkerMessage) => parentPort?.postMessage(message);
  const flag = new Int32Array(data.cancelFlag);
  let db;
  try {
    db = openJobConnection(data.dbPath, data.nativeBinding);
    const ctx = { db, logger: createLogger('job'), now: () => new Date().toISOString(), newId: randomUUID };
    let lastPost = 0;
    let lastPhase = '';
    const threads = { nativeBinding: data.nativeBinding, workerScript: data.agreementWorkerScript };
    const result = await runJob(
      ctx,
      data.request,
      {
        isCancelled: () => Atomics.load(flag, 0) === 1,
        progress: (update) => {
          const now = Date.now();
          if (now - lastPost < PROGRESS_INTERVAL_MS && update.phase === lastPhase) return;
          lastPost = now;
          lastPhase = update.phase;
          post({ type: 'progress', ...update });
        },
      },
      threads,
    );
    post({ type: 'done', result });
  } catch (error) {
    const payload = toErrorPayload(error);
    post({ type: 'failed', error: { code: payload.code, message: payload.message } });
  } finally {
    db?.close();
  }
}

void main();
