import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { Timestamp } from '../schemas';

/** A backup as the window and `awb` show it; `file` is its name in the backup folder, never a path. */
export const BackupSummary = z.object({
  file: z.string(),
  kind: z.enum(['auto', 'manual', 'before-restore', 'before-migration', 'damaged']),
  createdAt: Timestamp,
  sizeBytes: z.number().int().nonnegative(),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

/** Why the database cannot be used (or only read), in words a user can act on. */
export const StorageProblem = z.object({
  kind: z.enum(['damaged', 'newer_version', 'locked', 'read_only', 'storage_full', 'cannot_open']),
  message: z.string(),
});
export type StorageProblem = z.infer<typeof StorageProblem>;

export const StorageStatus = z.object({
  /** ready: reads and writes work; read_only: reads work, changes are refused; unavailable: the database is not open. */
  state: z.enum(['ready', 'read_only', 'unavailable']),
  problem: StorageProblem.nullable(),
  databasePath: z.string(),
  backupFolder: z.string(),
  lastBackup: BackupSummary.nullable(),
  lastBackupError: z.string().nullable(),
  /** When the database is unavailable: the newest backup that passes its integrity check. */
  lastGoodBackup: BackupSummary.nullable(),
});
export type StorageStatus = z.infer<typeof StorageStatus>;

/** A backup's file name: letters, digits, dots, dashes and underscores only, so it can never be a path. */
const BackupFileName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.sqlite$/, 'must be the name of a backup file as listed');

export const storageMethods = {
  'storage.status': defineMethod({
    description: 'Whether the database can be read and written, what is wrong when it cannot, and the latest backups.',
    input: z.strictObject({}),
    output: StorageStatus,
  }),
  'storage.reopen': defineMethod({
    description: 'Tries again to open the database (after another program released it or disk space was freed).',
    input: z.strictObject({}),
    output: StorageStatus,
  }),
  'backups.list': defineMethod({
    description: "This database's backups, newest first.",
    input: z.strictObject({}),
    output: z.array(BackupSummary),
  }),
  'backups.create': defineMethod({
    description: 'Takes a verified backup now (kept until you delete it).',
    input: z.strictObject({}),
    output: BackupSummary,
  }),
  'backups.restore': defineMethod({
    description: 'Replaces the database with a backup, after first backing up the current file; the window reloads afterwards.',
    input: z.strictObject({ file: BackupFileName }),
    output: z.object({
      restored: BackupSummary,
      /** Where the database as it was before is kept: its backup, or a byte copy when it was damaged. */
      previous: z.object({ file: z.string(), kind: z.enum(['before-restore', 'damaged']) }).nullable(),
      status: StorageStatus,
    }),
  }),
};
