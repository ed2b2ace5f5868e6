import { useState } from 'react';
import type { BackupSummary } from '../../../shared/contract/methods/storage';
import { call } from '../lib/api';
import { errorMessage } from '../lib/errorMessage';

const KIND_TEXT: Record<BackupSummary['kind'], string> = {
  auto: 'Automatic',
  manual: 'Made by you',
  'before-restore': 'Before a restore',
  'before-migration': 'Before an upgrade',
  damaged: 'Damaged file (kept)',
};

/** "3 Mar 2026, 14:05" in the annotator's locale. */
export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export type BackupListProps = {
  backups: BackupSummary[];
  /** The backup to mark as the one to restore (the last good one). */
  highlight?: string | null;
};

/**
 * The backups of this database, newest first, each restorable after a confirmation. A restore
 * backs up the current database first, then the window reloads on the restored one.
 */
export function BackupList({ backups, highlight }: BackupListProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const restore = async (file: string) => {
    setBusy(true);
    setError(null);
    try {
      await call('backups.restore', { file });
      window.location.reload();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
      setConfirming(null);
    }
  };

  if (backups.length === 0) return <p className="awb-muted">No backups yet.</p>;
  return (
    <>
      {error && (
        <p role="alert" className="awb-error">
          {error}
        </p>
      )}
      <table className="awb-backups">
        <thead>
          <tr>
            <th scope="col">Taken</th>
            <th scope="col">Kind</th>
            <th scope="col">Size</th>
            <th scope="col">
              <span className="awb-visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {backups.map((backup) => (
            <tr key={backup.file} className={backup.file === highlight ? 'is-highlighted' : undefined} title={backup.file}>
              <td>
                {formatWhen(backup.createdAt)}
                {backup.file === highlight && <span className="awb-tag">last good</span>}
              </td>
              <td>{KIND_TEXT[backup.kind]}</td>
              <td>{formatSize(backup.sizeBytes)}</td>
              <td>
                {backup.kind === 'damaged' ? null : confirming === backup.file ? (
                  <span className="awb-confirm">
                    <button type="button" className="awb-primary" disabled={busy} autoFocus onClick={() => void restore(backup.file)}>
                      {busy ? 'Restoring…' : 'Yes, restore'}
                    </button>
                    <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button type="button" onClick={() => setConfirming(backup.file)} aria-label={`Restore the backup of ${formatWhen(backup.createdAt)}`}>
                    Restore…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirming && <p className="awb-muted">The database as it is now is backed up first, so nothing is lost.</p>}
    </>
  );
}
