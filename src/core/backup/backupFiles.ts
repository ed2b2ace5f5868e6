import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * Why a backup was taken. `auto` and `before-restore` copies rotate; a `manual` copy is the user's
 * and is never deleted by the app; `damaged` is a byte-exact copy of a file that failed its checks,
 * kept for forensics and never deleted.
 */
export const BACKUP_KINDS = ['auto', 'manual', 'before-restore', 'before-migration', 'damaged'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** How many copies of each kind are kept (the newest ones); absent means all are kept. */
export const BACKUPS_KEPT: Partial<Record<BackupKind, number>> = { auto: 10, 'before-restore': 10, 'before-migration': 5 };

/** One backup file on disk. */
export type BackupFile = {
  path: string;
  /** The file name: what the UI and `awb restore` refer to (never a path, so no traversal). */
  file: string;
  kind: BackupKind;
  /** When it was taken (from its name), ISO-8601. */
  createdAt: string;
  sizeBytes: number;
};

/** The folder backups of a database live in: `backups/` beside it. */
export function defaultBackupDir(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

/** `workbench.2026-11-21T10-05-00-123Z.auto.sqlite`: sorts by time, names the kind, and is safe on every OS. */
export function backupFileName(dbPath: string, kind: BackupKind, at: Date): string {
  return `${stem(dbPath)}.${at.toISOString().replace(/[:.]/g, '-')}.${kind}.sqlite`;
}

const NAME = /^(.+)\.(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)\.([a-z-]+)\.sqlite$/;

/** The parts of a backup file name, or null for anything else (partial files, other databases' copies). */
export function parseBackupFileName(file: string): { stem: string; createdAt: string; kind: BackupKind } | null {
  const match = NAME.exec(file);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  const kind = BACKUP_KINDS.find((candidate) => candidate === match[3]);
  if (!kind) return null;
  const [date, time] = match[2].split('T');
  const [h, m, s, ms] = (time ?? '').replace('Z', '').split('-');
  return { stem: match[1], createdAt: `${date}T${h}:${m}:${s}.${ms}Z`, kind };
}

/** The backups of one database in a folder, newest first. Partial and foreign files are ignored. */
export function listBackupFiles(dbPath: string, dir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const own = stem(dbPath);
  return names
    .flatMap((file) => {
      const parsed = parseBackupFileName(file);
      if (!parsed || parsed.stem !== own) return [];
      const path = join(dir, file);
      try {
        return [{ path, file, kind: parsed.kind, createdAt: parsed.createdAt, sizeBytes: statSync(path).size }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.file < b.file ? 1 : -1));
}

/** The database file name without its extension: `workbench` for `workbench.db`. */
function stem(dbPath: string): string {
  return basename(dbPath).replace(/\.[^.]*$/, '') || basename(dbPath);
}

/** SHA-256 of a file, to tell whether two backups hold the same bytes. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Flushes a file, or a folder's entries after a rename, to the disk. */
export function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch (error) {
    // Windows cannot open a folder for fsync; the rename is durable there once it returns.
    if ((error as NodeJS.ErrnoException).code !== 'EISDIR' && (error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
