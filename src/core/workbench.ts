import { randomUUID } from 'node:crypto';
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
  close: () => void;
};

/** Opens the database (migrating it), seeds the default project on first run, and wires services. */
export async function openWorkbench(dbPath: string, options: OpenDatabaseOptions & { logger?: Logger; storage?: StorageControl } = {}): Promise<Workbench> {
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
  const handlers = createHandlers(context);
  return { db, dbPath, context, handlers, dispatch: createDispatcher(handlers, logger), close: () => closeDatabase(db) };
}
