import type { BackupSummary, StorageStatus } from '../../shared/contract/methods/storage';

/** What a restore did, as the contract reports it. */
export type RestoreResult = { restored: BackupSummary; previous: { file: string; kind: 'before-restore' | 'damaged' } | null; status: StorageStatus };

/**
 * The storage operations a host provides to the services: status, backups and restore need the
 * database's path and the power to close and reopen it, which only the running host has.
 */
export type StorageControl = {
  status(): StorageStatus;
  reopen(): Promise<StorageStatus>;
  listBackups(): BackupSummary[];
  createBackup(): Promise<BackupSummary>;
  restore(file: string): Promise<RestoreResult>;
};
