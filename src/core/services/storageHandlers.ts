import { WorkbenchError } from '../errors';
import type { Handlers } from './handlerTypes';
import type { StorageControl } from './storageControl';

type StorageMethods = 'storage.status' | 'storage.reopen' | 'backups.list' | 'backups.create' | 'backups.restore';

/**
 * Storage status, backups and restore. They need a running host (startWorkbench); a bare
 * database opened by a command or a test has none, and says so.
 */
export function storageHandlers(control: StorageControl | undefined): Pick<Handlers, StorageMethods> {
  const need = (): StorageControl => {
    if (!control) throw new WorkbenchError('unsupported', 'Backups and restore are managed by the app or by "awb backup" and "awb restore".');
    return control;
  };
  return {
    'storage.status': () => need().status(),
    'storage.reopen': () => need().reopen(),
    'backups.list': () => need().listBackups(),
    'backups.create': () => need().createBackup(),
    'backups.restore': ({ file }) => need().restore(file),
  };
}
