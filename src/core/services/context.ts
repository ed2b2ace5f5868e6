import type { Logger } from '../logger';
import type { Db } from '../store/types';
import type { StorageControl } from './storageControl';

/** What every service needs: the database and the sources of time and ids (replaceable in tests). */
export type ServiceContext = {
  db: Db;
  logger: Logger;
  now: () => string;
  newId: () => string;
  /** Backups and restore, when a running host (startWorkbench) provides them. */
  storage?: StorageControl;
};
