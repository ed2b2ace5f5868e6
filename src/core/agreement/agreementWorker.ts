// The entry point of an agreement helper thread (parallelAgreement.ts): opens a read-only
// connection of its own, counts the chunks of a project's documents it claims in one read
// transaction, and posts back what each added up (AgreementParts by chunk), or the error. It imports only what counting
// needs (no migrations, no zod), so the thread starts quickly.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload, WorkbenchError } from '../errors';
import type { Db } from '../store/types';
import { CANCEL_CELL, countClaimedChunks, documentsDone } from './addStoredDocuments';
import { prepareSettings } from './settings';
import type { AgreementWorkerData, AgreementWorkerMessage } from './parallelAgreement';

/** A read-only connection to the file the calling thread has open, with the same schema version. */
function openReadOnly(data: AgreementWorkerData): Db {
  const db = new Database(data.dbPath, {
    readonly: true,
    fileMustExist: true,
    timeout: data.busyTimeoutMs,
    ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
  });
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version !== data.schemaVersion) {
    db.close();
    throw new WorkbenchError('unsupported', `The database ${data.dbPath} has schema version ${version}; the agreement run expected ${data.schemaVersion}.`);
  }
  return db;
}

function main(): void {
  const data = workerData as AgreementWorkerData;
  const post = (message: AgreementWorkerMessage) => parentPort?.postMessage(message);
  const shared = new Int32Array(data.shared);
  let db: Db | undefined;
  try {
    db = openReadOnly(data);
    const connection = db;
    const parts = connection.transaction(() =>
      countClaimedChunks(connection, data.projectId, prepareSettings(data.settings), data.chunks, shared, data.cell, {
        total: data.total,
        control: { isCancelled: () => Atomics.load(shared, CANCEL_CELL) === 1 },
        allDone: () => documentsDone(shared),
      }),
    )();
    post({ type: 'done', parts });
  } catch (error) {
    const payload = toErrorPayload(error);
    post({ type: 'failed', error: { code: payload.code, message: payload.message } });
  } finally {
    db?.close();
  }
}

main();
