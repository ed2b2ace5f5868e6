import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { FileHandleRegistry } from './files/fileHandles';
import { AgreementRuns } from './agreement/agreementRuns';
import { JobManager } from './jobs/jobManager';
import { createLogger, type Logger } from './logger';
import type { ServiceContext } from './services/context';
import { createDispatcher, type Dispatch } from './services/dispatch';
import { ensureDefaultProject } from './services/firstRun';
import { createHandlers } from './services/handlers';
import type { Handlers } from './services/handlerTypes';
import type { StorageControl } from './services/storageControl';
import { closeDatabase, openDatabase, type OpenDatabaseOptions } from './store/openDatabase';
import type { Db } from './store/types';

/** An open database with its services: what every host (Electron, HTTP, CLI) runs on. */
export type Workbench = {
  db: Db;
  dbPath: string;
  context: ServiceContext;
  handlers: Handlers;
  dispatch: Dispatch;
  /** Background jobs (imports), each in a worker thread with its own connection. */
  jobs: JobManager;
  /** Files the user chose or uploaded, behind opaque handles. */
  files: FileHandleRegistry;
  /** Finished agreement jobs with every per-document row (polls see the first rows only). */
  agreementRuns: AgreementRuns;
  /** Asks running jobs to cancel (they roll back), deletes uploads, closes the database. */
  close: () => void;
  /** Like close, but waits for running jobs to finish rolling back first. */
  shutdown: () => Promise<void>;
};

/** Opens the database (migrating it), seeds the default project on first run, and wires services. */
export async function openWorkbench(
  dbPath: string,
  options: OpenDatabaseOptions & {
    logger?: Logger;
    storage?: StorageControl;
    /** A built job worker script (the Electron bundle's). */
    jobWorkerScript?: string | undefined;
    /** The built agreement helper thread script (the Electron bundle's agreementWorker.js). */
    agreementWorkerScript?: string | undefined;
    /** A registry the host owns and keeps across reopenings; otherwise the workbench owns one. */
    files?: FileHandleRegistry;
  } = {},
): Promise<Workbench> {
  const logger = options.logger ?? createLogger('workbench');
  const db = await openDatabase(dbPath, { ...options, logger });
  const context: ServiceContext = {
    db,
    logger,
    now: () => new Date().toISOString(),
    newId: randomUUID,
    ...(options.storage ? { storage: options.storage } : {}),
  };
  try {
    ensureDefaultProject(context);
  } catch (error) {
    closeDatabase(db);
    throw error;
  }
  const ownsFiles = options.files === undefined;
  const files = options.files ?? new FileHandleRegistry();
  const agreementRuns = new AgreementRuns();
  const jobs = new JobManager({
    dbPath,
    takeResult: (jobId, result) => (result.kind === 'agreement' ? agreementRuns.keep(jobId, result) : result),
    logger,
    nativeBinding: options.nativeBinding,
    workerScript: options.jobWorkerScript,
    agreementWorkerScript: options.agreementWorkerScript,
  });
  // Exports without a chosen folder go beside the database (docs/architecture.md, "Export").
  const handlers = createHandlers(context, { files, jobs, exportsDir: join(dirname(dbPath), 'exports'), agreementRuns });
  const close = () => {
    void jobs.close();
    if (ownsFiles) files.close();
    closeDatabase(db);
  };
  const shutdown = async () => {
    await jobs.close();
    close();
  };
  return { db, dbPath, context, handlers, dispatch: createDispatcher(handlers, logger), jobs, files, agreementRuns, close, shutdown };
}
